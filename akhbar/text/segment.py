"""Paragraphs → sentences → words in one pass: the segmentation every later stage uses.

:func:`segment` runs the sentence splitter over the original text and the word tokenizer
(with normalization of each token and space-omission repair) over the whole text once, then
hands each sentence the tokens inside its span, so every sentence and token carries offsets
into the original string.  Tokens never cross whitespace and the sentence splitter only cuts
at whitespace or after sentence punctuation (its own token), so this is the same as tokenizing
each sentence span on its own; if a token ever did cross a sentence edge, the sentences fall
back to exactly that.

>>> sents = segment("صدرایران نے کہا۔ ٹھیک ہے!\\n\\nدوسرا پیراگراف")
>>> [(s.paragraph, [t.text for t in s.tokens]) for s in sents]
[(0, ['صدر', 'ایران', 'نے', 'کہا', '۔']), (0, ['ٹھیک', 'ہے', '!']), (1, ['دوسرا', 'پیراگراف'])]
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from akhbar.text.sentences import split_paragraphs, split_sentences
from akhbar.text.words import Tokens, tokenize

__all__ = ["Sentence", "iter_segment", "segment", "sentence_tokens"]


class Sentence(NamedTuple):
    """A sentence: its span in the original text, its paragraph index and its tokens."""

    start: int
    end: int
    paragraph: int
    tokens: Tokens


def sentence_tokens(text: str, *, repair: bool = True) -> list[tuple[int, int, Tokens]]:
    """``(start, end, tokens)`` of each sentence: :func:`segment` without paragraph indices.

    >>> [(s, e, len(toks)) for s, e, toks in sentence_tokens("ہاں۔ نہیں")]
    [(0, 4, 2), (5, 9, 1)]
    """
    spans = split_sentences(text)
    if not spans:
        return []
    parts = tokenize(text, repair=repair).split_at(spans)
    if parts is None:  # a token crosses a sentence edge: tokenize sentence by sentence
        parts = [tokenize(text, s, e, repair=repair) for s, e in spans]
    return [(s, e, toks) for (s, e), toks in zip(spans, parts, strict=True)]


def segment(text: str, *, repair: bool = True) -> list[Sentence]:
    """Split ``text`` into sentences of tokens, with paragraph indices and original offsets.

    >>> [t.norm for t in segment("قیمت ۲۰۲۱ء میں")[0].tokens][:2]
    ['قیمت', '2021']
    """
    parts = sentence_tokens(text, repair=repair)
    if not parts:
        return []
    para_starts = [p.start for p in split_paragraphs(text)]
    return [Sentence(s, e, max(bisect_right(para_starts, s) - 1, 0), toks) for s, e, toks in parts]


def iter_segment(text: str, *, repair: bool = True) -> Iterator[Sentence]:
    """:func:`segment`, a paragraph at a time: the same sentences, offsets and tokens, but only
    one paragraph's tokens are made at once, so memory stays that of the text however long it
    is (``akhbar tokenize`` on a whole corpus).

    >>> text = "صدرایران نے کہا۔ ٹھیک ہے!\\n\\nدوسرا پیراگراف"
    >>> list(iter_segment(text)) == segment(text)
    True
    """
    for number, (start, end) in enumerate(split_paragraphs(text)):
        spans = [(start + s, start + e) for s, e in split_sentences(text[start:end])]
        if not spans:
            continue
        parts = tokenize(text, start, end, repair=repair).split_at(spans)
        if parts is None:  # a token crosses a sentence edge: tokenize sentence by sentence
            parts = [tokenize(text, s, e, repair=repair) for s, e in spans]
        for (s, e), toks in zip(spans, parts, strict=True):
            yield Sentence(s, e, number, toks)
