"""Shared helpers and the data files behind them (labels, column synonyms)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from importlib.resources import files
from itertools import islice

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akhbar.article import Article
from akhbar.ingest.common import (
    _CHROME_LABELS,
    _TAG_LABELS,
    STRIP_CHARS,
    _aware,
    _general_date,
    _label_key,
    _plain_date,
    _short_label_key,
    is_chrome_label,
    is_tags_label,
    parse_date_value,
    source_from_url,
    split_tags,
    strip_tail_chrome,
)
from akhbar.ingest.settings import DEFAULT_SETTINGS, IngestSettings
from akhbar.ingest.tabular import FIELDS, read_jsonl_text
from akhbar.text.dates import find_dates
from tests.ingest.conftest import NEWS


def _rows(name: str) -> list[list[str]]:
    raw = files("akhbar.ingest").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [ln.split("\t") for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


def test_label_file_is_well_formed() -> None:
    rows = _rows("chrome_labels.tsv")
    assert len(rows) >= 30
    for row in rows:
        assert len(row) == 3, row  # label, kind, comment
        label, kind, comment = row
        assert label.strip() == label
        assert label
        assert kind in {"tags", "chrome", "link"}
        assert comment.strip()
    labels = [r[0] for r in rows]
    assert "ٹیگس" in labels
    assert "شیئر کریں" in labels
    assert "مزید پڑھیں" in labels


def test_column_file_is_well_formed() -> None:
    rows = _rows("columns.tsv")
    seen: set[str] = set()
    for row in rows:
        assert len(row) == 3, row
        synonym, field, comment = row
        assert field in FIELDS
        assert comment.strip()
        assert synonym.casefold() not in seen, f"duplicate synonym {synonym}"
        seen.add(synonym.casefold())
    assert {r[1] for r in rows} == set(FIELDS)  # every field has at least one synonym


@pytest.mark.parametrize(
    ("line", "tags", "chrome"),
    [
        pytest.param("ٹیگس", True, False, id="Urdu tags label"),
        pytest.param(" TAGS: ", True, False, id="English, any case, colon"),
        pytest.param("شیئر کریں", False, True, id="share"),
        pytest.param("\u200fمزید  پڑھیں »", False, True, id="read more with RLM, double space, »"),
        pytest.param("یہ بھی پڑھیں:", False, True, id="also read"),
        pytest.param("ٹیگس ایران", False, False, id="label plus words is not a bare label"),
        pytest.param("شیئر کریں اور جیتیں", False, False, id="sentence starting like a label"),
    ],
)
def test_labels(line: str, tags: bool, chrome: bool) -> None:
    assert (is_tags_label(line), is_chrome_label(line)) == (tags, chrome)


_LABELS = sorted(_TAG_LABELS | _CHROME_LABELS)


@given(
    st.lists(
        st.sampled_from([*_LABELS, " ", "  ", "\u00a0", "\t", ":", "»", "-", "x", "ß", "İ", "خبر"]),
        max_size=40,
    ).map("".join)
)
def test_long_line_shortcut_agrees_with_label_key(line: str) -> None:
    # is_*_label skip building the key of a line with more non-space characters than any
    # label: that must never change the answer (runs of spaces and trim characters included).
    key = _short_label_key(line)
    assert key is None or key == _label_key(line)
    if key is None:
        assert _label_key(line) not in _TAG_LABELS | _CHROME_LABELS


def test_labels_on_real_lines() -> None:
    lines = [
        *(f"{lab}{pad}" for lab in _LABELS for pad in ("", " :", " »»»", "  ")),
        *(
            ln
            for f in sorted((NEWS / "bend-the-truth").rglob("*.txt"))[:200]
            for ln in f.read_text(encoding="utf-8", errors="replace").splitlines()
        ),
    ]
    assert sum(_short_label_key(ln) is None for ln in lines) > 100  # the shortcut is taken
    for ln in lines:
        assert is_chrome_label(ln) == (_label_key(ln) in _CHROME_LABELS), ln
        assert is_tags_label(ln) == (_label_key(ln) in _TAG_LABELS), ln


def test_tail_keeps_body_sentences_after_label() -> None:
    r = strip_tail_chrome(["پہلا۔", "ٹیگس", "لمبا جملہ جو ٹیگ نہیں بلکہ متن ہے۔"])
    assert r.paragraphs == ["پہلا۔", "لمبا جملہ جو ٹیگ نہیں بلکہ متن ہے۔"]
    assert r.tags == []


@pytest.mark.parametrize(
    ("url", "host"),
    [
        pytest.param("https://urdu.geo.tv/latest/388148-", "urdu.geo.tv", id="subdomain kept"),
        pytest.param("https://www.express.pk/story/1/", "express.pk", id="www. dropped"),
        pytest.param("HTTP://WWW.Jang.com.pk:8080/x", "jang.com.pk", id="case and port"),
        pytest.param("not a url", None, id="no host"),
        pytest.param(None, None, id="none"),
        pytest.param("http://[::1", None, id="malformed"),
    ],
)
def test_source_from_url(url: str | None, host: str | None) -> None:
    assert source_from_url(url) == host


def test_split_tags_separators_and_dedup() -> None:
    assert split_tags("پاکستان، کرکٹ;کرکٹ | #ورلڈ کپ\nلاہور") == [
        "پاکستان",
        "کرکٹ",
        "ورلڈ کپ",
        "لاہور",
    ]


@given(st.text(alphabet=st.sampled_from(list("ab ٹیگس:：»«>|-–—\u00a0\u2003\n\t۔")), max_size=40))
def test_label_trim_by_rstrip_is_the_regex(line: str) -> None:
    from akhbar.ingest.common import _LABEL_TRIM, _LABEL_TRIM_CHARS

    stripped = line.strip(STRIP_CHARS)
    assert stripped.rstrip(_LABEL_TRIM_CHARS) == _LABEL_TRIM.sub("", stripped)


def test_every_whitespace_character_is_in_the_label_trim_set() -> None:
    from akhbar.ingest.common import _LABEL_TRIM_CHARS

    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert spaces <= set(_LABEL_TRIM_CHARS)
    assert spaces <= set(STRIP_CHARS)


def _slow_date_value(text: str) -> tuple[datetime | None, str | None]:
    # parse_date_value without its plain-ISO shortcut: only the general reader.
    parsed = _general_date(text)
    return (None, "unparseable") if parsed is None else (_aware(parsed, DEFAULT_SETTINGS), None)


@given(
    st.integers(0, 3999),
    st.integers(0, 14),
    st.integers(0, 33),
    st.integers(0, 25),
    st.integers(0, 61),
    st.integers(0, 61),
    st.sampled_from(["", " GMT", "Z", " UTC", "+05:00"]),
    st.booleans(),
)
def test_plain_iso_shortcut_agrees_with_general_reader(
    y: int, mo: int, d: int, h: int, mi: int, s: int, zone: str, with_time: bool
) -> None:
    text = f"{y:04d}-{mo:02d}-{d:02d}" + (f"T{h:02d}:{mi:02d}:{s:02d}{zone}" if with_time else "")
    got = parse_date_value(text)
    want = _slow_date_value(text)
    assert got[0] == want[0]
    if got[0] is not None and want[0] is not None:
        assert got[0].utcoffset() == want[0].utcoffset()
    assert (got[1] is None) == (want[1] is None)


def test_plain_iso_shortcut_on_real_dates() -> None:
    texts = ["2018-04-24T04:59:11 GMT", "2023-03-02", "2012-01-01T00:00:00 GMT"]
    with open(NEWS / "express-headlines-2012-2018.jsonl", encoding="utf-8") as f:
        texts += [json.loads(line).get("date") or "" for line in islice(f, 3000)]
    assert sum(_plain_date(t) is not None for t in texts) > 2900  # the shortcut is taken
    for t in texts:
        if t:
            assert parse_date_value(t) == _slow_date_value(t), t


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("13-Apr-2021", datetime(2021, 4, 13, tzinfo=UTC), id="Excel/Oracle d-Mon-y"),
        pytest.param("2021/04/13 19:56", datetime(2021, 4, 13, 19, 56, tzinfo=UTC), id="y/m/d"),
        pytest.param(
            "13 April 2021 - 07:56 PM",
            datetime(2021, 4, 13, 19, 56, tzinfo=UTC),
            id="the time after a dash was dropped",
        ),
        pytest.param(
            "13 اپریل 2021 | 07:56 PM PKT",
            datetime(2021, 4, 13, 19, 56, tzinfo=timezone(timedelta(hours=5))),
            id="Urdu month, time apart, zone",
        ),
        pytest.param(
            "10:15 PM, June 5, 2024",
            datetime(2024, 6, 5, 22, 15, tzinfo=UTC),
            id="the time before the date was dropped",
        ),
        pytest.param(
            "10:15 شام، 5 جون 2024",
            datetime(2024, 6, 5, 22, 15, tzinfo=UTC),
            id="Urdu time with its period word before the date",
        ),
    ],
)
def test_date_field_forms(value: str, expected: datetime) -> None:
    got, warning = parse_date_value(value)
    assert (got, warning) == (expected, None)
    assert got is not None
    assert got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("clock", ["رات 12 بجے", "رات 12:30", "12 بجے رات"])
def test_a_night_midnight_written_apart_from_its_date_moves_the_date_too(clock: str) -> None:
    # a byline's "5 جون 2024 | رات 12 بجے": the date and the time are two matches
    matches = find_dates(f"5 جون 2024 | {clock}")
    assert [m.kind for m in matches] == ["date", "time"]
    assert matches[1].day_shift == 1
    value, _ = parse_date_value(f"5 جون 2024 | {clock}")
    assert value is not None
    assert value.date() == date(2024, 6, 6)
    assert value.time() == matches[1].value


@pytest.mark.parametrize(
    ("value", "zone"),
    [
        ("9999-12-31T23:59:59-12:00", UTC),
        ("0001-01-01T00:00:00+14:00", UTC),
        ("9999-12-31 23:30", timezone(timedelta(hours=-5))),  # past 9999 in UTC
        ("0001-01-01 00:30", timezone(timedelta(hours=5))),
    ],
)
def test_a_date_that_leaves_the_calendar_in_utc_is_a_warning_not_a_crash(
    value: str, zone: timezone
) -> None:
    # as UTC (what Article.published_utc and the store keep) it overflowed: `akhbar parse`
    # crashed and `akhbar ingest` stopped the whole run at that row's batch
    parsed, warning = parse_date_value(value, IngestSettings(default_tz=zone))
    assert parsed is None
    assert warning is not None
    assert warning.startswith(f"date out of range {value!r}")
    # the row is kept, without its date, the warning on it
    row = json.dumps({"text": "خبر کا متن۔", "published": value}, ensure_ascii=False)
    [a] = list(read_jsonl_text(row, name="d.jsonl", settings=IngestSettings(default_tz=zone)))
    assert isinstance(a, Article)
    assert a.published is None
    assert a.to_dict()["published_utc"] is None
    assert a.extra["warnings"] == [f"field published: {warning}"]
