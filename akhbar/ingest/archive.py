"""Zip and tar archives and single compressed files, read in memory with bounds; never extracted.

Every member is checked before it is read: directories and OS junk (``__MACOSX``, ``.DS_Store``,
hidden files) are skipped and counted; ``..`` components, absolute paths, symlinks, hard links and
devices are rejected; sizes are bounded per member (``max_member_bytes``), per top-level archive
(``max_total_bytes``, a :class:`Budget` shared with nested archives) and by compression ratio
(``max_ratio``, zip only — a tar's members share one compressed stream).  Members come out as
:class:`Member` (bytes in memory) for the dispatcher in :mod:`akhbar.ingest.walk`.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from akhbar.article import Rejected
from akhbar.ingest.common import Skips, count_skip, display_name, one_line
from akhbar.ingest.settings import DEFAULT_SETTINGS, IngestSettings

__all__ = [
    "Budget",
    "Member",
    "check_member_name",
    "decompress_single",
    "iter_tar",
    "iter_zip",
    "junk_reason",
]

_JUNK_NAMES = frozenset({"__MACOSX", "Thumbs.db", "desktop.ini", "$RECYCLE.BIN"})
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Member:
    """One archive member read into memory: ``ref`` names it as ``archive.zip!dir/a.txt``."""

    ref: str
    name: str
    data: bytes


@dataclass(slots=True)
class Budget:
    """Uncompressed bytes still allowed for one top-level archive (nested ones included)."""

    remaining: int

    def take(self, n: int) -> bool:
        """Spend ``n`` bytes; False (and nothing spent) if that would exceed the budget.

        >>> b = Budget(10); b.take(6), b.take(6), b.remaining
        (True, False, 4)
        """
        if n > self.remaining:
            return False
        self.remaining -= n
        return True


def junk_reason(name: str) -> str | None:
    """Why a path is OS junk or hidden (to skip quietly), or ``None``.

    >>> junk_reason("__MACOSX/._a.txt"), junk_reason("news/.DS_Store"), junk_reason("./a.txt")
    ('OS junk', 'hidden file', None)
    """
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p in _JUNK_NAMES for p in parts):
        return "OS junk"
    if any(p.startswith(".") and p != ".." for p in parts):
        return "hidden file"
    return None


def check_member_name(name: str) -> str | None:
    """Why a member name is unsafe (absolute path, ``..``), or ``None`` if it is safe.

    >>> check_member_name("../evil.txt"), check_member_name("/etc/passwd")
    ('path traversal (..)', 'absolute path')
    >>> check_member_name("a/b.txt") is None
    True
    >>> check_member_name("C:\\\\evil.txt")
    'absolute path'
    """
    norm = name.replace("\\", "/")
    if norm.startswith("/") or _DRIVE.match(norm):
        return "absolute path"
    if any(p == ".." for p in norm.split("/")):
        return "path traversal (..)"
    if "\x00" in norm:
        return "NUL in member name"
    return None


def _over(kind: str, size: int, limit: int) -> str:
    return f"{kind} too large ({size} bytes > limit {limit})"


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name; one stored without the UTF-8 flag is read as UTF-8 when it is that.

    Zip tools that predate the flag (or ignore it) write names in UTF-8 or the system code page;
    :mod:`zipfile` reads every unflagged name as cp437, which turns ``خبر.txt`` into ``╪«╪¿╪▒.txt``.
    """
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        return name.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def iter_zip(
    source: str | Path | bytes,
    *,
    ref: str,
    budget: Budget,
    settings: IngestSettings = DEFAULT_SETTINGS,
    skips: Skips | None = None,
) -> Iterator[Member | Rejected]:
    """Members of a zip file (a path or its bytes), checked and read in memory.

    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("a.txt", "متن"); z.writestr("../evil.txt", "x")
    >>> members = iter_zip(buf.getvalue(), ref="n.zip", budget=Budget(10**6))
    >>> [m.name if isinstance(m, Member) else m.reason for m in members]
    ['unsafe member: path traversal (..)', 'a.txt']
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        yield Rejected(ref, f"broken zip: {e}")
        return
    with zf:
        infos = zf.infolist()
        if not infos:
            yield Rejected(ref, "empty zip (no members)")
            return
        if len(infos) > settings.max_members:
            yield Rejected(ref, f"too many members ({len(infos)} > limit {settings.max_members})")
            infos = infos[: settings.max_members]
        for info in sorted(infos, key=lambda i: i.filename):
            name = _zip_name(info)
            mref = f"{ref}!{display_name(name)}"
            if info.is_dir():
                continue
            junk = junk_reason(name)
            if junk:
                count_skip(skips, junk)
                continue
            unsafe = check_member_name(name)
            if unsafe:
                yield Rejected(mref, f"unsafe member: {unsafe}")
                continue
            mode = info.external_attr >> 16
            if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: no Unix type recorded
                kind = "symlink" if stat.S_ISLNK(mode) else "special file"
                yield Rejected(mref, f"unsafe member: {kind}")
                continue
            if info.flag_bits & 0x1:
                yield Rejected(mref, "encrypted member")
                continue
            if info.file_size > settings.max_member_bytes:
                yield Rejected(mref, _over("member", info.file_size, settings.max_member_bytes))
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > settings.ratio_min_bytes and ratio > settings.max_ratio:
                yield Rejected(
                    mref, f"compression ratio {ratio:.0f} > limit {settings.max_ratio:.0f} (bomb?)"
                )
                continue
            if not budget.take(info.file_size):
                yield Rejected(
                    mref, f"archive total size limit reached ({settings.max_total_bytes})"
                )
                continue
            try:
                with zf.open(info) as f:
                    data = f.read(settings.max_member_bytes + 1)
            except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, OSError, EOFError) as e:
                yield Rejected(mref, f"broken member: {e}")
                continue
            except (NotImplementedError, RuntimeError) as e:  # compression method, password
                yield Rejected(mref, f"unreadable member: {e}")
                continue
            if len(data) > settings.max_member_bytes:
                yield Rejected(mref, _over("member", len(data), settings.max_member_bytes))
                continue
            # A header may understate the size; charge what was really read.
            if len(data) > info.file_size and not budget.take(len(data) - info.file_size):
                yield Rejected(
                    mref, f"archive total size limit reached ({settings.max_total_bytes})"
                )
                continue
            yield Member(mref, name, data)


def iter_tar(
    source: str | Path | bytes,
    *,
    ref: str,
    budget: Budget,
    settings: IngestSettings = DEFAULT_SETTINGS,
    skips: Skips | None = None,
) -> Iterator[Member | Rejected]:
    """Members of a tar file (plain, .gz, .bz2 or .xz; a path or its bytes), in archive order.

    Sizes of rejected regular members count against the budget too: skipping them in a compressed
    stream still means decompressing them.

    >>> buf = io.BytesIO()
    >>> with tarfile.open(fileobj=buf, mode="w:gz") as t:
    ...     info = tarfile.TarInfo("link")
    ...     info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    ...     t.addfile(info)
    >>> [m.reason for m in iter_tar(buf.getvalue(), ref="n.tgz", budget=Budget(10**6))]
    ['unsafe member: symlink']
    """
    fileobj: BinaryIO | None = io.BytesIO(source) if isinstance(source, bytes) else None
    try:
        if fileobj is not None:
            tf = tarfile.open(fileobj=fileobj, mode="r:*")  # noqa: SIM115 - closed below
        else:
            tf = tarfile.open(str(source), mode="r:*")  # noqa: SIM115 - closed below
    except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError, ValueError) as e:
        yield Rejected(ref, f"broken tar: {one_line(e)}")
        return
    n = 0
    with tf:
        it = iter(tf)
        while True:
            try:
                m = next(it)
            except StopIteration:
                if n == 0:
                    yield Rejected(ref, "empty tar (no members)")
                return
            except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError) as e:
                yield Rejected(ref, f"broken tar after {n} members: {one_line(e)}")
                return
            n += 1
            if n > settings.max_members:
                yield Rejected(ref, f"too many members (> limit {settings.max_members})")
                return
            name = m.name
            mref = f"{ref}!{display_name(name)}"
            if m.isdir():
                continue
            junk = junk_reason(name)
            if junk:
                count_skip(skips, junk)
                continue
            if m.issym() or m.islnk():
                yield Rejected(mref, f"unsafe member: {'symlink' if m.issym() else 'hard link'}")
                continue
            if not m.isreg():
                yield Rejected(mref, "unsafe member: device or special file")
                continue
            unsafe = check_member_name(name)
            if unsafe:
                yield Rejected(mref, f"unsafe member: {unsafe}")
                continue
            if not budget.take(m.size):
                yield Rejected(
                    mref, f"archive total size limit reached ({settings.max_total_bytes})"
                )
                return
            if m.size > settings.max_member_bytes:
                yield Rejected(mref, _over("member", m.size, settings.max_member_bytes))
                continue
            try:
                f = tf.extractfile(m)
                data = f.read(settings.max_member_bytes + 1) if f is not None else b""
            except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError) as e:
                yield Rejected(mref, f"broken member: {e}")
                continue
            yield Member(mref, name, data)


def _opener(kind: str, raw: BinaryIO) -> gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile:
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw)
    if kind == "bzip2":
        return bz2.BZ2File(raw)
    return lzma.LZMAFile(raw)


def decompress_single(source: str | Path | bytes, kind: str, *, limit: int) -> bytes | str:
    """Decompress one gzip/bzip2/xz stream, reading at most ``limit`` bytes; a str explains failure.

    >>> decompress_single(gzip.compress(b"abc"), "gzip", limit=10)
    b'abc'
    >>> decompress_single(gzip.compress(b"a" * 100), "gzip", limit=10)
    'decompressed size exceeds limit 10'
    """
    try:
        with (
            io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb") as raw,
            _opener(kind, raw) as f,
        ):
            data: bytes = f.read(limit + 1)
    except (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError) as e:
        return f"broken {kind} stream: {e}"
    if len(data) > limit:
        return f"decompressed size exceeds limit {limit}"
    return data
