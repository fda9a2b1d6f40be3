"""The dedup view of a text: the analyzer's terms and their word n-gram shingles.

Terms come from the one analyzer (:func:`akhbar.text.analyzer.terms`): punctuation and symbol
tokens are dropped there, since outlets differ in ``۔`` vs ``.``, quote styles and spacing
around ``،``, none of which changes the article.

>>> words("پاکستان، ميں ۲۰۲۵!")
['پاکستان', 'میں', '2025']
>>> shingles(["a", "b", "c", "d"], 3)
['a b c', 'b c d']
"""

from __future__ import annotations

from collections.abc import Sequence

from akhbar.text.analyzer import SKIPPED_KINDS
from akhbar.text.analyzer import terms as words

__all__ = ["SKIPPED_KINDS", "shingles", "words"]


def shingles(tokens: Sequence[str], n: int) -> list[str]:
    """The word ``n``-grams of ``tokens`` as space-joined strings (for people and set maths).

    A text with fewer than ``n`` (but some) words is one shingle; an empty text has none.
    The MinHash path hashes the same n-grams without building strings
    (:func:`akhbar.dedup.minhash.shingle_hashes`).

    >>> shingles(["a", "b"], 3), shingles([], 3)
    (['a b'], [])
    """
    if not tokens:
        return []
    if len(tokens) < n:
        return [" ".join(tokens)]
    return [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
