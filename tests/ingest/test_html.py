"""HTML reader on realistic pages built from real Geo Urdu article text."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from akhbar.article import Article, Rejected
from akhbar.ingest import IngestSettings, read_any
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


@pytest.mark.parametrize(
    "home", ["https://urdu.geo.tv/", "https://urdu.geo.tv", "https://urdu.geo.tv/index.php"]
)
def test_a_home_page_canonical_is_not_the_article_url(
    tmp_path: Path, real_articles: list[RealArticle], home: str
) -> None:
    # A CMS that writes the site's root as every page's canonical URL: taken as the article's
    # URL, every later page of the site was a duplicate ('same URL') of the first, and lost.
    for i, art in enumerate(real_articles[:2]):
        page = make_page(RealArticle(art.title, home, art.paragraphs))
        (tmp_path / f"{i}.html").write_text(page, encoding="utf-8")
    a, b = (_article(r) for r in read_any(tmp_path))
    assert (a.url, b.url) == (None, None)
    assert (a.source, b.source) == ("urdu.geo.tv", "urdu.geo.tv")
    assert a.extra["canonical_url"] == home
    assert a.extra["warnings"] == [
        f"page's canonical URL {home!r} is the site's home page; not used"
    ]
    assert a.id != b.id
    # The article's own canonical URL is kept.
    art = real_articles[0]
    assert _article(parse_html(make_page(art), ref="p.html")).url == art.url


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


# A real page carries far more ASCII markup, script and style than text.
_SCRIPTS = (
    "<style>.content-area p{font-family:'Jameel Noori Nastaleeq',serif;line-height:2.2}"
    ".header-navigation-wrapper{display:flex;justify-content:space-between}</style>\n"
    + "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
    "gtag('js',new Date());gtag('config','UA-12345678-1',{anonymize_ip:true});</script>\n" * 12
)


def test_windows_1256_page_declared_in_meta_is_read(
    tmp_path: Path, real_articles: list[RealArticle]
) -> None:
    art = real_articles[0]
    to_cp1256 = str.maketrans("ی۔", "ي.")  # what a Windows-1256 page writes instead

    def cp1256(text: str) -> str:
        return text.translate(to_cp1256).encode("cp1256", errors="ignore").decode("cp1256")

    page = make_page(art).replace('<meta charset="utf-8">', '<meta charset="windows-1256">')
    page = page.replace("</head>", _SCRIPTS + "</head>")
    path = tmp_path / "old.html"
    path.write_bytes(cp1256(page).encode("cp1256"))
    for records in (list(read_any(path)), list(read_html_bytes(path.read_bytes(), name="p"))):
        a = _article(records[0])
        assert a.title == cp1256(art.title)
        assert a.paragraphs == _html_ws(tuple(cp1256(p) for p in art.paragraphs))


def test_utf8_page_with_a_bad_byte_is_not_read_as_its_declared_cp1256(
    real_articles: list[RealArticle],
) -> None:
    # A page declares windows-1256 but is UTF-8 with one stray byte: reading it as cp1256 would
    # store mojibake (ط³ط±...); it is rejected with the byte's position instead.
    page = make_page(real_articles[0]).replace('charset="utf-8"', 'charset="windows-1256"')
    data = page.encode("utf-8")
    at = data.index(b"<p>") + 3
    data = data[:at] + b"\xff" + data[at:]
    [r] = list(read_html_bytes(data, name="p.html"))
    assert isinstance(r, Rejected)
    assert f"not valid UTF-8 at byte {at}" in r.reason


def test_a_javascript_only_page_is_no_article(real_articles: list[RealArticle]) -> None:
    # A page that renders with JavaScript: its <noscript> notice was stored as the article.
    notice = (
        "<noscript><p>Please enable JavaScript to view this page. You need to enable "
        "JavaScript to run this app.</p></noscript>"
    )
    page = (
        "<!DOCTYPE html><html><head><title>خبریں</title></head><body>"
        f'{notice}<div id="root"></div><script src="/static/main.js"></script></body></html>'
    )
    assert parse_html(page, ref="js.html") == Rejected("js.html", "no article text found")
    # A real article with such a notice (and a lazy image's <noscript>) is read whole.
    art = real_articles[0]
    body = make_page(art, extra_body='<noscript><img src="/a.jpg"></noscript>')
    a = _article(parse_html(body.replace("<body>", "<body>" + notice), ref="p.html"))
    assert a.paragraphs == _html_ws(art.paragraphs)


def test_a_page_with_too_many_elements_is_rejected_before_extraction(
    real_articles: list[RealArticle],
) -> None:
    # 200,000 short paragraphs (9 MB) kept trafilatura busy for a minute and a half.
    art = real_articles[0]
    extra = "".join(f"<p>{i}: {art.paragraphs[0][:40]}</p>" for i in range(600))
    page = make_page(art, extra_body=extra)
    a = _article(parse_html(page, ref="p.html"))  # the default limit is far above a real page
    assert len(a.paragraphs) > 600
    small = IngestSettings(max_html_elements=500)
    r = parse_html(page, ref="p.html", settings=small)
    assert isinstance(r, Rejected)
    assert r.reason.startswith("HTML page too big to extract (")
    assert r.reason.endswith(" elements > limit 500)")
    assert int(r.reason.split("(")[1].split()[0]) > 600
    # The same limit applies to a page read from a file.
    [f] = read_html_bytes(page.encode(), name="p.html", settings=small)
    assert f == r
    assert isinstance(parse_html(make_page(art), ref="p.html", settings=small), Article)


# ---- a date only in the visible byline (no meta tag, no JSON-LD, no <time datetime>) ---------

_BYLINE = (
    '<div class="byline"><span class="author">ویب ڈیسک</span> | <span>05 جون 2024</span></div>'
)


def _with(
    art: RealArticle,
    *,
    after_h1: str = "",
    before_h1: str = "",
    published: str | None = None,
    extra_body: str = "",
) -> str:
    """A page of ``art`` (without a date in its metadata unless ``published``), ``after_h1`` /
    ``before_h1`` put by the headline, ``extra_body`` after the story (:func:`make_page`)."""
    page = make_page(art, published=published, extra_body=extra_body)
    h1 = f"<h1>{html.escape(art.title)}</h1>"
    assert page.count(h1) == 1
    return page.replace(h1, before_h1 + h1 + after_h1)


@pytest.mark.parametrize(
    ("after_h1", "before_h1", "expected"),
    [
        pytest.param(_BYLINE, "", datetime(2024, 6, 5, tzinfo=UTC), id="byline spans"),
        pytest.param(
            "<p>ویب ڈیسک | 05 جون 2024</p>", "", datetime(2024, 6, 5, tzinfo=UTC),
            id="byline paragraph that trafilatura keeps as text",
        ),
        pytest.param(
            "<div>اپ ڈیٹ 05 جون 2024 10:15 شام</div>", "",
            datetime(2024, 6, 5, 22, 15, tzinfo=UTC), id="unmarked div with a time",
        ),
        pytest.param(
            '<div class="post-meta"><a href="/author/1">نمائندہ خصوصی، اسلام آباد بیورو کی رپورٹ'
            "</a> <span>Published: 10:15 PM, June 5, 2024</span></div>", "",
            datetime(2024, 6, 5, 22, 15, tzinfo=UTC), id="marked: any words beside the date",
        ),
        pytest.param(
            "",
            '<div class="meta"><span>پاکستان</span> <span class="date">05 جون 2024</span></div>',
            datetime(2024, 6, 5, tzinfo=UTC),
            id="marked date over the headline",
        ),
    ],
)  # fmt: skip
def test_the_date_of_a_visible_byline(
    real_articles: list[RealArticle], after_h1: str, before_h1: str, expected: datetime
) -> None:
    art = real_articles[0]
    a = _article(parse_html(_with(art, after_h1=after_h1, before_h1=before_h1), ref="p.html"))
    assert a.published == expected
    assert a.published is not None
    assert a.published.utcoffset() == expected.utcoffset()
    assert a.text.count("انٹرنیشنل کرکٹ کونسل") >= 1  # the story is read as before


def test_a_byline_is_found_in_a_theme_whose_wrapper_names_the_side_column(
    real_articles: list[RealArticle],
) -> None:
    # Genesis themes wrap the article and the side column in one div.content-sidebar-wrap
    art = real_articles[0]
    page = _with(
        art,
        after_h1='<p class="entry-meta"><time class="entry-time">05 جون 2024</time>'
        ' بذریعہ <a href="/author/1">نمائندہ خصوصی</a> اسلام آباد سے تازہ ترین رپورٹ</p>',
    )
    page = page.replace("<main>", '<main><div class="content-sidebar-wrap">')
    page = page.replace("</main>", "</div></main>")
    assert _article(parse_html(page, ref="p.html")).published == datetime(2024, 6, 5, tzinfo=UTC)


def test_a_byline_date_takes_the_default_zone_and_a_page_date_wins(
    real_articles: list[RealArticle],
) -> None:
    art = real_articles[0]
    karachi = IngestSettings(default_tz=ZoneInfo("Asia/Karachi"))
    a = _article(parse_html(_with(art, after_h1=_BYLINE), ref="p.html", settings=karachi))
    assert a.published == datetime(2024, 6, 5, tzinfo=PKT)
    # the page's metadata, when it has a date, is the date
    page = _with(art, after_h1=_BYLINE, published="2024-11-20T10:15:00+05:00")
    assert _article(parse_html(page, ref="p.html")).published == datetime(
        2024, 11, 20, 10, 15, tzinfo=PKT
    )


@pytest.mark.parametrize(
    ("where", "snippet"),
    [
        pytest.param(
            "after_h1", "<p>وزیراعظم نے 5 جون 2024 کو اسمبلی سے خطاب کیا۔</p>",
            id="the story's first sentence",
        ),
        pytest.param(
            "after_h1", "<p>ویب ڈیسک</p>", id="a byline without a date (the story's dates stay)"
        ),
        pytest.param(
            "extra_body", '<p><span class="date">05 جون 2024</span></p>',
            id="a marked date after the story",
        ),
        pytest.param(
            "after_h1",
            '<ul class="list"><li><a href="/b">دوسری خبر</a> <span class="date">03 جون 2024'
            "</span></li></ul>",
            id="a list of other stories with their dates",
        ),
        pytest.param(
            "after_h1", '<aside><span class="date">03 جون 2024</span></aside>', id="a side column"
        ),
        pytest.param(
            "header", '<span class="date">اتوار 08 دسمبر 2024</span>',
            id="today's date in the page header",
        ),
        pytest.param(
            "before_h1", '<div class="wrap"><span>03 جون 2024</span></div>',
            id="an unmarked date over the headline",
        ),
        pytest.param(
            "wordpress",
            "وزیراعظم شہباز شریف نے 5 جون 2024 کو قومی اسمبلی کے اجلاس سے خطاب کرتے ہوئے کہا",
            id="a sentence in a WordPress article",
        ),
        pytest.param(
            "no_headline", '<div class="date">05 جون 2024</div>',
            id="no headline element: the page's site-name h1 is not one",
        ),
    ],
)  # fmt: skip
def test_no_date_is_taken_from_outside_the_byline(
    real_articles: list[RealArticle], where: str, snippet: str
) -> None:
    art = real_articles[0]
    if where == "extra_body":
        page = _with(art, extra_body=snippet)
    elif where == "header":
        page = _with(art).replace("<header>", "<header>" + snippet)
    elif where == "no_headline":
        page = _with(art).replace(
            f"<h1>{html.escape(art.title)}</h1>",
            f'<div class="title">{html.escape(art.title)}</div>',
        )
        page = page.replace("<header>", "<header><h1>جیو نیوز</h1>" + snippet)
    elif where == "wordpress":  # every article is class status-publish: no line is a date by it
        page = _with(art, after_h1="<p>" + snippet + "</p>")
        page = page.replace("<article>", '<article class="post type-post status-publish">')
    elif where == "before_h1":
        page = _with(art, before_h1=snippet)
    else:
        page = _with(art, after_h1=snippet)
    # the story mentions dates of its own (ٹرافی 2025 …): none of them is the article's date
    assert _article(parse_html(page, ref="p.html")).published is None


@pytest.mark.parametrize(
    "snippet",
    [
        pytest.param(
            '<div class="date">Published: June 5, 2024 10:15 PM</div>', id="English, marked div"
        ),
        pytest.param('<span class="date">June 5, 2024 10:15 PM</span>', id="English, span"),
        pytest.param('<p class="post-date">شائع 05 جون 2024 10:15 PM</p>', id="Urdu, PM"),
        pytest.param('<div class="time">05 جون 2024 رات 10:15</div>', id="Urdu, period word"),
    ],
)
def test_a_byline_time_is_kept_when_the_page_date_has_only_the_day(
    real_articles: list[RealArticle], snippet: str
) -> None:
    # htmldate reads a marked date element as the day only (2024-06-05T00:00:00): the time the
    # page shows was lost.  The visible line gives it.
    art = real_articles[0]
    a = _article(parse_html(_with(art, after_h1=snippet), ref="p.html"))
    assert a.published == datetime(2024, 6, 5, 22, 15, tzinfo=UTC)
    karachi = IngestSettings(default_tz=ZoneInfo("Asia/Karachi"))
    b = _article(parse_html(_with(art, after_h1=snippet), ref="p.html", settings=karachi))
    assert b.published == datetime(2024, 6, 5, 22, 15, tzinfo=PKT)


def test_a_byline_time_on_another_day_does_not_replace_the_page_date(
    real_articles: list[RealArticle],
) -> None:
    # the metadata's day wins over a byline of another day (an "updated" line, a wrong widget)
    art = real_articles[0]
    page = _with(
        art,
        after_h1='<div class="date">Updated: June 6, 2024 10:15 PM</div>',
        published="2024-06-05",
    )
    assert _article(parse_html(page, ref="p.html")).published == datetime(2024, 6, 5, tzinfo=UTC)
    # a page date with its time is not replaced by the byline's
    page = _with(
        art,
        after_h1='<div class="date">June 20, 2024 10:15 PM</div>',
        published="2024-06-20T09:00:00+05:00",
    )
    assert _article(parse_html(page, ref="p.html")).published == datetime(
        2024, 6, 20, 9, tzinfo=PKT
    )


@pytest.mark.parametrize(
    "byline",
    [
        "<p>ویب ڈیسک | 05 جون 2024</p>",
        '<p class="entry-meta">05 جون 2024 بذریعہ نمائندہ خصوصی اسلام آباد سے تازہ ترین رپورٹ</p>',
        "<p>ویب ڈیسک | 05 جون 2024 رات 9 بجے</p>",
    ],
)
def test_the_byline_the_date_was_read_from_is_not_in_the_text(
    real_articles: list[RealArticle], byline: str
) -> None:
    art = real_articles[0]
    a = _article(parse_html(_with(art, after_h1=byline), ref="p.html"))
    assert a.published is not None
    assert a.published.date() == datetime(2024, 6, 5).date()
    assert a.paragraphs == _html_ws(art.paragraphs)  # the story, all of it, and nothing else


def test_a_story_line_with_a_date_stays_when_no_byline_date_was_read(
    real_articles: list[RealArticle],
) -> None:
    art = real_articles[0]
    line = "وزیراعظم نے 5 جون 2024 کو اسمبلی سے خطاب کیا۔"
    a = _article(parse_html(_with(art, after_h1=f"<p>{line}</p>"), ref="p.html"))
    assert a.paragraphs == (line, *_html_ws(art.paragraphs))


@pytest.mark.parametrize("tag", ["div", "font", "span"])
def test_a_page_nested_past_the_parsers_depth_says_so(
    real_articles: list[RealArticle], tag: str
) -> None:
    # A generator that never closes a tag: past 255 levels libxml2 drops everything, and the
    # page was "no article text found" with nothing to say why.
    art = real_articles[0]
    body = "".join(f"<{tag}><p>{html.escape(p)}</p>" for p in art.paragraphs)
    page = f"<html><body>{f'<{tag}>' * 300}{body}</body></html>"
    r = parse_html(page, ref="deep.html")
    assert isinstance(r, Rejected)
    assert r.reason.startswith("no article text found: elements nested more than 255 deep")
    # the same page nested less deep is read
    shallow = f"<html><body>{f'<{tag}>' * 50}{body}</body></html>"
    assert isinstance(parse_html(shallow, ref="ok.html"), Article)
