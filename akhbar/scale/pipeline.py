"""The executors of the scale-out pipeline: Ray Data (:func:`run_ray`) and this process
(:func:`run_serial`).  Both run the same three steps and write the same files:

1. **plan** (driver): list the input files in reading order and group them into shards
   (:mod:`akhbar.scale.shards`);
2. **read** (one task per shard): the local engine's readers, records cut into chunks;
3. **analyze + write** (one task per chunk): :func:`akhbar.scale.chunks.process_chunk` — the
   local engine's :func:`~akhbar.pipeline.prepare_batch` (text analysis, entity recognition,
   MinHash), then one Parquet file per chunk, named by its place in the input.

The driver then checks that every shard's chunks came back (each exactly once: a retried task
rewrites the same file) and writes ``_akhbar_manifest.json``, which the bulk load
(:mod:`akhbar.scale.bulk`) requires — so output of a run that did not finish is never loaded.

On Ray, the read step is a ``flat_map`` (no CPU reserved: reading is a few percent of the work),
a streaming ``repartition`` puts every chunk in its own block, and the analysis step is a
``map`` with one CPU per task.  Ray Data retries a task whose worker died; a chunk that kills its
worker :data:`~akhbar.scale.chunks.MAX_ATTEMPTS` times has its records rejected instead.

>>> import tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("پہلی خبر کا متن۔", encoding="utf-8")
>>> summary = run_serial([d / "a.txt"], d / "out")
>>> summary.records, summary.articles, sorted(p.name for p in (d / "out").iterdir())
(1, 1, ['_akhbar_manifest.json', 'part-00000000-00000000.parquet'])
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import shutil
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from akhbar.article import reason_kind
from akhbar.ingest.common import display_name
from akhbar.pipeline import IngestOptions, prepare_batch
from akhbar.scale import require
from akhbar.scale.chunks import (
    ATTEMPTS_DIR,
    MAX_ATTEMPTS,
    ChunkResult,
    Stage,
    crashed,
    prepare_fingerprint,
    process_chunk,
    record_attempt,
)
from akhbar.scale.schema import SCHEMA_VERSION, part_name
from akhbar.scale.shards import (
    Chunk,
    Plan,
    Shard,
    filesystem,
    is_url,
    plan_inputs,
    read_chunks,
)

__all__ = [
    "MANIFEST",
    "PipelineError",
    "PipelineSummary",
    "run_ray",
    "run_serial",
]

#: The file a finished run writes last; the bulk load refuses a directory without it.
MANIFEST = "_akhbar_manifest.json"
#: A read task takes consecutive input files up to this many bytes or files (a bigger file alone).
SHARD_BYTES = 32 << 20
SHARD_FILES = 256
#: How many rejections a summary lists one by one (all are counted, and all are in the files).
MAX_LISTED = 1000

log = logging.getLogger(__name__)


class PipelineError(RuntimeError):
    """The pipeline could not finish; the directory has no manifest and will not be loaded."""


@dataclass
class PipelineSummary:
    """What a pipeline run wrote: counts, rejections (the first :data:`MAX_LISTED` with their
    ref), skips by reason, and the time taken."""

    engine: str
    out_dir: str
    files: int = 0
    shards: int = 0
    chunks: int = 0
    records: int = 0
    articles: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    rejections: list[tuple[str, str]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Records per second."""
        return self.records / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "engine": self.engine,
            "parquet": self.out_dir,
            "files": self.files,
            "shards": self.shards,
            "chunks": self.chunks,
            "records": self.records,
            "articles": self.articles,
            "rejected": sum(self.rejected.values()),
            "rejected_by_reason": dict(self.rejected.most_common()),
            "rejections": [list(r) for r in self.rejections],
            "skipped": dict(self.skipped.most_common()),
            "seconds": round(self.seconds, 3),
            "records_per_second": round(self.rate, 1),
        }


def _local_dir(out_dir: str | os.PathLike[str]) -> str:
    """Output as workers see it: URLs as given, local paths absolute."""
    s = os.fspath(out_dir)
    return s if is_url(s) else os.path.abspath(s)


def _clean(out_dir: str, *, manifest: bool) -> None:
    """Drop the attempt counters (and an old manifest: its run's files are about to change)."""
    if is_url(out_dir):
        fs, root = filesystem(out_dir)
        root = root.rstrip("/")
        if manifest and fs.exists(f"{root}/{MANIFEST}"):
            fs.rm(f"{root}/{MANIFEST}")
        if fs.exists(f"{root}/{ATTEMPTS_DIR}"):
            fs.rm(f"{root}/{ATTEMPTS_DIR}", recursive=True)
        return
    os.makedirs(out_dir, exist_ok=True)
    if manifest:
        with contextlib.suppress(FileNotFoundError):
            os.remove(os.path.join(out_dir, MANIFEST))
    shutil.rmtree(os.path.join(out_dir, ATTEMPTS_DIR), ignore_errors=True)


def _write_manifest(out_dir: str, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if is_url(out_dir):
        fs, root = filesystem(out_dir)
        with fs.open(f"{root.rstrip('/')}/{MANIFEST}", "w", encoding="utf-8") as f:
            f.write(text)
        return
    tmp = os.path.join(out_dir, f".{MANIFEST}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, os.path.join(out_dir, MANIFEST))


def _finish(
    engine: str,
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: str,
    opts: IngestOptions,
    plan: Plan,
    shards: list[Shard],
    results: list[ChunkResult],
    started: float,
) -> PipelineSummary:
    """Check that every chunk of every shard came back once, write the manifest, summarize."""
    by_key: dict[tuple[int, int], ChunkResult] = {}
    for r in results:
        by_key.setdefault((r.shard, r.chunk), r)  # a retried chunk wrote the same file
    per_shard: dict[int, list[ChunkResult]] = {}
    for key in sorted(by_key):
        per_shard.setdefault(key[0], []).append(by_key[key])
    entries = []
    summary = PipelineSummary(engine, out_dir, files=len(plan.files), shards=len(shards))
    summary.skipped.update(plan.skipped)
    for shard in shards:
        got = per_shard.get(shard.index, [])
        n = next((r.chunk + 1 for r in got if r.last), None)
        if n is None or [r.chunk for r in got] != list(range(n)):
            raise PipelineError(
                f"shard {shard.index} ({shard.ref}): chunks {[r.chunk for r in got]} came back, "
                f"{'no last chunk' if n is None else f'expected 0..{n - 1}'}"
            )
        rows = 0
        for r in got:
            if r.start != rows:
                raise PipelineError(f"shard {shard.index} chunk {r.chunk}: starts at {r.start}")
            rows += r.rows
            summary.articles += r.articles
            summary.skipped.update(r.skipped)
            for ref, reason in r.rejections:
                summary.rejected[reason_kind(reason)] += 1  # as the local engine counts
                if len(summary.rejections) < MAX_LISTED:
                    summary.rejections.append((ref, reason))
        summary.chunks += n
        summary.records += rows
        entries.append(
            {
                "shard": shard.index,
                "files": [display_name(f.ref) for f in shard.files],  # (JSON: names escaped)
                "chunks": n,
                "rows": rows,
                "parts": [part_name(shard.index, c) for c in range(n)],
            }
        )
    _write_manifest(
        out_dir,
        {
            "schema_version": SCHEMA_VERSION,
            "engine": engine,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "inputs": [display_name(os.fsdecode(p)) for p in inputs],
            "options": {
                "source": opts.source,
                "format": opts.fmt,
                "map": opts.column_map or {},
                "encoding": opts.encoding,
                "timezone": str(opts.settings.default_tz),
                "chunk_size": opts.batch_size,
            },
            "prepare": prepare_fingerprint(opts.prepare),
            "records": summary.records,
            "articles": summary.articles,
            "skipped": dict(summary.skipped),
            "shards": entries,
        },
    )
    _clean(out_dir, manifest=False)
    summary.seconds = time.perf_counter() - started
    return summary


def _check_options(opts: IngestOptions) -> None:
    """Bad options fail here, in the driver, not as a rejection of every file on the workers."""
    from akhbar.ingest import read_any

    read_any([], fmt=opts.fmt, column_map=opts.column_map, encoding=opts.encoding)
    if opts.batch_size < 1:
        raise ValueError(f"batch size must be >= 1, got {opts.batch_size}")


def run_serial(
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    options: IngestOptions | None = None,
    *,
    stage: Stage = prepare_batch,
    shard_bytes: int = SHARD_BYTES,
    shard_files: int = SHARD_FILES,
    exclude: Sequence[str | os.PathLike[str]] = (),
) -> PipelineSummary:
    """Run the pipeline in this process (same files as :func:`run_ray`; no Ray needed)."""
    started = time.perf_counter()
    opts = options or IngestOptions()
    _check_options(opts)
    out = _local_dir(out_dir)
    _clean(out, manifest=True)
    plan = plan_inputs(inputs, exclude=exclude, output=out)
    shards = plan.shards(shard_bytes, shard_files)
    results = [
        process_chunk(c, out, opts.prepare, stage)
        for s in shards
        for c in read_chunks(s, opts, size=opts.batch_size)
    ]
    return _finish("serial", inputs, out, opts, plan, shards, results, started)


# ---- Ray ------------------------------------------------------------------------------------
# Rows between the steps carry pickled objects in a binary column: in flight only, never stored.


def _read_rows(row: dict[str, Any], *, options: IngestOptions) -> Iterator[dict[str, Any]]:
    shard: Shard = pickle.loads(row["shard"])
    for c in read_chunks(shard, options, size=options.batch_size):
        yield {"shard": c.shard, "chunk": c.chunk, "payload": pickle.dumps(c)}


def _analyze_row(
    row: dict[str, Any], *, out_dir: str, options: IngestOptions, stage: Stage
) -> dict[str, Any]:
    chunk: Chunk = pickle.loads(row["payload"])
    attempt = record_attempt(out_dir, chunk.shard, chunk.chunk)
    if attempt > MAX_ATTEMPTS:
        chunk = crashed(chunk, attempt - 1)
    result = process_chunk(chunk, out_dir, options.prepare, stage)
    return {"result": json.dumps(asdict(result), ensure_ascii=False)}


def _connect(address: str | None, workers: int | None) -> bool:
    """Connect to (or start) Ray; True if this call started it (and should shut it down)."""
    import ray

    if ray.is_initialized():
        return False
    kwargs: dict[str, Any] = {
        "include_dashboard": False,
        "logging_level": logging.WARNING,
        "log_to_driver": False,
    }
    if address:
        ray.init(address=address, **kwargs)
    else:
        ray.init(num_cpus=workers, **kwargs)
    return True


def run_ray(
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    options: IngestOptions | None = None,
    *,
    address: str | None = None,
    workers: int | None = None,
    stage: Stage = prepare_batch,
    progress: bool = False,
    shard_bytes: int = SHARD_BYTES,
    shard_files: int = SHARD_FILES,
    exclude: Sequence[str | os.PathLike[str]] = (),
) -> PipelineSummary:
    """Run the pipeline on Ray Data and write the Parquet shards and manifest to ``out_dir``.

    Uses the running Ray if there is one, else connects to ``address`` (``auto``,
    ``ray://host:10001``), else starts a local Ray with ``workers`` CPUs (default: all) and
    stops it afterwards.  On a running Ray, ``workers`` caps the
    analysis tasks running at once.  ``out_dir`` and the inputs must be reachable from every
    worker (local paths on one machine or a shared disk; else fsspec URLs such as ``s3://``).
    Consecutive input files are read by one task up to ``shard_bytes`` / ``shard_files``;
    ``options.batch_size`` records make a chunk (one analysis task, one Parquet file).
    ``exclude``: local files and folders not read (the store the output is loaded into:
    :func:`akhbar.pipeline.local.store_files`), as the local engine skips them; ``out_dir``
    itself is never read (an earlier run's Parquet files there, inside an input folder).
    """
    require("ray", "ray.data", "pyarrow", "fsspec")
    import ray

    started = time.perf_counter()
    opts = options or IngestOptions()
    _check_options(opts)
    out = _local_dir(out_dir)
    _clean(out, manifest=True)
    plan = plan_inputs(inputs, exclude=exclude, output=out)
    shards = plan.shards(shard_bytes, shard_files)
    was_running = ray.is_initialized()
    owner = _connect(address, workers)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = progress
        logging.getLogger("ray.data").setLevel(logging.INFO if progress else logging.WARNING)
        # Ray Data warns that the bars are off when we turn them off on purpose.
        logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)
        results: list[ChunkResult] = []
        if shards:
            items = [{"shard": pickle.dumps(s)} for s in shards]
            ds: Any = ray.data.from_items(items, override_num_blocks=len(items))
            cpus = int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]
            ds = ds.flat_map(
                partial(_read_rows, options=opts),
                num_cpus=0,
                compute=ray.data.TaskPoolStrategy(size=max(1, min(cpus, len(shards)))),
            )
            ds = ds.repartition(target_num_rows_per_block=1)
            ds = ds.map(
                partial(_analyze_row, out_dir=out, options=opts, stage=stage),
                num_cpus=1,
                compute=ray.data.TaskPoolStrategy(size=workers if was_running else None),
            )
            try:
                rows = ds.take_all()
            except Exception as e:  # a task failed for good: say which, keep nothing half-done
                raise PipelineError(f"the Ray pipeline failed: {type(e).__name__}: {e}") from e
            results = [ChunkResult(**json.loads(r["result"])) for r in rows]
            for r in results:  # JSON turned the pairs into lists
                object.__setattr__(r, "rejections", [tuple(x) for x in r.rejections])
    finally:
        if owner:
            ray.shutdown()
    return _finish("ray", inputs, out, opts, plan, shards, results, started)
