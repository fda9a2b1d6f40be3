"""A search that finds nothing is run again with the names it writes in Latin letters as
``entity:`` filters (``SearchConfig.entity_names``): ``Lavrov`` in an Urdu archive finds the
articles that mention سرگئی لاوروف, on both backends, in the CLI and as the web's facet."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from akhbar.cli import app
from akhbar.search import Archive, SearchResult, parse_query
from akhbar.search.query import MAX_NAME_LOOKUPS, name_entities

from ..helpers import store_of_names
from .conftest import BACKENDS, open_backend


def ids(result: SearchResult) -> set[str]:
    return {h.id for h in result.hits}


def same_page(a: SearchResult, b: SearchResult) -> None:
    assert [h.to_dict() for h in a.hits] == [h.to_dict() for h in b.hits]
    assert (a.total, a.total_articles, a.facets) == (b.total, b.total_articles, b.facets)


# ---- the rewrite --------------------------------------------------------------------------------


def _lookup(names: dict[str, list[str]]) -> tuple[Callable[[str], Sequence[str]], list[str]]:
    """A lookup of ``names`` (any case), and the list of the names it was asked."""
    asked: list[str] = []

    def lookup(name: str) -> Sequence[str]:
        asked.append(name)
        return names.get(name.lower(), [])

    return lookup, asked


def test_a_name_of_several_words_is_tried_whole_first() -> None:
    lookup, asked = _lookup({"shah mahmood qureshi": ["شاہ محمود قریشی"], "qureshi": ["x"]})
    assert name_entities("Shah Mahmood Qureshi", lookup) == 'entity:"شاہ محمود قریشی"'
    assert asked == ["Shah Mahmood Qureshi"]
    # Not a name whole: shorter runs, longest first, from the left.
    lookup, asked = _lookup({"mahmood qureshi": ["محمود قریشی"]})
    assert name_entities("Shah Mahmood Qureshi", lookup) == 'entity:"محمود قریشی"'
    assert asked == ["Shah Mahmood Qureshi", "Shah Mahmood", "Shah", "Mahmood Qureshi"]


def test_what_is_not_a_latin_free_text_word_is_never_looked_up() -> None:
    lookup, asked = _lookup({"lavrov": ["لاوروف"]})
    for text in (
        '"Lavrov"',  # a phrase: the phrase relaxing comes first
        "title:Lavrov",
        "source:Lavrov",
        "Lavrov OR Zarif",  # an OR group
        "لاوروف",
        "Q159",
        "ٹرمپ2",
    ):
        assert name_entities(text, lookup) is None, text
    assert asked == []


def test_other_words_go_unless_the_query_requires_words() -> None:
    lookup, _ = _lookup({"lavrov": ["لاوروف"]})
    assert name_entities("Lavrov مذاکرات talks", lookup) == "entity:لاوروف"
    assert name_entities("Lavrov +مذاکرات talks", lookup) == "entity:لاوروف +مذاکرات talks"
    assert name_entities("Lavrov title:مذاکرات", lookup) == "entity:لاوروف title:مذاکرات"
    assert (
        name_entities("Lavrov after:2021-04 source:geo -ایران", lookup)
        == "entity:لاوروف after:2021-04 source:geo -ایران"
    )


def test_lookups_are_bounded() -> None:
    lookup, asked = _lookup({})
    assert name_entities(" ".join(["word"] * 200), lookup) is None
    assert len(asked) == MAX_NAME_LOOKUPS


#: Names of letters the parser's keyboard repair never changes (that the engine checks, and
#: falls back to ``#id`` values: below), quotes of every kind and query syntax.
_VALUE = st.text(
    alphabet=st.sampled_from(list('اپسگلم"“«»:+-()ORa b\\')), min_size=1, max_size=12
).filter(lambda v: v.strip() and v.strip() == v and "  " not in v)


@settings(max_examples=300, deadline=None)
@given(st.lists(_VALUE, min_size=1, max_size=3, unique=True), st.booleans())
def test_any_name_is_one_filter_value(values: list[str], excluded: bool) -> None:
    """Whatever a stored name holds (quotes, OR, a field, a minus), it is one entity value of
    the rewritten query: never syntax."""
    text = name_entities("-Lavrov روس" if excluded else "Lavrov", lambda _: values)
    assert text is not None
    query = parse_query(text)
    if excluded:
        assert [v for v, _ in query.entities_excluded] == values
    elif len(values) == 1:
        assert [v for v, _ in query.entities] == values
    else:
        assert [[v for v, _ in g] for g in query.entity_alternatives] == [values]


# ---- the engine: the seed, one article per paragraph ---------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_english_name_finds_the_articles_of_its_entity(seed_db: Path, backend: str) -> None:
    with open_backend(seed_db, backend) as archive:
        assert archive.search("Lavrov", entity_names=False).total == 0
        result = archive.search("Lavrov", limit=20)
        assert result.query == "Lavrov"
        assert result.entity_query is not None
        assert result.relaxed_query is None
        # the three paragraphs that name Lavrov (لاوروف once, لاؤروف twice), as his entity
        assert ids(result) == ids(archive.search("entity:Lavrov", limit=20))
        assert ids(result) == ids(archive.search("لاوروف", limit=20))
        assert len(ids(result)) == 3
        # everything on the page is the entity query's
        same_page(result, archive.search(result.entity_query, limit=20, entity_names=False))
        assert archive.top_rows("Lavrov", 20) == archive.top_rows(result.entity_query, 20)
        assert archive.top_rows("Lavrov", 20, entity_names=False) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_names_together_and_excluded(seed_db: Path, backend: str) -> None:
    with open_backend(seed_db, backend) as archive:
        lavrov = ids(archive.search("entity:Lavrov", limit=50))
        iran = ids(archive.search("entity:Iran", limit=50))
        assert lavrov & iran
        assert lavrov - iran
        both = archive.search("Lavrov Iran", limit=50)
        assert both.entity_query is not None
        assert ids(both) == lavrov & iran
        assert ids(archive.search("Lavrov -Iran", limit=50)) == lavrov - iran
        # A name typed with a filter keeps the filter.
        assert archive.search("Lavrov after:2100", limit=5).total == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_query_that_finds_something_is_not_rewritten(seed_db: Path, backend: str) -> None:
    with open_backend(seed_db, backend) as archive:
        unread = archive.search("لاوروف Xqzwv", limit=20)
        assert unread.entity_query is None
        assert ids(unread) == ids(archive.search("لاوروف", limit=20))
        # a name the search reads as the word it spells (no other name with a capital next to
        # it) is that word, as if typed in Urdu letters: still no entity: filter
        result = archive.search("لاوروف Zarif", limit=20)
        assert result.entity_query is None
        assert dict(result.variants) == {"Zarif": ("ظریف",)}
        assert ids(result) == ids(archive.search("لاوروف ظریف", limit=20))
        nothing = archive.search("Xqzwv Plorkh", limit=20)
        assert (nothing.total, nothing.entity_query) == (0, None)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_phrase_is_relaxed_then_read_as_names(tmp_path: Path, backend: str) -> None:
    from akhbar.search.index import sync

    names = ["عمران خان", "عمران خاں", "نواز شریف", "شہباز شریف"]
    db = store_of_names(tmp_path / "n.db", names, prefix="n", text="{} نے خطاب کیا")
    sync(db)
    with open_backend(db, backend) as archive:
        # both spellings the linker keeps apart, as entity:"Imran Khan" keeps both
        result = archive.search('"Imran Khan"')
        assert ids(result) == {"n0", "n1"}
        assert result.relaxed_query is None
        assert result.entity_query is not None
        # a surname of several: the articles of any of them (most mentioned first, bounded)
        assert ids(archive.search("Sharif")) == {"n2", "n3"}
        assert archive.search("Sharif", relax_phrases=False, entity_names=False).total == 0


def test_a_name_the_parser_would_repair_is_filtered_by_its_id(tmp_path: Path) -> None:
    # Five words of letters a Persian layout has, with the entity: prefix: the parser's
    # keyboard repair reads مین as میں there, and the name would find no entity.
    name = "عمر مین علی بن حسن"
    assert [v for v, _ in parse_query(f'entity:"{name}"').entities] != [name]
    db = store_of_names(tmp_path / "p.db", [name], prefix="p", text="{} نے خطاب کیا")
    with Archive.open(db) as archive:
        result = archive.search("Hassan")
        assert ids(result) == {"p0"}
        assert result.entity_query is not None
        assert result.entity_query.startswith("entity:#")


def test_an_archive_without_entities_is_searched_as_before(tmp_path: Path) -> None:
    from akhbar.article import Article
    from akhbar.pipeline import prepare_batch
    from akhbar.store import Store

    db = tmp_path / "plain.db"
    with Store.open(db) as store:
        run = store.begin_run([], {})
        art = Article(id="1", source="x", title="روس", paragraphs=("لاؤروف نے کہا۔",))
        store.add_batch(run, prepare_batch([art]))
    with Archive.open(db) as archive:
        result = archive.search("Lavrov")
        assert (result.total, result.entity_query) == (0, None)


# ---- the CLI -------------------------------------------------------------------------------------


def test_cli_says_it_searched_the_names(seed_db: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["search", "Lavrov", "--db", str(seed_db), "--bidi", "off"])
    assert shown.exit_code == 0, shown.output
    assert "names it writes in Latin letters" in shown.output
    assert "3 hits" in shown.output
    out = runner.invoke(app, ["search", "Lavrov", "--db", str(seed_db), "--json"])
    body = json.loads(out.output)
    assert body["entity_query"]
    assert body["total"] == 3
    exact = runner.invoke(app, ["search", "Lavrov", "--db", str(seed_db), "--json", "--exact"])
    assert (json.loads(exact.output)["entity_query"], json.loads(exact.output)["total"]) == (
        None,
        0,
    )
    batch = runner.invoke(
        app, ["search", "--batch", "-", "--db", str(seed_db), "--json"], input="Lavrov\nلاوروف\n"
    )
    first, second = (json.loads(line) for line in batch.output.splitlines())
    assert first["entity_query"]
    assert {h["id"] for h in first["hits"]} == {h["id"] for h in second["hits"]}
    assert second["entity_query"] is None


# ---- snippets of an entity filter --------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("query", ["entity:Zarif", "Lavrov", "entity:Lavrov ملاقات"])
def test_an_entity_filter_marks_the_entity_in_each_snippet(
    seed_db: Path, backend: str, query: str
) -> None:
    """Each hit's snippet shows and marks how that article names the entity (its stored
    mentions), not only the article's first lines: a filter has no words to look for."""
    import sqlite3

    from akhbar.entities.explore import resolve_named

    conn = sqlite3.connect(seed_db)
    name = "Zarif" if "Zarif" in query else "Lavrov"
    ids = [c.id for c in resolve_named(conn, name)]
    with open_backend(seed_db, backend) as archive:
        result = archive.search(query, limit=20)
        assert result.hits
        for hit in result.hits:
            named = {
                t
                for (t,) in conn.execute(
                    "SELECT m.text FROM mentions m JOIN articles a ON a.seq = m.article "
                    f"WHERE a.id = ? AND m.entity IN ({', '.join('?' * len(ids))})",
                    [hit.id, *ids],
                )
            }
            marked = {hit.snippet.text[s:e] for s, e in hit.snippet.highlights}
            assert named & marked, (hit.id, named, marked)
        # without snippets nothing is looked up or marked
        bare = archive.search(query, limit=20, snippets=False)
        assert [h.id for h in bare.hits] == [h.id for h in result.hits]


def test_entity_lookups_are_kept_only_until_the_store_changes(tmp_path: Path) -> None:
    # A search remembers what an entity: value names (its filter, its snippets and the web's
    # entity facet read it); another connection's commit makes it look again.
    from akhbar.search import QueryError

    db = store_of_names(tmp_path / "s.db", ["شہباز شریف"], prefix="a")
    with Archive.open(db) as archive:
        assert ids(archive.search("entity:Sharif")) == {"a0"}
        assert ids(archive.search("entity:Sharif")) == {"a0"}  # (remembered)
        store_of_names(db, ["نواز شریف"], prefix="b")  # another connection commits
        with pytest.raises(QueryError, match="Sharif"):  # two Sharifs now: which one?
            archive.search("entity:Sharif")
