"""Anything a user types is safe: only QueryError, never FTS5 or SQL injection, right types."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.search import Archive, QueryError, SearchResult
from akhbar.search.results import Hit

from .conftest import BACKENDS, open_backend

HOSTILE = [
    '"',
    "'",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "*",
    "^",
    ":",
    ";",
    "+",
    "-",
    "OR",
    "AND",
    "NOT",
    "NEAR(",
    "NEAR/2",
    ",",
    "analyzed_body:",
    "analyzed_title:",
    "articles_fts:",
    "{analyzed_title}:",
    "title:",
    "source:",
    "lang:",
    "after:",
    "before:",
    "date:",
    "entity:",
    "rank:",
    "bm25(",
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    "\\",
    "%",
    "_",
    "\x00",
    "\x1b[31m",
    "\ud800",
    "\udfff",
    "\u200c",
    "\u200f",
    "\ufeff",
    " ",
    "  ",
    "\n",
    "\t",
    "روس",
    "ایران",
    "لاؤروف",
    "كيا",
    "۲۰۲۱",
    "2021-04-01",
    "13 اپریل",
    "[bold]",
    "[/]",
    "ﷺ",
    "😀",
    "a",
    "Z9",
]

pieces = st.lists(st.sampled_from(HOSTILE), max_size=30).map("".join)
anything = st.text(max_size=300)
huge = st.integers(min_value=1, max_value=10).map(lambda k: ("روس " * 2600)[: k * 1024])


@pytest.fixture(scope="module", params=BACKENDS)
def seed(seed_db: Path, request: pytest.FixtureRequest) -> Iterator[Archive]:
    with open_backend(seed_db, request.param) as archive:
        yield archive


def check(archive: Archive, query: str) -> None:
    error: QueryError | None = None
    try:
        result = archive.search(query, limit=3)
    except QueryError as e:
        error = e
    if error is not None:
        assert isinstance(error.position, int)
        assert 0 <= error.position <= len(query)
        return
    assert isinstance(result, SearchResult)
    assert isinstance(result.total, int)
    assert result.total >= len(result.hits)
    for hit in result.hits:
        assert isinstance(hit, Hit)
        assert isinstance(hit.id, str)
        assert isinstance(hit.score, float)
        assert isinstance(hit.similar, int)
        for start, end in hit.snippet.highlights:
            assert 0 <= start < end <= len(hit.snippet.text)


SETTINGS = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(query=pieces)
def test_hostile_pieces(seed: Archive, query: str) -> None:
    check(seed, query)


@settings(max_examples=1000, deadline=None)
@given(query=anything)
def test_arbitrary_text(seed: Archive, query: str) -> None:
    check(seed, query)


@settings(max_examples=20, deadline=None)
@given(query=huge)
def test_huge_queries_are_refused_cleanly(seed: Archive, query: str) -> None:
    with pytest.raises(QueryError, match="too long"):
        seed.search(query)


def test_store_is_untouched(seed: Archive, seed_db: Path) -> None:
    for q in ["'; DROP TABLE articles; --", '" OR 1=1 --', "analyzed_body:* NEAR(a b)"]:
        check(seed, q)
    with sqlite3.connect(seed_db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] > 10


def test_fts_syntax_is_searched_as_words(seed: Archive) -> None:
    # "روس*" is not a prefix query and "analyzed_title:" is not a column filter: both are words.
    assert seed.search("روس*").total == seed.search("روس").total
    assert seed.search("analyzed_title:روس").total == seed.search("analyzed_title روس").total
