"""Name resolution, ambiguity and the search filter (akhbar/entities/explore.py)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from akhbar.article import Article
from akhbar.cli import app
from akhbar.entities.explore import (
    AmbiguousEntity,
    UnknownEntity,
    entity_article_filter,
    entity_details,
    latin_matches,
    latin_pattern,
    mention_context,
    resolve,
    resolve_one,
    top_entities,
)
from akhbar.entities.gazetteer import name_key
from akhbar.entities.link import Mention
from akhbar.entities.ner import Entity
from akhbar.store import Store, StoreItem
from tests.helpers import store_of_names

runner = CliRunner()

# Three articles: two different Sharifs (full names), Lavrov twice, Russia once.
ARTICLES = [
    ["شہباز شریف", "سرگئی لاوروف", "روس"],
    ["نواز شریف", "لاؤروف"],
    ["شہباز شریف"],
]
TYPES = {"روس": "LOCATION"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("explore") / "x.db"
    items = []
    for n, names in enumerate(ARTICLES):
        text, mentions = "", []
        for name in names:
            text += " و " if text else ""
            start = len(text)
            text += name
            kind = TYPES.get(name, "PERSON")
            mentions.append(Mention(0, 0, start, len(text), name, kind, None, name_key(name)))
        art = Article(id=f"a{n}", paragraphs=(text,), sentences=((0, 0, len(text)),))
        items.append(StoreItem(article=art, content_hash=f"h{n}", mentions=tuple(mentions)))
    with Store.open(path) as store:
        run = store.begin_run([], {})
        store.add_batch(run, items)
        store.end_run(run)
    return path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("لاوروف", "سرگئی لاوروف", id="surname"),
        pytest.param("لاؤروف", "سرگئی لاوروف", id="surname-other-spelling"),
        pytest.param("  سرگئی   لاوروف ", "سرگئی لاوروف", id="full-name-extra-spaces"),
        pytest.param("LAVROV", "سرگئی لاوروف", id="english-spelling-upper-case"),
        pytest.param("russia", "روس", id="english-gazetteer-name"),
        pytest.param("q159", "روس", id="wikidata-id"),
        pytest.param("شهباز شريف", "شہباز شریف", id="arabic-keyboard"),
        pytest.param("Shahbaz Sharif", "شہباز شریف", id="english-full-name"),
        pytest.param("وزیر اعظم شہباز شریف", "شہباز شریف", id="title-before-full-name"),
        pytest.param("وزیر خارجہ لاؤروف", "سرگئی لاوروف", id="title-before-surname"),
        pytest.param("وزیرِ خارجہ سرگئی لاوروف", "سرگئی لاوروف", id="title-with-izafat"),
        pytest.param("وزیراعظم پاکستان شہباز شریف", "شہباز شریف", id="title-and-its-place"),
    ],
)
def test_resolve(db: Path, name: str, expected: str) -> None:
    with Store.open(db, readonly=True) as store:
        assert resolve_one(store.connection, name).name == expected


def test_ambiguous_surname_lists_both(db: Path) -> None:
    with Store.open(db, readonly=True) as store, pytest.raises(AmbiguousEntity) as exc:
        resolve_one(store.connection, "شریف")
    names = [c.name for c in exc.value.candidates]
    assert names == ["شہباز شریف", "نواز شریف"]  # most mentioned first
    assert "2 entities" in exc.value.message
    result = runner.invoke(app, ["entity", "شریف", "--db", str(db)])
    assert result.exit_code == 1
    assert "ambiguous" in result.output
    assert "نواز شریف" in result.output


def test_entity_id_resolves_an_ambiguous_name(db: Path) -> None:
    """``#ID`` picks one of the entities an ambiguous surname may mean (the web page links it)."""
    with Store.open(db, readonly=True) as store:
        conn = store.connection
        nawaz = next(c for c in resolve(conn, "شریف") if c.name == "نواز شریف")
        assert resolve_one(conn, f"#{nawaz.id}") == nawaz
        assert resolve(conn, "#999999") == []
        assert resolve(conn, "#") == resolve(conn, "#1 OR 1") == []


def test_unknown_names(db: Path) -> None:
    with Store.open(db, readonly=True) as store:
        for name in ("", "زرداری", "Zardari", "Q1", "صدر", "صدر زرداری"):
            assert resolve(store.connection, name) == []
        with pytest.raises(UnknownEntity):
            resolve_one(store.connection, "Zardari")
        with pytest.raises(LookupError, match="no entity named"):
            entity_article_filter("زرداری", store.connection)


def test_entity_article_filter_selects_the_articles(db: Path) -> None:
    with Store.open(db, readonly=True) as store:
        cond, params = entity_article_filter("Lavrov", store.connection)
        ids = [
            r[0]
            for r in store.connection.execute(
                f"SELECT id FROM articles WHERE {cond} ORDER BY seq", params
            )
        ]
        assert ids == ["a0", "a1"]
        cond, params = entity_article_filter("شہباز شریف", store.connection)
        ids = [
            r[0] for r in store.connection.execute(f"SELECT id FROM articles WHERE {cond}", params)
        ]
        assert sorted(ids) == ["a0", "a2"]


def test_details_and_top(db: Path) -> None:
    with Store.open(db, readonly=True) as store:
        conn = store.connection
        top = top_entities(conn, top=2)
        # A tie in mentions goes to the entity seen first.
        assert [(t["name"], t["mentions"], t["articles"]) for t in top] == [
            ("شہباز شریف", 2, 2),
            ("سرگئی لاوروف", 2, 2),
        ]
        assert [t["name"] for t in top_entities(conn, type="location")] == ["روس"]
        d = entity_details(conn, resolve_one(conn, "لاوروف").id)
    assert d["variants"] == [
        {"text": "سرگئی لاوروف", "mentions": 1},
        {"text": "لاؤروف", "mentions": 1},
    ]
    assert d["months"] == [{"month": "undated", "mentions": 2}]
    assert {c["name"] for c in d["cooccurring"]} == {"شہباز شریف", "روس", "نواز شریف"}
    assert [a["id"] for a in d["latest"]] == ["a1", "a0"]  # undated: newest stored first
    # Each with the sentence of its first mention of the entity, the mention marked in it.
    contexts = [a["context"] for a in d["latest"]]
    assert [c["text"] for c in contexts] == [
        "نواز شریف و لاؤروف",
        "شہباز شریف و سرگئی لاوروف و روس",
    ]
    assert [c["text"][c["start"] : c["end"]] for c in contexts] == ["لاؤروف", "سرگئی لاوروف"]


def test_variants_unicode_holds_the_same_are_one(tmp_path: Path) -> None:
    # آ (U+0622) and ا + madda (U+0627 U+0653) are one letter, drawn alike: the entity page
    # listed "پی ٹی آئی 3 · پی ٹی آئی 2" as two spellings.
    composed, decomposed = "پی ٹی \u0622ئی", "پی ٹی \u0627\u0653ئی"
    items = []
    for n, name in enumerate([composed, decomposed, decomposed, "تحریک انصاف"]):
        text = f"{name} نے کہا"
        mention = Mention(0, 0, 0, len(name), name, "ORGANIZATION", None, name_key(composed))
        art = Article(id=f"v{n}", paragraphs=(text,), sentences=((0, 0, len(text)),))
        items.append(StoreItem(article=art, content_hash=f"v{n}", mentions=(mention,)))
    path = tmp_path / "v.db"
    with Store.open(path) as store:
        run = store.begin_run([], {})
        store.add_batch(run, items)
        store.end_run(run)
    with Store.open(path, readonly=True) as store:
        conn = store.connection
        (entity,) = {
            r[0]
            for r in conn.execute("SELECT entity FROM mentions WHERE text <> ?", ("تحریک انصاف",))
        }
        d = entity_details(conn, entity)
    spellings = [v["text"] for v in d["variants"]]
    assert spellings.count(composed) == 1
    assert decomposed not in spellings
    assert sum(v["mentions"] for v in d["variants"]) == d["mentions"]
    assert {v["text"]: v["mentions"] for v in d["variants"]}[composed] == 3


@given(
    words=st.lists(st.sampled_from(["روس", "ایران", "اور", "نے", "<b>", "x" * 30]), min_size=1),
    data=st.data(),
    limit=st.integers(min_value=1, max_value=200),
)
def test_mention_context_keeps_the_mention_and_its_length(
    words: list[str], data: st.DataObject, limit: int
) -> None:
    text = " ".join(words)
    i = data.draw(st.integers(min_value=0, max_value=len(words) - 1))
    start = len(" ".join(words[:i])) + (1 if i else 0)
    end = start + len(words[i])
    shown, s, e = mention_context(text, start, end, limit)
    assert shown[s:e] == text[start:end]
    assert len(shown) <= max(limit, end - start) + len("… ") + len(" …")
    assert shown.replace("… ", "").replace(" …", "") in text


def test_cli_entity_prints_the_context_of_the_latest_articles(db: Path) -> None:
    result = runner.invoke(app, ["entity", "لاوروف", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "نواز شریف و لاؤروف" in result.output


@pytest.mark.parametrize(
    ("urdu", "latin", "matches"),
    [
        pytest.param("روحانی", "rouhani", True, id="rouhani"),
        pytest.param("ظریف", "zarif", True, id="zarif"),
        pytest.param("پیوٹن", "putin", True, id="putin"),
        pytest.param("ماسکو", "moscow", True, id="moscow"),
        pytest.param("ٹرمپ", "trump", True, id="trump"),
        pytest.param("ٹرمپ", "tramp", True, id="short-vowels-are-free"),
        pytest.param("لاوروف", "lavrovi", False, id="a-final-vowel-is-written"),
        pytest.param("کرشن", "krishna", True, id="but-a-final-a-may-be-unwritten"),
        pytest.param("جام", "jammu", False, id="jammu-is-not-jam"),
        pytest.param("ریحانہ", "rouhani", False, id="rouhani-is-not-rehana"),
        pytest.param("ریحانہ", "rehana", True, id="final-heh-is-a"),
        pytest.param("جارج", "george", True, id="a-silent-final-e"),
        pytest.param("موسیٰ", "musa", True, id="alef-maqsura-is-a"),
        pytest.param("یحییٰ خان", "yahya khan", True, id="alef-maqsura-before-a-word"),
        pytest.param("سرگئی لاوروف", "sergei lavrov", True, id="two-words"),
        pytest.param("ٹرمپ", "biden", False, id="other-name"),
        pytest.param("روس", "rouhani", False, id="too-short"),
        pytest.param("روس", "years", False, id="no-vowel-before-a-first-consonant"),
        pytest.param("لیل", "all", False, id="a-first-vowel-is-written"),
        pytest.param("ایران", "iran", True, id="a-first-vowel-letter"),
        pytest.param("اسٹونیا", "estonia", True, id="a-prothetic-alef-the-key-drops"),
        pytest.param("یوکرین", "ukraine", True, id="a-first-yeh-may-be-silent"),
        pytest.param("ہینل ویل", "hennel all", False, id="a-first-waw-is-not-silent"),
        pytest.param("فرانس", "france", True, id="a-c-before-e-i-y-may-be-seen"),
        pytest.param("سورت", "court", False, id="a-c-before-o-is-no-seen"),
        pytest.param("کورٹ", "court", True, id="but-a-keheh"),
        pytest.param("گریس", "grace", True, id="a-soft-c-before-a-final-e"),
    ],
)
def test_latin_pattern(urdu: str, latin: str, matches: bool) -> None:
    assert bool(re.fullmatch(latin_pattern(name_key(urdu)), latin)) is matches
    assert latin_matches(name_key(urdu), latin) is matches


_KEY_LETTERS = "ابپتٹجچحخدڈرزسشعغفقکگلمنوہیے"


@settings(max_examples=400, deadline=None)
@given(
    key=st.lists(st.text(alphabet=_KEY_LETTERS, min_size=1, max_size=6), min_size=1, max_size=3),
    latin=st.text(alphabet="abcdehiklmnorstuvyz '-", max_size=14),
)
def test_latin_matches_is_the_pattern_language(key: list[str], latin: str) -> None:
    """The position walk accepts exactly what the regex accepts (the regex is the spec)."""
    joined = " ".join(key)
    assert latin_matches(joined, latin) is bool(re.fullmatch(latin_pattern(joined), latin))


def test_latin_matches_finds_spellings_the_walk_must_reach() -> None:
    """Spellings built from the table itself (a letter's second spelling, vowels between)."""
    assert latin_matches(name_key("شریف"), "shareef")
    assert latin_matches(name_key("نواز شریف"), "nawaz-sharif")
    assert not latin_matches(name_key("نواز شریف"), "nawaz")


def test_cli_tables_print_names_as_text_not_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Names come from article text: "[/bold]" in one is text to show, not a Rich style tag
    # (it made `akhbar entities` and `akhbar ner` crash with a MarkupError).
    name = "عمران [/bold] [red]خان"
    path = tmp_path / "m.db"
    mention = Mention(0, 0, 0, len(name), name, "PERSON", None, name_key(name))
    art = Article(id="m0", paragraphs=(name,), sentences=((0, 0, len(name)),))
    with Store.open(path) as store:
        run = store.begin_run([], {})
        store.add_batch(run, [StoreItem(article=art, content_hash="m0", mentions=(mention,))])
        store.end_run(run)
    result = runner.invoke(app, ["entities", "--db", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert name in result.stdout

    import akhbar.entities

    found = [Entity(0, len(name), name, "PERSON", "[/i]")]
    monkeypatch.setattr(akhbar.entities, "recognize", lambda text: found)
    result = runner.invoke(app, ["ner", "-"], input=name, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert name in result.stdout
    assert "[/i]" in result.stdout


def test_cli_entities_type_in_any_case(db: Path) -> None:
    for value in ("person", "Person", "PERSON"):
        result = runner.invoke(app, ["entities", "--db", str(db), "--type", value, "--json"])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert rows
        assert {r["type"] for r in rows} == {"PERSON"}
    result = runner.invoke(app, ["entities", "--db", str(db), "--type", "nosuch"])
    assert result.exit_code == 2


def test_a_name_stored_in_latin_letters_is_found_by_it(tmp_path: Path) -> None:
    # News writes some names in Latin letters; the English-spelling match of Urdu names
    # (realme ~ ایئرلائن) used to answer instead, and the entity itself was never found.
    path = tmp_path / "latin.db"
    names = [("Realme", "ORGANIZATION"), ("سعودی ایئرلائن", "ORGANIZATION")]
    text, mentions = "", []
    for name, kind in names:
        text += " و " if text else ""
        start = len(text)
        text += name
        mentions.append(Mention(0, 0, start, len(text), name, kind, None, name_key(name)))
    art = Article(id="l0", paragraphs=(text,), sentences=((0, 0, len(text)),))
    with Store.open(path) as store:
        run = store.begin_run([], {})
        store.add_batch(run, [StoreItem(article=art, content_hash="l0", mentions=tuple(mentions))])
        store.end_run(run)
    with Store.open(path, readonly=True) as store:
        for query in ("Realme", "REALME", " realme "):
            assert resolve_one(store.connection, query).name == "Realme"
        assert resolve_one(store.connection, "ایئرلائن").name == "سعودی ایئرلائن"


def test_an_english_spelling_of_a_whole_name_beats_its_last_words(tmp_path: Path) -> None:
    # "Imran Khan" was ambiguous with a recognizer's run-on name that ends in it; the run-on
    # still answers a search that only its last words spell (nothing spells whole).
    names = ["عمران خان", "پرویز الٰہی عمران خان", "سرگئی لاوروف"]
    path = store_of_names(tmp_path / "tail.db", names, prefix="t")
    with Store.open(path, readonly=True) as store:
        assert resolve_one(store.connection, "Imran Khan").name == "عمران خان"
        assert resolve_one(store.connection, "Lavrov").name == "سرگئی لاوروف"
        assert [c.name for c in resolve(store.connection, "Parvez Elahi Imran Khan")] == [
            "پرویز الٰہی عمران خان"
        ]


def test_last_words_of_an_english_name_find_the_entity(tmp_path: Path) -> None:
    # "Security Council" for the United Nations Security Council (two words or more: one word
    # such as "Council" would name half the listed bodies).
    path = tmp_path / "org.db"
    text = "سلامتی کونسل و آئی ایم ایف"
    names = ["سلامتی کونسل", "آئی ایم ایف"]
    mentions = []
    for name in names:
        start = text.index(name)
        mentions.append(
            Mention(0, 0, start, start + len(name), name, "ORGANIZATION", None, name_key(name))
        )
    art = Article(id="o0", paragraphs=(text,), sentences=((0, 0, len(text)),))
    with Store.open(path) as store:
        run = store.begin_run([], {})
        store.add_batch(run, [StoreItem(article=art, content_hash="o0", mentions=tuple(mentions))])
        store.end_run(run)
    with Store.open(path, readonly=True) as store:
        conn = store.connection
        english = {c.name: c.english for c in resolve(conn, "سلامتی کونسل")}
        assert english["سلامتی کونسل"].lower().endswith(" security council")
        for query in ("Security Council", "security  COUNCIL", english["سلامتی کونسل"]):
            assert resolve_one(conn, query).name == "سلامتی کونسل"


def test_unknown_name_in_a_store_without_entities_says_why(tmp_path: Path) -> None:
    path = tmp_path / "bare.db"
    art = Article(id="b0", paragraphs=("روس نے کہا۔",), sentences=((0, 0, 11),))
    with Store.open(path) as store:  # as `akhbar ingest --no-entities` leaves it
        run = store.begin_run([], {})
        store.add_batch(run, [StoreItem(article=art, content_hash="b0")])
        store.end_run(run)
    result = runner.invoke(app, ["entity", "روس", "--db", str(path)])
    assert result.exit_code == 1
    assert "akhbar annotate" in result.stderr
    with Store.open(path, readonly=True) as store, pytest.raises(UnknownEntity, match="annotate"):
        entity_article_filter("Russia", store.connection)


def test_an_overlong_english_name_is_not_spelled_out(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The English-spelling match costs the square of the name's length for each stored name:
    # `akhbar entity` (or entity: in a web search) with 2,000 letters ran for minutes.
    from akhbar.entities import explore

    calls = [0]
    match = explore.LatinMatcher.matches

    def counted(self: explore.LatinMatcher, key: str, *, tail: bool = False) -> bool:
        calls[0] += 1
        return match(self, key, tail=tail)

    monkeypatch.setattr(explore.LatinMatcher, "matches", counted)
    with Store.open(db, readonly=True) as store:
        assert resolve_one(store.connection, "Lavrov").name == "سرگئی لاوروف"
        assert calls[0] > 0
        calls[0] = 0
        assert resolve(store.connection, "a" * 2000) == []
        assert resolve(store.connection, "Lavrov " * 100) == []
    assert calls[0] == 0


def _reference_latin_matches(key: str, text: str) -> bool:
    """Written from the documented semantics alone (romanize.tsv's header, latin_pattern's
    docstring): the words of the key in order, separated by any run of space, apostrophe or
    hyphen; in a word, each letter with a spelling in the table written as one of its
    spellings (a word's last ی also as ``a``, its last ا, ی, و or ہ not silent, its last ا
    no i, o, u, its first letter not silent unless ی or silence is its only spelling), any run
    of a e i o u y between them, and before the first only when the word starts with س and
    ٹ, ک or پ (a prothetic alef the key drops), and after the word's last letter only a run
    of ``a`` and ``e`` (Urdu writes a final vowel); letters without a spelling ignored.  A
    plain search over (word, letter, position)."""
    from functools import cache

    from akhbar.entities.explore import _romanize_alternatives

    table = _romanize_alternatives()
    words = [[ch for ch in w if ch in table] for w in key.split(" ")]
    prothetic = [w[:1] == "س" and w[1:2] in ("ٹ", "ک", "پ") for w in key.split(" ")]

    @cache
    def at(w: int, i: int, j: int) -> bool:
        # before letter i of word w, at text position j: vowels may come first (after the
        # word's last letter, only a and e)
        done = i == len(words[w])
        between = "ae" if done and i else "aeiouy"
        if i == 0 and not prothetic[w]:
            between = ""
        if j < len(text) and text[j] in between and at(w, i, j + 1):
            return True
        if done:  # word done: the next word after separators, or the end
            if w + 1 == len(words):
                return j == len(text)
            return sep(w + 1, j)
        spellings = table[words[w][i]]
        if i == len(words[w]) - 1:  # a last ی is also a; a last ا is no i, o, u; a last
            # vowel letter is never silent
            if words[w][i] == "ی":
                spellings = (*spellings, "a")
            if words[w][i] == "ا":
                spellings = tuple(a for a in spellings if a not in ("i", "o", "u"))
            if words[w][i] in "یاوہ":
                spellings = tuple(a for a in spellings if a)
        if i == 0 and words[w][i] != "ی" and any(spellings):
            spellings = tuple(a for a in spellings if a)
        return any(takes(a, j) and at(w, i + 1, j + len(a.split("[")[0])) for a in spellings)

    def takes(spelling: str, j: int) -> bool:
        # the spelling's letters at j, and the letters that must follow them (c[eiy])
        base, _, after = spelling.partition("[")
        end = j + len(base)
        return text.startswith(base, j) and (not after or (end < len(text) and text[end] in after))

    @cache
    def sep(w: int, j: int) -> bool:
        if j < len(text) and text[j] in " '-" and sep(w, j + 1):
            return True
        return at(w, 0, j)

    return at(0, 0, 0)


@st.composite
def _key_and_spelling(draw: st.DrawFn) -> tuple[str, str]:
    """A key and a Latin text built from its letters' spellings, vowels and separators, with a
    few random edits: most texts match or nearly match (random texts almost never do)."""
    from akhbar.entities.explore import _romanize_alternatives

    table = _romanize_alternatives()
    letters = sorted(table)
    key = draw(
        st.lists(
            st.lists(st.sampled_from([*letters, "ۓ"]), min_size=1, max_size=6).map("".join),
            min_size=1,
            max_size=3,
        )
    )
    out = []
    for n, word in enumerate(key):
        if n:
            out.append(draw(st.text(alphabet=" '-", max_size=2)))
        out.append(draw(st.text(alphabet="aeiouy", max_size=3)))
        letters = [ch for ch in word if ch in table]
        for i, ch in enumerate(letters):
            last = i == len(letters) - 1
            spellings = (*table[ch], "a") if last and ch == "ی" else table[ch]
            spelling = draw(st.sampled_from(spellings))  # (a last ا's i, o, u: edits)
            base, _, after = spelling.partition("[")
            out.append(base + (draw(st.sampled_from(after[:-1])) if after else ""))
            # mostly what may follow (after the last letter an e), now and then any vowel
            after = "ae" if last and draw(st.integers(0, 3)) else "aeiouy"
            out.append(draw(st.text(alphabet=after, max_size=3)))
    text = list("".join(out))
    for _ in range(draw(st.integers(0, 2))):  # a few edits
        if text and draw(st.booleans()):
            del text[draw(st.integers(0, len(text) - 1))]
        else:
            text.insert(draw(st.integers(0, len(text))), draw(st.sampled_from("aehknrs -")))
    return " ".join(key), "".join(text)


@settings(max_examples=1500, deadline=None)
@given(_key_and_spelling())
def test_latin_matcher_agrees_with_the_references(case: tuple[str, str]) -> None:
    from akhbar.entities.explore import LatinMatcher

    key, text = case
    expected = _reference_latin_matches(key, text)
    assert bool(re.fullmatch(latin_pattern(key), text)) is expected
    assert LatinMatcher(text).matches(key) is expected
    assert latin_matches(key, text) is expected


@settings(max_examples=1000, deadline=None)
@given(_key_and_spelling())
def test_align_spelling_reads_what_the_matcher_accepts(case: tuple[str, str]) -> None:
    # The cheapest reading of a Latin text as a name key (the search's reading of Latin
    # words) exists exactly where the matcher says the text spells the key; its steps use up
    # the text's letters (separators stand between words only) and their costs add up.
    from akhbar.entities.explore import (
        UNSEEN_COST,
        LatinMatcher,
        _romanize_alternatives,
        align_spelling,
        romanize_costs,
    )

    key, text = case
    cost, steps = align_spelling(key, text)
    assert (cost < math.inf) is LatinMatcher(text).matches(key)
    if cost < math.inf:
        costs, vowel = romanize_costs()
        spelled = sum(len(s.partition("[")[0]) for ch, s in steps if ch)
        vowels = sum(1 for ch, _ in steps if not ch)
        assert spelled + vowels == len(text) - sum(text.count(c) for c in " '-")
        table = _romanize_alternatives()
        assert [ch for ch, _ in steps if ch] == [c for c in key if c in table]
        total = sum(costs.get(step, UNSEEN_COST) if step[0] else vowel for step in steps)
        assert cost == pytest.approx(total)


@settings(max_examples=800, deadline=None)
@given(_key_and_spelling(), st.lists(st.sampled_from(["لاوروف", "ع", "سرگئی", "ء"]), max_size=2))
def test_latin_matcher_tail_is_any_suffix_of_words(
    case: tuple[str, str], before: list[str]
) -> None:
    from akhbar.entities.explore import LatinMatcher

    key, text = case
    key = " ".join([*before, key])
    words = key.split(" ")
    expected = any(_reference_latin_matches(" ".join(words[i:]), text) for i in range(len(words)))
    assert LatinMatcher(text).matches(key, tail=True) is expected


def test_an_english_name_the_gazetteer_knows_is_not_guessed(tmp_path: Path) -> None:
    # `akhbar entity Jammu` on an archive that never names Jammu answered the person نکی جام
    # (the English-spelling guess); the gazetteer spells Jammu جموں, and only that is looked up.
    path = store_of_names(tmp_path / "jammu.db", ["نکی جام"], prefix="j")
    with Store.open(path, readonly=True) as store:
        assert resolve(store.connection, "Jammu") == []
        with pytest.raises(UnknownEntity, match="never names جموں"):
            resolve_one(store.connection, "jammu")
    path = store_of_names(tmp_path / "jammu2.db", ["نکی جام", "جموں"], prefix="k")
    with Store.open(path, readonly=True) as store:
        assert [c.name for c in resolve(store.connection, "Jammu")] == ["جموں"]


def test_a_final_vowel_is_written(tmp_path: Path) -> None:
    # Urdu writes the vowel a word ends with: "Rouhani" is روحانی (here only the surname of
    # حسن روحانی), never ریحانہ (Rehana), which it matched whole and so answered alone.
    path = store_of_names(tmp_path / "rouhani.db", ["ریحانہ", "حسن روحانی"], prefix="r")
    with Store.open(path, readonly=True) as store:
        assert resolve_one(store.connection, "Rouhani").name == "حسن روحانی"
        assert resolve_one(store.connection, "Rehana").name == "ریحانہ"


def test_a_name_typed_without_bari_ye_is_found(tmp_path: Path) -> None:
    # An Arabic keyboard has no ے: زمبابوے is typed زمبابوي; کراچی stays کراچی.
    path = store_of_names(tmp_path / "zim.db", ["زمبابوے", "کراچی"], prefix="z")
    with Store.open(path, readonly=True) as store:
        assert resolve_one(store.connection, "زمبابوي").name == "زمبابوے"
        assert resolve_one(store.connection, "كراچي").name == "کراچی"


def test_an_acronym_typed_without_some_urdu_letters_is_the_one_meant(tmp_path: Path) -> None:
    # No ے key: اے (A) is typed اي (E); no پ key: پی (P) is typed بي (B).  The acronym is the
    # one the news writes, as a search reads it: PIA, PCB, not the letters typed.
    names = ["پی آئی اے", "پی سی بی", "بی سی بی"]
    path = store_of_names(tmp_path / "keyboard.db", names, prefix="k")
    with Store.open(path, readonly=True) as store:
        assert resolve_one(store.connection, "پي آئي اي").name == "پی آئی اے"
        assert resolve_one(store.connection, "بي سي بي").name == "پی سی بی"
        # typed on an Urdu keyboard, the letters are what they say
        assert resolve_one(store.connection, "بی سی بی").name == "بی سی بی"
        assert resolve(store.connection, "پی آئی ای") == []


def test_an_acronym_is_found_by_its_letters_names(tmp_path: Path) -> None:
    path = store_of_names(tmp_path / "acronym.db", ["پی ٹی آئی", "ایم کیو ایم"], prefix="a")
    with Store.open(path, readonly=True) as store:
        assert resolve_one(store.connection, "PTI").name == "پی ٹی آئی"
        assert resolve_one(store.connection, " MQM ").name == "ایم کیو ایم"
        assert resolve_one(store.connection, "pti").name == "پی ٹی آئی"
        assert resolve(store.connection, "XYZ") == []


def test_an_english_function_word_is_no_name(tmp_path: Path) -> None:
    # The English-spelling guess read `the` as Doha (th + e: د…ہ) and `this` as Bangladesh;
    # `akhbar entity the` or `entity:the` answered with them.  A capitalised word may be a name
    # (Said: سعید) and is still spelled; an acronym step comes first (`who`: WHO).
    path = store_of_names(
        tmp_path / "words.db", ["دوحہ", "بنگلہ دیش", "صنم سعید", "عالمی ادارہ صحت"], prefix="w"
    )
    with Store.open(path, readonly=True) as store:
        conn = store.connection
        for word in ("the", "this", "said", "and the", "  the "):
            assert resolve(conn, word) == [], word
        assert [c.name for c in resolve(conn, "Doha")] == ["دوحہ"]
        assert [c.name for c in resolve(conn, "Said")] == ["صنم سعید"]


def test_an_english_spelling_prefers_a_name_of_as_many_words(tmp_path: Path) -> None:
    # `asim` also spells the two letters `ایس ایم` run together: a name of two words typed
    # means the entity with a name of two words it spells, not a three-word one
    path = store_of_names(tmp_path / "munir.db", ["ایس ایم منیر", "عاصم منیر"], prefix="m")
    with Store.open(path, readonly=True) as store:
        assert [c.name for c in resolve(store.connection, "Asim Munir")] == ["عاصم منیر"]
    # with no such name, the one it spells whole in other words is still found
    path = store_of_names(tmp_path / "sm.db", ["ایس ایم منیر"], prefix="s")
    with Store.open(path, readonly=True) as store:
        assert [c.name for c in resolve(store.connection, "Asim Munir")] == ["ایس ایم منیر"]


def test_an_acronym_in_capitals_is_no_english_spelling(tmp_path: Path) -> None:
    # CDA (an acronym no step knows) was spelled like چاڈ, Chad; Chad still is
    path = store_of_names(tmp_path / "chad.db", ["چاڈ"], prefix="c")
    with Store.open(path, readonly=True) as store:
        assert resolve(store.connection, "CDA") == []
        assert [c.name for c in resolve(store.connection, "Chad")] == ["چاڈ"]


def test_a_first_name_alone_finds_its_persons(tmp_path: Path) -> None:
    # "عمران" was no entity: a first name alone was never looked up.  One person of it is
    # the one meant; several are candidates, most mentioned first, with their counts (the
    # CLI, the web's entity search and the API alike); never one of them silently.
    from akhbar.web.service import Service

    names = ["عمران خان"] * 3 + ["عمران اسماعیل", "شہباز شریف", "محمد نواز شریف", "سرگئی لاوروف"]
    path = store_of_names(tmp_path / "first.db", names, prefix="f")
    with Store.open(path, readonly=True) as store:
        conn = store.connection
        assert resolve_one(conn, "شہباز").name == "شہباز شریف"
        assert resolve_one(conn, "سرگئی").name == "سرگئی لاوروف"
        assert resolve_one(conn, "نواز").name == "محمد نواز شریف"  # a middle name
        with pytest.raises(AmbiguousEntity) as exc:
            resolve_one(conn, "عمران")
        assert [(c.name, c.mentions) for c in exc.value.candidates] == [
            ("عمران خان", 3),
            ("عمران اسماعیل", 1),
        ]
        assert resolve(conn, "عمر") == resolve(conn, "خانن") == []  # whole words only
    result = runner.invoke(app, ["entity", "عمران", "--db", str(path)])
    assert result.exit_code == 1
    assert "ambiguous" in result.output
    assert re.search(r"عمران خان\s.*\b3\b", result.output)
    assert "عمران اسماعیل" in result.output
    result = runner.invoke(app, ["entity", "شہباز", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("شہباز شریف")
    with Service(path) as service:
        listed = service.entities(q="عمران")["entities"]
    assert [(e["name"], e["mentions"]) for e in listed] == [("عمران خان", 3), ("عمران اسماعیل", 1)]


def test_an_entitys_months_are_its_articles_months_as_published(tmp_path: Path) -> None:
    # 30 April 23:00 at -05:00 is May in UTC: the timeline counted it in May, while the
    # article shows 30 April and the month's bar links to a search (date:2021-04) finding it.
    from datetime import datetime, timedelta, timezone

    path = tmp_path / "months.db"
    zone = timezone(timedelta(hours=-5))
    items = []
    for n, when in enumerate((datetime(2021, 4, 30, 23, tzinfo=zone), None)):
        name = "سرگئی لاوروف"
        mention = Mention(0, 0, 0, len(name), name, "PERSON", None, name_key(name))
        art = Article(
            id=f"m{n}", paragraphs=(name,), sentences=((0, 0, len(name)),), published=when
        )
        items.append(StoreItem(article=art, content_hash=f"m{n}", mentions=(mention,)))
    with Store.open(path) as store:
        run = store.begin_run([], {})
        store.add_batch(run, items)
        store.end_run(run)
    with Store.open(path, readonly=True) as store:
        entity = resolve_one(store.connection, "لاوروف")
        months = entity_details(store.connection, entity.id)["months"]
    assert months == [{"month": "2021-04", "mentions": 1}, {"month": "undated", "mentions": 1}]


def test_a_bare_first_name_offers_the_far_more_mentioned_persons_it_begins(
    tmp_path: Path,
) -> None:
    # "عمران" answered a person known by that name alone (an exact alias, 2 mentions), or a
    # namesake it is the surname of, while عمران خان (9) was never offered: the first-name
    # step ran only when nothing else was found.  Now a choice, the exact one among it, in
    # the CLI, the lookup, the entity: filter and the web's entity search alike; full names,
    # a surname of one person and an English full name still answer directly.
    from akhbar.entities.explore import FIRST_NAME_RATIO, filter_value, resolve_named
    from akhbar.web.service import Service

    names = ["عمران خان"] * 9 + ["عمران"] * 2 + ["عمران اسماعیل", "سرگئی لاوروف", "لاوروف"]
    path = store_of_names(tmp_path / "bare.db", names, prefix="b")
    with Store.open(path, readonly=True) as store:
        conn = store.connection
        for typed in ("عمران", "Imran"):
            with pytest.raises(AmbiguousEntity) as exc:
                resolve_one(conn, typed)
            assert [(c.name, c.mentions) for c in exc.value.candidates] == [
                ("عمران خان", 9),
                ("عمران", 2),
                ("عمران اسماعیل", 1),
            ]
            assert exc.value.total == 3
            assert "'عمران خان'" in exc.value.hint  # how to narrow: the fuller name
            with pytest.raises(AmbiguousEntity):
                resolve_named(conn, typed)  # the entity: filter
        for typed, meant in [
            ("عمران خان", "عمران خان"),
            ("Imran Khan", "عمران خان"),
            ("لاوروف", "سرگئی لاوروف"),
            ("Lavrov", "سرگئی لاوروف"),
        ]:
            assert resolve_one(conn, typed).name == meant
        # the exact person is still reachable, by an entity: value that selects it alone
        (imran,) = [c for c in resolve(conn, "عمران") if c.name == "عمران"]
        assert filter_value(conn, imran) == f"#{imran.id}"
        assert resolve_named(conn, filter_value(conn, imran)) == [imran]
        khan = resolve_one(conn, "عمران خان")
        assert filter_value(conn, khan) == "عمران خان"
    result = runner.invoke(app, ["search", "entity:عمران", "--db", str(path)])
    assert result.exit_code != 0
    assert "عمران خان" in result.output
    result = runner.invoke(app, ["entity", "عمران", "--db", str(path)])
    assert result.exit_code == 1
    assert re.search(r"عمران خان\s+9", result.output)
    with Service(path) as service:
        listed = service.entities(q="عمران")["entities"]
    assert [e["name"] for e in listed] == ["عمران خان", "عمران", "عمران اسماعیل"]

    # A namesake it is the surname of, the same; a namesake mentioned about as often as the
    # fuller names (under FIRST_NAME_RATIO times fewer) is still the one meant.
    names = ["عمران خان"] * FIRST_NAME_RATIO + ["محمد عمران"]
    path = store_of_names(tmp_path / "surname.db", names, prefix="s")
    with Store.open(path, readonly=True) as store, pytest.raises(AmbiguousEntity) as exc:
        resolve_one(store.connection, "عمران")
    assert [c.name for c in exc.value.candidates] == ["عمران خان", "محمد عمران"]
    names = ["عمران خان"] * (FIRST_NAME_RATIO - 1) + ["عمران"]
    path = store_of_names(tmp_path / "close.db", names, prefix="c")
    with Store.open(path, readonly=True) as store:
        assert resolve_one(store.connection, "عمران").name == "عمران"


def test_an_ambiguous_name_shows_the_most_mentioned_and_how_many_more(tmp_path: Path) -> None:
    # The message listed 10 of at most 50 candidates and said "(and 40 more)" for 60; the CLI
    # printed all 50.  Now the 10 most mentioned with counts, the true count of the rest, and
    # how to narrow; the JSON keeps the bounded list and the total.
    from akhbar.entities.explore import NAME_PART_CANDIDATES, SHOWN_CANDIDATES

    count = NAME_PART_CANDIDATES + 10
    letters = "بپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہی"
    surnames = [a + b + "ی" for a in letters for b in letters][:count]
    names = []
    for i, surname in enumerate(surnames):
        names += [f"نادر {surname}"] * (3 if i < 5 else 1)
    path = store_of_names(tmp_path / "many.db", names, prefix="m")
    with Store.open(path, readonly=True) as store, pytest.raises(AmbiguousEntity) as exc:
        resolve_one(store.connection, "نادر")
    assert exc.value.total == count
    assert len(exc.value.candidates) == NAME_PART_CANDIDATES
    assert [c.mentions for c in exc.value.candidates[:5]] == [3] * 5
    assert f"and {count - SHOWN_CANDIDATES} more" in exc.value.message
    assert exc.value.message.count("×") == SHOWN_CANDIDATES
    result = runner.invoke(app, ["entity", "نادر", "--db", str(path)])
    assert result.exit_code == 1
    shown = [line for line in result.output.splitlines() if "\tPERSON\t" in line]
    assert len(shown) == SHOWN_CANDIDATES
    assert f"{count - SHOWN_CANDIDATES} more" in result.output
    assert "fuller name" in result.output
    result = runner.invoke(app, ["entity", "نادر", "--db", str(path), "--json"])
    found = json.loads(result.stdout)
    assert found["total"] == count
    assert len(found["candidates"]) == NAME_PART_CANDIDATES


def test_cli_entity_lists_as_many_latest_articles_as_asked(tmp_path: Path) -> None:
    # Following a person over time, the CLI showed the 10 latest articles and no more (the
    # web page 20); --latest asks for more, newest first.
    from datetime import UTC, datetime

    path = tmp_path / "latest.db"
    name = "سرگئی لاوروف"
    items = []
    for n in range(14):
        mention = Mention(0, 0, 0, len(name), name, "PERSON", None, name_key(name))
        art = Article(
            id=f"l{n:02}",
            paragraphs=(name,),
            sentences=((0, 0, len(name)),),
            published=datetime(2020, 1, 1 + n, tzinfo=UTC),
        )
        items.append(StoreItem(article=art, content_hash=f"l{n}", mentions=(mention,)))
    with Store.open(path) as store:
        run = store.begin_run([], {})
        store.add_batch(run, items)
        store.end_run(run)
    for args, count in [([], 10), (["--latest", "12"], 12), (["-n", "50"], 14)]:
        result = runner.invoke(app, ["entity", "Lavrov", "--db", str(path), "--json", *args])
        assert result.exit_code == 0, result.output
        ids = [a["id"] for a in json.loads(result.stdout)["latest"]]
        assert ids == [f"l{n:02}" for n in range(13, 13 - count, -1)]
    result = runner.invoke(app, ["entity", "Lavrov", "--db", str(path), "--latest", "0"])
    assert result.exit_code == 2
