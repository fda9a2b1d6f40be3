"""HTML pages: main text and metadata through trafilatura, the Urdu dateline parser as fallback.

trafilatura finds the article body (dropping nav, footer, comments) and the metadata: title,
author, date (``article:published_time`` and the like, kept with its time and offset),
canonical URL, tags and categories.  ``<noscript>`` content is dropped first: it is what a
browser without JavaScript shows ("Please enable JavaScript…"), never the article.  Paragraphs
are trafilatura's text lines; a first line equal to the title is dropped, and so are page-chrome
label lines.  If the page gives no date, the first short lines of the text are tried as a
dateline (``Apr ۱۳, ۲۰۲۱ ۱۹:۵۶ Asia/Tehran``), then the byline the page shows by its headline
(:func:`_byline_date`: ``ویب ڈیسک | 05 جون 2024``), which trafilatura's metadata does not read;
never a date from the story itself.  When the metadata gives only a day (htmldate reads a
``class="date"`` element's ``June 5, 2024 10:15 PM`` as midnight), a dateline or byline that
states a time on that day gives the time.  A byline the date was read from is dropped from the
text when trafilatura kept it as a line (it is metadata, like a dateline).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import lxml.html  # type: ignore[import-untyped]  # (lxml ships no stubs)
import trafilatura
from trafilatura.utils import load_html

from akhbar.article import Article, Rejected
from akhbar.ingest.common import (
    STRIP_CHARS,
    build_article,
    byline_value,
    clean_lines,
    dateline_value,
    decode_or_reject,
    parse_date_value,
    source_from_url,
    split_tags,
    strip_tail_chrome,
)
from akhbar.ingest.settings import DEFAULT_SETTINGS, IngestSettings

__all__ = ["parse_html", "read_html_bytes"]

# trafilatura logs every page it finds too short at WARNING; a reader reports through Rejected.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

_DATE_PARAMS: dict[str, Any] = {
    "extensive_search": False,  # no guessing from random numbers in the page
    "original_date": True,  # publication, not modification
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_DATELINE_LINES = 3
#: Dropped from the page before extraction: a JavaScript-only page's ``<noscript>`` notice
#: would otherwise be its article (trafilatura's fallbacks read the raw page).
_PRUNE = ["//noscript"]
#: A start tag, counted to bound trafilatura's work (``IngestSettings.max_html_elements``).
_START_TAG = re.compile(r"<[A-Za-z]")


def _dateline(lines: list[str], settings: IngestSettings) -> tuple[datetime | None, int]:
    """A date from one of the first lines that is a dateline; it and that line's index (or -1)."""
    for i, line in enumerate(lines[:_DATELINE_LINES]):
        dt = dateline_value(line, settings)
        if dt is not None:
            return dt, i
    return None, -1


# Where a byline's date is looked for: the lines after the headline up to the story, and an
# element marked as a date just before the headline, in the headline's own container.
_BYLINE_LINES = 8  # lines after the headline
_BYLINE_CHARS = 400  # characters after the headline
_BYLINE_LONG = 120  # a longer line is the story: the search stops there
_BYLINE_BEFORE = 3  # elements before the headline
# Elements whose text is never a byline: scripts, navigation, side columns, lists of other
# stories (each with its own date), captions, forms.
_NOT_BYLINE_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "aside",
        "footer",
        "form",
        "button",
        "select",
        "figure",
        "figcaption",
        "iframe",
        "svg",
        "ul",
        "ol",
        "table",
    ]
)
_NOT_BYLINE_CLASS = re.compile(
    r"(?i)related|recommend|popular|trending|latest|more|read-?also|comment|share|social|"
    r"widget|sidebar|breadcrumb|ticker|menu|caption|footer|header-?top|top-?bar"
)
# (not "publish": WordPress marks every article ``status-publish``)
_DATE_CLASS = re.compile(r"(?i)date|time|byline|published|posted|meta")
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "header",
        "main",
        "li",
        "dd",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "address",
        "blockquote",
        "td",
        "th",
        "pre",
    ]
)


HtmlElement = Any  # an lxml.html element (lxml ships no type stubs)


def _marks(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _skipped(el: Any, *, by_class: bool = True) -> bool:
    """True for an element (or comment) whose text is never a byline; ``by_class``: its class
    or id may say so too (not asked of the headline's ancestors: a theme's
    ``content-sidebar-wrap`` holds the article as well as the side column)."""
    if not isinstance(el.tag, str):
        return True
    if el.tag.lower() in _NOT_BYLINE_TAGS:
        return True
    return by_class and bool(_NOT_BYLINE_CLASS.search(_marks(el)))


def _texts(el: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """The text in ``el`` and after it in its parent, in document order, each with the
    element it stands in."""
    if not _skipped(el):
        if el.text:
            yield el.text, el
        for child in el:
            yield from _texts(child)
    parent = el.getparent()
    if el.tail and parent is not None:
        yield el.tail, parent


def _after(el: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """The text after ``el`` (not inside it) in document order, as :func:`_texts`."""
    node: HtmlElement | None = el
    while node is not None:
        parent = node.getparent()
        if node.tail and parent is not None:
            yield node.tail, parent
        for sibling in node.itersiblings():
            yield from _texts(sibling)
        node = parent
        if node is not None and _skipped(node, by_class=False):
            return


def _block(el: HtmlElement) -> HtmlElement:
    """The nearest block element holding ``el`` (or itself)."""
    node = el
    while node.tag not in _BLOCK_TAGS and node.getparent() is not None:
        node = node.getparent()
    return node


def _marked(el: HtmlElement, block: HtmlElement) -> bool:
    """True when ``el`` or an element between it and its ``block`` (included) is marked as a
    date or byline by its class or id (an article's or a page's class says nothing of one
    line)."""
    node: HtmlElement | None = el
    while node is not None:
        if _DATE_CLASS.search(_marks(node)):
            return True
        if node is block:
            return False
        node = node.getparent()
    return False


def _lines(texts: Iterator[tuple[str, HtmlElement]]) -> Iterator[tuple[str, bool]]:
    """Text grouped into lines (one a block element), each with whether it is marked."""
    block: HtmlElement | None = None
    parts: list[str] = []
    marked = False
    for text, where in texts:
        b = _block(where)
        if b is not block and parts:
            yield " ".join(" ".join(parts).split()), marked
            parts, marked = [], False
        block = b
        if text.strip():
            parts.append(text)
            marked = marked or _marked(where, b)
    if parts:
        yield " ".join(" ".join(parts).split()), marked


def _headline(tree: HtmlElement, title: str | None) -> HtmlElement | None:
    """The page's headline element: the first ``<h1>`` (or ``<h2>``) that is the title (or holds
    it, or half of it: a site name added); None when none is (a lone ``<h1>`` may be the
    site's logo, with today's date beside it)."""
    heads = [
        h
        for h in tree.iter("h1", "h2")
        if not any(_skipped(a, by_class=False) for a in h.iterancestors())
    ]
    if title:
        key = " ".join(title.split())
        for h in heads:
            text = " ".join(h.text_content().split())
            if text == key or (2 * len(text) >= len(key) and text in key) or key in text:
                return h
    return None


class _Byline(NamedTuple):
    value: datetime
    line: str  # the byline's text, whitespace collapsed (as :func:`_lines` gives it)


def _byline_date(html: str, title: str | None, settings: IngestSettings) -> _Byline | None:
    """The date of the byline the page shows by its headline, and the byline's line, or None.

    Looked for, in order: the short lines after the headline, up to the story (the first
    long line; at most eight lines, 400 characters), a line with a date and at most a few
    other words (:func:`~akhbar.ingest.common.byline_value`), or any words when the page
    marks the line as a date or byline (``class="date"``, ``byline``, ``post-meta``…); then
    a marked element just before the headline in its container (a date over the title).
    Lists, side columns, navigation and captions are never read (other stories' dates).
    """
    try:
        tree = load_html(html)
    except Exception:  # lxml raises many kinds on hostile markup
        return None
    if tree is None:
        return None
    head = _headline(tree, title)
    if head is None:
        return None
    seen = 0
    for n, (line, marked) in enumerate(_lines(_after(head))):
        seen += len(line)
        if n >= _BYLINE_LINES or seen > _BYLINE_CHARS or len(line) > _BYLINE_LONG:
            break
        value = byline_value(line, settings, marked=marked)
        if value is not None:
            return _Byline(value, line)
    container = head.getparent()
    if container is None:
        return None
    for sibling in list(head.itersiblings(preceding=True))[:_BYLINE_BEFORE]:
        texts = (t for t in _texts(sibling) if t[1] is not container)  # not the tail
        for line, marked in _lines(texts):
            if marked:
                value = byline_value(line, settings, marked=True)
                if value is not None:
                    return _Byline(value, line)
    return None


# htmldate's value for a page whose date it found without a time (a ``class="date"``
# element's ``June 5, 2024 10:15 PM``: htmldate reads only the day).
_DAY_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T00:00:00)?")


def _day_only(value: object) -> bool:
    """True when the page's metadata date (htmldate's string) is a day without a time or zone.

    >>> _day_only("2024-06-05T00:00:00"), _day_only("2024-06-05T22:15:00+0500"), _day_only(None)
    (True, False, False)
    """
    return isinstance(value, str) and _DAY_ONLY.fullmatch(value.strip()) is not None


def _same_day_with_time(visible: datetime | None, day: datetime) -> bool:
    """True when ``visible`` (a dateline or byline) states a time on ``day``'s date: the
    visible line then gives the time the metadata's day lacks."""
    if visible is None or visible.date() != day.date():
        return False
    return visible.timetz().replace(tzinfo=None) != visible.min.time()


def _drop_byline_line(lines: list[str], byline: str) -> None:
    """Remove the byline the date was read from when trafilatura kept it as a text line among
    the first lines (a story line never equals a byline: it has at most six other words and no
    sentence end, or the page marks it as a byline)."""
    for i, line in enumerate(lines[:_BYLINE_LINES]):
        if " ".join(line.split()) == byline:
            del lines[i]
            return


_NO_TEXT = "no article text found"
_TOO_DEEP = "Excessive depth"  # libxml2's message when it stops at 256 levels


def _no_text_reason(html: str) -> str:
    """Why a page gave no article text: said more precisely when its elements nest deeper
    than the HTML parser (libxml2) reads: 256 levels, below which everything is dropped
    (a page whose ``<div>`` or ``<font>`` tags are never closed).  Only asked of a rejected
    page (it parses the page once more).

    >>> _no_text_reason("<html><body><p>x</p></body></html>")
    'no article text found'
    >>> _no_text_reason("<div>" * 300 + "<p>خبر</p>")  # doctest: +ELLIPSIS
    'no article text found: elements nested more than 255 deep (tags never closed?)...'
    """
    parser = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8")
    try:
        lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except Exception:  # lxml raises many kinds on hostile markup; the plain reason stands
        return _NO_TEXT
    if any(_TOO_DEEP in e.message for e in parser.error_log):
        return (
            f"{_NO_TEXT}: elements nested more than 255 deep (tags never closed?); the HTML "
            "parser reads no deeper"
        )
    return _NO_TEXT


def _is_home_page(url: str) -> bool:
    """True for a URL that names a site's root, no article page: no path (or ``/``, or an
    index file), no query.

    >>> _is_home_page("https://urdu.geo.tv/"), _is_home_page("https://urdu.geo.tv/latest/1")
    (True, False)
    >>> _is_home_page("https://www.express.pk/index.php"), _is_home_page("https://x.pk/?p=12")
    (True, False)
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    path = parts.path.strip("/").lower()
    return bool(parts.netloc) and not parts.query and path in _HOME_PATHS


_HOME_PATHS = frozenset(["", "index.html", "index.htm", "index.php", "ur", "urdu", "home"])


def parse_html(
    html: str,
    *,
    ref: str,
    url: str | None = None,
    source: str | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
) -> Article | Rejected:
    """Extract one article from an HTML page (``url``: where it was fetched, if known).

    ``Article.url`` is ``url`` when given (the WARC target), else the page's canonical link; a
    canonical link that differs from ``url`` is kept in ``extra["canonical_url"]``.

    >>> body = "<p>" + "یہ ایک لمبا جملہ ہے جو خبر کا حصہ ہے۔ " * 12 + "</p>"
    >>> page = ("<html><head><title>سرخی</title><link rel=canonical href='https://www.x.pk/1'>"
    ...         "</head><body><article>" + body + "</article></body></html>")
    >>> a = parse_html(page, ref="p.html")
    >>> a.title, a.url, a.source, len(a.paragraphs)
    ('سرخی', 'https://www.x.pk/1', 'x.pk', 1)
    >>> parse_html("<html><body><nav>ہوم</nav></body></html>", ref="e.html")
    Rejected(ref='e.html', reason='no article text found')
    """
    elements = sum(1 for _ in _START_TAG.finditer(html))  # (no list of every tag)
    if elements > settings.max_html_elements:
        return Rejected(
            ref,
            f"HTML page too big to extract ({elements} elements > limit "
            f"{settings.max_html_elements})",
        )
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
            prune_xpath=_PRUNE,
        )
    except Exception as e:  # trafilatura/lxml raise many kinds on hostile markup
        return Rejected(ref, f"HTML extraction failed: {type(e).__name__}: {e}")
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip(STRIP_CHARS):
        return Rejected(ref, _no_text_reason(html))
    title = (getattr(doc, "title", None) or "").strip(STRIP_CHARS) or None
    lines = clean_lines(text)
    if title and lines and lines[0] == title:
        lines = lines[1:]
    warnings: list[str] = []
    published, warning = parse_date_value(getattr(doc, "date", None), settings)
    if warning:
        warnings.append(f"page date: {warning}")
    day_only = _day_only(getattr(doc, "date", None))
    dl_published, dl_index = _dateline(lines, settings)
    if dl_index >= 0:
        # A dateline line is metadata, not body text, whether or not the page also had a date.
        del lines[dl_index]
        if published is None or (day_only and _same_day_with_time(dl_published, published)):
            published = dl_published
            day_only = False
    if published is None or day_only:
        byline = _byline_date(html, title, settings)
        if byline is not None and (
            published is None or _same_day_with_time(byline.value, published)
        ):
            published = byline.value
            _drop_byline_line(lines, byline.line)
    tail = strip_tail_chrome(lines)
    if sum(len(p) for p in tail.paragraphs) < settings.min_html_chars:
        return Rejected(ref, _no_text_reason(html))
    canonical = getattr(doc, "url", None) or None
    extra: dict[str, object] = {}
    if url and canonical and canonical != url:
        extra["canonical_url"] = canonical
    page_url = url or canonical
    if not url and canonical and _is_home_page(canonical):
        # A CMS that gives every page the site's root as its canonical URL (or og:url): as
        # the article's URL it would make every later page of the site a duplicate of the first.
        extra["canonical_url"] = canonical
        warnings.append(f"page's canonical URL {canonical!r} is the site's home page; not used")
        page_url = None
    tags: list[str] = []
    for t in getattr(doc, "tags", None) or []:
        tags.extend(split_tags(str(t)))
    tags.extend(tail.tags)
    categories = [c for t in getattr(doc, "categories", None) or [] for c in split_tags(str(t))]
    return build_article(
        ref=ref,
        paragraphs=tail.paragraphs,
        url=page_url,
        source=source or source_from_url(page_url or canonical),
        title=title,
        published=published,
        tags=tags,
        category=categories[0] if categories else None,
        author=getattr(doc, "author", None),
        warnings=warnings,
        extra=extra,
        settings=settings,
        empty_reason="no article text found",
    )


def read_html_bytes(
    data: bytes,
    *,
    name: str,
    url: str | None = None,
    source: str | None = None,
    encoding: str | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
) -> Iterator[Article | Rejected]:
    """Decode an HTML file's bytes (via :mod:`akhbar.ingest.decode`) and extract its article.

    >>> list(read_html_bytes(b"<html><body></body></html>", name="e.html"))
    [Rejected(ref='e.html', reason='no article text found')]
    """
    html = decode_or_reject(data, name=name, encoding=encoding)
    if isinstance(html, Rejected):
        yield html
        return
    yield parse_html(html, ref=name, url=url, source=source, settings=settings)
