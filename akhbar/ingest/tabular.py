"""Row-shaped sources: CSV/TSV files and JSON Lines (plus a JSON array of objects).

Columns are mapped to article fields automatically by case-insensitive synonyms (data file
``data/columns.tsv``: ``Content``/``content``/``News``/``body`` → text, ``Link``/``url`` → url,
``Gold Label``/``category`` → category …); ``column_map={"text": "Clean_Data"}`` overrides one field
(an empty column name switches a field off).  Columns that map to no field are left out.

Refs name the file, the row (1 = first row after the header) or line, and the field:
``feed.csv:row 17:field Content``, ``feed.jsonl:line 3``.
"""

from __future__ import annotations

import ast
import csv
import html
import io
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from importlib.resources import files
from typing import Any

from akhbar.article import Article, Rejected
from akhbar.ingest.common import (
    STRIP_CHARS,
    Skips,
    bad_byte_reason,
    build_article,
    clean_lines,
    count_skip,
    decode_or_reject,
    display_name,
    one_line,
    parse_date_value,
    split_tags,
)
from akhbar.ingest.decode import STRAY_BYTE
from akhbar.ingest.settings import DEFAULT_SETTINGS, IngestSettings

__all__ = [
    "FIELDS",
    "check_column_map",
    "read_csv_bytes",
    "read_csv_text",
    "read_json_bytes",
    "read_jsonl_text",
    "read_parquet_bytes",
    "resolve_columns",
]

#: The article fields a column can map to.
FIELDS = (
    "id",
    "title",
    "text",
    "summary",
    "date",
    "url",
    "category",
    "tags",
    "source",
    "author",
)

_KEY_JUNK = re.compile(r"[\s_\-.]+")


def _key(name: str) -> str:
    return _KEY_JUNK.sub("", name.strip(STRIP_CHARS).casefold())


def _load_synonyms() -> dict[str, tuple[str, int]]:
    """synonym key -> (field, rank); a lower rank wins within a field."""
    out: dict[str, tuple[str, int]] = {}
    raw = files("akhbar.ingest").joinpath("data/columns.tsv").read_text(encoding="utf-8")
    for rank, line in enumerate(raw.splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        synonym, field, _comment = line.split("\t", 2)
        if field not in FIELDS:
            raise ValueError(f"columns.tsv: unknown field {field!r}")
        out.setdefault(_key(synonym), (field, rank))
    return out


_SYNONYMS = _load_synonyms()


def check_column_map(column_map: Mapping[str, str] | None) -> None:
    """Raise ``ValueError`` if ``column_map`` names a field that does not exist.

    >>> check_column_map({"text": "Clean_Data"})
    >>> check_column_map({"body": "x"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown field 'body' in column map (fields: id, title, text, ...)
    """
    for field in column_map or {}:
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r} in column map (fields: {', '.join(FIELDS)})")


def resolve_columns(
    header: Sequence[str], column_map: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Map article fields to the header's column names (synonyms, then ``column_map`` overrides).

    Raises ``ValueError`` if an override names a column the header does not have.

    >>> resolve_columns(["Date", "Title", "News", "Category", "Link", "Clean_Data"])
    {'date': 'Date', 'title': 'Title', 'text': 'News', 'category': 'Category', 'url': 'Link'}
    >>> resolve_columns(["id", "content", "summary"], {"text": "summary", "summary": ""})
    {'id': 'id', 'text': 'summary'}
    """
    best: dict[str, tuple[int, str]] = {}
    for col in header:
        hit = _SYNONYMS.get(_key(col))
        if hit is None:
            continue
        field, rank = hit
        if field not in best or rank < best[field][0]:
            best[field] = (rank, col)
    out = {field: col for field, (_rank, col) in best.items()}
    if column_map:
        check_column_map(column_map)
        by_key = {_key(c): c for c in header}
        for field, col in column_map.items():
            if not col:
                out.pop(field, None)
                continue
            found = col if col in header else by_key.get(_key(col))
            if found is None:
                raise ValueError(
                    f"column {col!r} (for field {field!r}) not in header {list(header)}"
                )
            # A column used for this field is no longer used for another one.
            out = {f: c for f, c in out.items() if c != found}
            out[field] = found
    return {f: out[f] for f in sorted(out, key=lambda f: [*header].index(out[f]))}


#: Keys under which a JSON object holds its text, in the order they are tried: WordPress'
#: ``{"rendered": …}``, CMS content blocks (``[{"type": "text", "content": …}, …]``), Arc's
#: ``{"basic": …}`` headline, a name object (``{"name": …}``) for an author or a tag, and
#: mongoexport's typed values (``{"$oid": …}``, ``{"$date": {"$numberLong": …}}``).
_TEXT_KEYS = (
    "rendered", "text", "content", "body", "html", "value", "basic", "name",
    "$oid", "$date", "$numberLong", "$numberInt", "$numberDouble",
)  # fmt: skip
#: Lists and objects nested deeper than this hold no text read (a hostile line of 900 nested
#: arrays overflowed the stack).
_MAX_NESTING = 8


def _as_text(value: Any, depth: int = 0) -> str | None:
    """A field's text: a string, a number, the text of a list's items (one a line) or of an
    object's text key (:data:`_TEXT_KEYS`); None for nothing, NaN, a bool.

    >>> _as_text([{"type": "text", "content": "ایک"}, {"type": "image"}, "دو"]), _as_text(7)
    ('ایک\\nدو', '7')
    >>> _as_text({"rendered": "<p>متن</p>"}), _as_text({"ur": "x"}), _as_text([[[["y"]]]] * 2)
    ('<p>متن</p>', None, 'y\\ny')
    """
    if isinstance(value, dict):
        if depth >= _MAX_NESTING:
            return None
        key = next((k for k in _TEXT_KEYS if value.get(k) is not None), None)
        return _as_text(value[key], depth + 1) if key is not None else None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):  # NaN: pandas' missing value
        return None
    if isinstance(value, list):
        if depth >= _MAX_NESTING:
            return None
        parts = [_as_text(v, depth + 1) for v in value]
        return "\n".join(p for p in parts if p) or None
    s = str(value).strip(STRIP_CHARS)
    return s or None


def _held(value: Any) -> str | None:
    """What a field held that :func:`_as_text` reads no text from, for a warning or a
    rejection reason; None when it held nothing (null, NaN, a blank string, ``[]``, ``{}``).

    >>> _held(True), _held(float("inf")), _held({"ur": "x"}), _held([None, False])
    ('true', 'Infinity', 'an object with no text (keys: ur)', 'a list with no text')
    >>> _held(None), _held(float("nan")), _held(""), _held({}), _held(7) is None
    (None, None, None, None, True)
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, (dict, list)) and _too_deep(value):
        return (
            f"a {'list' if isinstance(value, list) else 'object'} nested deeper than {_MAX_NESTING}"
        )
    if isinstance(value, dict) and value:
        keys = [str(k) for k in list(value)[:6]]
        more = ", ..." if len(value) > 6 else ""
        return f"an object with no text (keys: {display_name(', '.join(keys))}{more})"
    if isinstance(value, list) and value:
        return "a list with no text"
    return None


def _too_deep(value: dict[Any, Any] | list[Any], depth: int = 0) -> bool:
    """True if a list or an object in ``value`` lies at :data:`_MAX_NESTING` or deeper (whose
    text :func:`_as_text` does not read)."""
    if depth >= _MAX_NESTING:
        return True
    items = value.values() if isinstance(value, dict) else value
    return any(_too_deep(v, depth + 1) for v in items if isinstance(v, (dict, list)))


# Markup in a text cell: raw page HTML in a scraped CSV, WordPress' content.rendered.  A cell
# is markup when it starts with one of these elements (or a comment, or a doctype): elements
# of a page's content.  A cell that starts with a script, a style or a frame is text that
# holds markup (a hostile title: ``<script>…</script> زلزلہ``), kept as written and escaped
# wherever it is shown; inside markup such elements are dropped (``_HTML_DROP``).
_HTML_ELEMENTS = (
    "a|abbr|article|aside|b|blockquote|body|br|center|cite|code|dd|del|div|dl|dt|em|figcaption"
    "|figure|font|footer|h[1-6]|header|hr|html|i|img|ins|li|main|mark|nav|ol|p|picture|pre|q|s"
    "|section|small|span|strong|sub|sup|table|tbody|td|th|thead|time|tr|u|ul"
)
_HTML_TAG = re.compile(rf"</?(?:{_HTML_ELEMENTS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_HTML_BLOCKS = (
    "p|div|li|h[1-6]|blockquote|tr|figure|figcaption|article|section|header|footer|main|aside"
    "|nav|pre|table|dd|dt|center|title|body"
)
_HTML_BREAK = re.compile(
    rf"<br\s*/?>|<hr\s*/?>|</(?:{_HTML_BLOCKS})\s*>|<(?:{_HTML_BLOCKS})(?:\s[^<>]*)?>",
    re.IGNORECASE,
)
_HTML_DROP = re.compile(
    r"<(script|style|noscript|template|iframe|svg|head)\b.*?</\1\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
_ANY_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
# A whole page saved in a cell: read as the HTML reader reads a page (trafilatura), so that its
# menus, footer and comments do not become paragraphs.
_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)


def _plain_text(text: str) -> str:
    """Text without the HTML markup a field holds (one that starts with a tag): block ends
    become line breaks, entities are decoded, scripts and styles dropped, and a whole page is
    reduced to its article text; other text only has its entities decoded.

    >>> clean_lines(_plain_text("<p>ایک &quot;دو&quot;</p><p>دوسرا <b>اہم</b>۔<br>تیسرا</p>"))
    ['ایک "دو"', 'دوسرا اہم۔', 'تیسرا']
    >>> clean_lines(_plain_text("<article><h2>سرخی</h2><script>x()</script><p>متن</p></article>"))
    ['سرخی', 'متن']
    >>> _plain_text("x < y > z")
    'x < y > z'
    """
    head = text.lstrip(STRIP_CHARS)
    if not head.startswith("<") or not (
        _HTML_TAG.match(head) or head.startswith("<!") or _HTML_DOCUMENT.match(head)
    ):
        # Markup is read only when the field is markup (starts with a tag): an article that
        # merely mentions '<b>' keeps it, and an export read back stays the same.
        return text if "&" not in text else _unescape_entities(text)
    if _HTML_DOCUMENT.match(head):
        from akhbar.ingest.html import parse_html  # trafilatura: only when a page is read

        page = parse_html(text, ref="")
        return "\n".join(page.paragraphs) if isinstance(page, Article) else ""
    text = _HTML_DROP.sub("", text)
    text = _HTML_BREAK.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def _unescape_entities(text: str) -> str:
    """HTML entities decoded (WordPress titles: ``&#8217;`` ``&quot;``); other ``&`` kept."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text)


def _as_html_text(value: Any) -> str | None:
    text = _as_text(value)
    return _plain_text(text).strip(STRIP_CHARS) or None if text is not None else None


def _as_id(value: Any) -> str | None:
    """An id as text; a whole float (``12.0``: pandas writes int columns with gaps so) as ``12``.

    >>> _as_id(12.0), _as_id(7), _as_id(" a-1 "), _as_id(1.5)
    ('12', '7', 'a-1', '1.5')
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _as_text(value)


def _as_tags(value: Any) -> list[str]:
    """Tags from a list, or a string of separated tags, or a list literal in one CSV cell.

    >>> _as_tags("ایران، روس"), _as_tags("['ایران', 'روس']"), _as_tags(["ایران", 7])
    (['ایران', 'روس'], ['ایران', 'روس'], ['ایران', '7'])
    """
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            t = _as_text(v)
            if t:
                out.extend(split_tags(t))
        return out
    t = _as_text(value)
    if t and t[0] == "[" and t[-1] == "]":
        # A list written into one cell: JSON ("[\"a\", \"b\"]") or Python ("['a', 'b']", what
        # pandas' to_csv writes for a list column).
        try:
            items = json.loads(t)
        except ValueError:
            try:
                items = ast.literal_eval(t)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                items = None
        if isinstance(items, list):
            return _as_tags(items)
    return split_tags(t) if t else []


def _row_article(
    row: Mapping[str, Any],
    cols: Mapping[str, str],
    *,
    ref: str,
    source: str | None,
    settings: IngestSettings,
    warnings: list[str],
    kept_bytes: bool = True,
) -> Article | Rejected:
    """One row's article (``kept_bytes``: see :func:`bad_byte_reason`)."""

    def get(field: str) -> Any:
        col = cols.get(field)
        return row.get(col) if col is not None else None

    for column in cols.values():
        value = row.get(column)
        cell = value if isinstance(value, str) else _as_text(value) or ""
        if "\x00" in cell:
            return Rejected(f"{ref}:field {column}", "NUL byte in the field (binary junk)")
        bad = bad_byte_reason(cell, kept_bytes=kept_bytes)
        if bad:  # (a file read with stray_bytes: this row only is lost)
            return Rejected(f"{ref}:field {column}", bad)
    body = _as_html_text(get("text"))
    summary = _as_html_text(get("summary"))
    extra: dict[str, object] = {}
    if body is None:
        if summary is None:
            col = cols.get("text") or cols.get("summary")
            if col is None:
                columns = display_name(", ".join(map(str, row)))
                return Rejected(ref, f"no text field (columns: {columns})")
            held = _held(get("text") if "text" in cols else get("summary"))
            reason = f"empty text: the field holds {held}" if held else "empty text"
            return Rejected(f"{ref}:field {col}", reason)
        if "text" in cols:
            held = _held(get("text"))
            what = f"holds {held}" if held else "empty"
            warnings.append(f"field {cols['text']} {what}; {cols['summary']} used as text")
        body = summary
    elif summary is not None:
        extra["summary"] = summary
    published = None
    raw_date = _as_text(get("date"))
    held = _held(get("date")) if raw_date is None else None
    if held:  # (true, Infinity, an object: the date is lost, and the row says so)
        warnings.append(f"field {cols['date']}: not a date: it holds {held}")
    if raw_date is not None:
        published, warning = parse_date_value(raw_date, settings)
        if warning:
            warnings.append(f"field {cols['date']}: {warning}")
    result = build_article(
        ref=ref,
        paragraphs=clean_lines(body),
        article_id=_as_id(get("id")),
        url=_as_text(get("url")),
        source=source or _as_text(get("source")),
        title=_as_html_text(get("title")),
        published=published,
        tags=_as_tags(get("tags")),
        category=_as_text(get("category")),
        author=_as_text(get("author")),
        warnings=warnings,
        extra=extra,
        settings=settings,
        empty_reason="empty text",
    )
    if isinstance(result, Rejected):
        field = result.reason.partition(" too long")[0]  # "title too long (…)": that column
        col = cols.get(field) or cols.get("text") or cols.get("summary")
        return Rejected(f"{ref}:field {col}", result.reason)
    return result


_EXCEL_SEP = re.compile(r"sep=([^\r\n])\r?$")


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_text(
    text: str,
    *,
    name: str,
    source: str | None = None,
    column_map: Mapping[str, str] | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
    skips: Skips | None = None,
) -> Iterator[Article | Rejected]:
    """Yield one article (or rejection) per data row of a CSV/TSV text with a header row.

    >>> rows = list(read_csv_text("ID,Title,Content\\n7,سرخی,متن۔\\n8,خالی,\\n", name="f.csv"))
    >>> rows[0].id, rows[0].title, rows[0].paragraphs, rows[0].raw_ref
    ('7', 'سرخی', ('متن۔',), 'f.csv:row 1')
    >>> rows[1]
    Rejected(ref='f.csv:row 2:field Content', reason='empty text')
    """
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if name.lower().endswith(".tsv") else _sniff_delimiter(first_line)
    excel = _EXCEL_SEP.match(first_line)
    if excel:  # Excel's "sep=;" line names the delimiter and is not the header
        delimiter = excel.group(1)
        text = text[len(first_line) + 1 :]
    csv.field_size_limit(settings.max_field_chars)
    buf = io.StringIO(text, newline="")
    reader = csv.reader(buf, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield Rejected(name, "empty")
        return
    except csv.Error as e:
        yield Rejected(f"{name}:header", f"malformed CSV: {e}")
        return
    header = [h.strip(STRIP_CHARS) for h in header]
    bad = bad_byte_reason("".join(header), "in a column name")
    if bad:  # (that column would be lost from every row)
        yield Rejected(f"{name}:header", bad)
        return
    try:
        cols = resolve_columns(header, column_map)
    except ValueError as e:
        yield Rejected(name, str(e))
        return
    if "text" not in cols and "summary" not in cols:
        yield Rejected(name, f"no text column in header {header} (name it with --map text=COLUMN)")
        return
    index = {c: i for i, c in reversed(list(enumerate(header)))}
    wanted = {col: index[col] for col in cols.values()}
    n = 0
    line_base = int(bool(excel))  # physical lines before ``buf`` (the sep= line, restarts)
    line = line_base + reader.line_num  # physical lines read so far (the header's)
    base = 0  # offset of ``buf`` in ``text`` (a restart after an unclosed quote moves it)
    restarts = 0
    not_rows = 0  # blank lines and repeated headers among the n records
    while True:
        start, first_line_no = buf.tell(), line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            n += 1
            line = line_base + reader.line_num
            yield Rejected(f"{name}:row {n}", f"malformed CSV: {e}")
            end = _record_end(text, base + start, delimiter) if "field limit" in str(e) else None
            if end is not None:
                # The reader stopped inside the record's big field: the rest of that field
                # would be read as rows of its own (junk articles, row numbers off).  Go on
                # after the record.
                line = line_base = (
                    first_line_no - 1 + len(_LINE_END.findall(text, base + start, end))
                )
                base = end
                buf = io.StringIO(text[base:], newline="")
                reader = csv.reader(buf, delimiter=delimiter)
            continue
        n += 1
        line = line_base + reader.line_num
        end = buf.tell()
        problem = None
        if line > first_line_no:
            if end == len(text) - base and text.count('"', base + start, base + end) % 2:
                # A quote opened in this row never closes: without this check the row's
                # field silently swallows every later row.
                problem = f"the quoted field opened on line {first_line_no} never closes"
            elif _swallowed_row(text[base + start : base + end], delimiter, len(header)):
                problem = (
                    f"a quote in a field of line {first_line_no} is not doubled, so the field "
                    f"ran on to line {line} and took in the rows between"
                )
        if problem is not None:
            # Skip the row, go on from its next line.
            restarts += 1
            nl = _LINE_END.search(text, base + start)
            if nl is None or restarts > _MAX_RESTARTS:
                yield Rejected(f"{name}:row {n}", f"malformed CSV: {problem}")
                break
            yield Rejected(f"{name}:row {n}", f"malformed CSV: {problem}{_RESUMED}")
            base = nl.end()
            buf = io.StringIO(text[base:], newline="")
            reader = csv.reader(buf, delimiter=delimiter)
            line = line_base = first_line_no
            continue
        if not any(c.strip(STRIP_CHARS) for c in cells):
            count_skip(skips, "blank CSV row")
            not_rows += 1
            continue
        if len(cells) == len(header) and [c.strip(STRIP_CHARS) for c in cells] == header:
            # CSV files joined with cat: the next file's header is not an article
            count_skip(skips, "repeated CSV header row")
            not_rows += 1
            continue
        warnings: list[str] = []
        if len(cells) != len(header):
            warnings.append(f"row has {len(cells)} cells, header has {len(header)}")
        row = {col: (cells[i] if i < len(cells) else None) for col, i in wanted.items()}
        result = _row_article(
            row, cols, ref=f"{name}:row {n}", source=source, settings=settings, warnings=warnings
        )
        if isinstance(result, Rejected) and len(cells) < len(header):
            result = Rejected(result.ref, f"{result.reason}: {warnings[0]}")
        yield result
    if n == not_rows:  # (blank lines after the header are no rows either)
        yield Rejected(name, "no data rows (header only)")


_LINE_END = re.compile(r"\r\n|\r|\n")


def _record_end(text: str, start: int, delimiter: str) -> int | None:
    """Where the CSV record that starts at ``start`` ends in ``text`` (a field of any size
    allowed); None if it does not end.

    >>> _record_end('1,"a\\nb",c\\n2,d,e\\n', 0, ",")  # after '1,"a\\nb",c\\n'
    10
    """
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) - start + 1))
    try:
        buf = io.StringIO(text[start:], newline="")
        next(csv.reader(buf, delimiter=delimiter))
        return start + buf.tell()
    except (csv.Error, StopIteration):
        return None
    finally:
        csv.field_size_limit(limit)


_MAX_RESTARTS = 1000
_RESUMED = "; the row is skipped, reading goes on from the next line"


@lru_cache(maxsize=8)
def _row_pattern(delimiter: str) -> re.Pattern[str]:
    """One line that is a well-formed CSV row, or the start of one whose last field is quoted
    and goes on over the next lines: each field bare (no quote in it) or quoted, its quotes
    doubled."""
    d = re.escape(delimiter)
    field = f'(?:"(?:[^"]|"")*"|[^"{d}\\r\\n]*)'
    return re.compile(f'(?:{field}{d})*(?:{field}|"(?:[^"]|"")*)')


def _swallowed_row(record: str, delimiter: str, width: int) -> bool:
    """True if ``record`` (the text of one CSV record over several lines) is a row with a
    quote not doubled, its field running on over the rows that follow (``"ends with 6"",`` is
    a quote and a field still open): its last line is by itself a row of the header's
    ``width`` (or the start of one, its last field quoted and open).  The last line of a
    genuine multi-line field never is: it closes a quote opened on an earlier line, which
    read alone is a quote inside a bare field, or a quote opening a first field that holds the
    whole line (a lone field: hence ``width`` > 1).

    >>> _swallowed_row('1,"ends with 6"",x\\n2,"t2",y\\n', ",", 3)
    True
    >>> _swallowed_row('1,"line one\\nline, two, three",y\\n', ",", 3)
    False
    """
    if width < 2:
        return False
    body = record.rstrip("\r\n")
    last = body[max(body.rfind("\n"), body.rfind("\r")) + 1 :]
    if _row_pattern(delimiter).fullmatch(last):
        return _cells(last, delimiter) == width
    return _swallowed_to_bare_quote(body, delimiter, width)


def _cells(line: str, delimiter: str) -> int:
    """How many cells the csv module reads in ``line`` alone."""
    return len(next(csv.reader([line], delimiter=delimiter), []))


def _swallowed_to_bare_quote(body: str, delimiter: str, width: int) -> bool:
    """True if ``body`` (one CSV record over several lines, line end cut) is a row whose quote
    was not doubled and whose field ran on to a quote inside a later row's unquoted field
    (``3,he said "hi" there``): the quote that closed the field is followed by neither the
    delimiter nor the line end (the csv module, not strict, goes on with the field), and every
    line after the first is by itself a row of the header's ``width``.  A genuine multi-line
    field's later lines are its paragraphs, not rows.

    >>> _swallowed_to_bare_quote('1,"6"",x\\n2,t,y\\n3,he said "hi" there,z', ",", 3)
    True
    >>> _swallowed_to_bare_quote('1,"para one\\nhe said "hi" there",y', ",", 3)
    False
    """
    try:
        for _ in csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        pass  # a quote closed the field and something other than the delimiter followed
    else:
        return False
    later = _LINE_END.split(body)[1:]
    return bool(later) and all(_cells(line, delimiter) == width for line in later)


def read_csv_bytes(
    data: bytes,
    *,
    name: str,
    source: str | None = None,
    column_map: Mapping[str, str] | None = None,
    encoding: str | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
    skips: Skips | None = None,
) -> Iterator[Article | Rejected]:
    """Decode (via :mod:`akhbar.ingest.decode`) and read a CSV/TSV file's bytes.

    >>> [a.title for a in read_csv_bytes("title;text\\nسرخی;متن\\n".encode(), name="f.csv")]
    ['سرخی']
    """
    text = decode_or_reject(data, name=name, encoding=encoding, stray_bytes=True)
    if isinstance(text, Rejected):
        yield text
        return
    yield from read_csv_text(
        text, name=name, source=source, column_map=column_map, settings=settings, skips=skips
    )


@lru_cache(maxsize=256)
def _cols_for_keys(
    keys: tuple[str, ...], column_map: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    return resolve_columns(keys, dict(column_map) or None)


def _object_article(
    obj: Any,
    *,
    ref: str,
    source: str | None,
    column_map: tuple[tuple[str, str], ...],
    settings: IngestSettings,
    kept_bytes: bool = True,
) -> Article | Rejected:
    """One JSON object's article (``kept_bytes``: see :func:`bad_byte_reason`)."""
    if not isinstance(obj, dict):
        return Rejected(ref, f"not a JSON object ({type(obj).__name__})")
    keys = tuple(str(k) for k in obj)
    bad = bad_byte_reason("".join(keys), "in a field name", kept_bytes=kept_bytes)
    if bad:  # (its value would be lost without a word)
        return Rejected(ref, bad)
    try:
        cols = _cols_for_keys(keys, column_map)
    except ValueError as e:
        return Rejected(ref, str(e))
    return _row_article(
        obj, cols, ref=ref, source=source, settings=settings, warnings=[], kept_bytes=kept_bytes
    )


def read_jsonl_text(
    text: str,
    *,
    name: str,
    source: str | None = None,
    column_map: Mapping[str, str] | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
    skips: Skips | None = None,
) -> Iterator[Article | Rejected]:
    """Yield one article (or rejection) per line of a JSON Lines text; blank lines are skipped.

    >>> lines = '{"title": "سرخی", "summary": "خلاصہ"}\\n{oops\\n'
    >>> out = list(read_jsonl_text(lines, name="h.jsonl"))
    >>> out[0].paragraphs, out[0].raw_ref
    (('خلاصہ',), 'h.jsonl:line 1')
    >>> out[1].ref, out[1].reason.startswith("malformed JSON")
    ('h.jsonl:line 2', True)
    """
    check_column_map(column_map)
    cmap = tuple(sorted((column_map or {}).items()))
    text = text.removeprefix("\ufeff")
    first = True
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        ref = f"{name}:line {n}"
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as e:
            if first:
                # Not JSON Lines but one JSON document over many lines (a pretty-printed
                # object, or an array after a blank start): read it as a whole.
                document = _whole_document(text)
                if document is not None:
                    yield from _document_articles(
                        document,
                        name=name,
                        source=source,
                        column_map=cmap,
                        settings=settings,
                        kept_bytes=STRAY_BYTE.search(text) is not None,
                    )
                    return
            msg = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
            pos = f" at column {e.colno}" if isinstance(e, json.JSONDecodeError) else ""
            yield Rejected(ref, f"malformed JSON: {msg}{pos}")
            first = False
            continue
        first = False
        kept = STRAY_BYTE.search(line) is not None
        if isinstance(obj, dict):  # an article, or a wrapper holding an array of them
            yield from _document_articles(
                obj, name=ref, source=source, column_map=cmap, settings=settings, kept_bytes=kept
            )
        else:
            yield _object_article(
                obj, ref=ref, source=source, column_map=cmap, settings=settings, kept_bytes=kept
            )
    if first:  # not one line with anything on it
        yield Rejected(name, "empty")


def _whole_document(text: str) -> Any:
    """``text`` parsed as one JSON value, or None when it is not one."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _document_articles(
    document: Any,
    *,
    name: str,
    source: str | None,
    column_map: tuple[tuple[str, str], ...],
    settings: IngestSettings,
    kept_bytes: bool = True,
) -> Iterator[Article | Rejected]:
    """The articles of one JSON document: an array of objects, an object that is an article,
    or a wrapper object holding the array (``{"articles": [...]}``, ``{"data": [...]}``);
    ``kept_bytes``: see :func:`bad_byte_reason`."""
    items: list[Any]
    prefix = f"{name}:item"
    if isinstance(document, list):
        items = document
    elif isinstance(document, dict):
        unmapped = None
        try:
            cols = _cols_for_keys(tuple(str(k) for k in document), column_map)
        except ValueError as e:  # a --map column this object lacks: a wrapper, or rejected
            cols, unmapped = {}, Rejected(name, str(e))
        lists = []
        if "text" not in cols and "summary" not in cols:  # not an article: a wrapper?
            lists = [
                (str(k), v)
                for k, v in document.items()
                if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
            ]
        if len(lists) == 1:
            key, items = lists[0]
            prefix = f"{name}:{display_name(key)} item"
        elif unmapped is not None:
            yield unmapped
            return
        else:
            yield _object_article(
                document,
                ref=name,
                source=source,
                column_map=column_map,
                settings=settings,
                kept_bytes=kept_bytes,
            )
            return
    else:
        yield Rejected(name, f"not a JSON object or array ({type(document).__name__})")
        return
    for n, obj in enumerate(items, start=1):
        yield _object_article(
            obj,
            ref=f"{prefix} {n}",
            source=source,
            column_map=column_map,
            settings=settings,
            kept_bytes=kept_bytes,
        )


#: JSON's whitespace (no other: NBSP between items is a syntax error, as json reads it).
_JSON_WS = re.compile(r"[ \t\n\r]*")


def _skip_json_ws(text: str, pos: int) -> int:
    """``pos`` moved past any JSON whitespace (the pattern always matches, maybe empty)."""
    m = _JSON_WS.match(text, pos)
    return m.end() if m else pos


def _array_items(text: str, *, name: str) -> Iterator[tuple[int, Any] | Rejected]:
    """The items of a JSON array one by one, so that the items before a syntax error are kept
    (the error is one ``Rejected`` naming the item, line and column; nothing after it is read).
    """
    decoder = json.JSONDecoder()
    pos = _skip_json_ws(text, 0)
    pos += 1  # the '['
    n = 0
    while True:
        pos = _skip_json_ws(text, pos)
        if text.startswith("]", pos) and n == 0:
            pos += 1
            break
        n += 1
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            yield Rejected(
                f"{name}:item {n}",
                f"malformed JSON: {e.msg} at line {e.lineno} column {e.colno}; "
                "the rest of the file is not read",
            )
            return
        except RecursionError:
            yield Rejected(f"{name}:item {n}", "malformed JSON: nested too deeply")
            return
        yield n, obj
        pos = _skip_json_ws(text, pos)
        if text.startswith(",", pos):
            pos += 1
            continue
        if text.startswith("]", pos):
            pos += 1
            break
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        yield Rejected(
            f"{name}:item {n + 1}",
            f"malformed JSON: expected ',' or ']' at line {line} column {col}; "
            "the rest of the file is not read",
        )
        return
    rest = text[pos:].strip(STRIP_CHARS)
    if rest:
        yield Rejected(name, f"malformed JSON: extra data after the array ({len(rest)} chars)")


def read_json_bytes(
    data: bytes,
    *,
    name: str,
    source: str | None = None,
    column_map: Mapping[str, str] | None = None,
    encoding: str | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
    skips: Skips | None = None,
) -> Iterator[Article | Rejected]:
    """Read JSON Lines bytes, or one JSON document: an array of objects (``[{…}, {…}]``, refs
    ``name:item N``; the items before a syntax error are kept), a pretty-printed object, or a
    wrapper object holding the array (``{"articles": […]}``, refs ``name:articles item N``).

    >>> [a.id for a in read_json_bytes(b'[{"id": 5, "text": "x"}]', name="a.json")]
    ['5']
    """
    text = decode_or_reject(data, name=name, encoding=encoding, stray_bytes=True)
    if isinstance(text, Rejected):
        yield text
        return
    head = text.lstrip(STRIP_CHARS)
    if head.startswith("["):
        check_column_map(column_map)
        cmap = tuple(sorted((column_map or {}).items()))
        items = 0
        kept = STRAY_BYTE.search(head) is not None
        for item in _array_items(head, name=name):
            items += 1
            if isinstance(item, Rejected):
                yield item
                continue
            n, obj = item
            yield _object_article(
                obj,
                ref=f"{name}:item {n}",
                source=source,
                column_map=cmap,
                settings=settings,
                kept_bytes=kept,
            )
        if not items:
            yield Rejected(name, "empty (an array with no items)")
        return
    yield from read_jsonl_text(
        text, name=name, source=source, column_map=column_map, settings=settings, skips=skips
    )


def read_parquet_bytes(
    data: bytes,
    *,
    name: str,
    source: str | None = None,
    column_map: Mapping[str, str] | None = None,
    settings: IngestSettings = DEFAULT_SETTINGS,
) -> Iterator[Article | Rejected]:
    """One article (or rejection) per row of a Parquet file, columns mapped as for JSONL.

    Needs pyarrow (the ``parquet`` extra); without it the file is rejected with that reason.
    ``akhbar export --format parquet`` writes files this reads back.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        yield Rejected(name, "reading Parquet needs pyarrow: pip install 'akhbar[parquet]'")
        return
    check_column_map(column_map)
    cmap = tuple(sorted((column_map or {}).items()))
    try:
        table = pq.ParquetFile(pa.BufferReader(data))
        batches = table.iter_batches(batch_size=1024)
        n = 0
        for batch in batches:
            for row in batch.to_pylist():
                n += 1
                yield _object_article(
                    row, ref=f"{name}:row {n}", source=source, column_map=cmap, settings=settings
                )
    except (pa.ArrowException, OSError) as e:
        yield Rejected(name, f"unreadable Parquet: {one_line(e)}")
