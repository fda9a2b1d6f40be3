"""Shared fixtures for the ingest tests: the shared data folder, and builders for HTML and WARC
fixtures made from real article text (Geo Urdu 2024 articles)."""

from __future__ import annotations

import csv
import gzip
import html
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastwarc.warc import WarcRecord, WarcRecordType

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
NEWS = DATA / "news"


@dataclass(frozen=True)
class RealArticle:
    """A real article from the shared data, split into paragraphs at sentence ends."""

    title: str
    url: str
    paragraphs: tuple[str, ...]


def _real_articles(n: int) -> list[RealArticle]:
    out = []
    with open(NEWS / "outlets-2024" / "geo_articles.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            sentences = [s.strip() + "۔" for s in row["Content"].split("۔") if len(s.strip()) > 40]
            if len(sentences) < 4:
                continue
            paras = tuple(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))
            out.append(RealArticle(row["Title"].strip(), row["Link"].strip(), paras))
            if len(out) == n:
                break
    return out


@pytest.fixture(scope="session")
def real_articles() -> list[RealArticle]:
    return _real_articles(3)


def make_page(
    art: RealArticle,
    *,
    published: str | None = "2024-11-20T10:15:00+05:00",
    author: str | None = "ویب ڈیسک",
    keywords: str | None = "کرکٹ، چیمپئنز ٹرافی",
    canonical: bool = True,
    extra_body: str = "",
) -> str:
    """A realistic news page: head metadata, nav/aside/footer chrome, the article as <p>s."""
    e = html.escape
    meta = [f'<meta property="og:title" content="{e(art.title)}">']
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        meta.append(f'<meta name="author" content="{e(author)}">')
    if keywords:
        meta.append(f'<meta name="keywords" content="{e(keywords)}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{e(art.url)}">')
    paras = "\n".join(f"<p>{e(p)}</p>" for p in art.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ur" dir="rtl"><head><meta charset="utf-8">
<title>{e(art.title)} | Geo Urdu</title>
{chr(10).join(meta)}
</head><body>
<header><nav><ul><li><a href="/">ہوم</a></li><li><a href="/pakistan">پاکستان</a></li>
<li><a href="/world">دنیا</a></li><li><a href="/sports">کھیل</a></li></ul></nav></header>
<main><article>
<h1>{e(art.title)}</h1>
<div class="content-area">
{paras}
{extra_body}
</div></article>
<aside><h3>مقبول خبریں</h3><ul><li><a href="/a">ایک اور خبر</a></li></ul></aside></main>
<footer><p>جملہ حقوق محفوظ ہیں © جیو نیوز</p></footer>
</body></html>"""


def warc_record(
    rtype: WarcRecordType,
    *,
    uuid: str,
    payload: bytes,
    content_type: str,
    uri: str | None = None,
) -> bytes:
    """One WARC/1.1 record written by fastwarc."""
    r = WarcRecord()
    r.init_headers(rtype, f"uuid:{uuid}".encode())
    if uri:
        r.headers["WARC-Target-URI"] = uri
    r.headers["Content-Type"] = content_type
    r.set_bytes_content(payload)
    buf = io.BytesIO()
    r.write(buf)
    return buf.getvalue()


def http_response(status: str, content_type: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


@dataclass(frozen=True)
class CrawlFixture:
    records: tuple[bytes, ...]  # one item per WARC record
    articles: tuple[RealArticle, ...]  # the HTML 200 responses, in order

    @property
    def plain(self) -> bytes:
        return b"".join(self.records)

    @property
    def gzipped(self) -> bytes:
        """gzip per record, as crawlers write .warc.gz."""
        return b"".join(gzip.compress(r) for r in self.records)


@pytest.fixture(scope="session")
def crawl(real_articles: list[RealArticle]) -> CrawlFixture:
    """warcinfo, then per page a request + response; plus an image response and a 404 page."""
    a, b = real_articles[0], real_articles[1]
    http = "application/http; msgtype=response"
    recs = [
        warc_record(
            WarcRecordType.warcinfo,
            uuid="00000000-0000-0000-0000-000000000000",
            payload=b"software: akhbar-tests\r\nformat: WARC File Format 1.1\r\n",
            content_type="application/warc-fields",
        ),
        warc_record(
            WarcRecordType.request,
            uuid="00000000-0000-0000-0000-000000000001",
            payload=b"GET /latest/1 HTTP/1.1\r\nHost: urdu.geo.tv\r\n\r\n",
            content_type="application/http; msgtype=request",
            uri=a.url,
        ),
        warc_record(
            WarcRecordType.response,
            uuid="00000000-0000-0000-0000-000000000002",
            payload=http_response("200 OK", "text/html; charset=utf-8", make_page(a).encode()),
            content_type=http,
            uri=a.url,
        ),
        warc_record(
            WarcRecordType.response,
            uuid="00000000-0000-0000-0000-000000000003",
            payload=http_response("200 OK", "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
            content_type=http,
            uri="https://urdu.geo.tv/logo.jpg",
        ),
        warc_record(
            WarcRecordType.response,
            uuid="00000000-0000-0000-0000-000000000004",
            payload=http_response(
                "404 Not Found",
                "text/html",
                "<html><body><p>صفحہ نہیں ملا</p></body></html>".encode(),
            ),
            content_type=http,
            uri="https://urdu.geo.tv/missing",
        ),
        warc_record(
            WarcRecordType.response,
            uuid="00000000-0000-0000-0000-000000000005",
            payload=http_response(
                "200 OK", "text/html", make_page(b, canonical=False, published=None).encode()
            ),
            content_type=http,
            uri="https://www.urdu.geo.tv/latest/2?utm_source=x",
        ),
    ]
    return CrawlFixture(tuple(recs), (a, b))
