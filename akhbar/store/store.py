"""The embedded store: one SQLite file (WAL) with articles, their FTS5 index, clusters and log.

Why it looks the way it does:

* **Schema as data.** The schema lives in ``akhbar/store/schema/NNNN_name.sql``; at open the
  migrations newer than ``PRAGMA user_version`` run in order, each in its own ``BEGIN IMMEDIATE``
  transaction that also bumps ``user_version``.  A file from a newer akhbar (a higher version than
  the last migration shipped) is refused with :class:`SchemaVersionError` rather than misread.
* **Crash-safe.** :meth:`Store.add_batch` writes a batch's articles, their FTS rows (by trigger),
  LSH band keys, clusters and log rows in one transaction: after ``kill -9`` a batch is either
  wholly there or wholly absent.  ``journal_mode=WAL`` with ``synchronous=NORMAL``: a commit has
  been ``write()``-n to the WAL file (the OS page cache) before COMMIT returns, so a *process*
  crash loses nothing committed — the kernel still holds and later writes those pages.  Only an OS
  crash or power cut can drop the last few commits (never corrupting the file, since WAL frames
  are checksummed); pass ``synchronous="FULL"`` to fsync each commit when that matters.
* **Idempotent and deterministic.** Records are stored in the order offered; an article whose
  canonical URL (:func:`canonical_url`) or caller-computed ``content_hash`` is already stored is a
  duplicate and is not stored again, so the first seen is kept.  Re-running an interrupted ingest
  from the start therefore yields exactly the store a clean run yields
  (:meth:`Store.fingerprint` compares them).
* **Unique ids.** ``Article.id`` is kept when free.  A *different* article arriving with an id
  already taken is stored under the first free id of: ``f"{source}:{id}"`` (when it has a
  source), then that base (or the bare id) plus ``"#"`` and 12 hex digits of
  ``blake2b(content_hash)``, then that plus ``"~2"``, ``"~3"``, …  The id the source gave stays in
  the ``original_id`` column.
* **Readers see whole batches.** WAL gives every reader a snapshot, so a reader never sees an
  article without its index entry, nor half a batch.

>>> import tempfile, pathlib
>>> from akhbar.article import Article
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> with Store.open(tmp / "a.db") as store:
...     run = store.begin_run(["demo.csv"], {})
...     item = StoreItem(
...         article=Article(id="1", source="demo", title="خبر", paragraphs=("ایک۔",)),
...         content_hash="h1", analyzed_title="خبر", analyzed_body="ایک",
...     )
...     store.add_batch(run, [item, item]).counts()
...     store.end_run(run)
...     store.search_fts("ایک")
(1, 1, 0, 0)
['1']
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple, Self
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from akhbar.article import Article, Rejected
from akhbar.text.version import ANALYSIS_VERSION

if TYPE_CHECKING:
    from akhbar.entities.link import Mention

__all__ = [
    "AnalysisStatus",
    "AnalysisUpdate",
    "BatchResult",
    "ClusterInfo",
    "ClusterMember",
    "ItemOutcome",
    "LogEntry",
    "Migration",
    "NotAStoreError",
    "RunInfo",
    "SchemaVersionError",
    "Status",
    "Store",
    "StoreError",
    "StoreItem",
    "analysis_warning",
    "canonical_url",
    "load_migrations",
    "resolve_db_path",
]

Status = Literal["stored", "duplicate", "near-duplicate", "rejected"]
RunStatus = Literal["completed", "failed", "interrupted"]

DEFAULT_DB = "akhbar.db"
ENV_DB = "AKHBAR_DB"

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters left unescaped when re-quoting a URL path/query: RFC 3986 unreserved + sub-delims.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_CHUNK = 500  # rows per IN (...) query, well under SQLite's bound-parameter limit
_I64 = 2**63
# An http(s) URL with a plain host and a path of unreserved characters only (no port, query,
# fragment, user or percent-escape): canonical_url only lower-cases the host, drops the
# trailing slash and says https.
_SIMPLE_URL = re.compile(
    r"[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)((?:/[A-Za-z0-9/_.~-]*)?)"
)


class StoreError(Exception):
    """A store operation failed; nothing it was writing was kept."""


class SchemaVersionError(StoreError):
    """The file's schema version is one this code cannot use (newer, or older when read-only)."""


class NotAStoreError(SchemaVersionError):
    """The file is not an akhbar store (not SQLite, another program's database, read-only, not a
    regular file): nothing in it was changed.  A :class:`SchemaVersionError` too (what read-only
    opening of another program's database raised before this check)."""


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreItem:
    """An :class:`Article` plus what the store needs that only the caller can compute.

    ``content_hash`` is a hash of the article's *normalized* text (exact-duplicate key);
    ``analyzed_title``/``analyzed_body`` are space-joined analyzer terms (what FTS5 indexes);
    ``flags`` are quality flags; ``signature`` is the MinHash signature bytes and ``band_keys``
    its LSH ``(band, key)`` pairs; ``near_duplicate_of`` is the stored id of the article dedup
    judged this one a near-duplicate of (it then joins that article's cluster), or
    ``near_duplicate_of_item`` the position of an earlier item of the same batch (whose id in the
    store is only known once it is stored; if that item turned out a duplicate, the article it
    duplicates is meant).  ``mentions`` are the article's entity mentions
    (:class:`akhbar.entities.link.Mention`), linked to canonical entities and stored with the
    article, in the same transaction.

    >>> StoreItem(article=Article(id="x"), content_hash="h").flags
    ()
    """

    article: Article
    content_hash: str
    analyzed_title: str = ""
    analyzed_body: str = ""
    flags: tuple[str, ...] = ()
    signature: bytes | None = None
    band_keys: tuple[tuple[int, int], ...] = ()
    near_duplicate_of: str | None = None
    near_duplicate_of_item: int | None = None
    mentions: tuple[Mention, ...] = ()
    #: The analysis version that computed the analyzed text, hash and signature
    #: (:data:`akhbar.text.version.ANALYSIS_VERSION`).
    analysis: int = ANALYSIS_VERSION


class ItemOutcome(NamedTuple):
    """What happened to one offered record (same fields as its ingest-log row)."""

    status: Status
    article_id: str | None  # id in the store (stored / near-duplicate)
    related_id: str | None  # article it duplicates / is a near-duplicate of
    reason: str | None  # why rejected, or which key made it a duplicate ("url", "content")
    ref: str | None  # raw_ref of the article or ref of the Rejected record


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Counts for one :meth:`Store.add_batch` call, plus one outcome per item in order.

    ``stored`` counts new articles that are not near-duplicates; ``near_duplicates`` counts new
    articles that joined a cluster (they are stored too).

    >>> BatchResult(2, 1, 0, 0).counts()
    (2, 1, 0, 0)
    """

    stored: int
    duplicates: int
    near_duplicates: int
    rejected: int
    outcomes: tuple[ItemOutcome, ...] = field(default=(), compare=False)

    def counts(self) -> tuple[int, int, int, int]:
        """``(stored, duplicates, near_duplicates, rejected)``."""
        return (self.stored, self.duplicates, self.near_duplicates, self.rejected)


class LogEntry(NamedTuple):
    """One ingest-log row."""

    run: int
    ref: str | None
    source: str | None
    input_id: str | None
    status: Status
    article_id: str | None
    related_id: str | None
    reason: str | None
    at: str


class RunInfo(NamedTuple):
    """One ingest run."""

    id: int
    started: str
    ended: str | None
    status: str
    sources: tuple[str, ...]
    options: dict[str, Any]


class ClusterInfo(NamedTuple):
    """A near-duplicate cluster: its id, canonical article and member count."""

    id: str
    canonical: str
    size: int


class ClusterMember(NamedTuple):
    """One article of a near-duplicate cluster, as a list of them shows it (``published``:
    ISO 8601 as published, or None)."""

    id: str
    title: str | None
    source: str | None
    published: str | None


class AnalysisUpdate(NamedTuple):
    """What re-analysis recomputed for one stored article (see :meth:`Store.update_analysis`).

    ``old_band_keys`` are the LSH band keys the row was stored with (the caller derives them
    from the old signature), deleted before ``band_keys`` are written.
    """

    seq: int
    analyzed_title: str
    analyzed_body: str
    content_hash: str
    flags: tuple[str, ...]
    signature: bytes | None
    band_keys: tuple[tuple[int, int], ...]
    old_band_keys: tuple[tuple[int, int], ...] = ()


class AnalysisStatus(NamedTuple):
    """Which analysis versions the store's articles were analyzed with.

    ``current`` is this akhbar's :data:`~akhbar.text.version.ANALYSIS_VERSION`; ``articles``
    counts articles per version; ``outdated`` those of any other version (0: up to date).
    """

    current: int
    articles: dict[int, int]
    outdated: int

    @property
    def up_to_date(self) -> bool:
        """Whether every article was analyzed by this akhbar's analyzer."""
        return self.outdated == 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (version keys as strings)."""
        return {
            "current": self.current,
            "articles": {str(v): n for v, n in self.articles.items()},
            "outdated": self.outdated,
        }


# --------------------------------------------------------------------------------------------
# Paths, URLs, migrations
# --------------------------------------------------------------------------------------------


def resolve_db_path(explicit: str | None, env: Mapping[str, str] | None = None) -> Path:
    """Where the store lives: ``--db FILE`` if given, else ``$AKHBAR_DB``, else ``./akhbar.db``.

    An empty string counts as not given.

    >>> resolve_db_path("x.db", {"AKHBAR_DB": "y.db"})
    PosixPath('x.db')
    >>> resolve_db_path(None, {"AKHBAR_DB": "y.db"})
    PosixPath('y.db')
    >>> resolve_db_path(None, {})
    PosixPath('akhbar.db')
    """
    if explicit:
        return Path(explicit)
    from_env = (os.environ if env is None else env).get(ENV_DB)
    return Path(from_env) if from_env else Path(DEFAULT_DB)


def canonical_url(url: str) -> str:
    """The key under which two URLs count as the same article.

    Lower-cases scheme and host, treats ``http`` as ``https``, drops ports 80 and 443, the
    fragment, a trailing slash, ``utm_*`` and click-id parameters (``fbclid``, ``gclid``, …),
    sorts the remaining query parameters and re-escapes path and query uniformly (so a raw Urdu
    path and its percent-encoded form meet).  Strings that are not absolute URLs are only
    stripped.

    >>> canonical_url("HTTP://Urdu.Geo.TV:80/latest/388148/?utm_source=fb&b=2&a=1#top")
    'https://urdu.geo.tv/latest/388148?a=1&b=2'
    >>> canonical_url("https://x.pk/خبر") == canonical_url("https://x.pk/%D8%AE%D8%A8%D8%B1/")
    True
    """
    url = url.strip()
    simple = _SIMPLE_URL.fullmatch(url)
    if simple:  # the common case, without urlsplit's cost: the same key (tested)
        host, path = simple.groups()
        return f"https://{host.lower()}{path.rstrip('/')}"
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"[{host}]" if ":" in host else host  # IPv6 literal
    if parts.username is not None:
        netloc = f"{parts.username}@{host}"
    if port is not None and port not in _DEFAULT_PORTS.values():
        netloc = f"{netloc}:{port}"
    path = quote(unquote(parts.path), safe=_PATH_SAFE).rstrip("/")
    params = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
    )
    query = urlencode(params, quote_via=quote, safe=_PATH_SAFE.replace("&", "").replace("=", ""))
    return urlunsplit((scheme, netloc, path, query, ""))


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: ``version`` (1, 2, …), a ``name`` and its SQL statements in order."""

    version: int
    name: str
    statements: tuple[str, ...]


def _split_sql(script: str) -> tuple[str, ...]:
    """Split a migration script into statements (``CREATE TRIGGER … END;`` stays whole).

    >>> _split_sql("-- c\\nCREATE TABLE t (a);\\nCREATE TABLE u (b);\\n")
    ('-- c\\nCREATE TABLE t (a);', 'CREATE TABLE u (b);')
    """
    out: list[str] = []
    buf: list[str] = []
    for line in script.splitlines():
        buf.append(line)
        chunk = "\n".join(buf).strip()
        if chunk and sqlite3.complete_statement(chunk):
            out.append(chunk)
            buf = []
    rest = [ln for ln in buf if ln.strip() and not ln.strip().startswith("--")]
    if rest:
        raise ValueError(f"incomplete SQL statement at end of script: {rest[0]!r}")
    return tuple(out)


def load_migrations(directory: Traversable | Path | None = None) -> tuple[Migration, ...]:
    """Read ``NNNN_name.sql`` files from ``directory`` (default: the packaged schema), in order.

    Versions must run 1, 2, 3, … without gaps, so a missing file is caught at load.

    >>> [(m.version, m.name) for m in load_migrations()][:1]
    [(1, 'initial')]
    """
    root: Traversable | Path = (
        files("akhbar.store").joinpath("schema") if directory is None else directory
    )
    found: list[Migration] = []
    for entry in root.iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            statements = _split_sql(entry.read_text(encoding="utf-8"))
            found.append(Migration(int(m.group(1)), m.group(2), statements))
    found.sort(key=lambda mig: mig.version)
    for expected, mig in enumerate(found, start=1):
        if mig.version != expected:
            raise ValueError(f"schema migrations must be numbered 1..N; found {mig.version}")
    if not found:
        raise ValueError(f"no schema migrations in {root}")
    return tuple(found)


MIGRATIONS: tuple[Migration, ...] = load_migrations()
"""The migrations shipped with this version of akhbar (loaded once at import)."""


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# One encoder for every JSON column (``json.dumps`` with options builds a new one per call).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _json(value: Any) -> str:
    """Compact, key-sorted JSON (tuples as arrays) for the store's JSON columns.

    >>> _json({"b": (1, 2), "a": "خبر"}), _json(()), _json({})
    ('{"a":"خبر","b":[1,2]}', '[]', '{}')
    """
    if not value and type(value) in _EMPTY_JSON:  # most tags, flags and extras
        return _EMPTY_JSON[type(value)]
    return _ENCODER.encode(value)


_EMPTY_JSON: dict[type, str] = {tuple: "[]", list: "[]", dict: "{}"}


def _i64(key: int) -> int:
    """Map an LSH key (signed or unsigned 64-bit) to SQLite's signed 64-bit INTEGER.

    >>> _i64(2**64 - 1), _i64(5), _i64(-5)
    (-1, 5, -5)
    """
    if type(key) is int and -_I64 <= key < _I64:  # already signed (what band_keys gives)
        return key
    key = int(key)
    if not -_I64 <= key < 2 * _I64:
        raise ValueError(f"LSH key {key} does not fit in 64 bits")
    return key - 2 * _I64 if key >= _I64 else key


def _band_rows(band_keys: Iterable[tuple[int, int]], seq: int) -> list[tuple[int, int, int]]:
    """``lsh_bands`` rows of one article (keys as SQLite's signed 64-bit integers).

    >>> _band_rows([(0, 2**64 - 1), (1, 5)], 7)
    [(0, -1, 7), (1, 5, 7)]
    """
    return [
        (b, k, seq)
        if type(b) is int and type(k) is int and -_I64 <= k < _I64  # what band_keys gives
        else (int(b), _i64(k), seq)
        for b, k in band_keys
    ]


def _duplicate_hash(content_hash: str, article_id: str) -> str:
    """The content hash kept by an article that re-analysis found equal to an older one.

    >>> _duplicate_hash("ab12", "geo:7")
    'ab12~geo:7'
    """
    return f"{content_hash}~{article_id}"


def _utc_key(published: datetime) -> str:
    return published.astimezone(UTC).isoformat(timespec="microseconds")


def utc_text(key: str | None) -> str | None:
    """A stored UTC sort key (fixed-width, with microseconds) written as ``show`` and
    ``export`` write a date: ISO 8601, its microseconds only when there are any.

    >>> utc_text("2024-01-01T05:00:00.000000+00:00"), utc_text(None)
    ('2024-01-01T05:00:00+00:00', None)
    >>> utc_text("2021-04-13T02:46:40.123000+00:00")
    '2021-04-13T02:46:40.123000+00:00'
    """
    return datetime.fromisoformat(key).isoformat() if key else None


class _BatchWrites:
    """Rows one :meth:`Store.add_batch` collects and writes together before it commits, and
    the batch's view of the stored keys.

    The keys (canonical URLs and content hashes with the id stored under them, and which of the
    batch's wanted ids are taken) are fetched for the whole batch with one query each, then kept
    current with the batch's own inserts, so each article costs no lookup statement.  Any id
    not fetched (the rare ``#hash`` forms of :meth:`Store._free_id`) is asked of the
    connection, which sees the batch's inserts.
    """

    __slots__ = ("asked", "at", "bands", "hashes", "log", "run_id", "taken", "urls")

    def __init__(self, run_id: int, at: str) -> None:
        self.run_id, self.at = run_id, at
        self.bands: list[tuple[int, int, int]] = []
        self.log: list[tuple[Any, ...]] = []
        self.urls: dict[str, str] = {}  # url_key -> id, stored before or in this batch
        self.hashes: dict[str, str] = {}  # content_hash -> id, likewise
        self.asked: set[str] = set()  # ids looked up for the batch ...
        self.taken: set[str] = set()  # ... and those of them (or stored since) in use

    def added(self, article_id: str, url_key: str | None, content_hash: str) -> None:
        """Note an article the batch has just inserted."""
        if url_key is not None:
            self.urls[url_key] = article_id
        self.hashes[content_hash] = article_id
        self.taken.add(article_id)

    def log_row(self, o: ItemOutcome, source: str | None, input_id: str | None) -> None:
        status, article_id, related_id, reason, ref = o
        row = (self.run_id, self.at, ref, source, input_id, status, article_id, related_id, reason)
        self.log.append(row)


class _Unstorable(Exception):
    """An item the store cannot represent; it becomes a 'rejected' outcome, not a crash."""


_ARTICLE_COLUMNS = (
    "id, original_id, url, url_key, content_hash, source, title, paragraphs, published, "
    "published_utc, tags, category, author, lang, raw_ref, sentences, extra, flags, "
    "analyzed_title, analyzed_body, signature, cluster_id, analysis"
)
_ARTICLE_INSERT = (
    f"INSERT INTO articles ({_ARTICLE_COLUMNS}) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)"
)
_ARTICLE_FIELDS = (
    "id, url, source, title, paragraphs, published, tags, category, author, lang, "
    "raw_ref, sentences, extra, cluster_id"
)
_ARTICLE_SELECT = f"SELECT {_ARTICLE_FIELDS} FROM articles"


def _article_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Article:
    published = row[5]
    return Article(
        id=row[0],
        url=row[1],
        source=row[2],
        title=row[3],
        paragraphs=tuple(json.loads(row[4])),
        published=datetime.fromisoformat(published) if published else None,
        tags=tuple(json.loads(row[6])),
        category=row[7],
        author=row[8],
        lang=row[9],
        raw_ref=row[10],
        sentences=tuple(tuple(s) for s in json.loads(row[11])),
        cluster_id=row[13],
        extra=json.loads(row[12]),
    )


def _check_text(value: str | None, what: str) -> None:
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise _Unstorable(f"{what} is not valid Unicode text ({e.reason})") from None


def _check_texts(fields: tuple[tuple[str, str | None], ...]) -> None:
    """:func:`_check_text` of each ``(what, text)``; one encode when all are fine (the usual
    case), else field by field to name the first bad one.

    >>> _check_texts((("title", "خبر"), ("url", None)))
    >>> _check_texts((("title", "خبر"), ("author", "\\ud800")))
    Traceback (most recent call last):
    ...
    akhbar.store.store._Unstorable: author is not valid Unicode text (surrogates not allowed)
    """
    texts = [t for _, t in fields if t is not None]
    if all(type(t) is str for t in texts):
        try:
            "".join(texts).encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            return
    for what, text in fields:
        _check_text(text, what)


# --------------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------------


class Store:
    """A connection to one akhbar SQLite store; use as a context manager.

    One ``Store`` per thread (SQLite connections are not shared across threads); any number of
    processes may open the same file — writers queue on the write lock (``busy_timeout``),
    readers never block and see whole committed batches.
    """

    #: Band-key rows ``lsh_recent`` gathers before :meth:`move_recent_bands` moves them into
    #: ``lsh_bands`` (about 7,000 articles' worth: a table of a few hundred leaves that each
    #: batch's rows share, and a move whose sorted inserts write each leaf of ``lsh_bands`` once).
    LSH_RECENT_ROWS: ClassVar[int] = 100_000

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool) -> None:
        """Use :meth:`open`."""
        self._conn = conn
        self.path = path
        self.readonly = readonly
        self._recent_rows = -1  # rows of lsh_recent, -1 until counted

    # ---- opening and closing ------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        readonly: bool = False,
        synchronous: Literal["NORMAL", "FULL"] = "NORMAL",
        timeout: float = 30.0,
        migrations: Sequence[Migration] | None = None,
    ) -> Store:
        """Open (and if needed create and migrate) the store at ``path``.

        ``create=False`` raises :class:`FileNotFoundError` for a missing file; ``readonly`` opens
        without write access (the schema must then be current).  ``migrations`` replaces the
        shipped schema (for tests of the migration runner).

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.db"
        >>> with Store.open(p) as s:
        ...     (s.schema_version() == MIGRATIONS[-1].version, s.count())
        (True, 0)
        """
        p = Path(path)
        steps = tuple(MIGRATIONS if migrations is None else migrations)
        if (readonly or not create) and not p.exists():
            raise FileNotFoundError(f"no akhbar store at {p}")
        if p.is_dir():
            raise StoreError(f"{p} is a folder, not an akhbar store file")
        if p.exists() and not p.is_file():  # a FIFO would block the open, a device is no store
            raise NotAStoreError(f"{p}: not an akhbar store (not a regular file)")
        if p.exists():
            # Look before writing anything (even the switch to WAL rewrites the file header):
            # another program's database is left exactly as it is.
            if not readonly:
                _refuse_read_only(p)
            _check_is_store(p, steps, timeout, writing=not readonly)
        try:
            if readonly:
                conn = _connect_readonly(p, timeout)
            else:
                p.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(p, timeout=timeout, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open akhbar store {p}: {e}") from e
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(f"{p}: cannot switch to WAL journal mode (got {mode})")
                conn.execute(f"PRAGMA synchronous = {synchronous}")
            _migrate(conn, steps, p, readonly=readonly)
        except sqlite3.DatabaseError as e:
            conn.close()
            raise StoreError(f"cannot open akhbar store {p}: {e}") from e
        except BaseException:
            conn.close()
            raise
        return cls(conn, p, readonly=readonly)

    def close(self) -> None:
        """Close the connection (an open transaction is rolled back)."""
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

    def schema_version(self) -> int:
        """The schema version of the open file (``PRAGMA user_version``)."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    # ---- transactions -------------------------------------------------------------------

    def _begin(self) -> bool:
        """Start a write transaction unless one is open; True if this call started it."""
        if self._conn.in_transaction:
            return False
        self._conn.execute("BEGIN IMMEDIATE")
        return True

    def _finish(self, started: bool, ok: bool) -> None:
        if started:
            self._conn.execute("COMMIT" if ok else "ROLLBACK")

    # ---- runs ---------------------------------------------------------------------------

    def begin_run(self, sources: Sequence[str], options: Mapping[str, Any]) -> int:
        """Record the start of an ingest run over ``sources``; returns the run id.

        ``options`` must be JSON-serialisable (it is stored for the log).
        """
        started = self._begin()
        ok = False
        try:
            cur = self._conn.execute(
                "INSERT INTO runs (started, options) VALUES (?, ?)", (_now(), _json(dict(options)))
            )
            run_id = int(cur.lastrowid or 0)
            self._conn.executemany(
                "INSERT INTO run_sources (run, position, source) VALUES (?, ?, ?)",
                [(run_id, i, s) for i, s in enumerate(sources)],
            )
            ok = True
        finally:
            self._finish(started, ok)
        return run_id

    def end_run(self, run_id: int, status: RunStatus = "completed") -> None:
        """Mark a run finished with ``status`` (``completed``, ``failed`` or ``interrupted``)."""
        cur = self._conn.execute(
            "UPDATE runs SET ended = ?, status = ? WHERE id = ?", (_now(), status, run_id)
        )
        if cur.rowcount != 1:
            raise StoreError(f"no ingest run {run_id}")

    def runs(self) -> list[RunInfo]:
        """All ingest runs, oldest first."""
        out = []
        for rid, started, ended, status, options in self._conn.execute(
            "SELECT id, started, ended, status, options FROM runs ORDER BY id"
        ).fetchall():
            sources = tuple(
                r[0]
                for r in self._conn.execute(
                    "SELECT source FROM run_sources WHERE run = ? ORDER BY position", (rid,)
                )
            )
            out.append(RunInfo(rid, started, ended, status, sources, json.loads(options)))
        return out

    # ---- writing ------------------------------------------------------------------------

    def add_batch(self, run_id: int, items: Sequence[StoreItem | Rejected]) -> BatchResult:
        """Store a batch in one transaction: all of it, or (on error) none of it.

        Items are handled in order: a :class:`Rejected` is logged; a :class:`StoreItem` whose
        canonical URL or ``content_hash`` is already stored (earlier, or earlier in this batch)
        is a duplicate; otherwise the article is stored (under a unique id, see the module
        docstring), with its FTS row, band keys and cluster.  An item the store cannot represent
        (empty id, text with lone surrogates, ``extra`` that is not JSON) becomes a ``rejected``
        outcome.  Any other failure rolls the whole batch back and raises :class:`StoreError`.
        """
        started = self._begin()
        ok = False
        try:
            row = self._conn.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None or row[0] != "running":
                raise StoreError(f"ingest run {run_id} is not running")
            at = _now()
            outcomes: list[ItemOutcome] = []
            writes = _BatchWrites(run_id, at)
            values = [self._values_or_reason(item) for item in items]
            self._fetch_keys(writes, values)
            for item, vals in zip(items, values, strict=True):
                outcomes.append(self._add_one(writes, self._resolve(item, outcomes), vals))
            # Band keys and log rows of the whole batch at once (nothing in the batch reads
            # them back); log rows keep the order the records were offered in.
            if writes.bands:
                writes.bands.sort()
                self._conn.executemany(
                    "INSERT INTO lsh_recent (band, key, article) VALUES (?, ?, ?)", writes.bands
                )
            self._conn.executemany(
                "INSERT INTO ingest_log (run, at, ref, source, input_id, status, article_id, "
                "related_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                writes.log,
            )
            ok = True
        except Exception as e:
            raise StoreError(f"batch of {len(items)} rolled back: {e}") from e
        finally:
            self._finish(started, ok)
        if started and writes.bands:
            # (counted once per connection, this batch's rows included; then kept up to date)
            if self._recent_rows < 0:
                self._recent_rows = int(
                    self._conn.execute("SELECT count(*) FROM lsh_recent").fetchone()[0]
                )
            else:
                self._recent_rows += len(writes.bands)
            if self._recent_rows >= self.LSH_RECENT_ROWS:
                self.move_recent_bands()
        n = {s: 0 for s in ("stored", "duplicate", "near-duplicate", "rejected")}
        for o in outcomes:
            n[o.status] += 1
        return BatchResult(
            n["stored"], n["duplicate"], n["near-duplicate"], n["rejected"], tuple(outcomes)
        )

    @staticmethod
    def _resolve(
        item: StoreItem | Rejected, earlier: Sequence[ItemOutcome]
    ) -> StoreItem | Rejected:
        """Turn ``near_duplicate_of_item`` into the stored id of that earlier item."""
        if isinstance(item, Rejected) or item.near_duplicate_of_item is None:
            return item
        i = item.near_duplicate_of_item
        if not 0 <= i < len(earlier):
            raise StoreError(f"near_duplicate_of_item {i}: not an earlier item of the batch")
        o = earlier[i]
        target = o.related_id if o.status == "duplicate" else o.article_id
        return replace(item, near_duplicate_of=target, near_duplicate_of_item=None)

    def _values_or_reason(self, item: StoreItem | Rejected) -> tuple[Any, ...] | str | None:
        """:meth:`_article_values` of a store item, or why the store cannot take it."""
        if isinstance(item, Rejected):
            return None
        try:
            return self._article_values(item)
        except _Unstorable as e:
            return str(e)

    def _fetch_keys(
        self, writes: _BatchWrites, values: Sequence[tuple[Any, ...] | str | None]
    ) -> None:
        """Look up the batch's URL keys, content hashes and wanted ids, one query each."""
        urls: set[str] = set()
        hashes: set[str] = set()
        ids: set[str] = set()
        for vals in values:
            if type(vals) is tuple:  # values = (id, url, url_key, content_hash, source, ...)
                if vals[2] is not None:
                    urls.add(vals[2])
                hashes.add(vals[3])
                ids.add(vals[0])
                if vals[4]:
                    ids.add(f"{vals[4]}:{vals[0]}")
        writes.urls.update(self._rows_in("SELECT url_key, id FROM articles WHERE url_key", urls))
        writes.hashes.update(
            self._rows_in("SELECT content_hash, id FROM articles WHERE content_hash", hashes)
        )
        writes.asked = ids
        writes.taken.update(
            aid for aid, _ in self._rows_in("SELECT id, 1 FROM articles WHERE id", ids)
        )

    def _rows_in(self, select: str, keys: Iterable[str]) -> Iterator[tuple[str, str]]:
        """Rows of ``{select} IN (keys)``, in chunks of bound parameters."""
        todo = sorted(keys)
        for i in range(0, len(todo), _CHUNK):
            chunk = todo[i : i + _CHUNK]
            yield from self._conn.execute(f"{select} IN ({', '.join('?' * len(chunk))})", chunk)

    def _add_one(
        self,
        writes: _BatchWrites,
        item: StoreItem | Rejected,
        values: tuple[Any, ...] | str | None,
    ) -> ItemOutcome:
        if isinstance(item, Rejected):
            outcome = ItemOutcome("rejected", None, None, item.reason, item.ref)
            writes.log_row(outcome, None, None)
            return outcome
        a = item.article
        if type(values) is not tuple:  # the store cannot represent it: values is the reason
            outcome = ItemOutcome("rejected", None, None, f"store: {values}", a.raw_ref)
            writes.log_row(outcome, a.source, a.id if _is_text(a.id) else None)
            return outcome
        url_key = values[2]  # values = (id, url, url_key, content_hash, ...)
        if url_key is not None and url_key in writes.urls:
            dup: tuple[str, str] | None = (writes.urls[url_key], "url")
        elif item.content_hash in writes.hashes:
            dup = (writes.hashes[item.content_hash], "content")
        else:
            dup = None
        if dup is not None:
            outcome = ItemOutcome("duplicate", None, dup[0], dup[1], a.raw_ref)
            writes.log_row(outcome, a.source, a.id)
            return outcome
        new_id = self._free_id(a, item.content_hash, writes)
        cluster: str | None = None
        if item.near_duplicate_of is not None:
            cluster = self._cluster_of(item.near_duplicate_of)
        cur = self._conn.execute(_ARTICLE_INSERT, (new_id, *values))
        seq = int(cur.lastrowid or 0)
        writes.added(new_id, url_key, item.content_hash)
        if item.band_keys:
            writes.bands.extend(_band_rows(item.band_keys, seq))
        if item.mentions:
            from akhbar.entities.link import Linker

            Linker(self._conn).add_article(seq, item.mentions, a.paragraphs)
        if cluster is not None:
            self._conn.execute("UPDATE articles SET cluster_id = ? WHERE seq = ?", (cluster, seq))
            outcome = ItemOutcome("near-duplicate", new_id, item.near_duplicate_of, None, a.raw_ref)
        else:
            if a.cluster_id is not None:
                self._set_cluster(new_id, a.cluster_id)
            outcome = ItemOutcome("stored", new_id, None, None, a.raw_ref)
        writes.log_row(outcome, a.source, a.id)
        return outcome

    def _article_values(self, item: StoreItem) -> tuple[Any, ...]:
        """Row values after ``id`` for ``_ARTICLE_INSERT``; raises _Unstorable."""
        a = item.article
        if not _is_text(a.id) or not a.id:
            raise _Unstorable("article id is empty or not a string")
        if not _is_text(item.content_hash) or not item.content_hash:
            raise _Unstorable("content_hash is empty")
        try:
            extra = _json(a.extra)
        except (TypeError, ValueError) as e:
            raise _Unstorable(f"extra is not JSON-serialisable: {e}") from None
        paragraphs = _json(a.paragraphs)
        tags = _json(a.tags)
        sentences = _json(a.sentences)
        flags = _json(item.flags)
        _check_texts(
            (
                ("id", a.id),
                ("url", a.url),
                ("source", a.source),
                ("title", a.title),
                ("paragraphs", paragraphs),
                ("tags", tags),
                ("category", a.category),
                ("author", a.author),
                ("lang", a.lang),
                ("raw_ref", a.raw_ref),
                ("extra", extra),
                ("flags", flags),
                ("analyzed_title", item.analyzed_title),
                ("analyzed_body", item.analyzed_body),
                ("content_hash", item.content_hash),
            )
        )
        published = a.published.isoformat() if a.published else None
        published_utc = _utc_key(a.published) if a.published else None
        url_key = canonical_url(a.url) if a.url is not None else None
        return (
            a.id,
            a.url,
            url_key,
            item.content_hash,
            a.source,
            a.title,
            paragraphs,
            published,
            published_utc,
            tags,
            a.category,
            a.author,
            a.lang,
            a.raw_ref,
            sentences,
            extra,
            flags,
            item.analyzed_title,
            item.analyzed_body,
            item.signature,
            item.analysis,
        )

    def find_duplicate(self, url: str | None, content_hash: str | None) -> str | None:
        """The id of a stored article with the same canonical URL or content hash, if any.

        Lets an ingest skip costly analysis of records a previous run already stored (
        :meth:`add_batch` checks again, so using this is an optimisation, not a requirement).
        """
        key = canonical_url(url) if url is not None else None
        found = self._find_duplicate(key, content_hash)
        return found[0] if found else None

    def _find_duplicate(
        self, url_key: str | None, content_hash: str | None
    ) -> tuple[str, str] | None:
        if url_key is not None:
            row = self._conn.execute(
                "SELECT id FROM articles WHERE url_key = ?", (url_key,)
            ).fetchone()
            if row:
                return (row[0], "url")
        if content_hash is None:
            return None
        row = self._conn.execute(
            "SELECT id FROM articles WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return (row[0], "content") if row else None

    def _taken(self, article_id: str, writes: _BatchWrites) -> bool:
        if article_id in writes.asked:
            return article_id in writes.taken
        row = self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def _free_id(self, a: Article, content_hash: str, writes: _BatchWrites) -> str:
        if not self._taken(a.id, writes):
            return a.id
        base = a.id
        if a.source:
            base = f"{a.source}:{a.id}"
            if not self._taken(base, writes):
                return base
        suffix = hashlib.blake2b(content_hash.encode("utf-8"), digest_size=6).hexdigest()
        candidate = f"{base}#{suffix}"
        n = 1
        while self._taken(candidate, writes):
            n += 1
            candidate = f"{base}#{suffix}~{n}"
        return candidate

    def _cluster_of(self, article_id: str) -> str:
        """The cluster of stored ``article_id``, created (named after it) if it has none."""
        row = self._conn.execute(
            "SELECT cluster_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"near_duplicate_of {article_id!r}: no such article in the store")
        if row[0] is not None:
            return str(row[0])
        self._set_cluster(article_id, article_id)
        return article_id

    # ---- clusters -----------------------------------------------------------------------

    def set_cluster(self, article_id: str, cluster_id: str | None) -> None:
        """Put ``article_id`` in cluster ``cluster_id`` (created with it as canonical if new).

        ``None`` takes it out of any cluster.  A cluster whose canonical leaves gets its
        earliest remaining member as canonical, or is deleted when empty.
        """
        started = self._begin()
        ok = False
        try:
            self._set_cluster(article_id, cluster_id)
            ok = True
        finally:
            self._finish(started, ok)

    def _set_cluster(self, article_id: str, cluster_id: str | None) -> None:
        row = self._conn.execute(
            "SELECT cluster_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no article {article_id!r}")
        old = row[0]
        if old == cluster_id:
            return
        if cluster_id is not None:
            self._conn.execute(
                "INSERT OR IGNORE INTO clusters (id, canonical) VALUES (?, ?)",
                (cluster_id, article_id),
            )
        self._conn.execute(
            "UPDATE articles SET cluster_id = ? WHERE id = ?", (cluster_id, article_id)
        )
        if old is not None:
            first = self._conn.execute(
                "SELECT id FROM articles WHERE cluster_id = ? ORDER BY seq LIMIT 1", (old,)
            ).fetchone()
            if first is None:
                self._conn.execute("DELETE FROM clusters WHERE id = ?", (old,))
            else:
                self._conn.execute(
                    "UPDATE clusters SET canonical = ? WHERE id = ? AND canonical = ?",
                    (first[0], old, article_id),
                )

    def cluster_members(self, cluster_id: str) -> list[str]:
        """Ids of the articles in ``cluster_id``, first seen first."""
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT id FROM articles WHERE cluster_id = ? ORDER BY seq", (cluster_id,)
            )
        ]

    def cluster_articles(self, cluster_id: str, *, limit: int = -1) -> list[ClusterMember]:
        """The articles of ``cluster_id`` in the order a reader follows a story: earliest
        published first (by the UTC instant), undated last, ties first stored first; the
        order in which search picks the copy a cluster's hit shows.  At most ``limit``
        (-1: all)."""
        return [
            ClusterMember(*r)
            for r in self._conn.execute(
                "SELECT id, title, source, published FROM articles WHERE cluster_id = ? "
                "ORDER BY published_utc IS NULL, published_utc, seq LIMIT ?",
                (cluster_id, limit),
            )
        ]

    def clusters(self) -> list[ClusterInfo]:
        """All clusters with their canonical article and size, largest first."""
        return [
            ClusterInfo(*r)
            for r in self._conn.execute(
                "SELECT c.id, c.canonical, count(a.seq) AS n FROM clusters c "
                "JOIN articles a ON a.cluster_id = c.id GROUP BY c.id ORDER BY n DESC, c.id"
            )
        ]

    # ---- near-duplicate support ---------------------------------------------------------

    def lsh_candidates(self, band_keys: Sequence[tuple[int, int]]) -> list[str]:
        """Ids of stored articles sharing at least one ``(band, key)``, first seen first."""
        pairs = [(int(b), _i64(k)) for b, k in band_keys]
        seqs: dict[int, str] = {}
        for i in range(0, len(pairs), _CHUNK):
            chunk = pairs[i : i + _CHUNK]
            values = ", ".join("(?, ?)" for _ in chunk)
            sql = (
                f"WITH q(band, key) AS (VALUES {values}) "
                "SELECT a.seq, a.id FROM q "
                "JOIN lsh_bands b ON b.band = q.band AND b.key = q.key "
                "JOIN articles a ON a.seq = b.article "
                "UNION SELECT a.seq, a.id FROM q "
                "JOIN lsh_recent r ON r.band = q.band AND r.key = q.key "
                "JOIN articles a ON a.seq = r.article"
            )
            flat = [x for pair in chunk for x in pair]
            for seq, aid in self._conn.execute(sql, flat):
                seqs[seq] = aid
        return [seqs[s] for s in sorted(seqs)]

    def lsh_lookup(
        self, band_keys: Iterable[tuple[int, int]]
    ) -> dict[tuple[int, int], list[tuple[int, str]]]:
        """For each ``(band, key)``, the stored articles having it as ``(seq, id)``, seq-ordered.

        One round of queries for a whole batch of articles (keys absent from the result match
        nothing); :meth:`lsh_candidates` is the per-article form.
        """
        given: dict[tuple[int, int], tuple[int, int]] = {
            (int(b), _i64(k)): (b, k) for b, k in band_keys
        }
        pairs = sorted(given)
        out: dict[tuple[int, int], list[tuple[int, str]]] = {}
        for i in range(0, len(pairs), _CHUNK):
            chunk = pairs[i : i + _CHUNK]
            values = ", ".join("(?, ?)" for _ in chunk)
            sql = (
                f"WITH q(band, key) AS (VALUES {values}) "
                "SELECT b.band, b.key, a.seq, a.id FROM q "
                "JOIN lsh_bands b ON b.band = q.band AND b.key = q.key "
                "JOIN articles a ON a.seq = b.article "
                "UNION ALL SELECT r.band, r.key, a.seq, a.id FROM q "
                "JOIN lsh_recent r ON r.band = q.band AND r.key = q.key "
                "JOIN articles a ON a.seq = r.article ORDER BY 3"
            )
            flat = [x for pair in chunk for x in pair]
            for band, key, seq, aid in self._conn.execute(sql, flat):
                out.setdefault(given[(band, key)], []).append((seq, aid))
        return out

    def move_recent_bands(self) -> int:
        """Move the band keys of ``lsh_recent`` into ``lsh_bands``, in key order, in one
        transaction (see ``schema/0006_lsh_recent.sql``); returns how many rows moved.
        :meth:`add_batch` calls it once :data:`LSH_RECENT_ROWS` rows are waiting."""
        started = self._begin()
        ok = False
        try:
            moved = self._conn.execute(
                "INSERT OR IGNORE INTO lsh_bands (band, key, article) "
                "SELECT band, key, article FROM lsh_recent ORDER BY band, key, article"
            ).rowcount
            self._conn.execute("DELETE FROM lsh_recent")
            ok = True
        except sqlite3.Error as e:
            raise StoreError(f"moving the recent band keys rolled back: {e}") from e
        finally:
            self._finish(started, ok)
        self._recent_rows = 0
        return int(moved)

    def signatures(self, article_ids: Sequence[str]) -> dict[str, bytes]:
        """The stored MinHash signature bytes of each id that has one."""
        out: dict[str, bytes] = {}
        ids = list(article_ids)
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for aid, sig in self._conn.execute(
                f"SELECT id, signature FROM articles WHERE id IN ({marks}) "
                "AND signature IS NOT NULL",
                chunk,
            ):
                out[aid] = bytes(sig)
        return out

    def flags(self, article_id: str) -> tuple[str, ...] | None:
        """The quality flags stored with an article (None if no such article)."""
        row = self._conn.execute(
            "SELECT flags FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return tuple(json.loads(row[0])) if row else None

    # ---- reading ------------------------------------------------------------------------

    def get(self, article_id: str) -> Article | None:
        """The stored article with this id, as an :class:`Article` (None if absent)."""
        row = self._conn.execute(f"{_ARTICLE_SELECT} WHERE id = ?", (article_id,)).fetchone()
        return _article_from_row(row) if row else None

    @property
    def connection(self) -> sqlite3.Connection:
        """The SQLite connection, for the entity layer's own queries (``akhbar.entities``)."""
        return self._conn

    def articles_after(self, seq: int, limit: int) -> list[tuple[int, Article]]:
        """Up to ``limit`` articles with ``seq`` greater than ``seq``, as ``(seq, article)``."""
        rows = self._conn.execute(
            f"SELECT seq, {_ARTICLE_FIELDS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit),
        ).fetchall()
        return [(int(r[0]), _article_from_row(r[1:])) for r in rows]

    def count(self) -> int:
        """Number of stored articles."""
        return int(self._conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def iter_articles(self) -> Iterator[Article]:
        """All articles in insertion order, read in pages (safe to interleave with writes)."""
        last = -1
        while True:
            rows = self._conn.execute(
                f"SELECT seq, {_ARTICLE_FIELDS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, _CHUNK),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _article_from_row(row[1:])
            last = rows[-1][0]

    def search_fts(self, match_expression: str, limit: int = 10) -> list[str]:
        """Ids of articles whose analyzed text matches an FTS5 expression, best bm25 first.

        The expression is FTS5 query syntax over analyzer terms (callers analyze the query the
        same way as the text); real search with snippets and facets is ``akhbar.search``.
        """
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT a.id FROM articles_fts f JOIN articles a ON a.seq = f.rowid "
                "WHERE articles_fts MATCH ? ORDER BY f.rank, f.rowid LIMIT ?",
                (match_expression, limit),
            )
        ]

    # ---- analysis versions --------------------------------------------------------------

    def analysis_versions(self) -> list[int]:
        """The distinct analysis versions of the stored articles, lowest first (one index
        look-up per version, however many articles there are)."""
        out: list[int] = []
        version = -1
        while True:
            row = self._conn.execute(
                "SELECT min(analysis) FROM articles WHERE analysis > ?", (version,)
            ).fetchone()
            if row[0] is None:
                return out
            version = int(row[0])
            out.append(version)

    def analysis_outdated(self) -> bool:
        """Whether some article was analyzed by another analysis version than this akhbar's
        (two index look-ups: cheap enough for every search connection to ask).

        >>> import tempfile, pathlib
        >>> with Store.open(pathlib.Path(tempfile.mkdtemp()) / "s.db") as s:
        ...     s.analysis_outdated()
        False
        """
        return bool(analysis_warning(self._conn, self.path))

    def analysis_status(self) -> AnalysisStatus:
        """Articles per analysis version, and how many are outdated (what ``akhbar stats``
        shows)."""
        counts = {
            v: int(
                self._conn.execute(
                    "SELECT count(*) FROM articles WHERE analysis = ?", (v,)
                ).fetchone()[0]
            )
            for v in self.analysis_versions()
        }
        outdated = sum(n for v, n in counts.items() if v != ANALYSIS_VERSION)
        return AnalysisStatus(ANALYSIS_VERSION, counts, outdated)

    def reanalyzed(self) -> int:
        """How many re-analysis batches were ever committed (each :meth:`update_analysis`
        adds one): the search index records the count it was built at."""
        row = self._conn.execute(
            "SELECT value FROM store_state WHERE key = 'reanalyzed'"
        ).fetchone()
        return int(row[0]) if row else 0

    def outdated_after(self, seq: int, limit: int) -> list[tuple[int, Article, bytes | None]]:
        """Up to ``limit`` articles of another analysis version with ``seq`` greater than
        ``seq``, oldest first, as ``(seq, article, signature)``: the article carries the id the
        source gave (``original_id``, what the analysis saw when it was stored)."""
        seqs: list[int] = []
        for version in self.analysis_versions():
            if version == ANALYSIS_VERSION:
                continue
            seqs += [
                int(r[0])
                for r in self._conn.execute(
                    "SELECT seq FROM articles WHERE analysis = ? AND seq > ? ORDER BY seq LIMIT ?",
                    (version, seq, limit),
                )
            ]
        seqs = sorted(seqs)[:limit]
        out = []
        for i in range(0, len(seqs), _CHUNK):
            chunk = seqs[i : i + _CHUNK]
            rows = self._conn.execute(
                f"SELECT seq, original_id, signature, {_ARTICLE_FIELDS} FROM articles "
                f"WHERE seq IN ({', '.join('?' * len(chunk))}) ORDER BY seq",
                chunk,
            ).fetchall()
            out += [(int(r[0]), replace(_article_from_row(r[3:]), id=r[1]), r[2]) for r in rows]
        return out

    def update_analysis(self, updates: Sequence[AnalysisUpdate]) -> int:
        """Write re-computed analyses in one transaction, and mark those rows current.

        Each row gets its new analyzed text (the FTS index follows by trigger), content hash,
        flags, signature and LSH band keys; nothing else in it changes.  Two articles whose
        texts only the new analysis finds equal would hold the same content hash, which the
        store keeps unique: the older one (lower ``seq``, the one a fresh ingest would have
        kept) gets it, the newer one keeps its text and gets ``hash~id`` (an exact duplicate
        kept).  Returns how many rows became such duplicates.
        """
        started = self._begin()
        ok = False
        duplicates = 0
        q = self._conn.execute
        try:
            for u in updates:
                row = q("SELECT id FROM articles WHERE seq = ?", (u.seq,)).fetchone()
                if row is None:
                    raise StoreError(f"no article with seq {u.seq}")
                content_hash = u.content_hash
                holder = q(
                    "SELECT seq, id FROM articles WHERE content_hash = ?", (content_hash,)
                ).fetchone()
                if holder is not None and holder[0] != u.seq:
                    if holder[0] < u.seq:
                        content_hash = _duplicate_hash(content_hash, row[0])
                        duplicates += 1
                    else:
                        q(
                            "UPDATE articles SET content_hash = ? WHERE seq = ?",
                            (_duplicate_hash(content_hash, holder[1]), holder[0]),
                        )
                q(
                    "UPDATE articles SET analyzed_title = ?, analyzed_body = ?, "
                    "content_hash = ?, flags = ?, signature = ?, analysis = ? WHERE seq = ?",
                    (
                        u.analyzed_title,
                        u.analyzed_body,
                        content_hash,
                        _json(u.flags),
                        u.signature,
                        ANALYSIS_VERSION,
                        u.seq,
                    ),
                )
                if u.old_band_keys:
                    for table in ("lsh_bands", "lsh_recent"):
                        self._conn.executemany(
                            f"DELETE FROM {table} WHERE band = ? AND key = ? AND article = ?",
                            _band_rows(u.old_band_keys, u.seq),
                        )
                if u.band_keys:
                    self._conn.executemany(
                        "INSERT OR IGNORE INTO lsh_bands (band, key, article) VALUES (?, ?, ?)",
                        _band_rows(u.band_keys, u.seq),
                    )
            q("UPDATE store_state SET value = value + 1 WHERE key = 'reanalyzed'")
            ok = True
        except sqlite3.Error as e:
            raise StoreError(f"re-analysis of {len(updates)} articles rolled back: {e}") from e
        finally:
            self._finish(started, ok)
        return duplicates

    # ---- which annotation made the entities ---------------------------------------------

    def entity_annotation(self) -> str | None:
        """The annotation id (:func:`akhbar.entities.link.annotation_id`) of what recognized and
        linked the stored entities: None when none were recognized yet, ``""`` when unknown
        (a store annotated before schema 4).

        >>> import tempfile, pathlib
        >>> with Store.open(pathlib.Path(tempfile.mkdtemp()) / "s.db") as s:
        ...     s.record_entity_annotation("abc"), s.entity_annotation()
        ...     s.record_entity_annotation("new"), s.entity_annotation()
        (None, 'abc')
        (None, 'abc')
        """
        row = self._conn.execute("SELECT annotation FROM entity_model").fetchone()
        return None if row is None else str(row[0])

    def record_entity_annotation(self, annotation: str, *, replace: bool = False) -> None:
        """Record that ``annotation`` recognizes and links entities into this store: only when
        none is recorded yet (an ingest adding to a store of another annotation leaves that
        one, so that the mix is noticed), or whatever is recorded with ``replace`` (what
        ``akhbar annotate`` does when it has re-annotated every article)."""
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        started = self._begin()
        ok = False
        try:
            self._conn.execute(
                f"{verb} INTO entity_model (id, annotation) VALUES (1, ?)", (annotation,)
            )
            ok = True
        finally:
            self._finish(started, ok)

    def ingest_log(self, run_id: int | None = None) -> list[LogEntry]:
        """The ingest log (of one run, or of all runs), in the order records were offered."""
        sql = (
            "SELECT run, ref, source, input_id, status, article_id, related_id, reason, at "
            "FROM ingest_log"
        )
        params: tuple[int, ...] = ()
        if run_id is not None:
            sql += " WHERE run = ?"
            params = (run_id,)
        return [LogEntry(*r) for r in self._conn.execute(sql + " ORDER BY seq", params)]

    def stats(self) -> dict[str, Any]:
        """Counts for a status line: articles, per source, per language, per quality flag
        (``too_short`` …), date range, clusters, runs, the analysis versions
        (:meth:`analysis_status`) and rejections by reason (distinct refs, so re-runs do not
        double-count).

        >>> import tempfile, pathlib
        >>> with Store.open(pathlib.Path(tempfile.mkdtemp()) / "s.db") as s:
        ...     s.stats()["articles"]
        0
        """
        q = self._conn.execute
        first, last = q("SELECT min(published_utc), max(published_utc) FROM articles").fetchone()
        return {
            "articles": self.count(),
            "sources": dict(
                q(
                    "SELECT coalesce(source, ''), count(*) FROM articles GROUP BY 1 ORDER BY 1"
                ).fetchall()
            ),
            "languages": dict(
                q("SELECT coalesce(lang, ''), count(*) FROM articles GROUP BY 1 ORDER BY 1")
            ),
            "flags": dict(
                q(
                    "SELECT f.value, count(*) FROM articles AS a, json_each(a.flags) AS f "
                    "GROUP BY 1 ORDER BY 1"
                )
            ),
            "published_first_utc": utc_text(first),
            "published_last_utc": utc_text(last),
            "clusters": q("SELECT count(*) FROM clusters").fetchone()[0],
            "clustered_articles": q(
                "SELECT count(*) FROM articles WHERE cluster_id IS NOT NULL"
            ).fetchone()[0],
            "runs": q("SELECT count(*) FROM runs").fetchone()[0],
            "analysis": self.analysis_status().to_dict(),
            "rejections": dict(
                q(
                    "SELECT reason, count(DISTINCT coalesce(ref, '')) FROM ingest_log "
                    "WHERE status = 'rejected' GROUP BY reason ORDER BY reason"
                )
            ),
        }

    # ---- verification -------------------------------------------------------------------

    def fingerprint(self) -> str:
        """A SHA-256 over the logical content, ignoring run ids, timestamps and the log.

        Covers every article column in insertion order, the clusters, the LSH band keys and
        the FTS index's vocabulary (term, documents, occurrences) and document count, so a
        store rebuilt after a crash can be compared with one from a clean run.
        """
        h = hashlib.sha256()

        def feed(section: str, rows: Iterator[Any] | sqlite3.Cursor) -> None:
            h.update(f"\x00{section}\n".encode())
            for row in rows:
                cells = [c.hex() if isinstance(c, bytes) else c for c in row]
                h.update(_json(cells).encode("utf-8"))
                h.update(b"\n")

        q = self._conn.execute
        feed("articles", q(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY seq"))
        feed("clusters", q("SELECT id, canonical FROM clusters ORDER BY id"))
        feed(
            "lsh_bands",
            q(
                "SELECT a.id, b.band, b.key FROM (SELECT band, key, article FROM lsh_bands "
                "UNION SELECT band, key, article FROM lsh_recent) b "
                "JOIN articles a ON a.seq = b.article ORDER BY a.seq, b.band, b.key"
            ),
        )
        q(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab "
            "USING fts5vocab(main, articles_fts, row)"
        )
        feed("fts_vocab", q("SELECT term, doc, cnt FROM temp.fts_vocab ORDER BY term"))
        feed("fts_docs", q("SELECT count(*) FROM articles_fts_docsize"))
        feed(
            "entities",
            q(
                "SELECT id, type, name, key, english, wikidata, mention_count FROM entities "
                "ORDER BY id"
            ),
        )
        feed("entity_aliases", q("SELECT key, type, entity FROM entity_aliases ORDER BY key, type"))
        feed(
            "mentions",
            q(
                "SELECT a.id, m.paragraph, m.start, m.end, m.sentence, m.entity, m.text, m.type, "
                "m.title FROM mentions m JOIN articles a ON a.seq = m.article "
                "ORDER BY m.article, m.paragraph, m.start"
            ),
        )
        return h.hexdigest()

    def check(self) -> list[str]:
        """Problems found by SQLite's and FTS5's integrity checks and the store's invariants.

        An empty list means the file is sound.
        """
        problems: list[str] = []
        q = self._conn.execute
        result = [r[0] for r in q("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems.extend(f"integrity_check: {r}" for r in result)
        problems.extend(f"foreign_key_check: {tuple(r)}" for r in q("PRAGMA foreign_key_check"))
        try:
            q("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as e:
            problems.append(f"fts integrity-check: {e}")
        docs = q("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
        if docs != self.count():
            problems.append(f"fts has {docs} documents for {self.count()} articles")
        bad = q(
            "SELECT c.id FROM clusters c JOIN articles a ON a.id = c.canonical "
            "WHERE a.cluster_id IS NOT c.id"
        ).fetchall()
        problems.extend(f"cluster {r[0]!r}: canonical is not a member" for r in bad)
        problems.extend(self._check_entities())
        return problems

    def _check_entities(self) -> list[str]:
        """Entity invariants: counts match the mentions (an entity's aliases count no more
        than it has), no entity without a mention or an alias, every mention's text is the
        paragraph's text at its offsets."""
        q = self._conn.execute
        out = [
            f"entity {r[0]}: mention_count {r[1]} but {r[2]} mentions"
            for r in q(
                "SELECT e.id, e.mention_count, count(m.entity) FROM entities e "
                "LEFT JOIN mentions m ON m.entity = e.id GROUP BY e.id "
                "HAVING e.mention_count <> count(m.entity) OR count(m.entity) = 0"
            )
        ]
        out.extend(
            f"entity {r[0]}: its aliases count {r[1]} mentions, more than its {r[2]}"
            for r in q(
                "SELECT e.id, sum(x.mentions), e.mention_count FROM entities e "
                "JOIN entity_aliases x ON x.entity = e.id GROUP BY e.id "
                "HAVING sum(x.mentions) > e.mention_count"
            )
        )
        out.extend(
            f"entity {r[0]}: no alias"
            for r in q(
                "SELECT id FROM entities e WHERE NOT EXISTS "
                "(SELECT 1 FROM entity_aliases x WHERE x.entity = e.id)"
            )
        )
        out.extend(
            f"mention {tuple(r)}: text is not the paragraph's text at its offsets"
            for r in q(
                "SELECT m.article, m.paragraph, m.start FROM mentions m "
                "JOIN articles a ON a.seq = m.article "
                "WHERE substr(json_extract(a.paragraphs, '$[' || m.paragraph || ']'), "
                "m.start + 1, m.end - m.start) IS NOT m.text "
                "OR m.sentence >= json_array_length(a.sentences)"
            )
        )
        return out


def analysis_warning(conn: sqlite3.Connection, path: str | os.PathLike[str]) -> str:
    """What to tell a user of the store at ``path`` whose articles were not all analyzed by
    this akhbar's analyzer (searches miss words whose keys changed), naming the command that
    fixes it; ``""`` when they all were.  Two index look-ups.

    >>> analysis_warning(sqlite3.connect(":memory:"), "x.db")
    ''
    """
    try:
        q = conn.execute
        low = q("SELECT min(analysis) FROM articles").fetchone()[0]
        high = q("SELECT max(analysis) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # no articles table (yet): nothing analyzed
        return ""
    if low is None or low == high == ANALYSIS_VERSION:
        return ""
    if high > ANALYSIS_VERSION:
        return (
            f"{path}: some articles were analyzed by a newer akhbar (analysis version {high}, "
            f"this one's is {ANALYSIS_VERSION}): searches can miss them; upgrade akhbar, or "
            f"run `akhbar reanalyze --db {path}`"
        )
    return (
        f"{path}: some articles were analyzed by an older akhbar (analysis version {low}, "
        f"this one's is {ANALYSIS_VERSION}): searches can miss them; run "
        f"`akhbar reanalyze --db {path}`"
    )


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _connect_readonly(path: Path, timeout: float, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` (nor roll back another program's journal);
    ``immutable``: nor create the ``-wal``/``-shm`` files of a WAL database (it reads the main
    file alone, so it may miss commits still in the WAL)."""
    uri = f"{path.resolve().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)


def _check_is_store(
    path: Path, steps: Sequence[Migration], timeout: float, *, writing: bool
) -> None:
    """Raise :class:`NotAStoreError` unless ``path`` holds an akhbar store or an empty database.

    It reads the main file alone first, which leaves no side file next to another program's
    WAL database.  An akhbar store's main file always holds one of its committed states (empty,
    or with its schema history), so that look suffices for a store; only a refusal while a
    ``-wal`` file exists (another process writing: the main file may be behind or, mid
    checkpoint, torn) is confirmed through SQLite's ordinary read-only protocol.
    """
    try:
        _classify(path, steps, timeout, writing=writing, immutable=True)
    except NotAStoreError:
        if not Path(f"{path}-wal").exists():
            raise
        _classify(path, steps, timeout, writing=writing, immutable=False)


def _refuse_read_only(path: Path) -> None:
    """Refuse to write to a file marked read-only: no write permission for us, or no write bit
    at all (which root could override: the owner froze the file, so akhbar leaves it)."""
    mode = path.stat().st_mode
    if not os.access(path, os.W_OK) or not mode & 0o222:
        raise NotAStoreError(
            f"{path}: the file is read-only ({stat.filemode(mode)}); nothing was written "
            "(make it writable to add to it)"
        )


def _classify(
    path: Path, steps: Sequence[Migration], timeout: float, *, writing: bool, immutable: bool
) -> None:
    """Raise :class:`NotAStoreError` unless the file reads as an akhbar store or is empty.

    An akhbar store has ``user_version`` ≥ 1 and a ``schema_migrations`` table whose rows name the
    migrations of ``steps`` up to that version; an empty database (no tables, version 0, a
    0-byte file) becomes one.  Anything else is another program's file.
    """
    try:
        conn = _connect_readonly(path, timeout, immutable=immutable)
    except sqlite3.Error as e:
        raise StoreError(f"cannot open akhbar store {path}: {e}") from e
    with closing(conn):
        _classify_open(conn, path, steps, writing=writing)


def _classify_open(
    conn: sqlite3.Connection, path: Path, steps: Sequence[Migration], *, writing: bool
) -> None:
    what = "not an akhbar store"
    kept = "; nothing was written" if writing else ""
    try:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        names = [
            (kind, name)
            for kind, name in conn.execute("SELECT type, name FROM sqlite_master ORDER BY name")
            if not name.startswith("sqlite_")  # SQLite's own (sqlite_sequence, sqlite_stat1)
        ]
    except sqlite3.DatabaseError as e:
        # "file is not a database": a text file, a zip, an encrypted database, ...
        raise NotAStoreError(f"{path}: {what} (not a SQLite database: {e}){kept}") from e
    tables = [name for kind, name in names if kind == "table"]
    if current == 0 and not names:
        return  # an empty database: it becomes a store (or, read-only, _migrate says it is empty)
    history: dict[int, str] | None = None
    if "schema_migrations" in tables:
        try:
            history = {
                int(v): str(n)
                for v, n in conn.execute("SELECT version, name FROM schema_migrations")
            }
        except (sqlite3.DatabaseError, TypeError, ValueError):
            history = None
    expected = {m.version: m.name for m in steps if m.version <= current}
    if (
        current >= 1
        and history is not None
        and all(history.get(v) == n for v, n in expected.items())
    ):
        return
    shown = ", ".join(repr(t) for t in tables[:5]) + (", …" if len(tables) > 5 else "")
    raise NotAStoreError(
        f"{path}: {what}: another program's SQLite database (user_version {current}, "
        f"tables {shown or 'none'}){kept}"
    )


def _migrate(
    conn: sqlite3.Connection, steps: Sequence[Migration], path: Path, *, readonly: bool
) -> None:
    """Bring the file to the last version in ``steps``, one transaction per migration."""
    latest = steps[-1].version if steps else 0
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current > latest:
        raise SchemaVersionError(
            f"{path}: schema version {current} is newer than this akhbar supports ({latest}); "
            "upgrade akhbar to open it"
        )
    if current == latest:
        return
    if readonly and current == 0:  # akhbar's versions start at 1
        raise SchemaVersionError(
            f"{path}: not an akhbar store (an empty file, or another program's SQLite database)"
        )
    if readonly:
        raise SchemaVersionError(
            f"{path}: schema version {current} is older than {latest}; open it for writing "
            f"once to migrate (`akhbar reanalyze --db {path}` does, and brings its analysis up "
            "to date)"
        )
    for step in steps:
        if step.version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            now = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if now < step.version:
                if now != step.version - 1:
                    raise SchemaVersionError(
                        f"{path}: cannot apply migration {step.version} to {now}"
                    )
                for statement in step.statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (step.version, step.name, _now()),
                )
                conn.execute(f"PRAGMA user_version = {int(step.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        current = step.version
