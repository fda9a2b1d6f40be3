"""Searching the tantivy index (:mod:`akhbar.search.index`): a parsed query → tantivy queries →
the page (collapsed by cluster), the total and the facets.

Every query is built with tantivy's query objects from analyzer terms — never as a query
string — so nothing a user types is ever tantivy syntax.

Ranking: BM25 per field, summed (tantivy's BM25: k1 = 1.2, b = 0.75).  A free-text word
matches the body, the title (boosted by ``index_title_boost``, scaled down for a query of more
than ``title_boost_words`` free-text words) or the lead (the first
:data:`~akhbar.search.index.LEAD_TERMS` body terms, ``lead_boost``); two free-text words next to
each other in the query also score when they stand next to each other early in the body
(``pair_boost``).  A second stage re-sorts the first ``rerank_depth`` hits after adding
``coverage_boost`` x the IDF sum of the distinct query words each article holds and
``head_coverage_boost`` x that of those among its first body terms, and (3 or more free-text
words) ``run_boost`` x that of all of them x the share of the query's words standing together
in its title or body, to the power ``run_power`` (:mod:`akhbar.search.runs`;
:meth:`IndexSearch._rerank`).
These were chosen on the retrieval dev set (benchmarks/RETRIEVAL.md).  A phrase (or, unless
``split_words``, a word the analyzer cuts in several terms) is a phrase query over body and
title.
Required parts must match and free-text words then only rank; a free-text word found in more
than ``common_fraction`` of the articles only ranks too (it does not widen the match set),
unless every free-text word is that common.  Ties go to the earlier stored article.  Queries of
filters only list the newest first (undated last), then the latest stored.

Counting: the facets (sources, months, languages) and ``total`` come from one aggregation over
every match; ``total`` counts hits after collapsing: matches − clustered matches + distinct
clusters among them.  A cluster is collapsed into its best-ranked matching member's place
and score, shown as its earliest published matching member (:meth:`IndexSearch._earliest`), and
``similar`` counts its other matching members (one more aggregation over the page's clusters).
The counting runs on a worker thread while the page (and, in the engine, its snippets) is made
(``parallel_counts``, :meth:`IndexSearch.start`): the same figures, sooner on two cores.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import tantivy
from tantivy import Occur
from tantivy import Query as TQuery

from akhbar.search.index import PAIR_JOIN, WHITESPACE, SearchIndex, micros
from akhbar.search.query import (
    Clause,
    Query,
    QueryError,
    TextItem,
    source_key,
    sources_matching,
)
from akhbar.search.results import FacetCount, Facets, by_count
from akhbar.search.runs import longest_run

if TYPE_CHECKING:
    from akhbar.search.engine import SearchConfig

__all__ = ["IndexOutcome", "IndexSearch", "PendingOutcome"]

#: The ``missing`` key of text facets (what an article without a source or language counts as).
_MISSING = "\x00"
#: Most matching members of a page's clusters read to show each cluster's earliest published
#: one (:meth:`IndexSearch._earliest`).
EARLIEST_SCAN = 10_000
#: Most distinct values one facet or the cluster count aggregates exactly.
_MAX_BUCKETS = 60_000
#: Up to this many (source, month, language) combinations in the index, one aggregation over
#: the ``facet`` field counts the three facets (one pass over the matches, a bucket per
#: combination); beyond, three aggregations (three passes, far fewer buckets).
_COMBINED_FACETS = 2000
#: Fewest free-text words for the run gain of the second stage (two words next to each other
#: are what the ``pairs`` field already weighs).
RUN_MIN_WORDS = 3
#: The free-text words of a query in its order; None where something else (a phrase, a
#: required part) stands between two of them.
Words = tuple[str | None, ...]
#: Words to variants, as a query carries them (:attr:`Query.variant_map`).
Variants = Mapping[str, tuple[str, ...]]
#: No variants (a default argument).
NO_VARIANTS: Variants = {}


@dataclass(frozen=True, slots=True)
class IndexOutcome:
    """The page as ``(seq, score, similar)`` rows, the collapsed total, the facets, the count
    of matching articles, and the free-text clauses left out of matching as too common."""

    rows: list[tuple[int, float, int]]
    total: int
    facets: Facets | None
    total_articles: int
    common: frozenset[int]


@dataclass(frozen=True, slots=True)
class _Ranking:
    """What the second stage weighs: the ranking words with their IDF, and the query's
    free-text words in order (:data:`Words`, common ones too)."""

    idf: dict[str, float]
    words: Words = ()
    #: The ranking words' variants (:attr:`Query.variants`): found in place of the word.
    variants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Hit:
    key: float  # score (ranked) or recency (listing)
    seq: int
    cluster: int  # 0: none


def _gated(gate: TQuery, parts: Sequence[TQuery]) -> TQuery:
    """``parts`` scored where ``gate`` matches (and nowhere else); ``gate`` adds nothing."""
    return TQuery.boolean_query(
        [(Occur.Must, TQuery.const_score_query(gate, 0.0)), *((Occur.Should, p) for p in parts)]
    )


def _words(item: TextItem) -> list[str]:
    # Analyzer terms hold no whitespace; a term that did would be a phrase of its parts.
    return [w for t in item.terms for w in WHITESPACE.split(t) if w]


class IndexSearch:
    """Runs parsed queries on one open :class:`SearchIndex` (one per ``Archive``)."""

    def __init__(
        self,
        index: SearchIndex,
        conn: sqlite3.Connection,
        config: SearchConfig,
        entity_ids: Callable[[str], list[int]] | None = None,
    ) -> None:
        """``conn`` is the store's connection (entity mentions, source names);
        ``entity_ids(value)`` the entities an ``entity:`` value names (default:
        :func:`akhbar.entities.explore.resolve_named`'s, looked up each time)."""
        self.index = index
        self._conn = conn
        self.config = config
        self._entity_ids = entity_ids or self._resolve_entity_ids
        self._sources: tuple[str, ...] | None = None
        #: Decoded ``facet`` values (at most as many as the index holds: bounded by the store).
        self._facet_keys: dict[str, tuple[str | None, str | None, str | None]] = {}
        self._combos = 0
        self._combos_of: object = None
        self._sources_of: object = None
        #: Compiled queries (see :meth:`_compile_cached`) and the searcher they were made on.
        self._compiled: OrderedDict[Query, tuple[TQuery, bool, frozenset[int], _Ranking]]
        self._compiled = OrderedDict()
        self._compiled_of: object = None
        #: Where the documents the last search fetched are (seq -> address): their stored
        #: spans are read from there (:meth:`spans`).
        self._addresses: dict[Any, Any] = {}
        #: The thread that counts the total and the facets while the page is made
        #: (``config.parallel_counts``; started on first use).
        self._counter: ThreadPoolExecutor | None = None

    # ---- compiling ------------------------------------------------------------------------

    def _boosted(self, query: TQuery, boost: float) -> TQuery:
        return query if boost == 1.0 else TQuery.boost_query(query, boost)

    def _word_parts(
        self, word: str, title_scale: float = 1.0, variants: Sequence[str] = ()
    ) -> list[TQuery]:
        """A free-text word in the body, the title (boosted, x ``title_scale``) and the lead
        (boosted): any one matches, the scores add up.  Each of the word's ``variants`` (other
        spellings of a name) the same way, scaled to score less than the word itself would
        (:meth:`_variant_scales`: a spelling few articles use, whose IDF is higher, does not
        outweigh the word typed)."""
        schema, cfg = self.index.schema, self.config
        terms = [v for v in variants if " " not in v]
        parts: list[TQuery] = []
        for term, scale in ((word, 1.0), *self._variant_scales(word, terms)):
            parts.append(self._boosted(TQuery.term_query(schema, "body", term), scale))
            if cfg.index_title_boost > 0:
                title = TQuery.term_query(schema, "title", term)
                parts.append(self._boosted(title, cfg.index_title_boost * title_scale * scale))
            if cfg.lead_boost > 0:
                lead = TQuery.term_query(schema, "lead", term)
                parts.append(self._boosted(lead, cfg.lead_boost * scale))
        parts.extend(self._phrase_variants(word, [v for v in variants if " " in v], title_scale))
        return parts

    def _phrase_variants(
        self, name: str, variants: Sequence[str], title_scale: float = 1.0, *, words: bool = True
    ) -> list[TQuery]:
        """Each of a name's ``variants`` of several words (analyzer terms joined by a space:
        ``بنگلہ دیش`` for ``بنگلا دیش``, ``یو اے ای`` for ``امارات``) as a phrase in the body
        and the title (boosted, x ``title_scale``), scaled by ``variant_boost`` x ``min(1,
        idf(the name's words the variant lacks) / idf(variant))`` (body IDFs summed over the
        words: a phrase scores about its words' IDFs together; the words it shares with the
        name score by themselves already, so the variant stands for the others only and does
        not outweigh the name typed: ``چیمپئینز ٹرافی`` for ``چیمپئنز ٹرافی``; ``words``
        False: the name is a phrase, its words do not score alone, so the whole name's), x
        ``other_name_boost`` for another name than a spelling of it (``name`` holds the
        terms of a name of several words joined by a space too)."""
        from akhbar.search.variants import same_words

        schema, cfg = self.index.schema, self.config
        searcher = self.index.searcher
        n = searcher.num_docs

        def idf(words: Sequence[str]) -> float:
            return sum(_idf(searcher.doc_freq("body", w), n) for w in words)

        parts: list[TQuery] = []
        mine = name.split(" ")
        for variant in variants:
            theirs = variant.split(" ")
            # (the words it shares with the name score by themselves already)
            lacks = [w for w in mine if w not in theirs] if words else mine
            scale = cfg.variant_boost * min(1.0, idf(lacks) / max(idf(theirs), 1e-9))
            if not same_words(mine, theirs):
                scale *= cfg.other_name_boost
            parts.append(self._boosted(self._body_phrase(theirs), scale))
            if cfg.index_title_boost > 0:
                title = TQuery.phrase_query(schema, "title", list(theirs))
                parts.append(self._boosted(title, cfg.index_title_boost * title_scale * scale))
        return parts

    def _variant_scales(self, word: str, variants: Sequence[str]) -> list[tuple[str, float]]:
        """Each variant of ``word`` with its score scale: ``variant_boost`` x ``min(1,
        idf(word) / idf(variant))`` (body IDFs; of a name of several words, ``word`` its terms
        joined by a space, their sum), x ``other_name_boost`` for another name than a spelling
        of the word (:func:`~akhbar.search.variants.same_name`), x ``spelling_boost`` for a
        loanword's other spelling (:func:`~akhbar.search.variants.other_spellings`); variants
        no article holds left out."""
        from akhbar.search.variants import other_spellings, same_name

        if not variants:
            return []
        searcher = self.index.searcher
        n = searcher.num_docs
        mine = sum(_idf(searcher.doc_freq("body", w), n) for w in word.split(" "))
        out = []
        for variant in variants:
            df = searcher.doc_freq("body", variant)
            if df > 0:
                scale = self.config.variant_boost * min(1.0, mine / _idf(df, n))
                if not same_name(word, variant):
                    scale *= self.config.other_name_boost
                if variant in other_spellings(word):
                    scale *= self.config.spelling_boost
                out.append((variant, scale))
        return out

    def _body_phrase(self, words: list[str]) -> TQuery:
        """The words next to each other in the body.  Through the ``shingles`` field where the
        index holds the pairs (:attr:`SearchIndex.shingled`: the pairs of common terms, whose
        positions would be costly to check): two such words are one pair term; a longer phrase
        must have those pairs (scored by them) and pass the positional phrase check.  A phrase
        without such a pair is a positional phrase query: it holds a rarer term, whose few
        documents are checked."""
        schema, shingled = self.index.schema, self.index.shingled
        pairs = [
            TQuery.term_query(schema, "shingles", a + PAIR_JOIN + b)
            for a, b in dict.fromkeys(pairwise(words))
            if shingled is None or (a in shingled and b in shingled)
        ]
        if len(words) == 2 and pairs:
            return pairs[0]
        exact = TQuery.phrase_query(schema, "body", list(words))
        if not pairs:
            return exact
        exact = TQuery.const_score_query(exact, 0.0)
        return TQuery.boolean_query([(Occur.Must, q) for q in (*pairs, exact)])

    def _written(self, words: list[str]) -> TQuery:
        """The words as a phrase in the body or the title."""
        title = TQuery.phrase_query(self.index.schema, "title", list(words))
        return _any([self._body_phrase(words), title])

    def _name_variants(
        self, name: str, more: Sequence[str], title_scale: float = 1.0, *, words: bool = False
    ) -> list[TQuery]:
        """The other spellings ``more`` of a name of several words (``name``: its terms
        joined by one space) in the body and the title (boosted, x ``title_scale``): a
        one-word one as a term, scaled as a variant (:meth:`_variant_scales`: ``سعودیہ`` for
        ``سعودی عرب``, ``وزیراعظم`` for ``وزیر اعظم``), one of several words as a phrase
        (:meth:`_phrase_variants`, with ``title_scale`` and ``words``: whether the name's
        words score alone)."""
        schema, cfg = self.index.schema, self.config
        terms = [v for v in more if " " not in v]
        parts = []
        for term, scale in self._variant_scales(name, terms):  # (one for several)
            parts.append(self._boosted(TQuery.term_query(schema, "body", term), scale))
            if cfg.index_title_boost > 0:  # (as a variant phrase: a headline may hold it only)
                title = TQuery.term_query(schema, "title", term)
                parts.append(self._boosted(title, cfg.index_title_boost * title_scale * scale))
        several = [v for v in more if " " in v]
        parts.extend(self._phrase_variants(name, several, title_scale, words=words))
        return parts

    def _item(self, item: TextItem, variants: Variants = NO_VARIANTS) -> TQuery | None:
        schema, cfg = self.index.schema, self.config
        words = _words(item)
        if not words:
            return None
        more = variants.get(item.name, ()) if item.name is not None else ()
        if item.title_only:
            return _any(
                [
                    TQuery.phrase_query(schema, "title", list(ws))
                    if len(ws := w.split(" ")) > 1
                    else TQuery.term_query(schema, "title", w)
                    for w in (" ".join(words), *more)
                ]
            )
        if len(words) == 1:
            return _any(self._word_parts(words[0], variants=more))
        parts = [self._body_phrase(words)]
        if cfg.index_title_boost > 0:
            title = TQuery.phrase_query(schema, "title", list(words))
            parts.append(self._boosted(title, cfg.index_title_boost))
        parts.extend(self._name_variants(" ".join(words), more))
        return _any(parts)

    def _clause(self, clause: Clause, variants: Variants = NO_VARIANTS) -> TQuery | None:
        items = (self._item(a, variants) for a in clause.alternatives)
        parts = [q for q in items if q is not None]
        return _any(parts) if parts else None

    def _free_words(self, clause: Clause) -> list[str] | None:
        """The free-text words of a clause that is one plain word, else None (a phrase,
        ``title:``, or alternatives).  With ``split_words``, an unquoted word the analyzer cuts
        in several terms (``اضافےکا`` → ``اضافے کا``, ``ٹی20`` → ``ٹی 20``) is several words,
        as if typed with the space; without, it stays a phrase.  An acronym typed as its
        letters (:attr:`TextItem.acronym`) is its letters: they rank as words, where the
        acronym matches (:meth:`_positive`)."""
        if len(clause.alternatives) != 1:
            return None
        item = clause.alternatives[0]
        words = _words(item)
        if item.title_only or not words:
            return None
        if len(words) > 1 and not item.acronym and (item.phrase or not self.config.split_words):
            return None
        return words

    def _positive(self, query: Query) -> tuple[TQuery | None, frozenset[int], _Ranking]:
        """The matching and ranking query of the positive clauses (None: filters only), the
        free-text clauses left out because their word is too common, and what the second stage
        weighs (:meth:`_rerank`): the free-text words that rank, with their IDF, and all the
        free-text words in query order.

        Free text is one flat disjunction of term queries (the words' fields, and the pairs of
        adjacent words), which lets tantivy skip blocks that cannot reach the top hits; a pair
        only joins it when one of its words does (so it never widens the match set).  The
        letters of an acronym (:attr:`TextItem.acronym`) match only where they are written
        as it (a phrase), and there rank as the words would (their fields, their pairs); the
        acronym's other names (:attr:`Query.variants`) match and rank as a name's variants.
        """
        searcher, schema, cfg = self.index.searcher, self.index.schema, self.config
        variants = query.variant_map
        must: list[TQuery] = []
        should: list[tuple[int, list[str] | None, TQuery]] = []
        for n, clause in enumerate(query.clauses):
            if clause.occur == "must_not":
                continue
            q = self._clause(clause, variants)
            if q is None:
                continue
            if clause.occur == "must":
                must.append(q)
            else:
                should.append((n, self._free_words(clause), q))
        if not must and not should:
            return None, frozenset(), _Ranking({})
        # The free-text words in query order (None: something else stands between two words).
        flat: list[str | None] = []
        #: What each word of ``flat`` needs to match (an acronym's letters: the acronym).
        gates: list[TQuery | None] = []
        written: dict[int, TQuery] = {}
        for n, words, _ in should:
            flat.extend(words if words is not None else [None])
            if words is not None and query.clauses[n].alternatives[0].acronym:
                written[n] = self._written(words)
            gates.extend([written.get(n)] * (len(words) if words is not None else 1))
        n_docs = searcher.num_docs
        freq = {w: searcher.doc_freq("body", w) for w in dict.fromkeys(flat) if w is not None}
        limit = n_docs * cfg.common_fraction
        too_common = {w for w, df in freq.items() if cfg.common_fraction < 1.0 and df > limit}
        if not must and all(w in too_common for w in flat):  # every word is common: keep all
            too_common = set()
        common = frozenset(
            n for n, words, _ in should if words is not None and set(words) <= too_common
        )
        parts: list[TQuery] = []
        n_words = len(flat) - flat.count(None)
        limit_words = cfg.title_boost_words
        title_scale = limit_words / n_words if 0 < limit_words < n_words else 1.0
        for n, words, q in should:
            if words is None:
                parts.append(q)
                continue
            item = query.clauses[n].alternatives[0]
            plain = item.word is not None
            word_parts: list[TQuery] = []
            for word in words:
                if word not in too_common:
                    more = variants.get(word, ()) if plain else ()
                    word_parts.extend(self._word_parts(word, title_scale, more))
            if n in written:  # the letters rank where the acronym is written, as words
                gate = written[n]
                parts.append(_gated(gate, word_parts))
                more = variants.get(item.name or "", ())
                parts.extend(self._name_variants(" ".join(words), more))
            else:
                parts.extend(word_parts)
        for name, _ in query.name_runs:  # a run of words that is a name: its other spellings
            parts.extend(self._name_variants(name, variants.get(name, ()), title_scale, words=True))
        if cfg.expand_neighbours > 0:
            parts.extend(self._neighbours([w for w in freq if w not in too_common], limit))
        if cfg.pair_boost > 0:
            for (a, b), (gate_a, gate_b) in zip(pairwise(flat), pairwise(gates), strict=True):
                if a is None or b is None or (a in too_common and b in too_common):
                    continue
                pair = self._boosted(
                    TQuery.term_query(schema, "pairs", a + PAIR_JOIN + b), cfg.pair_boost
                )
                for gate in dict.fromkeys(g for g in (gate_a, gate_b) if g is not None):
                    pair = _gated(gate, [pair])
                parts.append(pair)
        idf = {w: _idf(df, n_docs) for w, df in freq.items() if w not in too_common}
        ranking = _Ranking(idf, tuple(flat), {w: variants[w] for w in idf if w in variants})
        if must:  # free-text words (and pairs) then only rank
            clauses = [(Occur.Must, q) for q in must] + [(Occur.Should, q) for q in parts]
            return TQuery.boolean_query(clauses), common, ranking
        return _any(parts), common, ranking

    def _neighbours(self, words: list[str], limit: float) -> list[TQuery]:
        """Body term queries for the nearest words of ``words`` (``expand_neighbours`` each,
        :mod:`akhbar.search.semantic`), boosted by ``expand_boost`` x similarity; words of the
        query itself, and words in more than ``limit`` articles, left out."""
        from akhbar.search.semantic import word_vectors

        cfg, schema, searcher = self.config, self.index.schema, self.index.searcher
        vectors = word_vectors()
        own = set(words)
        best: dict[str, float] = {}
        for word in words:
            for near, sim in vectors.neighbours(
                word, cfg.expand_neighbours, cfg.expand_min_similarity
            ):
                if near not in own and sim > best.get(near, 0.0):
                    best[near] = sim
        out = []
        for near, sim in best.items():
            df = searcher.doc_freq("body", near)
            if 0 < df <= limit:
                term = TQuery.term_query(schema, "body", near)
                out.append(TQuery.boost_query(term, cfg.expand_boost * sim))
        return out

    def _source_names(self) -> tuple[str, ...]:
        if self._sources is None or self._sources_of is not self.index.searcher:
            self._sources = tuple(
                t for t, _ in self.index.searcher.terms_with_prefix("source", "", None, None)
            )
            self._sources_of = self.index.searcher
        return self._sources

    def _sources_like(self, values: Sequence[str]) -> list[str]:
        return sources_matching(values, self._source_names())

    def _resolve_entity_ids(self, value: str) -> list[int]:
        from akhbar.entities.explore import resolve_named

        return [c.id for c in resolve_named(self._conn, value)]

    def _mentioning(self, names: Sequence[tuple[str, int]]) -> list[int]:
        """The articles (``seq``) mentioning any of the entities ``names`` (with positions)."""
        ids: list[int] = []
        for value, pos in names:
            try:
                ids.extend(self._entity_ids(value))
            except LookupError as exc:
                raise QueryError(f"entity:{value} — {exc}", pos) from None
        marks = ", ".join("?" * len(ids))
        return [
            int(r[0])
            for r in self._conn.execute(
                f"SELECT DISTINCT article FROM mentions WHERE entity IN ({marks})", ids
            )
        ]

    def _filters(self, query: Query) -> tuple[list[TQuery], list[TQuery]]:
        """Queries an article must match, and queries it must not match."""
        schema = self.index.schema
        must: list[TQuery] = []
        must_not: list[TQuery] = []
        # every group: one of its entities mentioned; the excluded: none of them
        for group in query.entity_groups:
            seqs = self._mentioning(group)
            must.append(
                TQuery.term_set_query(schema, "seq", seqs) if seqs else TQuery.empty_query()
            )
        if query.entities_excluded:
            seqs = self._mentioning(query.entities_excluded)
            if seqs:
                must_not.append(TQuery.term_set_query(schema, "seq", seqs))
        if query.sources:
            names = self._sources_like(query.sources)
            must.append(
                TQuery.term_set_query(schema, "source", names) if names else TQuery.empty_query()
            )
        if query.sources_excluded:
            names = self._sources_like(query.sources_excluded)
            if names:
                must_not.append(TQuery.term_set_query(schema, "source", names))
        if query.languages:
            must.append(TQuery.term_set_query(schema, "lang_key", list(query.languages)))
        if query.languages_excluded:
            must_not.append(
                TQuery.term_set_query(schema, "lang_key", list(query.languages_excluded))
            )
        if query.published_from is not None or query.published_to is not None:
            must.append(self._dates(query.published_from, query.published_to))
        if query.local_from is not None or query.local_to is not None:
            must.append(self._dates(query.local_from, query.local_to))
        for lo, hi in query.excluded_date_ranges:
            must_not.append(self._dates(lo, hi))
        return must, must_not

    def _dates(self, lo: datetime | None, hi: datetime | None) -> TQuery:
        """Published in ``[lo, hi)`` (a missing bound is open; undated articles never match):
        aware bounds are instants (``pub``), naive ones the time as published (``local``; an
        index of format 5 or older has none and compares them as UTC times)."""
        first = lo if lo is not None else hi
        local = first is not None and first.tzinfo is None
        if local:
            lo = lo.replace(tzinfo=UTC) if lo is not None else None
            hi = hi.replace(tzinfo=UTC) if hi is not None else None
        return TQuery.range_query(
            self.index.schema,
            "local" if local and self.index.format >= 6 else "pub",
            tantivy.FieldType.Integer,
            micros(lo) if lo is not None else None,
            micros(hi) if hi is not None else None,
            include_lower=True,
            include_upper=hi is None,
        )

    def compile(self, query: Query) -> tuple[TQuery, bool, frozenset[int]]:
        """The whole query, whether it is ranked (has positive text), and the common clauses."""
        compiled, ranked, common, _ = self._compile(query)
        return compiled, ranked, common

    def _compile_cached(self, query: Query) -> tuple[TQuery, bool, frozenset[int], _Ranking]:
        """:meth:`_compile`, remembered for the last ``config.query_cache`` queries of this
        searcher (what compiling reads — document frequencies, source names — changes only
        with it); a query with ``entity:`` is always compiled afresh (it reads the store)."""
        size = self.config.query_cache
        if size <= 0 or query.entity_groups or query.entities_excluded:
            return self._compile(query)
        if self._compiled_of is not self.index.searcher:
            self._compiled.clear()
            self._compiled_of = self.index.searcher
        got = self._compiled.get(query)
        if got is None:
            got = self._compiled[query] = self._compile(query)
            if len(self._compiled) > size:
                del self._compiled[next(iter(self._compiled))]
        else:
            self._compiled.move_to_end(query)
        return got

    def _compile(self, query: Query) -> tuple[TQuery, bool, frozenset[int], _Ranking]:
        """:meth:`compile`, and what the second stage weighs."""
        positive, common, ranking = self._positive(query)
        if positive is None and not query.has_filters:
            raise QueryError("nothing to search for: no searchable words in the query", 0)
        must, must_not = self._filters(query)
        must_not.extend(
            q for c in query.clauses if c.occur == "must_not" and (q := self._clause(c))
        )
        if not must and not must_not and positive is not None:
            return positive, True, common, ranking
        parts = [(Occur.Must, positive if positive is not None else TQuery.all_query())]
        parts += [(Occur.Must, TQuery.const_score_query(q, 0.0)) for q in must]
        parts += [(Occur.MustNot, q) for q in must_not]
        return TQuery.boolean_query(parts), positive is not None, common, ranking

    # ---- running ----------------------------------------------------------------------------

    def _fetch(self, query: TQuery, n: int, ranked: bool) -> tuple[list[_Hit], bool]:
        """The first ``n`` matches in result order (fewer when there are no more), and whether
        that is all of them.  Result order: score, then seq (ranked); recency, then seq
        descending (listing)."""
        searcher = self.index.searcher
        # (tantivy sizes its top-n heap by n: never more than the index holds, whatever page
        # is asked for; asking for them all is all of the matches)
        docs = max(int(searcher.num_docs), 1)
        everything = n >= docs
        n = min(n, docs)
        if ranked:
            raw = searcher.search(query, n, count=False).hits
        else:
            raw = searcher.search(
                query, n, count=False, order_by_field="recency", order=tantivy.Order.Desc
            ).hits
        hits = self._hits(raw)
        if len(raw) < n or everything:
            return self._sorted(hits, ranked), True
        if ranked:
            # All matches scoring above the window's last score are in it; those equal to it
            # may not be: keep the sure prefix (the caller widens the window if it needs more).
            last = min(h.key for h in hits)
            return self._sorted([h for h in hits if h.key > last], ranked), False
        last = min(h.key for h in hits)
        sure = self._sorted([h for h in hits if h.key > last], ranked)
        same = TQuery.range_query(
            self.index.schema, "recency", tantivy.FieldType.Unsigned, int(last), int(last)
        )
        tied = searcher.search(
            TQuery.boolean_query([(Occur.Must, query), (Occur.Must, same)]),
            n - len(sure),
            count=False,
            order_by_field="seq",
            order=tantivy.Order.Desc,
        ).hits
        return sure + self._sorted(self._hits(tied, key=last), ranked), False

    def _hits(self, raw: Sequence[tuple[Any, Any]], key: float | None = None) -> list[_Hit]:
        searcher = self.index.searcher
        addrs = [a for _, a in raw]
        if not addrs:
            return []
        seqs = searcher.fast_field_values("seq", addrs)
        clusters = searcher.fast_field_values("cluster", addrs)
        self._addresses.update(zip(seqs, addrs, strict=True))
        return [
            _Hit(float(k if key is None else key), int(s or 0), int(c or 0))
            for (k, _), s, c in zip(raw, seqs, clusters, strict=True)
        ]

    @staticmethod
    def _sorted(hits: list[_Hit], ranked: bool) -> list[_Hit]:
        if ranked:
            return sorted(hits, key=lambda h: (-h.key, h.seq))
        return sorted(hits, key=lambda h: (-h.key, -h.seq))

    def _rerank(self, hits: list[_Hit], ranking: _Ranking) -> list[_Hit]:
        """The second stage: the first ``rerank_depth`` hits (best first) gain
        ``coverage_boost`` x the IDF sum of the query's distinct ranking words found in their
        title or body, and ``head_coverage_boost`` x that of the words among their first
        :data:`~akhbar.search.index.HEAD_TERMS` body terms (what BM25 misses: how many
        different words an article matches, and how early); with :data:`RUN_MIN_WORDS` or more
        free-text words, also ``run_boost`` x the IDF sum of the ranking words x (the longest
        run of the query's words in the title or the body / its words) ** ``run_power`` (a
        passage or headline pasted from the article: :mod:`akhbar.search.runs`).  They are
        re-sorted.  One search over those hits computes the coverage gains, and one read of
        their terms from the store the runs.  Gains are never negative, so the re-sorted hits
        stay ahead of the rest."""
        cfg, idf = self.config, ranking.idf
        depth = min(len(hits), cfg.rerank_depth)
        head = cfg.head_coverage_boost > 0 and self.index.format >= 3
        n_words = sum(w is not None for w in ranking.words)
        runs = cfg.run_boost > 0 and n_words >= RUN_MIN_WORDS
        if depth < 2 or not idf or (cfg.coverage_boost <= 0 and not head and not runs):
            return hits
        schema, searcher = self.index.schema, self.index.searcher
        top = hits[:depth]
        gains: Counter[int] = Counter()
        if cfg.coverage_boost > 0 or head:
            # (a disjunction of term lookups: far cheaper than a term-set query, which walks
            # the whole ``seq`` dictionary)
            within = _any([TQuery.term_query(schema, "seq", h.seq) for h in top])
            parts = [(Occur.Must, TQuery.const_score_query(within, 0.0))]
            for word, weight in idf.items():
                spellings = (word, *(v for v in ranking.variants.get(word, ()) if " " not in v))
                if cfg.coverage_boost > 0:
                    fields = ("body", "title")
                    anywhere = _any(
                        [TQuery.term_query(schema, f, w) for f in fields for w in spellings]
                    )
                    gain = TQuery.const_score_query(anywhere, cfg.coverage_boost * weight)
                    parts.append((Occur.Should, gain))
                if head:
                    early = _any([TQuery.term_query(schema, "head", w) for w in spellings])
                    gain = TQuery.const_score_query(early, cfg.head_coverage_boost * weight)
                    parts.append((Occur.Should, gain))
            found = searcher.search(TQuery.boolean_query(parts), depth, count=False).hits
            seqs = searcher.fast_field_values("seq", [a for _, a in found])
            gains.update(
                {int(q): float(g) for (g, _), q in zip(found, seqs, strict=True) if q is not None}
            )
        if runs:
            mass = cfg.run_boost * sum(idf.values())
            for seq, (title, body) in self._texts([h.seq for h in top]).items():
                run = max(longest_run(ranking.words, title), longest_run(ranking.words, body))
                share = run / n_words
                gains[seq] += mass * share**cfg.run_power
        out = [_Hit(h.key + gains.get(h.seq, 0.0), h.seq, h.cluster) for h in top]
        return self._sorted(out, True) + hits[depth:]

    def _texts(self, seqs: Sequence[int]) -> dict[int, tuple[list[str], list[str]]]:
        """The analyzer's title and body terms of the articles ``seqs`` (from the store: what
        the index's ``title`` and ``body`` fields hold)."""
        marks = ", ".join("?" * len(seqs))
        rows = self._conn.execute(
            f"SELECT seq, analyzed_title, analyzed_body FROM articles WHERE seq IN ({marks})",
            list(seqs),
        )
        return {
            int(seq): ((title or "").split(), (body or "").split()) for seq, title, body in rows
        }

    def _page(
        self,
        query: TQuery,
        ranked: bool,
        limit: int,
        offset: int,
        ranking: _Ranking | None = None,
    ) -> list[tuple[int, float, int]]:
        need = offset + limit
        if need == 0:
            return []
        window = max(2 * need, 32)
        while True:
            hits, complete = self._fetch(query, window, ranked)
            if ranked and ranking is not None and ranking.idf:
                if not complete and len(hits) < self.config.rerank_depth:
                    # The second stage re-sorts the first rerank_depth hits of the whole
                    # ranking: they must all be known, whatever the page (or a tie at the
                    # window's edge would give each page its own top, and pages would repeat
                    # and skip hits).
                    window *= 4
                    continue
                hits = self._rerank(hits, ranking)
            seen: set[int] = set()
            best: list[_Hit] = []
            for h in hits:
                if h.cluster:
                    if h.cluster in seen:
                        continue
                    seen.add(h.cluster)
                best.append(h)
                if len(best) == need:
                    break
            if len(best) == need or complete:
                break
            window *= 4
        page = best[offset:need]
        keys = sorted({h.cluster for h in page if h.cluster})
        members: dict[int, int] = {}
        if keys:
            schema = self.index.schema
            within = TQuery.boolean_query(
                [(Occur.Must, query), (Occur.Must, TQuery.term_set_query(schema, "cluster", keys))]
            )
            agg = self.index.searcher.aggregate(
                within, {"c": {"terms": {"field": "cluster", "size": len(keys)}}}
            )
            members = {int(b["key"]): int(b["doc_count"]) for b in _buckets(agg, "c")}
        first = self._earliest(within, sum(members.values())) if keys else {}
        return [
            (
                first.get(h.cluster, h.seq) if h.cluster else h.seq,
                h.key if ranked else 0.0,
                members.get(h.cluster, 1) - 1 if h.cluster else 0,
            )
            for h in page
        ]

    def _earliest(self, within: TQuery, n: int) -> dict[int, int]:
        """For each cluster of the ``n`` matches of ``within`` (matching members of the
        page's clusters), the ``seq`` of its earliest published member (undated last, ties
        by the first stored): what its hit shows.  Nothing when ``n`` is over
        :data:`EARLIEST_SCAN` (the best-ranked members are shown)."""
        if not 0 < n <= EARLIEST_SCAN:
            return {}
        searcher = self.index.searcher
        addrs = [a for _, a in searcher.search(within, n, count=False).hits]
        rows = zip(
            searcher.fast_field_values("cluster", addrs),
            searcher.fast_field_values("pub", addrs),
            searcher.fast_field_values("seq", addrs),
            strict=True,
        )
        best: dict[int, tuple[bool, int, int]] = {}
        for cluster, pub, seq in rows:
            key = (pub is None, int(pub or 0), int(seq or 0))
            if cluster and (cluster not in best or key < best[int(cluster)]):
                best[int(cluster)] = key
        return {c: k[2] for c, k in best.items()}

    def _facets(self, query: TQuery) -> tuple[int, Facets]:
        """Matching articles and the facets: one aggregation over the ``facet`` field (source,
        month and language in one value); three when the archive has too many combinations
        to count them in one."""
        searcher = self.index.searcher
        counts: tuple[Counter[str | None], Counter[str | None], Counter[str | None]] = (
            Counter(),
            Counter(),
            Counter(),
        )
        agg: dict[str, Any] = {}
        if self._combinations() <= _COMBINED_FACETS:
            agg = searcher.aggregate(
                query, {"f": {"terms": {"field": "facet", "size": _COMBINED_FACETS}}}
            )
        if agg and int(agg.get("f", {}).get("sum_other_doc_count", 0) or 0) == 0:
            keys = self._facet_keys
            # (dict get/set: a few hundred buckets per search, and Counter's += is slower)
            sources, months_, langs = counts
            for b in _buckets(agg, "f"):
                key = b["key"]
                parts = keys.get(key)
                if parts is None:
                    source, month, lang = json.loads(key)
                    parts = keys[key] = (source, _month(month), lang)
                n = int(b["doc_count"])
                s, m, la = parts
                sources[s] = sources.get(s, 0) + n
                months_[m] = months_.get(m, 0) + n
                langs[la] = langs.get(la, 0) + n
        else:
            size = {"size": _MAX_BUCKETS}
            agg = searcher.aggregate(
                query,
                {
                    "s": {"terms": {"field": "source", "missing": _MISSING, **size}},
                    "m": {"terms": {"field": "month", "missing": 0, **size}},
                    "l": {"terms": {"field": "lang", "missing": _MISSING, **size}},
                },
            )
            for i, (name, value) in enumerate(
                (("s", _text_key), ("m", lambda k: _month(int(k) or None)), ("l", _text_key))
            ):
                for b in _buckets(agg, name):
                    counts[i][value(b["key"])] += int(b["doc_count"])

        months = [FacetCount(v, n) for v, n in counts[1].items()]
        months.sort(key=lambda f: (f.value is None, f.value or ""))
        facets = Facets(by_count(counts[0], source_key), tuple(months), by_count(counts[2]))
        return sum(counts[2].values()), facets

    def _combinations(self) -> int:
        """How many (source, month, language) combinations the index holds (counted once per
        searcher from the ``facet`` field's term dictionary)."""
        if self._combos_of is not self.index.searcher:
            searcher = self.index.searcher
            found = searcher.terms_with_prefix("facet", "", None, _COMBINED_FACETS + 1)
            self._combos = len(found)
            self._combos_of = searcher
        return self._combos

    def _collapsed(self, query: TQuery, articles: int) -> int:
        """Hits after collapsing: matching articles − clustered ones + their distinct clusters
        (counted over the clustered matches only, which are few)."""
        searcher = self.index.searcher
        clustered = TQuery.boolean_query(
            [(Occur.Must, query), (Occur.Must, TQuery.exists_query("cluster"))]
        )
        agg = searcher.aggregate(
            clustered, {"c": {"terms": {"field": "cluster", "size": _MAX_BUCKETS}}}
        )
        buckets = _buckets(agg, "c")
        other = int(agg.get("c", {}).get("sum_other_doc_count", 0) or 0)
        members = sum(int(b["doc_count"]) for b in buckets) + other
        distinct = len(buckets)
        if other:  # more clusters than counted exactly: estimate the rest
            distinct = max(distinct, round(searcher.cardinality(clustered, "cluster")))
        return articles - members + distinct

    def _counts(self, query: TQuery, facets: bool) -> tuple[int, int, Facets | None]:
        """``(total after collapsing, matching articles, facets or None)``."""
        facet_result = None
        if facets:
            articles, facet_result = self._facets(query)
        else:
            # (a count aggregation: no scoring, unlike a search with a count)
            agg = self.index.searcher.aggregate(query, {"n": {"value_count": {"field": "seq"}}})
            articles = round(float(agg.get("n", {}).get("value", 0) or 0))
        return self._collapsed(query, articles), articles, facet_result

    def page(self, query: Query, limit: int, offset: int = 0) -> list[tuple[int, float, int]]:
        """The page's ``(seq, score, similar)`` rows only (see :class:`IndexOutcome`): no
        total, no facets."""
        compiled, ranked, _, ranking = self._compile_cached(query)
        self._addresses.clear()
        try:
            return self._page(compiled, ranked, limit, offset, ranking)
        except ValueError as e:  # never expected: every value is a query object
            raise QueryError(f"the query could not be run: {e}", 0) from e

    def run(self, query: Query, limit: int, offset: int, facets: bool) -> IndexOutcome:
        """One page, the total and (if asked) the facets of ``query``."""
        return self.start(query, limit, offset, facets).result()

    def start(self, query: Query, limit: int, offset: int, facets: bool) -> PendingOutcome:
        """:meth:`run` in two steps: the page now, and the total and facets when asked for
        (:meth:`PendingOutcome.result`).  With ``config.parallel_counts`` they are counted on
        a worker thread meanwhile (tantivy releases the GIL while it searches and aggregates),
        so that the page, its snippets and the counts overlap on two cores."""
        compiled, ranked, common, ranking = self._compile_cached(query)
        self._addresses.clear()
        counting: Future[tuple[int, int, Facets | None]] | None = None
        if self.config.parallel_counts:
            if self._counter is None:
                self._counter = ThreadPoolExecutor(1, thread_name_prefix="akhbar-counts")
            counting = self._counter.submit(self._counts, compiled, facets)
        try:
            rows = self._page(compiled, ranked, limit, offset, ranking)
        except ValueError as e:  # never expected: every value is a query object
            raise QueryError(f"the query could not be run: {e}", 0) from e
        # (the free-text words that do not rank are the too common ones)
        common_words = frozenset(
            w
            for c in query.clauses
            if c.occur == "should"
            for w in self._free_words(c) or ()
            if w not in ranking.idf
        )
        return PendingOutcome(self, compiled, facets, rows, common, counting, common_words)

    def doc_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        """How many articles hold each of ``words`` (analyzer terms) in their title or body, as
        the term dictionaries tell it: the larger of the two fields' document frequencies (a
        lower bound of the articles holding it in either; an article deleted since the last
        merge may still count).  Those none holds are left out.  A lookup in each field's term
        dictionary: the FTS5 vocabulary instead counts a term's articles by reading its whole
        posting list (about 45 ms for the few hundred words one edit away from a word, on a
        million articles; these take under 2 ms)."""
        searcher = self.index.searcher
        out: dict[str, int] = {}
        for word in dict.fromkeys(words):
            n = max(searcher.doc_freq("body", word), searcher.doc_freq("title", word))
            if n > 0:
                out[word] = int(n)
        return out

    def spans(self, seqs: Sequence[int]) -> dict[int, bytes]:
        """The stored token spans (:mod:`akhbar.search.spans`) of the articles ``seqs``, by
        seq; empty when the index has none this code can use (``SearchIndex.spans``)."""
        if not self.index.spans or not seqs:
            return {}
        searcher, schema = self.index.searcher, self.index.schema
        known = self._addresses
        found: list[tuple[Any, Any]]
        if all(s in known for s in seqs):  # (the page's hits: found by this searcher)
            found = [(s, known[s]) for s in seqs]
        else:
            within = _any([TQuery.term_query(schema, "seq", s) for s in seqs])
            addrs = [a for _, a in searcher.search(within, len(seqs), count=False).hits]
            found = list(zip(searcher.fast_field_values("seq", addrs), addrs, strict=True))
        out: dict[int, bytes] = {}
        for seq, addr in found:
            blob = searcher.doc(addr).get_first("spans")
            if seq is not None and isinstance(blob, bytes):
                out[int(seq)] = blob
        return out

    def close(self) -> None:
        """Stop the counting thread (if one was started)."""
        if self._counter is not None:
            self._counter.shutdown(wait=True)
            self._counter = None


class PendingOutcome:
    """The page of a search whose total and facets may still be being counted."""

    def __init__(
        self,
        search: IndexSearch,
        query: TQuery,
        facets: bool,
        rows: list[tuple[int, float, int]],
        common: frozenset[int],
        counting: Future[tuple[int, int, Facets | None]] | None,
        common_words: frozenset[str] = frozenset(),
    ) -> None:
        """Made by :meth:`IndexSearch.start`."""
        self._search, self._query, self._facets = search, query, facets
        #: The page as ``(seq, score, similar)`` rows (see :class:`IndexOutcome`).
        self.rows = rows
        #: The free-text clauses left out of matching as too common.
        self.common = common
        #: The free-text words left out of matching as too common.
        self.common_words = common_words
        self._counting = counting

    def result(self) -> IndexOutcome:
        """The whole outcome (waits for the counts)."""
        try:
            if self._counting is not None:
                total, articles, facet_result = self._counting.result()
            else:
                total, articles, facet_result = self._search._counts(self._query, self._facets)
        except ValueError as e:  # never expected: every value is a query object
            raise QueryError(f"the query could not be run: {e}", 0) from e
        return IndexOutcome(self.rows, total, facet_result, articles, self.common)


def _idf(df: int, n: int) -> float:
    """BM25's IDF as tantivy computes it: ``ln(1 + (n - df + 0.5) / (df + 0.5))``.

    >>> round(_idf(1, 100), 3)
    4.21
    """
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def _any(parts: Sequence[TQuery]) -> TQuery:
    """A query matching when any of ``parts`` does (scores summed)."""
    if len(parts) == 1:
        return parts[0]
    return TQuery.boolean_query([(Occur.Should, q) for q in parts])


def _buckets(agg: dict[str, Any], name: str) -> list[dict[str, Any]]:
    buckets = agg.get(name, {}).get("buckets", [])
    return buckets if isinstance(buckets, list) else []


def _text_key(key: Any) -> str | None:
    return None if key == _MISSING else str(key)


def _month(month: int | None) -> str | None:
    """``YYYY-MM`` of a ``YYYYMM`` facet value (None: undated)."""
    return None if not month else f"{month // 100:04d}-{month % 100:02d}"
