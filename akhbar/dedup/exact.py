"""Exact duplicates: a hash of the article's canonical form.

The canonical form is the analyzer's match keys of the content tokens joined by single spaces
(:func:`akhbar.dedup.analyzer.words`): normalized (NBSP/ZWNJ and other invisibles,
Arabic-keyboard letters, presentation forms, digit scripts all folded), whitespace-collapsed and
punctuation-insensitive.  "Exact" therefore means "the same words in the same order"; a changed
number (``10`` vs ``12``) or word makes a different hash.

>>> exact_hash("قیمت ۱۰ روپے۔") == exact_hash("قيمت  10\u00a0روپے")
True
>>> exact_hash("قیمت 10 روپے") == exact_hash("قیمت 12 روپے")
False
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from akhbar.dedup.analyzer import words

__all__ = ["canonical_text", "exact_hash", "hash_terms"]


def canonical_text(text: str) -> str:
    """The text that :func:`exact_hash` hashes: match keys joined by single spaces.

    >>> canonical_text("  سلام،\u00a0دنيا! ")
    'سلام دنیا'
    """
    return " ".join(words(text))


def exact_hash(text: str) -> str:
    """A 32-hex-digit BLAKE2b-128 digest of :func:`canonical_text` (stable across processes).

    >>> len(exact_hash("سلام")), exact_hash("") == exact_hash(" ۔ ")
    (32, True)
    """
    return hash_terms(words(text))


def hash_terms(terms: Sequence[str]) -> str:
    """:func:`exact_hash` for a caller that already has the analyzer terms.

    >>> from akhbar.text.analyzer import terms
    >>> hash_terms(terms("سلام دنیا")) == exact_hash("سلام دنیا")
    True
    """
    return hashlib.blake2b(" ".join(terms).encode("utf-8"), digest_size=16).hexdigest()
