"""Helpers every reader shares: line cleaning, page-chrome labels, dates, sources, article building.

Nothing here reads files; the format modules do, and all of them finish through
:func:`build_article`, so every format applies the same rules (empty text → ``Rejected``, size
bound, content-hash id, warnings in ``Article.extra["warnings"]``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from importlib.resources import files
from typing import BinaryIO
from urllib.parse import urlsplit

from akhbar.article import Article, Rejected, content_id
from akhbar.ingest.decode import STRAY_BYTE, DecodeError, decode_bytes
from akhbar.ingest.settings import DEFAULT_SETTINGS, IngestSettings
from akhbar.text.dates import DateMatch, find_dates, on_day

__all__ = [
    "STRIP_CHARS",
    "Skips",
    "TailResult",
    "bad_byte_reason",
    "build_article",
    "byline_value",
    "clean_lines",
    "count_skip",
    "dateline_value",
    "decode_or_reject",
    "display_name",
    "is_chrome_label",
    "is_tags_label",
    "one_line",
    "parse_date_value",
    "read_bounded",
    "source_from_url",
    "split_tags",
    "strip_tail_chrome",
]

#: A counter of things readers skip on purpose (hidden files, non-HTML WARC records …), by reason.
Skips = Counter[str]

#: Characters stripped from both ends of a line: whitespace (NBSP included, ``str.isspace``) plus
#: zero-width marks and BOMs, which scrapers leave around paragraphs.
STRIP_CHARS = "".join(chr(c) for c in range(0x3000 + 1) if chr(c).isspace()) + (
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\ufeff"
)

_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_TAG_SPLIT = re.compile(r"\s*[,،;؛|#\n]\s*")
_LABEL_TRIM = re.compile(r"[\s:：»«>|\-–—]+$")
# The same characters for ``str.rstrip`` (every whitespace character is below U+3001): one
# pass from the end instead of a regex search that tries every run of spaces in a paragraph.
_LABEL_TRIM_CHARS = "".join(chr(c) for c in range(0x3000 + 1) if chr(c).isspace()) + ":：»«>|-–—"


# C0/C1 controls (a newline or an ESC sequence in a file name would break or drive the terminal).
_NAME_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def display_name(name: str) -> str:
    """A file or member name made safe to store and print, for refs.

    Names the OS gave as bytes that are not UTF-8 arrive with lone surrogates (Python's
    ``surrogateescape``), which cannot be written to the store, JSON or a terminal: those
    bytes become ``\\xNN``.  Control characters become ``\\n``, ``\\x1b`` ….  Other names are
    returned unchanged.

    >>> display_name("خبر.txt"), display_name("bad\\udcff.txt"), display_name("a\\nb.txt")
    ('خبر.txt', 'bad\\\\xff.txt', 'a\\\\nb.txt')
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = name.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = name.encode("utf-8", "backslashreplace")
        name = raw.decode("utf-8", "backslashreplace")
    if _NAME_CONTROLS.search(name):
        name = _NAME_CONTROLS.sub(lambda m: repr(m.group())[1:-1], name)
    return name


def one_line(error: BaseException) -> str:
    """An exception's message on one line (a reason is one line: ``tarfile`` lists each
    method it tried on a line of its own).

    >>> one_line(ValueError("could not open:\\n- method gz: bad\\n- method tar: bad"))
    'could not open: - method gz: bad - method tar: bad'
    """
    return " ".join(str(error).split())


def read_bounded(f: BinaryIO, limit: int, size_hint: int) -> bytes:
    """At most ``limit`` bytes of ``f``: first what its size says (``size_hint``, what ``stat``
    gave; one plain read for a regular file), then more in chunks while it goes on (a file that
    grew, a /proc file whose size reads 0).  A read of ``limit`` at once would allocate
    ``limit`` bytes up front for every file.

    >>> import io
    >>> read_bounded(io.BytesIO(b"abcdef"), 4, 0), read_bounded(io.BytesIO(b"abcdef"), 100, 6)
    (b'abcd', b'abcdef')
    """
    first = f.read(max(0, min(limit, size_hint + 1)))
    if len(first) <= size_hint or len(first) >= limit:
        return first  # the whole file (it ended where stat said), or the limit reached
    chunks, total = [first], len(first)
    while total < limit:
        chunk = f.read(min(_CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


_CHUNK = 1 << 20


def count_skip(skips: Skips | None, reason: str) -> None:
    """Count one deliberately skipped item (a no-op without a counter).

    >>> c: Skips = Counter()
    >>> count_skip(c, "hidden file"); count_skip(None, "hidden file"); c["hidden file"]
    1
    """
    if skips is not None:
        skips[reason] += 1


def decode_or_reject(
    data: bytes,
    *,
    name: str,
    encoding: str | None = None,
    declared: str | None = None,
    stray_bytes: bool = False,
) -> str | Rejected:
    """Decode bytes with :func:`akhbar.ingest.decode.decode_bytes`; a failure becomes ``Rejected``.

    ``declared``: a charset the transport states (HTTP ``Content-Type``), tried if not UTF-8;
    ``stray_bytes``: a few bytes that are not UTF-8 are kept as lone surrogates (row readers
    reject the rows holding one, see :func:`bad_byte_reason`).

    >>> decode_or_reject("متن".encode(), name="a.txt")
    'متن'
    >>> isinstance(decode_or_reject(b"\\x00\\x01\\x02\\x00" * 64, name="b.bin"), Rejected)
    True
    """
    try:
        return decode_bytes(
            data, name=name, encoding=encoding, declared=declared, stray_bytes=stray_bytes
        )
    except DecodeError as e:
        reason = getattr(e, "reason", None) or str(e)
        position = getattr(e, "position", None)
        if position is not None and "byte" not in reason:
            reason = f"{reason} (at byte {position})"
        return Rejected(name, f"undecodable: {reason}")
    except LookupError as e:  # an unknown encoding name given by the caller
        return Rejected(name, f"undecodable: {e}")


#: A UTF-16 surrogate code point, half of a pair and no character: a byte kept by
#: ``stray_bytes`` (:data:`STRAY_BYTE`), or a JSON escape (``"\\ud800"``).
_SURROGATE = re.compile("[\ud800-\udfff]")


def bad_byte_reason(
    text: str, where: str = "in the field", *, kept_bytes: bool = True
) -> str | None:
    """Why a field cannot be stored, or None: it holds a byte that is not UTF-8 (kept as a
    lone surrogate by ``stray_bytes``), or a lone surrogate written as a JSON escape
    (``"\\ud800"``, half of a UTF-16 pair).  ``kept_bytes``: the text the field was parsed
    from may hold kept bytes; False for JSON text without one, where every lone surrogate is an
    escape.

    >>> bad_byte_reason(b"ab\\xffc".decode("utf-8", "surrogateescape")), bad_byte_reason("خبر")
    ('not valid UTF-8: byte 0xff in the field', None)
    >>> bad_byte_reason("ab\\ud800")
    'lone surrogate escape \\\\ud800 in the field (half of a UTF-16 pair, not a character)'
    """
    m = _SURROGATE.search(text)
    if m is None:
        return None
    c = m.group()
    if kept_bytes and STRAY_BYTE.fullmatch(c):
        return f"not valid UTF-8: byte 0x{ord(c) - 0xDC00:02x} {where}"
    escape = f"\\u{ord(c):04x}"
    return f"lone surrogate escape {escape} {where} (half of a UTF-16 pair, not a character)"


def clean_lines(text: str) -> list[str]:
    """Lines of ``text`` stripped of surrounding whitespace, blank ones (NBSP-only too) dropped.

    The line's own content is never changed.

    >>> clean_lines("  پہلا\\n\\u00a0\\n\\nدوسرا  \\r\\n")
    ['پہلا', 'دوسرا']
    """
    out = []
    for line in _LINE_BREAK.split(text):
        s = line.strip(STRIP_CHARS)
        if s:
            out.append(s)
    return out


def _label_key(line: str) -> str:
    """The form labels are compared in: trailing ``:`` ``»`` ``-`` … cut, case and spaces folded.

    >>> _label_key(" Read  MORE: » ") == _label_key("read more") == "read more"
    True
    """
    return " ".join(line.strip(STRIP_CHARS).rstrip(_LABEL_TRIM_CHARS).casefold().split())


def _load_labels() -> tuple[frozenset[str], frozenset[str]]:
    tags: set[str] = set()
    chrome: set[str] = set()
    raw = files("akhbar.ingest").joinpath("data/chrome_labels.tsv").read_text(encoding="utf-8")
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, kind, _comment = line.split("\t", 2)
        (tags if kind == "tags" else chrome).add(_label_key(label))
    return frozenset(tags), frozenset(chrome)


_TAG_LABELS, _CHROME_LABELS = _load_labels()
# More non-space characters than the longest label key has characters (case folding never
# shortens a string): such a line is no label, and its key need not be built (a paragraph).
_LONGEST_LABEL = max(map(len, _TAG_LABELS | _CHROME_LABELS), default=0)
_LONGER_THAN_LABELS = re.compile(rf"\s*(?:\S\s*){{{_LONGEST_LABEL + 1}}}")


def _short_label_key(line: str) -> str | None:
    """:func:`_label_key`, or None for a line too long to be a label.

    >>> _short_label_key(" Read  MORE: » "), _short_label_key("خبر " * 40) is None
    ('read more', True)
    """
    s = line.strip(STRIP_CHARS).rstrip(_LABEL_TRIM_CHARS)
    if _LONGER_THAN_LABELS.match(s):
        return None
    return " ".join(s.casefold().split())


# "ٹیگس: ایران، روس" — a tags label followed by tags on the same line.
_INLINE_TAGS = re.compile(
    r"^(?:" + "|".join(re.escape(t) for t in sorted(_TAG_LABELS, key=len, reverse=True)) + r")"
    r"\s*[:：]\s*(?P<tags>.+)$",
    re.IGNORECASE,
)


def is_tags_label(line: str) -> bool:
    """True if the line is only a tags heading (``ٹیگس``, ``Tags:`` …).

    >>> is_tags_label(" ٹیگس "), is_tags_label("Tags:"), is_tags_label("ٹیگس ایران")
    (True, True, False)
    """
    return _short_label_key(line) in _TAG_LABELS


def is_chrome_label(line: str) -> bool:
    """True if the line is only a page-chrome label (share, read more, related news …).

    >>> is_chrome_label("شیئر کریں"), is_chrome_label("یہ بھی پڑھیں:"), is_chrome_label("خبر")
    (True, True, False)
    """
    return _short_label_key(line) in _CHROME_LABELS


def split_tags(text: str) -> list[str]:
    """Tags from one string separated by ``,`` ``،`` ``;`` ``|`` ``#`` or newlines, order kept.

    >>> split_tags("ایران، روس , ایران|#جوہری")
    ['ایران', 'روس', 'جوہری']
    """
    seen: dict[str, None] = {}
    for part in _TAG_SPLIT.split(text):
        t = part.strip(STRIP_CHARS)
        if t:
            seen.setdefault(t, None)
    return list(seen)


@dataclass(frozen=True, slots=True)
class TailResult:
    """Paragraphs left after removing page chrome, and the tags found at the tail."""

    paragraphs: list[str]
    tags: list[str]


# A tag line is short and is not a sentence (no Urdu full stop / question mark).
_MAX_TAG_LINE = 80
_TAIL_WINDOW = 20


def _is_tag_line(line: str) -> bool:
    return len(line) <= _MAX_TAG_LINE and not any(c in line for c in "۔؟.!?")


def strip_tail_chrome(lines: Sequence[str]) -> TailResult:
    """Drop page-chrome label lines and split off a trailing tags block.

    A tags label (``ٹیگس``) followed by short tag lines to the end (or ``،``-separated tags, or
    ``ٹیگس: a، b`` on one line) gives the tags; a bare tags label anywhere else is chrome.

    >>> strip_tail_chrome(["متن۔", "شیئر کریں", "ٹیگس"])
    TailResult(paragraphs=['متن۔'], tags=[])
    >>> strip_tail_chrome(["متن۔", "ٹیگس", "ایران، روس", "مزید پڑھیں"])
    TailResult(paragraphs=['متن۔'], tags=['ایران', 'روس'])
    """
    body = [ln for ln in lines if not is_chrome_label(ln)]
    tags: list[str] = []
    # Search the tail for a tags heading whose following lines all look like tags.
    lo = max(0, len(body) - _TAIL_WINDOW)
    for i in range(len(body) - 1, lo - 1, -1):
        line = body[i]
        after = body[i + 1 :]
        if is_tags_label(line) and all(_is_tag_line(a) for a in after):
            for a in after:
                tags.extend(split_tags(a))
            del body[i:]
            break
        m = _INLINE_TAGS.match(line)
        if m and all(_is_tag_line(a) for a in after):
            for a in [m.group("tags"), *after]:
                tags.extend(split_tags(a))
            del body[i:]
            break
        if not _is_tag_line(line):
            break
    # A bare tags label anywhere else is chrome too (a heading with no tags under it).
    body = [ln for ln in body if not is_tags_label(ln)]
    return TailResult(body, list(dict.fromkeys(tags)))


_SIMPLE_HOST = re.compile(r"(?i)https?://([a-z0-9.-]+)(?=[/?#]|$)")


def source_from_url(url: str | None) -> str | None:
    """The host of ``url``, lower-cased, without ``www.`` or a port; ``None`` if there is none.

    >>> source_from_url("https://www.Express.pk/story/1/"), source_from_url("urdu.geo.tv/x")
    ('express.pk', None)
    >>> source_from_url("<https://urdu.geo.tv/1>")
    'urdu.geo.tv'
    """
    if not url:
        return None
    if url[0] in "< " or url[-1] in "> ":  # '<https://…>' as some WARC writers put it
        url = url.strip(" <>")
    m = _SIMPLE_HOST.match(url)
    if m:  # the common case, without urlsplit's cost (a full JSONL pass calls this 72k times)
        host: str | None = m.group(1)
    else:
        try:
            host = urlsplit(url.strip()).hostname
        except ValueError:
            return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    return host.removeprefix("www.") or None


def _aware(value: datetime | date, settings: IngestSettings) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=settings.default_tz)
    return value


# ``2018-04-24T04:59:11 GMT`` (every express row) and ``2023-03-02``, in the ranges where
# parse_datetime reads them as written (years 1000-2999, a valid clock time): the same value
# without its search of every date form (tests/ingest/test_common.py compares them).
_PLAIN_DATE = re.compile(
    r"([12][0-9]{3})-([0-9]{2})-([0-9]{2})(?:T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) GMT)?"
)


def _plain_date(text: str) -> datetime | date | None:
    """The date of a plain ISO date (or date-time in GMT) string; None for any other text.

    >>> _plain_date("2018-04-24T04:59:11 GMT")
    datetime.datetime(2018, 4, 24, 4, 59, 11, tzinfo=datetime.timezone.utc)
    >>> _plain_date("2023-03-02")
    datetime.date(2023, 3, 2)
    >>> _plain_date("2023-02-30"), _plain_date("2 March 2023")
    (None, None)
    """
    m = _PLAIN_DATE.fullmatch(text)
    if m is None:
        return None
    y, mo, d, h, mi, sec = m.groups()
    try:
        if h is None:
            return date(int(y), int(mo), int(d))
        return datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec), tzinfo=UTC)
    except ValueError:  # no such day: the general path says what it makes of it
        return None


def parse_date_value(
    value: str | None, settings: IngestSettings = DEFAULT_SETTINGS
) -> tuple[datetime | None, str | None]:
    """Parse a date string from a row or page into an aware datetime, or explain why not.

    Returns ``(datetime, None)``, ``(None, warning)`` when the text is not a date, or
    ``(None, None)`` when there was nothing to parse.  Dates without a zone get
    ``settings.default_tz``; date-only values are taken at midnight.

    >>> parse_date_value("2023-03-02")[0].isoformat()
    '2023-03-02T00:00:00+00:00'
    >>> parse_date_value("not a date")
    (None, "unparseable date 'not a date'")
    >>> parse_date_value("9999-12-31T23:00:00-05:00")[1]
    "date out of range '9999-12-31T23:00:00-05:00' (in UTC it falls outside years 1-9999)"
    """
    if value is None:
        return None, None
    text = value.strip(STRIP_CHARS)
    if not text:
        return None, None
    parsed = _plain_date(text)
    if parsed is None:
        parsed = _epoch_date(text)
    if parsed is None:
        parsed = _general_date(text)
    shown = text if len(text) <= 60 else text[:57] + "..."
    if parsed is None:
        return None, f"unparseable date {shown!r}"
    aware = _aware(parsed, settings)
    try:
        aware.astimezone(UTC)  # (what the store keeps beside it)
    except OverflowError:
        return None, f"date out of range {shown!r} (in UTC it falls outside years 1-9999)"
    return aware, None


# Unix time in seconds (9-10 digits, optional fraction) or milliseconds (12-13 digits), as feeds
# and JSON exports write ``published``; only 1990-2100 counts (other numbers are not dates).
_EPOCH = re.compile(r"([0-9]{9,10})(?:\.[0-9]+)?|([0-9]{12,13})(?:\.0+)?")
_EPOCH_MIN = datetime(1990, 1, 1, tzinfo=UTC).timestamp()
_EPOCH_MAX = datetime(2100, 1, 1, tzinfo=UTC).timestamp()


def _epoch_date(text: str) -> datetime | None:
    """The UTC time of a Unix timestamp in seconds or milliseconds; None for any other text.

    >>> _epoch_date("1618300000").isoformat(), _epoch_date("1618300000123").isoformat()
    ('2021-04-13T07:46:40+00:00', '2021-04-13T07:46:40.123000+00:00')
    >>> _epoch_date("2021"), _epoch_date("123456789012")
    (None, None)
    """
    m = _EPOCH.fullmatch(text)
    if m is None:
        return None
    seconds = float(text) if m.group(1) else int(m.group(2)) / 1000
    if not _EPOCH_MIN <= seconds < _EPOCH_MAX:
        return None
    return datetime.fromtimestamp(seconds, UTC)


# Field forms the running-text date parser does not read: 2021/04/13 (year first with slashes
# or dots), 13-Apr-2021 (Excel, Oracle).  Rewritten to forms it reads.
_YMD = re.compile(r"([12][0-9]{3})[/.]([01]?[0-9])[/.]([0-3]?[0-9])(?![0-9])")
_D_MON_Y = re.compile(r"([0-3]?[0-9])-([^\W\d_]{3,12})-([12][0-9]{3})(?![0-9])")


def _general_date(text: str) -> datetime | date | None:
    """Any date form :func:`akhbar.text.dates.find_dates` reads (a time written apart from the
    date joins it: ``13 April 2021 - 07:56 PM``), then a few field-only forms, else ISO 8601;
    None when nothing reads it (the slow path that :func:`_plain_date` short-cuts).

    >>> [_general_date(t).isoformat() for t in ("2021/04/13 19:56", "13-Apr-2021")]
    ['2021-04-13T19:56:00', '2021-04-13']
    """
    for candidate in dict.fromkeys(
        (text, _YMD.sub(r"\1-\2-\3", text, count=1), _D_MON_Y.sub(r"\1 \2 \3", text, count=1))
    ):
        try:
            matches = find_dates(candidate)
        except (ValueError, OverflowError):
            continue
        parsed = _date_with_time(matches)
        if parsed is not None:
            return parsed
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _date_with_time(matches: Sequence[DateMatch]) -> datetime | date | None:
    """The first full date among ``matches``; a date without a time takes the first clock time
    that follows it (``April 13, 2021 | 10:30 PM``)."""
    day = next((m for m in matches if isinstance(m.value, (datetime, date))), None)
    if day is None:
        return None
    value = day.value
    assert isinstance(value, (datetime, date))
    if not isinstance(value, datetime):
        clock = next((m for m in matches if m.start >= day.end and m.kind == "time"), None)
        if clock is not None and isinstance(clock.value, time):
            value = on_day(value, clock.value, clock.day_shift)
    return value


_MAX_DATELINE = 80
# Words a dateline may carry besides its date and time ("Updated: …", "شائع 13 اپریل 2021"),
# casefolded; any other word means the line is a sentence, not a dateline.
_DATELINE_WORDS = frozenset(
    [
        "updated",
        "update",
        "last",
        "published",
        "publish",
        "posted",
        "modified",
        "on",
        "at",
        "date",
        "dated",
        "time",
        "اپ",
        "ڈیٹ",
        "اپڈیٹ",
        "شائع",
        "شدہ",
        "ہوئی",
        "تاریخ",
        "اشاعت",
        "آخری",
        "بتاریخ",
        "وقت",
        "بوقت",
    ]
)
_WORD = re.compile(r"[^\W_]+")


def _line_date(line: str, limit: int) -> tuple[datetime | date | None, list[str]]:
    """The date (a following or preceding time joined) a line of at most ``limit`` characters
    (``line`` stripped) states, and the words of the line besides its dates and times; (None,
    []) when it states none or is longer."""
    if not line or len(line) > limit or not any(c.isdigit() for c in line):
        return None, []
    try:
        matches = find_dates(line)
    except (ValueError, OverflowError):
        return None, []
    value = _date_with_time(matches)
    if value is None:
        return None, []
    rest = []
    at = 0
    for m in matches:
        rest.append(line[at : m.start])
        at = m.end
    rest.append(line[at:])
    return value, _WORD.findall(" ".join(rest))


def dateline_value(line: str, settings: IngestSettings = DEFAULT_SETTINGS) -> datetime | None:
    """The date of a dateline: a short line that is a date and nothing else (bar punctuation,
    a clock time written apart from the date, and labels such as ``Updated:`` or ``شائع``).

    A sentence that merely mentions a date is not a dateline, so body text is never taken for
    metadata (and dropped).

    >>> dateline_value("Apr ۱۳, ۲۰۲۱ ۱۹:۵۶ Asia/Tehran").isoformat()
    '2021-04-13T19:56:00+04:30'
    >>> dateline_value("Updated: April 13, 2021 | 10:30 PM PKT").isoformat()
    '2021-04-13T22:30:00+05:00'
    >>> dateline_value("وزیراعظم نے 18 جولائی 2018 کو خطاب کیا") is None
    True
    """
    line = line.strip(STRIP_CHARS)
    value, words = _line_date(line, _MAX_DATELINE)
    if value is None or any(w.casefold() not in _DATELINE_WORDS for w in words):
        return None
    return _aware(value, settings)


_MAX_BYLINE = 120
_BYLINE_WORDS = 6


def byline_value(
    line: str, settings: IngestSettings = DEFAULT_SETTINGS, *, marked: bool = False
) -> datetime | None:
    """The date of a byline: a short line with a date, an author, a desk or a city
    (``ویب ڈیسک | 05 جون 2024``): besides the date and labels, at most six words and no
    sentence end (``۔``), so that a sentence is not one.  ``marked``: the page says the line
    is a date or byline (its element's class), and any words may stand beside the date.

    >>> byline_value("ویب ڈیسک | 05 جون 2024 10:15 شام").isoformat()
    '2024-06-05T22:15:00+00:00'
    >>> byline_value("وزیراعظم نے 5 جون 2024 کو اسمبلی سے خطاب کیا اور کہا") is None
    True
    """
    line = line.strip(STRIP_CHARS)
    value, words = _line_date(line, _MAX_BYLINE)
    if value is None:
        return None
    if not marked:
        other = [w for w in words if w.casefold() not in _DATELINE_WORDS]
        if len(other) > _BYLINE_WORDS or "۔" in line:
            return None
    return _aware(value, settings)


def build_article(
    *,
    ref: str,
    paragraphs: Iterable[str],
    article_id: str | None = None,
    url: str | None = None,
    source: str | None = None,
    title: str | None = None,
    published: datetime | None = None,
    tags: Iterable[str] = (),
    category: str | None = None,
    author: str | None = None,
    warnings: Sequence[str] = (),
    extra: dict[str, object] | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
    empty_reason: str = "empty",
) -> Article | Rejected:
    """Assemble an :class:`Article`, or a :class:`Rejected` if it has no text or is too big.

    Strings are stripped of surrounding whitespace, blank ones become ``None``; the id is the
    given one or :func:`akhbar.article.content_id`; the source is the given one or the URL host.

    >>> a = build_article(ref="x.txt", paragraphs=[" متن۔ "], url="https://www.geo.tv/1")
    >>> a.paragraphs, a.source, a.id == content_id(None, ["متن۔"])
    (('متن۔',), 'geo.tv', True)
    >>> build_article(ref="x.txt", paragraphs=["\\u00a0"])
    Rejected(ref='x.txt', reason='empty')
    """
    paras = tuple(p for p in (q.strip(STRIP_CHARS) for q in paragraphs) if p)
    if not paras:
        return Rejected(ref, empty_reason)
    tags = tuple(tags)
    fields = (article_id, url, source, title, category, author, *tags)
    if any("\x00" in p for p in paras) or any(f and "\x00" in f for f in fields):
        return Rejected(ref, "NUL byte in the text (binary junk)")
    size = sum(len(p) for p in paras)
    if size > settings.max_article_chars:
        return Rejected(
            ref, f"article too long ({size} chars > limit {settings.max_article_chars})"
        )
    limit = settings.max_meta_chars
    for field, value in (
        ("id", article_id), ("url", url), ("source", source), ("title", title),
        ("category", category), ("author", author),
    ):  # fmt: skip
        if value is not None and len(value) > limit:
            return Rejected(ref, f"{field} too long ({len(value)} chars > limit {limit})")
    if any(len(t) > limit for t in tags) or len(tags) > settings.max_tags:
        kept = tuple(t for t in tags if len(t) <= limit)
        notes = [f"{len(tags) - len(kept)} tags over {limit} chars dropped"] * (kept != tags)
        if len(kept) > settings.max_tags:
            notes.append(f"{len(kept)} tags, the first {settings.max_tags} kept")
        tags, warnings = kept[: settings.max_tags], [*warnings, *notes]

    def _opt(s: str | None) -> str | None:
        if s is None:
            return None
        s = s.strip(STRIP_CHARS)
        return s or None

    title = _opt(title)
    url = _opt(url)
    aid = _opt(article_id) or content_id(title, paras)
    ex: dict[str, object] = dict(extra or {})
    if warnings:
        ex["warnings"] = list(warnings)
    return Article(
        id=aid,
        url=url,
        source=_opt(source) or source_from_url(url),
        title=title,
        paragraphs=paras,
        published=published,
        tags=tuple(dict.fromkeys(t for t in (_opt(t) for t in tags) if t)),
        category=_opt(category),
        author=_opt(author),
        raw_ref=ref,
        extra=ex,
    )
