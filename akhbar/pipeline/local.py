"""The local engine: read → prepare (in a process pool) → near-duplicate decision → store.

The stages are the same functions a distributed engine runs (:func:`~akhbar.ingest.read_any`,
:func:`~akhbar.pipeline.prepare.prepare_batch`); this module only decides where they run.
Reading and the store's writes stay in this process, in input order; the analysis of each batch
(:func:`~akhbar.pipeline.prepare.analyze_batch`) runs in ``workers`` processes, results taken
in submission order, so the result does not depend on the number of workers.  Workers send
back only what they computed (:class:`~akhbar.pipeline.prepare.Prepared`), not the articles
this process still holds; they are forked after the analysis tables are built
(:func:`~akhbar.pipeline.prepare.warm_up`), so they start warm.

Crash safety follows from the store: each batch commits in one transaction, and re-running the
same command after an interruption offers the same records in the same order, so what was
already stored is recognised as duplicate and the rest is stored exactly as a clean run would.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from threadpoolctl import threadpool_limits

from akhbar.article import Article, Rejected, reason_kind
from akhbar.dedup import Signature, estimate_jaccard, signature_from_bytes
from akhbar.ingest import read_any
from akhbar.ingest.common import display_name
from akhbar.ingest.settings import DEFAULT_SETTINGS, IngestSettings
from akhbar.pipeline.prepare import PrepareConfig, Prepared, analyze_batch, attach, warm_up
from akhbar.procs import exit_with_parent
from akhbar.store import BatchResult, Store, StoreError, StoreItem

__all__ = [
    "IngestOptions",
    "IngestSummary",
    "ingest",
    "store_batch",
    "store_files",
    "sync_search_index",
]


@dataclass(frozen=True, kw_only=True)
class IngestOptions:
    """What to read and how (the CLI's flags, as one object)."""

    source: str | None = None
    fmt: str = "auto"
    column_map: dict[str, str] | None = None
    encoding: str | None = None
    workers: int = 1
    batch_size: int = 256
    prepare: PrepareConfig = field(default_factory=PrepareConfig)
    #: The readers' limits and defaults, among them ``default_tz``: the zone of a date written
    #: without one (``akhbar ingest --timezone Asia/Karachi``; UTC by default).
    settings: IngestSettings = DEFAULT_SETTINGS
    #: After a completed run, bring the search index (``DB.index/``) up to date with the store,
    #: as ``akhbar index`` does; False leaves that to the caller (search falls back to FTS5 for
    #: what the index does not hold yet).
    sync_index: bool = True
    #: Have the analysis encode the token spans of each article (which the search index
    #: stores) and keep those of the stored articles in the summary (:attr:`IngestSummary.spans`)
    #: for the index sync that follows, so the sync need not tokenize them again.
    index_spans: bool = True


@dataclass
class IngestSummary:
    """What an ingest run did; ``rejected`` is counted by reason.

    ``index_error`` says why the search index was not brought up to date (the store is
    complete all the same; ``akhbar index`` retries), None when it was or was not asked to be.
    """

    run_id: int = 0
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    status: str = "running"
    index_error: str | None = None
    #: Stored articles of an older analysis that were re-analyzed before reading
    #: (:func:`akhbar.pipeline.reanalysis.catch_up`).
    reanalyzed: int = 0
    #: Token spans of the articles this run stored, by stored id (when ``index_spans``), for
    #: the index sync; at most :data:`SPANS_KEEP_BYTES` of them (the sync encodes the rest).
    spans: dict[str, bytes] = field(default_factory=dict, repr=False)
    spans_bytes: int = field(default=0, repr=False)  # the size of ``spans``
    spans_full: bool = field(default=False, repr=False)  # one did not fit: no more are kept

    @property
    def rate(self) -> float:
        """Records read per second."""
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (what ``akhbar ingest --json`` prints)."""
        return {
            "run": self.run_id,
            "status": self.status,
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "rejected": sum(self.rejected.values()),
            "rejected_by_reason": dict(self.rejected.most_common()),
            "skipped": dict(self.skipped.most_common()),
            "reanalyzed": self.reanalyzed,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.rate, 1),
        }


def _batches(
    records: Iterable[Article | Rejected], size: int, first: int = 32, tail: int = 1
) -> Iterator[list[Article | Rejected]]:
    """Batches of ``size`` records, the first ones smaller (``first``, doubling up to ``size``)
    so that the store starts writing while the workers analyze the next ones, and (``tail`` >
    1) the last ones cut into ``tail`` even pieces.  The records are then read one batch
    ahead, and what is left when the end of the input is seen (one to two batches) is shared
    out, so that the workers analyze the end of the input together, and the store writes
    each piece while they analyze the next, instead of one worker analyzing the last batch
    alone while the other cores wait.

    Where the batches are cut does not change the store (tests/pipeline).

    >>> [len(b) for b in _batches(range(300), 100)]
    [32, 64, 100, 100, 4]
    >>> [len(b) for b in _batches(range(350), 100, tail=4)]
    [32, 64, 100, 39, 39, 38, 38]
    >>> [len(b) for b in _batches(range(3), 100, tail=4)]
    [1, 1, 1]
    >>> [b for b in _batches(range(7), 4, first=2, tail=2)]
    [[0, 1], [2, 3, 4], [5, 6]]
    """
    it = iter(records)
    n = max(1, min(first, size))
    if tail <= 1:
        while batch := list(islice(it, n)):
            yield batch
            n = min(2 * n, size)
        return
    held = list(islice(it, n))
    while held:
        n = min(2 * n, size)
        ahead = list(islice(it, n))
        if len(ahead) < n:  # the input ends here: share out what is left
            last = held + ahead
            pieces = min(tail, len(last))
            cut = 0
            for i in range(pieces):
                step = len(last) // pieces + (i < len(last) % pieces)
                yield last[cut : cut + step]
                cut += step
            return
        yield held
        held = ahead


T = TypeVar("T")
R = TypeVar("R")


def _ordered_map(
    pool: ProcessPoolExecutor, fn: Callable[[T], R], items: Iterable[T], ahead: int
) -> Iterator[tuple[T, R]]:
    """Like ``pool.map`` (with each input) but reading ``items`` lazily, at most ``ahead``
    tasks in flight."""
    window: deque[tuple[T, Future[R]]] = deque()
    for item in items:
        window.append((item, pool.submit(fn, item)))
        if len(window) >= ahead:
            done, future = window.popleft()
            yield done, future.result()
    while window:
        done, future = window.popleft()
        yield done, future.result()


#: Allocations between young-generation collections during an ingest (Python's default is
#: 700): a batch makes many short-lived objects and almost no reference cycles.
_GC_YOUNG = 20_000
#: SQLite page cache of the store's connection during an ingest, in KiB (the default is 2 MiB):
#: the unique indexes and the LSH band keys are written at random places.
_CACHE_KIB = 65_536


class _GcShare:
    """How many ingests run now, and the collector thresholds to restore after the last."""

    lock = threading.Lock()
    users = 0
    saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def _quiet_gc() -> Iterator[None]:
    """Collect garbage less often while ingesting: the objects alive at the start (modules,
    the analysis tables) are frozen out of the collector's scans, and young collections run
    every :data:`_GC_YOUNG` allocations; both are undone when the last ingest ends (nested or
    concurrent ingests share one setting).

    >>> before = gc.get_threshold()
    >>> with _quiet_gc():
    ...     gc.get_threshold()[0] == _GC_YOUNG
    True
    >>> gc.get_threshold() == before
    True
    """
    share = _GcShare
    with share.lock:
        if share.users == 0:
            share.saved = young, *older = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(_GC_YOUNG, young), *older)
        share.users += 1
    try:
        yield
    finally:
        with share.lock:
            share.users -= 1
            if share.users == 0:
                gc.set_threshold(*share.saved)
                gc.unfreeze()


@contextmanager
def _page_cache(store: Store) -> Iterator[None]:
    """A larger SQLite page cache (:data:`_CACHE_KIB`) for the store's connection while
    ingesting (the file's contents do not depend on it)."""
    conn = store.connection
    before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    if before >= 0 or -before < _CACHE_KIB:  # pages, or a smaller size in KiB
        conn.execute(f"PRAGMA cache_size = {-_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {before}")


@contextmanager
def _workers_blas(uses_blas: bool) -> Iterator[None]:
    """One BLAS thread in the workers forked inside this context, when their analysis uses
    BLAS (entity recognition); nothing is changed when it does not.

    The workers already use every core: the NER scorer's matrix products are small, and BLAS
    threads of two workers fighting over two cores made recognition ~3x slower.  The limit is
    set here, in the parent, before the fork, and not in each worker: a forked worker that
    sets it (or calls BLAS) first starts OpenBLAS's thread pool again, whose thread then
    busy-waits ~0.1 s of CPU (OpenBLAS's default thread timeout) beside the analysis; a
    worker forked with the limit in place starts no thread.  Without entities the workers
    never call BLAS, so no limit is needed (restoring one makes this process's pool start
    again, with the same wait).

    >>> with _workers_blas(False):
    ...     pass
    """
    if not uses_blas:
        yield
        return
    with threadpool_limits(1):
        yield


def _worker_init() -> None:
    # A forked worker inherits the parent's objects (lexicon, caches): keep its garbage
    # collector from scanning them again and again, and collect young objects less often.
    gc.freeze()
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, _GC_YOUNG), *older)
    exit_with_parent()


def _near_duplicates(
    store: Store, items: Sequence[StoreItem | Rejected], threshold: float
) -> list[StoreItem | Rejected]:
    """Mark each new item that is a near-duplicate of an earlier article, in input order.

    An item joins the cluster of the EARLIEST article it matches (estimated Jaccard of the
    MinHash signatures at least ``threshold``, among the LSH candidates): stored articles first
    (all older than the batch), then earlier items of the batch.  The store is asked once per
    batch, so the outcome does not depend on how the input is cut into batches.
    """
    new = [it for it in items if isinstance(it, StoreItem) and it.signature is not None]
    lookup = store.lsh_lookup(k for it in new for k in it.band_keys)
    ids = sorted({aid for hits in lookup.values() for _, aid in hits})
    stored = {aid: signature_from_bytes(raw) for aid, raw in store.signatures(ids).items()}
    pending: dict[tuple[int, int], list[int]] = {}
    raw_sigs: dict[int, bytes] = {}
    hashes: set[str] = set()
    out: list[StoreItem | Rejected] = []
    for pos, item in enumerate(items):
        if isinstance(item, StoreItem) and item.signature is not None:
            if item.content_hash not in hashes:  # exact copies are the store's business
                raw_sigs[pos] = raw = item.signature
                item = _mark(item, raw, lookup, stored, pending, raw_sigs, threshold)  # noqa: PLW2901
                for k in item.band_keys:
                    pending.setdefault(k, []).append(pos)
            hashes.add(item.content_hash)
        out.append(item)
    return out


def _mark(
    item: StoreItem,
    raw: bytes,
    lookup: dict[tuple[int, int], list[tuple[int, str]]],
    stored: dict[str, Signature],
    pending: dict[tuple[int, int], list[int]],
    raw_sigs: dict[int, bytes],
    threshold: float,
) -> StoreItem:
    hits = lookup.keys() & item.band_keys
    earlier = pending.keys() & item.band_keys
    if not hits and not earlier:  # most articles: no candidate, no signature to decode
        return item
    sig = signature_from_bytes(raw)
    for _, aid in sorted({hit for k in hits for hit in lookup[k]}):
        if aid in stored and estimate_jaccard(sig, stored[aid]) >= threshold:
            return replace(item, near_duplicate_of=aid)
    for pos in sorted({p for k in earlier for p in pending[k]}):
        if estimate_jaccard(sig, signature_from_bytes(raw_sigs[pos])) >= threshold:
            return replace(item, near_duplicate_of_item=pos)
    return item


def store_batch(
    store: Store,
    run_id: int,
    items: Sequence[StoreItem | Rejected],
    threshold: float,
    summary: IngestSummary,
) -> BatchResult:
    """The decide-and-store step of every engine: mark near-duplicates, then add the batch.

    Each new item that is a near-duplicate (estimated Jaccard at least ``threshold``) of an
    earlier article — stored, or earlier in ``items`` — is marked as such (it joins the
    earliest one's cluster); then :meth:`~akhbar.store.Store.add_batch` stores the batch in one
    transaction under the running ``run_id``, and ``summary``'s counts grow by its outcome
    (which is returned).
    The items must be offered in input order, batch after batch: the result then does not
    depend on where the input is cut, nor on which engine prepared the items.

    >>> import tempfile, pathlib
    >>> from akhbar.article import Article
    >>> from akhbar.pipeline import prepare_batch
    >>> a = Article(id="1", title="خبر", paragraphs=("ایران اور روس کا تعاون۔",))
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp()) / "s.db") as store:
    ...     summary = IngestSummary(run_id=store.begin_run(["demo"], {}))
    ...     result = store_batch(store, summary.run_id, prepare_batch([a, a]), 0.7, summary)
    ...     (summary.stored, summary.duplicates)
    (1, 1)
    """
    result = store.add_batch(run_id, _near_duplicates(store, items, threshold))
    summary.stored += result.stored
    summary.duplicates += result.duplicates
    summary.near_duplicates += result.near_duplicates
    for outcome in result.outcomes:
        if outcome.status == "rejected":
            summary.rejected[reason_kind(outcome.reason or "rejected")] += 1
    return result


#: At most this many bytes of token spans are kept for the index sync after an ingest (about
#: 1.3 KB an article of the shared news: some 50,000 articles); the sync encodes the rest.
SPANS_KEEP_BYTES = 64 << 20


def _keep_spans(
    summary: IngestSummary, prepared: Sequence[Prepared | Rejected], result: BatchResult
) -> None:
    """Keep the token spans of the articles a batch stored (``prepared`` and the batch's
    outcomes are in the batch's order) until :data:`SPANS_KEEP_BYTES` are kept; from then on
    none (the sync encodes those articles itself)."""
    for p, outcome in zip(prepared, result.outcomes, strict=True):
        if summary.spans_full:
            return
        if outcome.article_id is None or isinstance(p, Rejected) or p.spans is None:
            continue
        if outcome.status not in ("stored", "near-duplicate"):
            continue
        if summary.spans_bytes + len(p.spans) > SPANS_KEEP_BYTES:
            summary.spans_full = True
            return
        summary.spans[outcome.article_id] = p.spans
        summary.spans_bytes += len(p.spans)


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    options: IngestOptions | None = None,
    *,
    progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Ingest ``paths`` into ``store``; returns the run's summary.

    Stored articles of an older analysis version are first re-analyzed (their content hashes
    and signatures are what new articles are compared with).
    A ``KeyboardInterrupt`` ends the run as ``interrupted`` (everything committed stays) and is
    re-raised; any other exception ends it as ``failed``.  A completed run then brings the
    search index up to date (unless ``options.sync_index`` is False); if that fails, the run
    still counts as completed and ``index_error`` of the summary says why.
    """
    opts = options or IngestOptions()
    prepare = replace(opts.prepare, spans=True) if opts.index_spans else opts.prepare
    summary = IngestSummary()
    started = time.perf_counter()
    if store.analysis_outdated():
        from akhbar.pipeline.reanalysis import catch_up

        summary.reanalyzed = catch_up(
            store, workers=opts.workers, batch_size=opts.batch_size, config=opts.prepare
        )
    if opts.prepare.entities:  # (kept as it is when another annotation made the store's)
        from akhbar.entities.link import annotation_id
        from akhbar.entities.ner import default_recognizer

        store.record_entity_annotation(annotation_id(default_recognizer()))
    summary.run_id = store.begin_run(
        [display_name(str(p)) for p in paths],  # (a name that is not UTF-8 cannot be stored)
        {
            "source": opts.source,
            "format": opts.fmt,
            "map": opts.column_map or {},
            "encoding": opts.encoding,
            "dedup": opts.prepare.dedup.fingerprint(),
            "entities": opts.prepare.entities,
            "timezone": str(opts.settings.default_tz),
        },
    )
    records = read_any(
        [Path(p) for p in paths],
        fmt=opts.fmt,
        source=opts.source,
        column_map=opts.column_map,
        encoding=opts.encoding,
        settings=opts.settings,
        skips=summary.skipped,
        exclude=store_files(store.path),  # `akhbar ingest .` beside ./akhbar.db
    )

    def counted(batches: Iterator[list[Article | Rejected]]) -> Iterator[list[Article | Rejected]]:
        for batch in batches:
            summary.read += len(batch)
            yield batch

    # With workers, the end of the input is shared out (two pieces a worker).
    tail = 2 * opts.workers if opts.workers > 1 else 1
    batches = counted(_batches(records, opts.batch_size, tail=tail))
    pool = None
    quiet = ExitStack()
    if opts.workers > 1:
        warm_up(prepare)  # before the fork: the workers inherit the built tables
    try:
        quiet.enter_context(_quiet_gc())
        quiet.enter_context(_page_cache(store))
        if opts.workers > 1:
            quiet.enter_context(_workers_blas(prepare.entities))
            pool = ProcessPoolExecutor(opts.workers, initializer=_worker_init)
        stage = partial(analyze_batch, config=prepare)
        analyzed: Iterable[tuple[list[Article | Rejected], list[Prepared | Rejected]]]
        if pool is not None:
            analyzed = _ordered_map(pool, stage, batches, ahead=2 * opts.workers)
        else:
            analyzed = ((batch, stage(batch)) for batch in batches)
        for batch, prepared in analyzed:
            items = attach(batch, prepared)
            result = store_batch(store, summary.run_id, items, prepare.dedup.threshold, summary)
            if opts.index_spans:
                _keep_spans(summary, prepared, result)
            summary.seconds = time.perf_counter() - started
            if progress is not None:
                progress(summary)
    except KeyboardInterrupt:
        summary.status = "interrupted"
        store.end_run(summary.run_id, "interrupted")
        raise
    except BaseException:
        summary.status = "failed"
        store.end_run(summary.run_id, "failed")
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        quiet.close()
    summary.status = "completed"
    store.end_run(summary.run_id, "completed")
    if opts.sync_index:
        summary.index_error = sync_search_index(store, summary.spans)
        summary.spans = {}
    summary.seconds = time.perf_counter() - started
    return summary


def store_files(db: Path) -> list[Path]:
    """The files of the store at ``db``: the database, its WAL, shared-memory and journal
    files, and its search index folder (``<db>.index``).

    >>> [p.name for p in store_files(Path("/data/a.db"))]
    ['a.db', 'a.db-wal', 'a.db-shm', 'a.db-journal', 'a.db.index']
    """
    from akhbar.search.index import index_path

    files = [db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
    return [*files, index_path(db)]


def sync_search_index(store: Store, spans: Mapping[str, bytes] | None = None) -> str | None:
    """Bring the search index beside ``store`` up to date; why not, if it could not be (the
    store stays as it is, and search falls back to FTS5 for what the index lacks).  ``spans``:
    the token spans an ingest kept (:attr:`IngestSummary.spans`).

    Shared by both engines' loads (:func:`ingest`, ``akhbar.scale.bulk_load``), so a store
    is searchable alike whichever engine filled it.
    """
    from akhbar.search.index import SearchIndexError, sync  # the index needs the store first

    try:
        sync(store.path, spans=spans)
    except (SearchIndexError, StoreError, OSError) as exc:
        return str(exc) or type(exc).__name__
    return None
