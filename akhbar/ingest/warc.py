"""WARC / WARC.gz crawls (fastwarc): every HTML 200 response becomes an article via the HTML reader.

The unit is a record, not the file: refs are ``crawl.warc.gz#<urn:uuid:…>`` (or ``#offset N`` when
a record has no id).  Only ``response`` records can become articles; other record types
(warcinfo, request, metadata, revisit …), non-200 responses and non-HTML payloads are skipped and
counted in ``skips`` (they are not articles, and not errors).  A record without a type or id, one
that cannot be read or decoded, or is too large, is ``Rejected``; a stream that breaks stops the
file with one ``Rejected`` naming the last good offset.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from akhbar.article import Article, Rejected
from akhbar.ingest.common import Skips, count_skip, decode_or_reject
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


def _record_ref(name: str, record: WarcRecord) -> str:
    rid = record.record_id
    return f"{name}#{rid}" if rid else f"{name}#offset {record.stream_pos}"


def _record_article(
    record: WarcRecord,
    *,
    ref: str,
    source: str | None,
    encoding: str | None,
    settings: IngestSettings,
    skips: Skips | None,
) -> Article | Rejected | None:
    if not record.is_http:
        count_skip(skips, "WARC response without HTTP headers")
        return None
    status = record.http_headers.status_code
    if status != 200:
        count_skip(skips, f"WARC HTTP status {status}")
        return None
    ctype = (record.http_content_type or "").split(";", 1)[0].strip().lower()
    if ctype not in HTML_TYPES:
        count_skip(skips, f"WARC non-HTML {ctype or 'no content type'}")
        return None
    if record.content_length > settings.max_warc_record_bytes:
        return Rejected(
            ref,
            f"record too large ({record.content_length} bytes > limit "
            f"{settings.max_warc_record_bytes})",
        )
    data = record.reader.read(settings.max_warc_record_bytes + 1)
    if len(data) > settings.max_warc_record_bytes:
        return Rejected(ref, f"record payload exceeds limit {settings.max_warc_record_bytes}")
    html = decode_or_reject(data, name=ref, encoding=encoding)
    if isinstance(html, Rejected) and encoding is None and record.http_charset:
        # The detector gave up; the server's declared charset is the next best guess.
        retry = decode_or_reject(data, name=ref, encoding=record.http_charset)
        html = retry if not isinstance(retry, Rejected) else html
    if isinstance(html, Rejected):
        return html
    url = record.headers.get("WARC-Target-URI") or None
    result = parse_html(html, ref=ref, url=url, source=source, settings=settings)
    if isinstance(result, Article) and record.headers.get("WARC-Truncated"):
        warnings = [*result.extra.get("warnings", []), "WARC record truncated by the crawler"]
        result.extra["warnings"] = warnings
    return result


def read_warc(
    source_file: str | Path | bytes,
    *,
    name: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
    skips: Skips | None = None,
) -> Iterator[Article | Rejected]:
    """Yield an article (or rejection) for each HTML 200 response of a WARC file (path or bytes).

    Plain and gzip-compressed (per record) WARCs are both read; the file is streamed from disk.

    >>> list(read_warc(b"WARC/1.1\\r\\nnonsense", name="bad.warc"))
    [Rejected(ref='bad.warc#offset 0', reason='broken WARC record: no WARC-Type or WARC-Record-ID')]
    """
    label = name or (str(source_file) if not isinstance(source_file, bytes) else "<warc>")
    stream: io.BytesIO | str = (
        io.BytesIO(source_file) if isinstance(source_file, bytes) else str(source_file)
    )
    try:
        records = ArchiveIterator(
            stream,
            record_types=WarcRecordType.any_type,
            parse_http=True,
            auto_decode="all",
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
        if rtype != WarcRecordType.response:
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
