"""The archive's query cache (``SearchConfig.query_cache``): a repeated query gives what a
fresh one gives, the cache stays within its size, and it is dropped when the index changes."""

from __future__ import annotations

import json
from pathlib import Path

from akhbar.pipeline import IngestOptions, ingest
from akhbar.search import Archive, SearchConfig
from akhbar.search.index import sync
from akhbar.store import Store

from .conftest import build, seed_paragraphs

QUERIES = ["روس", "لاوروف", "روس ایران", '"وزیر خارجہ"', "ایران -روس", "روس", "لاوروف"]


def write(path: Path, prefix: str, paras: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i, p in enumerate(paras):
            fh.write(json.dumps({"id": f"{prefix}{i}", "source": "seed", "text": p}) + "\n")
    return path


def test_repeated_queries_give_what_uncached_ones_give(seed_db: Path) -> None:
    with Archive.open(seed_db, SearchConfig(query_cache=0)) as fresh:
        want = [fresh.search(q, limit=5) for q in QUERIES]
        assert fresh._index is not None
        assert not fresh._parsed
        assert not fresh._index._compiled
    with Archive.open(seed_db, SearchConfig(query_cache=3)) as cached:
        got = [cached.search(q, limit=5) for q in QUERIES * 2]
        assert cached._index is not None
        assert len(cached._parsed) == 3
        assert len(cached._index._compiled) == 3
    assert got == want * 2
    assert sum(r.total for r in want) > 5


def test_the_cache_is_dropped_when_the_index_changes(tmp_path: Path) -> None:
    paras = seed_paragraphs()
    db = build(tmp_path / "s.db", [write(tmp_path / "a.jsonl", "p", paras[:4])])
    with Archive.open(db) as archive:
        before = archive.search("لاوروف", limit=20, facets=False)
        assert archive._index is not None
        (old,) = archive._index._compiled.values()
        with Store.open(db) as store:
            more = write(tmp_path / "b.jsonl", "q", paras[4:])
            ingest([str(more)], store, IngestOptions(workers=1, sync_index=False))
        sync(db)
        after = archive.search("لاوروف", limit=20, facets=False)
        assert archive.backend == "index"
        # compiled afresh on the new searcher (document frequencies changed)
        (new,) = archive._index._compiled.values()
        assert new is not old
        assert archive._index._compiled_of is archive._index.index.searcher
    with Archive.open(db, SearchConfig(query_cache=0)) as fresh:
        want = fresh.search("لاوروف", limit=20, facets=False)
    assert after == want
    assert after.total > before.total
