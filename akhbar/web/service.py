"""What the web app shows, as JSON-ready dicts: one :class:`Service` over one store, read-only.

The HTTP API (:mod:`akhbar.web.api`) and the HTML pages (:mod:`akhbar.web.pages`) both render
from these methods, so the two never disagree.  Every input is treated as hostile: lengths and
numbers are bounded here (the ``MAX_*`` constants), a filter given as a parameter is quoted into
the query language so it can never add syntax of its own, and every SQL value is a bound
parameter.  Bad input raises a :class:`ServiceError` (``BadRequest``, ``NotFound``,
``TooLarge``) whose ``status`` is the HTTP status it maps to and whose ``detail`` names the
parameter and the problem.

One ``Archive`` (search) and one read-only ``Store`` connection per thread (SQLite connections
are one-per-thread), opened on first use and kept for the thread's life; when another connection
commits (an ingest), the thread's search archive is reopened so it sees new sources.

>>> import tempfile, pathlib
>>> from akhbar.article import Article
>>> from akhbar.pipeline import prepare_batch
>>> from akhbar.store import Store
>>> db = pathlib.Path(tempfile.mkdtemp()) / "a.db"
>>> with Store.open(db) as store:
...     run = store.begin_run([], {})
...     arts = [Article(id="1", source="x", title="روس", paragraphs=("لاؤروف نے کہا۔",))]
...     _ = store.add_batch(run, prepare_batch(arts))
...     store.end_run(run)
>>> with Service(db) as service:
...     found = service.search("لاوروف")
...     hit = found["hits"][0]
...     text = hit["snippet"]["text"]
...     [text[s:e] for s, e in hit["snippet"]["highlights"]], found["total"], found["pages"]
(['لاؤروف'], 1, 1)
>>> with Service(db) as service:
...     service.article("nope")
Traceback (most recent call last):
...
akhbar.web.service.NotFound: no article with id 'nope'
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import threading
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

from akhbar.entities.explore import entity_details, resolve, top_entities
from akhbar.search import MAX_QUERY_CHARS, Archive, QueryError, parse_query
from akhbar.search.query import quote, source_key
from akhbar.search.results import by_count
from akhbar.store import Store, analysis_warning, utc_text

__all__ = [
    "ENTITY_FACET_DEPTH",
    "ENTITY_FACET_SIZE",
    "ENTITY_TYPES",
    "MAX_DEPTH",
    "MAX_ENTITY_LIMIT",
    "MAX_FILTER_CHARS",
    "MAX_ID_CHARS",
    "MAX_PER_PAGE",
    "BadRequest",
    "NotFound",
    "Service",
    "ServiceError",
    "TooLarge",
    "search_query",
]

#: Most hits one page may hold.
MAX_PER_PAGE = 50
#: Deepest hit paging may reach (``page * per_page``): deeper pages cost more to rank and
#: nobody reads them; narrow the query instead.
MAX_DEPTH = 1000
#: Longest value of one filter parameter (``source``, ``after``, ``before``, ``entity``,
#: ``lang``) and of an entity name query.
MAX_FILTER_CHARS = 200
#: Longest article id looked up.
MAX_ID_CHARS = 200
#: Most entities one list may hold.
MAX_ENTITY_LIMIT = 200
#: The entity facet counts mentions in this many top hits ...
ENTITY_FACET_DEPTH = 100
#: ... and lists at most this many entities.
ENTITY_FACET_SIZE = 12
#: Entity types (``type=`` accepts them in any case).
ENTITY_TYPES = ("PERSON", "LOCATION", "ORGANIZATION")
#: The filters a search takes as parameters, in the order they are added to the query.
FILTERS = ("source", "lang", "entity", "after", "before")

_INT64_MAX = 2**63 - 1
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class ServiceError(Exception):
    """Bad input: ``status`` is the HTTP status, ``title`` a short summary, ``detail`` what
    exactly was wrong (safe to show: it names the parameter and the problem, never internals).
    """

    status: ClassVar[int] = 400
    title: ClassVar[str] = "Bad request"
    slug: ClassVar[str] = "bad-request"

    def __init__(self, detail: str, *, parameter: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.parameter = parameter


class BadRequest(ServiceError):
    """A malformed or out-of-range parameter (HTTP 400)."""


class NotFound(ServiceError):
    """No article or entity with that id (HTTP 404)."""

    status = 404
    title = "Not found"
    slug = "not-found"


class TooLarge(ServiceError):
    """A value longer than its bound (HTTP 414 for query strings)."""

    status = 414
    title = "Value too long"
    slug = "too-long"


def _text_param(name: str, value: str | None, limit: int) -> str | None:
    """``value`` stripped (None if absent or blank); raises for over-long or non-text values."""
    if value is None:
        return None
    if len(value) > limit:
        raise TooLarge(f"{name}: at most {limit} characters", parameter=name)
    if _SURROGATE.search(value):
        raise BadRequest(f"{name}: not valid Unicode text (a lone surrogate)", parameter=name)
    value = value.strip()
    return value or None


def search_query(q: str | None, filters: dict[str, str | None]) -> str:
    """The query-language string for ``q`` plus filter parameters, each quoted as a value.

    A filter value cannot add syntax: it is written as ``field:"value"`` with its double
    quotes doubled (:func:`akhbar.search.query.quote`), so the quoted value is all the field
    reads; control characters are refused.

    >>> search_query("روس", {"source": "urdu.geo.tv", "after": "13 اپریل 2021"})
    'روس source:"urdu.geo.tv" after:"13 اپریل 2021"'
    >>> search_query("روس", {"source": 'x" OR y'})
    'روس source:"x"" OR y"'
    >>> search_query("روس", {"source": "x\\x01y"})
    Traceback (most recent call last):
    ...
    akhbar.web.service.BadRequest: source: control characters are not allowed
    """
    return _compose(q, filters)[0]


def _compose(
    q: str | None, filters: dict[str, str | None]
) -> tuple[str, dict[str, str | None], list[tuple[int, str]]]:
    """:func:`search_query`, the cleaned filter values, and where each filter starts in it."""
    text = q.strip() if q else ""
    parts = [text] if text else []
    cleaned: dict[str, str | None] = {}
    starts: list[tuple[int, str]] = []
    offset = len(text) + 1 if text else 0
    for name in FILTERS:
        value = _text_param(name, filters.get(name), MAX_FILTER_CHARS)
        cleaned[name] = value
        if value is None:
            continue
        if _CONTROL.search(value):
            raise BadRequest(f"{name}: control characters are not allowed", parameter=name)
        part = f"{name}:{quote(value)}"
        if name in ("after", "before"):
            try:
                parse_query(part)
            except QueryError as exc:
                raise BadRequest(f"{name}: {exc.message}", parameter=name) from None
        parts.append(part)
        starts.append((offset, name))
        offset += len(part) + 1
    return " ".join(parts), cleaned, starts


def _int_param(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise BadRequest(f"{name}: must be between {low} and {high}, got {value}", parameter=name)
    return value


class _Local(threading.local):
    archive: Archive | None = None
    store: Store | None = None
    version: int | None = None
    count: tuple[int, int] | None = None  # (data_version, articles) for the health check


class Service:
    """Read-only views of one store (see the module docstring); use as a context manager.

    Thread-safe: each thread gets its own connections.  ``close`` closes the connections the
    calling thread opened (the others close with their threads' end or the process).
    """

    def __init__(self, db: str | os.PathLike[str]) -> None:
        """Open the store at ``db`` (it must exist); raises ``FileNotFoundError`` otherwise."""
        self.path = Path(db)
        self._local = _Local()
        self._lock = threading.Lock()
        self._stats_cache: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        self._store()  # fail now (missing file, old schema), not on the first request

    # ---- connections ------------------------------------------------------------------------

    def _store(self) -> Store:
        local = self._local
        if local.store is None:
            local.store = Store.open(self.path, readonly=True)
        return local.store

    def _conn(self) -> sqlite3.Connection:
        return self._store().connection

    def _archive(self) -> Archive:
        """This thread's search archive, reopened when another connection has committed."""
        local = self._local
        version = int(self._conn().execute("PRAGMA data_version").fetchone()[0])
        if local.archive is not None and local.version != version:
            local.archive.close()
            local.archive = None
        if local.archive is None:
            local.archive = Archive.open(self.path)
            local.version = version
        return local.archive

    def close(self) -> None:
        """Close this thread's connections."""
        local = self._local
        if local.archive is not None:
            local.archive.close()
            local.archive = None
        if local.store is not None:
            local.store.close()
            local.store = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ---- search -----------------------------------------------------------------------------

    def search(
        self,
        q: str | None,
        *,
        source: str | None = None,
        after: str | None = None,
        before: str | None = None,
        entity: str | None = None,
        lang: str | None = None,
        page: int = 1,
        per_page: int = 10,
        entity_facet: bool = False,
        exact: bool = False,
    ) -> dict[str, Any]:
        """One page of hits for ``q`` (the query language) narrowed by filter parameters.

        Keys: ``query`` (the query-language string asked for: ``q`` plus the quoted filters),
        ``relaxed_query`` (None, or the query run instead because ``query`` matched nothing:
        its phrases as words, and what every other key then describes; never with ``exact``),
        ``restored_query`` (None, or ``query`` as searched when typed on an Arabic or Persian
        keyboard), ``entity_query`` (None, or the query run instead because ``query`` and its
        phrases as words matched nothing: its names in Latin letters as ``entity:`` filters;
        what every other key then describes; never with ``exact``), ``suggested_query``
        (None, or, when nothing was found, ``query`` with each word no article holds spelled as
        the nearest word articles hold: a suggestion, not run), ``variants`` (each name of the
        query run, a word or several, that the archive also spells otherwise, as typed, with
        those spellings, which it matched too; empty with ``exact``), ``empty_because``
        (only when nothing was found and the query has filters: why, a note per filter no
        article passes alone with what the archive holds instead, else that each filter
        matches but not all together, or that the words find articles the filters leave out:
        :class:`akhbar.search.empty.EmptyNote`; empty otherwise),
        ``q``, ``filters`` (``{source, lang, entity, after, before}``, None when not given),
        ``total`` (hits, near-duplicates collapsed), ``total_is_exact`` (False when the engine
        estimated ``total`` rather than counted it), ``total_articles`` (matching articles, what
        the facets add up to), ``page``, ``per_page``, ``pages`` (pages that can be asked for,
        at most ``MAX_DEPTH // per_page``), ``hits`` and ``facets``.

        Each hit: ``id``, ``title``, ``url``, ``source``, ``published`` (ISO 8601 with the
        source's offset, or None), ``lang``, ``score``, ``snippet`` (``text``, ``highlights``
        as ``[start, end]`` offsets into ``text``, ``fragments``: each ``paragraph``, ``start``,
        ``end`` (its span in the original paragraph), ``text`` and ``highlights`` (offsets into
        the paragraph)), ``title_highlights`` (offsets into ``title``), ``similar`` (other
        matching members of its near-duplicate cluster) and ``cluster_id``.

        ``facets``: ``sources``, ``months`` (``YYYY-MM`` as published, in the source's zone;
        calendar order, undated last as None) and ``languages``, each a list of ``{"value",
        "count"}``.

        With ``entity_facet``, ``facets`` also has ``entities``: the entities most often
        mentioned in the top :data:`ENTITY_FACET_DEPTH` hits (at most :data:`ENTITY_FACET_SIZE`),
        each ``id``, ``type``, ``name``, ``english`` and ``count`` (how many of those hits
        mention it); a second, snippet-less search of the same query finds them.

        Raises :class:`BadRequest` for a malformed query (the detail says what and where),
        :class:`TooLarge` for an over-long one.
        """
        per_page = _int_param("per_page", per_page, 1, MAX_PER_PAGE)
        page = _int_param("page", page, 1, MAX_DEPTH // per_page)
        text = _text_param("q", q, MAX_QUERY_CHARS)
        query, filters, starts = _compose(
            text,
            {"source": source, "lang": lang, "entity": entity, "after": after, "before": before},
        )
        if len(query) > MAX_QUERY_CHARS:
            raise TooLarge(f"query with its filters: at most {MAX_QUERY_CHARS} characters")
        if not query:
            raise BadRequest("nothing to search for: give q or a filter", parameter="q")
        try:
            result = self._archive().search(
                query,
                per_page,
                (page - 1) * per_page,
                exact=exact,
            )
        except QueryError as exc:
            # Name the parameter the error is in: q, or the filter whose part holds it; but a
            # q that is no query by itself (an unclosed quote, a trailing OR) is q's error,
            # wherever the parser, reading on into the filters, stopped.
            name = next((n for start, n in reversed(starts) if exc.position >= start), "q")
            if name != "q" and text is not None:
                own = _syntax_error(text)
                if own is not None:
                    exc, name = own, "q"
            detail = str(exc) if name == "q" else exc.message
            if not detail.startswith(f"{name}:"):
                detail = f"{name}: {detail}"
            raise BadRequest(detail, parameter=name) from None
        out = result.to_dict()
        if entity_facet and out["facets"] is not None:
            out["facets"]["entities"] = self._entity_facet(query, exact)
        return {
            "query": query,
            "relaxed_query": result.relaxed_query,
            "restored_query": result.restored_query,
            "entity_query": result.entity_query,
            "suggested_query": result.suggested_query,
            "variants": out["variants"],
            "empty_because": out["empty_because"],
            "q": text,
            "filters": filters,
            "total": out["total"],
            "total_is_exact": _total_is_exact(result),
            "total_articles": out["total_articles"],
            "page": page,
            "per_page": per_page,
            "pages": min(math.ceil(result.total / per_page), MAX_DEPTH // per_page),
            "hits": out["hits"],
            "facets": out["facets"],
        }

    def marks(
        self, q: str, *, exact: bool = False, article: str | None = None
    ) -> list[tuple[str, ...]]:
        """The token sequences a hit of the query ``q`` marks in its article ``article`` (an
        id), as its snippet does: its words and phrases, the words of a split word, unless
        ``exact`` the other spellings it matched (names, compounds, loanwords), and how the
        article names its ``entity:`` filters' entities (:meth:`Archive.marks`); raises
        :class:`BadRequest` for a malformed query, :class:`TooLarge` for an over-long one."""
        text = _text_param("q", q, MAX_QUERY_CHARS)
        if text is None:
            return []
        try:
            return self._archive().marks(text, exact=exact, article=article)
        except QueryError as exc:
            raise BadRequest(str(exc), parameter="q") from None

    def _entity_facet(self, query: str, exact: bool) -> list[dict[str, Any]]:
        # (the top hits' rows only: no titles, counts or facets are made for them; relaxed
        # as the search was)
        seqs = self._archive().top_rows(
            query,
            ENTITY_FACET_DEPTH,
            exact=exact,
        )
        if not seqs:
            return []
        rows = self._conn().execute(
            "SELECT e.id, e.type, e.name, e.english, count(DISTINCT m.article) AS n "
            "FROM mentions AS m JOIN entities AS e ON e.id = m.entity "
            f"WHERE m.article IN ({', '.join('?' * len(seqs))}) "
            "GROUP BY e.id ORDER BY n DESC, e.mention_count DESC, e.id LIMIT ?",
            [*seqs, ENTITY_FACET_SIZE],
        )
        return [
            {"id": int(i), "type": t, "name": name, "english": english, "count": int(n)}
            for i, t, name, english, n in rows
        ]

    # ---- articles ---------------------------------------------------------------------------

    def article(self, article_id: str) -> dict[str, Any]:
        """One article with its original text, entity mentions and near-duplicates.

        Keys: ``id``, ``title``, ``url``, ``source``, ``published`` (ISO 8601 or None),
        ``lang``, ``tags``, ``category``, ``author``, ``paragraphs`` (the original text, one
        string a paragraph), ``entities`` (mentions in paragraph order: ``paragraph``,
        ``start``, ``end`` (``paragraphs[paragraph][start:end] == text``), ``entity`` (id),
        ``type``, ``name``, ``english``, ``text``), ``cluster_id`` and ``cluster_members``
        (the other articles of its near-duplicate cluster, at most 100, earliest published
        first, undated last, ties first stored first: ``id``, ``title``, ``source``,
        ``published``).

        Raises :class:`NotFound` for an unknown id.
        """
        if len(article_id) > MAX_ID_CHARS or _SURROGATE.search(article_id):
            raise NotFound(f"no article with id {article_id[:MAX_ID_CHARS]!r}")
        store = self._store()
        conn = store.connection
        row = conn.execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()
        art = store.get(article_id) if row else None
        if row is None or art is None:
            raise NotFound(f"no article with id {article_id!r}")
        mentions = [
            {
                "paragraph": p,
                "start": s,
                "end": e,
                "entity": ent,
                "type": t,
                "name": n,
                "english": en,
                "text": txt,
            }
            for p, s, e, ent, t, n, en, txt in conn.execute(
                "SELECT m.paragraph, m.start, m.end, m.entity, e.type, e.name, e.english, m.text "
                "FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.article = ? "
                "ORDER BY m.paragraph, m.start",
                (row[0],),
            )
        ]
        members: list[dict[str, Any]] = []
        if art.cluster_id is not None:
            members = [
                m._asdict()
                for m in store.cluster_articles(art.cluster_id, limit=101)
                if m.id != art.id
            ][:100]
        return {
            "id": art.id,
            "title": art.title,
            "url": art.url,
            "source": art.source,
            "published": art.published.isoformat() if art.published else None,
            "lang": art.lang,
            "tags": list(art.tags),
            "category": art.category,
            "author": art.author,
            "paragraphs": list(art.paragraphs),
            "entities": mentions,
            "cluster_id": art.cluster_id,
            "cluster_members": members,
        }

    # ---- entities ---------------------------------------------------------------------------

    def entities(
        self, *, type: str | None = None, q: str | None = None, limit: int = 50
    ) -> dict[str, Any]:
        """The most mentioned entities, or those a name ``q`` may mean (any spelling or
        keyboard, a surname, an English name or spelling, a Wikidata id), of one ``type``.

        Keys: ``type``, ``q``, ``entities``: each ``id``, ``type``, ``name``, ``english``,
        ``wikidata``, ``mentions``, ``articles`` (most mentioned first, at most ``limit``).
        """
        limit = _int_param("limit", limit, 1, MAX_ENTITY_LIMIT)
        kind = _text_param("type", type, 40)
        if kind is not None:
            kind = kind.upper()
            if kind not in ENTITY_TYPES:
                raise BadRequest(
                    f"type: expected one of {', '.join(ENTITY_TYPES)}", parameter="type"
                )
        name = _text_param("q", q, MAX_FILTER_CHARS)
        conn = self._conn()
        if name is None:
            rows = top_entities(conn, type=kind, top=limit)
        else:
            found = [c for c in resolve(conn, name) if kind is None or c.type == kind][:limit]
            counts = {}
            if found:
                ids = [c.id for c in found]
                counts = dict(
                    conn.execute(
                        "SELECT entity, count(DISTINCT article) FROM mentions "
                        f"WHERE entity IN ({', '.join('?' * len(ids))}) GROUP BY entity",
                        ids,
                    ).fetchall()
                )
            rows = [
                {
                    "id": c.id,
                    "type": c.type,
                    "name": c.name,
                    "english": c.english,
                    "wikidata": c.wikidata,
                    "mentions": c.mentions,
                    "articles": counts.get(c.id, 0),
                }
                for c in found
            ]
        return {"type": kind, "q": name, "entities": rows}

    def entity(self, entity_id: int | str) -> dict[str, Any]:
        """One entity in detail.

        Keys: ``id``, ``type``, ``name``, ``english``, ``wikidata``, ``mentions``, ``articles``
        (how many mention it), ``variants`` (``text``, ``mentions``), ``titles`` (titles seen
        before a person: ``title``, ``mentions``), ``months`` (``month`` ``YYYY-MM``, as
        published in the source's zone, or ``"undated"``, ``mentions``; they add up to
        ``mentions``), ``cooccurring`` (``id``,
        ``type``, ``name``, ``english``, ``articles`` in common), ``related`` (for a person,
        the other persons that may be the same one: ``id``, ``type``, ``name``, ``english``,
        ``mentions``, ``relation`` ``spelling`` or ``part``) and ``latest`` (``id``,
        ``title``, ``published``, ``mentions``).

        Raises :class:`NotFound` for an unknown or malformed id.
        """
        number = _entity_number(entity_id)
        try:
            return entity_details(self._conn(), number, cooccurring=20, latest=20)
        except LookupError:
            raise NotFound(f"no entity #{number}") from None

    # ---- the corpus -------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        """``status`` ("ok"), ``articles`` (a cheap check that the store answers) and
        ``analysis``: ``""``, or why searches can miss articles (some were analyzed by another
        akhbar's analyzer; the message names the command that fixes it)."""
        # count(*) reads the whole table: counted again only after another connection commits.
        local = self._local
        conn = self._conn()
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        if local.count is None or local.count[0] != version:
            local.count = (
                version,
                int(conn.execute("SELECT count(*) FROM articles").fetchone()[0]),
            )
        return {
            "status": "ok",
            "articles": local.count[1],
            "analysis": analysis_warning(conn, self.path),
        }

    def stats(self) -> dict[str, Any]:
        """The corpus overview (recomputed only when the store has changed).

        Keys: ``articles``, ``sources`` and ``languages`` (``{"value", "count"}``, most first;
        the sources folded as ``source:`` reads them: ``Geo.TV`` and ``geo.tv`` one row),
        ``published_first`` / ``published_last`` (UTC, ISO 8601, or None), ``months``
        (``{"value": "YYYY-MM", "count"}`` in calendar order; the month as published, in the
        source's zone, as the search's month facet), ``undated`` (articles without a
        date), ``clusters``, ``clustered_articles``, ``entities`` (how
        many), ``mentions``, ``top_entities`` (per type: ``id``, ``type``, ``name``,
        ``english``, ``wikidata``, ``mentions``, ``articles``; ten each), ``runs`` (how many)
        and ``recent_runs`` (the last five: ``id``, ``started``, ``ended``, ``status``).
        """
        conn = self._conn()
        q = conn.execute
        version = (
            q("SELECT max(seq) FROM articles").fetchone()[0],
            q("SELECT max(id) FROM runs").fetchone()[0],
            q("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchone(),
            q("SELECT max(id), count(*) FROM entities").fetchone(),
        )
        cached = self._stats_cache
        if cached is not None and cached[0] == version:
            return cached[1]

        def counted(sql: str) -> list[dict[str, Any]]:
            return [{"value": v, "count": int(n)} for v, n in q(sql)]

        first, last = q("SELECT min(published_utc), max(published_utc) FROM articles").fetchone()
        # The month as published (in the source's zone), as the search facet counts it: the
        # UTC month's, but for an article within a day of a month's end (an offset is less
        # than a day), read from its stored local time.
        months = counted(
            "SELECT CASE WHEN substr(published_utc, 9, 2) BETWEEN '02' AND '27' "
            "THEN substr(published_utc, 1, 7) ELSE (SELECT substr(b.published, 1, 7) "
            "FROM articles b WHERE b.seq = a.seq) END AS m, count(*) FROM articles a "
            "WHERE published_utc IS NOT NULL GROUP BY m ORDER BY m"
        )
        out = {
            "articles": int(q("SELECT count(*) FROM articles").fetchone()[0]),
            "sources": [
                {"value": f.value, "count": f.count}
                for f in by_count(
                    dict(q("SELECT source, count(*) FROM articles GROUP BY source").fetchall()),
                    source_key,
                )
            ],
            "languages": counted(
                "SELECT lang, count(*) AS n FROM articles GROUP BY lang "
                "ORDER BY n DESC, lang IS NULL, lang"
            ),
            "published_first": utc_text(first),
            "published_last": utc_text(last),
            "months": months,
            "undated": int(
                q("SELECT count(*) FROM articles WHERE published_utc IS NULL").fetchone()[0]
            ),
            "clusters": int(q("SELECT count(*) FROM clusters").fetchone()[0]),
            "clustered_articles": int(
                q("SELECT count(*) FROM articles WHERE cluster_id IS NOT NULL").fetchone()[0]
            ),
            "entities": int(q("SELECT count(*) FROM entities").fetchone()[0]),
            "mentions": int(
                q("SELECT coalesce(sum(mention_count), 0) FROM entities").fetchone()[0]
            ),
            "top_entities": {t: top_entities(conn, type=t, top=10) for t in ENTITY_TYPES},
            "runs": int(q("SELECT count(*) FROM runs").fetchone()[0]),
            "recent_runs": [
                {"id": i, "started": s, "ended": e, "status": st}
                for i, s, e, st in q(
                    "SELECT id, started, ended, status FROM runs ORDER BY id DESC LIMIT 5"
                )
            ],
        }
        with self._lock:
            self._stats_cache = (version, out)
        return out


def _syntax_error(q: str) -> QueryError | None:
    """The error of ``q`` as a query by itself, but for having nothing to search for (which the
    filter parameters may give it), or None.

    >>> str(_syntax_error('"روس')), _syntax_error("-روس") is None
    ('unterminated phrase: expected a closing " (at position 0)', True)
    """
    try:
        parse_query(q)
    except QueryError as exc:
        return None if exc.message.startswith("nothing to search for") else exc
    return None


def _total_is_exact(result: object) -> bool:
    """Whether the engine counted ``result.total`` exactly: its ``total_is_exact`` where the
    engine's result says (an estimate beyond a bound), else True (it counts every match).

    >>> _total_is_exact(object()), _total_is_exact(type("R", (), {"total_is_exact": False})())
    (True, False)
    """
    return bool(getattr(result, "total_is_exact", True))


def _entity_number(entity_id: int | str) -> int:
    if isinstance(entity_id, int):
        number = entity_id
    else:
        text = entity_id.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 19):
            raise NotFound(f"no entity {entity_id[:MAX_ID_CHARS]!r}")
        number = int(text)
    if not 0 <= number <= _INT64_MAX:
        raise NotFound(f"no entity #{number}")
    return number
