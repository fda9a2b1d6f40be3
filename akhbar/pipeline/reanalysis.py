"""Re-analysis: bring a store analyzed by an older analyzer up to date, from its original text.

The store keeps, per article, what the analyzer computed when the article was stored: the
analyzed title and body (which feed FTS5 by trigger and the search index by sync), the content
hash (exact duplicates) and the MinHash signature with its LSH band keys (near duplicates), and
the flags that count terms.  When the analyzer's keys change, those no longer meet the terms a
new query or a new ingest computes.  :func:`reanalyze` recomputes them with the processing
stage (:func:`~akhbar.pipeline.prepare.analyze_batch`, the same function an ingest runs, so a
re-analyzed row equals a freshly ingested one) for every article whose ``analysis`` version is
not this akhbar's, oldest first, ``batch_size`` articles per transaction
(:meth:`~akhbar.store.Store.update_analysis`); a batch marks its rows current as it commits, so
after ``kill -9`` running it again picks up the rest and ends in the same store.  Then it
rebuilds the search index (the store counts re-analysis batches; an index built before the
last one is not used by search and is rebuilt by the next sync).

What it keeps: the original text, ids, URLs, dates, language, sentences, clusters and entity
mentions (near-duplicate clusters are ingest's decisions, taken in input order; re-deciding
them would renumber clusters under users' feet for a change that rarely moves a Jaccard
estimate across the threshold).  Content hashes are recomputed: an ingest compares a new
article's hash with the stored ones, so stale hashes would let the same file be stored twice.

The analysis runs in ``workers`` processes (the ingest's pool and ordering), the writes in
this process, in ``seq`` order.

>>> import tempfile, pathlib
>>> from akhbar.article import Article
>>> from akhbar.pipeline import prepare_batch
>>> from akhbar.store import Store
>>> with Store.open(pathlib.Path(tempfile.mkdtemp()) / "a.db") as store:
...     run = store.begin_run([], {})
...     _ = store.add_batch(run, prepare_batch([Article(id="1", paragraphs=("ایک خبر۔",))]))
...     _ = store.connection.execute("UPDATE articles SET analysis = 0, analyzed_body = ''")
...     summary = reanalyze(store, sync_index=False)
...     summary.articles, store.analysis_outdated(), store.search_fts("خبر")
(1, False, ['1'])
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from akhbar.article import Article, Rejected
from akhbar.dedup import band_keys, signature_from_bytes
from akhbar.pipeline.local import _ordered_map, _page_cache, _quiet_gc, _worker_init
from akhbar.pipeline.prepare import PrepareConfig, Prepared, analyze_batch, warm_up
from akhbar.store import AnalysisUpdate, Store

__all__ = ["ReanalyzeSummary", "catch_up", "reanalyze"]


@dataclass
class ReanalyzeSummary:
    """What :func:`reanalyze` did.

    ``duplicates``: articles the new analysis found equal to an older stored one (kept, with a
    marked content hash; a fresh ingest would not have stored them).  ``index_error``: why the
    search index was not rebuilt (None when it was, or was not asked to be).
    """

    articles: int = 0
    batches: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    index_rebuilt: bool = False
    index_error: str | None = None
    version: int = field(default=0)

    @property
    def rate(self) -> float:
        """Articles re-analyzed per second."""
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (what ``akhbar reanalyze --json`` prints)."""
        return {
            "articles": self.articles,
            "batches": self.batches,
            "duplicates": self.duplicates,
            "version": self.version,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.rate, 1),
            "index_rebuilt": self.index_rebuilt,
            "index_error": self.index_error,
        }


_Batch = list[tuple[int, Article, bytes | None]]


def _pending(store: Store, batch_size: int) -> Iterator[_Batch]:
    """The outdated articles, ``batch_size`` at a time, oldest first (read as they are
    needed: the rows a batch marks current are not read again)."""
    last = 0
    while batch := store.outdated_after(last, batch_size):
        last = batch[-1][0]
        yield batch


def _analyze(batch: _Batch, config: PrepareConfig) -> list[Prepared | Rejected]:
    return analyze_batch([article for _, article, _ in batch], config)


def _old_band_keys(raw: bytes | None, config: PrepareConfig) -> tuple[tuple[int, int], ...]:
    """The band keys a stored signature was filed under (none if its size is another
    configuration's: those rows only add candidates, which the signatures then rule out)."""
    if raw is None or len(raw) != 4 * config.dedup.num_perm:
        return ()
    return tuple(band_keys(signature_from_bytes(raw), config.dedup.bands, config.dedup.rows))


def _updates(
    batch: _Batch, prepared: Sequence[Prepared | Rejected], config: PrepareConfig
) -> list[AnalysisUpdate]:
    out = []
    for (seq, _, old), p in zip(batch, prepared, strict=True):
        if isinstance(p, Rejected):  # pragma: no cover - analyze_batch passes articles through
            raise TypeError("the analysis rejected a stored article")
        out.append(
            AnalysisUpdate(
                seq=seq,
                analyzed_title=p.analyzed_title,
                analyzed_body=p.analyzed_body,
                content_hash=p.content_hash,
                flags=p.flags,
                signature=p.signature,
                band_keys=p.band_keys,
                old_band_keys=_old_band_keys(old, config),
            )
        )
    return out


def reanalyze(
    store: Store,
    *,
    workers: int = 1,
    batch_size: int = 256,
    config: PrepareConfig | None = None,
    sync_index: bool = True,
    progress: Callable[[ReanalyzeSummary], None] | None = None,
) -> ReanalyzeSummary:
    """Re-analyze every article of ``store`` whose analysis version is not this akhbar's.

    ``config``: the processing stage's settings (entities are never recognized here: the
    mentions stay as stored); ``sync_index``: rebuild the search index afterwards when
    anything changed, or when an earlier, interrupted re-analysis left it behind.  A
    ``KeyboardInterrupt`` keeps every committed batch (run again to finish).
    """
    from akhbar.text.version import ANALYSIS_VERSION

    cfg = replace(config or PrepareConfig(), entities=False, spans=False)
    summary = ReanalyzeSummary(version=ANALYSIS_VERSION)
    started = time.perf_counter()
    pool = None
    if workers > 1 and store.analysis_outdated():
        warm_up(cfg)  # before the fork: the workers inherit the built tables
    try:
        with _quiet_gc(), _page_cache(store):
            stage = partial(_analyze, config=cfg)
            batches = _pending(store, max(1, batch_size))
            analyzed: Iterator[tuple[_Batch, list[Prepared | Rejected]]]
            if workers > 1:
                pool = ProcessPoolExecutor(workers, initializer=_worker_init)
                analyzed = _ordered_map(pool, stage, batches, ahead=2 * workers)
            else:
                analyzed = ((batch, stage(batch)) for batch in batches)
            for batch, prepared in analyzed:
                summary.duplicates += store.update_analysis(_updates(batch, prepared, cfg))
                summary.articles += len(batch)
                summary.batches += 1
                summary.seconds = time.perf_counter() - started
                if progress is not None:
                    progress(summary)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if sync_index:
        summary.index_error, summary.index_rebuilt = _sync_index(store)
    summary.seconds = time.perf_counter() - started
    return summary


def _sync_index(store: Store) -> tuple[str | None, bool]:
    """Bring the search index in line with the re-analyzed store (a sync rebuilds an index
    built before the last re-analysis batch); why not, and whether it was rebuilt."""
    from akhbar.search.index import SearchIndexError, index_path, sync
    from akhbar.store import StoreError

    if not index_path(store.path).exists():  # none to keep in line (search uses FTS5)
        return None, False
    try:
        stats = sync(store.path)
    except (SearchIndexError, StoreError, OSError) as exc:
        return str(exc) or type(exc).__name__, False
    return None, stats.rebuilt


def catch_up(
    store: Store, *, workers: int = 1, batch_size: int = 256, config: PrepareConfig | None = None
) -> int:
    """Re-analyze the outdated articles of ``store`` before new ones are added to it (what
    an ingest does first: it compares new articles' content hashes and signatures with the
    stored ones, which must come from the same analyzer); returns how many were re-analyzed.
    The search index is left to the sync that follows the ingest.
    """
    if not store.analysis_outdated():
        return 0
    summary = reanalyze(
        store, workers=workers, batch_size=batch_size, config=config, sync_index=False
    )
    return summary.articles
