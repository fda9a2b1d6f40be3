"""``read_any``: one entry point for files, folders and archives of any supported format.

The format of each file is sniffed from its extension, then from its content (magic bytes for
containers and WARC, the decoded start for HTML/JSON/CSV, plain text otherwise).  Folders are
walked recursively in sorted order (hidden files and OS junk skipped); zip/tar archives and
single gzip/bzip2/xz files are opened in memory, nested ones up to ``settings.max_depth``.  A
forced ``fmt`` applies to the files themselves; folders and archives are still walked.

Refs name the file as given (``news/seed/a.txt``), an archive member after ``!``
(``dump.zip!2024/a.txt``), a row/line after ``:`` and a WARC record after ``#``.
"""

from __future__ import annotations

import codecs
import csv
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from akhbar.article import Article, Rejected
from akhbar.ingest.archive import Budget, Member, decompress_single, iter_tar, iter_zip, junk_reason
from akhbar.ingest.common import (
    STRIP_CHARS,
    Skips,
    count_skip,
    decode_or_reject,
    display_name,
    read_bounded,
)
from akhbar.ingest.settings import DEFAULT_SETTINGS, IngestSettings
from akhbar.ingest.tabular import (
    check_column_map,
    read_csv_text,
    read_json_bytes,
    read_jsonl_text,
    read_parquet_bytes,
    resolve_columns,
)
from akhbar.ingest.text import parse_text_article

__all__ = [
    "EXCLUDED",
    "FORMATS",
    "OUTSIDE_LINK",
    "Format",
    "file_ids",
    "links_outside",
    "read_any",
    "sniff_format",
]

Format = Literal["auto", "text", "csv", "jsonl", "json", "parquet", "html", "warc", "zip", "tar"]
#: Values accepted for ``fmt``.
FORMATS: tuple[str, ...] = (
    "auto",
    "text",
    "csv",
    "jsonl",
    "json",
    "parquet",
    "html",
    "warc",
    "zip",
    "tar",
)

_EXTENSIONS: tuple[tuple[str, str], ...] = (
    # Longest suffixes first: ".warc.gz" before ".gz", ".tar.gz" before ".gz".
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".tar.gz", "tar"),
    (".tar.bz2", "tar"),
    (".tar.xz", "tar"),
    (".tgz", "tar"),
    (".tbz", "tar"),
    (".tbz2", "tar"),
    (".txz", "tar"),
    (".tar", "tar"),
    (".zip", "zip"),
    (".gz", "gzip"),
    (".bz2", "bzip2"),
    (".xz", "xz"),
    (".csv", "csv"),
    (".tsv", "csv"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".jsonlines", "jsonl"),
    (".json", "json"),
    (".parquet", "parquet"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".shtml", "html"),
    (".txt", "text"),
    (".text", "text"),
    (".md", "text"),
)
# Known formats that are not news text (some are zips inside: never open them as archives).
_UNSUPPORTED = frozenset(
    [
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "epub",
        "jar",
        "apk",
        "exe",
        "dll",
        "so",
        "pyc",
        "class",
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "bmp",
        "tif",
        "tiff",
        "ico",
        "svg",
        "mp3",
        "mp4",
        "m4a",
        "wav",
        "ogg",
        "avi",
        "mkv",
        "mov",
        "webm",
        "woff",
        "woff2",
        "ttf",
        "otf",
        "7z",
        "rar",
        "zst",
        "zstd",
        "lz4",
        "sqlite",
        "db",
        "parquet",
        "pkl",
    ]
)
_CONTAINERS = frozenset({"zip", "tar", "gzip", "bzip2", "xz", "warc"})


def _by_extension(name: str) -> str | None:
    low = name.lower()
    for suffix, fmt in _EXTENSIONS:
        if low.endswith(suffix):
            return fmt
    if os.path.splitext(low)[1].removeprefix(".") in _UNSUPPORTED:
        return "unsupported"
    return None


_OTHER_COMPRESSION = (
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!\x1a\x07", "RAR"),
)


def _other_compression(head: bytes) -> str | None:
    """The compression that ``head`` starts with among those akhbar does not read, or None."""
    return next((kind for magic, kind in _OTHER_COMPRESSION if head.startswith(magic)), None)


def _unsupported(name: str, head: bytes) -> str:
    """Why a file of an unsupported type is rejected.

    >>> _unsupported("crawl.warc.zst", b"\\x28\\xb5\\x2f\\xfd...")
    'unsupported file type .zst (zstd-compressed: decompress it first)'
    >>> _unsupported("a.PDF", b"%PDF")
    'unsupported file type .pdf'
    """
    kind = _other_compression(head)
    what = f"unsupported file type {os.path.splitext(name)[1].lower()}".rstrip()
    return what + (f" ({kind}-compressed: decompress it first)" if kind else "")


def _by_magic(head: bytes) -> str | None:
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh"):
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"PAR1"):
        return "parquet"
    if _other_compression(head):
        return "unsupported"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    return None


_FEED_ROOTS = ("<rss", "<feed", "<rdf:rdf")


def _by_text(text: str, name: str) -> str:
    start = text[:2048].lstrip(STRIP_CHARS)
    low = start[:1024].lower()
    if low.startswith(("<?xml", *_FEED_ROOTS)) and any(t in low for t in _FEED_ROOTS):
        return "feed"  # (its <pubDate>s and <description>s look like HTML)
    if low.startswith("<") and any(
        t in low for t in ("<html", "<!doctype html", "<head", "<body", "<article", "<p", "<div")
    ):
        return "html"
    if start.startswith("{"):
        return "jsonl"
    if start.startswith("["):
        return "json"
    first_line = start.split("\n", 1)[0]
    if any(d in first_line for d in ",\t;|") and len(first_line) < 2000:
        try:
            header = next(csv.reader([first_line], delimiter=_delim(first_line)))
            cols = resolve_columns(header)
        except (csv.Error, StopIteration, ValueError):
            cols = {}
        if ("text" in cols or "summary" in cols) and len(cols) >= 2:
            return "csv"
    return "text"


def _delim(line: str) -> str:
    counts = {d: line.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=lambda d: counts[d])


def sniff_format(name: str, head: bytes) -> str:
    """The format of a file from its name, else its first bytes (``head``, 512+ bytes ideally).

    Returns one of ``text csv jsonl json html warc zip tar gzip bzip2 xz unsupported``, or
    ``auto`` for text of unknown kind, decided once decoded (HTML, JSON, CSV header, else text).
    ``gzip`` etc. mean a single compressed file whose content is sniffed after decompression.

    >>> sniff_format("feed.CSV", b""), sniff_format("crawl.warc.gz", b"")
    ('csv', 'warc')
    >>> sniff_format("x", b"PK\\x03\\x04")
    'zip'
    >>> sniff_format("photo.jpg", b"\\xff\\xd8"), sniff_format("notes", "متن".encode())
    ('unsupported', 'auto')
    >>> sniff_format("feed.csv", b"\\x1f\\x8b\\x08"), sniff_format("crawl.warc.gz", b"\\x1f\\x8b")
    ('gzip', 'warc')
    """
    ext = _by_extension(name)
    magic = _by_magic(head)
    # The bytes say compressed or archive but the name says otherwise: a .csv or .json saved
    # gzipped (an HTTP download kept raw), a .zip that is really a .tar.gz.  A crawl or tar
    # compressed as a whole keeps its name (.warc.gz and .tgz are streamed).
    whole = ext in ("warc", "tar") and magic in ("gzip", "bzip2", "xz")
    if magic in _COMPRESSED_OR_ARCHIVE and ext not in (None, "unsupported", magic) and not whole:
        return magic
    return ext or magic or "auto"


_COMPRESSED_OR_ARCHIVE = frozenset({"gzip", "bzip2", "xz", "zip"})


@dataclass(frozen=True, slots=True)
class _Opts:
    fmt: str
    source: str | None
    column_map: Mapping[str, str] | None
    encoding: str | None
    settings: IngestSettings
    skips: Skips | None
    exclude: frozenset[tuple[int, int]] = frozenset()  # (st_dev, st_ino) of files not to read


def _read_leaf(name: str, data: bytes, fmt: str, o: _Opts) -> Iterator[Article | Rejected]:
    """A non-container file's bytes in a known (or text-sniffed) format."""
    if len(data) > o.settings.max_file_bytes:
        yield Rejected(
            name, f"file too large ({len(data)} bytes > limit {o.settings.max_file_bytes})"
        )
        return
    if fmt == "json":
        yield from read_json_bytes(
            data, name=name, source=o.source, column_map=o.column_map, encoding=o.encoding,
            settings=o.settings, skips=o.skips,
        )  # fmt: skip
        return
    if fmt == "parquet":
        yield from read_parquet_bytes(
            data, name=name, source=o.source, column_map=o.column_map, settings=o.settings
        )
        return
    text = decode_or_reject(data, name=name, encoding=o.encoding, stray_bytes=fmt in _ROWS)
    if isinstance(text, Rejected) and fmt in ("auto", "text") and o.fmt == "auto":
        # Not text as a whole; if it is rows, a few bad bytes cost only the rows holding them.
        rows = decode_or_reject(data, name=name, encoding=o.encoding, stray_bytes=True)
        if not isinstance(rows, Rejected) and _by_text(rows, name) in (*_ROWS, "json"):
            text = rows
    if isinstance(text, Rejected):
        yield text
        return
    content = _by_text(text, name)  # (what the text is, whatever the name says)
    if o.fmt == "auto" and fmt in ("auto", "text", "html") and content == "feed":
        yield Rejected(
            name,
            "an RSS/Atom feed: not a format akhbar reads (read the pages it links to, as HTML "
            "files or a WARC crawl, or its items as JSONL/CSV)",
        )
        return
    if fmt == "text" and o.fmt == "auto" and content in ("csv", "html"):
        # A .txt that is a table with a known header (Excel's "Unicode Text" export is a UTF-16
        # TSV named .txt) or a saved web page: read as what it is, not as one article of
        # header lines or markup.  (A .txt that starts with '{' or '[' stays text.)
        fmt = content
    elif o.fmt == "auto" and _misnamed(fmt, text):
        # A name that says otherwise than the content: a .html of plain text (trafilatura finds
        # 'no article text' in it), a .csv of JSON Lines: read by what the content is.
        fmt = "auto"
    if fmt == "auto":
        fmt = content
        if fmt == "json":
            yield from read_json_bytes(
                data, name=name, source=o.source, column_map=o.column_map, encoding=o.encoding,
                settings=o.settings, skips=o.skips,
            )  # fmt: skip
            return
    if fmt == "csv":
        yield from read_csv_text(
            text, name=name, source=o.source, column_map=o.column_map, settings=o.settings,
            skips=o.skips,
        )  # fmt: skip
    elif fmt == "jsonl":
        yield from read_jsonl_text(
            text, name=name, source=o.source, column_map=o.column_map, settings=o.settings,
            skips=o.skips,
        )  # fmt: skip
    elif fmt == "html":
        from akhbar.ingest.html import parse_html  # trafilatura: only when HTML is read

        yield parse_html(text, ref=name, source=o.source, settings=o.settings)
    else:
        yield parse_text_article(text, ref=name, source=o.source, settings=o.settings)


#: Formats read row by row (:func:`akhbar.ingest.decode.decode`'s ``stray_bytes``).
_ROWS = ("csv", "jsonl")


def _misnamed(fmt: str, text: str) -> bool:
    """True when a file's extension (``fmt``) is plainly wrong for its decoded ``text``: an
    HTML file without a single tag at its start, a CSV file that starts as JSON does.

    >>> _misnamed("html", "سرخی\\nمتن۔"), _misnamed("html", "<p>متن</p>")
    (True, False)
    >>> _misnamed("csv", '{"id": 1, "text": "متن"}'), _misnamed("csv", "id,text\\n1,متن")
    (True, False)
    """
    head = text[:4096].lstrip(STRIP_CHARS)
    if fmt == "html":
        return bool(head) and "<" not in head
    if fmt == "csv":
        return head.startswith(("{", "["))
    return False


def _leaf_fmt(sniffed: str, o: _Opts) -> str:
    """Forced formats apply to leaves; containers are always opened by what they are."""
    if o.fmt == "auto" or sniffed in _CONTAINERS or o.fmt in _CONTAINERS:
        return sniffed
    return o.fmt


def _read_blob(
    name: str, data: bytes, o: _Opts, *, depth: int, budget: Budget | None, forced: str | None
) -> Iterator[Article | Rejected]:
    """Bytes in memory (a member or a small file): sniff, then read or open as a container."""
    sniffed = forced or sniff_format(name, data[:512])
    if sniffed == "unsupported":
        yield Rejected(name, _unsupported(name, data[:512]))
        return
    if sniffed in _CONTAINERS:
        yield from _read_container(name, data, sniffed, o, depth=depth, budget=budget)
        return
    yield from _read_leaf(name, data, _leaf_fmt(sniffed, o), o)


_SINGLE = ("gzip", "bzip2", "xz")  # one compressed file (not an archive)


def _inner_name(name: str, kind: str) -> str:
    low = name.lower()
    for suffix in {"gzip": (".gz",), "bzip2": (".bz2",), "xz": (".xz",)}.get(kind, ()):
        if low.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _read_container(
    name: str, src: str | Path | bytes, kind: str, o: _Opts, *, depth: int, budget: Budget | None
) -> Iterator[Article | Rejected]:
    """An archive, compressed file or WARC (``src`` a path, or bytes when nested)."""
    s = o.settings
    depth += 1
    if depth > s.max_depth:
        yield Rejected(name, f"nested archive too deep (depth {depth} > limit {s.max_depth})")
        return
    if kind == "warc":
        from akhbar.ingest.warc import read_warc  # fastwarc and trafilatura: only for WARC

        yield from read_warc(
            src, name=name, source=o.source, encoding=o.encoding, settings=s, skips=o.skips
        )
        return
    budget = budget or Budget(s.max_total_bytes)
    if kind in ("gzip", "bzip2", "xz"):
        cap = s.max_file_bytes if depth == 1 else s.max_member_bytes
        limit = min(cap, budget.remaining)
        data = decompress_single(src, kind, limit=limit)
        if isinstance(data, str):
            yield Rejected(name, data)
            return
        budget.take(len(data))
        magic = _by_magic(data[:512])
        inner = _inner_name(name, kind)
        inner_kind = _by_extension(inner) if inner != name else None
        while magic is None and inner_kind in _SINGLE:
            # a.csv.gz.gz: the ref keeps the whole name, so a second layer sees ".gz" again;
            # bytes that are not compressed are past every compression suffix.
            outer, inner = inner, _inner_name(inner, inner_kind)
            inner_kind = _by_extension(inner) if inner != outer else None
        sniffed = magic or inner_kind or "auto"
        if sniffed in ("warc", "tar"):  # compressed as a whole: not a nested archive
            depth -= 1
        # The ref stays the real file name (a.txt.gz); the format comes from the inner name.
        yield from _read_blob(name, data, o, depth=depth, budget=budget, forced=sniffed)
        return
    members = (
        iter_zip(src, ref=name, budget=budget, settings=s, skips=o.skips)
        if kind == "zip"
        else iter_tar(src, ref=name, budget=budget, settings=s, skips=o.skips)
    )
    for m in members:
        if isinstance(m, Rejected):
            yield m
            continue
        yield from _read_member(m, o, depth=depth, budget=budget)


def _read_member(
    m: Member, o: _Opts, *, depth: int, budget: Budget
) -> Iterator[Article | Rejected]:
    yield from _read_blob(m.ref, m.data, o, depth=depth, budget=budget, forced=None)


#: The skip counted for a symbolic link, inside a folder read, to a file outside that folder.
OUTSIDE_LINK = "link to a file outside the folder"


def links_outside(path: Path, root: Path | None) -> bool:
    """Whether ``path``, found while walking the folder ``root`` (resolved), is a symbolic link
    to a file outside it: such a link is not followed (a crawl unpacked from a hostile tar
    could link ``~/.ssh/id_rsa`` into the archive that the web page serves).  A link within the
    folder is read; a broken link is left to the reader (which says it cannot read it).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()).resolve()
    >>> (d / "in").mkdir()
    >>> _ = (d / "in" / "a.txt").write_text("خبر"), (d / "x").write_text("")
    >>> (d / "in" / "out.txt").symlink_to(d / "x")
    >>> (d / "in" / "b.txt").symlink_to(d / "in" / "a.txt")
    >>> [links_outside(d / "in" / n, d / "in") for n in ("a.txt", "b.txt", "out.txt")]
    [False, False, True]
    """
    if root is None or not path.is_symlink():
        return False
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # broken, or a loop of links
        return False
    return not target.is_relative_to(root)


def _read_path(
    path: Path, o: _Opts, *, top: bool, root: Path | None = None
) -> Iterator[Article | Rejected]:
    name = display_name(str(path))  # the ref; the file is opened by ``path``
    if o.exclude and _file_id(path) in o.exclude:
        count_skip(o.skips, EXCLUDED)
        return
    if not top and links_outside(path, root):
        count_skip(o.skips, OUTSIDE_LINK)
        return
    try:
        is_dir = path.is_dir()
    except OSError as e:
        yield Rejected(name, f"cannot read: {e.strerror or e}")
        return
    if is_dir:
        if not top and path.is_symlink():
            count_skip(o.skips, "symlinked directory")
            return
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
            if top:
                root = path.resolve()
        except (OSError, RuntimeError) as e:
            yield Rejected(name, f"cannot list folder: {getattr(e, 'strerror', None) or e}")
            return
        for entry in entries:
            junk = junk_reason(entry.name)
            if junk:
                count_skip(o.skips, junk)
                continue
            yield from _read_path(path / entry.name, o, top=False, root=root)
        return
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            # Opening a FIFO blocks forever, a device (/dev/zero) never ends.
            yield Rejected(name, f"not a regular file ({_kind(st.st_mode)})")
            return
        size = st.st_size
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError as e:
        yield Rejected(name, f"cannot read: {e.strerror or e}")
        return
    forced = o.fmt if o.fmt in _CONTAINERS else None
    sniffed = forced or sniff_format(name, head)
    if sniffed == "unsupported":
        yield Rejected(name, _unsupported(name, head))
        return
    if sniffed in _CONTAINERS:
        # Streamed or opened from disk: no whole-file read for archives and crawls.
        yield from _read_container(name, path, sniffed, o, depth=0, budget=None)
        return
    if size > o.settings.max_file_bytes:
        yield Rejected(name, f"file too large ({size} bytes > limit {o.settings.max_file_bytes})")
        return
    try:
        with open(path, "rb") as f:
            data = read_bounded(f, o.settings.max_file_bytes + 1, size)
    except OSError as e:
        yield Rejected(name, f"cannot read: {e.strerror or e}")
        return
    yield from _read_leaf(name, data, _leaf_fmt(sniffed, o), o)


#: The skip counted for a file or folder given in ``exclude`` (the store being written).
EXCLUDED = "the store's own file"


def file_ids(paths: Iterable[str | Path]) -> frozenset[tuple[int, int]]:
    """``(st_dev, st_ino)`` of each of ``paths`` that exists: a file or folder recognised under
    any path or link (how :func:`read_any` and the scale-out planner skip ``exclude``).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> file_ids([d, d / ".", d / "missing"]) == file_ids([d])
    True
    """
    return frozenset(i for i in map(_file_id, paths) if i is not None)


def _file_id(path: str | Path) -> tuple[int, int] | None:
    """``(st_dev, st_ino)`` of what ``path`` names (a symlink followed), None if it does not
    exist or cannot be read."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _kind(mode: int) -> str:
    """What a non-regular file is, for a rejection.

    >>> _kind(stat.S_IFIFO), _kind(stat.S_IFCHR)
    ('FIFO', 'device')
    """
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def read_any(
    paths: str | Path | Iterable[str | Path],
    *,
    fmt: str = "auto",
    source: str | None = None,
    column_map: Mapping[str, str] | None = None,
    encoding: str | None = None,
    settings: IngestSettings | None = None,
    skips: Skips | None = None,
    exclude: Iterable[str | Path] = (),
) -> Iterator[Article | Rejected]:
    """Read files, folders and archives in any supported format; yield articles and rejections.

    ``fmt`` forces a format (one of :data:`FORMATS`); ``source`` names the outlet for every
    article (else the URL host); ``column_map`` overrides CSV/JSON column mapping
    (``{"text": "Clean_Data"}``); ``encoding`` forces a text encoding; ``skips`` counts what was
    skipped on purpose (hidden files, non-HTML WARC records …); ``exclude``: files and folders
    never read, by any path or link (the store being written and its index, when a folder
    holding them is read).  Bad arguments raise
    ``ValueError`` here; bad input never raises, it is ``Rejected``.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "b.txt").write_text("دوسری خبر۔", encoding="utf-8")
    >>> _ = (d / "a.csv").write_text("title,content\\nسرخی,متن۔\\n,\\n", encoding="utf-8")
    >>> [(type(r).__name__, r.raw_ref if isinstance(r, Article) else r.reason)
    ...  for r in read_any(d)]  # doctest: +ELLIPSIS
    [('Article', '.../a.csv:row 1'), ('Article', '.../b.txt')]
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    check_column_map(column_map)
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as e:
            raise ValueError(f"unknown encoding {encoding!r}") from e
    if isinstance(paths, (str, Path)):
        paths = [paths]
    excluded = file_ids(exclude)
    o = _Opts(fmt, source, column_map, encoding, settings or DEFAULT_SETTINGS, skips, excluded)
    return _read_all([Path(p) for p in paths], o)


def _read_all(paths: list[Path], o: _Opts) -> Iterator[Article | Rejected]:
    for p in paths:
        yield from _read_path(p, o, top=True)
