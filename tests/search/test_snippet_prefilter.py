"""The snippet prefilter (:func:`akhbar.search.snippets.skeleton`) may only skip paragraphs that
cannot match: every FTS5 token a paragraph yields must have its skeleton inside the paragraph's
skeleton, and snippets must come out exactly as without the prefilter."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.search import engine, snippets
from akhbar.search.query import parse_query
from akhbar.search.snippets import make_snippet, skeleton, skeletons
from akhbar.text.words import tokenize

# Letters, the Arabic-keyboard and hamza/heh/yeh variants the keys fold, diacritics, hamza
# marks, invisibles, digits of three scripts, presentation forms, Latin, punctuation, spaces.
ALPHABET = (
    "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےآأإٱؤئۓۂۃةهيىكۀ"
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0653\u0654\u0655"
    "\u200c\u200d\u200b\u0640\u00ad"
    "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
    "\ufefb\ufe8d\ufeb3\ufef3"
    "abcXYZß.-_:/+#@%&,!?؟،۔٪"
    "  \n"
)


def pieces_hold(text: str) -> list[str]:
    """FTS5 tokens of ``text`` whose skeleton is NOT inside the text's skeleton (must be [])."""
    folded = skeleton(text)
    stream, _ = snippets._stream(tokenize(text))
    return [p for p in stream if skeleton(p) not in folded]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_every_token_skeleton_is_inside_the_text_skeleton(text: str) -> None:
    assert pieces_hold(text) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + "\x01\U0001d400\U0001f600", max_size=40), max_size=6))
def test_skeletons_of_an_article_equal_each_paragraphs_skeleton(paragraphs: list[str]) -> None:
    assert skeletons(paragraphs) == [skeleton(p) for p in paragraphs]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=4))
def test_skeletons_of_any_text_equal_the_one_by_one_fold(paragraphs: list[str]) -> None:
    # Any code point: lone surrogates, astral letters, ligatures and the join mark included.
    assert skeletons(paragraphs) == [skeleton(p) for p in paragraphs]


def test_the_fold_table_agrees_with_skeleton_on_every_bmp_character() -> None:
    table = snippets._fold_table()
    longer = 0
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            assert table[code] == snippets._MULTI
            continue
        if table[code] == snippets._MULTI:  # a fold longer than one: the slow path takes it
            longer += 1
            continue
        assert skeleton(chr(code)) == (chr(table[code]) if table[code] else ""), hex(code)
    assert longer < 2000  # ligatures and the like; not the letters of running text
    assert all(table[ord(c)] != snippets._MULTI for c in "ابپتٹجچدڈرڑسشکگلمنںوہھیےءآ0۱a")


NEWS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "news"


def test_real_paragraphs_keep_every_token_skeleton() -> None:
    import csv

    csv.field_size_limit(1 << 24)
    checked = 0
    with (NEWS / "urdupoint-2023-sample.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            for cell in row:
                if len(cell) > 40:
                    assert pieces_hold(cell) == [], cell[:80]
                    checked += 1
            if checked >= 1500:
                break
    assert checked >= 1500


def test_snippets_equal_those_made_without_the_prefilter(
    real_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(3)
    with sqlite3.connect(real_db) as conn:
        rows = conn.execute(
            "SELECT title, paragraphs FROM articles WHERE title IS NOT NULL ORDER BY seq LIMIT 300"
        ).fetchall()
    words = [w for title, _ in rows for w in str(title).split()]
    cases = []
    for title, paragraphs in rows:
        query = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.3:
            query = '"' + query + '"'
        try:
            wanted = engine.needles(parse_query(query))
        except ValueError:
            continue
        cases.append((title, tuple(json.loads(paragraphs)), wanted))
    fast = [make_snippet(t, p, n) for t, p, n in cases]
    # A skeleton of "" is inside everything: the prefilter lets every paragraph through.
    monkeypatch.setattr(snippets, "skeleton", lambda text: "")
    monkeypatch.setattr(snippets, "skeletons", lambda texts: [""] * len(texts))
    slow = [make_snippet(t, p, n) for t, p, n in cases]
    assert len(cases) > 250
    assert fast == slow
    assert sum(bool(s.highlights) for s, _ in fast) > 50  # the cases do match bodies


def test_phrase_snippets_equal_those_made_without_the_prefilter(
    real_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phrases of adjacent words of the articles themselves (so they match, across
    punctuation too) and of a word of the article followed by a random word (so that the
    first word is there and the phrase is not)."""
    rng = random.Random(5)
    with sqlite3.connect(real_db) as conn:
        rows = conn.execute(
            "SELECT title, paragraphs FROM articles WHERE title IS NOT NULL ORDER BY seq LIMIT 250"
        ).fetchall()
    cases = []
    for title, paragraphs in rows:
        paras = tuple(json.loads(paragraphs))
        words = " ".join(paras).split()
        if len(words) < 4:
            continue
        i = rng.randrange(len(words) - 3)
        k = rng.randint(2, 3)
        phrase = words[i : i + k] if rng.random() < 0.7 else [words[i], rng.choice(words)]
        try:
            wanted = engine.needles(parse_query('"' + " ".join(phrase).replace('"', "") + '"'))
        except ValueError:
            continue
        cases.append((title, paras, wanted))
    fast = [make_snippet(t, p, n) for t, p, n in cases]
    monkeypatch.setattr(snippets, "skeleton", lambda text: "")
    monkeypatch.setattr(snippets, "skeletons", lambda texts: [""] * len(texts))
    slow = [make_snippet(t, p, n) for t, p, n in cases]
    assert len(cases) > 200
    assert fast == slow
    assert sum(bool(s.highlights) for s, _ in fast) > 100  # most phrases do match


def full_lead(paragraphs: list[str], fragment_chars: int) -> list[tuple[int, int, int]]:
    """The lead window cut from the whole paragraph's tokens: ``[(paragraph, start, end)]``."""
    for p, text in enumerate(paragraphs):
        toks = list(tokenize(text))
        if toks:
            limit = toks[0].start + fragment_chars
            shown = [t for t in toks if t.end <= limit] or toks[:1]
            return [(p, toks[0].start, shown[-1].end)]
    return []


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(alphabet=ALPHABET + "\t\u3000", max_size=120), max_size=3),
    st.integers(min_value=1, max_value=60),
)
def test_the_lead_is_cut_as_from_the_whole_paragraph(paragraphs: list[str], chars: int) -> None:
    cfg = snippets.SnippetConfig(fragment_chars=chars)
    got = [(f.paragraph, f.start, f.end) for f in snippets._lead(paragraphs, cfg)]
    assert got == full_lead(paragraphs, chars)
