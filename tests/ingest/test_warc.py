"""WARC reader on crawls built with fastwarc from real article pages."""

from __future__ import annotations

import gzip
import re
import tracemalloc
import zlib
from collections import Counter
from importlib import import_module
from pathlib import Path

import pytest
from fastwarc.warc import WarcRecordType

from akhbar.article import Article, Rejected
from akhbar.ingest import IngestSettings, read_any
from akhbar.ingest.warc import read_warc

from .conftest import CrawlFixture, RealArticle, http_response, make_page, warc_record
from .test_html import _html_ws


@pytest.mark.parametrize(
    "compressed", [False, True], ids=["plain .warc", "gzip per record .warc.gz"]
)
def test_crawl(tmp_path: Path, crawl: CrawlFixture, compressed: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(crawl.gzipped if compressed else crawl.plain)
    skips: Counter[str] = Counter()
    out = list(read_any(path, skips=skips))
    assert all(isinstance(r, Article) for r in out), out
    arts = [r for r in out if isinstance(r, Article)]
    assert len(arts) == 2  # the two HTML 200 responses
    a, b = arts
    assert a.raw_ref == f"{path}#<urn:uuid:00000000-0000-0000-0000-000000000002>"
    assert b.raw_ref == f"{path}#<urn:uuid:00000000-0000-0000-0000-000000000005>"
    assert a.url == crawl.articles[0].url
    assert a.title == crawl.articles[0].title
    assert a.paragraphs == _html_ws(crawl.articles[0].paragraphs)
    assert b.url == "https://www.urdu.geo.tv/latest/2?utm_source=x"  # WARC-Target-URI
    assert b.source == "urdu.geo.tv"
    assert b.paragraphs == _html_ws(crawl.articles[1].paragraphs)
    assert skips == Counter(
        {
            "WARC warcinfo record": 1,
            "WARC request record": 1,
            "WARC non-HTML image/jpeg": 1,
            "WARC HTTP status 404": 1,
        }
    )


def test_read_warc_from_bytes_same_as_file(tmp_path: Path, crawl: CrawlFixture) -> None:
    p = tmp_path / "c.warc.gz"
    p.write_bytes(crawl.gzipped)
    from_file = [r.id for r in read_warc(p) if isinstance(r, Article)]
    from_bytes = [r.id for r in read_warc(crawl.gzipped, name="c") if isinstance(r, Article)]
    assert from_file == from_bytes
    assert len(from_file) == 2


def test_broken_stream_after_good_records(tmp_path: Path, crawl: CrawlFixture) -> None:
    data = crawl.plain + b"this is not a WARC header\r\n\r\n"
    out = list(read_warc(data, name="broken.warc"))
    assert sum(isinstance(r, Article) for r in out) == 2
    assert isinstance(out[-1], Rejected)
    assert out[-1].ref == "broken.warc"
    assert out[-1].reason.startswith("broken WARC after")


def test_record_without_type_or_id_is_rejected(crawl: CrawlFixture) -> None:
    bad = b"WARC/1.1\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n"
    out = list(read_warc(crawl.records[2] + bad, name="x.warc"))
    assert isinstance(out[0], Article)
    assert isinstance(out[1], Rejected)
    assert out[1].ref.startswith("x.warc#offset ")


def test_record_too_large_is_rejected(crawl: CrawlFixture) -> None:
    out = list(
        read_warc(crawl.plain, name="x.warc", settings=IngestSettings(max_warc_record_bytes=200))
    )
    assert [type(r).__name__ for r in out] == ["Rejected", "Rejected"]
    assert all(isinstance(r, Rejected) and "too large" in r.reason for r in out)


def test_not_a_warc(tmp_path: Path) -> None:
    p = tmp_path / "fake.warc"
    p.write_bytes(b"just some text, not a crawl")
    [r] = list(read_any(p))
    assert isinstance(r, Rejected)
    assert r.ref == str(p)


def test_truncated_gzip_member(crawl: CrawlFixture) -> None:
    data = crawl.gzipped
    cut = data[: len(data) - 40]  # the last record's gzip member is cut short
    out = list(read_warc(cut, name="cut.warc.gz"))
    assert sum(isinstance(r, Article) for r in out) >= 1
    assert len(gzip.decompress(data)) > 0  # the fixture itself is sound


def test_a_crawl_gzipped_as_one_stream_and_cut_off_is_rejected(
    tmp_path: Path, crawl: CrawlFixture
) -> None:
    # `gzip crawl.warc`, then a partial copy: fastwarc ended the file at the last whole record,
    # and the records after it were lost without a rejection.
    whole = gzip.compress(crawl.plain)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(whole)
    complete = list(read_warc(path))
    assert [r.title for r in complete if isinstance(r, Article)] == [
        a.title for a in crawl.articles
    ]
    assert not any(isinstance(r, Rejected) and r.ref == str(path) for r in complete)
    for cut in (len(whole) // 4, len(whole) // 2, len(whole) - 9):
        path.write_bytes(whole[:cut])
        out = list(read_warc(path, name="crawl.warc.gz"))
        last = out[-1]
        assert isinstance(last, Rejected), (cut, out)
        assert last.ref == "crawl.warc.gz"
        m = re.fullmatch(r"gzip stream cut short: .* after (\d+) records were read .*", last.reason)
        assert m is not None, last.reason
        assert 1 <= int(m.group(1)) <= len(crawl.records)


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip per record"])
def test_file_cut_inside_a_record_rejects_that_record(
    real_articles: list[RealArticle], compressed: bool
) -> None:
    # A crawl copied or downloaded only in part: the last record's Content-Length says more
    # than the file holds.  Half a page is no article (trafilatura falls back to the menus),
    # and stored under its URL it would make the complete page a duplicate later.
    a, b = real_articles[0], real_articles[1]
    http = "application/http; msgtype=response"
    recs = [
        warc_record(
            WarcRecordType.response,
            uuid=f"00000000-0000-0000-0000-00000000002{i}",
            payload=http_response("200 OK", "text/html; charset=utf-8", make_page(art).encode()),
            content_type=http,
            uri=art.url,
        )
        for i, art in enumerate((a, b))
    ]
    if compressed:
        whole = gzip.compress(recs[0]) + gzip.compress(recs[1])
        data = whole[: len(gzip.compress(recs[0])) + len(gzip.compress(recs[1])) // 2]
    else:
        data = recs[0] + recs[1][: len(recs[1]) // 2]
    out = list(read_warc(data, name="cut.warc"))
    assert len(out) == 2, out
    assert isinstance(out[0], Article)
    assert out[0].title == a.title
    assert isinstance(out[1], Rejected)
    assert out[1].ref == "cut.warc#<urn:uuid:00000000-0000-0000-0000-000000000021>"
    assert out[1].reason.startswith("record cut short: the file ends after ")


def test_control_characters_in_a_record_id_are_escaped_in_the_ref(
    real_articles: list[RealArticle],
) -> None:
    # The ref is printed ('akhbar parse' prints each rejection): an ESC sequence in a hostile
    # WARC-Record-ID set the terminal's title and cleared the screen.
    a = real_articles[0]
    payload = http_response("200 OK", "text/html; charset=utf-8", make_page(a).encode())
    head = (
        b"WARC/1.1\r\nWARC-Type: response\r\n"
        b"WARC-Record-ID: <urn:uuid:1>\x1b]0;pwned\x07\x1b[2J\r\n"
        b"WARC-Target-URI: " + a.url.encode() + b"\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(payload)).encode() + b"\r\n\r\n"
    )
    [r] = list(read_warc(head + payload + b"\r\n\r\n", name="x.warc"))
    assert isinstance(r, Article), r
    assert r.raw_ref == "x.warc#<urn:uuid:1>\\x1b]0;pwned\\x07\\x1b[2J"


def _chunked(body: bytes, size: int = 500) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def _raw_response(uuid: str, uri: str, headers: str, body: bytes) -> bytes:
    """A response record whose HTTP body is stored as it came off the wire (wget, warcprox)."""
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n"
    return warc_record(
        WarcRecordType.response,
        uuid=uuid,
        payload=head.encode("ascii") + body,
        content_type="application/http; msgtype=response",
        uri=uri,
    )


def test_chunked_gzip_body_is_decoded_and_later_records_are_read(
    real_articles: list[RealArticle],
) -> None:
    # fastwarc's own decoding lost its place after a chunked + gzip body and ended the file
    # without a word: every record after it was silently dropped.
    a, b, c = real_articles
    recs = [
        _raw_response(
            "00000000-0000-0000-0000-00000000000a",
            a.url,
            "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            _chunked(gzip.compress(make_page(a).encode())),
        ),
        _raw_response(
            "00000000-0000-0000-0000-00000000000b",
            b.url,
            "Content-Encoding: deflate\r\n",
            zlib.compress(make_page(b).encode()),
        ),
        _raw_response("00000000-0000-0000-0000-00000000000c", c.url, "", make_page(c).encode()),
    ]
    for data in (b"".join(recs), b"".join(gzip.compress(r) for r in recs)):
        out = list(read_warc(data, name="wire.warc"))
        assert [type(r).__name__ for r in out] == ["Article"] * 3, out
        got = [r for r in out if isinstance(r, Article)]
        assert [x.title for x in got] == [a.title, b.title, c.title]
        assert [x.paragraphs for x in got] == [_html_ws(x.paragraphs) for x in (a, b, c)]


def test_chunked_header_on_a_dechunked_body(real_articles: list[RealArticle]) -> None:
    # Crawlers often store the body de-chunked and decompressed but keep the original headers.
    a = real_articles[0]
    rec = _raw_response(
        "00000000-0000-0000-0000-00000000000d",
        a.url,
        "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
        make_page(a).encode(),
    )
    [r] = list(read_warc(rec, name="w.warc"))
    assert isinstance(r, Article)
    assert r.paragraphs == _html_ws(a.paragraphs)


def test_broken_gzip_body_is_rejected_and_the_file_goes_on(
    real_articles: list[RealArticle],
) -> None:
    a, b = real_articles[0], real_articles[1]
    broken = gzip.compress(make_page(a).encode())[:-30] + b"\x00" * 30
    recs = [
        _raw_response("00000000-0000-0000-0000-00000000000e", a.url, "Content-Encoding: gzip\r\n",
                      broken[:20] + b"\xff" * 40 + broken[60:]),
        _raw_response("00000000-0000-0000-0000-00000000000f", b.url, "", make_page(b).encode()),
    ]  # fmt: skip
    out = list(read_warc(b"".join(recs), name="w.warc"))
    assert isinstance(out[0], Rejected)
    assert out[0].reason.startswith("broken gzip body")
    assert isinstance(out[1], Article)
    assert out[1].title == b.title


def test_truncated_utf8_record_with_a_wrong_declared_charset(
    real_articles: list[RealArticle],
) -> None:
    # A size-capped crawler cut the page mid-character, and the server claimed windows-1256:
    # the page must not be read as cp1256 mojibake (ط³ط±...), and the cut is reported.
    a = real_articles[0]
    page = make_page(a).encode()
    cut = page[: page.index(a.paragraphs[-1].encode()) + 7]  # inside a two-byte letter
    with pytest.raises(UnicodeDecodeError):
        cut.decode("utf-8")
    rec = warc_record(
        WarcRecordType.response,
        uuid="00000000-0000-0000-0000-000000000010",
        payload=http_response("200 OK", "text/html; charset=windows-1256", cut),
        content_type="application/http; msgtype=response",
        uri=a.url,
    )
    [r] = list(read_warc(rec, name="cut.warc"))
    assert isinstance(r, Article), r
    assert r.title == a.title
    assert r.paragraphs[0] == _html_ws(a.paragraphs)[0]
    assert any("partial UTF-8 character" in w for w in r.extra["warnings"])


def _as_cp1256(text: str) -> str:
    """Urdu as an old Windows-1256 page writes it: Arabic yeh for ی, a period for ۔, and what the
    code page lacks (a few marks) left out."""
    text = text.translate(str.maketrans("ی۔", "ي."))
    return text.encode("cp1256", errors="ignore").decode("cp1256")


def test_declared_windows_1256_page_is_read(real_articles: list[RealArticle]) -> None:
    a = real_articles[0]
    page = _as_cp1256(make_page(a).replace('charset="utf-8"', 'charset="windows-1256"'))
    rec = warc_record(
        WarcRecordType.response,
        uuid="00000000-0000-0000-0000-000000000011",
        payload=http_response("200 OK", "text/html; charset=windows-1256", page.encode("cp1256")),
        content_type="application/http; msgtype=response",
        uri=a.url,
    )
    [r] = list(read_warc(rec, name="old.warc"))
    assert isinstance(r, Article), r
    assert r.title == _as_cp1256(a.title)
    assert r.paragraphs == _html_ws(tuple(_as_cp1256(p) for p in a.paragraphs))


def test_brotli_body_is_decoded(real_articles: list[RealArticle]) -> None:
    brotli = import_module("brotli")  # a dependency of fastwarc, always installed
    a = real_articles[2]
    rec = _raw_response(
        "00000000-0000-0000-0000-000000000012",
        a.url,
        "Content-Encoding: br\r\n",
        brotli.compress(make_page(a).encode()),
    )
    [r] = list(read_warc(rec, name="br.warc"))
    assert isinstance(r, Article), r
    assert r.paragraphs == _html_ws(a.paragraphs)


def test_compressed_bomb_is_rejected_and_the_crawl_goes_on(
    real_articles: list[RealArticle],
) -> None:
    # 20 MB of markup compresses to a few kB; decompressing it whole would hold it all (a real
    # bomb says gigabytes): each coding stops at the record limit and rejects the record.
    brotli = import_module("brotli")  # a dependency of fastwarc, always installed
    bomb = b"<p>" + b"\x00" * 20_000_000
    a = real_articles[1]
    records = b""
    for i, (coding, body) in enumerate(
        [("br", brotli.compress(bomb, quality=1)), ("gzip", gzip.compress(bomb, 1))]
    ):
        assert len(body) < 100_000
        records += _raw_response(
            f"00000000-0000-0000-0000-00000000009{i}",
            a.url,
            f"Content-Encoding: {coding}\r\n",
            body,
        )
    records += warc_record(
        WarcRecordType.response,
        uuid="00000000-0000-0000-0000-000000000099",
        payload=http_response("200 OK", "text/html; charset=utf-8", make_page(a).encode()),
        content_type="application/http; msgtype=response",
        uri=a.url,
    )
    del bomb
    tracemalloc.start()
    try:
        got = list(
            read_warc(
                records, name="bomb.warc", settings=IngestSettings(max_warc_record_bytes=1_000_000)
            )
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000  # a few times the record limit, never the bomb's 20 MB
    assert [type(r) for r in got] == [Rejected, Rejected, Article]
    assert all("exceeds limit" in r.reason for r in got[:2] if isinstance(r, Rejected))


def test_target_uri_in_angle_brackets(real_articles: list[RealArticle]) -> None:
    # The WARC 1.1 spec's own example wrote WARC-Target-URI as <uri>; some writers copied it.
    a = real_articles[0]
    page = make_page(a, canonical=False)
    rec = warc_record(
        WarcRecordType.response,
        uuid="00000000-0000-0000-0000-000000000013",
        payload=http_response("200 OK", "text/html; charset=utf-8", page.encode()),
        content_type="application/http; msgtype=response",
        uri=f"<{a.url}>",
    )
    [r] = list(read_warc(rec, name="b.warc"))
    assert isinstance(r, Article), r
    assert (r.url, r.source) == (a.url, "urdu.geo.tv")


def test_response_without_content_type_is_sniffed(real_articles: list[RealArticle]) -> None:
    a = real_articles[1]
    recs = [
        warc_record(
            WarcRecordType.response,
            uuid="00000000-0000-0000-0000-000000000014",
            payload=b"HTTP/1.1 200 OK\r\nServer: x\r\n\r\n" + make_page(a).encode(),
            content_type="application/http; msgtype=response",
            uri=a.url,
        ),
        warc_record(
            WarcRecordType.response,
            uuid="00000000-0000-0000-0000-000000000015",
            payload=b"HTTP/1.1 200 OK\r\n\r\n%PDF-1.5 not a page",
            content_type="application/http; msgtype=response",
            uri="https://urdu.geo.tv/file",
        ),
    ]
    skips: Counter[str] = Counter()
    out = list(read_warc(b"".join(recs), name="n.warc", skips=skips))
    assert len(out) == 1
    assert isinstance(out[0], Article)
    assert out[0].title == a.title
    assert skips == Counter({"WARC non-HTML no content type": 1})


def test_truncated_chunked_record_keeps_what_arrived(real_articles: list[RealArticle]) -> None:
    # The crawl's last record is cut short inside a chunk: the text that arrived is read, with
    # no chunk-size lines ('12c') left in it.
    a = real_articles[0]
    page = make_page(a).encode()
    chunk = 300
    at = page.index(a.paragraphs[-1].encode()) + 30  # inside the last paragraph
    at -= at % chunk == 0  # not on a chunk boundary
    # In the chunked body each 300-byte chunk is preceded by '12c\r\n' and followed by '\r\n'.
    cut = _chunked(page, size=chunk)[: at + (at // chunk + 1) * 5 + (at // chunk) * 2]
    rec = _raw_response(
        "00000000-0000-0000-0000-000000000016", a.url, "Transfer-Encoding: chunked\r\n", cut
    )
    [r] = list(read_warc(rec, name="cut.warc"))
    assert isinstance(r, Article), r
    assert r.paragraphs[: len(a.paragraphs) - 1] == _html_ws(a.paragraphs)[:-1]
    assert not any(re.fullmatch(r"[0-9a-f]+", p) for p in r.paragraphs)


def test_resource_records_are_read_as_pages(real_articles: list[RealArticle]) -> None:
    # wget --warc-file and warcit archive local files as 'resource' records: the page with no
    # HTTP header block, its content type in the WARC header.  They were all skipped.
    a, b = real_articles[0], real_articles[1]
    recs = [
        warc_record(
            WarcRecordType.resource,
            uuid="00000000-0000-0000-0000-000000000017",
            payload=make_page(a, canonical=False).encode(),
            content_type="text/html; charset=utf-8",
            uri=a.url,
        ),
        warc_record(
            WarcRecordType.resource,
            uuid="00000000-0000-0000-0000-000000000018",
            payload=make_page(b).encode(),
            content_type="text/html",
            uri="file:///home/me/site/b.html",
        ),
        warc_record(
            WarcRecordType.resource,
            uuid="00000000-0000-0000-0000-000000000019",
            payload=b"Opening WARC file 'crawl.warc.gz'.\n",
            content_type="text/plain",
            uri="metadata://gnu.org/software/wget/warc/wget.log",
        ),
    ]
    skips: Counter[str] = Counter()
    out = list(read_warc(b"".join(recs), name="r.warc", skips=skips))
    assert len(out) == 2
    first, second = (_ok(r) for r in out)
    assert (first.title, first.url, first.source) == (a.title, a.url, "urdu.geo.tv")
    assert first.paragraphs == _html_ws(a.paragraphs)
    # A local file's URI is no article URL: the page's canonical link is.
    assert (second.url, second.title) == (b.url, b.title)
    assert second.raw_ref == "r.warc#<urn:uuid:00000000-0000-0000-0000-000000000018>"
    assert skips == Counter({"WARC non-HTML text/plain": 1})


def test_http_headers_ending_in_lf_only(real_articles: list[RealArticle]) -> None:
    # Header lines ending in LF only (no CR) made fastwarc read the whole record as headers:
    # an empty page, skipped without a word.
    a = real_articles[0]
    page = make_page(a).encode()

    def response(uuid: str, head: bytes) -> bytes:
        return warc_record(
            WarcRecordType.response,
            uuid=uuid,
            payload=head + page,
            content_type="application/http; msgtype=response",
            uri=a.url,
        )

    crlf = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    recs = [
        response("00000000-0000-0000-0000-000000000020", crlf),
        response("00000000-0000-0000-0000-000000000021", crlf.replace(b"\r\n", b"\n")),
        # No blank line after the headers at all: the page's first lines read as headers.
        response("00000000-0000-0000-0000-000000000022", crlf[:-2].replace(b"\r\n", b"\n")),
    ]
    skips: Counter[str] = Counter()
    good, lf, broken = read_warc(b"".join(recs), name="lf.warc", skips=skips)
    assert _ok(lf).paragraphs == _ok(good).paragraphs == _html_ws(a.paragraphs)
    assert _ok(lf).title == a.title
    assert isinstance(broken, Rejected)
    assert broken.ref == "lf.warc#<urn:uuid:00000000-0000-0000-0000-000000000022>"
    assert broken.reason.startswith("broken HTTP header block: '<meta property=")
    assert "no blank line between the headers and the page?" in broken.reason
    assert not skips
    # Headers and nothing after them: reported, not skipped.
    headers_only = warc_record(
        WarcRecordType.response,
        uuid="00000000-0000-0000-0000-000000000023",
        payload=b"HTTP/1.1 200 OK\nContent-Type: text/html\n",
        content_type="application/http; msgtype=response",
        uri=a.url,
    )
    [empty] = read_warc(headers_only, name="e.warc")
    assert isinstance(empty, Rejected)
    assert empty.reason == "empty HTTP body (no blank line after the HTTP headers?)"


def _ok(r: Article | Rejected) -> Article:
    assert isinstance(r, Article), r
    return r
