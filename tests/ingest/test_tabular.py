"""CSV and JSONL readers: header variants, column mapping, row-level rejections, real files."""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from akhbar.article import Article, Rejected, content_id
from akhbar.ingest import IngestSettings, read_any
from akhbar.ingest.tabular import read_csv_bytes, read_csv_text, read_jsonl_text, resolve_columns

from .conftest import NEWS, RealArticle, make_page
from .test_html import _html_ws

OUTLETS = NEWS / "outlets-2024"
EXPRESS_JSONL = NEWS / "express-headlines-2012-2018.jsonl"
URDUPOINT = NEWS / "urdupoint-2023-sample.csv"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(
            ["ID", "Title", "Link", "Content", "Gold Label"],
            {
                "id": "ID",
                "title": "Title",
                "url": "Link",
                "text": "Content",
                "category": "Gold Label",
            },
            id="Geo: capitalised, space in Gold Label",
        ),
        pytest.param(
            ["id", "title", "link", "content", "gold_label"],
            {
                "id": "id",
                "title": "title",
                "url": "link",
                "text": "content",
                "category": "gold_label",
            },
            id="Express/Jang/Samaa: lower case, underscore",
        ),
        pytest.param(
            ["Date", "Title", "News", "Category", "Link", "Clean_Data"],
            {
                "date": "Date",
                "title": "Title",
                "text": "News",
                "category": "Category",
                "url": "Link",
            },
            id="UrduPoint: News is the body, Clean_Data (derived copy) left out",
        ),
        pytest.param(
            ["category", "date", "url", "title", "summary"],
            {
                "category": "category",
                "date": "date",
                "url": "url",
                "title": "title",
                "summary": "summary",
            },
            id="Express headlines JSONL keys",
        ),
        pytest.param(
            ["Headline", "Story", "Published At", "Keywords", "Byline", "Site"],
            {
                "title": "Headline",
                "text": "Story",
                "date": "Published At",
                "tags": "Keywords",
                "author": "Byline",
                "source": "Site",
            },
            id="other synonyms",
        ),
        pytest.param(
            ["summary", "content", "body"],
            {"summary": "summary", "text": "body"},
            id="two text columns: the synonym listed first (body) wins",
        ),
    ],
)
def test_resolve_columns(header: list[str], expected: dict[str, str]) -> None:
    assert resolve_columns(header) == expected


def test_column_map_override_and_errors() -> None:
    header = ["Date", "Title", "News", "Category", "Link", "Clean_Data"]
    cols = resolve_columns(header, {"text": "clean_data"})  # case-insensitive column name
    assert cols["text"] == "Clean_Data"
    with pytest.raises(ValueError, match="not in header"):
        resolve_columns(header, {"text": "Body"})
    with pytest.raises(ValueError, match="unknown field"):
        list(read_any(URDUPOINT, column_map={"bodytext": "News"}))


def _articles(results: list[Article | Rejected]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def test_csv_rows_refs_and_rejections() -> None:
    text = (
        "ID,Title,Link,Content,Gold Label,Date\n"
        "17,سرخی,https://www.express.pk/story/1/,"
        '"پہلا پیراگراف۔\n\nدوسرا۔",sports,2018-04-24T04:59:11 GMT\n'
        "18,خالی,https://x.pk/2,,sports,\n"
        "19,تاریخ غلط,https://x.pk/3,متن۔,sports,کل شام\n"
    )
    out = list(read_csv_text(text, name="feed.csv"))
    a = out[0]
    assert isinstance(a, Article)
    assert a.id == "17"  # the input id is kept
    assert a.paragraphs == ("پہلا پیراگراف۔", "دوسرا۔")  # embedded newlines split, blanks dropped
    assert a.url == "https://www.express.pk/story/1/"
    assert a.source == "express.pk"
    assert a.category == "sports"
    assert a.raw_ref == "feed.csv:row 1"
    assert a.published == datetime(2018, 4, 24, 4, 59, 11, tzinfo=UTC)
    assert out[1] == Rejected("feed.csv:row 2:field Content", "empty text")
    c = out[2]
    assert isinstance(c, Article)
    assert c.published is None
    assert c.extra["warnings"] == ["field Date: unparseable date 'کل شام'"]


def test_csv_source_argument_wins_and_content_hash_id() -> None:
    text = "title,content,link\nسرخی,متن۔,https://urdu.geo.tv/1\n"
    [a] = list(read_csv_text(text, name="f.csv", source="geo"))
    assert isinstance(a, Article)
    assert a.source == "geo"
    assert a.id == content_id("سرخی", ["متن۔"])


def test_csv_huge_field_rejected_and_reading_goes_on() -> None:
    settings = IngestSettings(max_field_chars=1000, max_article_chars=500)
    text = "title,content\nبڑا," + "ا" * 2000 + "\nدرمیانہ," + "ب" * 600 + "\nچھوٹا,متن۔\n"
    out = list(read_csv_text(text, name="big.csv", settings=settings))
    assert isinstance(out[0], Rejected)
    assert out[0].ref == "big.csv:row 1"
    assert "field larger than field limit" in out[0].reason
    assert isinstance(out[1], Rejected)
    assert out[1].reason.startswith("article too long")
    assert isinstance(out[-1], Article)
    assert out[-1].title == "چھوٹا"


def test_csv_without_text_column_is_one_rejection() -> None:
    out = list(read_csv_text("a,b\n1,2\n3,4\n", name="x.csv"))
    assert len(out) == 1
    assert isinstance(out[0], Rejected)
    assert out[0].ref == "x.csv"


def test_jsonl_lines() -> None:
    lines = [
        json.dumps(
            {
                "id": 7,
                "url": "https://www.express.pk/story/1155787/6",
                "title": "سرخی",
                "body": "متن۔",
                "tags": ["ایران", "روس"],
                "published": "2021-04-13 19:56+04:30",
            }
        ),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "صرف سرخی", "summary": ""}),
        json.dumps({"title": "کوئی متن نہیں"}),
    ]
    out = list(read_jsonl_text("\n".join(lines), name="h.jsonl"))
    a = out[0]
    assert isinstance(a, Article)
    assert a.id == "7"
    assert a.tags == ("ایران", "روس")
    assert a.published is not None
    assert a.published.isoformat() == "2021-04-13T19:56:00+04:30"
    assert a.raw_ref == "h.jsonl:line 1"
    assert isinstance(out[1], Rejected)
    assert out[1].ref == "h.jsonl:line 3"
    assert out[1].reason.startswith("malformed JSON")
    assert out[2] == Rejected("h.jsonl:line 4", "not a JSON object (list)")
    assert out[3] == Rejected("h.jsonl:line 5:field summary", "empty text")
    assert isinstance(out[4], Rejected)
    assert out[4].ref == "h.jsonl:line 6"
    assert out[4].reason.startswith("no text field")
    assert len(out) == 5  # the blank line is skipped, not rejected


def _edge_strip(s: str) -> str:
    """What readers strip from field edges: whitespace and invisible marks (LRM, ZWSP, BOM)."""
    return s.strip().strip("\u200b\u200c\u200d\u200e\u200f\ufeff").strip()


def _csv_rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 24)
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("name", "text_col", "rows", "rejected"),
    [
        # Figures counted independently with the csv module; rejected = rows with an empty body.
        pytest.param("express_articles.csv", "content", 750, 32, id="express"),
        pytest.param("geo_articles.csv", "Content", 300, 0, id="geo"),
        pytest.param("jang_articles.csv", "content", 491, 0, id="jang"),
        pytest.param("samaa_articles.csv", "content", 1000, 0, id="samaa"),
    ],
)
def test_real_outlet_csvs(name: str, text_col: str, rows: int, rejected: int) -> None:
    path = OUTLETS / name
    raw = _csv_rows(path)
    assert len(raw) == rows
    out = list(read_any(path))
    arts = _articles(out)
    rej = [r for r in out if isinstance(r, Rejected)]
    assert len(arts) == rows - len(rej)
    assert len(rej) == rejected == sum(1 for r in raw if not r[text_col].strip())
    assert all(r.reason == "empty text" and f":field {text_col}" in r.ref for r in rej)
    by_id = {r[next(k for k in r if k.lower() == "id")]: r for r in raw}
    for a in arts[:50]:
        row = by_id[a.id]
        assert a.title == _edge_strip(row[next(k for k in row if k.lower() == "title")])
        assert a.paragraphs == (_edge_strip(row[text_col]),)  # one-line bodies, text as it came
        assert a.source in {"express.pk", "urdu.geo.tv", "jang.com.pk", "urdu.samaa.tv"}
        assert a.category
    assert len({a.raw_ref for a in arts}) == len(arts)


def test_real_urdupoint_body_is_news_not_clean_data() -> None:
    raw = _csv_rows(URDUPOINT)
    out = list(read_any(URDUPOINT))
    arts = _articles(out)
    assert len(raw) == len(arts) == 399
    for a, row in zip(arts, raw, strict=True):
        assert a.paragraphs == (_edge_strip(row["News"]),)
        assert a.published is not None
        assert a.published.date().isoformat() == row["Date"]
        assert "Clean_Data" not in a.extra
    alt = _articles(list(read_any(URDUPOINT, column_map={"text": "Clean_Data"})))
    assert alt[0].paragraphs == (_edge_strip(raw[0]["Clean_Data"]),)


def test_real_express_jsonl_sample(tmp_path: Path) -> None:
    with open(EXPRESS_JSONL, encoding="utf-8") as f:
        head = list(itertools.islice(f, 2000))
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(head), encoding="utf-8")
    out = list(read_any(sample))
    rows = [json.loads(line) for line in head]
    arts = _articles(out)
    rej = [r for r in out if isinstance(r, Rejected)]
    assert len(out) == len(rows)
    assert len(rej) == sum(1 for r in rows if not r["summary"].strip())
    assert all(r.reason == "empty text" and r.ref.endswith(":field summary") for r in rej)
    for a in arts:
        assert a.published is not None
        assert a.published.tzinfo is not None
        assert a.published.utcoffset() is not None
        assert not a.published.utcoffset()
        assert a.source == "express.pk"
        assert a.category
    first = arts[0]
    assert first.published == datetime(2018, 4, 24, 4, 59, 11, tzinfo=UTC)
    assert first.title == _edge_strip(rows[0]["title"])
    assert first.paragraphs == (_edge_strip(rows[0]["summary"]),)


@pytest.mark.slow
def test_real_express_jsonl_full_pass() -> None:
    """All 72,664 lines: articles == rows - rejected, every rejection an empty summary."""
    reasons: Counter[str] = Counter()
    n_articles = 0
    for r in read_any(EXPRESS_JSONL):
        if isinstance(r, Article):
            n_articles += 1
            assert r.published is not None
        else:
            reasons[r.reason] += 1
    assert n_articles + sum(reasons.values()) == 72_664
    assert reasons == Counter({"empty text": 33})


def _express_rows(n: int) -> list[dict[str, str]]:
    with open(EXPRESS_JSONL, encoding="utf-8") as f:
        return [json.loads(line) for line in itertools.islice(f, n)]


def _titles(out: list[Article | Rejected]) -> list[str | None]:
    return [r.title for r in out if isinstance(r, Article)]


def test_pretty_printed_json_object_is_one_article(tmp_path: Path) -> None:
    # A .json file holding one article written with indent=2 used to give one "malformed JSON"
    # rejection per line.
    [row] = _express_rows(1)
    text = json.dumps(row, ensure_ascii=False, indent=2)
    for p in (tmp_path / "one.json", tmp_path / "one_no_extension"):
        p.write_text(text, encoding="utf-8")
        [a] = list(read_any(p))
        assert isinstance(a, Article), a
        assert (a.title, a.url, a.paragraphs) == (row["title"], row["url"], (row["summary"],))
        assert a.raw_ref == str(p)


def test_json_wrapper_object_holding_the_articles(tmp_path: Path) -> None:
    rows = _express_rows(3)
    for indent in (None, 2):
        path = tmp_path / f"feed{indent}.json"
        doc = {"status": "ok", "count": 3, "articles": rows}
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=indent), encoding="utf-8")
        out = list(read_any(path))
        assert _titles(out) == [r["title"] for r in rows], out
        assert all(isinstance(r, Article) and "articles item" in str(r.raw_ref) for r in out)


def test_broken_json_array_keeps_the_items_before_the_error(tmp_path: Path) -> None:
    rows = _express_rows(4)
    text = json.dumps(rows, ensure_ascii=False, indent=1)
    cut = text.index(rows[2]["title"])  # break the third item: an unescaped quote in a title
    path = tmp_path / "dump.json"
    path.write_text(text[:cut] + '"' + text[cut:], encoding="utf-8")
    out = list(read_any(path))
    assert _titles(out) == [rows[0]["title"], rows[1]["title"]]
    bad = out[-1]
    assert isinstance(bad, Rejected)
    assert bad.ref == f"{path}:item 3"
    line = text[:cut].count("\n") + 1
    assert f"at line {line} column" in bad.reason
    assert "the rest of the file is not read" in bad.reason


def test_epoch_dates_and_float_ids(tmp_path: Path) -> None:
    rows = _express_rows(4)
    stamps: list[object] = [1524545951, 1524545951000, "1524545951", 1524545951.5]
    lines = []
    for i, (row, stamp) in enumerate(zip(rows, stamps, strict=True)):
        lines.append(json.dumps({**row, "date": stamp, "id": float(i + 10)}, ensure_ascii=False))
    out = list(read_jsonl_text("\n".join(lines), name="e.jsonl"))
    assert all(isinstance(a, Article) for a in out), out
    arts = [a for a in out if isinstance(a, Article)]
    expected = datetime(2018, 4, 24, 4, 59, 11, tzinfo=UTC)
    assert [a.published for a in arts[:3]] == [expected] * 3
    assert arts[3].published == expected.replace(microsecond=500000)
    assert [a.id for a in arts] == ["10", "11", "12", "13"]
    assert not any(a.extra.get("warnings") for a in arts)


def _geo_rows(n: int) -> list[dict[str, str]]:
    return [r for r in _csv_rows(OUTLETS / "geo_articles.csv") if r["Content"].strip()][:n]


def _write_csv(
    rows: list[dict[str, str]], header: list[str] | None = None, delimiter: str = ","
) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", delimiter=delimiter)
    keys = list(rows[0])
    w.writerow(header or keys)
    w.writerows([r[k] for k in keys] for r in rows)
    return buf.getvalue()


def test_csv_unclosed_quote_does_not_swallow_the_rows_after_it() -> None:
    # A quote opened in row 2's content never closes: the csv module silently put every later
    # row into that one field (one giant "article"); the rows after it are now read.
    rows = _geo_rows(5)
    text = _write_csv(rows)
    lines = text.split("\n")
    bad_line = 2  # 0-based: the header, row 1, then row 2 (no embedded newlines in these rows)
    assert len(lines) == 7
    lines[bad_line] += ',"unclosed ' + rows[1]["ID"]  # a sixth cell whose quote never closes
    out = list(read_csv_text("\n".join(lines), name="geo.csv"))
    assert [type(r).__name__ for r in out] == [
        "Article",
        "Rejected",
        "Article",
        "Article",
        "Article",
    ]
    bad = out[1]
    assert isinstance(bad, Rejected)
    assert bad.ref == "geo.csv:row 2"
    assert "quoted field opened on line 3 never closes" in bad.reason
    arts = _articles(out)
    assert [a.id for a in arts] == [rows[i]["ID"] for i in (0, 2, 3, 4)]
    assert [a.title for a in arts] == [rows[i]["Title"].strip() for i in (0, 2, 3, 4)]


@pytest.mark.parametrize(
    "after",
    [
        pytest.param("", id="header only"),
        pytest.param("\r\n\r\n,,,,\n", id="blank lines after it (an export's CRLF tail)"),
        pytest.param("\nID,Title,Link,Content,Gold Label\n", id="the header again"),
    ],
)
def test_csv_header_only_is_rejected_not_silent(tmp_path: Path, after: str) -> None:
    path = tmp_path / "empty_export.csv"
    path.write_text("ID,Title,Link,Content,Gold Label\n" + after, encoding="utf-8")
    assert list(read_any(path)) == [Rejected(str(path), "no data rows (header only)")]


def test_csv_short_row_rejection_says_the_row_is_short() -> None:
    rows = _geo_rows(2)
    text = _write_csv(rows)
    lines = text.split("\n")
    cells = next(csv.reader([lines[1]]))
    lines[1] = ",".join(f'"{c}"' for c in cells[:3])  # the Content and Gold Label cells lost
    out = list(read_csv_text("\n".join(lines), name="geo.csv"))
    assert out[0] == Rejected(
        "geo.csv:row 1:field Content", "empty text: row has 3 cells, header has 5"
    )
    assert isinstance(out[1], Article)


def test_csv_urdu_column_names(tmp_path: Path) -> None:
    rows = _geo_rows(2)
    path = tmp_path / "urdu.csv"
    path.write_text(
        _write_csv(rows, ["آئی ڈی", "عنوان", "لنک", "متن", "زمرہ"]), encoding="utf-8-sig"
    )
    out = list(read_any(path))
    arts = _articles(out)
    assert len(arts) == 2, out
    for a, r in zip(arts, rows, strict=True):
        assert (a.id, a.title, a.url, a.category) == (
            r["ID"],
            r["Title"].strip(),
            r["Link"].strip(),
            r["Gold Label"],
        )
        assert a.source == "urdu.geo.tv"


def test_excel_sep_line() -> None:
    rows = _geo_rows(2)
    text = "sep=;\r\n" + _write_csv(rows, delimiter=";")
    out = list(read_csv_text(text, name="excel.csv"))
    assert [a.id for a in _articles(out)] == [r["ID"] for r in rows], out


def test_tags_cell_holding_a_list_literal() -> None:
    # pandas' to_csv writes a list column as "['a', 'b']"; JSON exports write '["a", "b"]'.
    rows = _geo_rows(2)
    tags = ["چیمپئنز ٹرافی", "آئی سی سی"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["title", "content", "tags"])
    w.writerow([rows[0]["Title"], rows[0]["Content"], str(tags)])
    w.writerow([rows[1]["Title"], rows[1]["Content"], json.dumps(tags, ensure_ascii=False)])
    out = _articles(list(read_csv_text(buf.getvalue(), name="pandas.csv")))
    assert [a.tags for a in out] == [tuple(tags), tuple(tags)]


def test_a_stray_nul_byte_costs_one_row_not_the_file(tmp_path: Path) -> None:
    # One NUL in a 300-row CSV made the whole file 'looks binary' and every row was lost.
    data = (OUTLETS / "geo_articles.csv").read_bytes()
    at = data.index(b'\n"', 5000) + 2  # inside the ID cell of a row
    path = tmp_path / "geo.csv"
    path.write_bytes(data[:at] + b"\x00" + data[at:])
    out = list(read_any(path))
    rejected = [r for r in out if isinstance(r, Rejected)]
    row = data[:at].count(b'\n"')  # each row starts a line with its quoted ID
    reason = "NUL byte in the field (binary junk)"
    assert rejected == [Rejected(f"{path}:row {row}:field ID", reason)]
    clean = [a for a in read_any(OUTLETS / "geo_articles.csv") if isinstance(a, Article)]
    assert len(_articles(out)) == len(clean) - 1


def test_a_row_in_another_encoding_costs_that_row_not_the_file(tmp_path: Path) -> None:
    # A row pasted from a Windows-1256 file among UTF-8 rows (old Urdu exports mix them): its
    # many bad bytes made the whole file undecodable, every good row lost.
    lines = EXPRESS_JSONL.read_bytes().split(b"\n")[:200]
    story = " ".join(["خبر کا متن"] * 40)  # more bad bytes than one per 1000 of the file
    bad = json.dumps({"id": "old", "title": "خبر", "summary": story}, ensure_ascii=False)
    lines[50] = bad.encode("cp1256")
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines))
    out = list(read_any(path))
    rejected = [r for r in out if isinstance(r, Rejected)]
    assert [r.ref.split(":field")[0] for r in rejected] == [f"{path}:line 51"]
    assert "not valid UTF-8" in rejected[0].reason
    assert len(_articles(out)) == len(_articles(read_any_bytes(tmp_path, lines[:50] + lines[51:])))
    # A file whose every line is in another encoding is still rejected whole, with the reason.
    path.write_bytes("\n".join(["café au lait, crème brûlée"] * 40).encode("latin-1"))
    (only,) = list(read_any(path))
    assert isinstance(only, Rejected)
    assert "not valid UTF-8" in only.reason


def read_any_bytes(folder: Path, lines: list[bytes]) -> list[Article | Rejected]:
    """``read_any`` of a JSON Lines file of ``lines`` written in ``folder``."""
    path = folder / "clean.jsonl"
    path.write_bytes(b"\n".join(lines))
    return list(read_any(path))


def test_a_stray_bad_byte_costs_one_row_not_the_file(tmp_path: Path) -> None:
    # One byte that is not UTF-8 (a broken scraper, a download cut mid-character) made the
    # whole file 'undecodable': 300 CSV rows or 5,000 JSONL lines lost for one bad row.
    data = (OUTLETS / "geo_articles.csv").read_bytes()
    at = data.index("۔".encode(), 20_000) + 2  # inside a row's Content, after a ۔
    path = tmp_path / "geo.csv"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    out = list(read_any(path))
    row = data[:at].count(b'\n"')  # each row starts a line with its quoted ID
    reason = "not valid UTF-8: byte 0xff in the field"
    assert [r for r in out if isinstance(r, Rejected)] == [
        Rejected(f"{path}:row {row}:field Content", reason)
    ]
    clean = [a for a in read_any(OUTLETS / "geo_articles.csv") if isinstance(a, Article)]
    assert len(_articles(out)) == len(clean) - 1
    path.write_bytes(b"\xef\xbb\xbf" + data[:at] + b"\xff" + data[at:])  # Excel's UTF-8 BOM
    assert [r for r in read_any(path) if isinstance(r, Rejected)] == [
        Rejected(f"{path}:row {row}:field Content", reason)
    ]
    # JSON Lines: a bad byte in a value costs its line, one in a key too (its value would be
    # lost without a word); a file cut inside its last character loses its last line.
    lines = EXPRESS_JSONL.read_bytes().split(b"\n")[:2000]
    at = lines[10].index(b'"summary": "') + 12
    lines[10] = lines[10][:at] + b"\xc3(" + lines[10][at:]
    lines[20] = lines[20].replace(b'"date"', b'"da\x80te"', 1)
    jsonl = tmp_path / "cut.jsonl"
    assert lines[-1].endswith(b'"}')
    assert 0xC2 <= lines[-1][-4] < 0xE0  # a 2-byte letter before it
    jsonl.write_bytes(b"\n".join(lines)[:-3])  # cut inside the last line's last letter
    out = list(read_any(jsonl))
    rejected = [r for r in out if isinstance(r, Rejected)]
    assert rejected[:2] == [
        Rejected(f"{jsonl}:line 11:field summary", "not valid UTF-8: byte 0xc3 in the field"),
        Rejected(f"{jsonl}:line 21", "not valid UTF-8: byte 0x80 in a field name"),
    ]
    assert len(rejected) == 3
    assert rejected[2].ref == f"{jsonl}:line 2000"
    assert rejected[2].reason.startswith("malformed JSON")
    assert len(_articles(out)) == 1997
    # A bad byte in the name of a wrapper's array: the refs carry it escaped (a lone surrogate
    # cannot be stored).
    wrapped = tmp_path / "wrapped.json"
    first = json.loads(lines[0])
    wrapped.write_bytes(b'{"artic\xffles": [' + json.dumps(first).encode() + b"]}" + b" " * 1000)
    [a] = list(read_any(wrapped))
    assert isinstance(a, Article)
    assert a.raw_ref == f"{wrapped}:line 1:artic\\xffles item 1"
    # One article a file: the file is still rejected, naming the byte.
    txt = tmp_path / "a.txt"
    txt.write_bytes("خبر کا متن۔".encode() + b"\xff")
    [r] = list(read_any(txt))
    assert isinstance(r, Rejected)
    assert r.reason.startswith("undecodable: not valid UTF-8 at byte 20")


def test_a_field_over_the_size_limit_costs_its_row_only(
    real_articles: list[RealArticle],
) -> None:
    # The reader stopped inside the oversized field, and the rest of it was read as rows: a
    # line of it with commas became an article ('کراچی' titled), later rows were misnumbered.
    a, b, c = real_articles
    big = "\n".join([*a.paragraphs, "لاہور, کراچی, اسلام آباد", *a.paragraphs])
    rows = [["id", "title", "content"], ["1", b.title, b.paragraphs[0]], ["2", a.title, big]]
    rows += [["3", c.title, c.paragraphs[0]], ["4", b.title, "\n".join(b.paragraphs)]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    text = buf.getvalue() + '5,بند نہیں,"کھلا\n6,آخری,آخری متن۔\n'  # a quote never closed
    limit = len(big) // 2
    out = list(read_csv_text(text, name="f.csv", settings=IngestSettings(max_field_chars=limit)))
    assert [(r.raw_ref, r.title) for r in _articles(out)] == [
        ("f.csv:row 1", b.title),
        ("f.csv:row 3", c.title),
        ("f.csv:row 4", b.title),
        ("f.csv:row 6", "آخری"),
    ]
    rejected = [r for r in out if isinstance(r, Rejected)]
    assert [r.ref for r in rejected] == ["f.csv:row 2", "f.csv:row 5"]
    assert rejected[0].reason == f"malformed CSV: field larger than field limit ({limit})"
    line = text.splitlines().index('5,بند نہیں,"کھلا') + 1
    assert f"the quoted field opened on line {line} never closes" in rejected[1].reason


def test_huge_metadata_fields_are_rejected_or_dropped_by_name(tmp_path: Path) -> None:
    # A 2 MB title (a table read with the wrong column), a 100 kB URL, 100,000 tags: all were
    # stored as they came, whatever a search result page then had to show.
    rows = _express_rows(4)
    huge = [
        {**rows[0], "title": rows[0]["summary"] * 2000},
        {**rows[1], "url": rows[1]["url"] + "?x=" + "a" * 10_000},
        {**rows[2], "tags": [f"ٹیگ {i}" for i in range(100_000)] + ["لمبا" * 2000]},
        rows[3],
    ]
    path = tmp_path / "huge.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in huge), "utf-8")
    out = list(read_any(path))
    settings = IngestSettings()
    limit = settings.max_meta_chars
    assert out[0] == Rejected(
        f"{path}:line 1:field title",
        f"title too long ({len(huge[0]['title'].strip())} chars > limit {limit})",
    )
    assert out[1] == Rejected(
        f"{path}:line 2:field url",
        f"url too long ({len(huge[1]['url'])} chars > limit {limit})",
    )
    tagged = out[2]
    assert isinstance(tagged, Article)
    assert tagged.tags == tuple(f"ٹیگ {i}" for i in range(settings.max_tags))
    assert tagged.extra["warnings"] == [
        f"1 tags over {limit} chars dropped",
        f"100000 tags, the first {settings.max_tags} kept",
    ]
    assert isinstance(out[3], Article)
    assert not out[3].extra


def test_real_urdupoint_title_with_html_entities() -> None:
    [row] = [r for r in _csv_rows(URDUPOINT) if "&quot;" in r["Title"]][:1]
    [a] = [a for a in _articles(list(read_any(URDUPOINT))) if a.url == row["Link"].strip()]
    assert a.title == row["Title"].replace("&quot;", '"').strip()


def test_wordpress_rest_export_and_html_in_cells(tmp_path: Path) -> None:
    # WordPress' /wp-json/wp/v2/posts: title/content as {"rendered": HTML}, date in the site's
    # zone and date_gmt in UTC.  Scraped CSVs also keep raw markup in the text cell.
    rows = _geo_rows(2)
    posts: list[dict[str, Any]] = []
    for i, r in enumerate(rows):
        paras = [s.strip() + "۔" for s in r["Content"].split("۔") if s.strip()][:3]
        posts.append(
            {
                "id": 9000 + i,
                "date": "2024-11-20T15:15:00",
                "date_gmt": "2024-11-20T10:15:00",
                "link": r["Link"].strip(),
                "title": {"rendered": html.escape(r["Title"].strip())},
                "content": {
                    "rendered": "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
                    + "\n<script>var ads = 1;</script>",
                    "protected": False,
                },
                "excerpt": {"rendered": f"<p>{html.escape(paras[0][:40])}&hellip;</p>"},
            }
        )
    path = tmp_path / "posts.json"
    path.write_text(json.dumps(posts, ensure_ascii=False), encoding="utf-8")
    out = list(read_any(path))
    arts = _articles(out)
    assert len(arts) == 2, out
    for a, post, r in zip(arts, posts, rows, strict=True):
        paras = [s.strip() + "۔" for s in r["Content"].split("۔") if s.strip()][:3]
        assert a.title == r["Title"].strip()
        assert a.paragraphs == tuple(paras)
        assert a.published == datetime(2024, 11, 20, 10, 15, tzinfo=UTC)
        assert (a.id, a.source) == (str(post["id"]), "urdu.geo.tv")
    # The same markup in a CSV cell.
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        [["title", "content"], [posts[0]["title"]["rendered"], posts[0]["content"]["rendered"]]]
    )
    [c] = list(read_csv_text(buf.getvalue(), name="scraped.csv"))
    assert isinstance(c, Article)
    assert (c.title, c.paragraphs) == (arts[0].title, arts[0].paragraphs)


def test_a_page_or_a_fragment_in_a_cell_is_read_as_markup(
    real_articles: list[RealArticle],
) -> None:
    # A scraper's 'html' column holds the whole page, or the story's <article>/<section>: it
    # was stored as paragraphs of markup ('<!DOCTYPE html>', '<script>…</script>', the menus).
    a = real_articles[0]
    e = html.escape
    paras = "".join(f"<p>{e(p)}</p>" for p in a.paragraphs)
    cells = [
        make_page(a),
        f"<article><script>var ads = '<p>اشتہار</p>';</script>{paras}</article>",
        f'<section class="story">\n{paras}<style>p {{ color: red }}</style></section>',
        f"<ARTICLE><noscript>جاوا اسکرپٹ فعال کریں</noscript>{paras}<hr/></ARTICLE>",
    ]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        [["title", "html"], *[[a.title, c] for c in cells]]
    )
    out = list(read_csv_text(buf.getvalue(), name="scraped.csv", column_map={"text": "html"}))
    arts = _articles(out)
    assert len(arts) == len(cells), out
    for got in arts:
        assert got.paragraphs == _html_ws(a.paragraphs), got.paragraphs


def test_a_map_column_some_objects_lack_costs_those_objects(tmp_path: Path) -> None:
    # `--map text=body` over JSON Lines whose second line has no 'body': the ValueError ended
    # the whole run ('akhbar: error: column ...'); a wrapper object lacking it stopped it too.
    r0, r1, r2 = _express_rows(3)
    lines = [{"body": r0["summary"]}, {"text": r1["summary"]}, {"body": r2["summary"]}]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    out = list(read_any(path, column_map={"text": "body"}))
    missing = "column 'body' (for field 'text') not in header ['text']"
    assert out[1] == Rejected(f"{path}:line 2", missing)
    assert [a.paragraphs for a in _articles(out)] == [
        (r0["summary"].strip(),),
        (r2["summary"].strip(),),
    ]
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"articles": lines}, ensure_ascii=False, indent=1), "utf-8")
    out = list(read_any(wrapped, column_map={"text": "body"}))
    assert out[1] == Rejected(f"{wrapped}:articles item 2", missing)
    assert len(_articles(out)) == 2


def test_nested_json_fields(tmp_path: Path) -> None:
    # A line of 900 nested arrays overflowed the stack: a RecursionError stopped the whole run.
    # Content blocks, name objects and mongoexport's typed values were read as no text: the
    # article was 'empty text', its id, date, author and tags lost without a word.
    r0, r1, r2 = _express_rows(3)
    when = datetime.fromisoformat(r1["date"].replace(" GMT", "+00:00"))
    lines = [
        {"id": "deep", "content_elements": json.loads("[" * 900 + '"x"' + "]" * 900)},
        {
            "_id": {"$oid": "665f1a2b3c4d5e6f70819a0b"},
            "headline": {"basic": r1["title"]},
            "content_elements": [
                {"type": "text", "content": r1["summary"]},
                {"type": "image", "url": "https://x/1.jpg"},
                {"type": "text", "content": r0["summary"]},
            ],
            "published": {"$date": {"$numberLong": str(int(when.timestamp() * 1000))}},
            "author": {"name": "نمائندہ خصوصی"},
            "tags": [{"name": "کراچی"}, {"name": "بارش"}],
        },
        {"content_elements": r2["summary"]},
    ]
    path = tmp_path / "nested.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    out = list(read_any(path, column_map={"text": "content_elements"}))
    deep = "empty text: the field holds a list nested deeper than 8"
    assert out[0] == Rejected(f"{path}:line 1:field content_elements", deep)
    a = out[1]
    assert isinstance(a, Article), a
    assert a.id == "665f1a2b3c4d5e6f70819a0b"
    assert a.title == r1["title"].strip()
    assert a.paragraphs == (r1["summary"].strip(), r0["summary"].strip())
    assert a.published == when
    assert (a.author, a.tags) == ("نمائندہ خصوصی", ("کراچی", "بارش"))
    assert isinstance(out[2], Article)
    assert out[2].paragraphs == (r2["summary"].strip(),)


def test_nan_values_are_missing_not_text() -> None:
    # json.dumps of a pandas record writes NaN for a missing value; json.loads reads it back as
    # a float, which became the id 'nan' (every such row then shared one id) and the title 'nan'.
    rows = _express_rows(2)
    lines = [
        json.dumps({**r, "id": float("nan"), "title": float("nan"), "date": float("nan")})
        for r in rows
    ]
    out = list(read_jsonl_text("\n".join(lines), name="pd.jsonl"))
    arts = _articles(out)
    assert len(arts) == 2, out
    assert [a.title for a in arts] == [None, None]
    assert [a.id for a in arts] == [content_id(None, [r["summary"]]) for r in rows]
    assert all(a.published is None and not a.extra.get("warnings") for a in arts)


def test_csv_files_joined_with_cat_repeat_the_header(tmp_path: Path) -> None:
    rows = _geo_rows(4)
    joined = _write_csv(rows[:2]) + _write_csv(rows[2:])
    skips: Counter[str] = Counter()
    out = list(read_csv_text(joined, name="all.csv", skips=skips))
    assert [a.id for a in _articles(out)] == [r["ID"] for r in rows], out
    assert len(out) == 4  # the second header is no article
    assert skips == Counter({"repeated CSV header row": 1})


def test_windows_1256_table_of_titles_and_links(tmp_path: Path) -> None:
    # Express links carry long transliterated slugs: their Latin letters outnumbered the Urdu
    # of short cells, and the file was 'not Windows-1256 Urdu/Arabic either'.
    rows = _csv_rows(OUTLETS / "express_articles.csv")[:40]
    to_cp1256 = str.maketrans("ی۔", "ي.")  # what Windows-1256 Urdu writes instead
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["id", "summary", "link", "category"])
    for r in rows:
        w.writerow([r["id"], r["title"].translate(to_cp1256), r["link"], r["gold_label"]])
    data = buf.getvalue().encode("cp1256", errors="ignore")
    latin = sum(c.isascii() and c.isalpha() for c in data.decode("cp1256"))
    arabic = sum(not c.isascii() and c.isalpha() for c in data.decode("cp1256"))
    assert latin > arabic  # the case this is about
    path = tmp_path / "titles.csv"
    path.write_bytes(data)
    out = list(read_any(path))
    arts = _articles(out)
    assert len(arts) == len(rows), out[:2]
    expected = [
        r["title"].translate(to_cp1256).encode("cp1256", "ignore").decode("cp1256") for r in rows
    ]
    assert [a.paragraphs[0] for a in arts] == [e.strip() for e in expected]
    assert arts[0].source == "express.pk"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param("feed.jsonl", "", "empty", id="empty JSONL"),
        pytest.param("feed.jsonl", "\n \n\r\n", "empty", id="blank lines only"),
        pytest.param("dump.json", "[ ]", "empty (an array with no items)", id="empty array"),
    ],
)
def test_empty_json_inputs_say_so(tmp_path: Path, name: str, content: str, reason: str) -> None:
    # They yielded nothing at all: the run's summary did not mention the file.
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert list(read_any(path)) == [Rejected(str(path), reason)]


def test_text_that_mentions_a_tag_is_not_markup() -> None:
    rows = _geo_rows(1)
    body = rows[0]["Content"].strip() + " ویب صفحے میں <b> کا ٹیگ موٹا لکھتا ہے۔"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([["title", "content"], ["سرخی", body]])
    [a] = list(read_csv_text(buf.getvalue(), name="t.csv"))
    assert isinstance(a, Article)
    assert a.paragraphs == (body,)


def test_a_cell_that_starts_with_a_script_is_text() -> None:
    # A title or text that starts with a script is hostile text, not a page's markup: kept as
    # written (escaped wherever it is shown); a cell of markup drops its scripts (above).
    title = '<script>alert(1)</script> زلزلہ پیما "><img src=x onerror=alert(1)>'
    body = "<style>p{}</style> سپریم کورٹ نے سماعت ملتوی کر دی۔"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([["title", "content"], [title, body]])
    [a] = list(read_csv_text(buf.getvalue(), name="hostile.csv"))
    assert isinstance(a, Article)
    assert (a.title, a.paragraphs) == (title, (body,))


@pytest.mark.parametrize("quote_all", [False, True], ids=["quoted when needed", "all quoted"])
def test_a_quote_not_doubled_costs_its_row_only(
    real_articles: list[RealArticle], quote_all: bool
) -> None:
    # A field ending in a quote the export did not double ('6"' or a closing quote whose
    # opening one is curly) reads as an escaped quote: the field stayed open and the csv
    # module put the rows after it into it, up to the next quote in the file.
    a, b, c = real_articles
    style = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    good = [
        ["1", b.title, b.paragraphs[0]],
        ["2", a.title, a.paragraphs[0]],  # (written by hand below)
        ["3", c.title, c.paragraphs[0]],
        ["4", a.title, a.paragraphs[1]],
        # A genuine multi-line field, one of its lines a well-formed row of three cells: kept.
        ["5", b.title, "\n".join([b.paragraphs[1], "لاہور, کراچی, اسلام آباد", c.paragraphs[1]])],
        ["6", c.title, c.paragraphs[2]],
    ]
    lines = []
    for row in [["id", "title", "content"], *good]:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n", quoting=style).writerow(row)
        lines.append(buf.getvalue())
    bad_title = f'{a.title} ”ہم جیتیں گے"'  # its quote not doubled
    lines[2] = f'2,"{bad_title}",{a.paragraphs[0]}\n'
    if quote_all:
        lines[2] = lines[2].replace("2,", '"2",', 1)
    text = "".join(lines)
    assert len(list(csv.reader(io.StringIO(text)))) < len(lines)  # the csv module's reading
    out = list(read_csv_text(text, name="f.csv"))
    assert [r.raw_ref for r in _articles(out)] == [f"f.csv:row {n}" for n in (1, 3, 4, 5, 6)]
    assert [a.id for a in _articles(out)] == ["1", "3", "4", "5", "6"]
    assert _articles(out)[3].paragraphs[1] == "لاہور, کراچی, اسلام آباد"
    [bad] = [r for r in out if isinstance(r, Rejected)]
    assert bad.ref == "f.csv:row 2"
    assert bad.reason.startswith("malformed CSV: a quote in a field of line 3 is not doubled")
    assert bad.reason.endswith("; the row is skipped, reading goes on from the next line")


def test_a_lone_surrogate_escape_in_json_costs_its_line(tmp_path: Path) -> None:
    # "\ud800" is valid JSON but no character: the line crashed the whole ingest (the text
    # cannot be encoded), and "\udcff" was reported as a byte that is not UTF-8.
    rows = [json.loads(line) for line in EXPRESS_JSONL.read_text("utf-8").splitlines()[:6]]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines[1] = lines[1].replace('"summary": "', '"summary": "\\ud800', 1)
    lines[2] = lines[2].replace('"title": "', '"title": "\\udcff', 1)
    lines[3] = lines[3].replace('"summary": "', '"summary": "\\ud83d\\ude00 ', 1)  # a pair: 😀
    path = tmp_path / "s.jsonl"
    data = "\n".join(lines).encode()
    at = data.rindex(b'"summary": "') + 12
    path.write_bytes(data[:at] + b"\xff" + data[at:])  # and a real bad byte on line 6
    out = list(read_any(path))
    kinds = ["Article", "Rejected", "Rejected", "Article", "Article", "Rejected"]
    assert [type(r).__name__ for r in out] == kinds
    what = "(half of a UTF-16 pair, not a character)"
    assert [r for r in out if isinstance(r, Rejected)] == [
        Rejected(
            f"{path}:line 2:field summary", f"lone surrogate escape \\ud800 in the field {what}"
        ),
        Rejected(
            f"{path}:line 3:field title", f"lone surrogate escape \\udcff in the field {what}"
        ),
        Rejected(f"{path}:line 6:field summary", "not valid UTF-8: byte 0xff in the field"),
    ]
    assert _articles(out)[1].paragraphs[0].startswith("😀 ")
    # The same in a JSON array file.
    array = tmp_path / "s.json"
    array.write_text("[" + ",".join(lines) + "]", encoding="utf-8")
    rejected = [r for r in read_any(array) if isinstance(r, Rejected)]
    assert rejected == [
        Rejected(
            f"{array}:item 2:field summary", f"lone surrogate escape \\ud800 in the field {what}"
        ),
        Rejected(
            f"{array}:item 3:field title", f"lone surrogate escape \\udcff in the field {what}"
        ),
    ]


def test_a_quote_not_doubled_that_runs_to_a_quote_in_a_bare_field_costs_its_row_only(
    real_articles: list[RealArticle],
) -> None:
    # Row 2's title ends in a quote not doubled; its field ran on to the next quote in the
    # file, which stands inside row 4's unquoted title (no quoting needed there): the csv
    # module closed the field there and read on, so rows 3 and 4 became part of row 2.
    a, b, c = real_articles
    rows = [
        ["id", "title", "content"],
        ["1", b.title, b.paragraphs[0]],
        ["2", a.title, a.paragraphs[0]],  # (written by hand below)
        ["3", c.title, c.paragraphs[0]],
        ["4", 'انہوں نے کہا "ہم جیتیں گے" اور', a.paragraphs[1]],
        ["5", c.title, c.paragraphs[2]],
    ]
    lines = []
    for row in rows:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(row)
        lines.append(buf.getvalue())
    lines[2] = f'2,"{a.title} 6"",{a.paragraphs[0]}\n'  # its quote not doubled
    lines[4] = f"4,{rows[4][1]},{rows[4][2]}\n"  # a quote inside a bare field
    assert '"' not in lines[3]  # (no quote before row 4's)
    text = "".join(lines)
    assert len(list(csv.reader(io.StringIO(text)))) < len(lines)  # the csv module's reading
    out = list(read_csv_text(text, name="f.csv"))
    [bad] = [r for r in out if isinstance(r, Rejected)]
    assert bad.ref == "f.csv:row 2"
    assert bad.reason.startswith(
        "malformed CSV: a quote in a field of line 3 is not doubled, so the field ran on to "
        "line 5 and took in the rows between"
    )
    arts = _articles(out)
    assert [x.id for x in arts] == ["1", "3", "4", "5"]
    assert [x.raw_ref for x in arts] == [f"f.csv:row {n}" for n in (1, 3, 4, 5)]
    assert [x.title for x in arts] == [rows[n][1].strip() for n in (1, 3, 4, 5)]


def test_a_multi_line_field_with_a_quote_not_doubled_in_it_is_kept() -> None:
    # The field's last line has a stray quote but is no row: the record is one article.
    text = (
        'id,title,content\n1,سرخی,"پہلا پیراگراف۔\nانہوں نے کہا "ہم جیتیں گے" اور"\n2,دوسری,متن۔\n'
    )
    out = list(read_csv_text(text, name="f.csv"))
    assert [x.id for x in _articles(out)] == ["1", "2"]
    assert _articles(out)[0].paragraphs[0] == "پہلا پیراگراف۔"


def test_a_small_csv_with_one_nul_loses_only_that_row(real_articles: list[RealArticle]) -> None:
    # One NUL in a file under 1000 bytes made the whole file "binary": every row was lost.
    a, b, _ = real_articles
    text = f"title,text\nالف,{a.paragraphs[0][:200]}\nب,junk\x00row\nج,{b.paragraphs[0][:200]}\n"
    data = text.encode("utf-8")
    assert len(data) < 1000
    out = list(read_csv_bytes(data, name="f.csv"))
    assert [r.raw_ref for r in _articles(out)] == ["f.csv:row 1", "f.csv:row 3"]
    [bad] = [r for r in out if isinstance(r, Rejected)]
    assert bad.ref == "f.csv:row 2:field text"
    assert "NUL byte" in bad.reason
    # two NULs in a small file are still binary
    [whole] = list(read_csv_bytes(data.replace(b"junk", b"\x00unk"), name="f.csv"))
    assert isinstance(whole, Rejected)
    assert "looks binary" in whole.reason


@pytest.mark.parametrize(
    ("value", "held"),
    [
        (True, "true"),
        (float("inf"), "Infinity"),
        ({"year": 2021}, "an object with no text (keys: year)"),
        ([False], "a list with no text"),
    ],
)
def test_a_date_that_holds_no_text_is_named_in_a_warning(value: object, held: str) -> None:
    # `published: true` or `Infinity` lost the row's date without a word (an unparseable
    # string got a warning, a value with no text got nothing).
    row = _express_rows(1)[0]
    out = list(read_jsonl_text(json.dumps({**row, "date": value}), name="d.jsonl"))
    [art] = _articles(out)
    assert art.published is None
    assert art.raw_ref == "d.jsonl:line 1"
    assert art.extra["warnings"] == [f"field date: not a date: it holds {held}"]


def test_a_text_object_without_a_text_key_is_named_in_the_rejection() -> None:
    line = json.dumps({"title": "سرخی", "text": {"ur": "متن", "en": "text"}})
    [rejected] = read_jsonl_text(line, name="t.jsonl")
    assert isinstance(rejected, Rejected)
    assert rejected.ref == "t.jsonl:line 1:field text"
    assert rejected.reason == "empty text: the field holds an object with no text (keys: ur, en)"
