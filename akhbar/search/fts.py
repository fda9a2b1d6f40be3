"""FTS5 text: analyzer terms → safely quoted FTS5 strings, and what FTS5's tokenizer makes of them.

The store's FTS5 table uses the ``ascii`` tokenizer with ``tokenchars '.-_:/+#@%&'``: it splits at
ASCII characters that are neither letters, digits nor token characters, and folds ASCII case.
:func:`fts_tokens` reproduces that split, so that the engine can drop a term FTS5 would see as
empty (``"%"`` is not, ``"!"`` is) and snippets mark exactly the tokens FTS5 matched.  A query
term only ever reaches FTS5 inside double quotes with quotes doubled (:func:`quote`): no query
operator, column filter, ``NEAR``, ``*`` or ``^`` a user types is ever FTS5 syntax.

>>> fts_tokens("Don't"), fts_tokens("covid-19"), fts_tokens("!")
(('don', 't'), ('covid-19',), ())
>>> quote('a"b')
'"a""b"'
"""

from __future__ import annotations

import re

__all__ = ["TOKENCHARS", "fts_tokens", "phrase", "quote"]

#: ASCII punctuation the store's FTS5 tokenizer keeps inside tokens (see the schema).
TOKENCHARS = ".-_:/+#@%&"

_SEPARATORS = re.compile(
    "["
    + "".join(
        re.escape(chr(c)) for c in range(128) if not chr(c).isalnum() and chr(c) not in TOKENCHARS
    )
    + "]+"
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fts_tokens(term: str) -> tuple[str, ...]:
    """The tokens FTS5's ``ascii`` tokenizer (with the store's token characters) makes of ``term``.

    >>> fts_tokens("ABC def")
    ('abc', 'def')
    """
    return tuple(t for t in _SEPARATORS.split(term.translate(_ASCII_LOWER)) if t)


def quote(term: str) -> str:
    """``term`` as an FTS5 string literal: double-quoted, inner quotes doubled.

    >>> quote("روس")
    '"روس"'
    """
    return '"' + term.replace('"', '""') + '"'


def phrase(terms: tuple[str, ...] | list[str]) -> str:
    """An FTS5 phrase of analyzer terms (each quoted), or ``""`` when none is searchable.

    >>> phrase(["وزیر", "خارجہ"])
    '"وزیر" + "خارجہ"'
    """
    return " + ".join(quote(t) for t in terms if fts_tokens(t))
