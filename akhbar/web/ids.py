"""How an article id is written as one URL path segment (``/articles/…``), and read back.

Ids come from the input (a JSONL ``id`` is kept), so any string may be one: ``a/b``, ``?x``,
``%2e``, spaces, Urdu.  Percent-encoding every character but RFC 3986's unreserved ones carries
all of these.  Not ``.`` and ``..``: browsers, curl and URL libraries remove such a path segment,
and its ``%2e`` spellings too (the WHATWG URL standard), so ``/articles/..`` becomes ``/``.  Such
an id is written with one ``~`` in front, and so is an id that already looks like that (``~.``,
``~~..``), which keeps the mapping one to one.  Every other id is written as it always was.

>>> [id_segment(i) for i in [".", "..", "~.", "a/b", "?x", "%2e", "خبر"]]
['~.', '~..', '~~.', 'a%2Fb', '%3Fx', '%252e', '%D8%AE%D8%A8%D8%B1']
>>> [id_from_path(p) for p in ["~.", "~..", "~~.", "a/b", "?x", "%2e", "خبر", "~", "."]]
['.', '..', '~.', 'a/b', '?x', '%2e', 'خبر', '~', '.']
"""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = ["id_from_path", "id_segment"]

# An id that is ``.`` or ``..`` after any number of ``~``: written with one more ``~``.
_DOTS = re.compile(r"~*\.\.?")


def id_segment(article_id: str) -> str:
    """The id as one percent-encoded URL path segment that no URL normalization removes."""
    return quote("~" + article_id if _DOTS.fullmatch(article_id) else article_id, safe="")


def id_from_path(value: str) -> str:
    """The id a decoded path parameter names (the inverse of :func:`id_segment`; a bare ``.``
    or ``..`` that a client sent as it is, ``curl --path-as-is``, names itself)."""
    return value[1:] if value.startswith("~") and _DOTS.fullmatch(value) else value
