"""Spelling variants of names meet in free text (``SearchConfig.name_variants``): a word that is
a name of an entity also matches the entity's other names that spell it otherwise (``یوکرائن`` /
``یوکرین``) or, for a place of the gazetteer, name it otherwise (``انڈیا`` / ``بھارت``); so do
names of several words, written joined or typed as words (``بنگلادیش`` / ``بنگلہ دیش``, ``یو
اے ای`` / ``متحدہ عرب امارات``); the result, the CLI, the API and the page say which."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from akhbar.cli import app
from akhbar.search import Archive, SearchResult
from akhbar.search.variants import MAX_VARIANTS, name_variants, same_name
from akhbar.store import Store
from akhbar.text.analyzer import terms
from akhbar.web.app import create_app

from .conftest import BACKENDS, ingested, open_backend

ARTICLES = [
    (
        "u1",
        "یوکرین نے روس کے خلاف پابندیوں کا مطالبہ کیا۔ یوکرین کے صدر نے کہا کہ جنگ جاری رہے گی۔",
    ),
    ("u2", "یوکرائن میں جنگ کے باعث گندم کی برآمدات متاثر ہوئیں۔ یوکرائن کے کسان پریشان ہیں۔"),
    ("u3", "بھارت نے پاکستان کے ساتھ مذاکرات سے انکار کر دیا۔"),
    ("u4", "انڈیا کی ٹیم نے ورلڈ کپ کا فائنل جیت لیا۔"),
    ("u5", "امریکی صدر نے کہا کہ امریکا یوکرین کی مدد جاری رکھے گا اور روس پر تنقید کی۔"),
    ("u6", "کراچی میں بارش سے نظام زندگی متاثر ہوا۔"),
]


def key(word: str) -> str:
    (term,) = terms(word)
    return term


@pytest.fixture(scope="module")
def variants_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles above through the real pipeline: the linker makes یوکرین / یوکرائن one
    place and بھارت / انڈیا one (the gazetteer's Wikidata groups)."""
    return ingested(tmp_path_factory.mktemp("variants"), ARTICLES)


@pytest.fixture(params=BACKENDS)
def archive(request: pytest.FixtureRequest, variants_db: Path) -> Iterator[Archive]:
    with open_backend(variants_db, request.param) as a:
        yield a


def ids(result: SearchResult) -> list[str]:
    return [h.id for h in result.hits]


# ---- which words have which variants -------------------------------------------------------


def test_the_store_groups_the_spellings_the_tests_rely_on(variants_db: Path) -> None:
    conn = sqlite3.connect(variants_db)
    groups = dict(
        conn.execute(
            "SELECT e.wikidata, group_concat(a.key, ' ') FROM entities e "
            "JOIN entity_aliases a ON a.entity = e.id WHERE a.words = 1 GROUP BY e.id"
        ).fetchall()
    )
    assert set(groups["Q212"].split()) == {key("یوکرین"), key("یوکرائن")}
    assert set(groups["Q668"].split()) == {key("بھارت"), key("انڈیا")}


def _store(
    tmp_path: Path, rows: list[tuple[int, str, str | None, list[str]]]
) -> sqlite3.Connection:
    """A real store's schema with entities given by hand: (id, type, English name from the
    gazetteer, one-word names)."""
    db = tmp_path / "s.db"
    with Store.open(db):
        pass
    conn = sqlite3.connect(db)
    for eid, kind, english, names in rows:
        conn.execute(
            "INSERT INTO entities (id, type, name, key, english) VALUES (?, ?, ?, ?, ?)",
            (eid, kind, names[0], key(names[0]), english),
        )
        for name in names:
            conn.execute(
                "INSERT INTO entity_aliases (key, type, entity, last, words) "
                "VALUES (?, ?, ?, ?, 1)",
                (key(name), kind, eid, key(name)),
            )
    return conn


def test_variant_rules(tmp_path: Path) -> None:
    conn = _store(
        tmp_path,
        [
            (1, "LOCATION", "Ukraine", ["یوکرین", "یوکرائن"]),
            (2, "LOCATION", "India", ["بھارت", "انڈیا", "ہندوستان"]),
            (3, "LOCATION", None, ["لاہور", "داتانگر"]),  # another name, not the gazetteer's
            (8, "LOCATION", "China", ["چین", "چائنا"]),  # the gazetteer's rows, no Wikidata id
            (4, "PERSON", None, ["رضوان", "عمران", "رضوانن"]),  # a wrong merge: other names
            (5, "PERSON", None, ["خان", "خاں"]),  # a word many names share
            # glued to a first name (جوبائیڈن is a listed joined name: the tokenizer cuts it)
            (6, "PERSON", None, ["بائیڈن", "ہنٹربائیڈن"]),
            (
                7,
                "LOCATION",
                None,
                ["پنسلوانیا", "پنسلوینیا", "پینسلوینیا", "پینسلوانیا", "پنسلوانیاں", "پنسلوانی"],
            ),
        ],
    )
    held = {
        key(w): n
        for w, n in [
            ("یوکرین", 30),
            ("یوکرائن", 3),
            ("بھارت", 500),
            ("انڈیا", 40),
            ("ہندوستان", 0),
            ("داتانگر", 5),
            ("چین", 900),
            ("عمران", 50),
            ("رضوانن", 1),
            ("خاں", 9),
            ("ہنٹربائیڈن", 4),
            ("پنسلوینیا", 5),
            ("پینسلوینیا", 4),
            ("پینسلوانیا", 3),
            ("پنسلوانیاں", 2),
            ("پنسلوانی", 1),
        ]
    }
    words = ["یوکرائن", "انڈیا", "لاہور", "رضوان", "خان", "بائیڈن", "پنسلوانیا", "کراچی", "چائنا"]
    found = name_variants(conn, [key(w) for w in words], held.get)
    assert found[key("یوکرائن")] == (key("یوکرین"),)
    # another name of a gazetteer place; one no article holds is left out
    assert found[key("انڈیا")] == (key("بھارت"),)
    assert found[key("چائنا")] == (key("چین"),)
    # a person's other name that is no spelling of it is not a variant; a spelling is
    assert found[key("رضوان")] == (key("رضوانن"),)
    assert found[key("بائیڈن")] == (key("ہنٹربائیڈن"),)
    for word in ("لاہور", "خان", "کراچی"):
        assert key(word) not in found, word
    # the most held first, at most MAX_VARIANTS
    assert found[key("پنسلوانیا")] == tuple(
        key(w) for w in ("پنسلوینیا", "پینسلوینیا", "پینسلوانیا", "پنسلوانیاں")[:MAX_VARIANTS]
    )


def test_same_name_is_a_spelling_or_a_glued_name() -> None:
    assert same_name(key("سویڈن"), key("سوئیڈن"))
    assert same_name(key("ارجنٹائن"), key("ارجنٹینا"))  # two letters apart, eight letters
    assert same_name(key("نسیم"), key("شاہدنسیم"))
    assert not same_name(key("بھارت"), key("انڈیا"))
    assert not same_name(key("نسیم"), key("ابونسیمخان"))  # glued: at the start or the end only
    assert not same_name(key("نند"), key("پریاانند"))  # (a glued پریا انند) four letters at least
    assert not same_name(key("رضوان"), key("عمران"))  # one letter apart at most, for 5 letters


def test_a_store_without_entities_has_no_variants(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:")
    assert name_variants(conn, [key("یوکرائن")], lambda _: 5) == {}


# ---- searching -----------------------------------------------------------------------------


def test_a_spelling_finds_the_other_spelling(archive: Archive) -> None:
    result = archive.search("یوکرائن")
    assert set(ids(result)) == {"u1", "u2", "u5"}
    assert result.variants == (("یوکرائن", ("یوکرین",)),)
    assert result.to_dict()["variants"] == {"یوکرائن": ["یوکرین"]}
    exact = archive.search("یوکرائن", name_variants=False)
    assert (ids(exact), exact.variants) == (["u2"], ())
    # the other way round too
    assert set(ids(archive.search("یوکرین"))) == {"u1", "u2", "u5"}
    # the variant is marked in the snippets of the articles that write it
    for hit in result.hits:
        marked = {hit.snippet.text[s:e] for s, e in hit.snippet.highlights}
        assert marked & {"یوکرین", "یوکرائن"}, hit.id


def test_another_name_of_a_gazetteer_place(archive: Archive) -> None:
    assert set(ids(archive.search("انڈیا"))) == {"u3", "u4"}
    assert set(ids(archive.search("بھارت"))) == {"u3", "u4"}


def test_what_keeps_to_the_spelling_typed(archive: Archive) -> None:
    # in quotes
    assert ids(archive.search('"یوکرائن"')) == ["u2"]
    # excluded: exactly what is typed
    assert set(ids(archive.search("روس -یوکرائن"))) == {"u1", "u5"}
    # a variant the query writes itself is its own word
    result = archive.search("بھارت -انڈیا")
    assert (ids(result), result.variants) == (["u3"], ())
    # a phrase
    assert ids(archive.search('"یوکرائن کے کسان"')) == ["u2"]


def test_required_and_title_words_match_variants(archive: Archive) -> None:
    assert set(ids(archive.search("+یوکرائن روس"))) == {"u1", "u2", "u5"}
    assert set(ids(archive.search("یوکرائن جنگ"))) == {"u1", "u2", "u5"}


def test_the_spelling_typed_ranks_first_on_the_index(variants_db: Path) -> None:
    with open_backend(variants_db, "index") as a:
        assert ids(a.search("یوکرائن"))[0] == "u2"
        # u1 says یوکرین twice, as u2 says یوکرائن: the spelling typed decides
        assert ids(a.search("یوکرین"))[0] == "u1"


def test_config_switches_it_off(variants_db: Path) -> None:
    for backend in BACKENDS:
        with open_backend(variants_db, backend, name_variants=False) as a:
            result = a.search("یوکرائن")
            assert (ids(result), result.variants) == (["u2"], ())
            assert a.top_rows("یوکرائن", 5) == a.top_rows("یوکرائن", 5, name_variants=False)
        with open_backend(variants_db, backend) as a:  # exact=True: the query as typed
            typed = a.search("یوکرائن", exact=True)
            assert (ids(typed), typed.variants) == (["u2"], ())
            assert a.top_rows("یوکرائن", 5, exact=True) == a.top_rows(
                "یوکرائن", 5, name_variants=False
            )
    with open_backend(variants_db, "index") as a:
        assert len(a.top_rows("یوکرائن", 5)) == 3


def test_a_new_entity_is_seen_by_an_open_archive(variants_db: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(variants_db, db)
    with open_backend(db, "fts5") as a:
        assert a.search("گندم").variants == ()
        other = sqlite3.connect(db)
        with other:  # (a made-up place named گندم, گندوم or بارش: words u2 and u6 hold)
            eid = other.execute("SELECT max(id) + 1 FROM entities").fetchone()[0]
            other.execute(
                "INSERT INTO entities (id, type, name, key, english) "
                "VALUES (?, 'LOCATION', 'گندم', ?, 'Gandum')",
                (eid, key("گندم")),
            )
            for name in ("گندم", "گندوم", "بارش"):
                other.execute(
                    "INSERT INTO entity_aliases (key, type, entity, last, words) "
                    "VALUES (?, 'LOCATION', ?, ?, 1)",
                    (key(name), eid, key(name)),
                )
        other.close()
        # گندوم is held by no article: no variant; بارش is (u6): a variant now
        result = a.search("گندم")
        assert result.variants == (("گندم", ("بارش",)),)
        assert set(ids(result)) == {"u2", "u6"}


# ---- the CLI and the web --------------------------------------------------------------------


def test_cli_says_what_else_it_searched(variants_db: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["search", "یوکرائن", "--db", str(variants_db), "--bidi", "off"])
    assert out.exit_code == 0, out.output
    assert "also searched" in out.output
    assert "یوکرین" in out.output
    exact = runner.invoke(
        app, ["search", "یوکرائن", "--db", str(variants_db), "--exact", "--bidi", "off"]
    )
    assert "also searched" not in exact.output
    assert "1–1 of 1 hits" in exact.output
    js = runner.invoke(app, ["search", "یوکرائن", "--db", str(variants_db), "--json"])
    assert json.loads(js.output)["variants"] == {"یوکرائن": ["یوکرین"]}
    batch = runner.invoke(
        app, ["search", "--batch", "-", "--db", str(variants_db)], input="یوکرائن\nکراچی\n"
    )
    lines = [json.loads(line) for line in batch.output.splitlines()]
    assert [r["variants"] for r in lines] == [{"یوکرائن": ["یوکرین"]}, {}]
    assert lines[0]["total"] == 3


@pytest.fixture(scope="module")
def web(variants_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(variants_db), raise_server_exceptions=False) as c:
        yield c


def test_api_and_page(web: TestClient) -> None:
    body = web.get("/api/search", params={"q": "یوکرائن"}).json()
    assert (body["variants"], body["total"]) == ({"یوکرائن": ["یوکرین"]}, 3)
    exact = web.get("/api/search", params={"q": "یوکرائن", "exact": "true"}).json()
    assert (exact["variants"], exact["total"]) == ({}, 1)
    for lang, words in (("ur", "دوسرے املا"), ("en", "Other spellings")):
        page = web.get("/", params={"q": "یوکرائن", "lang": lang}).text
        assert 'class="variants"' in page
        assert words in page
        assert "exact=1" in page
    plain = web.get("/", params={"q": "کراچی"}).text
    assert 'class="variants"' not in plain


def test_article_page_marks_the_variant(web: TestClient) -> None:
    page = web.get("/articles/u1", params={"q": "یوکرائن"}).text
    assert "<mark>یوکرین</mark>" in page


def test_a_search_as_typed_stays_so_on_its_links(web: TestClient) -> None:
    from html import unescape

    page = web.get("/", params={"q": "روس یوکرائن", "exact": "1"}).text
    links = [unescape(h) for h in re.findall(r'href="([^"]+)"', page)]
    articles = [h for h in links if h.startswith("/articles/")]
    assert articles
    assert all("exact=1" in h for h in articles)
    narrowing = [h for h in links if h.startswith("/?") and "source=" in h]
    assert narrowing
    assert all("exact=1" in h for h in narrowing)
    # the article page then marks the spelling typed only
    assert "<mark>یوکرین</mark>" not in web.get("/articles/u1?q=یوکرائن&exact=1").text
    assert "<mark>روس</mark>" in web.get("/articles/u1?q=روس یوکرائن&exact=1").text
    # and a search not as typed carries no such parameter
    plain = web.get("/", params={"q": "روس یوکرائن"}).text
    assert "exact=1" in plain  # (the notice's link to the search as typed)
    assert not [h for h in re.findall(r'href="(/articles/[^"]+)"', plain) if "exact=1" in h]


# ---- names of several words ----------------------------------------------------------------

PLACES = [
    ("b1", "بنگلادیش نے سری لنکا کو ٹیسٹ میچ میں شکست دے دی۔"),
    ("b2", "بنگلہ دیش میں سیلاب سے ہزاروں افراد بے گھر ہو گئے۔"),
    ("b3", "متحدہ عرب امارات میں نئے ویزا قوانین نافذ ہو گئے۔"),
    ("b4", "پاکستانی ٹیم اگلے ماہ یو اے ای میں سیریز کھیلے گی۔"),
    ("b5", "سعودی عرب نے تیل کی پیداوار کم کر دی۔"),
    ("b6", "وزیر اعظم سعودیہ کے دورے پر روانہ ہو گئے۔"),
    ("b7", "لاہور میں بارش سے موسم خوشگوار ہو گیا۔"),
]


@pytest.fixture(scope="module")
def places_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles above through the real pipeline: the linker makes each country's names
    (the gazetteer's, and the joined بنگلادیش) one entity."""
    return ingested(tmp_path_factory.mktemp("places"), PLACES)


def test_the_store_groups_the_names_of_several_words(places_db: Path) -> None:
    conn = sqlite3.connect(places_db)
    groups = {
        q: set(keys.split("|"))
        for q, keys in conn.execute(
            "SELECT e.wikidata, group_concat(a.key, '|') FROM entities e "
            "JOIN entity_aliases a ON a.entity = e.id GROUP BY e.id"
        )
    }
    # (the joined spelling's alias is the word as written; the analyzer cuts it in two)
    assert groups["Q902"] == {"".join(terms("بنگلادیش")), " ".join(terms("بنگلہ دیش"))}
    assert groups["Q878"] == {" ".join(terms("متحدہ عرب امارات")), " ".join(terms("یو اے ای"))}
    assert groups["Q851"] == {" ".join(terms("سعودی عرب")), key("سعودیہ")}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("query", "found", "shown", "typed_finds", "run"),
    [
        # a name written joined is searched as its two words; its other spelling too
        ("بنگلادیش", {"b1", "b2"}, {"بنگلادیش": ["بنگلہ دیش"]}, {"b1"}, False),
        ("سعودیہ", {"b5", "b6"}, {"سعودیہ": ["سعودی عرب"]}, {"b6"}, False),
        # a name of several words typed as words (a run; on the index): the joined spelling
        # (cut) is a phrase of it, marked and ranked as the name (دیش found it already)
        ("بنگلہ دیش", {"b1", "b2"}, {"بنگلہ دیش": ["بنگلا دیش"]}, {"b1", "b2"}, True),
        # another name of a gazetteer place, of another number of words (an acronym typed
        # as its letters is one name, not a run: its variants on either backend)
        ("یو اے ای", {"b3", "b4"}, {"یو اے ای": ["متحدہ عرب امارات"]}, {"b4"}, False),
        ("متحدہ عرب امارات", {"b3", "b4"}, {"متحدہ عرب امارات": ["یو اے ای"]}, {"b3"}, True),
    ],
)
def test_names_of_several_words_find_their_other_spellings(
    places_db: Path,
    backend: str,
    query: str,
    found: set[str],
    shown: dict[str, list[str]],
    typed_finds: set[str],
    run: bool,
) -> None:
    if run and backend != "index":
        # FTS5 cannot weigh a run's variant against the words typed: the words as typed
        with open_backend(places_db, backend) as a:
            result = a.search(query)
            assert (result.variants, set(ids(result)) & found) == ((), typed_finds)
        return
    with open_backend(places_db, backend) as a:
        result = a.search(query)
        assert set(ids(result)) >= found
        assert result.to_dict()["variants"] == shown
        # the spelling typed ranks first on the index (FTS5 matches a variant as an
        # alternative, unweighed); the other spelling's article is marked in its snippet
        if backend == "index":
            assert result.hits[0].id in typed_finds
        for hit in result.hits:
            if hit.id in found:
                marked = " ".join(hit.snippet.text[s:e] for s, e in hit.snippet.highlights)
                assert marked, hit.id
        # as typed: its own spelling
        typed = a.search(query, exact=True)
        assert (set(ids(typed)) & found, typed.variants) == (typed_finds, ())


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_quoted_name_and_words_that_are_no_name_keep_to_themselves(
    places_db: Path, backend: str
) -> None:
    with open_backend(places_db, backend) as a:
        assert ids(a.search('"یو اے ای"')) == ["b4"]
        result = a.search("سیلاب بارش")
        assert (set(ids(result)), result.variants) == ({"b2", "b7"}, ())


def test_a_variant_holding_the_name_is_none(tmp_path: Path) -> None:
    # متحدہ عرب امارات holds امارات: the word finds it already, so it is no variant of it
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE entities (id INTEGER PRIMARY KEY, type TEXT, english TEXT);"
        "CREATE TABLE entity_aliases (key TEXT, type TEXT, entity INTEGER, last TEXT, words INT);"
    )
    conn.execute("INSERT INTO entities VALUES (1, 'LOCATION', 'United Arab Emirates')")
    for name in ("امارات", "متحدہ عرب امارات", "یو اے ای"):
        words = terms(name)
        conn.execute(
            "INSERT INTO entity_aliases VALUES (?, 'LOCATION', 1, ?, ?)",
            (" ".join(words), words[-1], len(words)),
        )
    found = name_variants(conn, [key("امارات")], lambda _: 3)
    assert found == {key("امارات"): (" ".join(terms("یو اے ای")),)}
    # a variant one of whose words no article holds is none
    assert name_variants(conn, [key("امارات")], {"یو": 3, "اے": 3}.get) == {}
    # a person's name of several words: another of as many words, each a spelling of its own
    conn.execute("INSERT INTO entities VALUES (2, 'PERSON', NULL)")
    for name in ("ڈونلڈ ٹرمپ", "ڈونالڈ ٹرمپ", "ایوانکا ٹرمپ", "ٹرمپ"):
        words = terms(name)
        conn.execute(
            "INSERT INTO entity_aliases VALUES (?, 'PERSON', 2, ?, ?)",
            (" ".join(words), words[-1], len(words)),
        )
    found = name_variants(conn, [" ".join(terms("ڈونلڈ ٹرمپ"))], lambda _: 3)
    assert found == {" ".join(terms("ڈونلڈ ٹرمپ")): (" ".join(terms("ڈونالڈ ٹرمپ")),)}


def test_api_and_page_say_which_names_of_several_words(places_db: Path) -> None:
    with TestClient(create_app(places_db), raise_server_exceptions=False) as web:
        body = web.get("/api/search", params={"q": "یو اے ای، لاہور"}).json()
        assert body["variants"] == {"یو اے ای": ["متحدہ عرب امارات"]}
        assert {h["id"] for h in body["hits"]} == {"b3", "b4", "b7"}
        page = web.get("/", params={"q": "یو اے ای"}).text
        assert 'class="variants"' in page
        assert "متحدہ عرب امارات" in page
        assert "<mark>متحدہ عرب امارات</mark>" in web.get("/articles/b3?q=یو اے ای").text
