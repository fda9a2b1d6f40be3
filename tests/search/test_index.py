"""The search index beside the store: sync by watermark, crash safety, re-indexed clusters,
rebuilds, and the FTS5 fallback while the index is behind.  Small stores (the seed article's
paragraphs); the expected sets come from SQL over the store, never from the index."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import akhbar
from akhbar.cli import app
from akhbar.pipeline import IngestOptions, PrepareConfig, ingest
from akhbar.search import Archive, SearchConfig
from akhbar.search.index import FORMAT, index_path, open_index, sync
from akhbar.store import Store
from tests.helpers import copy_db

from .conftest import build, seed_paragraphs

ROOT = Path(__file__).resolve().parents[2]


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def paragraphs_as_articles(prefix: str, paras: list[str]) -> list[dict[str, str]]:
    return [{"id": f"{prefix}{i}", "source": "seed", "text": p} for i, p in enumerate(paras)]


def add(db: Path, path: Path) -> None:
    with Store.open(db) as store:
        ingest([str(path)], store, IngestOptions(workers=1, sync_index=False))


def count(db: Path, sql: str = "SELECT count(*) FROM articles") -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(sql).fetchone()[0])


def hits(db: Path, query: str, **config: bool) -> list[tuple[str, int]]:
    with Archive.open(db, SearchConfig(**config)) as archive:
        result = archive.search(query, limit=50, facets=False, snippets=False)
    return [(h.id, h.similar) for h in result.hits]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The seed's first eight paragraphs as articles, no index yet."""
    src = write_jsonl(tmp_path / "a.jsonl", paragraphs_as_articles("p", seed_paragraphs()[:8]))
    return build(tmp_path / "s.db", [src], index=False)


def test_first_sync_builds_then_nothing_is_left_to_do(store: Path) -> None:
    n = count(store)
    assert n >= 6
    first = sync(store)
    assert (first.added, first.documents, first.watermark) == (n, n, n)
    assert (first.rebuilt, first.reason) == (True, "no index yet")
    again = sync(store)
    assert (again.added, again.updated, again.documents, again.rebuilt) == (0, 0, n, False)
    assert (index_path(store) / "CURRENT").read_text().strip() == Path(first.path).name


def test_search_falls_back_to_fts5_until_the_index_catches_up(store: Path, tmp_path: Path) -> None:
    sync(store)
    before = count(store)
    more = write_jsonl(tmp_path / "b.jsonl", paragraphs_as_articles("q", seed_paragraphs()[8:]))
    add(store, more)
    with akhbar.open(store) as archive:
        behind = archive.search("روس", limit=50, facets=False)
        assert archive.backend == "fts5"
        assert "not current" in archive.index_status
        stats = sync(store)  # while the archive is open
        assert (stats.added, stats.watermark) == (count(store) - before, count(store))
        caught_up = archive.search("روس", limit=50, facets=False)
        assert (archive.backend, archive.index_status) == ("index", "")
    # The newest articles are found either way; only the ranking engine differs.
    assert {h.id for h in caught_up.hits} == {h.id for h in behind.hits}
    assert any(h.id.startswith("q") for h in caught_up.hits)


KILL = """
import os, sys
from akhbar.search.index import sync

def progress(n):
    if n >= int(sys.argv[2]):
        os._exit(9)  # like kill -9: no cleanup, no final commit

sync(sys.argv[1], commit_every=4, batch_size=2, progress=progress)
"""


def killed_sync(db: Path, after: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", KILL, str(db), str(after)], env=env, check=False, timeout=300
    )
    assert done.returncode == 9


def test_a_killed_first_sync_resumes(store: Path, tmp_path: Path) -> None:
    n = count(store)
    killed_sync(store, after=6)  # committed 4 documents, then died with 2 more in memory
    assert open_index(store) is None  # no generation is current yet
    with akhbar.open(store) as archive:
        archive.search("روس")
        assert archive.backend == "fts5"
    resumed = sync(store)
    assert resumed.reason == "finishing an interrupted rebuild"
    assert (resumed.added, resumed.documents, resumed.watermark) == (n - 4, n, n)
    fresh = copy_db(store, tmp_path / "fresh.db")
    sync(fresh)
    assert hits(store, "روس ایران") == hits(fresh, "روس ایران")
    assert [p.name for p in index_path(store).glob("gen-*")] == [Path(resumed.path).name]


def test_a_killed_incremental_sync_keeps_the_last_commit(store: Path, tmp_path: Path) -> None:
    sync(store)
    before = count(store)
    more = write_jsonl(tmp_path / "b.jsonl", paragraphs_as_articles("q", seed_paragraphs()[8:]))
    add(store, more)
    n = count(store)
    assert n - before >= 6
    killed_sync(store, after=6)
    index = open_index(store)
    assert index is not None
    assert index.watermark == before + 4  # the commit after four new documents
    with akhbar.open(store) as archive:
        archive.search("روس")
        assert archive.backend == "fts5"  # behind the store: not used
    finished = sync(store)
    assert (finished.added, finished.documents, finished.rebuilt) == (n - before - 4, n, False)
    fresh = copy_db(store, tmp_path / "fresh.db")
    sync(fresh)
    assert hits(store, "روس ایران") == hits(fresh, "روس ایران")


def test_articles_whose_cluster_changed_are_reindexed(store: Path) -> None:
    sync(store)
    with sqlite3.connect(store) as conn:
        a, b = (r[0] for r in conn.execute("SELECT id FROM articles ORDER BY seq LIMIT 2"))
    query = "روس OR ایران OR کہا"
    assert {(a, 0), (b, 0)} <= set(hits(store, query))
    with Store.open(store) as s:
        s.set_cluster(a, "c1")
        s.set_cluster(b, "c1")
    stats = sync(store)
    assert (stats.added, stats.updated) == (0, 2)
    got = hits(store, query)
    assert [x for x in got if x[0] in (a, b)] in ([(a, 1)], [(b, 1)])
    assert len(got) == len(hits(store, query, use_index=False)) == count(store) - 1
    with Store.open(store) as s:
        s.set_cluster(b, None)
    assert sync(store).updated == 1  # b left the cluster; a stays in it, alone
    assert {(a, 0), (b, 0)} <= set(hits(store, query))


def test_an_index_of_another_store_is_not_used_and_is_rebuilt(store: Path, tmp_path: Path) -> None:
    sync(store)
    other_src = write_jsonl(
        tmp_path / "o.jsonl", paragraphs_as_articles("o", seed_paragraphs()[:8])
    )
    other = build(tmp_path / "o.db", [other_src], index=False)
    assert count(other) == count(store)
    shutil.copytree(index_path(store), index_path(other))  # same size, other articles
    with akhbar.open(other) as archive:
        archive.search("روس")
        assert archive.backend == "fts5"
    stats = sync(other)
    assert (stats.rebuilt, stats.reason) == (True, "the index was built from another store")
    assert {i for i, _ in hits(other, "روس")} <= {f"o{i}" for i in range(8)}


def test_rebuild_switches_generations_under_an_open_archive(store: Path) -> None:
    first = sync(store)
    with akhbar.open(store) as archive:
        before = archive.search("روس", limit=50, facets=True)
        second = sync(store, rebuild=True)
        assert second.rebuilt
        assert second.path != first.path
        assert not Path(first.path).exists()
        after = archive.search("روس", limit=50, facets=True)
        assert archive.backend == "index"
    assert [h.id for h in after.hits] == [h.id for h in before.hits]
    assert (after.total, after.facets) == (before.total, before.facets)


def test_another_format_is_rebuilt(store: Path) -> None:
    first = sync(store)
    meta = Path(first.path) / "akhbar-index.json"
    meta.write_text(json.dumps({"format": FORMAT + 100}), encoding="utf-8")
    assert open_index(store) is None
    stats = sync(store)
    assert stats.rebuilt
    assert stats.reason.startswith("index format changed")


def test_cli_index(store: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["index", "--db", str(store)])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("index rebuilt (no index yet):")
    again = runner.invoke(app, ["index", "--db", str(store), "--json"])
    assert again.exit_code == 0
    data = json.loads(again.output)
    assert (data["added"], data["documents"]) == (0, count(store))
    missing = runner.invoke(app, ["index", "--db", str(store.with_name("none.db"))])
    assert missing.exit_code == 2
    assert "no akhbar store" in missing.output


# ---- the index an ingest leaves -----------------------------------------------------------


def index_view(db: Path) -> dict[str, object]:
    """What the index holds, read back without its own code: per article (by ``seq``) the fast
    fields; per analyzer term (and adjacent pair) of the store the articles whose text fields
    hold it, and its document frequency (which counts deleted copies of re-indexed documents
    until tantivy merges them: BM25 sees it, so an index must not differ there either)."""
    import tantivy

    from akhbar.search.index import PAIR_JOIN

    index = open_index(db)
    assert index is not None
    searcher, schema = index.searcher, index.schema

    def seqs(query: tantivy.Query) -> list[int]:
        found = searcher.search(query, 1000, count=False).hits
        return sorted(int(s) for s in searcher.fast_field_values("seq", [a for _, a in found]))

    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT seq, analyzed_title, analyzed_body FROM articles").fetchall()
    fast = {}
    for seq, _, _ in rows:
        found = searcher.search(tantivy.Query.term_query(schema, "seq", seq), 2, count=False).hits
        assert len(found) == 1, seq  # one live document per article
        addr = [found[0][1]]
        fast[seq] = tuple(
            searcher.fast_field_values(name, addr)[0]
            for name in ("idh", "cluster", "recency", "month")
        )
    words = {w for _, title, body in rows for w in f"{title} {body}".split()}
    pairs = {a + PAIR_JOIN + b for _, _, body in rows for a, b in pairwise(body.split())}
    fields = (("title", words), ("body", words), ("lead", words), ("head", words))
    holding = {
        (field, w): (seqs(tantivy.Query.term_query(schema, field, w)), searcher.doc_freq(field, w))
        for field, terms in (*fields, ("pairs", pairs), ("shingles", pairs))
        for w in sorted(terms)
    }
    return {"docs": searcher.num_docs, "watermark": index.watermark, "fast": fast, "terms": holding}


def test_an_ingest_leaves_the_index_a_sync_of_its_store_builds(tmp_path: Path) -> None:
    # An article clustered by a near-duplicate two batches later: its index document must
    # carry the cluster, and no deleted copy of it may linger in the term statistics (which
    # feeding the index batch by batch during the run would leave; see benchmarks/INGEST.md).
    paras = seed_paragraphs()
    text = "\n\n".join(paras[:8])
    rows = [
        {"id": "a", "source": "seed", "text": text},
        *paragraphs_as_articles("p", paras[8:12]),
        {"id": "b", "source": "copy", "text": text.replace("روس", "روسی", 1)},
        *paragraphs_as_articles("q", paras[12:]),
    ]
    src = write_jsonl(tmp_path / "a.jsonl", rows)
    db = tmp_path / "s.db"
    with Store.open(db) as s:
        summary = ingest([str(src)], s, IngestOptions(workers=1, batch_size=2))
        assert (summary.near_duplicates, summary.index_error) == (1, None)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT cluster_id FROM articles WHERE id = 'a'").fetchone() == ("a",)
    fresh = copy_db(db, tmp_path / "fresh.db")
    sync(fresh)
    view = index_view(db)
    assert view == index_view(fresh)
    assert view["watermark"] == view["docs"] == count(db)
    assert ("a", 1) in hits(db, "روس ایران")  # a and b collapsed: the cluster is indexed
    # Ingesting again adds nothing to the store nor to the index.
    with Store.open(db) as s:
        again = ingest([str(src)], s, IngestOptions(workers=1, batch_size=2))
        assert (again.stored, again.index_error) == (0, None)
    assert index_view(db) == view


def test_an_interrupted_ingest_leaves_the_index_to_the_next_one(tmp_path: Path) -> None:
    paras = seed_paragraphs()
    src = write_jsonl(tmp_path / "a.jsonl", paragraphs_as_articles("p", paras))
    db = tmp_path / "s.db"
    calls = 0

    def stop_after_two_batches(_summary: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt

    options = IngestOptions(workers=1, batch_size=2)
    with Store.open(db) as s, pytest.raises(KeyboardInterrupt):
        ingest([str(src)], s, options, progress=stop_after_two_batches)
    assert 0 < count(db) < len(paras)
    assert open_index(db) is None
    with Store.open(db) as s:
        assert ingest([str(src)], s, options).index_error is None
    fresh = copy_db(db, tmp_path / "fresh.db")
    sync(fresh)
    assert index_view(db) == index_view(fresh)


# ---- span workers -------------------------------------------------------------------------


def stored_spans(db: Path) -> dict[int, bytes]:
    """Every indexed article's stored token spans, by ``seq``."""
    import tantivy

    index = open_index(db)
    assert index is not None
    searcher = index.searcher
    addrs = [a for _, a in searcher.search(tantivy.Query.all_query(), 1000, count=False).hits]
    seqs = searcher.fast_field_values("seq", addrs)
    pairs = zip(seqs, addrs, strict=True)
    return {int(s): bytes(searcher.doc(a).get_first("spans")) for s, a in pairs}


def test_span_workers_give_the_index_a_serial_sync_gives(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    import akhbar.search.index as idx

    serial = copy_db(store, tmp_path / "serial.db")
    monkeypatch.setattr(idx, "_span_workers", lambda: 0)
    sync(serial)
    tasks: list[int] = []

    class Counting(ProcessPoolExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            tasks.append(len(args[0]))
            return super().submit(fn, *args, **kwargs)

    # Two workers from the third article on, two rows a task: several tasks in flight.
    monkeypatch.setattr(idx, "_span_workers", lambda: 2)
    monkeypatch.setattr(idx, "PARALLEL_SPANS_MIN", 3)
    monkeypatch.setattr(idx, "_SPANS_TASK", 2)
    monkeypatch.setattr(idx, "ProcessPoolExecutor", Counting)
    stats = sync(store)
    assert stats.added == count(store)
    assert sum(tasks) == stats.added  # every article's spans came from a worker
    assert len(tasks) > 3
    spans = stored_spans(store)
    assert sorted(spans) == list(range(1, count(store) + 1))
    assert spans == stored_spans(serial)
    assert index_view(store) == index_view(serial)


def near_and_exact_copies(tmp_path: Path) -> Path:
    """The seed as one article, its paragraphs as others, a light rewrite of it (a
    near-duplicate, stored) and an exact copy under another id (a duplicate, not stored)."""
    paras = seed_paragraphs()
    text = "\n\n".join(paras[:8])
    rows = [
        {"id": "a", "source": "seed", "text": text},
        *paragraphs_as_articles("p", paras[8:]),
        {"id": "b", "source": "copy", "text": text.replace("روس", "روسی", 1)},
        {"id": "c", "source": "copy", "text": text},
    ]
    return write_jsonl(tmp_path / "a.jsonl", rows)


@pytest.mark.parametrize(("workers", "entities"), [(1, False), (2, False), (1, True)])
def test_an_ingest_hands_the_sync_the_spans_it_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, entities: bool
) -> None:
    import akhbar.search.index as idx

    db = tmp_path / "s.db"
    options = IngestOptions(
        workers=workers, batch_size=3, sync_index=False, prepare=PrepareConfig(entities=entities)
    )
    with Store.open(db) as s:
        summary = ingest([str(near_and_exact_copies(tmp_path))], s, options)
    assert (summary.near_duplicates, summary.duplicates) == (1, 1)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(f"{idx._ROW_SQL} ORDER BY seq").fetchall()
    # Kept: every stored article (the near-duplicate too), as the sync would encode its row.
    assert sorted(summary.spans) == sorted(r[1] for r in rows)
    assert all(summary.spans[r[1]] == idx._row_spans(r) for r in rows)
    assert summary.spans_bytes == sum(map(len, summary.spans.values()))
    fresh = copy_db(db, tmp_path / "fresh.db")
    sync(fresh)
    # The sync then encodes none of them (nor forks span workers), and builds the same index.
    encoded: list[str] = []
    real = idx._row_spans
    monkeypatch.setattr(idx, "_row_spans", lambda row: encoded.append(row[1]) or real(row))
    monkeypatch.setattr(idx, "PARALLEL_SPANS_MIN", 1)
    monkeypatch.setattr(idx, "_span_workers", lambda: 2)
    monkeypatch.setattr(idx, "ProcessPoolExecutor", None)  # would fail if a pool were made
    assert sync(db, spans=summary.spans).added == len(rows)
    assert encoded == []
    assert stored_spans(db) == stored_spans(fresh)
    assert index_view(db) == index_view(fresh)


def test_spans_the_ingest_did_not_keep_are_encoded_by_the_sync(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import akhbar.search.index as idx

    fresh = copy_db(store, tmp_path / "fresh.db")
    sync(fresh)
    with sqlite3.connect(store) as conn:
        rows = conn.execute(f"{idx._ROW_SQL} ORDER BY seq").fetchall()
    given = {r[1]: idx._row_spans(r) for r in rows[::2]}
    given["not-in-the-store"] = b"never read"
    encoded: list[str] = []
    real = idx._row_spans
    monkeypatch.setattr(idx, "_row_spans", lambda row: encoded.append(row[1]) or real(row))
    assert sync(store, spans=given).added == len(rows)
    assert encoded == [r[1] for r in rows[1::2]]
    assert stored_spans(store) == stored_spans(fresh)


def test_the_spans_an_ingest_keeps_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from akhbar.pipeline import local

    src = near_and_exact_copies(tmp_path)
    with Store.open(tmp_path / "all.db") as s:
        everything = ingest([str(src)], s, IngestOptions(workers=1, sync_index=False)).spans
    first = list(everything.values())
    bound = sum(map(len, first[:3])) + 1  # room for three, not four
    monkeypatch.setattr(local, "SPANS_KEEP_BYTES", bound)
    db = tmp_path / "s.db"
    with Store.open(db) as s:
        summary = ingest([str(src)], s, IngestOptions(workers=1, batch_size=2, sync_index=False))
    assert list(summary.spans.values()) == first[:3]
    assert (summary.spans_full, summary.spans_bytes) == (True, bound - 1)
    synced = tmp_path / "synced.db"  # the same ingest with its sync: three spans handed over
    with Store.open(synced) as s:
        done = ingest([str(src)], s, IngestOptions(workers=1, batch_size=2))
        assert (done.index_error, done.spans) == (None, {})
    sync(db)
    assert stored_spans(synced) == stored_spans(db)


def test_span_workers_are_not_forked_from_a_threaded_process() -> None:
    import threading

    from akhbar.search.index import _span_workers

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _span_workers() == 0
    finally:
        stop.set()
        thread.join()


SLOW_SPANS_SYNC = """
import sys, time
import akhbar.search.index as idx
idx.PARALLEL_SPANS_MIN, idx._SPANS_TASK = 1, 1
idx._span_workers = lambda: 2
def slow(rows):  # busy until the parent is killed
    time.sleep(60)
    return []
idx._rows_spans = slow
idx.sync(sys.argv[1])
"""


def test_a_killed_sync_leaves_no_span_workers(store: Path) -> None:
    from tests.pipeline.test_crash import alive, children

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", SLOW_SPANS_SYNC, str(store)], env=env)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
            workers = children(proc.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the sync forked no span workers"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(p) for p in workers):
            time.sleep(0.2)
        assert not [p for p in workers if alive(p)]
    finally:
        if proc.poll() is None:
            proc.kill()
