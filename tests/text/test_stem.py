"""Tests for akhbar.text.stem: the stop-word list and the light plural/oblique stemmer."""

from __future__ import annotations

from importlib.resources import files

import pytest

from akhbar.text.keys import match_key
from akhbar.text.stem import STOP_WORDS, is_stop_word, stem, stem_terms


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        pytest.param("ملکوں", "ملک", id="oblique-plural-وں"),
        pytest.param("لوگوں", "لوگ", id="oblique-plural-people"),
        pytest.param("انتخابات", "انتخاب", id="arabic-plural-ات"),
        pytest.param("کتابیں", "کتاب", id="feminine-plural-یں"),
        pytest.param("میں", "میں", id="short-postposition-kept"),
        pytest.param("ہیں", "ہیں", id="short-copula-kept"),
        pytest.param("بات", "بات", id="short-word-ending-ات-kept"),
        pytest.param("دوں", "دوں", id="too-short-to-strip"),
        pytest.param("لڑکے", "لڑکے", id="ے-ending-not-stripped"),
        pytest.param("پاکستان", "پاکستان", id="no-suffix"),
    ],
)
def test_stem_golden(word: str, expected: str) -> None:
    assert stem(match_key(word)) == match_key(expected)


@pytest.mark.parametrize(
    ("word", "stop"),
    [
        pytest.param("کے", True, id="postposition"),
        pytest.param("كي", True, id="arabic-keyboard-spelling-of-کی"),
        pytest.param("ہوئے", True, id="auxiliary-with-hamza"),
        pytest.param("ہویے", True, id="auxiliary-hamza-folded"),
        pytest.param("پاکستان", False, id="content-word"),
        pytest.param("کہا", False, id="frequent-news-verb-kept"),
        pytest.param("آئی", False, id="letter-name-I-kept-for-acronyms"),
        pytest.param("پی", False, id="letter-name-P-kept-for-acronyms"),
    ],
)
def test_stop_words_golden(word: str, stop: bool) -> None:
    assert is_stop_word(word) is stop


def test_stop_word_file_is_one_word_a_line_with_a_header() -> None:
    raw = files("akhbar.text").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    lines = raw.splitlines()
    assert lines[0].startswith("#")
    entries = [ln.split("#", 1)[0].strip() for ln in lines]
    entries = [e for e in entries if e]
    assert all(" " not in e for e in entries)
    assert 100 <= len(entries) <= 400
    assert len(STOP_WORDS) >= 100


def test_stem_terms_drops_stop_words_then_stems() -> None:
    assert stem_terms(["ملکوں", "کے", "انتخابات"]) == ["ملک", "کے", "انتخاب"]
    assert stem_terms(["ملکوں", "کے"], drop_stop_words=True) == ["ملک"]
