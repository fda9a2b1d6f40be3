"""The analysis step of the scale-out pipeline: one chunk of records → one Parquet file.

:func:`process_chunk` runs the processing stage (by default the local engine's
:func:`~akhbar.pipeline.prepare_batch`) over a :class:`~akhbar.scale.shards.Chunk`, turns the
result into rows of :data:`~akhbar.scale.schema.ARROW_SCHEMA` and writes them to the chunk's
own file name (:func:`~akhbar.scale.schema.part_name`).  The name depends only on the chunk's
place in the input, and the file appears whole or not at all (written under a temporary name,
then renamed; object stores make a PUT visible atomically), so a task that is retried after its
worker died rewrites the same file with the same content: nothing is lost or doubled.

If the stage raises on a chunk, each of its records is analyzed alone and only the records that
still fail are rejected (``analysis failed: …``), so one poisonous record costs one record.
A chunk whose analysis kills its worker process (a crash, the OOM killer) is retried by the
executor; :func:`record_attempt` counts the attempts in the output directory, and after
:data:`MAX_ATTEMPTS` the executor rejects the chunk's records (:func:`crashed`) instead of
trying forever, so the rest of the run completes.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pyarrow.parquet as pq

from akhbar.article import Article, Rejected
from akhbar.pipeline import PrepareConfig, prepare_batch
from akhbar.scale.schema import ChunkMeta, part_name, to_row, to_table
from akhbar.scale.shards import Chunk, filesystem
from akhbar.store import StoreItem
from akhbar.text.version import ANALYSIS_VERSION

__all__ = [
    "ATTEMPTS_DIR",
    "MAX_ATTEMPTS",
    "ChunkResult",
    "Stage",
    "crashed",
    "prepare_fingerprint",
    "process_chunk",
    "record_attempt",
    "write_table",
]

#: Attempts at a chunk (its worker died during the others) before its records are rejected.
MAX_ATTEMPTS = 3
#: Where attempts are counted, inside the output directory (removed when the run finishes).
ATTEMPTS_DIR = "_attempts"

#: The processing stage's signature (``prepare_batch``'s).
Stage = Callable[[Sequence[Article | Rejected], PrepareConfig], list[StoreItem | Rejected]]


def prepare_fingerprint(config: PrepareConfig) -> dict[str, Any]:
    """The settings a chunk's rows were computed with (kept in each file's metadata), and the
    analysis version that computed them.

    >>> prepare_fingerprint(PrepareConfig())["dedup"]
    'minhash-v1:ngram=3:perm=128:seed=1:bands=14x9'
    """
    return {
        "analysis": ANALYSIS_VERSION,
        "dedup": config.dedup.fingerprint(),
        "threshold": config.dedup.threshold,
        "entities": config.entities,
        "min_terms": config.min_terms,
        "min_paragraph_terms": config.min_paragraph_terms,
        "min_paragraphs": config.min_paragraphs,
    }


@dataclass(frozen=True, kw_only=True)
class ChunkResult:
    """What one chunk produced: its file, row counts, rejections ``(ref, reason)`` and skips."""

    shard: int
    chunk: int
    start: int
    last: bool
    file: str
    rows: int
    articles: int
    rejections: list[tuple[str, str]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _analyze(
    records: Sequence[Article | Rejected], config: PrepareConfig, stage: Stage
) -> list[StoreItem | Rejected]:
    try:
        out = stage(records, config)
        if len(out) == len(records):
            return out
        failure = f"stage returned {len(out)} items for {len(records)} records"
    except Exception as e:
        failure = f"{type(e).__name__}: {e}"
    if len(records) == 1:
        r = records[0]
        ref = r.ref if isinstance(r, Rejected) else (r.raw_ref or r.id)
        return [Rejected(ref, f"analysis failed: {failure}")]
    return [item for r in records for item in _analyze([r], config, stage)]


def _join(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}"


def record_attempt(out_dir: str, shard: int, chunk: int) -> int:
    """Count one more attempt at a chunk (a marker file each); returns this attempt's number.

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> record_attempt(d, 0, 5), record_attempt(d, 0, 5), record_attempt(d, 1, 5)
    (1, 2, 1)
    """
    stem = f"{shard:08d}-{chunk:08d}"
    if "://" not in out_dir:
        d = os.path.join(out_dir, ATTEMPTS_DIR)
        os.makedirs(d, exist_ok=True)
        n = 1
        while True:
            try:
                os.close(os.open(os.path.join(d, f"{stem}.{n}"), os.O_CREAT | os.O_EXCL))
                return n
            except FileExistsError:
                n += 1
    fs, root = filesystem(out_dir)
    base = _join(_join(str(root), ATTEMPTS_DIR), stem)
    n = 1
    while fs.exists(f"{base}.{n}"):
        n += 1
    fs.touch(f"{base}.{n}")
    return n


def crashed(chunk: Chunk, attempts: int) -> Chunk:
    """``chunk`` with every record rejected: its analysis killed the worker ``attempts`` times."""
    reason = (
        f"analysis crashed its worker {attempts} times (shard {chunk.shard} chunk {chunk.chunk})"
    )
    records: list[Article | Rejected] = [
        r if isinstance(r, Rejected) else Rejected(r.raw_ref or r.id, reason) for r in chunk.records
    ]
    return replace(chunk, records=records)


def write_table(table: Any, directory: str, name: str) -> str:
    """Write ``table`` to ``directory/name`` so that it appears whole or not at all.

    ``directory`` is a local path or an fsspec URL; returns the final path or URL.
    """
    if "://" not in directory:
        os.makedirs(directory, exist_ok=True)
        final = os.path.join(directory, name)
        tmp = os.path.join(directory, f".{name}.{uuid.uuid4().hex}.tmp")
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, final)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
        return final
    fs, root = filesystem(directory)
    path = _join(str(root), name)
    # An object store makes a PUT visible only when complete: no rename needed (nor possible).
    with fs.open(path, "wb") as f:
        pq.write_table(table, f)
    return _join(directory, name)


def process_chunk(
    chunk: Chunk,
    out_dir: str,
    config: PrepareConfig | None = None,
    stage: Stage = prepare_batch,
) -> ChunkResult:
    """Analyze ``chunk`` with ``stage`` and write its Parquet file into ``out_dir``."""
    started = time.perf_counter()
    cfg = config or PrepareConfig()
    items = _analyze(chunk.records, cfg, stage) if chunk.records else []
    rows = [to_row(chunk.shard, chunk.start + i, chunk.inputs[i], it) for i, it in enumerate(items)]
    meta = ChunkMeta(
        shard=chunk.shard,
        chunk=chunk.chunk,
        start=chunk.start,
        rows=len(rows),
        last=chunk.last,
        prepare=prepare_fingerprint(cfg),
        skipped=dict(chunk.skipped),
    )
    path = write_table(to_table(rows, meta), out_dir, part_name(chunk.shard, chunk.chunk))
    return ChunkResult(
        shard=chunk.shard,
        chunk=chunk.chunk,
        start=chunk.start,
        last=chunk.last,
        file=path,
        rows=len(rows),
        articles=sum(r["status"] == "article" for r in rows),
        rejections=[(r["ref"], r["reason"]) for r in rows if r["status"] == "rejected"],
        skipped=dict(chunk.skipped),
        seconds=time.perf_counter() - started,
    )
