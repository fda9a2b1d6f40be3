"""``Archive.top_rows``: the rows of the best hits, as ``search`` ranks and collapses them,
on both backends (what the web page's entity facet counts mentions in)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .conftest import BACKENDS, open_backend

QUERIES = ["پاکستان", "وزیر اعظم", '"قومی اسمبلی"', "عمران خان", "حکومت -پنجاب", "source:geo"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_top_rows_are_the_rows_of_the_hits_search_gives(real_db: Path, backend: str) -> None:
    with sqlite3.connect(real_db) as conn:
        seq_of = dict(conn.execute("SELECT id, seq FROM articles").fetchall())
    checked = 0
    with open_backend(real_db, backend) as archive:
        for q in QUERIES:
            for limit in (1, 7, 100):
                hits = archive.search(q, limit, facets=False, snippets=False).hits
                assert archive.top_rows(q, limit) == [seq_of[h.id] for h in hits]
                checked += len(hits)
        assert archive.top_rows(QUERIES[0], 0) == []
        with pytest.raises(ValueError, match="limit"):
            archive.top_rows(QUERIES[0], 10_000)
    assert checked > 300
