"""What a search returns: frozen records that turn into JSON with ``to_dict()``.

Offsets: every highlight is a ``(start, end)`` pair of character offsets.  A :class:`Fragment`
carries its paragraph index and its ``[start, end)`` span in that ORIGINAL paragraph, with
highlights relative to the paragraph; :class:`Snippet` joins the fragments with ``" … "`` into
``text`` and carries the same highlights relative to ``text``.  ``Hit.title_highlights`` are
offsets into ``Hit.title``.  So ``snippet.text[s:e]`` is always the exact original substring
``paragraphs[f.paragraph][ps:pe]``.

>>> f = Fragment(paragraph=0, start=4, end=9, text="دو تین", highlights=((7, 9),))
>>> s = Snippet.join([f])
>>> s.text, s.highlights, s.to_dict()["fragments"][0]["paragraph"]
('دو تین', ((3, 5),), 0)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from akhbar.search.empty import EmptyNote

__all__ = ["FacetCount", "Facets", "Fragment", "Hit", "SearchResult", "Snippet", "by_count"]

#: What joins the fragments of a snippet.
ELLIPSIS = " … "

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Fragment:
    """A window of one paragraph: ``text == paragraph[start:end]``; highlights in the paragraph."""

    paragraph: int
    start: int
    end: int
    text: str
    highlights: tuple[Span, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "highlights": [list(h) for h in self.highlights],
        }


@dataclass(frozen=True, slots=True)
class Snippet:
    """Fragments joined by :data:`ELLIPSIS`; ``highlights`` are offsets into ``text``."""

    text: str
    highlights: tuple[Span, ...]
    fragments: tuple[Fragment, ...]

    @classmethod
    def join(cls, fragments: Sequence[Fragment]) -> Snippet:
        """Join fragments (in the order given), moving their highlights into the joined text."""
        parts: list[str] = []
        spans: list[Span] = []
        offset = 0
        for i, f in enumerate(fragments):
            if i:
                parts.append(ELLIPSIS)
                offset += len(ELLIPSIS)
            parts.append(f.text)
            spans.extend((s - f.start + offset, e - f.start + offset) for s, e in f.highlights)
            offset += len(f.text)
        return cls("".join(parts), tuple(spans), tuple(fragments))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "text": self.text,
            "highlights": [list(h) for h in self.highlights],
            "fragments": [f.to_dict() for f in self.fragments],
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: a near-duplicate cluster, ranked by its best-ranked matching article and
    shown as its earliest published one (the report as it first came out; undated last, ties
    by the first stored).

    ``score`` is ``-bm25`` of the best-ranked one (higher is better; 0.0 for queries of filters
    only); ``similar`` counts the other members of the cluster that match the query as well.
    """

    id: str
    title: str | None
    url: str | None
    source: str | None
    published: datetime | None
    lang: str | None
    score: float
    snippet: Snippet
    title_highlights: tuple[Span, ...]
    similar: int
    cluster_id: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (``published`` as ISO 8601 with its offset)."""
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "lang": self.lang,
            "score": self.score,
            "snippet": self.snippet.to_dict(),
            "title_highlights": [list(h) for h in self.title_highlights],
            "similar": self.similar,
            "cluster_id": self.cluster_id,
        }


@dataclass(frozen=True, slots=True)
class FacetCount:
    """One facet value and how many matching articles have it (``value`` None: not known)."""

    value: str | None
    count: int


def by_count(
    counts: Mapping[str | None, int], fold: Callable[[str], str] | None = None
) -> tuple[FacetCount, ...]:
    """A facet's values, most counted first (then by value, unknown last).  With ``fold``,
    the values it folds alike are one row (``source:`` reads ``Geo.TV`` as ``geo.tv``): their
    counts summed, shown as the spelling counted most (on a tie, the first in sort order).

    >>> by_count({"geo.tv": 2, "Geo.TV": 3, None: 3, "bbc": 1}, fold=str.lower)
    (FacetCount(value='Geo.TV', count=5), FacetCount(value=None, count=3), \
FacetCount(value='bbc', count=1))
    """
    rows: dict[str | None, tuple[int, str | None, int]] = {}  # key: (total, shown, its count)
    for value, n in counts.items():
        k = fold(value) if fold is not None and value is not None else value
        total, shown, best = rows.get(k, (0, value, -1))
        if n > best or (n == best and value is not None and shown is not None and value < shown):
            shown, best = value, n
        rows[k] = (total + n, shown, best)
    xs = [FacetCount(shown, total) for total, shown, _ in rows.values()]
    return tuple(sorted(xs, key=lambda f: (-f.count, f.value is None, f.value or "")))


@dataclass(frozen=True, slots=True)
class Facets:
    """Counts over the whole match set (articles, before clusters are collapsed).

    ``sources`` and ``languages`` by count (then value), the sources folded as ``source:``
    reads them (``Geo.TV`` and ``geo.tv`` one row, shown as the spelling counted most);
    ``months`` (``YYYY-MM`` of the publication time as the source wrote it, in its zone: the
    month a date filter reads) in calendar order, undated articles last as ``None``.
    """

    sources: tuple[FacetCount, ...] = ()
    months: tuple[FacetCount, ...] = ()
    languages: tuple[FacetCount, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: lists of ``{"value": …, "count": …}``."""
        return {
            name: [{"value": f.value, "count": f.count} for f in getattr(self, name)]
            for name in ("sources", "months", "languages")
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of results.

    ``total`` counts hits (clusters collapsed: what paging walks through); ``total_articles``
    counts matching articles (what the facets add up to; None when facets were not asked for
    and it was not computed).  ``query`` is the query as given; ``relaxed_query``, when not
    None, the query that was run instead because ``query`` matched nothing: its phrases as
    words (``SearchConfig.relax_phrases``).  Hits, totals, facets, paging and snippets are
    then all those of ``relaxed_query``.  ``restored_query``, when not None, is ``query`` as
    searched: typed on an Arabic or Persian keyboard, with the Urdu letters it has no key for
    put back (:func:`akhbar.text.keyboard.restore_keyboard`).  ``entity_query``, when not
    None, the query that was run instead because ``query`` (and its phrases as words) matched
    nothing: its names in Latin letters as ``entity:`` filters (``SearchConfig.entity_names``);
    hits and the rest are then its own.  ``suggested_query``, when not None, is a spelling
    suggestion for a query that found nothing (``SearchConfig.suggest``; not run).
    ``variants`` names, for each name of the query run (a word, a name written joined, or on
    the index words typed one after the other) that the archive also spells otherwise, those
    spellings, which the name matched too (``SearchConfig.name_variants``):
    ``(("یوکرائن", ("یوکرین",)),)``, ``(("یو اے ای", ("متحدہ عرب امارات",)),)``: the names as
    typed and the variants as usually written.  ``empty_because``, only when nothing was found
    and the query has filters: why, as far as the filters say (a filter no article passes, with
    what the archive holds instead; :mod:`akhbar.search.empty`); empty otherwise.
    """

    query: str
    hits: tuple[Hit, ...]
    total: int
    total_articles: int | None
    offset: int
    limit: int
    facets: Facets | None
    relaxed_query: str | None = None
    restored_query: str | None = None
    entity_query: str | None = None
    suggested_query: str | None = None
    variants: tuple[tuple[str, tuple[str, ...]], ...] = ()
    empty_because: tuple[EmptyNote, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "query": self.query,
            "relaxed_query": self.relaxed_query,
            "restored_query": self.restored_query,
            "entity_query": self.entity_query,
            "suggested_query": self.suggested_query,
            "variants": {word: list(forms) for word, forms in self.variants},
            "empty_because": [n.to_dict() for n in self.empty_because],
            "total": self.total,
            "total_articles": self.total_articles,
            "offset": self.offset,
            "limit": self.limit,
            "hits": [h.to_dict() for h in self.hits],
            "facets": self.facets.to_dict() if self.facets else None,
        }
