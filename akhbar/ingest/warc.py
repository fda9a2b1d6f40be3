"""WARC / WARC.gz crawls (fastwarc): every HTML 200 response becomes an article via the HTML reader.

The unit is a record, not the file: refs are ``crawl.warc.gz#<urn:uuid:…>`` (or ``#offset N`` when
a record has no id).  ``response`` records and ``resource`` records (a local file archived as it
is, as wget and warcit write them: no HTTP header block, the content type in the WARC header) can
become articles; an HTTP header block whose lines end in LF only is read too.  Other record types
(warcinfo, request, metadata, revisit …), non-200 responses and non-HTML payloads are skipped and
counted in ``skips`` (they are not articles, and not errors).  A record without a type or id, one
that cannot be read or decoded, is too large, is cut short by the end of the file, or whose HTTP
header block never ends (the page read as headers), is ``Rejected``; a stream that breaks stops
the file with one ``Rejected`` naming the last good offset.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from akhbar.article import Article, Rejected
from akhbar.ingest.common import Skips, count_skip, decode_or_reject, display_name
from akhbar.ingest.html import parse_html
from akhbar.ingest.settings import DEFAULT_SETTINGS, IngestSettings

__all__ = ["HTML_TYPES", "read_warc"]

#: Content types read as HTML pages.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


_TYPE_NAMES = {
    int(WarcRecordType.warcinfo): "warcinfo",
    int(WarcRecordType.request): "request",
    int(WarcRecordType.resource): "resource",
    int(WarcRecordType.metadata): "metadata",
    int(WarcRecordType.revisit): "revisit",
    int(WarcRecordType.conversion): "conversion",
    int(WarcRecordType.continuation): "continuation",
}


_CHUNK_SIZE = re.compile(rb"[ \t]*([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")
_CHUNK_SIZE_CUT = re.compile(rb"[ \t]*[0-9A-Fa-f]{0,16}[ \t]*(?:;[^\r\n]*)?\r?")


def _dechunk(data: bytes) -> bytes | None:
    """The body of an HTTP ``Transfer-Encoding: chunked`` payload; None if ``data`` is not chunked
    (many crawlers store the body de-chunked but keep the header).  A body cut short mid-chunk
    gives what arrived.

    >>> _dechunk(b"4\\r\\nWiki\\r\\n5;x=1\\r\\npedia\\r\\n0\\r\\n\\r\\n"), _dechunk(b"<html>")
    (b'Wikipedia', None)
    >>> _dechunk(b"4\\r\\nWiki\\r\\n5\\r\\nped"), _dechunk(b"4\\r\\nWiki\\r\\n1f")
    (b'Wikiped', b'Wiki')
    """
    out = bytearray()
    pos = 0
    while pos < len(data):
        m = _CHUNK_SIZE.match(data, pos)
        if m is None:
            if out and _CHUNK_SIZE_CUT.fullmatch(data, pos):  # cut short inside a size line
                return bytes(out)
            return None  # not chunked after all (a body that only starts like a chunk size)
        size = int(m.group(1), 16)
        if size == 0:
            return bytes(out)
        start = m.end()
        out += data[start : start + size]
        pos = start + size
        if data.startswith(b"\r\n", pos):
            pos += 2
        elif data.startswith(b"\n", pos):
            pos += 1
    return bytes(out) if out else None


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    """zlib/gzip/raw-deflate data, decompressed to at most ``limit + 1`` bytes (a bomb stops)."""
    return zlib.decompressobj(wbits).decompress(data, limit + 1)


def _decode_body(data: bytes, record: WarcRecord, limit: int) -> bytes | str:
    """The HTTP payload as the server meant it: de-chunked and decompressed (``Content-Encoding``
    gzip, deflate or br).  A str says why it cannot be read.  Bodies a crawler already decoded
    (headers kept, bytes plain) are taken as they are.
    """
    headers = record.http_headers
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        plain = _dechunk(data)
        if plain is not None:
            data = plain
    codings = [c.strip() for c in (headers.get("Content-Encoding") or "").lower().split(",")]
    for coding in reversed(codings):  # applied in order, so undone last first
        if coding in ("", "identity", "none"):
            continue
        if coding not in ("gzip", "x-gzip", "deflate", "br"):
            return f"unsupported Content-Encoding {coding!r}"
        if data.lstrip()[:1] == b"<" or not data:
            continue  # stored decoded, headers kept
        try:
            if coding in ("gzip", "x-gzip"):
                data = _inflate(data, 16 + zlib.MAX_WBITS, limit)
            elif coding == "deflate":
                try:
                    data = _inflate(data, zlib.MAX_WBITS, limit)
                except zlib.error:  # many servers send raw deflate
                    data = _inflate(data, -zlib.MAX_WBITS, limit)
            else:
                brotli = import_module("brotli")  # a FastWARC dependency (untyped)
                # bounded like _inflate: a few kB of brotli can say gigabytes (a bomb stops)
                data = brotli.Decompressor().process(data, output_buffer_limit=limit + 1)
        except Exception as e:  # zlib.error, brotli.error: a damaged body
            return f"broken {coding} body: {type(e).__name__}: {e}"
        if len(data) > limit:
            return f"record payload exceeds limit {limit} when decompressed"
    return data


def _looks_html(data: bytes) -> bool:
    """An HTML document by its first bytes (for a response without a Content-Type).

    >>> _looks_html(b"\\n<!DOCTYPE html><html>"), _looks_html(b"%PDF-1.5")
    (True, False)
    """
    head = data[:1024].lstrip(b" \t\r\n\xef\xbb\xbf").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and b"<html" in head
    )


def _cut_partial_utf8(data: bytes) -> bytes:
    """``data`` without an incomplete UTF-8 sequence at its very end (else unchanged).

    >>> _cut_partial_utf8("خبر".encode()[:-1]).decode(), _cut_partial_utf8("خبر".encode()).decode()
    ('خب', 'خبر')
    """
    for back in range(1, min(4, len(data)) + 1):
        b = data[-back]
        if b < 0x80:
            return data
        if b >= 0xC0:  # a lead byte: how long its sequence should be
            need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            return data[:-back] if need > back else data
    return data


def _record_ref(name: str, record: WarcRecord) -> str:
    rid = record.record_id  # (control characters in it would drive the terminal it is shown on)
    return f"{name}#{display_name(rid)}" if rid else f"{name}#offset {record.stream_pos}"


#: Markup in an HTTP header's name: the page itself read as headers (``<meta property="og``
#: from ``<meta property="og:title" …>``), its header block having no end.
_MARKUP_NAME = re.compile(r"[<>]")


def _charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type value, or None.

    >>> _charset('text/html; charset="UTF-8"'), _charset("text/html")
    ('UTF-8', None)
    """
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'").strip() or None
    return None


def _http_payload(
    record: WarcRecord, *, ref: str, settings: IngestSettings, skips: Skips | None
) -> tuple[str, bytes, str | None] | Rejected | None:
    """A ``response`` record's content type, decoded payload and declared charset; a rejection,
    or None when the record is skipped (counted)."""
    # quirks_mode: header lines that end in LF only (no CR) are read; strict, they were one
    # endless header block that left the record empty.  (Only here: the iterator's quirks mode
    # would also skip a broken WARC header without a word.)
    record.parse_http(auto_decode="none", quirks_mode=True)
    if not record.is_http:
        count_skip(skips, "WARC response without HTTP headers")
        return None
    status = record.http_headers.status_code
    if status != 200:
        count_skip(skips, f"WARC HTTP status {status}")
        return None
    ctype = (record.http_content_type or "").split(";", 1)[0].strip().lower()
    if ctype and ctype not in HTML_TYPES:
        count_skip(skips, f"WARC non-HTML {ctype}")
        return None
    bad = next((k for k, _ in record.http_headers.items() if _MARKUP_NAME.search(k)), None)
    if bad is not None:
        return Rejected(
            ref,
            f"broken HTTP header block: {display_name(bad[:40])!r} is no header name "
            "(no blank line between the headers and the page?)",
        )
    data = _read_payload(record, ref=ref, settings=settings)
    if isinstance(data, Rejected):
        return data
    if not data:
        return Rejected(ref, "empty HTTP body (no blank line after the HTTP headers?)")
    body = _decode_body(data, record, settings.max_warc_record_bytes)
    if isinstance(body, str):
        return Rejected(ref, body)
    return ctype, body, record.http_charset or None


def _resource_payload(
    record: WarcRecord, *, ref: str, settings: IngestSettings, skips: Skips | None
) -> tuple[str, bytes, str | None] | Rejected | None:
    """A ``resource`` record's content type (from its WARC header), payload and declared
    charset; a rejection, or None when the record is skipped (counted)."""
    content_type = record.headers.get("Content-Type") or ""
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype and ctype not in HTML_TYPES:
        count_skip(skips, f"WARC non-HTML {ctype}")
        return None
    data = _read_payload(record, ref=ref, settings=settings)
    if isinstance(data, Rejected):
        return data
    return ctype, data, _charset(content_type)


def _read_payload(record: WarcRecord, *, ref: str, settings: IngestSettings) -> bytes | Rejected:
    """The record's payload bytes, all of them, within the size limit."""
    if record.content_length > settings.max_warc_record_bytes:
        return Rejected(
            ref,
            f"record too large ({record.content_length} bytes > limit "
            f"{settings.max_warc_record_bytes})",
        )
    data = record.reader.read(settings.max_warc_record_bytes + 1)
    if len(data) > settings.max_warc_record_bytes:
        return Rejected(ref, f"record payload exceeds limit {settings.max_warc_record_bytes}")
    if len(data) < record.content_length:
        # The file ends inside the record (a download or copy cut short): half a page would be
        # stored as the article (trafilatura then falls back to the menus), and its URL would
        # make the whole page a duplicate when the complete file is ingested.
        return Rejected(
            ref,
            f"record cut short: the file ends after {len(data)} of its "
            f"{record.content_length} payload bytes (truncated file?)",
        )
    return data


def _target_url(record: WarcRecord) -> str | None:
    """The record's ``WARC-Target-URI`` if it is a web address (a local file's ``file:`` URI
    is no article URL)."""
    # WARC 1.1's own example wrote the URI in angle brackets, and some writers copied it.
    url = (record.headers.get("WARC-Target-URI") or "").strip().strip("<>").strip()
    return url if url.lower().startswith(("http://", "https://")) else None


def _record_article(
    record: WarcRecord,
    *,
    ref: str,
    source: str | None,
    encoding: str | None,
    settings: IngestSettings,
    skips: Skips | None,
) -> Article | Rejected | None:
    read = _http_payload if record.record_type == WarcRecordType.response else _resource_payload
    payload = read(record, ref=ref, settings=settings, skips=skips)
    if payload is None or isinstance(payload, Rejected):
        return payload
    ctype, data, declared = payload
    if not ctype and not _looks_html(data):  # no Content-Type: the payload says what it is
        count_skip(skips, "WARC non-HTML no content type")
        return None
    # The server's charset is a hint used only when the bytes are not UTF-8 (servers often
    # declare one thing and send another).
    html = decode_or_reject(data, name=ref, encoding=encoding, declared=declared)
    notes: list[str] = []
    if isinstance(html, Rejected) and encoding is None:
        cut = _cut_partial_utf8(data)
        if len(cut) < len(data):  # a record cut short mid-character (a size-capped crawler)
            retry = decode_or_reject(cut, name=ref, declared=declared)
            if not isinstance(retry, Rejected):
                html = retry
                notes.append("payload ends in a partial UTF-8 character (cut short?); dropped")
    if isinstance(html, Rejected):
        return html
    result = parse_html(html, ref=ref, url=_target_url(record), source=source, settings=settings)
    if record.headers.get("WARC-Truncated"):
        notes.append("WARC record truncated by the crawler")
    if isinstance(result, Article) and notes:
        result.extra["warnings"] = [*result.extra.get("warnings", []), *notes]
    return result


_GZIP_MAGIC = b"\x1f\x8b"


def _gzip_cut_short(f: BinaryIO) -> bool:
    """True if the gzip data in ``f`` ends inside a member (the file was cut off); its members
    are decompressed once more, the output thrown away a MiB at a time.

    >>> import gzip
    >>> whole = gzip.compress(b"WARC/1.1" * 1000)
    >>> _gzip_cut_short(io.BytesIO(whole)), _gzip_cut_short(io.BytesIO(whole[:-9]))
    (False, True)
    >>> _gzip_cut_short(io.BytesIO(whole + whole[:5])), _gzip_cut_short(io.BytesIO(whole * 2))
    (True, False)
    """
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    for chunk in iter(lambda: f.read(1 << 20), b""):
        data = chunk
        while data:
            if d.eof:
                if not data.startswith(_GZIP_MAGIC[:1]):
                    return False  # bytes after the last member that are no gzip: not this check's
                d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            d.decompress(data, 1 << 20)
            data = d.unused_data if d.eof else d.unconsumed_tail
    while not d.eof and d.decompress(d.unconsumed_tail, 1 << 20):
        pass  # (output the limit held back)
    return not d.eof


def _single_stream_cut(source_file: str | Path | bytes, seen: int, last_pos: int) -> bool:
    """True if ``source_file`` is a WARC gzipped as one stream (``gzip crawl.warc``, not one
    member per record) whose compressed data is cut off: fastwarc ends such a file at the last
    whole record without a word.  A file gzipped per record is not read again (a member cut
    short leaves its record cut short, which is rejected)."""
    try:
        with (
            io.BytesIO(source_file) if isinstance(source_file, bytes) else open(source_file, "rb")
        ) as f:
            if f.read(2) != _GZIP_MAGIC:
                return False
            f.seek(last_pos)
            if seen > 1 and f.read(2) == _GZIP_MAGIC:  # the last record has a member of its own
                return False
            f.seek(0)
            return _gzip_cut_short(f)
    except (OSError, zlib.error):  # (unreadable, or damaged: fastwarc's errors say so)
        return False


def read_warc(
    source_file: str | Path | bytes,
    *,
    name: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
    skips: Skips | None = None,
) -> Iterator[Article | Rejected]:
    """Yield an article (or rejection) for each HTML 200 response and each HTML resource record
    of a WARC file (path or bytes).

    Plain and gzip-compressed (per record) WARCs are both read; the file is streamed from disk.
    A WARC gzipped as one stream (``gzip crawl.warc``) is read too, and if its compressed data
    is cut off, the file is rejected naming how many records were read (the rest are lost).

    >>> list(read_warc(b"WARC/1.1\\r\\nnonsense", name="bad.warc"))
    [Rejected(ref='bad.warc#offset 0', reason='broken WARC record: no WARC-Type or WARC-Record-ID')]
    """
    label = name or (
        display_name(str(source_file)) if not isinstance(source_file, bytes) else "<warc>"
    )
    stream: io.BytesIO | str = (
        io.BytesIO(source_file) if isinstance(source_file, bytes) else str(source_file)
    )
    try:
        records = ArchiveIterator(
            stream,
            record_types=WarcRecordType.any_type,
            parse_http=False,  # per response record, leniently (_http_payload)
            # Payloads are decoded here (_decode_body), not by fastwarc: its decoding reader
            # loses its place after a chunked + gzip body and silently ends the file.
            auto_decode="none",
            fsspec_args=False,
        )
    except (OSError, ValueError) as e:
        yield Rejected(label, f"cannot read WARC: {e}")
        return
    seen = 0
    last_pos = 0
    it = iter(records)
    while True:
        try:
            record = next(it)
        except StopIteration:
            break
        except Exception as e:  # fastwarc raises OSError and others on a corrupt stream
            yield Rejected(label, f"broken WARC after {seen} records (offset {last_pos}): {e}")
            return
        seen += 1
        last_pos = record.stream_pos
        ref = _record_ref(label, record)
        rtype = record.record_type
        if rtype == WarcRecordType.unknown or not record.record_id:
            yield Rejected(ref, "broken WARC record: no WARC-Type or WARC-Record-ID")
            continue
        if rtype not in (WarcRecordType.response, WarcRecordType.resource):
            count_skip(skips, f"WARC {_TYPE_NAMES.get(int(rtype), int(rtype))} record")
            continue
        try:
            result = _record_article(
                record, ref=ref, source=source, encoding=encoding, settings=settings, skips=skips
            )
        except Exception as e:  # a broken payload (bad gzip/chunking) must not stop the file
            result = Rejected(ref, f"unreadable record: {type(e).__name__}: {e}")
        if result is not None:
            yield result
    if seen and _single_stream_cut(source_file, seen, last_pos):
        yield Rejected(
            label,
            f"gzip stream cut short: the file ends inside its compressed data after {seen} "
            "records were read (the rest are lost; it was gzipped as one stream, not per record)",
        )
    if seen == 0:
        # Nothing at all: either an empty file or not a WARC (fastwarc skips garbage silently).
        head = b""
        if isinstance(source_file, bytes):
            head = source_file[:8]
        else:
            try:
                with open(source_file, "rb") as f:
                    head = f.read(8)
            except OSError as e:
                yield Rejected(label, f"cannot read: {e.strerror or e}")
                return
        if head and not head.startswith((b"WARC/", b"\x1f\x8b")):
            yield Rejected(label, "not a WARC file")
        else:
            count_skip(skips, "empty WARC file")
