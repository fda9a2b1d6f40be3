"""HTML reader on realistic pages built from real Geo Urdu article text."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from akhbar.article import Article, Rejected
from akhbar.ingest import read_any
from akhbar.ingest.html import parse_html, read_html_bytes

from .conftest import RealArticle, make_page

PKT = timezone(timedelta(hours=5))


def _html_ws(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """trafilatura's text: runs of whitespace (NBSP too, unlike a browser) collapse to a space."""
    return tuple(re.sub(r"\s+", " ", p).strip() for p in paragraphs)


def _article(r: Article | Rejected) -> Article:
    assert isinstance(r, Article), r
    return r


def test_page_metadata_and_body(real_articles: list[RealArticle]) -> None:
    art = real_articles[0]
    a = _article(parse_html(make_page(art), ref="page.html"))
    assert a.title == art.title
    assert a.url == art.url  # from <link rel=canonical>
    assert a.source == "urdu.geo.tv"
    assert a.published == datetime(2024, 11, 20, 10, 15, tzinfo=PKT)
    assert a.author == "ویب ڈیسک"
    assert set(a.tags) == {"کرکٹ", "چیمپئنز ٹرافی"}
    assert a.paragraphs == _html_ws(art.paragraphs)  # every <p>, in order, nothing else
    text = a.text
    for chrome in ("ہوم", "مقبول خبریں", "جملہ حقوق", "ایک اور خبر"):
        assert chrome not in text
    assert a.raw_ref == "page.html"
    assert a.lang is None


def test_source_argument_wins(real_articles: list[RealArticle]) -> None:
    a = _article(parse_html(make_page(real_articles[0]), ref="p.html", source="geo"))
    assert a.source == "geo"


def test_urdu_dateline_fallback(real_articles: list[RealArticle]) -> None:
    art = real_articles[1]
    page = make_page(art, published=None).replace(
        '<div class="content-area">',
        '<div class="content-area"><p>Apr ۱۳, ۲۰۲۱ ۱۹:۵۶ Asia/Tehran</p>',
    )
    a = _article(parse_html(page, ref="p.html"))
    assert a.published is not None
    assert a.published.isoformat() == "2021-04-13T19:56:00+04:30"
    assert a.paragraphs == _html_ws(art.paragraphs)  # the dateline is metadata, not a paragraph


def test_chrome_labels_and_tags_in_body(real_articles: list[RealArticle]) -> None:
    art = real_articles[2]
    page = make_page(art, keywords=None, extra_body="<p>شیئر کریں</p><p>ٹیگس</p><p>لاہور، موسم</p>")
    a = _article(parse_html(page, ref="p.html"))
    assert a.paragraphs == _html_ws(art.paragraphs)
    assert a.tags == ("لاہور", "موسم")


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("<html><body><nav><a href='/'>ہوم</a></nav></body></html>", id="nav only"),
        pytest.param("<html><head><title>خالی</title></head><body></body></html>", id="no body"),
        pytest.param("", id="empty string"),
        pytest.param("<<<>>>not html", id="garbage"),
    ],
)
def test_page_without_text_is_rejected(page: str) -> None:
    assert parse_html(page, ref="x.html") == Rejected("x.html", "no article text found")


def test_html_file_bytes_and_sniffing(tmp_path: Path, real_articles: list[RealArticle]) -> None:
    page = make_page(real_articles[0]).encode("utf-8")
    [a] = list(read_html_bytes(page, name="p.html"))
    assert isinstance(a, Article)
    # No extension: sniffed as HTML from the content.
    (tmp_path / "page").write_bytes(page)
    [b] = list(read_any(tmp_path / "page"))
    assert isinstance(b, Article)
    assert b.paragraphs == a.paragraphs
    assert b.id == a.id
