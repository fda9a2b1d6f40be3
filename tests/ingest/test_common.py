"""Shared helpers and the data files behind them (labels, column synonyms)."""

from __future__ import annotations

from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akhbar.ingest.common import (
    STRIP_CHARS,
    is_chrome_label,
    is_tags_label,
    source_from_url,
    split_tags,
    strip_tail_chrome,
)
from akhbar.ingest.tabular import FIELDS


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
        assert kind in {"tags", "chrome"}
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
