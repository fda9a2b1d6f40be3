"""A search with filters that finds nothing says why (``SearchResult.empty_because``,
:mod:`akhbar.search.empty`), on both backends; a search that finds something says nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from akhbar.search import Archive, engine
from akhbar.search.empty import MAX_LISTED

from .conftest import BACKENDS, ingested_rows, open_backend

#: (id, source, date, title, text): روس only in geo.tv's articles of April 2021.
ROWS = [
    ("g1", "geo.tv", "2021-04-13", "روس اور ایران", "سرگئی لاوروف نے تہران میں ملاقات کی۔"),
    ("g2", "geo.tv", "2021-04-14", "روس کا بیان", "روس نے کہا کہ مذاکرات جاری رہیں گے۔"),
    ("b1", "bbc", "2022-01-05", "کرکٹ میچ", "پاکستان نے میچ جیت لیا۔"),
] + [
    (f"x{i}", f"s{i}.pk", "2021-06-01", "موسم", f"شہر نمبر {i} میں بارش ہوئی۔")
    for i in range(MAX_LISTED)
]


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested_rows(tmp_path_factory.mktemp("empty"), ROWS)


@pytest.fixture(scope="module", params=BACKENDS)
def archive(request: pytest.FixtureRequest, empty_db: Path) -> Iterator[Archive]:
    with open_backend(empty_db, request.param) as a:
        yield a


def test_a_source_no_article_has(archive: Archive) -> None:
    result = archive.search("روس source:nosuch")
    assert result.total == 0
    (note,) = result.empty_because
    assert (note.kind, note.values) == ("source", ("nosuch",))
    # most articles first, at most MAX_LISTED, the rest counted
    assert (note.known[0].value, note.known[0].count) == ("geo.tv", 2)
    assert len(note.known) == MAX_LISTED
    assert note.more == len({r[1] for r in ROWS}) - MAX_LISTED
    assert [c.count for c in note.known] == sorted((c.count for c in note.known), reverse=True)
    assert "no article has source 'nosuch'; sources: geo.tv (2)" in note.text
    assert note.to_dict()["text"] == note.text


def test_a_language_no_article_has(archive: Archive) -> None:
    (note,) = archive.search("روس lang:en").empty_because
    assert (note.kind, note.values) == ("language", ("en",))
    assert [(c.value, c.count) for c in note.known] == [("ur", len(ROWS))]


@pytest.mark.parametrize(
    ("query", "values"),
    [
        ("روس after:2030-01-01", ("2030-01-01", "")),
        ("روس before:2001-01-01", ("", "2001-01-01")),
        ("روس date:2020", ("2020-01-01", "2021-01-01")),
    ],
)
def test_a_date_range_outside_the_archive(
    archive: Archive, query: str, values: tuple[str, str]
) -> None:
    (note,) = archive.search(query).empty_because
    assert (note.kind, note.values) == ("date", values)
    assert (note.first, note.last) == ("2021-04-13", "2022-01-05")
    assert note.text.endswith("the archive runs from 2021-04-13 to 2022-01-05")


def test_filters_each_matching_but_not_together(archive: Archive) -> None:
    for query in ("source:geo.tv after:2022", "روس source:bbc entity:تہران", "روس -lang:ur"):
        result = archive.search(query)
        assert result.total == 0
        assert [n.kind for n in result.empty_because] == ["filters"], query


def test_words_find_articles_the_filters_leave_out(archive: Archive) -> None:
    for query in ("روس source:bbc", "روس -entity:روس -entity:تہران", "روس -source:geo.tv"):
        assert [n.kind for n in archive.search(query).empty_because] == ["words"], query


def test_several_filters_matching_nothing_each_get_a_note(archive: Archive) -> None:
    notes = archive.search("روس source:nosuch lang:xx after:2030").empty_because
    assert [n.kind for n in notes] == ["source", "language", "date"]


def test_no_note_when_something_is_found_or_nothing_filters(archive: Archive) -> None:
    for query in ("روس", "روس source:geo.tv", "source:bbc", "روس after:2021-04-14"):
        result = archive.search(query)
        assert result.total > 0, query
        assert result.empty_because == (), query
        assert result.to_dict()["empty_because"] == []
    # the words alone find nothing either: the filters are not why (did-you-mean may say)
    assert archive.search("غیرموجودلفظ source:geo.tv").empty_because == ()
    assert archive.search("غیرموجودلفظ").empty_because == ()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_checks_stop_at_their_budget(
    empty_db: Path, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a big store a filter's check may scan (a million articles: seconds); past
    ``SearchConfig.empty_budget`` SQLite stops it, the search answers as it would without the
    note, and the connection is left without the stop (the next search runs whole)."""
    monkeypatch.setattr(engine, "_BUDGET_STEPS", 1)  # (this store's checks are a few steps)
    with open_backend(empty_db, backend, empty_budget=0.0) as stopped:
        result = stopped.search("روس lang:xx")
        assert result.total == 0
        assert result.empty_because == ()
        assert stopped.search("روس").total == 2  # (no stop left behind on the connection)
    with open_backend(empty_db, backend) as whole:
        assert [n.kind for n in whole.search("روس lang:xx").empty_because] == ["language"]


def test_hits_are_those_of_the_search_without_notes(archive: Archive) -> None:
    """The notes change nothing a search returns."""
    for query in ("روس source:geo.tv", "روس source:nosuch"):
        result = archive.search(query)
        again = archive.search(query, exact=True)
        assert [h.id for h in result.hits] == [h.id for h in again.hits]


def test_an_entity_no_article_mentions() -> None:
    """An ``entity:`` the store resolves but no article mentions (unknown names are a query
    error already): each group checked alone, its values named."""
    import sqlite3

    from akhbar.search.empty import explain
    from akhbar.search.query import parse_query

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE articles (source, lang, published_utc)")
    checked = []

    def matches_any(q: object) -> bool:
        checked.append(q)
        return "ب" not in str(getattr(q, "entity_groups", ""))

    notes = explain(
        conn,
        parse_query("روس entity:الف entity:ب OR entity:ج"),
        source_names=[],
        matches_any=matches_any,
        words_find=lambda q: True,
    )
    assert [(n.kind, n.values) for n in notes] == [("entity", ("ب", "ج"))]
    assert notes[0].text == "no article mentions 'ب', 'ج'"
    assert all(not q.clauses for q in checked)  # (filters alone, never with the words)


def test_words_in_the_search_are_not_part_of_a_filter_check(archive: Archive) -> None:
    """``entity:پاکستان`` alone matches an article (without روس): not an entity note."""
    assert [n.kind for n in archive.search("روس entity:پاکستان").empty_because] == ["words"]


def test_the_cli_says_why(empty_db: Path) -> None:
    from typer.testing import CliRunner

    from akhbar.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["search", "روس source:nosuch", "--db", str(empty_db)])
    assert out.exit_code == 0, out.stderr
    assert "found nothing: no article has source 'nosuch'; sources: geo.tv (2)" in out.stdout
    out = runner.invoke(app, ["search", "روس after:2030", "--db", str(empty_db), "--json"])
    (note,) = json.loads(out.stdout)["empty_because"]
    assert (note["kind"], note["values"], note["first"]) == (
        "date",
        ["2030-01-01", ""],
        "2021-04-13",
    )
    found = runner.invoke(app, ["search", "روس source:geo.tv", "--db", str(empty_db)])
    assert "found nothing" not in found.stdout
    batch = runner.invoke(
        app, ["search", "--batch", "-", "--db", str(empty_db)], input="روس lang:xx\nروس\n"
    )
    records = [json.loads(line) for line in batch.stdout.splitlines()]
    assert [[n["kind"] for n in r["empty_because"]] for r in records] == [["language"], []]
