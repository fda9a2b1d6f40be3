"""The ingest pipeline end to end: real files → analyzed, deduplicated articles in the store."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from akhbar.cli import app
from akhbar.pipeline import IngestOptions, ingest
from akhbar.pipeline.prepare import PrepareConfig
from akhbar.store import Store

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "akhbar" / "demo" / "news"
NEWS = ROOT.parent / "shared" / "data" / "news"
OUTLETS = NEWS / "outlets-2024"
runner = CliRunner()


def _ingest(db: Path, paths: list[Path], **kw: object) -> dict[str, object]:
    with Store.open(db) as store:
        return ingest(paths, store, IngestOptions(**kw)).to_dict()  # type: ignore[arg-type]


def test_demo_sample_is_stored_analyzed_and_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    first = _ingest(db, [DEMO])
    # 1 seed + 500 Bend-the-Truth articles; a few of those are exact copies of each other.
    assert first["read"] == 501
    assert first["rejected"] == 0
    assert first["stored"] + first["near_duplicates"] + first["duplicates"] == 501
    assert 480 <= first["stored"] + first["near_duplicates"] <= 501
    with Store.open(db) as store:
        fp = store.fingerprint()
        seeds = [a for a in store.iter_articles() if a.raw_ref and a.raw_ref.endswith("seed.txt")]
        assert len(seeds) == 1
        seed = seeds[0]
        assert seed.published == datetime(
            2021, 4, 13, 19, 56, tzinfo=timezone(timedelta(hours=4.5))
        )
        assert seed.lang == "ur"
        assert seed.title is not None
        assert seed.title.startswith("ایران روس")
        assert len(seed.paragraphs) == 12
        # Sentences are (paragraph, start, end) spans into the original paragraphs.
        assert len(seed.sentences) >= 13
        for p, s, e in seed.sentences:
            assert seed.paragraphs[p][s:e].strip() == seed.paragraphs[p][s:e]
        # The FTS index holds analyzer terms: an Arabic-keyboard spelling finds the seed.
        assert seed.id in store.search_fts('"لاوروف"', limit=600)
        assert store.check() == []
    again = _ingest(db, [DEMO])
    assert (again["stored"], again["near_duplicates"], again["duplicates"]) == (0, 0, 501)
    with Store.open(db) as store:
        assert store.fingerprint() == fp


def test_result_does_not_depend_on_workers_or_batch_size(tmp_path: Path) -> None:
    paths = [OUTLETS / "geo_articles.csv", OUTLETS / "samaa_articles.csv"]
    _ingest(tmp_path / "a.db", paths, workers=1, batch_size=500)
    _ingest(tmp_path / "b.db", paths, workers=2, batch_size=37)
    with Store.open(tmp_path / "a.db") as a, Store.open(tmp_path / "b.db") as b:
        assert a.count() == b.count() > 1000
        assert a.fingerprint() == b.fingerprint()


def test_cross_outlet_near_duplicates_are_clustered(tmp_path: Path) -> None:
    db = tmp_path / "o.db"
    summary = _ingest(db, sorted(OUTLETS.glob("*.csv")), workers=2)
    assert summary["near_duplicates"] >= 5
    with Store.open(db) as store:
        clusters = store.clusters()
        assert clusters
        # At least one cluster joins articles from two different outlets.
        cross = 0
        for c in clusters:
            sources = {store.get(m).source for m in store.cluster_members(c.id)}  # type: ignore[union-attr]
            cross += len(sources) > 1
        assert cross >= 1
        # The canonical of every cluster is its earliest member.
        for c in clusters:
            assert store.cluster_members(c.id)[0] == c.canonical
        # Colliding row ids from different files are kept apart, not lost.
        assert store.count() == summary["stored"] + summary["near_duplicates"]


def test_bad_input_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEMO / "seed.txt", src / "seed.txt")
    (src / "empty.txt").write_text(" \u00a0\n", encoding="utf-8")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (src / "rows.csv").write_text(
        "id,title,content\n1,سرخی,پہلی خبر کا متن۔\n2,خالی,\n", encoding="utf-8"
    )
    (src / "broken.jsonl").write_text(
        '{"id": "j1", "text": "جے سن خبر"}\n{oops\n', encoding="utf-8"
    )
    db = tmp_path / "bad.db"
    result = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["stored"] == 3  # seed, csv row 1, jsonl line 1
    assert summary["rejected"] == 4
    reasons = " ".join(summary["rejected_by_reason"])
    assert "empty" in reasons
    assert "malformed JSON" in reasons
    with Store.open(db) as store:
        log = store.ingest_log()
        assert {e.status for e in log} == {"stored", "rejected"}
        assert any("broken.jsonl:line 2" in (e.ref or "") for e in log)
        # The id given in the input is the article id.
        assert store.get("j1") is not None


def test_a_folder_holding_the_store_is_read_without_the_store(tmp_path: Path) -> None:
    # `akhbar ingest .` in the news folder writes ./akhbar.db there: a second run read the
    # store's own files (the index's CURRENT file became an article, the rest rejections).
    src = tmp_path / "news"
    src.mkdir()
    shutil.copy(DEMO / "seed.txt", src / "seed.txt")
    (src / "rows.csv").write_text("id,title,content\n1,سرخی,پہلی خبر کا متن۔\n", encoding="utf-8")
    db = src / "akhbar.db"
    first = _ingest(db, [src], prepare=PrepareConfig(entities=False))
    assert (first["stored"], first["rejected"]) == (2, 0)
    assert (src / "akhbar.db.index").is_dir()  # the search index was synced into the folder
    (tmp_path / "link.db").symlink_to(db)
    again = _ingest(db, [src, tmp_path / "link.db"], prepare=PrepareConfig(entities=False))
    assert (again["stored"], again["duplicates"], again["rejected"]) == (0, 2, 0), again
    skipped = again["skipped"]
    assert isinstance(skipped, dict)
    assert skipped["the store's own file"] >= 3  # the database, its WAL and index folder
    with Store.open(db) as store:
        assert sorted(a.id for a in store.iter_articles())[0] == "1"
        assert sum(1 for _ in store.iter_articles()) == 2


def test_cli_ingest_errors_when_it_cannot_run(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "missing"), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 2
    assert "missing" in result.stderr
    result = runner.invoke(
        app, ["ingest", str(DEMO), "--db", str(tmp_path / "y.db"), "--map", "oops"]
    )
    assert result.exit_code == 2
    assert "field=column" in result.stderr


def test_cli_stats_show_and_parse(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert runner.invoke(app, ["ingest", str(DEMO / "seed.txt"), "--db", str(db)]).exit_code == 0
    stats = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)
    assert stats["articles"] == 1
    assert stats["languages"] == {"ur": 1}
    with Store.open(db) as store:
        aid = next(store.iter_articles()).id
    shown = json.loads(runner.invoke(app, ["show", aid, "--db", str(db), "--json"]).stdout)
    assert shown["published"] == "2021-04-13T19:56:00+04:30"
    assert shown["published_utc"] == "2021-04-13T15:26:00+00:00"
    assert runner.invoke(app, ["show", "nope", "--db", str(db)]).exit_code == 2
    parsed = json.loads(runner.invoke(app, ["parse", str(DEMO / "seed.txt"), "--json"]).stdout)
    assert len(parsed) == 1
    assert parsed[0]["published"] == "2021-04-13T19:56:00+04:30"
    assert parsed[0]["lang"] == "ur"
    assert parsed[0]["tags"] == []
    assert runner.invoke(app, ["stats", "--db", str(tmp_path / "none.db")]).exit_code == 2


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_round_trips(tmp_path: Path, fmt: str) -> None:
    db1, db2 = tmp_path / "one.db", tmp_path / "two.db"
    paths = [DEMO / "seed.txt", NEWS / "urdupoint-2023-sample.csv"]
    _ingest(db1, paths)
    out = tmp_path / f"export.{fmt}"
    result = runner.invoke(app, ["export", str(out), "--db", str(db1), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    _ingest(db2, [out])

    def view(db: Path) -> list[tuple[object, ...]]:
        with Store.open(db) as store:
            return [
                (
                    a.id,
                    a.url,
                    a.source,
                    a.title,
                    a.paragraphs,
                    a.published,
                    a.tags,
                    a.category,
                    a.author,
                    a.lang,
                    a.sentences,
                    a.cluster_id,
                )
                for a in store.iter_articles()
            ]

    first, second = view(db1), view(db2)
    assert len(first) == 400
    assert first == second
    # the dates keep the source's offset, not only the instant
    with Store.open(db1) as one, Store.open(db2) as two:
        assert [str(a.published) for a in one.iter_articles()] == [
            str(a.published) for a in two.iter_articles()
        ]
        _check_export(one, _read_export(out, fmt))


def _read_export(path: Path, fmt: str) -> list[dict[str, Any]]:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        assert str(table.schema.field("published_utc").type) == "timestamp[us, tz=UTC]"
        return table.to_pylist()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _check_export(store: Store, rows: list[dict[str, Any]]) -> None:
    """What a corpus builder reads in an export is what the store holds: the paragraphs (its
    text split at blank lines), the instant in UTC, sentences, quality flags, near-duplicates
    and entity mentions."""
    assert [r["id"] for r in rows] == [a.id for a in store.iter_articles()]
    by_id = {r["id"]: r for r in rows}
    mentions = 0
    for article in store.iter_articles():
        row = by_id[article.id]
        assert row["text"].split("\n\n") == list(article.paragraphs)  # (no paragraphs field)
        utc = row["published_utc"]
        if isinstance(utc, str):
            utc = datetime.fromisoformat(utc)
        assert utc == article.published
        assert utc is None or utc.utcoffset() == timedelta(0)
        assert row["raw_ref"] == article.raw_ref
        assert [(s["paragraph"], s["start"], s["end"]) for s in row["sentences"]] == list(
            article.sentences
        )
        assert tuple(row["flags"]) == store.flags(article.id)
        if row["duplicate_of"] is not None:  # a near-duplicate names its cluster's canonical
            canonical = by_id[row["duplicate_of"]]
            assert canonical["cluster_id"] == row["cluster_id"] is not None
            assert canonical["duplicate_of"] is None
        for m in row["mentions"]:
            mentions += 1
            assert article.paragraphs[m["paragraph"]][m["start"] : m["end"]] == m["text"]
            assert m["type"] in ("PERSON", "LOCATION", "ORGANIZATION")
            assert m["name"]
    clustered = [r for r in rows if r["cluster_id"] is not None]
    assert clustered
    canonicals = [r for r in clustered if r["duplicate_of"] is None]
    assert len(canonicals) == len({r["cluster_id"] for r in clustered})  # one a cluster
    assert mentions > 100


def test_library_ingest_brings_the_search_index_up_to_date(tmp_path: Path) -> None:
    from akhbar.search.index import index_path, open_index

    seed = DEMO / "seed.txt"
    first = tmp_path / "first.db"
    with Store.open(first) as store:
        summary = ingest([seed], store)
        assert (summary.status, summary.stored, summary.index_error) == ("completed", 1, None)
        last = store.connection.execute("SELECT max(seq) FROM articles").fetchone()[0]
        index = open_index(first)
        assert index is not None
        assert index.current(store.connection, last)
        assert index.searcher.num_docs == 1
    # Asked not to: no index is made (search falls back to FTS5).
    skipped = tmp_path / "skipped.db"
    with Store.open(skipped) as store:
        assert ingest([seed], store, IngestOptions(sync_index=False)).index_error is None
    assert open_index(skipped) is None
    assert not index_path(skipped).exists()
    # The index cannot be written: the run still completes, the summary says why.
    blocked = tmp_path / "blocked.db"
    index_path(blocked).write_text("not a folder")
    with Store.open(blocked) as store:
        summary = ingest([seed], store)
        assert (summary.status, summary.stored) == ("completed", 1)
        assert summary.index_error
        assert store.count() == 1


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [int(p["num_threads"]) for p in threadpool_info() if p.get("user_api") == "blas"]


def _worker_threads(matmul: bool) -> tuple[list[int], int, int]:
    """(BLAS thread limits, OS threads, Python threads) of this process, after a matrix
    product when ``matmul``: an OS thread that is no Python thread is BLAS's."""
    import os
    import threading

    import numpy as np

    if matmul:
        a = np.ones((64, 64))
        a @ a
    return _blas_threads(), len(os.listdir("/proc/self/task")), threading.active_count()


def _forked_worker(matmul: bool) -> tuple[list[int], int, int]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from akhbar.pipeline import local

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=local._worker_init) as pool:
        return pool.submit(_worker_threads, matmul).result(timeout=60)


def test_ingest_workers_with_entities_use_one_blas_thread() -> None:
    # Two workers on two cores, each with a multi-threaded BLAS under the NER scorer, ran entity
    # recognition ~3x slower: workers forked for entity recognition get one BLAS thread, set
    # before the fork, so that BLAS starts no thread in them (a started OpenBLAS thread
    # busy-waits ~0.1 s of CPU beside the analysis); the limit is lifted afterwards.
    from akhbar.pipeline import local

    before = _blas_threads()
    assert before, "numpy's BLAS not found by threadpoolctl"
    with local._workers_blas(True):
        limits, os_threads, py_threads = _forked_worker(matmul=True)
    assert set(limits) == {1}
    assert os_threads == py_threads  # no BLAS thread in the worker
    assert _blas_threads() == before


def test_ingest_workers_without_entities_start_no_blas_thread() -> None:
    # Without entities the analysis never calls BLAS: nothing is limited, and the worker's
    # initializer starts no BLAS thread (setting a limit in a forked worker started one, whose
    # busy wait cost ~0.1 s of CPU in every worker of every ingest).
    from akhbar.pipeline import local

    before = _blas_threads()
    with local._workers_blas(False):
        assert _blas_threads() == before
        limits, os_threads, py_threads = _forked_worker(matmul=False)
    assert os_threads == py_threads
    assert limits == before
