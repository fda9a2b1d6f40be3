"""Plain-text reader: the scraped seed layout, chrome/tags at the tail, bare text dumps."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akhbar.article import Article, Rejected
from akhbar.ingest import read_any
from akhbar.ingest.text import parse_text_article, read_text_bytes

from .conftest import NEWS

SEED = NEWS / "seed" / "000_b9714f12a68fc25f.txt"


def _article(r: Article | Rejected) -> Article:
    assert isinstance(r, Article), r
    return r


def test_seed_golden() -> None:
    [r] = list(read_any(SEED))
    a = _article(r)
    assert a.published == datetime(2021, 4, 13, 19, 56, tzinfo=timezone(timedelta(hours=4.5)))
    assert a.published.isoformat() == "2021-04-13T19:56:00+04:30"
    assert a.title == "ایران روس اسٹریٹیجک تعاون کے فروغ پر زور"
    assert len(a.paragraphs) == 12
    assert a.paragraphs[0].startswith("روس کے وزیر خارجہ سرگئی لاوروف نے منگل")
    assert a.paragraphs[-1].startswith("ایران اور روس کے وزرائے خارجہ")
    assert all("ٹیگس" not in p for p in a.paragraphs)
    assert a.tags == ()
    assert a.raw_ref == str(SEED)
    assert a.lang is None
    assert a.url is None
    assert a.source is None


def test_seed_text_never_altered() -> None:
    """Every paragraph is a verbatim slice of the file (NBSP inside kept), only edges stripped."""
    raw = SEED.read_text(encoding="utf-8")
    a = _article(next(read_any(SEED)))
    for p in a.paragraphs:
        assert p in raw
        assert p == p.strip()
    assert any("\u00a0" in p for p in a.paragraphs)  # inner NBSPs of paragraph 4 are original
    assert "\u00a0" not in "".join(p[0] + p[-1] for p in a.paragraphs)


def test_seed_demo_copy_same_article() -> None:
    demo = Path(__file__).resolve().parents[2] / "akhbar" / "demo" / "news" / "seed.txt"
    a = _article(next(read_any(SEED)))
    b = _article(next(read_any(demo)))
    assert (a.id, a.title, a.paragraphs, a.published) == (b.id, b.title, b.paragraphs, b.published)


@pytest.mark.parametrize(
    ("text", "title", "paragraphs", "tags"),
    [
        pytest.param(
            "Apr 13, 2021 19:56 Asia/Tehran\n • سرخی\n\nپہلا۔\n\nدوسرا۔\n\u00a0\nٹیگس\n",
            "سرخی",
            ("پہلا۔", "دوسرا۔"),
            (),
            id="seed-like: trailing ٹیگس with nothing after is chrome",
        ),
        pytest.param(
            " • سرخی\nمتن۔\nٹیگس\nایران، روس\nجوہری معاہدہ\n",
            "سرخی",
            ("متن۔",),
            ("ایران", "روس", "جوہری معاہدہ"),
            id="tags after ٹیگس are kept",
        ),
        pytest.param(
            "متن۔\nٹیگز: ایران، روس\n",
            None,
            ("متن۔",),
            ("ایران", "روس"),
            id="inline tags with colon",
        ),
        pytest.param(
            "متن۔\nشیئر کریں\nمزید پڑھیں\nمتعلقہ خبریں\nShare\nTags\n",
            None,
            ("متن۔",),
            (),
            id="share/read-more/related labels and English tags label dropped",
        ),
        pytest.param(
            "متن۔\nیہ بھی پڑھیں:\nدوسرا پیراگراف۔\n",
            None,
            ("متن۔", "دوسرا پیراگراف۔"),
            (),
            id="an also-read label inside the body is dropped",
        ),
        pytest.param(
            "متن۔\nٹیگس\nیہ ایک مکمل جملہ ہے۔\n",
            None,
            ("متن۔", "یہ ایک مکمل جملہ ہے۔"),
            (),
            id="ٹیگس followed by a sentence is not a tags block; the stray label is dropped",
        ),
        pytest.param(
            "پہلی سطر جو سرخی لگتی ہے\nمتن۔\n",
            None,
            ("پہلی سطر جو سرخی لگتی ہے", "متن۔"),
            (),
            id="no bullet: no title guessed",
        ),
        pytest.param(
            "\ufeff\u200b  متن۔ \u200f\r\n\r\n\t\r\n",
            None,
            ("متن۔",),
            (),
            id="BOM, zero-width marks, CRLF and tab-only lines",
        ),
    ],
)
def test_text_layouts(
    text: str, title: str | None, paragraphs: tuple[str, ...], tags: tuple[str, ...]
) -> None:
    a = _article(parse_text_article(text, ref="t.txt"))
    assert (a.title, a.paragraphs, a.tags) == (title, paragraphs, tags)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("  \n\t\n", id="whitespace"),
        pytest.param("\u00a0\n\u00a0 \n\u200b", id="NBSP and zero-width only"),
        pytest.param("ٹیگس\nشیئر کریں\n", id="chrome only"),
    ],
)
def test_empty_is_rejected(text: str) -> None:
    assert parse_text_article(text, ref="e.txt") == Rejected("e.txt", "empty")


def test_dateline_only_when_first_line_parses() -> None:
    a = _article(
        parse_text_article("2021 میں ایران نے کہا کہ مذاکرات جاری رہیں گے۔\nمتن۔", ref="x")
    )
    assert a.published is None
    assert len(a.paragraphs) == 2  # a body line with a number is not a dateline


def test_decode_error_is_rejected_not_raised() -> None:
    [r] = list(read_text_bytes(b"\x00\x01\x02\x03" * 100, name="bin.txt"))
    assert isinstance(r, Rejected)
    assert r.ref == "bin.txt"
    assert r.reason.startswith("undecodable")


def test_windows_1256_file(tmp_path: Path) -> None:
    p = tmp_path / "cp.txt"
    # cp1256 has no Urdu ی or ۔: old Windows files use Arabic ي and a full stop.
    text = "پاکستان کا موسم گرم ہے. لاہور اور کراچي\nدوسرا پيراگراف"
    p.write_bytes(text.encode("cp1256"))
    a = _article(next(read_any(p)))
    assert a.paragraphs == ("پاکستان کا موسم گرم ہے. لاہور اور کراچي", "دوسرا پيراگراف")


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        pytest.param("labelled", 900, id="Bend the Truth labelled: 900 files"),
        pytest.param("fire2020-unlabelled", 400, id="FIRE 2020 unlabelled: 400 files"),
    ],
)
def test_bend_the_truth_folders(folder: str, expected: int) -> None:
    results = list(read_any(NEWS / "bend-the-truth" / folder))
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert rejected == []
    assert len(results) == expected
    assert all(isinstance(a, Article) and a.title is None for a in results)
    assert all(isinstance(a, Article) and a.published is None for a in results)
    assert all(isinstance(a, Article) and a.paragraphs for a in results)
    refs = [a.raw_ref or "" for a in results if isinstance(a, Article)]
    assert refs == sorted(refs, key=lambda r: Path(r).parts)  # deterministic folder order


_lines = st.lists(
    st.one_of(
        st.text(alphabet=st.sampled_from("ایرانروس ۔،•\u00a0\u200b\t 0123۱۲۳:"), max_size=30),
        st.sampled_from(["ٹیگس", "شیئر کریں", "Apr ۱۳, ۲۰۲۱ ۱۹:۵۶ Asia/Tehran", " • سرخی", ""]),
    ),
    max_size=12,
)


@given(_lines)
def test_never_raises_and_paragraphs_are_verbatim(lines: list[str]) -> None:
    text = "\n".join(lines)
    r = parse_text_article(text, ref="h.txt")
    if isinstance(r, Rejected):
        assert r.reason in ("empty", "no body text (headline only)")
        return
    for p in r.paragraphs:
        assert p
        assert p in text
        assert not unicodedata.category(p[0]).startswith("Z")
        assert not p[0].isspace()


def _seed_with_dateline(dateline: str) -> str:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return "\n".join([dateline, *lines[1:]])


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        pytest.param(
            "اپریل ۱۳, ۲۰۲۱ ۱۹:۵۶ Asia/Tehran",
            datetime(2021, 4, 13, 19, 56, tzinfo=timezone(timedelta(hours=4.5))),
            id="the seed's template with the Urdu month name",
        ),
        pytest.param(
            "Updated: April 13, 2021 | 07:56 PM PKT",
            datetime(2021, 4, 13, 19, 56, tzinfo=timezone(timedelta(hours=5))),
            id="a label, and the time apart from the date",
        ),
        pytest.param(
            "شائع 13 اپریل 2021، 19:56 +04:30",
            datetime(2021, 4, 13, 19, 56, tzinfo=timezone(timedelta(hours=4.5))),
            id="Urdu label, Urdu comma before the time",
        ),
    ],
)
def test_other_dateline_forms(dateline: str, published: datetime) -> None:
    seed = _article(next(read_any(SEED)))
    a = _article(parse_text_article(_seed_with_dateline(dateline), ref="d.txt"))
    assert a.published == published
    assert a.published.utcoffset() == published.utcoffset()
    assert (a.title, a.paragraphs) == (seed.title, seed.paragraphs)  # the dateline is not body


def test_a_sentence_with_a_date_and_a_label_word_is_not_a_dateline() -> None:
    first = "وزیراعظم نے 13 اپریل 2021 کو اپ ڈیٹ جاری کی"
    a = _article(parse_text_article(_seed_with_dateline(first), ref="s.txt"))
    assert a.published is None


def test_headline_then_dateline_and_headline_only() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    headline_first = "\n".join([lines[1], lines[0], *lines[2:]])  # bullet headline, then dateline
    seed = _article(next(read_any(SEED)))
    a = _article(parse_text_article(headline_first, ref="h.txt"))
    assert (a.title, a.published, a.paragraphs) == (seed.title, seed.published, seed.paragraphs)
    only = parse_text_article("\n".join(lines[:2]), ref="o.txt")
    assert only == Rejected("o.txt", "no body text (headline only)")


def test_txt_that_is_a_table_or_a_web_page(tmp_path: Path) -> None:
    seed = _article(next(read_any(SEED)))
    # Excel "Unicode Text": a UTF-16 tab-separated table saved as .txt.
    table = "ID\tTitle\tContent\r\n7\t" + (seed.title or "") + "\t" + seed.paragraphs[0] + "\r\n"
    (tmp_path / "export.txt").write_bytes(table.encode("utf-16"))
    page = (
        "<!DOCTYPE html><html lang='ur'><head><title>" + (seed.title or "") + "</title></head>"
        "<body><article>"
        + "".join(f"<p>{p}</p>" for p in seed.paragraphs)
        + "</article></body></html>"
    )
    (tmp_path / "saved_page.txt").write_text(page, encoding="utf-8")
    out = list(read_any(tmp_path))
    row, html = _article(out[0]), _article(out[1])
    assert (row.id, row.title, row.paragraphs) == ("7", seed.title, seed.paragraphs[:1])
    assert row.raw_ref == f"{tmp_path}/export.txt:row 1"
    assert html.title == seed.title
    assert len(html.paragraphs) == len(seed.paragraphs)
    assert not any("<" in p for p in html.paragraphs)
    # --format text still means text.
    [forced] = list(read_any(tmp_path / "saved_page.txt", fmt="text"))
    assert _article(forced).paragraphs[0].startswith("<!DOCTYPE html>")


def test_text_file_with_a_stray_nul_is_rejected_with_the_reason(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    at = data.index(b"\n", 1500) + 1
    path = tmp_path / "nul.txt"
    path.write_bytes(data[:at] + b"\x00" + data[at:])
    assert list(read_any(path)) == [Rejected(str(path), "NUL byte in the text (binary junk)")]


def test_social_share_block_at_the_tail_is_chrome() -> None:
    raw = SEED.read_text(encoding="utf-8").rstrip()
    block = "\n".join(["شیئر کریں", "فیس بک", "ٹویٹر", "ٹیلی گرام", "واٹس ایپ", "ہمیں فالو کریں"])
    seed = _article(next(read_any(SEED)))
    for text in (raw, raw.removesuffix("ٹیگس")):  # after the seed's bare tags label, or not
        a = _article(parse_text_article(text + "\n" + block + "\n", ref="s.txt"))
        assert (a.paragraphs, a.tags) == (seed.paragraphs, ())


@pytest.mark.parametrize(
    ("text", "title", "paragraphs"),
    [
        pytest.param(
            "5 جون 2024 10:15 شام\nایران روس اسٹریٹیجک تعاون\nپہلا پیراگراف۔\nدوسرا۔\n",
            "ایران روس اسٹریٹیجک تعاون",
            ("پہلا پیراگراف۔", "دوسرا۔"),
            id="dateline, headline without a bullet, body",
        ),
        pytest.param(
            "5 جون 2024\nایران روس تعاون\nایران روس تعاون\nپہلا پیراگراف۔\n",
            "ایران روس تعاون",
            ("پہلا پیراگراف۔",),
            id="the headline repeated as the body's first line",
        ),
        pytest.param(
            "5 جون 2024\n • ایران روس تعاون\nایران روس تعاون\nپہلا پیراگراف۔\n",
            "ایران روس تعاون",
            ("پہلا پیراگراف۔",),
            id="a bullet headline repeated",
        ),
        pytest.param(
            "5 جون 2024\nوزیراعظم نے اسمبلی سے خطاب کیا۔\nدوسرا۔\n",
            None,
            ("وزیراعظم نے اسمبلی سے خطاب کیا۔", "دوسرا۔"),
            id="a sentence under the dateline is body",
        ),
        pytest.param(
            "5 جون 2024\nاسلام آباد:\nدوسرا۔\n", None, ("اسلام آباد:", "دوسرا۔"),
            id="a label under the dateline is body",
        ),
        pytest.param(
            "5 جون 2024\nایران روس تعاون\n", None, ("ایران روس تعاون",),
            id="one line under the dateline is the body",
        ),
    ],
)  # fmt: skip
def test_a_headline_under_a_dateline_is_the_title(
    text: str, title: str | None, paragraphs: tuple[str, ...]
) -> None:
    a = _article(parse_text_article(text, ref="d.txt"))
    assert a.published is not None
    assert a.published.date().isoformat() == "2024-06-05"
    assert (a.title, a.paragraphs) == (title, paragraphs)
    # the text the article keeps, title and body, is every line but the dateline, once
    lines = text.splitlines()[1:]
    kept = [a.title] * (a.title is not None) + list(a.paragraphs)
    assert kept == list(dict.fromkeys(line.lstrip(" •") for line in lines))
