"""Plain-text articles: scraped pages (dateline, ``•`` headline, body, tags) and bare text dumps.

The scraped layout (Pars Today and similar)::

    Apr ۱۳, ۲۰۲۱ ۱۹:۵۶ Asia/Tehran        ← dateline: any month names/digits, zone or offset
      • ایران روس اسٹریٹیجک تعاون …        ← headline, the bullet line right after it
    paragraph …                            ← one paragraph a non-blank line
    ٹیگس                                   ← page chrome (dropped) or tags heading (tags kept)

A dump may write the headline without a bullet right under the dateline (dateline, headline,
body): a short line of two words or more that does not end as a sentence (``۔``) is then the
title.  Without a dateline no title is guessed.  A headline repeated as the body's first line is
not kept twice.  A file without a dateline or bullet headline is still an article (no title, no
date): plain dumps such as the 'Bend the Truth' corpus are bodies only.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

from akhbar.article import Article, Rejected
from akhbar.ingest.common import (
    STRIP_CHARS,
    build_article,
    clean_lines,
    dateline_value,
    decode_or_reject,
    display_name,
    read_bounded,
    strip_tail_chrome,
)
from akhbar.ingest.settings import DEFAULT_SETTINGS, IngestSettings

__all__ = ["parse_text_article", "read_text_bytes", "read_text_file"]

#: Bullets that mark a headline line in scraped text.
_BULLETS = "•●▪■◆‣∙·"


#: A headline line without a bullet (after a dateline): short, two words or more, and not
#: ending as a sentence or a label does.
_MAX_HEADLINE = 150
_NOT_HEADLINE_END = "۔؟.!?:：؛;,،-–—"


def _is_headline(line: str) -> bool:
    """True for a line that reads as a headline: at most 150 characters, two words or more,
    no sentence end (``۔ ؟ . !``) or label colon at its end.

    >>> _is_headline("ایران روس اسٹریٹیجک تعاون"), _is_headline("یہ ایک جملہ ہے۔")
    (True, False)
    >>> _is_headline("لاہور:"), _is_headline("لاہور")
    (False, False)
    """
    return (
        len(line) <= _MAX_HEADLINE
        and len(line.split()) >= 2
        and line.rstrip(STRIP_CHARS)[-1:] not in _NOT_HEADLINE_END
    )


def parse_text_article(
    text: str,
    *,
    ref: str,
    source: str | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
) -> Article | Rejected:
    """Turn one scraped article's text into an :class:`Article` (or ``Rejected(ref, "empty")``).

    >>> page = "Apr 13, 2021 19:56 +04:30\\n • سرخی\\n\\nمتن۔\\n\\u00a0\\nٹیگس"
    >>> a = parse_text_article(page, ref="a.txt")
    >>> a.title, a.paragraphs, a.published.isoformat(), a.tags
    ('سرخی', ('متن۔',), '2021-04-13T19:56:00+04:30', ())
    >>> parse_text_article("صرف متن۔", ref="b.txt").title is None
    True
    >>> parse_text_article(" \\n\\u00a0\\n", ref="c.txt")
    Rejected(ref='c.txt', reason='empty')
    """
    lines = clean_lines(text)
    if not lines:
        return Rejected(ref, "empty")
    published = None
    i = 0
    first = lines[0]
    dt = dateline_value(first, settings)
    if dt is not None:
        published = dt
        i = 1
    title = None
    if i < len(lines) and lines[i][0] in _BULLETS:
        title = lines[i].lstrip(_BULLETS).strip(STRIP_CHARS) or None
        i += 1
        if published is None and i < len(lines):  # the dateline may come under the headline
            published = dateline_value(lines[i], settings)
            i += published is not None
    elif published is not None and i + 1 < len(lines) and _is_headline(lines[i]):
        title = lines[i]  # a dump's layout: dateline, headline (no bullet), body
        i += 1
    if title is not None and i < len(lines) and lines[i] == title:
        i += 1  # the headline written again as the body's first line
    tail = strip_tail_chrome(lines[i:])
    return build_article(
        ref=ref,
        paragraphs=tail.paragraphs,
        title=title,
        published=published,
        tags=tail.tags,
        source=source,
        settings=settings,
        empty_reason="empty" if title is None else "no body text (headline only)",
    )


def read_text_bytes(
    data: bytes,
    *,
    name: str,
    source: str | None = None,
    encoding: str | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
) -> Iterator[Article | Rejected]:
    """Decode one text file's bytes and yield its article (or why it was rejected).

    >>> [type(r).__name__ for r in read_text_bytes("متن۔".encode(), name="a.txt")]
    ['Article']
    >>> list(read_text_bytes(b"", name="e.txt"))
    [Rejected(ref='e.txt', reason='empty')]
    """
    text = decode_or_reject(data, name=name, encoding=encoding)
    if isinstance(text, Rejected):
        yield text
        return
    yield parse_text_article(text, ref=name, source=source, settings=settings)


def read_text_file(
    path: str | Path,
    *,
    source: str | None = None,
    encoding: str | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
) -> Iterator[Article | Rejected]:
    """Read one text file from disk (bounded by ``settings.max_file_bytes``).

    >>> list(read_text_file("/nonexistent.txt"))[0].reason.startswith("cannot read")
    True
    """
    name = display_name(str(path))
    try:
        st = Path(path).stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO blocks, a device never ends
            yield Rejected(name, "not a regular file")
            return
        size = st.st_size
        if size > settings.max_file_bytes:
            yield Rejected(name, f"file too large ({size} bytes > limit {settings.max_file_bytes})")
            return
        with open(path, "rb") as f:
            data = read_bounded(f, settings.max_file_bytes + 1, size)
        if len(data) > settings.max_file_bytes:
            yield Rejected(name, f"file too large (> limit {settings.max_file_bytes} bytes)")
            return
    except OSError as e:
        yield Rejected(name, f"cannot read: {e.strerror or e}")
        return
    yield from read_text_bytes(data, name=name, source=source, encoding=encoding, settings=settings)
