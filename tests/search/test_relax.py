"""A query with phrases that matches nothing is run again with the phrases as words
(``SearchConfig.relax_phrases``), on both backends; and ``source:`` takes any stored source name
quoted (``""`` for a quote inside quotes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from akhbar.cli import app
from akhbar.search import (
    Archive,
    Query,
    QueryError,
    SearchConfig,
    SearchResult,
    parse_query,
)
from akhbar.search.query import quote, relax_phrases, source_key, sources_matching

from .conftest import BACKENDS, open_backend
from .relax_store import ARTICLES, HOSTILE_SOURCES, build_relax_store

#: Both words are in the store, never in this order: the phrase finds nothing.
MISSING = '"اصلاحات معاشی"'
#: The same words in the order article a has them.
PRESENT = '"معاشی اصلاحات"'


@pytest.fixture(scope="module")
def relax_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_relax_store(tmp_path_factory.mktemp("relax") / "r.db")


@pytest.fixture(scope="module", params=BACKENDS)
def archive(request: pytest.FixtureRequest, relax_db: Path) -> Iterator[Archive]:
    with open_backend(relax_db, request.param) as a:
        yield a


def ids(result: SearchResult) -> list[str]:
    return [h.id for h in result.hits]


def same_page(a: SearchResult, b: SearchResult) -> None:
    """``a`` and ``b`` show the same page: hits (with snippets), counts and facets."""
    assert [h.to_dict() for h in a.hits] == [h.to_dict() for h in b.hits]
    assert (a.total, a.total_articles, a.facets, a.offset, a.limit) == (
        b.total,
        b.total_articles,
        b.facets,
        b.offset,
        b.limit,
    )


# ---- the engine --------------------------------------------------------------------------------


def test_a_phrase_that_finds_nothing_is_run_as_its_words(archive: Archive) -> None:
    assert archive.search(MISSING, relax_phrases=False).total == 0
    result = archive.search(MISSING)
    assert result.query == MISSING
    assert result.relaxed_query == relax_phrases(MISSING)
    assert result.relaxed_query is not None
    assert '"' not in result.relaxed_query
    assert result.total > 0
    # Everything is the relaxed query's: hits, snippets, counts, facets.
    same_page(result, archive.search(result.relaxed_query, relax_phrases=False))
    marked = {h.snippet.text[s:e] for h in result.hits for s, e in h.snippet.highlights}
    assert marked & set(parse_query(result.relaxed_query).positive_terms)


def test_a_phrase_that_finds_something_is_not_relaxed(archive: Archive) -> None:
    result = archive.search(PRESENT)
    assert result.relaxed_query is None
    assert result.total > 0
    same_page(result, archive.search(PRESENT, relax_phrases=False))
    # ... although its words alone would find more.
    assert archive.search(relax_phrases(PRESENT) or "").total > result.total


@pytest.mark.parametrize("typed", ["“معاشی اصلاحات”", "”معاشی اصلاحات“", "«معاشی اصلاحات»"])
def test_a_phrase_in_typographic_quotes_is_the_same_phrase(archive: Archive, typed: str) -> None:
    # Phone keyboards (smart punctuation) and word processors type curly quotes.
    same_page(archive.search(typed), archive.search(PRESENT))
    assert archive.search(typed).total < archive.search(relax_phrases(PRESENT) or "").total


def test_exact_mode_keeps_zero(relax_db: Path) -> None:
    for backend in BACKENDS:
        with open_backend(relax_db, backend, relax_phrases=False) as exact:
            result = exact.search(MISSING)
            assert (result.total, result.hits, result.relaxed_query) == (0, (), None)
            assert exact.top_rows(MISSING, 10) == []
            # (the call's own setting wins over the archive's)
            assert exact.search(MISSING, relax_phrases=True).relaxed_query is not None


@pytest.mark.parametrize(
    ("query", "within", "avoid"),
    [
        (f"{MISSING} -میچ", (), "میچ"),
        (f'{MISSING} -"میچ جیت"', (), '"میچ جیت"'),
        (f"{MISSING} -source:geo", (), "source:geo"),
        (f"{MISSING} source:samaa", ("source:samaa",), None),
        (f"{MISSING} after:2024-02", ("after:2024-02",), None),
        (f"+{MISSING}", ("+اصلاحات", "+معاشی"), None),
        ('title:"کرکٹ اعلان" OR title:نہیں', ("title:کرکٹ OR title:اعلان",), None),
    ],
)
def test_exclusions_and_filters_survive(
    archive: Archive, query: str, within: tuple[str, ...], avoid: str | None
) -> None:
    assert archive.search(query, relax_phrases=False).total == 0
    result = archive.search(query, limit=50)
    assert result.relaxed_query is not None
    assert result.total > 0
    found = set(ids(result))
    for bound in within:
        assert found <= set(ids(archive.search(bound, limit=50)))
    if avoid is not None:
        assert not found & set(ids(archive.search(avoid, limit=50)))


@pytest.mark.parametrize(
    "query",
    [
        f"{MISSING} source:nosuchsource",
        f"{MISSING} lang:xx",
        f"{MISSING} before:2000",
        f"+نہیںموجود {MISSING}",  # a required word is never dropped
        f"{MISSING} -خبر",  # every article says خبر
    ],
)
def test_nothing_found_either_way_is_the_plain_empty_result(archive: Archive, query: str) -> None:
    result = archive.search(query)
    assert (result.total, result.hits, result.relaxed_query) == (0, (), None)
    assert result.query == query


def test_paging_and_top_rows_follow_the_relaxed_query(archive: Archive) -> None:
    whole = archive.search(MISSING, limit=10)
    assert whole.total >= 3
    second = archive.search(MISSING, limit=1, offset=1)
    assert second.relaxed_query == whole.relaxed_query
    assert ids(second) == ids(whole)[1:2]
    assert second.total == whole.total
    no_page = archive.search(MISSING, limit=0, facets=False)
    assert (no_page.total, no_page.relaxed_query) == (whole.total, whole.relaxed_query)
    rows = archive.top_rows(MISSING, 10)
    seq_of = dict(archive._conn.execute("SELECT id, seq FROM articles").fetchall())
    assert rows == [seq_of[i] for i in ids(whole)]
    assert archive.top_rows(MISSING, 10, relax_phrases=False) == []


def test_a_parsed_query_is_relaxed_too(archive: Archive) -> None:
    assert archive.search(parse_query(MISSING)).relaxed_query == relax_phrases(MISSING)


# ---- the rewriting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "روس -ایران",
        '"روس"',
        '-"وزیر خارجہ"',
        'روس -"وزیر خارجہ"',
        'source:"urdu geo"',
        'after:"13 اپریل 2021"',
        'entity:"a b" روس',
        '"— …"',
        '"روس',  # not a query
    ],
)
def test_nothing_to_relax(query: str) -> None:
    assert relax_phrases(query) is None


@pytest.mark.parametrize(
    ("query", "expected_clauses"),
    [
        # (occur, [terms of each alternative]) of the relaxed query's text clauses
        ('"وزیر خارجہ"', [("should", [["وزیر"]]), ("should", [["خارجہ"]])]),
        ('+"وزیر خارجہ"', [("must", [["وزیر"]]), ("must", [["خارجہ"]])]),
        ('title:"وزیر خارجہ"', [("must", [["وزیر"]]), ("must", [["خارجہ"]])]),
        ('"وزیر خارجہ" OR روس', [("should", [["وزیر"], ["خارجہ"], ["روس"]])]),
        ('+روس OR "وزیر خارجہ"', [("must", [["روس"], ["وزیر"], ["خارجہ"]])]),
        ('x"وزیر خارجہ"y', [("should", [[w]]) for w in ("x", "وزیر", "خارجہ", "y")]),
        ('OR"وزیر خارجہ"y', [("should", [[w]]) for w in ("or", "وزیر", "خارجہ", "y")]),
    ],
)
def test_phrases_become_words_in_their_place(
    query: str, expected_clauses: list[tuple[str, list[list[str]]]]
) -> None:
    relaxed = relax_phrases(query)
    assert relaxed is not None
    clauses = parse_query(relaxed).clauses
    got = [(c.occur, [list(a.terms) for a in c.alternatives]) for c in clauses]
    assert got == expected_clauses
    assert not any(a.phrase for c in clauses for a in c.alternatives)
    title = [a.title_only for c in clauses for a in c.alternatives]
    assert all(title) if query.startswith("title:") else not any(title)


def test_syntax_inside_a_phrase_stays_text() -> None:
    query = '"روس -ایران OR source:geo title:x after:2021 +چین" lang:ur'
    before, after = parse_query(query), parse_query(relax_phrases(query) or "")
    assert after.positive_terms == before.positive_terms
    assert not any(c.occur == "must_not" for c in after.clauses)
    assert (after.sources, after.languages, after.published_from) == ((), ("ur",), None)
    assert not any(a.title_only for c in after.clauses for a in c.alternatives)


_PIECES = [
    "روس",
    "ایران",
    '"وزیر خارجہ"',
    '"a -b OR source:x"',
    '"x""y z"',
    '"ٹی20 ورلڈ"',
    "+",
    "-",
    "OR",
    "title:",
    "source:geo",
    'source:"a ""b"" c"',
    "lang:ur",
    "after:2021",
    "-lang:en",
    "\u200f",
    '"',
    " ",
    "“وزیر خارجہ”",
    "«روس -چین»",
    '"x “y z"',
    "“",
    "»",
    # letter names: a run of them is an acronym, a phrase (relaxed to its letters, quoted)
    "پی",
    "سی بی",
    "پی۔ٹی",
    "کے",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10), st.lists(st.booleans()))
# an acronym's letters quoted apart keep a letter next to them a letter (not سے on a Persian
# layout); a phrase touching an acronym, or after a + it ends with, needs no quotes of its own
@example(["سی بی", "سی", "بیسی بی"], [True, True, True])
@example(["سی بی", '"ٹی20 ورلڈ"'], [False])
@example(["سی بی", "+", '"ٹی20 ورلڈ"'], [False, False])
@example(["پی۔ٹی", '"ٹی20 ورلڈ"'], [False])
@example(["title:", "پی۔ٹی", "-", "پی۔ٹی", "+", "پی۔ٹی"], [False, True, False, True, False])
# a phrase's words keep the neighbours a keyboard's letters are read by (a Persian layout's سی)
@example(['"', "سی بی", "سی بی", "source:geo", '"'], [False, False])
@example(["“", "روس", "سی بی", "روس", '"x “y z"'], [False, True, False])
def test_relaxing_keeps_everything_but_adjacency(pieces: list[str], spaces: list[bool]) -> None:
    text = "".join(p + (" " if i >= len(spaces) or spaces[i] else "") for i, p in enumerate(pieces))
    try:
        before = parse_query(text)
    except QueryError:
        return
    relaxed = relax_phrases(text)
    if relaxed is None:
        assert not any(
            a.phrase for c in before.clauses if c.occur != "must_not" for a in c.alternatives
        )
        return
    after = parse_query(relaxed)
    assert after.positive_terms == before.positive_terms

    def excluded(q: Query) -> list[list[tuple[tuple[str, ...], bool, bool]]]:
        return [
            [(a.terms, a.phrase, a.title_only) for a in c.alternatives]
            for c in q.clauses
            if c.occur == "must_not"
        ]

    assert excluded(after) == excluded(before)
    for name in ("sources", "sources_excluded", "languages", "languages_excluded"):
        assert getattr(after, name) == getattr(before, name)
    for name in ("published_from", "published_to", "local_from", "local_to"):
        assert getattr(after, name) == getattr(before, name)
    assert after.excluded_date_ranges == before.excluded_date_ranges
    # What stays a phrase is one word written with syntax in it (quoted to keep it a word).
    for c in after.clauses:
        if c.occur != "must_not":
            assert all(not a.phrase or not a.raw.split()[1:] for a in c.alternatives)
    # A required part stays required, a title part in the title.
    assert {c.occur for c in after.clauses} <= {c.occur for c in before.clauses}
    assert relax_phrases(relaxed) in (None, relaxed)


# ---- quoting source names ----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60))
def test_any_name_quoted_is_one_source_value(name: str) -> None:
    key = source_key(name)
    if not key:
        with pytest.raises(QueryError):
            parse_query("source:" + quote(name))
        return
    assert parse_query("source:" + quote(name)).sources == (key,)
    assert parse_query("روس -source:" + quote(name)).sources_excluded == (key,)
    assert sources_matching(parse_query("source:" + quote(name)).sources, [name]) == [name]


@pytest.mark.parametrize(
    "typed",
    [
        "+“وزیر خارجہ” -«نہیں ہے» title:„ایران دورہ“",
        '+”وزیر خارجہ“ -»نہیں ہے« title:“ایران دورہ"',
    ],
)
def test_typographic_quotes_open_and_close_phrases(typed: str) -> None:
    plain = parse_query('+"وزیر خارجہ" -"نہیں ہے" title:"ایران دورہ"')
    got = parse_query(typed)
    assert [
        (c.occur, [(a.terms, a.phrase, a.title_only) for a in c.alternatives]) for c in got.clauses
    ] == [
        (c.occur, [(a.terms, a.phrase, a.title_only) for a in c.alternatives])
        for c in plain.clauses
    ]
    typographic = parse_query("after:“13 اپریل 2021”").local_from
    assert typographic is not None
    assert typographic == parse_query('after:"13 اپریل 2021"').local_from


def test_typographic_quotes_inside_straight_quotes_are_text() -> None:
    assert [a.raw for c in parse_query('"x “y” z"').clauses for a in c.alternatives] == ["x “y” z"]
    name = "«Geo» “Urdu”"
    assert sources_matching(parse_query("source:" + quote(name)).sources, [name, "geo"]) == [name]
    with pytest.raises(QueryError, match="closing quote") as err:
        parse_query("روس “وزیر خارجہ")
    assert err.value.position == 4


def test_doubled_quotes_inside_a_phrase_are_a_quote() -> None:
    q = parse_query('"x""y z" w')
    assert [a.raw for c in q.clauses for a in c.alternatives] == ['x"y z', "w"]
    assert parse_query('"" روس').positive_terms == parse_query("روس").positive_terms  # empty
    with pytest.raises(QueryError, match="unterminated"):
        parse_query('"x"" y')


@pytest.mark.parametrize("name", HOSTILE_SOURCES)
def test_every_hostile_source_name_is_filterable(archive: Archive, name: str) -> None:
    mine = sorted(aid for aid, (source, *_) in ARTICLES.items() if source == name)
    assert mine
    assert sorted(ids(archive.search("source:" + quote(name), limit=50))) == mine
    others = archive.search("خبر -source:" + quote(name), limit=50)
    assert sorted(ids(others)) == sorted(set(ARTICLES) - set(mine))


# ---- the CLI -----------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_says_when_it_relaxed(relax_db: Path) -> None:
    args = ["search", MISSING, "--db", str(relax_db)]
    loose = runner.invoke(app, [*args, "--json"])
    assert loose.exit_code == 0, loose.output
    body = json.loads(loose.stdout)
    assert (body["query"], body["relaxed_query"]) == (MISSING, relax_phrases(MISSING))
    assert body["total"] > 0
    exact = json.loads(runner.invoke(app, [*args, "--json", "--exact"]).stdout)
    assert (exact["total"], exact["relaxed_query"]) == (0, None)
    text = runner.invoke(app, args).stdout
    assert text.startswith(f"no hits for {MISSING}; showing the hits of its phrases as words")
    assert "no hits for" not in runner.invoke(app, [*args, "--exact"]).stdout
    plain = runner.invoke(app, ["search", PRESENT, "--db", str(relax_db)]).stdout
    assert "no hits for" not in plain


def test_cli_batch_says_when_it_relaxed(relax_db: Path) -> None:
    lines = f"{MISSING}\n{PRESENT}\n"
    for extra, relaxed in (([], relax_phrases(MISSING)), (["--exact"], None)):
        out = runner.invoke(
            app, ["search", "--batch", "-", "--db", str(relax_db), *extra], input=lines
        )
        assert out.exit_code == 0, out.output
        first, second = (json.loads(line) for line in out.stdout.splitlines())
        assert first["relaxed_query"] == relaxed
        assert (first["total"] > 0) == (relaxed is not None)
        assert second["relaxed_query"] is None
        assert second["total"] > 0


def test_config_default_relaxes() -> None:
    assert SearchConfig().relax_phrases is True
