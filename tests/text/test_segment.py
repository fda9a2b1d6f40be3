"""Tests for akhbar.text.segment: sentences of tokens, the same as tokenizing each sentence."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.text.segment import Sentence, iter_segment, segment
from akhbar.text.sentences import split_paragraphs, split_sentences
from akhbar.text.words import tokenize

# Characters the sentence splitter strips from sentence edges as blanks (LRM, ZWSP, …) are left
# out of VISIBLE: the word tokenizer keeps them inside the word they touch (see below).
VISIBLE = st.text(
    alphabet=st.sampled_from(
        list("ابپتٹجچدڈرڑزسکگلمنوہھیےئآء ٔ ٰ")
        + list(" \n\n\u00a0.۔؟!?،,:;'\"‘’“”()[]-–—_/#@%٪۰۱۲۳123abcXY•+")
    ),
    max_size=80,
)
ANY = st.one_of(VISIBLE, st.text(max_size=60))


def reference(text: str, repair: bool) -> list[tuple[int, int, list[tuple[object, ...]]]]:
    """The definition: the sentence spans, each tokenized on its own."""
    return [
        (s, e, [tuple(t) for t in tokenize(text, s, e, repair=repair)])
        for s, e in split_sentences(text)
    ]


@settings(max_examples=300, deadline=None)
@given(ANY, st.booleans())
def test_same_as_tokenizing_each_sentence(text: str, repair: bool) -> None:
    got = [(s.start, s.end, [tuple(t) for t in s.tokens]) for s in segment(text, repair=repair)]
    assert got == reference(text, repair)


@settings(max_examples=300, deadline=None)
@given(ANY, st.booleans())
def test_paragraph_at_a_time_is_the_same_segmentation(text: str, repair: bool) -> None:
    # `akhbar tokenize` segments a paragraph at a time (memory of a whole corpus' tokens at
    # once made it take 900 MB for 5 MB of text); it must not change a sentence or a token
    def view(sentences: Iterable[Sentence]) -> list[tuple[object, ...]]:
        return [(s.start, s.end, s.paragraph, [tuple(t) for t in s.tokens]) for s in sentences]

    assert view(iter_segment(text, repair=repair)) == view(segment(text, repair=repair))


@settings(max_examples=300, deadline=None)
@given(VISIBLE)
def test_no_sentence_edge_inside_a_token(text: str) -> None:
    # segment tokenizes the whole text once and cuts the tokens at sentence edges; that is only
    # the fast path if no token of the whole text crosses an edge
    assert tokenize(text).split_at(split_sentences(text)) is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no space after the full stop: the stop is its own token, so the edge is a token edge
        pytest.param("کہا ہے۔انہوں نے", [["کہا", "ہے", "۔"], ["انہوں", "نے"]], id="no-space"),
        pytest.param("ڈاکٹرحسن آئے۔ ٹھیک", [["ڈاکٹر", "حسن", "آئے", "۔"], ["ٹھیک"]], id="repair"),
        # the splitter strips a leading LRM as a blank, the tokenizer keeps it in the word:
        # the edge falls inside a token, and segment falls back to tokenizing each sentence
        pytest.param("ہے۔ \u200eسی آئی", [["ہے", "۔"], ["سی", "آئی"]], id="lrm-fallback"),
    ],
)
def test_golden(text: str, expected: list[list[str]]) -> None:
    assert [[t.text for t in s.tokens] for s in segment(text)] == expected


def test_paragraph_index() -> None:
    text = "پہلا۔ دوسرا۔\n\nتیسرا"
    assert [s.paragraph for s in segment(text)] == [0, 0, 1]
    assert len(split_paragraphs(text)) == 2
    assert segment("") == []
    assert segment(" \n ") == []


@pytest.mark.parametrize("text", ["1a.\u0654", "1a.\u0654 ب", "U.S.\u200c اور", "rock'\u0670n"])
def test_a_mark_after_a_stop_is_not_inside_a_latin_token(text: str) -> None:
    # Found by the property above: "1a." + hamza above was one latin token (a joiner followed
    # by marks only) while the sentence ended at the stop.  After a joiner a latin token needs a
    # letter or digit.
    assert tokenize(text).split_at(split_sentences(text)) is not None
