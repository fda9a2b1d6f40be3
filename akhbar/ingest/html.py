"""HTML pages: main text and metadata through trafilatura, the Urdu dateline parser as fallback.

trafilatura finds the article body (dropping nav, footer, comments) and the metadata: title,
author, date (``article:published_time`` and the like, kept with its time and offset),
canonical URL, tags and categories.  ``<noscript>`` content is dropped first: it is what a
browser without JavaScript shows ("Please enable JavaScript…"), never the article.  Paragraphs
are trafilatura's text lines; a first line equal to the title is dropped, and so are page-chrome
label lines.  If the page gives no date, the first short lines of the text are tried as a
dateline (``Apr ۱۳, ۲۰۲۱ ۱۹:۵۶ Asia/Tehran``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from akhbar.article import Article, Rejected
from akhbar.ingest.common import (
    STRIP_CHARS,
    build_article,
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
    elements = len(_START_TAG.findall(html))
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
        return Rejected(ref, "no article text found")
    title = (getattr(doc, "title", None) or "").strip(STRIP_CHARS) or None
    lines = clean_lines(text)
    if title and lines and lines[0] == title:
        lines = lines[1:]
    warnings: list[str] = []
    published, warning = parse_date_value(getattr(doc, "date", None), settings)
    if warning:
        warnings.append(f"page date: {warning}")
    dl_published, dl_index = _dateline(lines, settings)
    if dl_index >= 0:
        # A dateline line is metadata, not body text, whether or not the page also had a date.
        del lines[dl_index]
        if published is None:
            published = dl_published
    tail = strip_tail_chrome(lines)
    if sum(len(p) for p in tail.paragraphs) < settings.min_html_chars:
        return Rejected(ref, "no article text found")
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
