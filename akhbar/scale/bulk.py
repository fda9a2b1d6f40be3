"""The bulk load: Parquet shards → the embedded store, equal to what the local engine builds.

Exact duplicates, near-duplicate clusters and entity linking are decided in order (the first
article seen is canonical; an entity's later spellings join the first), so the bulk load
replays the rows in input order — shard by shard, chunk by chunk, by position, each position
once — through the local engine's own decision and write step
(:func:`akhbar.pipeline.store_batch`: near-duplicates against the store and the batch, then
:meth:`~akhbar.store.Store.add_batch`).  The store therefore equals the one ``akhbar ingest``
builds from the same input, whatever executor made the files and however often its tasks
were retried.

The directory must hold a manifest (written when a pipeline run finished); every file it lists
must be there, hold the rows it should, and carry this version's schema — else
:class:`BulkLoadError` says what is missing and nothing is stored.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyarrow.parquet as pq

from akhbar.article import Rejected
from akhbar.pipeline import IngestSummary, store_batch, sync_search_index
from akhbar.pipeline.reanalysis import catch_up
from akhbar.scale.pipeline import MANIFEST
from akhbar.scale.schema import SCHEMA_VERSION, ChunkMeta, SchemaError, from_row
from akhbar.scale.shards import filesystem, is_url
from akhbar.store import Store, StoreItem
from akhbar.text.version import ANALYSIS_VERSION

__all__ = ["BulkLoadError", "bulk_load", "check", "read_manifest", "replay"]


class BulkLoadError(RuntimeError):
    """The Parquet directory is incomplete or not readable as akhbar shards."""


def _join(directory: str, name: str) -> str:
    return f"{directory.rstrip('/')}/{name}" if is_url(directory) else os.path.join(directory, name)


def _open(path: str) -> Any:
    if not is_url(path):
        return open(path, "rb")
    fs, inner = filesystem(path)
    return fs.open(inner, "rb")


def read_manifest(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest of a finished pipeline run in ``directory`` (raises :class:`BulkLoadError`)."""
    d = os.fspath(directory)
    path = _join(d, MANIFEST)
    try:
        with _open(path) as f:
            manifest = json.loads(f.read().decode("utf-8"))
    except FileNotFoundError:
        raise BulkLoadError(
            f"{d}: no {MANIFEST} — not the output of a finished pipeline run "
            "(run `akhbar ingest --engine ray --parquet-dir DIR` to completion)"
        ) from None
    except (OSError, ValueError) as e:
        raise BulkLoadError(f"{path}: unreadable manifest: {e}") from None
    if not isinstance(manifest, dict) or manifest.get("schema_version") != SCHEMA_VERSION:
        version = manifest.get("schema_version") if isinstance(manifest, dict) else None
        raise BulkLoadError(
            f"{path}: shard schema version {version!r}, this akhbar reads {SCHEMA_VERSION}"
        )
    return manifest


def _chunk_rows(
    directory: str,
    shard: int,
    chunk: int,
    name: str,
    prepare: Any,
    columns: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The rows of one part file (only ``columns`` if given), checked against its footer,
    sorted by position."""
    path = _join(directory, name)
    try:
        with _open(path) as f:
            table = pq.read_table(f, columns=columns)
    except FileNotFoundError:
        raise BulkLoadError(f"{path}: missing (shard {shard}, chunk {chunk})") from None
    except (OSError, ValueError) as e:  # pyarrow's ArrowInvalid is a ValueError
        raise BulkLoadError(f"{path}: unreadable Parquet: {e}") from None
    try:
        meta = ChunkMeta.from_metadata(table.schema.metadata, path)
    except SchemaError as e:
        raise BulkLoadError(str(e)) from None
    if (meta.shard, meta.chunk) != (shard, chunk):
        raise BulkLoadError(f"{path}: holds shard {meta.shard} chunk {meta.chunk}")
    if meta.rows != table.num_rows:
        raise BulkLoadError(f"{path}: {table.num_rows} rows, its footer says {meta.rows}")
    if meta.prepare != prepare:
        raise BulkLoadError(f"{path}: made with other settings than the run ({meta.prepare})")
    rows: list[dict[str, Any]] = table.to_pylist()
    rows.sort(key=lambda r: r["position"])
    for r in rows:
        if r["shard"] != shard:
            raise BulkLoadError(f"{path}: a row of shard {r['shard']}")
    return rows


def _rows(d: str, m: dict[str, Any], columns: list[str] | None) -> Iterator[dict[str, Any]]:
    """Rows in input order, each ``(shard, position)`` once; raises on a lost record."""
    for entry in sorted(m["shards"], key=lambda e: int(e["shard"])):
        shard = int(entry["shard"])
        expected = 0  # next position; a lower one is a duplicate, a higher one a lost record
        for chunk, name in enumerate(entry["parts"]):
            for row in _chunk_rows(d, shard, chunk, name, m["prepare"], columns):
                pos = int(row["position"])
                if pos < expected:
                    continue
                if pos > expected:
                    raise BulkLoadError(
                        f"{_join(d, name)}: shard {shard} lacks positions {expected}..{pos - 1}"
                    )
                expected += 1
                yield row
        if expected != int(entry["rows"]):
            raise BulkLoadError(
                f"shard {shard}: {expected} records in its files, the manifest says {entry['rows']}"
            )


def replay(
    directory: str | os.PathLike[str], manifest: dict[str, Any] | None = None
) -> Iterator[StoreItem | Rejected]:
    """The records of a pipeline run in input order, each ``(shard, position)`` once."""
    d = os.fspath(directory)
    m = manifest or read_manifest(d)
    for row in _rows(d, m, None):
        yield from_row(row)


def check(directory: str | os.PathLike[str], manifest: dict[str, Any] | None = None) -> int:
    """Check a pipeline run's files without loading them; returns the number of records."""
    d = os.fspath(directory)
    m = manifest or read_manifest(d)
    return sum(1 for _ in _rows(d, m, ["shard", "position"]))


def _batches(
    items: Iterable[StoreItem | Rejected], size: int
) -> Iterator[list[StoreItem | Rejected]]:
    batch: list[StoreItem | Rejected] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk_load(
    directory: str | os.PathLike[str],
    store: Store,
    *,
    batch_size: int = 256,
    progress: Callable[[IngestSummary], None] | None = None,
    sync_index: bool = True,
) -> IngestSummary:
    """Load the Parquet output of a pipeline run into ``store``, as one ingest run.

    Checks the whole directory first (manifest, every file, schema version, row counts, and the
    analysis version that computed its terms: another one's is refused), so an incomplete or
    stale directory stores nothing; articles of the store analyzed by an older akhbar are
    re-analyzed first (:func:`~akhbar.pipeline.reanalysis.catch_up`).  Loading the same
    directory again stores nothing new (every record is a duplicate), as re-ingesting the same
    input does.  A completed load then brings the search index up to date, as the local
    engine's ingest does (``sync_index`` False leaves it to the caller; ``index_error`` of the
    summary says why it failed).
    """
    d = os.fspath(directory)
    manifest = read_manifest(d)
    check(d, manifest)  # everything is there before the first write
    started = time.perf_counter()
    opts = manifest.get("options") or {}
    prepare = manifest["prepare"]
    made_by = prepare.get("analysis", 0)
    if made_by != ANALYSIS_VERSION:
        # Its analyzed text, hashes and signatures would be stale in the store from the start.
        raise BulkLoadError(
            f"{d}: made by analysis version {made_by}, this akhbar's is {ANALYSIS_VERSION}; "
            "run the pipeline again to load it"
        )
    catch_up(store, batch_size=batch_size)  # hashes of the stored articles as a new one's
    if prepare.get("entities"):  # the workers recognized with this akhbar's recognizer
        from akhbar.entities.link import annotation_id
        from akhbar.entities.ner import default_recognizer

        store.record_entity_annotation(annotation_id(default_recognizer()))
    summary = IngestSummary()
    summary.skipped.update(manifest.get("skipped") or {})
    summary.run_id = store.begin_run(
        [str(p) for p in manifest.get("inputs") or []],
        {
            "source": opts.get("source"),
            "format": opts.get("format", "auto"),
            "map": opts.get("map") or {},
            "encoding": opts.get("encoding"),
            "timezone": opts.get("timezone", "UTC"),
            "dedup": prepare["dedup"],
            "entities": prepare["entities"],
            "engine": manifest.get("engine"),
            "parquet": d,
        },
    )
    threshold = float(prepare["threshold"])
    try:
        for batch in _batches(replay(d, manifest), batch_size):
            summary.read += len(batch)
            store_batch(store, summary.run_id, batch, threshold, summary)
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
    summary.status = "completed"
    store.end_run(summary.run_id, "completed")
    if sync_index:
        summary.index_error = sync_search_index(store)
    summary.seconds = time.perf_counter() - started
    return summary
