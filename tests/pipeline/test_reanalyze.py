"""Re-analysis: a store analyzed by an older analyzer is noticed and brought up to date.

The "older analyzer" is simulated in process: the processing stage's ``token_terms`` is
replaced while ingesting, then the rows are marked as stored before versions were recorded
(analysis 0).  Its analyzed text, content hashes, signatures and LSH band keys are consistent
with each other, as a real older akhbar's are; re-analysis must turn that store into the one a
fresh ingest with today's analyzer makes (same fingerprint: every article column, FTS5
vocabulary, band keys, clusters).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import akhbar
from akhbar.article import Article
from akhbar.pipeline import IngestOptions, PrepareConfig, ingest, prepare_batch, reanalyze
from akhbar.pipeline import prepare as prepare_module
from akhbar.search.index import sync
from akhbar.store import Store
from akhbar.store.store import MIGRATIONS, load_migrations
from akhbar.text.analyzer import token_terms
from akhbar.text.version import ANALYSIS_VERSION
from akhbar.text.words import Token

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT.parent / "shared" / "data" / "news"
SOURCES = [NEWS / "outlets-2024" / "geo_articles.csv"]
SEED = int(os.environ.get("AKHBAR_CRASH_SEED", "20261204"))
#: What re-analysis recomputes; every other column must stay as it was.
DERIVED = {"analyzed_title", "analyzed_body", "content_hash", "signature", "flags", "analysis"}

needs_news = pytest.mark.skipif(not NEWS.is_dir(), reason="shared data not available")


def _old_terms(tokens: Iterable[Token]) -> list[str]:
    """An 'older analyzer': today's terms written backwards (one-to-one, so the same articles
    are equal and near-equal, but no term meets today's)."""
    return [t[::-1] for t in token_terms(tokens)]


@contextmanager
def _older_analyzer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with monkeypatch.context() as m:
        m.setattr(prepare_module, "token_terms", _old_terms)
        yield


def _options() -> IngestOptions:
    return IngestOptions(prepare=PrepareConfig(entities=False), sync_index=False)


def _old_store(db: Path, monkeypatch: pytest.MonkeyPatch, sources: list[Path]) -> None:
    with _older_analyzer(monkeypatch), Store.open(db) as store:
        ingest(sources, store, _options())
        store.connection.execute("UPDATE articles SET analysis = 0")


def _fresh_store(db: Path, sources: list[Path]) -> None:
    with Store.open(db) as store:
        ingest(sources, store, _options())


def _rows(db: Path) -> dict[int, dict[str, object]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {r["seq"]: dict(r) for r in conn.execute("SELECT * FROM articles ORDER BY seq")}


# ---- detection ------------------------------------------------------------------------------


def test_a_store_from_before_schema_3_is_migrated_and_reported_outdated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store.open(db, migrations=load_migrations()[:2]) as old:
        assert old.schema_version() == 2
        old.connection.execute(
            "INSERT INTO articles (id, original_id, content_hash, paragraphs, analyzed_body) "
            "VALUES ('a', 'a', 'h', '[\"ایک خبر۔\"]', 'ایک خبر')"
        )
    with Store.open(db) as store:  # the migration runs: the old row is of version 0
        assert store.schema_version() == MIGRATIONS[-1].version >= 3
        assert store.analysis_outdated()
        status = store.analysis_status()
        assert (status.articles, status.outdated, status.up_to_date) == ({0: 1}, 1, False)
        assert store.stats()["analysis"] == {
            "current": ANALYSIS_VERSION,
            "articles": {"0": 1},
            "outdated": 1,
        }
    with akhbar.open(db) as archive:
        assert "akhbar reanalyze" in archive.analysis_warning()
    # The CLI tells the user on every search and in stats (exit 0: the results are shown).
    exe = str(Path(sys.executable).parent / "akhbar")
    run = subprocess.run(
        [exe, "search", "خبر", "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "akhbar reanalyze" in run.stderr
    stats = subprocess.run(
        [exe, "stats", "--db", str(db)], capture_output=True, text=True, check=False
    )
    assert "1 articles were analyzed by another akhbar" in stats.stdout, stats.stdout
    # akhbar reanalyze fixes it: the search then finds the article and says nothing more.
    subprocess.run([exe, "reanalyze", "--db", str(db)], capture_output=True, check=True)
    run = subprocess.run(
        [exe, "search", "خبر", "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert (run.stderr, json.loads(run.stdout)["total"]) == ("", 1)


def test_a_search_on_a_store_of_an_older_schema_names_the_command(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store.open(db, migrations=load_migrations()[:2]):
        pass
    exe = str(Path(sys.executable).parent / "akhbar")
    run = subprocess.run(
        [exe, "search", "خبر", "--db", str(db)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 2
    assert f"akhbar reanalyze --db {db}" in run.stderr


def test_a_fresh_store_is_current_and_says_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        run = store.begin_run([], {})
        store.add_batch(run, prepare_batch([Article(id="1", paragraphs=("ایک خبر۔",))]))
        assert not store.analysis_outdated()
        assert store.analysis_status().articles == {ANALYSIS_VERSION: 1}
    with akhbar.open(tmp_path / "a.db") as archive:
        assert archive.analysis_warning() == ""


def test_articles_of_a_newer_analysis_are_reported_too(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        run = store.begin_run([], {})
        store.add_batch(run, prepare_batch([Article(id="1", paragraphs=("ایک خبر۔",))]))
        store.connection.execute("UPDATE articles SET analysis = ?", (ANALYSIS_VERSION + 1,))
        assert store.analysis_outdated()
    with akhbar.open(tmp_path / "a.db") as archive:
        assert "newer akhbar" in archive.analysis_warning()


# ---- re-analysis equals a fresh ingest --------------------------------------------------------


@needs_news
def test_reanalyze_makes_an_old_store_equal_to_a_fresh_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, fresh = tmp_path / "old.db", tmp_path / "fresh.db"
    _old_store(old, monkeypatch, SOURCES)
    _fresh_store(fresh, SOURCES)
    before = _rows(old)
    with Store.open(old) as a, Store.open(fresh) as b:
        assert a.count() == b.count() > 100
        assert a.fingerprint() != b.fingerprint()
        assert a.search_fts('"پاکستان"', 1000) == []  # the old keys: nothing found
        summary = reanalyze(a, workers=2, batch_size=50, sync_index=False)
        assert (summary.articles, summary.duplicates) == (b.count(), 0)
        assert not a.analysis_outdated()
        assert a.check() == []
        assert a.fingerprint() == b.fingerprint()
        for query in ('"پاکستان"', '"عمران" OR "خان"', '"کہا"'):
            assert a.search_fts(query, 1000) == b.search_fts(query, 1000) != []
        # Running it again finds nothing to do.
        assert reanalyze(a, sync_index=False).articles == 0
    after = _rows(old)
    assert after.keys() == before.keys()
    for seq, row in after.items():
        assert {k: v for k, v in row.items() if k not in DERIVED} == {
            k: v for k, v in before[seq].items() if k not in DERIVED
        }
    # Re-ingesting the same file now stores nothing: the hashes are today's.
    with Store.open(old) as a:
        summary = ingest(SOURCES, a, _options())
        assert (summary.stored, summary.near_duplicates, summary.reanalyzed) == (0, 0, 0)


def test_articles_the_new_analysis_finds_equal_keep_their_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under the old analyzer (raw token text) an Arabic-keyboard copy is another text; today's
    # keys make the three equal.  The oldest keeps the hash, the others keep their rows (the
    # original text is never lost) with a marked hash, and a re-ingest of any stores nothing.
    text = "ایران اور روس کے وزرائے خارجہ نے ملاقات کی۔"
    arabic = text.replace("ی", "ي").replace("ک", "ك")
    articles = [
        Article(id="a", paragraphs=(arabic,)),
        Article(id="b", paragraphs=(text,)),
        Article(id="c", paragraphs=(arabic.replace("ي", "ى", 1),)),
    ]
    db = tmp_path / "a.db"

    def raw(tokens: Iterable[Token]) -> list[str]:
        return [t.text for t in tokens if t.kind not in {"punct", "symbol"}]

    with Store.open(db) as store:
        with monkeypatch.context() as m:
            m.setattr(prepare_module, "token_terms", raw)
            run = store.begin_run([], {})
            assert store.add_batch(run, prepare_batch(articles)).counts() == (3, 0, 0, 0)
        store.connection.execute("UPDATE articles SET analysis = 0")
        summary = reanalyze(store, batch_size=1, sync_index=False)
        assert (summary.articles, summary.duplicates) == (3, 2)
        hashes = dict(store.connection.execute("SELECT id, content_hash FROM articles"))
        assert hashes["b"] == f"{hashes['a']}~b"
        assert hashes["c"] == f"{hashes['a']}~c"
        assert store.check() == []
        run = store.begin_run([], {})
        assert store.add_batch(run, prepare_batch(articles)).counts() == (0, 3, 0, 0)


def test_ingest_into_an_outdated_store_reanalyzes_it_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.db"
    first = [Article(id="1", paragraphs=("پاکستان اور ایران کے درمیان تجارت۔",))]
    with Store.open(db) as store:
        with monkeypatch.context() as m:
            m.setattr(prepare_module, "token_terms", _old_terms)
            run = store.begin_run([], {})
            store.add_batch(run, prepare_batch(first))
        store.connection.execute("UPDATE articles SET analysis = 0")
    src = tmp_path / "news.jsonl"
    src.write_text(
        json.dumps({"id": "1", "text": first[0].paragraphs[0]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    with Store.open(db) as store:
        summary = ingest([src], store, _options())
        # Without the catch-up the stale hash would not match and the article be stored twice.
        assert (summary.reanalyzed, summary.stored, summary.duplicates) == (1, 0, 1)
        assert not store.analysis_outdated()


def test_the_search_index_is_not_used_until_rebuilt_after_reanalysis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.db"
    arts = [
        Article(id=str(i), paragraphs=(f"پاکستان کی خبر نمبر {i} اور اس کی تفصیل۔",))
        for i in range(5)
    ]
    with Store.open(db) as store:
        with monkeypatch.context() as m:
            m.setattr(prepare_module, "token_terms", _old_terms)
            run = store.begin_run([], {})
            store.add_batch(run, prepare_batch(arts))
        store.connection.execute("UPDATE articles SET analysis = 0")
    assert sync(db).rebuilt  # an index of the old terms
    with Store.open(db) as store:
        reanalyze(store, sync_index=False)
    with akhbar.open(db) as archive:
        result = archive.search("پاکستان", facets=False, snippets=False)
        assert archive.backend == "fts5"
        assert "re-analyzed" in archive.index_status
        assert result.total == 5  # FTS5 follows the analyzed text by trigger
    stats = sync(db)
    assert stats.rebuilt
    assert "re-analyzed" in stats.reason
    with akhbar.open(db) as archive:
        assert archive.search("پاکستان", facets=False, snippets=False).total == 5
        assert archive.backend == "index", archive.index_status
    assert not sync(db).rebuilt


# ---- interruption ------------------------------------------------------------------------------


def _outdated(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(
                conn.execute(
                    "SELECT count(*) FROM articles WHERE analysis <> ?", (ANALYSIS_VERSION,)
                ).fetchone()[0]
            )
    except sqlite3.Error:
        return -1


@needs_news
def test_kill_9_during_reanalyze_then_rerun_equals_clean_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(SEED)
    sources = [*SOURCES, NEWS / "outlets-2024" / "jang_articles.csv"]
    old = tmp_path / "old.db"
    _old_store(old, monkeypatch, sources)
    sync(old)  # an index of the old terms, which the re-analysis must leave behind
    clean, crashed = tmp_path / "clean.db", tmp_path / "crashed.db"
    for db in (clean, crashed):
        shutil.copy(old, db)
        shutil.copytree(f"{old}.index", f"{db}.index")
    exe = str(Path(sys.executable).parent / "akhbar")

    def cmd(db: Path, workers: int) -> list[str]:
        return [exe, "reanalyze", "--db", str(db), "--batch", "16", "--workers", str(workers)]

    subprocess.run(cmd(clean, 1), check=True, capture_output=True, timeout=600)
    total = _outdated(crashed)
    mid = []
    for i in range(6):
        if _outdated(crashed) == 0:
            break
        proc = subprocess.Popen(
            cmd(crashed, 1 + i % 2), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        before = _outdated(crashed)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None and _outdated(crashed) == before:
            time.sleep(0.02)  # it has started committing ...
        time.sleep(rng.uniform(0.0, 0.3))  # ... kill it at a random moment
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        left = _outdated(crashed)
        assert 0 <= left <= before  # nothing done is undone
        if 0 < left < total:
            mid.append(left)
        with sqlite3.connect(crashed) as conn:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert mid, "no kill landed in the middle of the re-analysis"
    subprocess.run(cmd(crashed, 2), check=True, capture_output=True, timeout=600)
    with Store.open(clean) as a, Store.open(crashed) as b:
        assert b.check() == []
        assert not b.analysis_outdated()
        assert a.fingerprint() == b.fingerprint()
    found = {}
    for db in (clean, crashed):
        with akhbar.open(db) as archive:
            result = archive.search("پاکستان OR عمران", limit=1000, facets=False, snippets=False)
            assert archive.backend == "index", archive.index_status
            found[db] = (result.total, sorted(h.id for h in result.hits))
    assert found[clean] == found[crashed]
    assert found[clean][0] > 50
