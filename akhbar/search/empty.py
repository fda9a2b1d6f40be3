"""Why a search with filters found nothing: :class:`EmptyNote` and :func:`explain`.

Asked only when a search found nothing and has filters (``SearchResult.empty_because``): each
positive filter is checked alone against the store (``source:``, ``lang:``, a date range,
``entity:``), and a filter no article passes gets a note saying what the archive holds (its
sources and languages, most articles first, at most :data:`MAX_LISTED`; the dates it runs
from and to).  When every filter alone matches something, one note says whether the filters
together match nothing (``filters``) or the words find articles none of which pass the
filters (``words``).  The checks read the store (the system of record, which the index
mirrors), so both backends explain alike, and each stops at the first article found.

>>> note = EmptyNote("source", ("nosuch",), (FacetCount("geo.tv", 300),), more=2)
>>> note.text
"no article has source 'nosuch'; sources: geo.tv (300) and 2 more"
>>> EmptyNote("date", ("2030-01-01", ""), first="2020-01-02", last="2021-05-06").text
'no article is dated on or after 2030-01-01; the archive runs from 2020-01-02 to 2021-05-06'
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from akhbar.search.query import Query, source_key, sources_matching
from akhbar.search.results import FacetCount, by_count

__all__ = ["MAX_LISTED", "EmptyNote", "NoteKind", "explain"]

#: Sources (and languages) a note lists at most, most articles first.
MAX_LISTED = 10

NoteKind = Literal["source", "language", "date", "entity", "filters", "words"]


@dataclass(frozen=True, slots=True)
class EmptyNote:
    """One reason a search found nothing.

    ``kind``: ``source``, ``language``, ``entity`` (``values``: the filter's values as
    parsed, none of which any article has), ``date`` (``values``: the range's first day or
    time, inclusive, and its end, exclusive, ISO 8601, ``""`` when open), ``filters`` (every
    positive filter alone matches articles, all the filters together none: also an excluded
    one that leaves none, ``-lang:ur``) or ``words`` (the words alone
    find articles, none of which pass the filters).  ``known``: what the archive holds instead
    (sources or languages, most articles first, at most :data:`MAX_LISTED`; ``more`` counts
    the others); ``first`` / ``last``: the archive's first and last publication dates
    (``YYYY-MM-DD``, UTC; None when no article is dated).
    """

    kind: NoteKind
    values: tuple[str, ...] = ()
    known: tuple[FacetCount, ...] = ()
    more: int = 0
    first: str | None = None
    last: str | None = None

    @property
    def text(self) -> str:
        """The note in English (the web page has it in Urdu too: ``empty_*`` messages)."""
        listed = ", ".join(
            f"{c.value if c.value is not None else '?'} ({c.count})" for c in self.known
        )
        if self.more:
            listed += f" and {self.more} more"
        values = ", ".join(repr(v) for v in self.values)
        if self.kind == "source":
            return f"no article has source {values}; sources: {listed or 'none'}"
        if self.kind == "language":
            return f"no article has language {values}; languages: {listed or 'none'}"
        if self.kind == "entity":
            return f"no article mentions {values}"
        if self.kind == "date":
            held = (
                f"the archive runs from {self.first} to {self.last}"
                if self.first
                else "no article of the archive is dated"
            )
            return f"no article is dated {date_range(*self.values)}; {held}"
        if self.kind == "filters":
            return "no article passes all the filters together"
        return "the words find articles, but none that pass the filters"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with ``text`` (the note in English)."""
        return {
            "kind": self.kind,
            "text": self.text,
            "values": list(self.values),
            "known": [{"value": c.value, "count": c.count} for c in self.known],
            "more": self.more,
            "first": self.first,
            "last": self.last,
        }


def date_range(start: str, end: str) -> str:
    """A date note's range in words (``end`` exclusive).

    >>> date_range("2030-01-01", ""), date_range("", "2001-01-01")
    ('on or after 2030-01-01', 'before 2001-01-01')
    >>> date_range("2030-01-01", "2030-02-01")
    'on or after 2030-01-01 and before 2030-02-01'
    """
    parts = ([f"on or after {start}"] if start else []) + ([f"before {end}"] if end else [])
    return " and ".join(parts)


def _shown_bound(d: datetime | None) -> str:
    """A date filter's bound as a note shows it: the day alone at midnight."""
    if d is None:
        return ""
    if d.tzinfo is None and (d.hour, d.minute, d.second, d.microsecond) == (0, 0, 0, 0):
        return d.date().isoformat()
    return d.isoformat()


#: What each positive filter kind is on a query: the fields a filter-only query keeps.
_NO_FILTERS: dict[str, Any] = {
    "sources": (),
    "sources_excluded": (),
    "languages": (),
    "languages_excluded": (),
    "published_from": None,
    "published_to": None,
    "local_from": None,
    "local_to": None,
    "excluded_date_ranges": (),
    "entities": (),
    "entity_alternatives": (),
    "entities_excluded": (),
}


def _counted(conn: sqlite3.Connection, column: str, fold: Callable[[str], str]) -> tuple[Any, ...]:
    """The archive's values of ``column`` (``source`` or ``lang``), folded as the filter
    reads them, most articles first: (at most :data:`MAX_LISTED` rows, how many more)."""
    counts = dict(conn.execute(f"SELECT {column}, count(*) FROM articles GROUP BY {column}"))
    rows = [c for c in by_count(counts, fold=fold) if c.value is not None]
    return tuple(rows[:MAX_LISTED]), max(0, len(rows) - MAX_LISTED)


def _dated(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    """The first and last publication days of the archive (UTC), None when none is dated."""
    lo, hi = conn.execute("SELECT min(published_utc), max(published_utc) FROM articles").fetchone()
    return (str(lo)[:10] if lo else None), (str(hi)[:10] if hi else None)


def explain(
    conn: sqlite3.Connection,
    query: Query,
    *,
    source_names: Sequence[str],
    matches_any: Callable[[Query], bool],
    words_find: Callable[[Query], bool],
) -> tuple[EmptyNote, ...]:
    """Why ``query`` (which found nothing) found nothing, as far as its filters say: a note
    for each positive filter no article passes alone, else a ``filters`` or ``words`` note
    (see the module); ``()`` for a query without filters or whose words alone find nothing
    either.  ``matches_any(q)``: whether an article passes the filters of ``q`` (a query of
    filters only, read from the store); ``words_find(q)``: whether ``q`` (the query without
    its filters) finds an article.  ``source_names``: the store's source names.

    >>> from akhbar.search.query import parse_query
    >>> conn = sqlite3.connect(":memory:")
    >>> _ = conn.execute("CREATE TABLE articles (source, lang, published_utc)")
    >>> _ = conn.execute("INSERT INTO articles VALUES ('geo.tv', 'ur', '2021-04-13T05:00')")
    >>> [n.text for n in explain(conn, parse_query("روس source:nosuch"),
    ...     source_names=["geo.tv"], matches_any=lambda q: False, words_find=lambda q: True)]
    ["no article has source 'nosuch'; sources: geo.tv (1)"]
    """
    if not query.has_filters:
        return ()
    words = replace(query, **_NO_FILTERS)
    bare = replace(words, clauses=(), variants=())  # (each filter is checked alone)
    notes: list[EmptyNote] = []
    if query.sources and not sources_matching(query.sources, source_names):
        known, more = _counted(conn, "source", source_key)
        notes.append(EmptyNote("source", query.sources, known, more))
    if query.languages and not matches_any(replace(bare, languages=query.languages)):
        known, more = _counted(conn, "lang", str.lower)
        notes.append(EmptyNote("language", query.languages, known, more))
    ranges = (
        (query.published_from, query.published_to, False),
        (query.local_from, query.local_to, True),
    )
    for lo, hi, local in ranges:
        if lo is None and hi is None:
            continue
        alone = (
            replace(bare, local_from=lo, local_to=hi)
            if local
            else replace(bare, published_from=lo, published_to=hi)
        )
        if not matches_any(alone):
            first, last = _dated(conn)
            shown = (_shown_bound(lo), _shown_bound(hi))
            notes.append(EmptyNote("date", shown, first=first, last=last))
    for group in query.entity_groups:
        one = replace(bare, entities=(), entity_alternatives=(group,))
        if not matches_any(one):
            notes.append(EmptyNote("entity", tuple(v for v, _ in group)))
    if notes:
        return tuple(notes)
    if not matches_any(replace(query, clauses=(), variants=())):
        return (EmptyNote("filters"),)
    if words_find(words):
        return (EmptyNote("words"),)
    return ()
