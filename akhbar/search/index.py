"""The search index: a tantivy index derived from the store, kept next to it in ``<db>.index/``.

The store (SQLite) stays the record; this index is built from what the store already keeps —
the analyzer's terms (``analyzed_title``, ``analyzed_body``), source, language, publication time
and near-duplicate cluster — so query terms and index terms come from the one analyzer
(:mod:`akhbar.text.analyzer`).  The index never re-analyzes: its tokenizer only splits the
stored space-joined terms at whitespace.  (It does tokenize the original title and paragraphs
once, for the ``spans`` it stores: :mod:`akhbar.search.spans`.)

Fields: ``seq`` (the article's row, the key back into the store); ``title`` and ``body`` (with
positions, for phrases); ``lead`` (the first :data:`LEAD_TERMS` body terms: a headline's words
tend to come early); ``head`` (the first :data:`HEAD_TERMS` body terms, no frequencies: which
query words an article names early, for the second ranking stage); ``pairs`` (adjacent term
pairs of the first :data:`PAIR_TERMS` body terms: a query's word order); ``shingles`` (the
adjacent pairs of body terms both in the generation's shingle terms, format 5 on, every pair
before: a two-term phrase of common terms is one term to look up, a longer one is checked only
where its pairs occur; a pair holding a rarer term is found by position, cheaply, through that
term's few documents); and fast fields for filters, facets and collapsing: ``source``,
``lang`` (``lang_key`` lower-cased for ``lang:``), ``month`` (``YYYYMM``, of the time as
published: in the source's zone, format 6 on; UTC before), ``pub`` (microseconds, UTC),
``local`` (format 6 on: the time as published, in the source's zone, as microseconds of that
wall-clock time read as UTC: what a date filter compares), ``recency`` (newest-first lists),
``cluster`` (a hash of the cluster id), ``facet`` (source, month and language in one value:
one aggregation counts the three facets) and
``idh`` (a hash of the article id: tells an index from another store's); and, stored (format 4
on), ``spans``: the tokens' offsets and piece hashes of the paragraphs and the title, which let
snippets skip re-tokenizing (:mod:`akhbar.search.spans`; used only while the tokenizer and
analyzer are the ones that made them, ``SearchIndex.spans``). Entity mentions are not
indexed: ``entity:`` reads them from the store, so ``akhbar annotate`` needs no re-sync.

Formats: :data:`FORMAT` is what a new generation gets; an index of an older format listed in
:data:`READABLE_FORMATS` stays in use (and syncs) without the fields it lacks (format 2: no
``head``; format 3: no ``spans``, so snippets tokenize; ``akhbar index --rebuild`` upgrades
it; format 4: every pair of body terms in ``shingles``; format 5: no ``local``, so a date
filter compares UTC days and the month facet counts UTC months); any other format is rebuilt.  A
generation records the shingle terms it was built with (``shingle_terms`` in its
``akhbar-index.json``, from the package's :data:`SHINGLE_TERMS_FILE` when it was made): a sync
adds pairs by that list and a query looks pairs up by it, so a new list in the package changes
nothing in a generation made before.

Layout: ``<db>.index/CURRENT`` names the generation in use (``gen-N/``, a tantivy directory
with ``akhbar-index.json`` stating its format).  :func:`sync` catches the generation up with the
store by a watermark — the highest ``seq`` it holds, committed with the documents, so a killed
sync leaves the previous commit usable and re-running it finishes the work.  It also re-indexes
articles whose cluster changed since they were indexed (a near-duplicate arriving later puts an
older article into a cluster).  A rebuild (``rebuild=True``, a format change, an index that
belongs to another store, or a store re-analyzed since the generation was built: its
``akhbar-index.json`` records the store's re-analysis count, :meth:`Store.reanalyzed`) fills
a new generation — resumable the same way — and then switches ``CURRENT`` to it with one
atomic rename; readers holding the old generation keep their files.

>>> import tempfile, pathlib
>>> from akhbar.article import Article
>>> from akhbar.pipeline import prepare_batch
>>> from akhbar.store import Store
>>> db = pathlib.Path(tempfile.mkdtemp()) / "a.db"
>>> with Store.open(db) as store:
...     run = store.begin_run([], {})
...     arts = [Article(id="1", source="x", title="روس", paragraphs=("لاؤروف نے کہا۔",))]
...     _ = store.add_batch(run, prepare_batch(arts))
>>> stats = sync(db)
>>> stats.added, stats.documents, stats.rebuilt
(1, 1, True)
>>> sync(db).added
0
>>> index_path(db).name
'a.db.index'
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import compress, islice, repeat
from operator import add, and_
from pathlib import Path
from typing import Any

import tantivy

from akhbar.procs import exit_with_parent
from akhbar.search.spans import encode as encode_spans
from akhbar.search.spans import fingerprint as spans_fingerprint
from akhbar.store.store import Store

__all__ = [
    "FORMAT",
    "HEAD_TERMS",
    "LEAD_TERMS",
    "PAIR_JOIN",
    "PAIR_TERMS",
    "READABLE_FORMATS",
    "SHINGLE_TERMS_FILE",
    "WHITESPACE",
    "SearchIndex",
    "SearchIndexError",
    "SyncStats",
    "cluster_key",
    "facet_key",
    "index_path",
    "micros",
    "open_index",
    "store_reanalyzed",
    "sync",
]

#: Version of the index layout and field contents; an index of another format is rebuilt.
FORMAT = 6
#: Formats searched and synced as they are (older ones lack fields; see the module docstring).
READABLE_FORMATS = frozenset({2, 3, 4, 5, 6})
#: The terms whose adjacent pairs a new generation keeps in ``shingles`` (one a line; ``#``
#: starts a comment): ``scripts/build_shingle_terms.py``.
SHINGLE_TERMS_FILE = Path(__file__).with_name("data") / "shingle_terms.txt"
#: How many leading body terms the ``lead`` field holds.
LEAD_TERMS = 30
#: How many leading body terms the ``head`` field holds (format 3 on).
HEAD_TERMS = 60
#: Adjacent pairs of this many leading body terms go into the ``pairs`` field.
PAIR_TERMS = 40
#: What joins the two terms of a pair (never part of an analyzer term).
PAIR_JOIN = "\x1f"
#: The tokenizer of the text fields: tantivy's ``whitespace`` (splits at Unicode White_Space,
#: nothing else), so the stored space-joined terms come back as they were.
TOKENIZER = "whitespace"
#: Unicode White_Space (what Rust's ``char::is_whitespace`` and so the tokenizer split at).
WHITESPACE = re.compile("[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
#: ``recency`` of an article without a date (sorts last, newest first).
_RECENCY_OFFSET = 1 << 62
_META = "akhbar-index.json"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_BATCH = 2000
_WRITER_HEAP = 400_000_000


class SearchIndexError(RuntimeError):
    """The search index cannot be built or opened (the message says why)."""


@dataclass(frozen=True, slots=True)
class SyncStats:
    """What :func:`sync` did: documents ``added`` (new articles), ``updated`` (re-indexed
    because their cluster changed), ``documents`` in the index afterwards, whether it
    ``rebuilt`` a new generation (and why: ``reason``), its ``watermark`` and ``seconds``;
    ``advice``: what a rebuild would bring, if anything (a generation made with another list
    of shingle terms than this version's keeps its list, and its phrase speed)."""

    added: int
    updated: int
    documents: int
    watermark: int
    rebuilt: bool
    reason: str
    seconds: float
    path: str
    advice: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "added": self.added,
            "updated": self.updated,
            "documents": self.documents,
            "watermark": self.watermark,
            "rebuilt": self.rebuilt,
            "reason": self.reason,
            "seconds": round(self.seconds, 3),
            "path": self.path,
            "advice": self.advice,
        }


# ---- keys -----------------------------------------------------------------------------------


def index_path(db: str | os.PathLike[str]) -> Path:
    """The index directory of the store at ``db``: ``<db>.index`` beside it.

    >>> index_path("/data/akhbar.db").as_posix()
    '/data/akhbar.db.index'
    """
    p = Path(db)
    return p.with_name(p.name + ".index")


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def cluster_key(cluster_id: str) -> int:
    """The ``cluster`` field's value for a cluster id (a 64-bit hash).

    >>> cluster_key("a") == cluster_key("a") != cluster_key("b")
    True
    """
    return _hash64(cluster_id)


def micros(d: datetime) -> int:
    """Microseconds since 1970 (UTC) of an aware datetime: the ``pub`` field's unit.

    >>> from datetime import UTC
    >>> micros(datetime(1970, 1, 1, 0, 0, 1, 5, tzinfo=UTC))
    1000005
    """
    return (d - _EPOCH) // _MICROSECOND


def local_time(published: str) -> datetime:
    """The wall-clock time a stored ``published`` value states, in its source's zone, as an
    aware datetime read as UTC (what the ``local`` field holds, in :func:`micros`).

    >>> local_time("2021-04-30T23:00:00-05:00").isoformat()
    '2021-04-30T23:00:00+00:00'
    """
    return datetime.fromisoformat(published).replace(tzinfo=UTC)


def _schema(fmt: int = FORMAT) -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("seq", indexed=True, fast=True)
    sb.add_text_field("title", tokenizer_name=TOKENIZER, index_option="position")
    sb.add_text_field("body", tokenizer_name=TOKENIZER, index_option="position")
    sb.add_text_field("lead", tokenizer_name=TOKENIZER, index_option="freq")
    if fmt >= 3:
        sb.add_text_field("head", tokenizer_name=TOKENIZER, index_option="basic")
    if fmt >= 4:
        sb.add_bytes_field("spans", stored=True)
    sb.add_text_field("pairs", tokenizer_name=TOKENIZER, index_option="freq")
    sb.add_text_field("shingles", tokenizer_name=TOKENIZER, index_option="freq")
    sb.add_text_field("source", tokenizer_name="raw", index_option="basic", fast=True)
    sb.add_text_field("lang", tokenizer_name="raw", index_option="basic", fast=True)
    sb.add_text_field("lang_key", tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("month", fast=True)
    sb.add_integer_field("pub", indexed=True, fast=True)
    if fmt >= 6:
        sb.add_integer_field("local", indexed=True, fast=True)
    sb.add_unsigned_field("recency", fast=True)
    sb.add_unsigned_field("cluster", indexed=True, fast=True)
    sb.add_unsigned_field("idh", fast=True)
    sb.add_text_field("facet", tokenizer_name="raw", index_option="basic", fast=True)
    return sb.build()


def facet_key(source: str | None, month: int | None, lang: str | None) -> str:
    """The ``facet`` field: source, month and language in one value, so that one aggregation
    counts all three facets (JSON: unambiguous whatever the names hold).

    >>> facet_key("geo", 202104, None)
    '["geo",202104,null]'
    """
    return json.dumps([source, month, lang], ensure_ascii=False, separators=(",", ":"))


# ---- documents ------------------------------------------------------------------------------

_ROW_SQL = (
    "SELECT seq, id, analyzed_title, analyzed_body, source, lang, published_utc, cluster_id, "
    "title, paragraphs, published FROM articles"
)


#: Characters Python's ``str.split()`` splits at that :data:`WHITESPACE` does not (``\x1c`` ..
#: ``\x1f``, :data:`PAIR_JOIN` among them): a text free of them splits alike either way.
_PY_ONLY_SPACE = "\x1c\x1d\x1e\x1f"


def _words(text: str) -> list[str]:
    r"""The terms of a stored space-joined text, split where the index's tokenizer splits
    (:data:`WHITESPACE`): ``str.split()``, several times faster, when it gives the same.

    >>> _words(" a  b\u00a0c\x1fd ")
    ['a', 'b', 'c\x1fd']
    """
    if any(c in text for c in _PY_ONLY_SPACE):
        return [t for t in WHITESPACE.split(text) if t]
    return text.split()


class _Keys:
    """Per-value fields computed once per sync (a store has few sources, months and clusters
    of a given size, and many articles share them)."""

    __slots__ = ("clusters", "facets")

    def __init__(self) -> None:
        self.facets: dict[tuple[str | None, int | None, str | None], str] = {}
        self.clusters: dict[str, int] = {}

    def facet(self, source: str | None, month: int | None, lang: str | None) -> str:
        key = (source, month, lang)
        value = self.facets.get(key)
        if value is None:
            value = self.facets[key] = facet_key(source, month, lang)
        return value

    def cluster(self, cluster_id: str) -> int:
        value = self.clusters.get(cluster_id)
        if value is None:
            if len(self.clusters) >= 100_000:
                self.clusters.clear()
            value = self.clusters[cluster_id] = cluster_key(cluster_id)
        return value


def _document(
    row: tuple[Any, ...],
    fmt: int = FORMAT,
    keys: _Keys | None = None,
    spans: bytes | None = None,
    shingled: Collection[str] | None = None,
) -> tantivy.Document:
    """The index document of a store row (:data:`_ROW_SQL`'s columns); ``spans``: the row's
    :func:`_row_spans` when computed beforehand (format 4 on); ``shingled``: the terms whose
    adjacent pairs go into ``shingles`` (the generation's :func:`_shingle_terms`; None: every
    pair)."""
    seq, aid, title, body, source, lang, published_utc, cluster_id = row[:8]
    k = keys or _Keys()
    doc = tantivy.Document()
    doc.add_unsigned("seq", int(seq))
    doc.add_unsigned("idh", _hash64(str(aid)))
    doc.add_text("title", title or "")
    doc.add_text("body", body or "")
    words = _words(body or "")
    doc.add_text("lead", " ".join(words[:LEAD_TERMS]))
    if fmt >= 3:
        doc.add_text("head", " ".join(words[:HEAD_TERMS]))
    # Every adjacent pair, each word + PAIR_JOIN + the next (two concatenations, no tuples).
    pairs = list(map(add, map(add, words, repeat(PAIR_JOIN)), islice(words, 1, None)))
    doc.add_text("pairs", " ".join(pairs[: PAIR_TERMS - 1]))
    if shingled is None:
        doc.add_text("shingles", " ".join(pairs))
    else:  # the pairs of two shingle terms
        common = list(map(shingled.__contains__, words))
        doc.add_text("shingles", " ".join(compress(pairs, map(and_, common, common[1:]))))
    if source is not None:
        doc.add_text("source", source)
    if lang is not None:
        doc.add_text("lang", lang)
        doc.add_text("lang_key", lang.lower())
    month = None
    if published_utc is not None:
        when = datetime.fromisoformat(published_utc)
        us = micros(when)
        month = when.year * 100 + when.month
        if fmt >= 6:
            local = local_time(row[10])
            month = local.year * 100 + local.month
            doc.add_integer("local", micros(local))
        doc.add_unsigned("month", month)
        doc.add_integer("pub", us)
        doc.add_unsigned("recency", us + _RECENCY_OFFSET)
    else:
        doc.add_unsigned("recency", 0)
    doc.add_text("facet", k.facet(source, month, lang))
    if cluster_id is not None:
        doc.add_unsigned("cluster", k.cluster(str(cluster_id)))
    if fmt >= 4:
        doc.add_bytes("spans", _row_spans(row) if spans is None else spans)
    return doc


def _row_spans(row: tuple[Any, ...]) -> bytes:
    """The token spans of a store row's paragraphs and title (:func:`encode_spans`)."""
    paragraphs, raw_title = row[9], row[8]
    return encode_spans([*json.loads(paragraphs or "[]"), raw_title or ""])


def _rows_spans(rows: list[tuple[Any, ...]]) -> list[bytes]:
    """:func:`_row_spans` of each row (what a span worker runs)."""
    return [_row_spans(row) for row in rows]


#: A sync adding at least this many articles encodes their token spans (most of its work:
#: each article is tokenized again) in worker processes, when the machine has several cores
#: and this process has no other thread (the workers are forked).
PARALLEL_SPANS_MIN = 1000
#: Rows per span task.
_SPANS_TASK = 250


def _span_workers() -> int:
    """How many span worker processes a large sync may fork now (0: encode here)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    if cores < 2 or threading.active_count() > 1:
        return 0  # one core, or a threaded host (a server): forking it is not safe
    return min(cores, 4)


# ---- generations ----------------------------------------------------------------------------


def _read_meta(gen: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads((gen / _META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _pointer(root: Path, name: str) -> Path | None:
    """The generation a pointer file (``CURRENT`` or ``BUILDING``) names, if it is sound."""
    try:
        gen = (root / name).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not gen.startswith("gen-") or "/" in gen or not (root / gen).is_dir():
        return None
    return root / gen


def _write_pointer(root: Path, name: str, gen: Path) -> None:
    tmp = root / f"{name}.tmp-{os.getpid()}"
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(gen.name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / name)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _new_generation(root: Path, reanalyzed: int = 0) -> Path:
    numbers = [int(p.name[4:]) for p in root.glob("gen-*") if p.name[4:].isdigit() and p.is_dir()]
    gen = root / f"gen-{max(numbers, default=0) + 1}"
    gen.mkdir()
    index = tantivy.Index(_schema(), path=str(gen), reuse=False)
    del index
    meta = {
        "format": FORMAT,
        "lead_terms": LEAD_TERMS,
        "head_terms": HEAD_TERMS,
        "pair_terms": PAIR_TERMS,
        "spans": spans_fingerprint(),
        "reanalyzed": reanalyzed,
        "shingle_terms": list(shingle_terms()),
    }
    (gen / _META).write_text(json.dumps(meta) + "\n", encoding="utf-8")
    return gen


def _format(gen: Path) -> int | None:
    """The format of a generation, if it is one this version reads."""
    meta = _read_meta(gen)
    fmt = meta.get("format") if meta is not None else None
    return fmt if isinstance(fmt, int) and fmt in READABLE_FORMATS else None


@cache
def shingle_terms() -> tuple[str, ...]:
    """The package's shingle terms (:data:`SHINGLE_TERMS_FILE`): what a new generation
    records and keeps the pairs of.

    >>> "میں" in shingle_terms()
    True
    """
    text = SHINGLE_TERMS_FILE.read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(dict.fromkeys(t for t in lines if t))


def _shingle_terms(gen: Path, fmt: int) -> frozenset[str] | None:
    """The terms whose adjacent pairs the generation keeps in ``shingles``; None: every pair
    (format 4 and before).  A format-5 generation whose list is missing or malformed keeps
    none: its phrases are found by position (right, only slower)."""
    if fmt < 5:
        return None
    listed = (_read_meta(gen) or {}).get("shingle_terms")
    if not isinstance(listed, list):
        return frozenset()
    return frozenset(t for t in listed if isinstance(t, str))


def _spans_usable(gen: Path, fmt: int) -> bool:
    """Whether the generation stores token spans made by this tokenizer and analyzer."""
    meta = _read_meta(gen) or {}
    return fmt >= 4 and meta.get("spans") == spans_fingerprint()


def _reanalyzed(gen: Path) -> int:
    """The store's re-analysis count (:meth:`Store.reanalyzed`) the generation was built at
    (0 for one built before akhbar recorded it, when the count was 0)."""
    value = (_read_meta(gen) or {}).get("reanalyzed", 0)
    return value if isinstance(value, int) else -1


def _usable(gen: Path | None) -> bool:
    return gen is not None and _format(gen) is not None and tantivy.Index.exists(str(gen))


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One sync at a time per index (an advisory lock, released if the process dies)."""
    with (root / "LOCK").open("a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


# ---- reading an index -----------------------------------------------------------------------


def _watermark(searcher: tantivy.Searcher) -> int:
    if searcher.num_docs == 0:
        return 0
    agg = searcher.aggregate(tantivy.Query.all_query(), {"m": {"max": {"field": "seq"}}})
    value = agg.get("m", {}).get("value")
    return int(value) if value is not None else 0


def _idh_at(searcher: tantivy.Searcher, schema: tantivy.Schema, seq: int) -> int | None:
    hits = searcher.search(tantivy.Query.term_query(schema, "seq", seq), 1, count=False).hits
    if not hits:
        return None
    value = searcher.fast_field_values("idh", [hits[0][1]])[0]
    return int(value) if value is not None else None


def store_reanalyzed(conn: sqlite3.Connection) -> int:
    """:meth:`Store.reanalyzed` on a bare connection."""
    row = conn.execute("SELECT value FROM store_state WHERE key = 'reanalyzed'").fetchone()
    return int(row[0]) if row else 0


def _store_id(conn: sqlite3.Connection, seq: int) -> str | None:
    row = conn.execute("SELECT id FROM articles WHERE seq = ?", (seq,)).fetchone()
    return str(row[0]) if row else None


class SearchIndex:
    """An open generation of a store's index, for searching (one per thread, like the store).

    ``watermark`` is the highest article ``seq`` it holds; :meth:`current` says whether it
    holds everything the store does (then search can use it).
    """

    def __init__(self, root: Path, gen: Path, index: tantivy.Index) -> None:
        """Use :func:`open_index`."""
        self.root = root
        self.generation = gen
        self.index = index
        self.schema = index.schema
        #: The generation's format (:data:`READABLE_FORMATS`): which fields it has.
        self.format = _format(gen) or FORMAT
        #: Whether its stored token spans are usable (see :attr:`spans`).
        self.spans = _spans_usable(gen, self.format)
        #: The terms whose adjacent pairs it holds as ``shingles`` terms (None: every pair).
        self.shingled = _shingle_terms(gen, self.format)
        #: The store's re-analysis count it was built at: another count in the store means
        #: the store's analyzed text changed under it (see :meth:`current`).
        self.reanalyzed = _reanalyzed(gen)
        self.searcher = index.searcher()
        self.watermark = _watermark(self.searcher)
        self._checked: int | None = None
        self._stamp = self._files()

    def _files(self) -> tuple[int, int]:
        """When ``CURRENT`` and the generation's commit (``meta.json``) last changed."""
        out = []
        for f in (self.root / "CURRENT", self.generation / "meta.json"):
            try:
                out.append(f.stat().st_mtime_ns)
            except OSError:
                out.append(-1)
        return out[0], out[1]

    def changed(self) -> bool:
        """Whether a sync committed (or a rebuild switched generations) since the last load."""
        return self._files() != self._stamp

    def reload(self) -> None:
        """See the latest commit (and a new generation, if a rebuild switched to one)."""
        self._stamp = self._files()
        gen = _pointer(self.root, "CURRENT")
        if gen is not None and gen != self.generation and _usable(gen):
            self.generation = gen
            self.index = tantivy.Index.open(str(gen))
            self.schema = self.index.schema
            self.format = _format(gen) or FORMAT
            self.spans = _spans_usable(gen, self.format)
            self.shingled = _shingle_terms(gen, self.format)
            self.reanalyzed = _reanalyzed(gen)
            self._stamp = self._files()
        else:
            self.index.reload()
        self.searcher = self.index.searcher()
        self.watermark = _watermark(self.searcher)
        self._checked = None

    def current(self, conn: sqlite3.Connection, store_max: int) -> bool:
        """Whether this index holds exactly the store's articles up to ``store_max`` (the
        store's highest ``seq``) and belongs to that store (its last article's id matches), and
        the store was not re-analyzed since it was built (``akhbar reanalyze``: its terms are
        the old ones until a sync rebuilds it)."""
        if self.watermark != store_max or self.reanalyzed != store_reanalyzed(conn):
            return False
        if self._checked == store_max:
            return True
        if store_max == 0:
            ok = self.searcher.num_docs == 0
        else:
            aid = _store_id(conn, store_max)
            ok = aid is not None and _idh_at(self.searcher, self.schema, store_max) == _hash64(aid)
        if ok:
            self._checked = store_max
        return ok


def open_index(db: str | os.PathLike[str]) -> SearchIndex | None:
    """The index of the store at ``db``, or None when there is none of this format."""
    root = index_path(db)
    gen = _pointer(root, "CURRENT")
    if gen is None or not _usable(gen):
        return None
    try:
        index = tantivy.Index.open(str(gen))
    except (ValueError, OSError):
        return None
    return SearchIndex(root, gen, index)


# ---- sync ----------------------------------------------------------------------------------


def _count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    """How many documents match ``query``."""
    # (SearchResult.count exists at run time; the binding's stub leaves it out)
    found: int | None = getattr(searcher.search(query, 1, count=True), "count", None)
    return int(found or 0)


def _index_clusters(searcher: tantivy.Searcher) -> dict[int, int]:
    """``seq -> cluster key`` of every indexed document that has a cluster."""
    query = tantivy.Query.exists_query("cluster")
    n = _count(searcher, query)
    if not n:
        return {}
    addrs = [a for _, a in searcher.search(query, n, count=False).hits]
    seqs = searcher.fast_field_values("seq", addrs)
    keys = searcher.fast_field_values("cluster", addrs)
    return {int(s): int(k) for s, k in zip(seqs, keys, strict=True) if s is not None and k}


def sync(
    db: str | os.PathLike[str],
    *,
    rebuild: bool = False,
    commit_every: int = 250_000,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
    spans: Mapping[str, bytes] | None = None,
) -> SyncStats:
    """Catch the index of the store at ``db`` up with the store (see the module docstring).

    ``rebuild`` builds a new generation from scratch and switches to it when done.
    Articles are read ``batch_size`` at a time and committed every ``commit_every`` documents
    (what a killed sync keeps); ``progress`` is called with the number added so far.
    ``spans``: token spans already encoded (:func:`akhbar.search.spans.encode` of the stored
    paragraphs and title, by article id), which the sync uses instead of tokenizing those
    articles again: what an ingest that just stored them hands over (they must be this
    process's encoding of the stored text; the others are encoded here).
    """
    started = time.perf_counter()
    store = Store.open(db, readonly=True)
    root = index_path(store.path)
    try:
        root.mkdir(exist_ok=True)
        with _locked(root):
            steps = _Steps(commit_every, max(1, batch_size), progress, spans or {})
            return _sync(store, root, "asked to rebuild" if rebuild else "", steps, started)
    except ValueError as e:  # what the tantivy binding raises (I/O, a corrupt index, ...)
        raise SearchIndexError(f"{root}: {e}") from e
    finally:
        store.close()


@dataclass(frozen=True, slots=True)
class _Steps:
    commit_every: int
    batch_size: int
    progress: Callable[[int], None] | None
    spans: Mapping[str, bytes]


def _sync(store: Store, root: Path, rebuild: str, steps: _Steps, started: float) -> SyncStats:
    """Sync into the current generation, or (``rebuild``: why) into a new one."""
    conn = store.connection
    # Read before the snapshot below: a re-analysis batch committing in between makes the
    # generation's count older than its rows, which costs one more rebuild, never a stale index.
    reanalyzed = store.reanalyzed()
    current = _pointer(root, "CURRENT")
    building = _pointer(root, "BUILDING")
    reason = rebuild
    target = current
    if (
        not rebuild
        and building is not None
        and _usable(building)
        and _reanalyzed(building) == reanalyzed
    ):
        reason, target = "finishing an interrupted rebuild", building
    else:
        if rebuild:
            pass
        elif current is None:
            reason = "no index yet"
        elif not _usable(current):
            reason = f"index format changed (now {FORMAT})"
        elif _reanalyzed(current) != reanalyzed:
            reason = "the store was re-analyzed (akhbar reanalyze)"
        if reason:
            if building is not None:
                shutil.rmtree(building, ignore_errors=True)
            target = _new_generation(root, reanalyzed)
            _write_pointer(root, "BUILDING", target)
    assert target is not None
    index = tantivy.Index.open(str(target))
    conn.execute("BEGIN")  # one snapshot of the store for the whole sync
    try:
        searcher = index.searcher()
        mark = _watermark(searcher)
        if mark:
            aid = _store_id(conn, mark)
            if aid is None or _idh_at(searcher, index.schema, mark) != _hash64(aid):
                # The index (or an interrupted rebuild) holds another store's articles: start
                # a new generation (the one in use, if any, serves until it is done).
                conn.execute("COMMIT")
                why = "the index was built from another store"
                return _sync(store, root, why, steps, started)
        fmt = _format(target) or FORMAT
        shingled = _shingle_terms(target, fmt)
        added, updated = _fill(conn, index, searcher, mark, steps, fmt, shingled)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    index.reload()
    searcher = index.searcher()
    if reason:
        _write_pointer(root, "CURRENT", target)
        (root / "BUILDING").unlink(missing_ok=True)
        for old in root.glob("gen-*"):
            if old != target:
                shutil.rmtree(old, ignore_errors=True)
    return SyncStats(
        added=added,
        updated=updated,
        documents=searcher.num_docs,
        watermark=_watermark(searcher),
        rebuilt=bool(reason),
        reason=reason,
        seconds=time.perf_counter() - started,
        path=str(target),
        advice=_rebuild_advice(fmt, shingled),
    )


def _rebuild_advice(fmt: int, shingled: Collection[str] | None) -> str:
    """What ``akhbar index --rebuild`` would bring a generation of format ``fmt`` whose
    shingle terms are ``shingled`` (None: every pair), if anything.

    >>> "no local publication times" in _rebuild_advice(5, None), _rebuild_advice(6, None)
    (True, '')
    """
    if fmt < 6:
        return (
            "the index has no local publication times: `akhbar index --rebuild` makes its "
            "date filters and month facets read the day an article was published in its own zone"
        )
    if shingled is None or frozenset(shingled) == frozenset(shingle_terms()):
        return ""  # every pair (format 4: fast phrases) or this version's list
    return (
        f"the index keeps the pairs of {len(shingled):,} shingle terms, this version lists "
        f"{len(shingle_terms()):,}: `akhbar index --rebuild` makes phrase search use them"
    )


def _batches_with_spans(
    conn: sqlite3.Connection,
    mark: int,
    size: int,
    pool: ProcessPoolExecutor | None,
    ahead: int = 0,
    known: Mapping[str, bytes] | None = None,
) -> Iterator[tuple[list[tuple[Any, ...]], list[bytes | None]]]:
    """The store's rows after ``mark`` (read ``size`` at a time, in ``seq`` order), in batches
    with their rows' token spans: taken from ``known`` (article id -> spans, what the ingest
    that just stored them encoded), else encoded by ``pool`` (tasks of :data:`_SPANS_TASK`
    rows, a few in flight, so that the workers encode the next rows while this process
    indexes), else None (``_document`` encodes them).  ``ahead``: tasks in flight."""
    last = mark
    have = known or {}
    window: deque[tuple[list[tuple[Any, ...]], list[bytes | None], Future[list[bytes]] | None]]
    window = deque()
    while True:
        rows = conn.execute(
            f"{_ROW_SQL} WHERE seq > ? ORDER BY seq LIMIT ?", (last, size)
        ).fetchall()
        if rows:
            last = int(rows[-1][0])
        for i in range(0, len(rows), _SPANS_TASK if pool is not None else size):
            chunk = rows[i : i + (_SPANS_TASK if pool is not None else size)]
            spans = [have.get(row[1]) for row in chunk]
            missing = [row for row, got in zip(chunk, spans, strict=True) if got is None]
            future = pool.submit(_rows_spans, missing) if pool is not None and missing else None
            window.append((chunk, spans, future))
            while len(window) > ahead:
                yield _spans_filled(*window.popleft())
        if not rows:
            while window:
                yield _spans_filled(*window.popleft())
            return


def _spans_filled(
    rows: list[tuple[Any, ...]],
    spans: list[bytes | None],
    future: Future[list[bytes]] | None,
) -> tuple[list[tuple[Any, ...]], list[bytes | None]]:
    """``rows`` and their spans, the missing ones (None) from ``future`` when there is one."""
    if future is not None:
        encoded = iter(future.result())
        spans = [got if got is not None else next(encoded) for got in spans]
    return rows, spans


def _fill(
    conn: sqlite3.Connection,
    index: tantivy.Index,
    searcher: tantivy.Searcher,
    mark: int,
    steps: _Steps,
    fmt: int = FORMAT,
    shingled: Collection[str] | None = None,
) -> tuple[int, int]:
    """Add the store's articles after ``mark`` and re-index the clustered ones whose cluster
    changed; commit every ``steps.commit_every`` documents and at the end.  ``shingled``: the
    generation's shingle terms (:func:`_document`)."""
    with ExitStack() as stack:
        pool = None
        workers = _span_workers() if fmt >= 4 else 0
        if workers:
            todo = conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM articles WHERE seq > ? LIMIT ?)",
                (mark, PARALLEL_SPANS_MIN + len(steps.spans)),
            ).fetchone()[0]
            if todo - len(steps.spans) >= PARALLEL_SPANS_MIN:
                # Forked before the index writer starts its threads.
                pool = stack.enter_context(
                    ProcessPoolExecutor(
                        workers,
                        mp_context=multiprocessing.get_context("fork"),
                        initializer=exit_with_parent,  # a killed sync leaves no workers behind
                    )
                )
        # One indexing thread with a large buffer: fewer, larger segments (measured faster to
        # build and to search than two threads on the 2-core reference machine).
        writer = index.writer(heap_size=_WRITER_HEAP, num_threads=1)
        keys = _Keys()
        added = pending = 0
        batches = _batches_with_spans(
            conn, mark, steps.batch_size, pool, 3 * workers if pool else 0, steps.spans
        )
        for rows, spans in batches:
            for row, row_spans in zip(rows, spans, strict=True):
                writer.add_document(_document(row, fmt, keys, row_spans, shingled))
            added += len(rows)
            pending += len(rows)
            if steps.progress is not None:
                steps.progress(added)
            if pending >= steps.commit_every:
                writer.commit()
                pending = 0
        stack.close()  # the span workers are done
        # Clusters of articles indexed before: a later near-duplicate can put an older article in
        # a cluster (or a cluster can change); re-index those documents.
        indexed = _index_clusters(searcher) if mark else {}
        stored = {
            int(seq): cluster_key(str(cid))
            for seq, cid in conn.execute(
                "SELECT seq, cluster_id FROM articles WHERE cluster_id IS NOT NULL AND seq <= ?",
                (mark,),
            )
        }
        changed = sorted(
            {s for s, k in stored.items() if indexed.get(s) != k}
            | {s for s in indexed if s not in stored}
        )
        for i in range(0, len(changed), _BATCH):
            chunk = changed[i : i + _BATCH]
            # (by a query: the schema types the value as the u64 it is)
            writer.delete_documents_by_query(
                tantivy.Query.term_set_query(index.schema, "seq", chunk)
            )
            marks = ", ".join("?" * len(chunk))
            for row in conn.execute(f"{_ROW_SQL} WHERE seq IN ({marks})", chunk):
                writer.add_document(_document(row, fmt, keys, shingled=shingled))
        writer.commit()
        writer.wait_merging_threads()
        return added, len(changed)
