"""The one analyzer: text → the terms that indexing, querying and dedup all see.

normalize → words (with space-omission repair) → matching key, punctuation and symbols
dropped.  The same text typed with NBSP or ZWNJ, Arabic-keyboard letters (ي ك ه), another digit
script or a variant spelling of a name yields the same terms, which is what lets ``لاوروف``
find ``لاؤروف`` and a syndicated copy hash like its original.

>>> terms("پاکستان، ميں ۲۰۲۵!")
['پاکستان', 'میں', '2025']
>>> terms("لاوروف") == terms("لاؤروف")
True
"""

from __future__ import annotations

from collections.abc import Iterable

from akhbar.text.keys import match_key
from akhbar.text.normalize import normalize
from akhbar.text.words import Token, tokenize

__all__ = ["SKIPPED_KINDS", "terms", "token_terms"]

#: Token kinds that carry no content for search or duplicate detection.
SKIPPED_KINDS = frozenset({"punct", "symbol"})


def token_terms(tokens: Iterable[Token]) -> list[str]:
    """Matching keys of the content tokens, in order (for callers that already tokenized).

    >>> token_terms(tokenize("ڈاکٹرحسن، آئے۔"))
    ['ڈاکٹر', 'حسن', 'آیے']
    """
    keys = [match_key(tok.norm) for tok in tokens if tok.kind not in SKIPPED_KINDS]
    return [k for k in keys if k]


def terms(text: str) -> list[str]:
    """The analyzer terms of ``text``, in order.

    The whole text is normalized before tokenizing, so that space-omission repair also sees
    Urdu letters in Arabic-keyboard text.

    >>> terms("ZWNJ\\u200cکے ساتھ") == terms("ZWNJکے ساتھ")
    True
    """
    return token_terms(tokenize(normalize(text)))
