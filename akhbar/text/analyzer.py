"""The one analyzer: text → the terms that indexing, querying and dedup all see.

normalize → words (with space-omission repair) → matching key, punctuation and symbols
dropped.  The same text typed with NBSP or ZWNJ, Arabic-keyboard letters (ي ك ه), another digit
script or a variant spelling of a name yields the same terms, which is what lets ``لاوروف``
find ``لاؤروف`` and a syndicated copy hash like its original.

>>> terms("پاکستان، ميں ۲۰۲۵!")
['پاکستان', 'میں', '2025']
>>> terms("لاوروف") == terms("لاؤروف")
True
>>> terms("2,477 کمپنیاں") == terms("2477 کمپنیاں") == terms("۲٬۴۷۷ کمپنیاں")
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress

from akhbar.text.keys import match_key
from akhbar.text.normalize import normalize
from akhbar.text.words import KINDS, Token, Tokens, token_norm, tokenize

__all__ = ["SKIPPED_KINDS", "terms", "token_key", "token_terms"]

#: Token kinds that carry no content for search or duplicate detection.
SKIPPED_KINDS = frozenset({"punct", "symbol"})

_KEEP = {kind: kind not in SKIPPED_KINDS for kind in KINDS}
_CACHE_MAX = 1 << 18


#: A number written with grouping separators, by thousands (1,000,000) or in the lakh way
#: (10,00,000), as the text core's number reader takes them (``akhbar.text.numbers``).
_GROUPED = re.compile(r"[0-9]{1,3}(?:(?:,[0-9]{3})+|(?:,[0-9]{2})+,[0-9]{3})(?:\.[0-9]+)?")


def _term(token_text: str) -> str:
    """The term of one token: its matching key, and a grouped number without its separators
    (a headline's 2477 is its article's 2,477; 1,27,000 is 127000)."""
    key = match_key(token_norm(token_text))
    if key[:1].isdigit() and "," in key and _GROUPED.fullmatch(key):
        return key.replace(",", "")
    return key


class _KeyCache(dict[str, str]):
    """token text → its term (news vocabularies are Zipfian: it stays small)."""

    def __missing__(self, text: str) -> str:
        key = self[text] = _term(text)
        return key


_KEYS = _KeyCache()


def token_key(text: str) -> str:
    """The analyzer term of a token's text: its matching key, a grouped number's without the
    commas (``""`` when it has none), memoized as :func:`token_terms` memoizes it; the caller
    skips punctuation and symbols, as :func:`token_terms` does by their kind.

    >>> token_key("2,477")
    '2477'
    >>> token_key("آئے"), token_key("ايران") == token_key("ایران")
    ('آیے', True)
    """
    if len(_KEYS) > _CACHE_MAX:
        _KEYS.clear()
    return _KEYS[text]


def token_terms(tokens: Iterable[Token]) -> list[str]:
    """Matching keys of the content tokens, in order (for callers that already tokenized).

    Given :class:`~akhbar.text.words.Tokens` (what ``tokenize`` returns), the keys come from
    the token texts and kinds directly, one cache lookup per token, without making
    :class:`~akhbar.text.words.Token` records.

    >>> token_terms(tokenize("ڈاکٹرحسن، آئے۔"))
    ['ڈاکٹر', 'حسن', 'آیے']
    >>> token_terms(list(tokenize("ڈاکٹرحسن، آئے۔")))
    ['ڈاکٹر', 'حسن', 'آیے']
    """
    if isinstance(tokens, Tokens):
        texts, kinds = tokens.columns()
        if len(_KEYS) > _CACHE_MAX:
            _KEYS.clear()
        content = compress(texts, map(_KEEP.__getitem__, kinds))
        return list(filter(None, map(_KEYS.__getitem__, content)))
    keys = [_term(tok.text) for tok in tokens if tok.kind not in SKIPPED_KINDS]
    return [k for k in keys if k]


def terms(text: str) -> list[str]:
    """The analyzer terms of ``text``, in order.

    The whole text is normalized before tokenizing, so that space-omission repair also sees
    Urdu letters in Arabic-keyboard text.

    >>> terms("ZWNJ\\u200cکے ساتھ") == terms("ZWNJکے ساتھ")
    True
    """
    return token_terms(tokenize(normalize(text)))
