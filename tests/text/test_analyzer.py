"""Tests for akhbar.text.analyzer: the column fast path of ``token_terms`` is the definition."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.text.analyzer import terms, token_terms
from akhbar.text.keys import match_key
from akhbar.text.normalize import normalize
from akhbar.text.segment import segment, sentence_tokens
from akhbar.text.words import tokenize

NEWS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "news"

csv.field_size_limit(1 << 30)

TEXT = st.one_of(
    st.text(
        alphabet=st.sampled_from(
            list("ابپتٹجچدڈرڑزسکگلمنوہھیےئآءيكهۂ ٔ ٰ\u200c\u00a0 .۔،!؟\"'()-_#@%٪۰۱۲123abcXY•+")
        ),
        max_size=120,
    ),
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(list("0123456789,.٬ ")), max_size=30),  # grouped numbers
)


#: A number grouped by thousands (1,000) or lakhs (1,00,000), as the module docstring says.
_GROUPED = re.compile(
    r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|[0-9]{1,3}(,[0-9]{2})+,[0-9]{3}(\.[0-9]+)?"
)


def definition(text: str) -> list[str]:
    """Match keys of the content tokens, read from the Token records one by one, a grouped
    number's without its commas."""
    keys = [match_key(t.norm) for t in tokenize(text) if t.kind not in {"punct", "symbol"}]
    return [k.replace(",", "") if _GROUPED.fullmatch(k) else k for k in keys if k]


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_column_path_is_the_token_path(text: str) -> None:
    tokens = tokenize(text)
    assert token_terms(tokens) == definition(text) == token_terms(list(tokens))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_sentence_tokens_are_segment_without_paragraphs(text: str) -> None:
    assert [(s, e, list(t)) for s, e, t in sentence_tokens(text)] == [
        (s.start, s.end, list(s.tokens)) for s in segment(text)
    ]
    # Slices of one tokenized text: the fast path reads the right columns for each sentence.
    for s, e, toks in sentence_tokens(text):
        assert token_terms(toks) == token_terms(list(toks)), text[s:e]


def _real_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted((NEWS / "outlets-2024").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                low = {k.lower(): v for k, v in row.items()}
                texts += [low["title"], low["content"]]
    for path in sorted((NEWS / "bend-the-truth").glob("**/*.txt"))[::4]:
        texts.append(path.read_text(encoding="utf-8-sig"))
    return texts


@pytest.mark.skipif(not NEWS.is_dir(), reason="shared data not available")
def test_column_path_is_the_token_path_on_real_news() -> None:
    texts = _real_texts()
    assert len(texts) > 5000
    wrong = [t[:60] for t in texts if token_terms(tokenize(t)) != definition(t)]
    assert wrong == []
    # The analyzer's own entry point (whole text normalized first) goes the same way.
    assert all(terms(t) == definition(normalize(t)) for t in texts[:500])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A ZWNJ after a joining letter is a visible word break: the compound written with it
        # meets the compound written with a space, by both paths (query: terms; ingest: tokens).
        pytest.param("ہم\u200cآہنگی", "ہم آہنگی", id="zwnj-compound"),
        pytest.param("پی\u200cٹی\u200cآئی", "پی ٹی آئی", id="zwnj-initials"),
        pytest.param("ذمہ\u200cدار", "ذمہ دار", id="zwnj-after-heh"),
        pytest.param("می\u200cخواہم", "می خواہم", id="zwnj-persian-prefix"),
        # After a non-joining letter it is noise: the word stays whole.
        pytest.param("پا\u200cکستان", "پاکستان", id="zwnj-noise"),
        # A hamza mark on a consonant is the yeh hamza: مسٔلہ meets مسئلہ.
        pytest.param("یہ مس\u0654لہ ہے", "یہ مسئلہ ہے", id="hamza-on-consonant"),
    ],
)
def test_spellings_meet(a: str, b: str) -> None:
    assert terms(a) == terms(b) == token_terms(tokenize(a)) == token_terms(tokenize(b))
