"""The records that flow through akhbar: :class:`Article` and :class:`Rejected`.

Every reader yields one or the other; later stages (text analysis, entities, dedup) fill the
derived fields with :func:`dataclasses.replace`.  Both are frozen and JSON-serialisable, and
``Article.from_dict(a.to_dict()) == a``.

>>> from datetime import datetime, timedelta, timezone
>>> a = Article(
...     id="a1", url=None, source="parstoday", title="ایران روس تعاون",
...     paragraphs=("پہلا پیراگراف۔",),
...     published=datetime(2021, 4, 13, 19, 56, tzinfo=timezone(timedelta(hours=4.5))),
... )
>>> a.published_utc.isoformat()
'2021-04-13T15:26:00+00:00'
>>> Article.from_dict(a.to_dict()) == a
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = ["Article", "Rejected", "content_id", "reason_kind"]


def content_id(title: str | None, paragraphs: tuple[str, ...] | list[str]) -> str:
    """A stable id from the article's own text, for sources that give none.

    >>> content_id("عنوان", ["متن"]) == content_id("عنوان", ("متن",))
    True
    >>> len(content_id(None, ["متن"]))
    16
    """
    h = hashlib.blake2b(digest_size=8)
    h.update((title or "").encode("utf-8"))
    for p in paragraphs:
        h.update(b"\x00")
        h.update(p.encode("utf-8"))
    return h.hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news article: original text as it came, plus metadata and derived fields."""

    id: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    paragraphs: tuple[str, ...] = ()
    published: datetime | None = None
    tags: tuple[str, ...] = ()
    category: str | None = None
    author: str | None = None
    lang: str | None = None
    raw_ref: str | None = None
    # Derived by later stages.
    sentences: tuple[tuple[int, int, int], ...] = ()  # (paragraph index, start, end)
    cluster_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.published is not None and self.published.tzinfo is None:
            raise ValueError(f"article {self.id}: published must be timezone-aware")

    @property
    def text(self) -> str:
        """The body: paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def published_utc(self) -> datetime | None:
        """Publication time converted to UTC."""
        return self.published.astimezone(UTC) if self.published else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO 8601 with offset)."""
        d = asdict(self)
        d["paragraphs"] = list(self.paragraphs)
        d["tags"] = list(self.tags)
        d["sentences"] = [list(s) for s in self.sentences]
        d["published"] = self.published.isoformat() if self.published else None
        d["published_utc"] = self.published_utc.isoformat() if self.published_utc else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_dict`."""
        published = d.get("published")
        return cls(
            id=d["id"],
            url=d.get("url"),
            source=d.get("source"),
            title=d.get("title"),
            paragraphs=tuple(d.get("paragraphs") or ()),
            published=datetime.fromisoformat(published) if published else None,
            tags=tuple(d.get("tags") or ()),
            category=d.get("category"),
            author=d.get("author"),
            lang=d.get("lang"),
            raw_ref=d.get("raw_ref"),
            sentences=tuple(tuple(s) for s in d.get("sentences") or ()),
            cluster_id=d.get("cluster_id"),
            extra=dict(d.get("extra") or {}),
        )


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record a reader could not turn into an article, and why.

    >>> Rejected("feed.csv:row 17", "empty text").describe()
    'feed.csv:row 17: empty text'
    """

    ref: str
    reason: str

    def describe(self) -> str:
        """One line for logs and the CLI."""
        return f"{self.ref}: {self.reason}"


# What varies from record to record in a rejection reason: quoted values, bracketed details,
# escapes and numbers (a summary counts reasons by what is left, their kind).
_QUOTED = re.compile(r"""(?<!\w)'[^']*'(?!\w)|(?<!\w)"[^"]*"(?!\w)""")
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2})")
_NUMBER = re.compile(r"(?<![\w.-])(?:0x[0-9a-fA-F]+|\d+(?:[.,]\d+)*)(?!\w)")
_SPACES = re.compile(r"\s+")
_DETAIL = re.compile(r"[:(\[]")
_KIND_CHARS = 300  # a kind is said in its first words (a reason can hold a whole header)


def reason_kind(reason: str) -> str:
    """The kind of a rejection reason, which run summaries count: the reason without its
    details (what follows the first colon, quoted values, bracketed parts), escapes, and
    numbers (written ``N``).  Both engines' summaries group by it.

    >>> reason_kind("title too long (5000 chars > limit 4096)")
    'title too long'
    >>> reason_kind("malformed JSON: Expecting value at column 5"), reason_kind("empty text")
    ('malformed JSON', 'empty text')
    >>> reason_kind("column 'a:b' (for field 'text') not in header ['a:b', 'x']")
    'column not in header'
    >>> reason_kind("broken WARC after 12 records (offset 5555): Invalid WARC header")
    'broken WARC after N records'
    >>> reason_kind("lone surrogate escape \\\\ud800 in the field (half of a UTF-16 pair)")
    'lone surrogate escape in the field'
    """
    kind = _QUOTED.sub("", reason[:_KIND_CHARS])
    for _ in range(4):  # innermost brackets first: nested ones too
        kind = _BRACKETED.sub("", kind)
    kind = _DETAIL.split(kind, 1)[0]  # what is left from a colon or an unclosed bracket on
    kind = _SPACES.sub(" ", _NUMBER.sub("N", _ESCAPE.sub("", kind))).strip(" ,;.-")
    head = reason[:_KIND_CHARS]
    return kind or head.split(":", 1)[0].strip() or head
