"""Input planning and shard reading: files, folders and fsspec URLs → shards → chunks of records.

:func:`plan_inputs` lists the input files in exactly the order the local engine reads them
(arguments in order, folders walked in sorted name order, hidden files and OS junk skipped and
counted).  A folder that cannot be listed becomes an input holding only its rejection, so every
problem is reported in its place.  :meth:`Plan.shards` groups consecutive files into
:class:`Shard` s (one task each), so a folder of a thousand one-article files is not a thousand
tasks.

:func:`read_chunks` reads one shard with the local engine's reader
(:func:`akhbar.ingest.read_any`) and cuts its records into :class:`Chunk` s of ``size``
consecutive records: a record's position in its shard never depends on the executor.  A URL
(``s3://…``, ``gs://…``, ``file://…``: anything fsspec opens) is first copied to a local
temporary file, read there, and its refs are rewritten to name the URL.  A file whose reading
fails with an exception (a vanished object, a network error) ends with a rejection naming it;
the records already read from it and the other files of the shard are kept.

>>> import tempfile
>>> from pathlib import Path
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "b.txt").write_text("دوسری خبر۔", encoding="utf-8")
>>> _ = (d / "a.txt").write_text("پہلی خبر۔", encoding="utf-8")
>>> _ = (d / ".hidden.txt").write_text("x", encoding="utf-8")
>>> plan = plan_inputs([d])
>>> [Path(f.ref).name for f in plan.files], dict(plan.skipped)
(['a.txt', 'b.txt'], {'hidden file': 1})
>>> [(c.chunk, len(c.records), c.last) for c in read_chunks(plan.shards()[0], size=1)]
[(0, 1, False), (1, 1, True)]
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from akhbar.article import Article, Rejected
from akhbar.ingest.archive import junk_reason
from akhbar.ingest.common import Skips, count_skip
from akhbar.ingest.walk import EXCLUDED, OUTSIDE_LINK, file_ids, links_outside
from akhbar.pipeline import IngestOptions

__all__ = [
    "OWN_OUTPUT",
    "Chunk",
    "InputFile",
    "Plan",
    "Shard",
    "filesystem",
    "is_url",
    "plan_inputs",
    "read_chunks",
]

#: Why the run's own output folder is not read (counted in ``PipelineSummary.skipped``).
OWN_OUTPUT = "the run's own Parquet output"


def is_url(path: str | os.PathLike[str]) -> bool:
    """True for an fsspec URL (``scheme://…``), False for a local path.

    >>> is_url("s3://bucket/news/"), is_url("file:///tmp/a.csv"), is_url("news/a.csv")
    (True, True, False)
    """
    return isinstance(path, str) and "://" in path


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file: ``ref`` is its path or URL, ``size`` its bytes (0 if unknown); ``error``
    marks an input that only reports a problem found while planning (an unlistable folder)."""

    ref: str
    url: bool = False
    size: int = 0
    error: str | None = None
    #: Where a worker reads a local file: the absolute path (a worker's working directory is
    #: not the driver's); refs keep naming ``ref`` as given, as the local engine's do.
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Shard:
    """Consecutive input files read by one task, at ``index`` in the run's plan."""

    index: int
    files: tuple[InputFile, ...]

    @property
    def ref(self) -> str:
        """A name for messages: the file, or the first and last of a group."""
        if len(self.files) == 1:
            return self.files[0].ref
        return f"{self.files[0].ref} … {self.files[-1].ref} ({len(self.files)} files)"


@dataclass
class Plan:
    """The input files of a run, in reading order, and what planning skipped on purpose."""

    files: list[InputFile] = field(default_factory=list)
    skipped: Skips = field(default_factory=Counter)

    def add(self, ref: str, *, url: bool = False, size: int = 0, error: str | None = None) -> None:
        """Append an input file."""
        path = None if url else os.path.abspath(ref)
        self.files.append(InputFile(ref, url, size, error, path))

    def shards(self, max_bytes: int = 32 << 20, max_files: int = 256) -> list[Shard]:
        """Group consecutive files into shards of at most ``max_bytes`` / ``max_files`` (a
        larger file is a shard of its own): many small files do not make many tiny tasks.

        >>> p = Plan()
        >>> for name, size in [("a", 10), ("b", 10), ("big", 100), ("c", 5)]:
        ...     p.add(name, size=size)
        >>> [[f.ref for f in s.files] for s in p.shards(max_bytes=30)]
        [['a', 'b'], ['big'], ['c']]
        """
        out: list[Shard] = []
        group: list[InputFile] = []
        total = 0
        for f in self.files:
            if group and (total + f.size > max_bytes or len(group) >= max_files):
                out.append(Shard(len(out), tuple(group)))
                group, total = [], 0
            group.append(f)
            total += f.size
        if group:
            out.append(Shard(len(out), tuple(group)))
        return out


@dataclass(frozen=True, slots=True)
class Chunk:
    """``records[i]`` is record ``start + i`` of shard ``shard``, read from input file
    ``inputs[i]``; ``last`` marks the shard's final chunk (a shard always has one, possibly
    empty); ``skipped`` counts what reading it skipped on purpose."""

    shard: int
    chunk: int
    start: int
    records: list[Article | Rejected]
    inputs: list[str]
    last: bool
    skipped: dict[str, int] = field(default_factory=dict)


def _walk_local(
    path: Path,
    plan: Plan,
    *,
    top: bool,
    exclude: Mapping[tuple[int, int], str],
    root: Path | None = None,
) -> None:
    """Mirror of the folder walk in :mod:`akhbar.ingest.walk` (same order, same skips);
    ``exclude``: the ids of files and folders not read, each with the reason counted;
    ``root``: the folder given, resolved (links out of it are not followed)."""
    name = str(path)
    if exclude:
        reason = next((exclude[i] for i in file_ids([path]) if i in exclude), None)
        if reason is not None:
            count_skip(plan.skipped, reason)
            return
    if not top and links_outside(path, root):
        count_skip(plan.skipped, OUTSIDE_LINK)
        return
    try:
        is_dir = path.is_dir()
    except OSError as e:
        plan.add(name, error=f"cannot read: {e.strerror or e}")
        return
    if not is_dir:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0  # the reader reports it
        plan.add(name, size=size)
        return
    if not top and path.is_symlink():
        count_skip(plan.skipped, "symlinked directory")
        return
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
        if top:
            root = path.resolve()
    except (OSError, RuntimeError) as e:
        plan.add(name, error=f"cannot list folder: {getattr(e, 'strerror', None) or e}")
        return
    for entry in entries:
        junk = junk_reason(entry.name)
        if junk:
            count_skip(plan.skipped, junk)
            continue
        _walk_local(path / entry.name, plan, top=False, exclude=exclude, root=root)


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec filesystem of ``url`` and the path within it."""
    import fsspec  # type: ignore[import-untyped]

    fs, path = fsspec.core.url_to_fs(url)
    return fs, str(path)


def _walk_url(url: str, plan: Plan) -> None:
    """An fsspec URL: a file is one input, a folder (prefix) is walked like a local folder."""
    try:
        fs, root = filesystem(url)
    except (ImportError, ValueError, OSError) as e:
        plan.add(url, url=True, error=f"cannot open URL: {type(e).__name__}: {e}")
        return
    _walk_fs(fs, root, url, plan)


def _walk_fs(fs: Any, path: str, url: str, plan: Plan) -> None:
    try:
        info = fs.info(path)
    except FileNotFoundError:
        plan.add(url, url=True, error="cannot read: No such file or directory")
        return
    except Exception as e:  # any backend error (auth, network) is this input's problem
        plan.add(url, url=True, error=f"cannot read: {type(e).__name__}: {e}")
        return
    if info.get("type") != "directory":
        plan.add(url, url=True, size=int(info.get("size") or 0))
        return
    try:
        children = [str(p) for p in fs.ls(path, detail=False)]
    except Exception as e:
        plan.add(url, url=True, error=f"cannot list folder: {type(e).__name__}: {e}")
        return
    entries = sorted((c.rstrip("/").rsplit("/", 1)[-1], c) for c in children)
    for name, child in entries:
        if not name or child.rstrip("/") == path.rstrip("/"):
            continue
        junk = junk_reason(name)
        if junk:
            count_skip(plan.skipped, junk)
            continue
        _walk_fs(fs, child, str(fs.unstrip_protocol(child)), plan)


def plan_inputs(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    exclude: Sequence[str | os.PathLike[str]] = (),
    output: str | os.PathLike[str] | None = None,
) -> Plan:
    """The input files of ``inputs`` (paths or fsspec URLs), in the local engine's order;
    ``exclude``: local files and folders never read, by any path or link (the store the run
    loads into, and its index, when a folder holding them is read), counted as skipped;
    ``output``: the run's own Parquet folder, never read either (an earlier run's files in a
    ``--parquet-dir`` inside the input folder are output, not input), counted as
    :data:`OWN_OUTPUT`.
    """
    plan = Plan()
    excluded = dict.fromkeys(file_ids(Path(p) for p in exclude), EXCLUDED)
    if output is not None and not is_url(output):
        excluded.update(dict.fromkeys(file_ids([Path(output)]), OWN_OUTPUT))
    for item in inputs:
        if is_url(item):
            _walk_url(str(item), plan)
        else:
            _walk_local(Path(item), plan, top=True, exclude=excluded)
    return plan


def _rewrite(record: Article | Rejected, local: str, url: str) -> Article | Rejected:
    """Refs of a file read under another name (a URL's local copy, a relative path's absolute
    form): name the input as given."""

    def fix(ref: str | None) -> str | None:
        if ref is not None and ref.startswith(local):
            return url + ref[len(local) :]
        return ref

    if isinstance(record, Rejected):
        return Rejected(fix(record.ref) or url, record.reason.replace(local, url))
    return replace(record, raw_ref=fix(record.raw_ref))


def _read_file(f: InputFile, options: IngestOptions, skips: Skips) -> Iterator[Article | Rejected]:
    from akhbar.ingest import read_any

    def read(path: str) -> Iterator[Article | Rejected]:
        return read_any(
            [Path(path)],
            fmt=options.fmt,
            source=options.source,
            column_map=options.column_map,
            encoding=options.encoding,
            settings=options.settings,
            skips=skips,
        )

    if f.error is not None:
        yield Rejected(f.ref, f.error)
        return
    if not f.url:
        path = f.path or f.ref
        for record in read(path):
            yield record if path == f.ref else _rewrite(record, path, f.ref)
        return
    fs, path = filesystem(f.ref)
    tmp = tempfile.mkdtemp(prefix="akhbar-shard-")
    try:
        # Keep the file's own name: the reader sniffs the format from its extension.
        name = path.rstrip("/").rsplit("/", 1)[-1] or "input"
        local = os.path.join(tmp, name)
        with fs.open(path, "rb") as src, open(local, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        for record in read(local):
            yield _rewrite(record, local, f.ref)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _guarded(
    f: InputFile, options: IngestOptions, skips: Skips
) -> Iterator[tuple[Article | Rejected, str]]:
    """Readers never raise on bad input; anything else (I/O, network) ends the file with a
    rejection naming it, after the records already read from it."""
    try:
        for record in _read_file(f, options, skips):
            yield record, f.ref
    except Exception as e:
        yield Rejected(f.ref, f"cannot read: {type(e).__name__}: {e}"), f.ref


def read_chunks(
    shard: Shard, options: IngestOptions | None = None, *, size: int = 256
) -> Iterator[Chunk]:
    """Read ``shard`` and yield its records in chunks of ``size`` (the last one flagged)."""
    if size < 1:
        raise ValueError(f"chunk size must be >= 1, got {size}")
    opts = options or IngestOptions()
    skips: Skips = Counter()
    records = (pair for f in shard.files for pair in _guarded(f, opts, skips))
    pending: list[tuple[Article | Rejected, str]] | None = None
    index = start = 0

    def chunk(pairs: list[tuple[Article | Rejected, str]], last: bool) -> Chunk:
        out = Chunk(
            shard.index,
            index,
            start,
            [r for r, _ in pairs],
            [ref for _, ref in pairs],
            last,
            dict(skips),
        )
        skips.clear()
        return out

    while batch := list(islice(records, size)):
        if pending is not None:
            yield chunk(pending, False)
            index, start = index + 1, start + len(pending)
        pending = batch
    yield chunk(pending or [], True)
