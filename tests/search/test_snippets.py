"""Snippets highlight exactly the original substrings the query matched."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import akhbar
from akhbar.search import Archive, make_snippet
from akhbar.search.results import ELLIPSIS
from akhbar.text.analyzer import terms


@pytest.fixture(scope="module")
def real(real_db: Path) -> Iterator[Archive]:
    with akhbar.open(real_db) as archive:
        yield archive


def paragraphs_of(db: Path, article_id: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        (raw,) = conn.execute(
            "SELECT paragraphs FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
    return list(json.loads(raw))


@pytest.mark.parametrize(
    "query",
    ["عمران خان", '"وزیر اعظم"', "كيا", "کرکٹ ٹیم +پاکستان", "۲۰۲۳ بجٹ", "title:سونا قیمت"],
)
def test_highlights_are_original_slices(real: Archive, real_db: Path, query: str) -> None:
    result = real.search(query, limit=10)
    assert result.hits
    wanted = {t for word in query.replace('"', " ").replace("+", " ").split() for t in terms(word)}
    marked = 0
    for hit in result.hits:
        paras = paragraphs_of(real_db, hit.id)
        snip = hit.snippet
        # The fragments rebuild the snippet text, each an exact slice of its paragraph.
        assert snip.text == ELLIPSIS.join(f.text for f in snip.fragments)
        spans = []
        for f in snip.fragments:
            assert f.text == paras[f.paragraph][f.start : f.end]
            for s, e in f.highlights:
                assert f.start <= s < e <= f.end
                spans.append(paras[f.paragraph][s:e])
        assert [snip.text[s:e] for s, e in snip.highlights] == spans
        for piece in spans:
            # Every highlighted piece is made of query words, as the analyzer sees them.
            assert set(terms(piece)) <= wanted, piece
            marked += 1
        for s, e in hit.title_highlights:
            assert set(terms((hit.title or "")[s:e])) <= wanted
    assert marked > 0


def test_arabic_keyboard_query_highlights_the_urdu_spelling(real: Archive) -> None:
    result = real.search("كيا", limit=5)
    shown = {
        result_hit.snippet.text[s:e]
        for result_hit in result.hits
        for s, e in result_hit.snippet.highlights
    }
    assert shown == {"کیا"}  # as written in the articles, not as typed


def test_phrase_highlights_only_the_phrase() -> None:
    paras = ("وزیر نے کہا۔ خارجہ امور پر وزیر خارجہ بولے۔",)
    snip, _ = make_snippet(None, paras, [("وزیر", "خارجہ")])
    assert [snip.text[s:e] for s, e in snip.highlights] == ["وزیر خارجہ"]


def test_several_fragments_in_document_order() -> None:
    filler = " ".join(["اور"] * 80)
    paras = (f"روس {filler} ایران {filler} چین",)
    snip, _ = make_snippet(None, paras, [("روس",), ("ایران",), ("چین",)])
    assert [snip.text[s:e] for s, e in snip.highlights] == ["روس", "ایران", "چین"]
    assert len(snip.fragments) == 3
    assert snip.text.count(ELLIPSIS) == 2


def test_lead_when_nothing_matches_in_the_body() -> None:
    snip, title = make_snippet("روس کا دورہ", ("", "پہلا جملہ۔ دوسرا جملہ۔"), [("روس",)])
    assert title == ((0, 3),)
    assert snip.highlights == ()
    assert snip.text == "پہلا جملہ۔ دوسرا جملہ۔"
    assert snip.fragments[0].paragraph == 1
