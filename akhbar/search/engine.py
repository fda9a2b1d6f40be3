"""The search engine over a store: :class:`Archive` (``akhbar.open(db)``) and its ``search``.

Two ways to run a search, one result: when the store has a current search index
(``<db>.index/``, built and kept up to date by ``akhbar index`` — :mod:`akhbar.search.index`)
the query runs there (:mod:`akhbar.search.index_search`: BM25 over title, body, lead and word
pairs, collapsing, facets and total over every match); otherwise — no index, or an index that
does not yet hold the store's newest articles — it runs on the store's FTS5 table as described
below.  ``Archive.backend`` says which one served the last search and ``Archive.index_status``
why the index was not used.  Matching, filters, collapsing, facets and totals are the same
either way; scores and so the order differ (the index ranks better: benchmarks/RETRIEVAL.md).
The page's rows, titles and snippets always come from the store.

The FTS5 path: one statement matches, filters and scores (BM25) the whole match set into a
per-connection temp table (``temp.akhbar_matches``: seq, cluster, date, score, source,
language); the page is the best-ranked rows of it (an ordered ``LIMIT``, so SQLite keeps a top-N
heap instead of sorting every match), collapsed by cluster in Python; the total and the facets
are grouped counts over the same table.  So the FTS5 expression is evaluated once per search
and hits, total and facets see the same snapshot.  Snippets are built only for the page's hits.
sqlite3's statement cache keeps the prepared statements (the SQL text depends only on the
query's shape, never on its words: every value is a bound parameter).  When the store has the
covering index ``articles_search`` (``articles (seq, cluster_id, published_utc, source,
lang)``), matches are joined through it and never read the article row.

Matching (see :mod:`akhbar.search.query` for the syntax):

* The FTS5 expression is built here from analyzer terms, each one double-quoted
  (:mod:`akhbar.search.fts`); it is a bound parameter, so neither FTS5 syntax nor SQL a user
  types is ever executed.  A required word the analyzer cuts in several terms (``+ڈاکٹرحسن``)
  is a phrase; a free-text one is its words (``split_words``, as on the index), but a two-word
  name written joined (``بنگلادیش``), which the query parser makes a phrase.
* Free-text words are alternatives; required parts (``+``, ``title:``) must all match, and the
  free-text words then only rank (they are joined as ``must AND (should OR must)``, so a
  required word counts twice in BM25).
* A free-text word found in the bodies of more than ``common_fraction`` of the articles
  (``کے``, ``میں``; the bodies, as on the index, so both match alike) does not widen the match
  set: FTS5's BM25 gives such a word little or no weight anyway (its IDF is clamped to 1e-6
  past half the articles), so leaving it out only saves scoring most of the archive.  It still
  counts inside phrases and when required, and is kept when every free-text word is that
  common.

Relaxing: a query that matches nothing and holds phrases is run again (either backend: one
code path, :meth:`Archive.search`) with its phrases as their words, excluded phrases and every
filter kept (:func:`~akhbar.search.query.relax_phrases`); ``SearchResult.relaxed_query`` names
the query run, whose hits, totals, facets and snippets the result then holds.  The second run
happens only on zero hits.  ``SearchConfig(relax_phrases=False)`` (or ``relax_phrases=False``
per search) keeps phrases exact.

Ranking (FTS5): ``bm25(articles_fts, title_weight, body_weight)``; ``Hit.score`` is ``-bm25``
(on the index: tantivy's BM25 sum; higher is better either way).  Ties go to the earlier stored
article.  Queries of filters only list the newest first.

Collapsing: articles of one near-duplicate cluster that match the query become one hit, in the
place of the best-ranked of them and with its score, showing the earliest published of them (the
report as it first came out; undated last, ties by the first stored); ``Hit.similar`` counts the
*other matching* members (a member filtered out, e.g. by ``source:``, is not counted). ``total``
counts hits after collapsing; facets count matching articles before it.

>>> import tempfile, pathlib
>>> from akhbar.article import Article
>>> from akhbar.pipeline import prepare_batch
>>> from akhbar.store import Store
>>> db = pathlib.Path(tempfile.mkdtemp()) / "a.db"
>>> with Store.open(db) as store:
...     run = store.begin_run([], {})
...     arts = [Article(id="1", source="x", title="روس", paragraphs=("لاؤروف نے کہا۔",))]
...     _ = store.add_batch(run, prepare_batch(arts))
>>> with Archive.open(db) as archive:
...     result = archive.search("لاوروف")
...     archive.backend
'fts5'
>>> result.total, result.hits[0].id, result.hits[0].snippet.text
(1, '1', 'لاؤروف نے کہا۔')
>>> from akhbar.search.index import sync
>>> _ = sync(db)
>>> with Archive.open(db) as archive:
...     result = archive.search("لاوروف")
...     archive.backend
'index'
>>> result.total, result.hits[0].id, result.hits[0].snippet.text
(1, '1', 'لاؤروف نے کہا۔')
"""

from __future__ import annotations

import json
import operator
import os
import re
import sqlite3
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, Self, SupportsIndex, TypeVar, cast

from akhbar.search.empty import EmptyNote
from akhbar.search.fts import fts_tokens, phrase
from akhbar.search.index import SearchIndex, open_index, store_reanalyzed
from akhbar.search.index_search import NO_VARIANTS, IndexSearch, Variants
from akhbar.search.query import (
    Clause,
    Query,
    QueryError,
    TextItem,
    bare,
    name_entities,
    parse_query,
    relax_phrases,
    source_key,
    sources_matching,
)
from akhbar.search.results import FacetCount, Facets, Hit, SearchResult, by_count
from akhbar.search.snippets import Needle, SnippetConfig, make_snippet
from akhbar.search.spans import ArticleSpans
from akhbar.store.store import Store, analysis_warning
from akhbar.text.analyzer import terms as analyze

if TYPE_CHECKING:
    from akhbar.entities.explore import Candidate

_T = TypeVar("_T")
#: What stands at the start or end of a word as typed but is none of its letters or digits.

__all__ = ["Archive", "SearchConfig", "needles", "open_archive"]

#: Most hits one page may ask for.
MAX_LIMIT = 1000
#: Largest offset (SQLite's integers are 64-bit).
MAX_OFFSET = 2**63 - 1
#: Most entities one name in Latin letters stands for when a search is run again with its
#: names as filters (``Sharif``: the most mentioned Sharifs).
NAME_CANDIDATES = 5
#: Most runs of words in Latin letters of one query read as names (``Imran Khan``: each is
#: matched against the names of the store's most mentioned entities).
MAX_LATIN_RUNS = 6
#: The covering index the engine uses when the store has it: ``articles (seq, cluster_id,
#: published_utc, source, lang)``.
SEARCH_INDEX = "articles_search"


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchConfig:
    """Ranking and snippet settings (weights chosen on the retrieval dev set, see
    benchmarks/RETRIEVAL.md)."""

    #: Search the store's index (``<db>.index``, :mod:`akhbar.search.index`) when it is
    #: current; False (or no current index) searches FTS5 in the store.
    use_index: bool = True
    #: Index ranking: boosts of a word found in the title, in the lead (first body terms), and
    #: of two query words found next to each other early in the body (body: 1).
    index_title_boost: float = 3.0
    lead_boost: float = 0.5
    pair_boost: float = 0.25
    #: Index ranking: a query of more free-text words than this has its title boost scaled by
    #: ``title_boost_words`` / its words (a long query's words in a short title say less about
    #: the article than a short query's do; 0: never scaled).
    title_boost_words: int = 2
    #: Index ranking, second stage: the first ``rerank_depth`` hits gain ``coverage_boost`` x
    #: the IDF sum of the distinct query words the article holds, and ``head_coverage_boost``
    #: x that of those among its first 60 body terms (0: off).
    rerank_depth: int = 16
    coverage_boost: float = 0.2
    head_coverage_boost: float = 0.6
    #: Index ranking, second stage: a query of 3 or more free-text words also gains
    #: ``run_boost`` x the IDF sum of its words x (the longest run of its words standing
    #: together in the article's title or body / its words) ** ``run_power``: what finds the
    #: article a pasted passage (or headline) came from (:mod:`akhbar.search.runs`; 0: off).
    run_boost: float = 1.5
    run_power: float = 4.0
    #: An unquoted free-text word the analyzer cuts in several terms (``ٹی20``) matches and
    #: ranks as that many words (True) or as a phrase (False), on either backend (so both find
    #: the same articles); True measured +0.003 MRR@10 on the index, retrieval dev set
    #: (benchmarks/RETRIEVAL.md).
    split_words: bool = True
    #: Index ranking: each free-text word also looks for its ``expand_neighbours`` nearest
    #: words (:mod:`akhbar.search.semantic`, similarity >= ``expand_min_similarity``) in the
    #: body, boosted by ``expand_boost`` x similarity (0: off; measured no gain on the
    #: retrieval dev set, benchmarks/RETRIEVAL.md).
    expand_neighbours: int = 0
    expand_boost: float = 0.2
    expand_min_similarity: float = 0.5
    #: FTS5 ranking: ``bm25()`` column weights.
    title_weight: float = 5.0
    body_weight: float = 1.0
    #: A free-text word in the bodies of more than this fraction of the articles does not widen
    #: the match set.
    common_fraction: float = 0.5
    #: Index searches: count the total and the facets on a worker thread while the page and
    #: its snippets are made (the same figures, sooner on two cores; no less CPU).
    parallel_counts: bool = True
    #: A query that matches nothing and holds phrases (quoted spans of several words: a pasted
    #: headline the article words a little differently) is run again with the phrases as
    #: their words (:func:`~akhbar.search.query.relax_phrases`; excluded phrases and every
    #: filter kept), and ``SearchResult.relaxed_query`` says so.  False: phrases stay exact
    #: (also per search: ``Archive.search(..., relax_phrases=False)``).  Measured on the
    #: retrieval dev set: benchmarks/RETRIEVAL.md.
    relax_phrases: bool = True
    #: A query that matches nothing (also with its phrases as words) and writes names in Latin
    #: letters that are entities of the store (``Lavrov``, ``Imran Khan``: an Urdu archive
    #: writes them in Urdu) is run again with those names as ``entity:`` filters
    #: (:func:`~akhbar.search.query.name_entities`), and ``SearchResult.entity_query`` says
    #: so.  The names are looked up as ``akhbar entity NAME`` does (English name, gazetteer,
    #: English spelling of a stored name; :func:`akhbar.entities.explore.resolve`), at most
    #: :data:`NAME_CANDIDATES` entities a name.  False: never (also per search).
    entity_names: bool = True
    #: A query that finds nothing (also when run again as above) gets a spelling suggestion
    #: when its words no article holds are each one edit from a word articles hold
    #: (:mod:`akhbar.search.spelling`): ``SearchResult.suggested_query``, never run by itself.
    suggest: bool = True
    #: A search with filters that finds nothing says which filter emptied it
    #: (``SearchResult.empty_because``) when the store answers that within this many seconds;
    #: past it, no note (the checks are stopped: a big store may need a scan for some).
    empty_budget: float = 0.3
    #: FTS5 path (while the index is behind the store): a term's articles, what did-you-mean
    #: and the name variants rank their candidates by, are counted exactly up to
    #: ``count_cap``; beyond it, estimated from where the ``count_cap``-th of them sits among
    #: the store's articles (its first ``count_cap`` articles' share), so that a common word
    #: costs no more to count than a rarer one (FTS5's vocabulary reads a term's whole posting
    #: list: benchmarks/RETRIEVAL.md, "Did you mean").  The index's counts are always exact.
    count_cap: int = 1000
    #: A free-text word that is a one-word name of an entity of the store also matches the
    #: entity's other one-word names that spell it otherwise (``یوکرائن`` / ``یوکرین``, a glued
    #: ``جوبائیڈن`` for ``بائیڈن``) or, for a place or a body of the gazetteer, name it
    #: otherwise (``انڈیا`` / ``بھارت``) (:mod:`akhbar.search.variants`), each scored below
    #: the word typed (on the index); ``SearchResult.variants`` says which.  Not a word in
    #: quotes, an excluded word, nor a variant the query writes itself (``بھارت -انڈیا``).
    #: False: never (also per search: ``name_variants=False``, ``--exact``).
    name_variants: bool = True
    #: Index ranking: a word's variant scores ``variant_boost`` of what the word would (at
    #: most: see ``name_variants``), and a variant that is another name (``بھارت`` for
    #: ``انڈیا``), not a spelling of the word, ``other_name_boost`` of that (chosen on the
    #: retrieval dev set's headlines that write such names, as written and respelled:
    #: benchmarks/RETRIEVAL.md, "Names in another spelling").
    variant_boost: float = 0.8
    other_name_boost: float = 1.0
    #: ... and a loanword's other spelling (``سکیورٹی`` for ``سیکیورٹی``,
    #: :func:`akhbar.search.variants.spelling_variants`) ``spelling_boost`` of that: an outlet
    #: spells a word alike in a headline and its article, so the spelling typed says which
    #: article was meant, and the others are found below it (chosen on the retrieval dev set's
    #: headlines that write such a word, as written and respelled: benchmarks/RETRIEVAL.md,
    #: "Loanwords spelled several ways").
    spelling_boost: float = 0.3
    #: Queries whose parsed and compiled forms each ``Archive`` keeps (most recently used; a
    #: repeated query — the next page, a popular search — skips parsing and compiling;
    #: dropped when the index changes).  0: none kept.
    query_cache: int = 256
    snippet: SnippetConfig = field(default_factory=SnippetConfig)


def _utc_key(d: datetime) -> str:
    """The store's sortable ``published_utc`` form (a naive ``d``: read as UTC)."""
    return (d.replace(tzinfo=UTC) if d.tzinfo is None else d.astimezone(UTC)).isoformat(
        timespec="microseconds"
    )


#: A UTC offset is less than a day: an article further than this from a local time (read as
#: UTC) is on the same side of it in its own zone's time.
_ZONE_SPAN = timedelta(days=1)


def _shifted(d: datetime, by: timedelta) -> datetime:
    """``d + by``, held within the years a datetime has.

    >>> _shifted(datetime(1, 1, 1), -_ZONE_SPAN).year, _shifted(datetime(1, 1, 1), _ZONE_SPAN).day
    (1, 2)
    """
    try:
        return d + by
    except OverflowError:
        return datetime.min if by < timedelta(0) else datetime.max


def _date_sql(lo: datetime | None, hi: datetime | None) -> tuple[str, list[str]]:
    """The condition (alias ``a``) "published in ``[lo, hi)``" and its parameters.  Aware
    bounds are instants (``published_utc``); naive ones local times, compared with the time
    the source wrote (the first 19 characters of ``published``, read only for the articles
    within :data:`_ZONE_SPAN` of the bound: ``published_utc``, indexed, places the rest).

    >>> _date_sql(datetime(2021, 5, 1), None)[0]
    'a.published_utc >= ? AND (a.published_utc >= ? OR substr(a.published, 1, 19) >= ?)'
    """
    parts: list[str] = []
    params: list[str] = []
    for bound, op in ((lo, ">="), (hi, "<")):
        if bound is None:
            continue
        if bound.tzinfo is not None:
            parts.append(f"a.published_utc {op} ?")
            params.append(_utc_key(bound))
            continue
        near, far = (-_ZONE_SPAN, _ZONE_SPAN) if op == ">=" else (_ZONE_SPAN, -_ZONE_SPAN)
        parts.append(
            f"a.published_utc {op} ? AND (a.published_utc {op} ? "
            f"OR substr(a.published, 1, 19) {op} ?)"
        )
        params.extend(
            (
                _utc_key(_shifted(bound, near)),
                _utc_key(_shifted(bound, far)),
                bound.isoformat(timespec="seconds"),
            )
        )
    return " AND ".join(parts), params


#: SQLite virtual-machine steps between two checks of a search's time budget
#: (``SearchConfig.empty_budget``).
_BUDGET_STEPS = 1_000


#: Each term of a JSON list (``?2``) with, of the articles FTS5 reads first for it (in rowid
#: order, at most ``?1``), how many and the last one's rowid, as a JSON array.  A term is
#: quoted as one FTS5 string (a single token: :meth:`Archive._doc_frequencies` passes no other).
_CAPPED_COUNTS = (
    "SELECT t.value, (SELECT json_array(count(*), max(r)) FROM (SELECT rowid AS r "
    "FROM articles_fts WHERE articles_fts MATCH '\"' || replace(t.value, '\"', '\"\"') || "
    "'\"' ORDER BY rowid LIMIT ?1)) FROM json_each(?2) AS t"
)


def _capped_counts(
    rows: Sequence[tuple[str, int, int | None]], cap: int, articles: int
) -> dict[str, int]:
    """The articles holding each term, from ``(term, n, last)`` rows (:data:`_CAPPED_COUNTS`:
    its first ``n`` articles, at most ``cap``, the last of them at rowid ``last``), of a store
    whose rowids go up to ``articles``: ``n`` when under the cap, else the share of the
    articles up to ``last`` that hold it, of all of them (at least ``cap``, at most
    ``articles``); a term none holds left out.

    >>> _capped_counts([("a", 3, 90), ("b", 0, None), ("c", 10, 100)], 10, 1000)
    {'a': 3, 'c': 100}
    """
    out: dict[str, int] = {}
    for term, n, last in rows:
        if n >= cap and last:
            out[term] = min(max(cap, round(n * articles / last)), max(articles, cap))
        elif n > 0:
            out[term] = n
    return out


def _item_fts(item: TextItem, variants: Variants = NO_VARIANTS) -> str:
    """The FTS5 expression of a word or phrase (a name's variants as alternatives)."""
    expr = phrase(item.terms)
    if not expr:
        return ""
    name = item.name
    if name is not None and variants.get(name):
        alternatives = [expr, *(e for v in variants[name] if (e := phrase(v.split(" "))))]
        if len(alternatives) > 1:
            expr = "(" + " OR ".join(alternatives) + ")"
    return f"analyzed_title : ({expr})" if item.title_only else expr


def _with_whole(parts: list[tuple[str, str, str | None]], whole: str | None) -> list[str]:
    """The expressions of a free-text clause's parts, and of its whole phrase if it has one."""
    return [e for e, _, _ in parts] + ([whole] if whole else [])


def _single_token(term: str) -> str:
    """The one FTS5 token of ``term``, or ``""`` when it has several (or none)."""
    toks = fts_tokens(term)
    return toks[0] if len(toks) == 1 else ""


class _Common(NamedTuple):
    """What a search left out of matching as too common: free-text clauses (their indices),
    and words of split words (:func:`split_words`) whose other words matched."""

    clauses: frozenset[int] = frozenset()
    words: frozenset[str] = frozenset()


def _clause_fts(clause: Clause, variants: Variants = NO_VARIANTS) -> str:
    parts = [p for p in (_item_fts(a, variants) for a in clause.alternatives) if p]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def split_words(clause: Clause) -> tuple[str, ...] | None:
    """The words of a free-text clause that is one unquoted word the analyzer cuts in several
    terms (``سےبعد`` → ``سے``, ``بعد``; ``ٹی20`` → ``ٹی``, ``20``), else None.  With
    ``SearchConfig.split_words`` such a word matches and ranks as those words, as if typed with
    the spaces, on either backend (:meth:`IndexSearch._free_words`).

    >>> [split_words(c) for c in parse_query('سےبعد روس "ٹی20" +ٹی20').clauses]
    [('سے', 'بعد'), None, None, None]
    """
    if clause.occur != "should" or len(clause.alternatives) != 1:
        return None
    item = clause.alternatives[0]
    if item.title_only or item.phrase or len(item.terms) < 2:
        return None
    return item.terms


def needles(
    query: Query,
    skip: frozenset[int] = frozenset(),
    *,
    split: bool = False,
    skip_words: frozenset[str] = frozenset(),
) -> list[Needle]:
    """The FTS5 token sequences snippets look for: one per positive word or phrase (clauses
    whose index is in ``skip`` left out: the common words that did not take part in matching).
    With ``split``, a word the analyzer cuts in several terms (:func:`split_words`) is looked
    for whole and as each of its words but those in ``skip_words`` (too common to match).

    >>> needles(parse_query('روس "وزیر خارجہ" -ایران'))
    [('روس',), ('وزیر', 'خارجہ')]
    >>> needles(parse_query("سےبعد"), split=True, skip_words=frozenset({"سے"}))
    [('سے', 'بعد'), ('بعد',)]

    A word's variants (:attr:`Query.variants`) are looked for too.
    """
    out: list[Needle] = []
    variants = query.variant_map
    for n, c in enumerate(query.clauses):
        if c.occur == "must_not" or n in skip:
            continue
        for a in c.alternatives:
            more = variants.get(a.name, ()) if a.name is not None else ()
            for terms in (a.terms, *(tuple(v.split(" ")) for v in more)):
                toks = tuple(p for t in terms for p in fts_tokens(t))
                if toks and toks not in out:
                    out.append(toks)
        words = split_words(c) if split else None
        for word in words or ():
            toks = fts_tokens(word)
            if toks and word not in skip_words and toks not in out:
                out.append(toks)
    for variant in query.run_variants:
        toks = tuple(p for t in variant.split(" ") for p in fts_tokens(t))
        if toks and toks not in out:
            out.append(toks)
    return out


class Archive:
    """A read-only search connection to one akhbar store; use as a context manager.

    One ``Archive`` per thread (it holds one SQLite connection).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        config: SearchConfig,
        index: SearchIndex | None = None,
    ) -> None:
        """Use :meth:`open` (or ``akhbar.open``)."""
        self._conn = conn
        self.path = path
        self.config = config
        #: What was read from the store's entities for queries — the entities of ``entity:``
        #: values (:meth:`_entity_ids`), the variants of words (:meth:`_with_variants`) — and
        #: the store's ``PRAGMA data_version`` they were read at (:meth:`_store_cached`).
        self._store_cache: dict[tuple[str, str], Any] = {}
        self._store_version: int | None = None
        self._index = (
            IndexSearch(index, conn, config, self._entity_ids) if index is not None else None
        )
        #: What the last search ran on: ``"index"`` (the tantivy index) or ``"fts5"``.
        self.backend = "fts5"
        #: Why the index is not used (empty when it is).
        self.index_status = "" if index is not None else "no index (run `akhbar index`)"
        if not config.use_index:
            self.index_status = "index not used (SearchConfig.use_index is False)"
        self._use_index()
        self._sources: tuple[str, ...] | None = None
        #: ``PRAGMA data_version`` when ``_sources`` was read (another connection's commit, an
        #: ingest, changes it: the names are read again).
        self._sources_version: int | None = None
        self._parsed: OrderedDict[str, Query] = OrderedDict()
        self._body_vocab = False
        self._temp = False
        # A covering index over what matching, collapsing and facets read (the proposed schema
        # migration ``articles_search``): with it, a match never touches the article's row,
        # whose late columns (cluster_id, published_utc) sit behind its body in overflow pages.
        has_index = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (SEARCH_INDEX,)
        ).fetchone()
        self._articles = f"articles a INDEXED BY {SEARCH_INDEX}" if has_index else "articles a"

    @classmethod
    def open(cls, path: str | os.PathLike[str], config: SearchConfig | None = None) -> Archive:
        """Open the store at ``path`` for searching (read-only; the schema must be current)."""
        cfg = config or SearchConfig()
        store = Store.open(path, readonly=True)
        index = open_index(store.path) if cfg.use_index else None
        return cls(store.connection, store.path, cfg, index)

    def _use_index(self) -> IndexSearch | None:
        """The index search if the index holds everything the store does (re-read when the
        store has grown since it was opened), else None (FTS5 serves the search)."""
        if self._index is None:
            return None
        row = self._conn.execute("SELECT max(seq) FROM articles").fetchone()
        store_max = int(row[0] or 0)
        index = self._index.index
        if not index.current(self._conn, store_max) and index.changed():
            index.reload()
        if index.current(self._conn, store_max):
            self.backend, self.index_status = "index", ""
            return self._index
        self.backend = "fts5"
        if index.watermark == store_max and index.reanalyzed != store_reanalyzed(self._conn):
            self.index_status = (
                "the store was re-analyzed since the index was built: searching FTS5; run "
                "`akhbar index`"
            )
        else:
            self.index_status = (
                f"index not current (it holds articles up to {index.watermark}, the store up "
                f"to {store_max}): searching FTS5; run `akhbar index`"
            )
        return None

    def analysis_warning(self) -> str:
        """Why searches can miss articles: some were analyzed by another akhbar's analyzer
        (their stored terms use keys a query no longer computes).  A message naming the
        command that fixes it (``akhbar reanalyze``), or ``""`` (two index look-ups: cheap
        enough to ask before every search)."""
        return analysis_warning(self._conn, self.path)

    def close(self) -> None:
        """Close the connection (and stop the index search's counting thread)."""
        if self._index is not None:
            self._index.close()
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ---- compiling a query ----------------------------------------------------------------

    def _parse(self, text: str) -> Query:
        """``parse_query(text)``, remembered for the last ``config.query_cache`` texts."""
        size = self.config.query_cache
        if size <= 0 or not isinstance(text, str):  # (parse_query says what a query must be)
            return parse_query(text)
        parsed = self._parsed.get(text)
        if parsed is None:
            parsed = self._parsed[text] = parse_query(text)
            if len(self._parsed) > size:
                del self._parsed[next(iter(self._parsed))]
        else:
            self._parsed.move_to_end(text)
        return parsed

    def _doc_frequency(self, term: str) -> int:
        """How many articles hold ``term`` (:meth:`_doc_frequencies` of one)."""
        return self._doc_frequencies([term]).get(term, 0)

    def _body_frequency(self, token: str) -> int:
        """How many articles hold the FTS5 token ``token`` in their body: what makes a word too
        common to widen the match set, on the index too (its body's document frequency), so
        that both find the same articles (a headline archive's ``کا`` is in most titles, not
        in most bodies)."""
        if not self._body_vocab:
            self._conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.akhbar_search_vocab_col "
                "USING fts5vocab(main, articles_fts, col)"
            )
            self._body_vocab = True
        row = self._conn.execute(
            "SELECT doc FROM temp.akhbar_search_vocab_col WHERE term = ? AND col = ?",
            (token, "analyzed_body"),
        ).fetchone()
        return int(row[0]) if row else 0

    def _match_expression(self, query: Query) -> tuple[str, str, _Common]:
        """The FTS5 expressions of the positive and of the excluded clauses, and what was left
        out of matching as too common: free-text clauses, and words of split words."""
        variants = query.variant_map
        must = [e for c in query.clauses if c.occur == "must" and (e := _clause_fts(c, variants))]
        nots = [e for c in query.clauses if c.occur == "must_not" and (e := _clause_fts(c))]
        # Each free-text clause as its expressions, each with its one FTS5 token when it is a
        # single plain word (what may be too common) and the word itself when it is one of a
        # split word's: a split word is its words (as on the index), and its whole phrase
        # ranks too (it matches nothing its words do not, so the match set stays the index's).
        should_clauses: list[tuple[int, list[tuple[str, str, str | None]]]] = []
        wholes: dict[int, str] = {}
        for n, c in enumerate(query.clauses):
            if c.occur != "should":
                continue
            words = split_words(c) if self.config.split_words else None
            parts: list[tuple[str, str, str | None]]
            if words is not None:
                parts = [(e, _single_token(w), w) for w in words if (e := phrase((w,)))]
                if parts and (whole := _clause_fts(c)):
                    wholes[n] = whole
            elif expr := _clause_fts(c, variants):
                alt = c.alternatives[0]
                single = len(c.alternatives) == 1 and len(alt.terms) == 1 and not alt.title_only
                parts = [(expr, _single_token(alt.terms[0]) if single else "", None)]
            else:
                continue
            if parts:
                should_clauses.append((n, parts))
        should = [e for n, parts in should_clauses for e in _with_whole(parts, wholes.get(n))]
        # A run of words that is a name: its other spellings as alternatives (never common).
        runs = [e for v in query.run_variants if (e := phrase(v.split(" ")))]
        common: set[int] = set()
        common_words: set[str] = set()
        if should and self.config.common_fraction < 1.0:
            articles = int(self._conn.execute("SELECT max(seq) FROM articles").fetchone()[0] or 0)
            limit = articles * self.config.common_fraction
            keep = []
            for n, parts in should_clauses:
                dropped = 0
                for expr, token, word in parts:
                    if token and self._body_frequency(token) > limit:
                        dropped += 1
                        if word is not None:
                            common_words.add(word)
                        continue
                    keep.append(expr)
                if dropped == len(parts):
                    common.add(n)
                elif n in wholes:
                    keep.append(wholes[n])
            if keep or must:
                should = keep
            else:
                common.clear()
                common_words.clear()
        should += runs
        positive = ""
        if must and should:
            positive = " AND ".join(must) + " AND (" + " OR ".join(should + must) + ")"
        elif must:
            positive = " AND ".join(must)
        elif should:
            positive = " OR ".join(should)
        return positive, " OR ".join(nots), _Common(frozenset(common), frozenset(common_words))

    def _source_names(self) -> tuple[str, ...]:
        """The store's source names (read again when the store has changed)."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if self._sources is None or version != self._sources_version:
            self._sources_version = version
            self._sources = tuple(
                r[0]
                for r in self._conn.execute(
                    "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL"
                )
            )
        return self._sources

    def _filters(self, query: Query, positive: bool) -> tuple[list[str], list[Any]]:
        """SQL conditions on ``a`` (articles) and their parameters."""
        where: list[str] = []
        params: list[Any] = []
        # every group: one of its entities mentioned; the excluded: none of them
        for group, negated in [(g, False) for g in query.entity_groups] + (
            [(query.entities_excluded, True)] if query.entities_excluded else []
        ):
            either = []
            for value, pos in group:
                from akhbar.entities.explore import mentioning_condition

                try:
                    condition, values = mentioning_condition(self._entity_ids(value))
                except LookupError as exc:
                    raise QueryError(f"entity:{value} — {exc}", pos) from None
                either.append("a." + condition)
                params.extend(values)
            condition = " OR ".join(either)
            where.append(f"NOT ({condition})" if negated else f"({condition})")
        if query.sources:
            names = sources_matching(query.sources, self._source_names())
            where.append(f"a.source IN ({', '.join('?' * len(names))})" if names else "0")
            params.extend(names)
        if query.sources_excluded:
            names = sources_matching(query.sources_excluded, self._source_names())
            if names:
                where.append(
                    f"(a.source IS NULL OR a.source NOT IN ({', '.join('?' * len(names))}))"
                )
                params.extend(names)
        if query.languages:
            where.append(f"lower(a.lang) IN ({', '.join('?' * len(query.languages))})")
            params.extend(query.languages)
        if query.languages_excluded:
            where.append(
                f"(a.lang IS NULL OR lower(a.lang) NOT IN "
                f"({', '.join('?' * len(query.languages_excluded))}))"
            )
            params.extend(query.languages_excluded)
        for lo, hi in (
            (query.published_from, query.published_to),
            (query.local_from, query.local_to),
        ):
            if lo is not None or hi is not None:
                cond, bound = _date_sql(lo, hi)
                where.append(f"({cond})")
                params.extend(bound)
        for lo, hi in query.excluded_date_ranges:
            cond, bound = _date_sql(lo, hi)
            where.append(f"(a.published_utc IS NULL OR NOT ({cond}))")
            params.extend(bound)
        return where, params

    def _match_set(self, query: Query) -> tuple[str, list[Any], bool, _Common]:
        """``FROM … WHERE …`` of the matching articles (alias ``a``), its parameters, whether
        it is ranked, and what was left out as too common."""
        positive, excluded, common = self._match_expression(query)
        if not positive and not query.has_filters:
            raise QueryError("nothing to search for: no searchable words in the query", 0)
        where, params = self._filters(query, bool(positive))
        if positive:
            expr = f"({positive}) NOT ({excluded})" if excluded else positive
            sql = (
                f"FROM articles_fts JOIN {self._articles} ON a.seq = articles_fts.rowid "
                "WHERE articles_fts MATCH ?"
            )
            return sql + "".join(f" AND {w}" for w in where), [expr, *params], True, common
        if excluded:
            where.append("a.seq NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(excluded)
        return (
            f"FROM {self._articles} WHERE " + (" AND ".join(where) or "1"),
            params,
            False,
            common,
        )

    # ---- searching ------------------------------------------------------------------------

    def search(
        self,
        query: str | Query,
        limit: int = 10,
        offset: int = 0,
        *,
        facets: bool = True,
        snippets: bool = True,
        relax_phrases: bool | None = None,
        entity_names: bool | None = None,
        name_variants: bool | None = None,
        exact: bool = False,
    ) -> SearchResult:
        """One page of hits for ``query`` (a string in the query language, or a parsed
        :class:`Query`), with facets over all matches.  Raises :class:`QueryError` for a
        malformed query; any string is safe to pass.

        A query that matches nothing is run again with its phrases as words when it has any
        and ``relax_phrases`` (default: ``SearchConfig.relax_phrases``) is true; the result's
        ``relaxed_query`` then names the query run (see :attr:`SearchConfig.relax_phrases`).
        If that finds nothing either, and ``entity_names`` (default:
        ``SearchConfig.entity_names``), names in Latin letters become ``entity:`` filters; the
        result's ``entity_query`` then names the query run.  Words that are names the archive
        also spells otherwise match those spellings too when ``name_variants`` (default:
        ``SearchConfig.name_variants``); the result's ``variants`` names them.  ``exact``: the
        query as typed, none of these (``--exact``, the API's ``exact=true``).
        """
        if exact:
            relax_phrases = entity_names = name_variants = False
        limit = _count("limit", limit, MAX_LIMIT)
        offset = _count("offset", offset, MAX_OFFSET)
        parsed = query if isinstance(query, Query) else self._parse(query)
        varied = self._with_variants(parsed, name_variants)
        result = self._search(varied, limit, offset, facets, snippets)
        result = replace(result, variants=_shown_variants(varied))
        if parsed.keyboard_text is not None:
            result = replace(result, restored_query=parsed.keyboard_text)
        if result.total == 0:
            for retry, how in self._retries(parsed, relax_phrases, entity_names):
                again_query = self._with_variants(retry, name_variants)
                try:
                    again = self._search(again_query, limit, offset, facets, snippets)
                except QueryError:  # a name the store resolves otherwise now: as found
                    continue
                if again.total:
                    named = how == "entity_query"
                    return replace(
                        again,
                        query=parsed.text,
                        restored_query=parsed.keyboard_text,
                        relaxed_query=None if named else again_query.text,
                        entity_query=again_query.text if named else None,
                        variants=_shown_variants(again_query),
                    )
            if self.config.suggest:
                result = replace(result, suggested_query=self._suggestion(parsed))
            if varied.has_filters:
                result = replace(result, empty_because=self._empty_because(varied))
        return result

    def _empty_because(self, query: Query) -> tuple[EmptyNote, ...]:
        """Why ``query``, which found nothing, found nothing as far as its filters say
        (:func:`akhbar.search.empty.explain`): its filters checked on the store, each up to
        the first article that passes it; its words, without the filters, on the backend."""
        from akhbar.search.empty import explain

        def matches_any(filters: Query) -> bool:
            from_where, params, _, _ = self._match_set(filters)
            sql = f"SELECT 1 {from_where} LIMIT 1"
            return self._conn.execute(sql, params).fetchone() is not None

        def words_find(words: Query) -> bool:
            return bool(words.clauses) and self._finds_any(words)

        # Bounded: on a big store a filter's check can scan (a date range past the archive's
        # end, a language no article has); past the budget SQLite stops it and no note is given.
        deadline = time.monotonic() + self.config.empty_budget

        def past_budget() -> int:
            return int(time.monotonic() > deadline)

        self._conn.set_progress_handler(past_budget, _BUDGET_STEPS)
        try:
            return explain(
                self._conn,
                query,
                source_names=self._source_names(),
                matches_any=matches_any,
                words_find=words_find,
            )
        except (QueryError, sqlite3.OperationalError):  # (the search itself ran: no note)
            return ()
        finally:
            self._conn.set_progress_handler(None, 0)

    def marks(self, query: str, *, exact: bool = False, article: str | None = None) -> list[Needle]:
        """What a hit of ``query`` marks in its article, as its snippet does (:func:`needles`:
        the FTS5 tokens of each positive word and phrase, of the names' variants a search of it
        would match too, unless ``exact``, and of the words of a split word, but the words too
        common to match; with ``article``, an id, also how that article names the entities
        of the query's ``entity:`` filters); raises :class:`QueryError` for a malformed
        query."""
        parsed = self._with_variants(self._parse(query), False if exact else None)
        _, _, common = self._match_expression(parsed)
        wanted = needles(
            parsed, common.clauses, split=self.config.split_words, skip_words=common.words
        )
        row = None
        if article is not None and parsed.entity_groups:
            row = self._conn.execute("SELECT seq FROM articles WHERE id = ?", (article,)).fetchone()
        if row is not None:
            named = self._mention_needles(parsed, [int(row[0])]).get(int(row[0]), [])
            wanted += [n for n in named if n not in wanted]
        return wanted

    def _suggestion(self, query: Query) -> str | None:
        """``query`` with each word no article holds spelled as the word one edit away that
        the most articles hold (:mod:`akhbar.search.spelling`), when that query finds
        something; else None.  Only single words are corrected (not phrases, not excluded
        words); the query's filters stay."""
        from akhbar.search.spelling import correct, shown_form

        # (positions of the query as searched: the same as typed, keyboard repair keeps them)
        text = query.keyboard_text or query.text
        edits: list[tuple[int, int, str]] = []
        for clause in query.clauses:
            if clause.occur == "must_not":
                continue
            for item in clause.alternatives:
                start = item.end - len(item.raw)
                if item.phrase or len(item.terms) != 1 or text[start : item.end] != item.raw:
                    continue
                fixed = correct(item.terms[0], self._doc_frequencies)
                if fixed is not None:
                    edits.append((start, item.end, shown_form(fixed)))
        if not edits:
            return None
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
        try:
            return text if self._finds_any(self._parse(text)) else None
        except QueryError:
            return None

    def _doc_frequencies(self, words: list[str]) -> dict[str, int]:
        """How many articles hold each of ``words`` (analyzer terms; those none holds left
        out): from the search index's term dictionaries when it serves the search
        (:meth:`IndexSearch.doc_frequencies`), else from the store's full-text index, counted
        exactly up to ``SearchConfig.count_cap`` and estimated beyond (:func:`_capped_counts`)."""
        from akhbar.search.spelling import chunks

        indexed = self._use_index()
        if indexed is not None:
            return indexed.doc_frequencies(words)
        cap = max(1, self.config.count_cap)
        articles = int(self._conn.execute("SELECT max(seq) FROM articles").fetchone()[0] or 0)
        # (a term FTS5 would cut or fold is no token of the vocabulary: none holds it)
        tokens = [w for w in dict.fromkeys(words) if fts_tokens(w) == (w,)]
        out: dict[str, int] = {}
        for part in chunks(tokens):
            rows = self._conn.execute(_CAPPED_COUNTS, (cap, json.dumps(part)))
            read = [(term, *json.loads(counted)) for term, counted in rows]
            out.update(_capped_counts(read, cap, articles))
        return out

    def _retries(
        self, parsed: Query, relax: bool | None, names: bool | None
    ) -> Iterator[tuple[Query, str]]:
        """The queries to run, in order, when ``parsed`` matched nothing, each with the
        ``SearchResult`` field that names it: its phrases as words, then its names in Latin
        letters as ``entity:`` filters (of the query with its phrases as words, if relaxing)."""
        loose = self._relaxed(parsed) if self._relaxing(relax) else None
        if loose is not None:
            yield loose, "relaxed_query"
        if self.config.entity_names if names is None else names:
            named = self._named(loose or parsed)
            if named is not None:
                yield named, "entity_query"

    def _named(self, query: Query) -> Query | None:
        """``query`` with its names in Latin letters as ``entity:`` filters
        (:func:`name_entities`), or None when it names no entity of the store.  The filters
        name the entities in Urdu; where the query as parsed would not hold a name as written
        (the parser's keyboard repair reads the whole query: five words of a Persian layout's
        letters), by their ``#id``."""
        from akhbar.entities.explore import filter_value

        found: dict[str, list[Candidate]] = {}
        values: dict[str, list[str]] = {}

        def names(name: str) -> list[str]:
            if name not in values:
                found[name] = self._latin_entities(name)
                values[name] = list(dict.fromkeys(filter_value(self._conn, c) for c in found[name]))
            return values[name]

        def ids(name: str) -> list[str]:
            return [f"#{c.id}" for c in found.get(name, ())]

        for lookup in (names, ids):
            text = name_entities(query.text, lookup)
            if text is None:
                return None
            try:
                named = self._parse(text)
            except QueryError:
                continue
            given = {v for n in found for v in lookup(n)}
            held = {v for g in (*named.entity_groups, named.entities_excluded) for v, _ in g}
            if given <= held:
                return named
        return None

    def _latin_entities(self, name: str) -> list[Candidate]:
        """The (at most :data:`NAME_CANDIDATES` most mentioned) entities a name in Latin
        letters means (:func:`akhbar.entities.explore.resolve`)."""
        from akhbar.entities.explore import resolve
        from akhbar.search.romanized import english_stop_words

        if name in english_stop_words():  # (in lower case: a word of an English sentence)
            return []
        try:
            return resolve(self._conn, name)[:NAME_CANDIDATES]
        except sqlite3.OperationalError:  # a store from before entities: no names
            return []

    def _with_variants(self, query: Query, on: bool | None) -> Query:
        """``query`` with the variants of its names (:attr:`Query.variants`,
        :func:`akhbar.search.variants.name_variants`) when ``on`` (default:
        ``SearchConfig.name_variants``): of its unquoted words and names written joined, and,
        on the index, of its runs of words (:attr:`Query.name_runs`); each name's are read
        once per store state."""
        from akhbar.search.romanized import english_prose
        from akhbar.search.variants import (
            MAX_READ_WORDS,
            acronym_spellings,
            compound_spellings,
            is_latin,
            latin_variants,
            name_variants,
            readable,
            spellable,
            spelling_variants,
            through_runs,
        )

        if not (self.config.name_variants if on is None else on):
            return query
        # An excluded word is excluded as typed; a variant the query itself writes is its own
        # word (``بھارت -انڈیا`` asks for one spelling and not the other).
        names = [
            a.name
            for c in query.clauses
            if c.occur != "must_not"
            for a in c.alternatives
            if a.name is not None
        ]
        if self._use_index() is not None:
            # Runs of words that are a name (``سعودی عرب``) on the index only: there a variant
            # scores for the words the run's spelling lacks; FTS5 cannot weigh it (its bm25()
            # counted a variant phrase as much as the words: benchmarks/RETRIEVAL.md).
            names += [name for name, _ in query.name_runs]
        own = {t for c in query.clauses for a in c.alternatives for t in a.terms}
        own |= {" ".join(a.terms) for c in query.clauses for a in c.alternatives}
        names = list(dict.fromkeys(names))

        def look_up(missing: list[str]) -> list[tuple[str, ...]]:  # (one query for all)
            got = name_variants(self._conn, missing, self._doc_frequency)
            # An acronym typed as its letters also in Latin letters (آئی ایم ایف: IMF), its
            # number as typed: ٹی ٹوئنٹی also finding ٹی 20 ranked the articles that write
            # ٹی ٹوئنٹی, as the query, below others (benchmarks/RETRIEVAL.md).
            latin = acronym_spellings(missing, self._doc_frequency, numbers=False)
            # A compound written joined or spaced (وزیراعظم / وزیر اعظم): the other way too.
            both = compound_spellings(missing, self._doc_frequency)
            # A loanword the news spells several ways (سیکیورٹی / سکیورٹی): the others too.
            spelled = spelling_variants(missing, self._doc_frequency)
            return [
                tuple(
                    dict.fromkeys(
                        got.get(name, ())
                        + latin.get(name, ())
                        + both.get(name, ())
                        + spelled.get(name, ())
                    )
                )
                for name in missing
            ]

        # A name typed in Latin letters (``IMF``, ``Iran``): what the archive writes for it in
        # Urdu letters.  (Keyed by the name as typed: ``IMF`` is an acronym, ``imf`` only one
        # the news writes.)
        words = {
            bare(a.raw): a.name
            for c in query.clauses
            if c.occur != "must_not"
            for a in c.alternatives
            if a.name is not None and is_latin(bare(a.raw))
        }
        typed = dict(words)
        if self._use_index() is not None:
            # (a pasted English sentence has dozens of runs, each read as a name costs 10-15 ms:
            # the first few, typed in capitals first, the shortest first)
            latin_runs = [(t, name) for name, t in query.name_runs if is_latin(t)]
            latin_runs.sort(
                key=lambda r: (not all(w[:1].isupper() for w in r[0].split()), r[0].count(" "))
            )
            typed.update(latin_runs[:MAX_LATIN_RUNS])
        latin = list(typed)
        # (the first few words in lower case may be read as the Urdu words they spell, each
        # 10-40 ms the first time: MAX_READ_WORDS; the others are looked up as names only, and
        # kept apart: a word's reading is not what a query that could not spell it found)
        # (none of a pasted English sentence: romanized.english_prose)
        # (a word with a capital too, when no name step reads it, unless the query has another:
        # Cricket, Hukumat typed first on a phone, Biden; Imran Khan is a name of two words)
        capitals = [t for t in words if spellable(t) and not readable(t)]
        spell = {t for t in latin if readable(t) or (spellable(t) and capitals == [t])}
        if english_prose(query.text):
            spell = set()
        spell = set(sorted(spell, key=latin.index)[:MAX_READ_WORDS])

        def look_up_latin(missing: list[str]) -> list[tuple[str, ...]]:
            pairs = [(typed[t], t) for t in missing]
            got = latin_variants(self._conn, pairs, self._doc_frequency, spell)
            return [got.get(typed[t], ()) for t in missing]

        found: dict[str, tuple[str, ...]] = {}
        kept = self._store_cached_many("variants", names, look_up)
        for name, variants in zip(names, kept, strict=True):
            more = tuple(v for v in variants if v not in own)
            if more:
                found[name] = more
        spelled = [t for t in latin if t in spell]
        names_only = [t for t in latin if t not in spell]
        by_typed = dict(
            zip(spelled, self._store_cached_many("latin", spelled, look_up_latin), strict=True)
        )
        names_read = self._store_cached_many("latin-names", names_only, look_up_latin)
        by_typed.update(zip(names_only, names_read, strict=True))
        kept_latin = [by_typed[t] for t in latin]
        read = through_runs({typed[t]: vs for t, vs in zip(latin, kept_latin, strict=True) if vs})
        # Only when every name in Latin letters reads so: else the query goes on as typed, and
        # if it finds nothing its names become entity: filters together (``Lavrov Iran``:
        # the articles that name both, not every article naming Iran).  A word in lower case
        # is a word (``cricket``, ``hukumat``: variants.latin_variants), which need not read.
        covered = {w for name in read for w in name.split(" ")}
        names_typed = [n for t, n in words.items() if not readable(t)]
        if all(set(n.split(" ")) <= covered for n in names_typed):
            for name, variants in read.items():
                more = tuple(v for v in variants if v not in own and v not in found.get(name, ()))
                if more:
                    found[name] = found.get(name, ()) + more
        return replace(query, variants=tuple(found.items())) if found else query

    def _relaxing(self, relax: bool | None) -> bool:
        return self.config.relax_phrases if relax is None else bool(relax)

    def _relaxed(self, query: Query) -> Query | None:
        """``query`` with its phrases as words (:func:`relax_phrases`), or None when it has no
        phrase to relax (or the relaxed text is not a query: over the length limit)."""
        text = relax_phrases(query.text)
        if text is None:
            return None
        try:
            return self._parse(text)
        except QueryError:
            return None

    def _search(
        self, parsed: Query, limit: int, offset: int, facets: bool, snippets: bool
    ) -> SearchResult:
        """:meth:`search` of a parsed query, as it is (no relaxing)."""
        indexed = self._use_index()
        if indexed is not None:
            # The snippets are made while the total and the facets are being counted.
            pending = indexed.start(parsed, limit, offset, facets)
            skipped = _Common(pending.common, pending.common_words)
            page = tuple(self._hits(parsed, pending.rows, snippets, skipped, indexed))
            out = pending.result()
            return SearchResult(
                query=parsed.text,
                hits=page,
                total=out.total,
                total_articles=out.total_articles,
                offset=offset,
                limit=limit,
                facets=out.facets,
            )
        from_where, params, ranked, common = self._match_set(parsed)
        cfg = self.config
        score = "bm25(articles_fts, ?, ?)" if ranked else "0.0"
        score_params = [cfg.title_weight, cfg.body_weight] if ranked else []
        order = "score, seq" if ranked else "pub DESC NULLS LAST, seq DESC"
        select_m = (
            f"SELECT a.seq AS seq, a.cluster_id AS cid, a.published_utc AS pub, {score} AS score"
        )
        facet_result = None
        try:
            # One pass over the match set: matched, scored and joined once into a temp table,
            # which the page, the total and the facets then read (no window functions over
            # the whole match set: collapsing only needs the best-ranked rows).
            self._fill_matches(
                f"{select_m}, a.source AS source, a.lang AS lang {from_where}",
                [*score_params, *params],
            )
            rows = self._page(order, limit, offset)
            total = int(
                self._conn.execute(
                    "SELECT (SELECT count(*) FROM temp.akhbar_matches WHERE cid IS NULL) + "
                    "(SELECT count(DISTINCT cid) FROM temp.akhbar_matches WHERE cid IS NOT NULL)"
                ).fetchone()[0]
            )
            if facets:
                facet_result = self._facets()
        except sqlite3.OperationalError as e:  # never expected: every value is bound
            raise QueryError(f"the query could not be run: {e}", 0) from e
        hits = self._hits(parsed, rows, snippets, common)
        total_articles = (
            sum(f.count for f in facet_result.languages) if facet_result is not None else None
        )
        return SearchResult(
            query=parsed.text,
            hits=tuple(hits),
            total=total,
            total_articles=total_articles,
            offset=offset,
            limit=limit,
            facets=facet_result,
        )

    def top_rows(
        self,
        query: str | Query,
        limit: int,
        *,
        relax_phrases: bool | None = None,
        entity_names: bool | None = None,
        name_variants: bool | None = None,
        exact: bool = False,
    ) -> list[int]:
        """The store rows (``seq``) of the first ``limit`` hits of ``query``, in the order
        :meth:`search` gives them (near-duplicates collapsed; the same options), and nothing
        else: no total, facets, titles or snippets (what the entity facet of the web page
        needs).

        >>> import tempfile, pathlib
        >>> from akhbar.article import Article
        >>> from akhbar.pipeline import prepare_batch
        >>> db = pathlib.Path(tempfile.mkdtemp()) / "a.db"
        >>> with Store.open(db) as store:
        ...     run = store.begin_run([], {})
        ...     texts = ["روس اور ایران کا اجلاس", "روس میں برف", "روس"]
        ...     arts = [Article(id=str(i), source="x", title="خبر", paragraphs=(t,))
        ...             for i, t in enumerate(texts)]
        ...     _ = store.add_batch(run, prepare_batch(arts))
        >>> with Archive.open(db) as archive:
        ...     rows = archive.top_rows("روس", 2)
        ...     ids = [h.id for h in archive.search("روس", 2).hits]
        >>> len(rows), [str(seq - 1) for seq in rows] == ids
        (2, True)
        """
        if not 0 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
        if exact:
            relax_phrases = entity_names = name_variants = False
        parsed = query if isinstance(query, Query) else self._parse(query)
        rows = self._top_rows(self._with_variants(parsed, name_variants), limit)
        # (no rows of a first page: nothing matched, as search() sees it; run again the same way)
        if not rows and limit:
            for again, _ in self._retries(parsed, relax_phrases, entity_names):
                try:
                    rows = self._top_rows(self._with_variants(again, name_variants), limit)
                except QueryError:
                    continue
                if rows:
                    return rows
        return rows

    def _finds_any(self, parsed: Query) -> bool:
        """Whether ``parsed`` (as it is) matches an article: on FTS5 the first match, not the
        whole ranked match set (a suggestion of a common word matched hundreds of thousands
        of articles, 0.7 s on a million, to learn that it finds one)."""
        if self._use_index() is not None:
            return bool(self._top_rows(parsed, 1))
        from_where, params, _, _ = self._match_set(parsed)
        try:
            return (
                self._conn.execute(f"SELECT 1 {from_where} LIMIT 1", params).fetchone() is not None
            )
        except sqlite3.OperationalError as e:  # never expected: every value is bound
            raise QueryError(f"the query could not be run: {e}", 0) from e

    def _top_rows(self, parsed: Query, limit: int) -> list[int]:
        indexed = self._use_index()
        if indexed is not None:
            return [seq for seq, _, _ in indexed.page(parsed, limit)]
        from_where, params, ranked, _ = self._match_set(parsed)
        cfg = self.config
        score = "bm25(articles_fts, ?, ?)" if ranked else "0.0"
        score_params = [cfg.title_weight, cfg.body_weight] if ranked else []
        order = "score, seq" if ranked else "pub DESC NULLS LAST, seq DESC"
        try:
            self._fill_matches(
                f"SELECT a.seq AS seq, a.cluster_id AS cid, a.published_utc AS pub, "
                f"{score} AS score, a.source AS source, a.lang AS lang {from_where}",
                [*score_params, *params],
            )
            return [seq for seq, _, _ in self._page(order, limit, 0)]
        except sqlite3.OperationalError as e:  # never expected: every value is bound
            raise QueryError(f"the query could not be run: {e}", 0) from e

    def _fill_matches(self, select: str, params: Sequence[Any]) -> None:
        """Replace the rows of ``temp.akhbar_matches`` with the result of ``select``."""
        if not self._temp:
            self._conn.execute(
                "CREATE TEMP TABLE IF NOT EXISTS akhbar_matches (seq INTEGER, cid TEXT, "
                "pub TEXT, score REAL, source TEXT, lang TEXT)"
            )
            self._temp = True
        self._conn.execute("DELETE FROM temp.akhbar_matches")
        self._conn.execute(f"INSERT INTO temp.akhbar_matches {select}", list(params))

    def _page(self, order: str, limit: int, offset: int) -> list[tuple[int, float, int]]:
        """``(seq, score, similar)`` of the page: each cluster in the place and with the score
        of its best-ranked matching article, as its earliest published matching article, in
        rank order, hits ``offset`` to ``offset + limit``.

        Reads the best-ranked matches (an ordered ``LIMIT``, a top-N heap in SQLite) and keeps
        the first of each cluster, reading further only when clusters ate the window; then
        counts the other matching members of the page's clusters.
        """
        need = offset + limit
        if need == 0:
            return []
        # (SQLite's LIMIT is a 64-bit integer: a deep offset reads every match, never more)
        window = min(max(2 * need, 32), MAX_OFFSET)
        while True:
            rows = self._conn.execute(
                f"SELECT seq, score, cid FROM temp.akhbar_matches ORDER BY {order} LIMIT ?",
                (window,),
            ).fetchall()
            seen: set[str] = set()
            best: list[tuple[int, float, str | None]] = []
            for seq, score, cid in rows:
                if cid is not None:
                    if cid in seen:
                        continue
                    seen.add(cid)
                best.append((seq, score, cid))
                if len(best) == need:
                    break
            if len(best) == need or len(rows) < window:
                break
            window = min(window * 4, MAX_OFFSET)
        page = best[offset:need]
        cids = sorted({cid for _, _, cid in page if cid is not None})
        members: dict[str, int] = {}
        first: dict[str, int] = {}
        if cids:
            marks = ", ".join("?" * len(cids))
            members = dict(
                self._conn.execute(
                    f"SELECT cid, count(*) FROM temp.akhbar_matches WHERE cid IN ({marks}) "
                    "GROUP BY cid",
                    cids,
                ).fetchall()
            )
            # What each cluster's hit shows: its earliest published matching member (undated
            # last, ties by the first stored), wherever its best-ranked member puts it.
            first = dict(
                self._conn.execute(
                    "SELECT cid, seq FROM (SELECT cid, seq, row_number() OVER (PARTITION BY "
                    "cid ORDER BY pub IS NULL, pub, seq) AS n FROM temp.akhbar_matches "
                    f"WHERE cid IN ({marks})) WHERE n = 1",
                    cids,
                ).fetchall()
            )
        return [
            (
                first.get(cid, seq) if cid else seq,
                -float(score) if score else 0.0,
                members.get(cid, 1) - 1 if cid else 0,
            )
            for seq, score, cid in page
        ]

    def _facets(self) -> Facets:
        # One grouping (one sort) over the three columns; the few groups are summed here.  The
        # month is the article's as published (in its source's zone): its UTC month, but for
        # an article within a day of a month's end (a UTC offset is less than a day), read
        # from its stored local time.
        sql = (
            "SELECT source, CASE WHEN substr(pub, 9, 2) BETWEEN '02' AND '27' "
            "THEN substr(pub, 1, 7) ELSE (SELECT substr(b.published, 1, 7) FROM articles b "
            "WHERE b.seq = m.seq) END, lang, count(*) FROM temp.akhbar_matches m "
            "GROUP BY 1, 2, 3"
        )
        counts: tuple[Counter[str | None], Counter[str | None], Counter[str | None]] = (
            Counter(),
            Counter(),
            Counter(),
        )
        for source, month, lang, count in self._conn.execute(sql):
            counts[0][source] += count
            counts[1][month] += count
            counts[2][lang] += count
        months = [FacetCount(v, int(n)) for v, n in counts[1].items()]
        months.sort(key=lambda f: (f.value is None, f.value or ""))
        return Facets(by_count(counts[0], source_key), tuple(months), by_count(counts[2]))

    def _hits(
        self,
        query: Query,
        rows: list[Any],
        snippets: bool,
        common: _Common,
        indexed: IndexSearch | None = None,
    ) -> list[Hit]:
        if not rows:
            return []
        seqs = [r[0] for r in rows]
        # The index's stored token spans spare the snippets re-tokenizing (same snippets).
        stored = indexed.spans(seqs) if snippets and indexed is not None else {}
        found = {
            r[0]: r
            for r in self._conn.execute(
                # The text (the largest column) is read only when snippets are made from it.
                "SELECT seq, id, title, url, source, published, lang, cluster_id, "
                f"{'paragraphs' if snippets else 'NULL'} "
                f"FROM articles WHERE seq IN ({', '.join('?' * len(seqs))})",
                seqs,
            )
        }
        wanted = needles(
            query, common.clauses, split=self.config.split_words, skip_words=common.words
        )
        named = self._mention_needles(query, seqs) if snippets else {}
        hits = []
        for seq, score, similar in rows:
            _, aid, title, url, source, published, lang, cid, paragraphs = found[seq]
            paras = tuple(json.loads(paragraphs)) if snippets else ()
            blob = stored.get(seq)
            spans = ArticleSpans.decode(blob, [*paras, title or ""]) if blob else None
            own = wanted + [n for n in named.get(seq, ()) if n not in wanted]
            snippet, title_spans = make_snippet(title, paras, own, self.config.snippet, spans)
            hits.append(
                Hit(
                    id=aid,
                    title=title,
                    url=url,
                    source=source,
                    published=datetime.fromisoformat(published) if published else None,
                    lang=lang,
                    score=float(score),
                    snippet=snippet,
                    title_highlights=title_spans,
                    similar=int(similar),
                    cluster_id=cid,
                )
            )
        return hits

    def _entity_ids(self, value: str) -> list[int]:
        """The entities an ``entity:`` value names (:func:`akhbar.entities.explore.resolve_named`;
        raises its ``LookupError``), kept until the store changes (``PRAGMA data_version``: a
        commit of another connection, a re-annotation): a search reads them for its filter, its
        snippets and the web page's entity facet, and a name in Latin letters costs a pass over
        thousands of stored names."""
        from akhbar.entities.explore import resolve_named

        def look_up() -> list[int]:
            return [c.id for c in resolve_named(self._conn, value)]

        return list(self._store_cached(("entity", value), look_up))

    def _store_cached(self, key: tuple[str, str], compute: Callable[[], _T]) -> _T:
        """``compute()``, kept under ``key`` until the store changes (``PRAGMA data_version``)
        or more than the query cache's size of such values are kept (then all are dropped)."""
        return self._store_cached_many(key[0], [key[1]], lambda _: [compute()])[0]

    def _store_cached_many(
        self, kind: str, keys: list[str], compute: Callable[[list[str]], list[_T]]
    ) -> list[_T]:
        """:meth:`_store_cached` of several keys (``(kind, key)``), those not kept computed
        together (``compute(missing)``: their values in order)."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._store_version:
            self._store_cache.clear()
            self._store_version = version
        missing = [k for k in keys if (kind, k) not in self._store_cache]
        values = dict(zip(missing, compute(missing), strict=True)) if missing else {}
        out = [
            cast(_T, self._store_cache[(kind, k)]) if k not in values else values[k] for k in keys
        ]
        size = max(4 * self.config.query_cache, 1)
        for k, v in values.items():
            if len(self._store_cache) >= size:
                self._store_cache.clear()
            self._store_cache[(kind, k)] = v
        return out

    def _mention_needles(self, query: Query, seqs: list[int]) -> dict[int, list[Needle]]:
        """For each article of ``seqs``, the needles of how it names the entities the query's
        ``entity:`` filters ask for (its mentions' words: ``لاؤروف`` in one article,
        ``سرگئی لاوروف`` in another), so that its snippet shows and marks them; empty without
        such filters."""
        ids: set[int] = set()
        for group in query.entity_groups:
            for value, _ in group:
                try:
                    ids.update(self._entity_ids(value))
                except LookupError:  # (the search itself said so)
                    continue
        if not ids:
            return {}
        out: dict[int, list[Needle]] = {}
        rows = self._conn.execute(
            "SELECT DISTINCT article, text FROM mentions "
            f"WHERE entity IN ({', '.join('?' * len(ids))}) "
            f"AND article IN ({', '.join('?' * len(seqs))})",
            [*sorted(ids), *seqs],
        )
        for seq, text in rows:
            toks = tuple(p for t in analyze(text) for p in fts_tokens(t))
            if toks and toks not in out.setdefault(seq, []):
                out[seq].append(toks)
        return out


def _shown_variants(query: Query) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What ``SearchResult.variants`` says of ``query``'s variants: each word as typed, with
    its variants as the lexicon most often writes them.

    >>> q = replace(parse_query("یوکرائن، روس"), variants=(("یوکراین", ("یوکرین",)),))
    >>> _shown_variants(q)
    (('یوکرائن', ('یوکرین',)),)
    """
    variants = query.variant_map
    out: dict[str, tuple[str, ...]] = {}
    for clause in query.clauses:
        for item in clause.alternatives:
            if item.name is None or item.name not in variants:
                continue
            word = bare(item.raw) or item.raw  # (the word's own punctuation)
            out.setdefault(word, _shown(variants[item.name]))
    for name, typed in query.name_runs:
        if name in variants:
            out.setdefault(typed, _shown(variants[name]))
    return tuple(out.items())


#: A variant's term that is an acronym in Latin letters (the analyzer lower-cases them):
#: shown in capitals (``imf``: ``IMF``, ``t20``: ``T20``).
_LATIN_ACRONYM_TERM = re.compile(r"[a-z]{1,5}[0-9]{0,4}|[0-9]{1,4}[a-z]{1,4}")


def _shown(variants: tuple[str, ...]) -> tuple[str, ...]:
    """Variants (analyzer terms joined by a space) as the lexicon most often writes them, an
    acronym in Latin letters in capitals.

    >>> _shown(("آیی ایم ایف", "imf"))
    ('آئی ایم ایف', 'IMF')
    """
    from akhbar.search.spelling import shown_form

    def form(term: str) -> str:
        return term.upper() if _LATIN_ACRONYM_TERM.fullmatch(term) else shown_form(term)

    return tuple(" ".join(form(t) for t in v.split(" ")) for v in variants)


def _count(name: str, value: object, high: int) -> int:
    """``value`` as an ``int`` from 0 to ``high`` (anything with ``__index__``, a numpy integer
    too, but not a bool); else a ``TypeError`` or ``ValueError`` naming ``name``.

    >>> _count("limit", "5", 10)
    Traceback (most recent call last):
    ...
    TypeError: limit must be an int, not str
    """
    if isinstance(value, bool) or not isinstance(value, SupportsIndex):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    number = operator.index(value)
    if not 0 <= number <= high:
        raise ValueError(f"{name} must be between 0 and {high}, got {number}")
    return number


def open_archive(path: str | os.PathLike[str], config: SearchConfig | None = None) -> Archive:
    """Open a store for searching: ``with akhbar.open("akhbar.db") as a: a.search("روس")``.

    >>> open_archive("/nonexistent/x.db")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no akhbar store at /nonexistent/x.db
    """
    return Archive.open(path, config)
