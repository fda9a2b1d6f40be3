"""The pipeline for real on a local Ray (two CPUs): the store equals the local engine's, a worker
killed mid-run loses and doubles nothing, bad shards are reported while the rest completes,
fsspec URLs are read, and the CLI says which extra to install when Ray is missing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from akhbar.article import Article, Rejected
from akhbar.cli import app
from akhbar.pipeline import IngestOptions, PrepareConfig, ingest, prepare_batch
from akhbar.scale.bulk import bulk_load, read_manifest
from akhbar.scale.chunks import MAX_ATTEMPTS
from akhbar.scale.pipeline import run_ray
from akhbar.search import open_archive
from akhbar.store import Store, StoreItem

from .conftest import OUTLETS, SEED

pytestmark = pytest.mark.usefixtures("ray_session")
runner = CliRunner()
Stage = Callable[[Sequence[Article | Rejected], PrepareConfig], list[StoreItem | Rejected]]


def _local(db: Path, paths: Sequence[str | Path], options: IngestOptions) -> dict[str, object]:
    with Store.open(db) as store:
        return ingest(list(paths), store, options).to_dict()


def _bulk(db: Path, parquet: Path) -> dict[str, object]:
    with Store.open(db) as store:
        return bulk_load(parquet, store).to_dict()


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [tuple(r) for r in conn.execute(sql)]


ARTICLES = (
    "SELECT id, original_id, url, source, title, paragraphs, published, tags, lang, raw_ref, "
    "sentences, flags, content_hash, analyzed_title, analyzed_body, signature FROM articles "
    "ORDER BY seq"
)
CLUSTERS = (
    "SELECT c.id, c.canonical, group_concat(a.id, '|') FROM clusters c "
    "JOIN (SELECT id, cluster_id FROM articles ORDER BY seq) a ON a.cluster_id = c.id "
    "GROUP BY c.id ORDER BY c.id"
)
ENTITIES = "SELECT id, type, name, key, english, wikidata, mention_count FROM entities ORDER BY id"
MENTIONS = (
    "SELECT a.id, m.paragraph, m.start, m.end, m.entity, m.text, m.type FROM mentions m "
    "JOIN articles a ON a.seq = m.article ORDER BY a.id, m.paragraph, m.start"
)
LOG = "SELECT ref, status, article_id, related_id, reason FROM ingest_log ORDER BY seq"


def _same_store(a: Path, b: Path) -> None:
    for sql in (ARTICLES, CLUSTERS, ENTITIES, MENTIONS, LOG):
        assert _rows(a, sql) == _rows(b, sql), sql
    with Store.open(a) as sa, Store.open(b) as sb:
        assert sa.fingerprint() == sb.fingerprint()
        assert sb.check() == []  # (its FTS integrity check needs write access)


def test_ray_store_equals_the_local_engines_store(tmp_path: Path, rewrites: Path) -> None:
    # Geo and Samaa share near-duplicate stories (Jaccard up to 0.98, different headlines).
    paths = [OUTLETS / "geo_articles.csv", OUTLETS / "samaa_articles.csv", rewrites, SEED]
    options = IngestOptions(batch_size=200, workers=2)
    local = _local(tmp_path / "local.db", paths, options)
    summary = run_ray(paths, tmp_path / "pq", options, shard_files=32, shard_bytes=1 << 20)
    assert summary.shards == 5  # each CSV alone, the small files in groups of up to 32
    assert summary.records == local["read"] == 300 + 1000 + 80 + 1
    loaded = _bulk(tmp_path / "ray.db", tmp_path / "pq")
    for key in ("read", "stored", "duplicates", "near_duplicates", "rejected"):
        assert loaded[key] == local[key], key
    # Not a trivial comparison: cross-outlet near-duplicates, rewrites, entities.
    assert len(_rows(tmp_path / "local.db", CLUSTERS)) >= 5
    assert len(_rows(tmp_path / "local.db", ENTITIES)) >= 1000
    _same_store(tmp_path / "local.db", tmp_path / "ray.db")
    # Searchable exactly alike: same hits, snippets and facets.
    with open_archive(tmp_path / "local.db") as a, open_archive(tmp_path / "ray.db") as b:
        for query in ("لاوروف", "عمران خان", '"وزیر اعظم"', "پاکستان -بھارت"):
            got, want = b.search(query, limit=20), a.search(query, limit=20)
            assert got.to_dict() == want.to_dict(), query
            assert want.total > 0, query


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\tZ" in status.read_text())  # a zombie is dead


def _killer(marker: Path, ref: str) -> Stage:
    """A stage that SIGKILLs its own worker the first time it meets ``ref`` (pid in marker)."""

    def stage(
        records: Sequence[Article | Rejected], config: PrepareConfig
    ) -> list[StoreItem | Rejected]:
        if any(isinstance(r, Article) and r.raw_ref == ref for r in records):
            try:
                fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pass
            else:
                os.write(fd, str(os.getpid()).encode())
                os.close(fd)
                os.kill(os.getpid(), signal.SIGKILL)
        return prepare_batch(records, config)

    return stage


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(tmp_path: Path, rewrites: Path) -> None:
    geo = OUTLETS / "geo_articles.csv"
    paths = [geo, rewrites]
    options = IngestOptions(batch_size=40, prepare=PrepareConfig(entities=False))
    local = _local(tmp_path / "local.db", paths, options)
    marker = tmp_path / "killed"
    victim = f"{geo}:row 130"  # in the fourth chunk: earlier chunks are written by then
    summary = run_ray(paths, tmp_path / "pq", options, stage=_killer(marker, victim))
    pid = int(marker.read_text())
    assert not _alive(pid)  # the worker really died
    assert summary.records == local["read"]
    assert summary.rejected == {}  # the retried chunk was analyzed, not given up
    _bulk(tmp_path / "ray.db", tmp_path / "pq")
    ids = _rows(tmp_path / "ray.db", "SELECT count(*), count(DISTINCT id) FROM articles")
    assert ids == _rows(tmp_path / "local.db", "SELECT count(*), count(DISTINCT id) FROM articles")
    _same_store(tmp_path / "local.db", tmp_path / "ray.db")


def _poison(ref: str) -> Stage:
    """A stage that kills its worker every time it meets ``ref``."""

    def stage(
        records: Sequence[Article | Rejected], config: PrepareConfig
    ) -> list[StoreItem | Rejected]:
        if any(isinstance(r, Article) and r.raw_ref == ref for r in records):
            os.kill(os.getpid(), signal.SIGKILL)
        return prepare_batch(records, config)

    return stage


def test_a_chunk_that_always_kills_its_worker_is_rejected_and_the_rest_completes(
    tmp_path: Path, rewrites: Path
) -> None:
    files = sorted((rewrites / "Real").glob("*.txt"))[:12]
    options = IngestOptions(batch_size=4, prepare=PrepareConfig(entities=False))
    summary = run_ray(files, tmp_path / "pq", options, stage=_poison(str(files[5])))
    assert summary.records == 12
    assert summary.articles == 8
    crashed = {ref for ref, reason in summary.rejections if "crashed its worker" in reason}
    assert crashed == {str(f) for f in files[4:8]}  # the poisoned record's chunk
    assert f"{MAX_ATTEMPTS} times" in summary.rejections[0][1]
    loaded = _bulk(tmp_path / "ray.db", tmp_path / "pq")
    assert (loaded["stored"], loaded["rejected"]) == (8, 4)


def test_bad_shards_are_reported_and_the_rest_completes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.csv").write_bytes((OUTLETS / "geo_articles.csv").read_bytes()[:40_000])
    (src / "broken.zip").write_bytes(b"PK\x03\x04" + os.urandom(300))
    with zipfile.ZipFile(src / "c.zip", "w") as z:
        z.write(next(SEED.iterdir()), "seed.txt")
        z.writestr("bad.jsonl", '{"id": "j1", "text": "جے سن خبر"}\n{oops\n')
    os.symlink(src / "nowhere.txt", src / "dangling.txt")
    db = tmp_path / "ray.db"
    gone = (tmp_path / "gone.csv").as_uri()
    args = ["ingest", str(src), gone, "--engine", "ray", "--db", str(db), "--json"]
    result = runner.invoke(app, [*args, "--parquet-dir", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    with Store.open(db, readonly=True) as store:
        refs = {e.ref: e.reason for e in store.ingest_log() if e.status == "rejected"}
    assert "cannot read" in refs[str(src / "dangling.txt")]
    assert refs[str(src / "broken.zip")]
    assert "malformed JSON" in refs[f"{src / 'c.zip'}!bad.jsonl:line 2"]
    assert "No such file" in refs[gone]
    # Everything else is stored exactly as the local engine stores it.
    local = _local(tmp_path / "local.db", [src], IngestOptions())
    assert summary["rejected"] == local["rejected"] + 1 == len(refs)
    assert _rows(db, ARTICLES) == _rows(tmp_path / "local.db", ARTICLES)
    assert summary["stored"] + summary["near_duplicates"] >= 10


def test_file_urls_and_build_from_parquet(tmp_path: Path, rewrites: Path) -> None:
    url = (rewrites / "Fake").as_uri()
    pq_dir = tmp_path / "pq"
    ray_db, built_db = tmp_path / "ray.db", tmp_path / "built.db"
    result = runner.invoke(
        app,
        ["ingest", url, "--engine", "ray", "--db", str(ray_db), "--parquet-dir", str(pq_dir),
         "--no-entities", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["read"] == 40
    assert read_manifest(pq_dir)["records"] == 40
    result = runner.invoke(app, ["build", "--from-parquet", str(pq_dir), "--db", str(built_db)])
    assert result.exit_code == 0, result.output
    assert "read 40" in result.stderr
    _same_store(ray_db, built_db)
    # The same articles as the local engine reading the folder; refs name the URL.
    local_db = tmp_path / "local.db"
    _local(local_db, [rewrites / "Fake"], IngestOptions(prepare=PrepareConfig(entities=False)))
    pick = "SELECT id, title, paragraphs, cluster_id FROM articles ORDER BY seq"
    assert _rows(ray_db, pick) == _rows(local_db, pick)
    refs = [r[0] for r in _rows(ray_db, "SELECT raw_ref FROM articles ORDER BY seq")]
    assert refs[0] == f"{url}/{sorted(os.listdir(rewrites / 'Fake'))[0]}"


@pytest.mark.parametrize(
    ("hidden", "command"),
    [
        ("ray", ["ingest", "{src}", "--engine", "ray"]),
        ("pyarrow", ["build", "--from-parquet", "{src}"]),
    ],
)
def test_missing_extra_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hidden: str, command: list[str]
) -> None:
    for name in list(sys.modules):
        if name == hidden or name.startswith(f"{hidden}."):
            monkeypatch.setitem(sys.modules, name, None)  # import fails as if not installed
    args = [a.format(src=SEED) for a in command] + ["--db", str(tmp_path / "x.db")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"needs {hidden}" in result.stderr
    assert "pip install 'akhbar[ray]'" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_local_engine_refuses_urls_with_a_hint() -> None:
    result = runner.invoke(app, ["ingest", "s3://bucket/news/", "--db", "/nonexistent/x.db"])
    assert result.exit_code == 2
    assert "--engine ray" in result.stderr


def test_a_folder_holding_the_store_is_read_without_the_store(tmp_path: Path) -> None:
    # `akhbar ingest . --engine ray` beside ./akhbar.db read the store's own files (the
    # database, its WAL, the index folder) as input; the local engine skips them.
    src = tmp_path / "news"
    src.mkdir()
    shutil.copy(next(SEED.iterdir()), src / "seed.txt")
    db = src / "akhbar.db"
    _local(db, [src], IngestOptions(prepare=PrepareConfig(entities=False)))  # db and index here
    args = ["ingest", str(src), "--engine", "ray", "--db", str(db), "--no-entities", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["duplicates"], summary["rejected"]) == (1, 1, 0), summary
    assert summary["skipped"]["the store's own file"] >= 2  # the database and its index folder


def test_a_parquet_dir_inside_the_input_folder_is_not_read_again(tmp_path: Path) -> None:
    # `akhbar ingest news --engine ray --parquet-dir news/pq` twice: the second run read the
    # first run's Parquet part (and manifest) as input.
    src = tmp_path / "news"
    src.mkdir()
    shutil.copy(next(SEED.iterdir()), src / "seed.txt")
    for n in range(2):
        db = tmp_path / f"{n}.db"
        args = ["ingest", str(src), "--engine", "ray", "--db", str(db), "--no-entities", "--json"]
        result = runner.invoke(app, [*args, "--parquet-dir", str(src / "pq")])
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert (summary["read"], summary["stored"], summary["rejected"]) == (1, 1, 0), summary
        assert summary["skipped"]["the run's own Parquet output"] == 1
