"""The engine's two query paths (facets computed in one pass through a temp table, or no facets)
and the optional covering index give the same hits, totals and facets."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import akhbar
from akhbar.search import Archive, SearchResult
from akhbar.search.engine import SEARCH_INDEX

QUERIES = [
    "عمران خان",  # two free words
    '"وزیر اعظم"',  # a phrase
    "پاکستان -کرکٹ",  # an exclusion
    "حکومت source:geo",  # a filter
    "بجٹ after:2023-01 before:2024-07",  # a date range
    "source:samaa",  # filters only: newest first
    "کے",  # a word in most articles
]


@pytest.fixture(scope="module")
def real(real_db: Path) -> Iterator[Archive]:
    with akhbar.open(real_db) as archive:
        yield archive


@pytest.fixture(scope="module")
def indexed(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """A copy of the store with the covering index the engine uses when present."""
    copy = tmp_path_factory.mktemp("indexed") / "real.db"
    shutil.copy(real_db, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(
            f"CREATE INDEX {SEARCH_INDEX} "
            "ON articles (seq, cluster_id, published_utc, source, lang)"
        )
    with akhbar.open(copy) as archive:
        assert SEARCH_INDEX in archive._articles
        yield archive


def page(result: SearchResult) -> list[tuple[Any, ...]]:
    return [(h.id, round(h.score, 9), h.similar, h.snippet.text) for h in result.hits]


@pytest.mark.parametrize("query", QUERIES)
def test_facets_do_not_change_hits_or_total(real: Archive, query: str) -> None:
    with_facets = real.search(query, limit=20)
    without = real.search(query, limit=20, facets=False)
    assert page(with_facets) == page(without)
    assert with_facets.total == without.total
    assert with_facets.facets is not None
    assert without.facets is None


@pytest.mark.parametrize("query", QUERIES)
def test_covering_index_changes_nothing(real: Archive, indexed: Archive, query: str) -> None:
    for facets, offset in ((True, 0), (False, 0), (True, 5)):
        a = real.search(query, limit=10, offset=offset, facets=facets)
        b = indexed.search(query, limit=10, offset=offset, facets=facets)
        assert page(a) == page(b)
        assert (a.total, a.total_articles, a.facets) == (b.total, b.total_articles, b.facets)


def test_matches_of_one_query_do_not_leak_into_the_next(real: Archive) -> None:
    first = real.search("عمران خان")
    real.search("source:samaa")
    real.search("ایسا لفظ جو کہیں نہیں zzqqxx")
    again = real.search("عمران خان")
    assert page(again) == page(first)
    assert (again.total, again.facets) == (first.total, first.facets)


def test_no_match_gives_zero_total_and_empty_facets(real: Archive) -> None:
    result = real.search("zzqqxxnotaword")
    assert (result.total, result.total_articles, result.hits) == (0, 0, ())
    assert result.facets is not None
    assert result.facets.sources == ()


def window_truth(
    archive: Archive, query: str, limit: int, offset: int
) -> tuple[list[tuple[int, int]], int]:
    """The page as ``(seq, similar)`` and the total, by the window-function SQL the engine used
    before (row_number per cluster over the whole match set), independent of ``_page``."""
    from akhbar.search.query import parse_query

    from_where, params, ranked, _ = archive._match_set(parse_query(query))
    score = "bm25(articles_fts, 3.0, 1.0)" if ranked else "0.0"
    order = "score, seq" if ranked else "pub DESC NULLS LAST, seq DESC"
    sql = (
        f"WITH m AS (SELECT a.seq AS seq, a.cluster_id AS cid, a.published_utc AS pub, "
        f"{score} AS score {from_where}), "
        "r AS (SELECT seq, pub, score, row_number() OVER (PARTITION BY cid, CASE WHEN cid IS "
        f"NULL THEN seq END ORDER BY {order}) AS rn, count(*) OVER (PARTITION BY cid, CASE "
        "WHEN cid IS NULL THEN seq END) AS n FROM m) "
        f"SELECT seq, n - 1, count(*) OVER () FROM r WHERE rn = 1 ORDER BY {order}"
    )
    rows = archive._conn.execute(sql, params).fetchall()
    total = rows[0][2] if rows else 0
    return [(r[0], r[1]) for r in rows[offset : offset + limit]], total


def seqs(archive: Archive, result: SearchResult) -> list[tuple[int, int]]:
    out = []
    for h in result.hits:
        (seq,) = archive._conn.execute("SELECT seq FROM articles WHERE id = ?", (h.id,)).fetchone()
        out.append((seq, h.similar))
    return out


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("limit", "offset"), [(10, 0), (7, 13), (50, 0)])
def test_page_equals_window_function_ground_truth(
    real: Archive, query: str, limit: int, offset: int
) -> None:
    result = real.search(query, limit=limit, offset=offset, snippets=False)
    expected, total = window_truth(real, query, limit, offset)
    assert seqs(real, result) == expected
    assert result.total == total


@pytest.fixture(scope="module")
def clustered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """Forty near-copies of one report (one cluster) and a few other articles: the page has to
    read past the first window of best-ranked rows to find ten clusters."""
    from .conftest import build, seed_paragraphs

    folder = tmp_path_factory.mktemp("clustered")
    src = folder / "c.jsonl"
    base = " ".join(seed_paragraphs()[:4])
    with src.open("w", encoding="utf-8") as fh:
        for i in range(40):
            text = f"{base} اضافہ {i}"
            fh.write(json.dumps({"id": f"copy{i}", "source": "s", "text": text}) + "\n")
        for i, para in enumerate(seed_paragraphs()[4:]):
            fh.write(json.dumps({"id": f"other{i}", "source": "s", "text": para}) + "\n")
    db = build(folder / "c.db", [src])
    with akhbar.open(db) as archive:
        yield archive


def test_page_reads_past_a_window_eaten_by_one_cluster(clustered: Archive) -> None:
    (members,) = clustered._conn.execute(
        "SELECT count(*) FROM articles WHERE cluster_id IS NOT NULL"
    ).fetchone()
    assert members >= 33  # more than the first window (32 rows) of a 10-hit page
    for query in ("لاوروف روس", "source:s", "اضافہ"):
        for limit, offset in ((10, 0), (3, 2)):
            result = clustered.search(query, limit=limit, offset=offset, snippets=False)
            expected, total = window_truth(clustered, query, limit, offset)
            assert seqs(clustered, result) == expected, query
            assert result.total == total
