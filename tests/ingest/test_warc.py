"""WARC reader on crawls built with fastwarc from real article pages."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from akhbar.article import Article, Rejected
from akhbar.ingest import IngestSettings, read_any
from akhbar.ingest.warc import read_warc

from .conftest import CrawlFixture
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
