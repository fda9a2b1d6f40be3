"""A word typed in Latin letters in lower case reads as the Urdu word it spells: an English
word the news writes in Urdu letters (``cricket``: ``کرکٹ``) or Urdu typed in Latin letters
(``hukumat``: ``حکومت``); the search finds the articles that write it so."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from akhbar.entities.explore import align_spelling, resolve, romanize_costs
from akhbar.entities.gazetteer import name_key
from akhbar.search import Archive, SearchResult
from akhbar.search.index import sync
from akhbar.search.romanized import english_stop_words, read_latin, read_word
from akhbar.search.variants import MAX_READ_WORDS
from tests.helpers import ROOT, load_script, store_of_names

from .conftest import BACKENDS, ingested, open_backend

ARTICLES = [
    ("c1", "پاکستان اور آسٹریلیا کے درمیان کرکٹ سیریز کا پہلا میچ کل کھیلا جائے گا۔"),
    ("c2", "کرکٹ بورڈ نے نئے کوچ کا اعلان کر دیا۔"),
    ("p1", "پولیس نے شہر میں ناکے لگا دیے۔"),
    ("h1", "حکومت نے بجلی کی قیمت میں کمی کا اعلان کیا۔"),
    ("x1", "کراچی میں بارش سے نظام زندگی متاثر ہوا۔"),
    ("e1", "The match was played in Lahore, and the cricket board said so."),
]


@pytest.fixture(scope="module")
def words_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(tmp_path_factory.mktemp("romanized"), ARTICLES)


@pytest.fixture(params=BACKENDS)
def archive(request: pytest.FixtureRequest, words_db: Path) -> Iterator[Archive]:
    with open_backend(words_db, request.param) as a:
        yield a


def ids(result: SearchResult) -> set[str]:
    return {h.id for h in result.hits}


@pytest.mark.parametrize(
    ("typed", "urdu"),
    [
        ("cricket", "کرکٹ"),
        ("police", "پولیس"),
        ("interview", "انٹرویو"),
        ("university", "یونیورسٹی"),
        ("dollar", "ڈالر"),
        ("election", "الیکشن"),  # ti before a vowel: ش
        ("hukumat", "حکومت"),  # Roman Urdu
        ("wazir", "وزیر"),
        ("adalat", "عدالت"),
        ("barish", "بارش"),
        ("tax", "ٹیکس"),  # an English x is ks (two Urdu letters) ...
        ("index", "انڈیکس"),
        ("express", "ایکسپریس"),
        ("box", "باکس"),  # (not باخ, with x for خ)
        ("exit", "ایگزٹ"),  # ... or gz
    ],
)
def test_a_latin_word_reads_as_the_urdu_word_it_spells(typed: str, urdu: str) -> None:
    assert read_word(typed)[0] == urdu


def test_english_function_words_and_what_is_no_word_read_as_nothing() -> None:
    assert {"the", "over", "his", "where"} <= english_stop_words()
    for typed in ("the", "over", "his", "where", "xq", "t20", "a-b", "x" * 30):
        assert read_word(typed) == (), typed


def test_the_readings_of_the_benchmark_lists_keep_their_floor() -> None:
    # benchmarks/latin_words.py: 61 of 66 loanwords, 29 of 30 Roman Urdu words, 25 of 43
    # common English words, 12 of 14 izafat compounds when measured; the floors leave room for
    # a changed lexicon.
    bench = load_script("latin_words", "benchmarks")

    def right(words: dict[str, tuple[str, ...]]) -> int:
        n = 0
        for word, spellings in words.items():
            got = [w.replace(" ", "") for w in read_latin(word)]
            n += (not got) if spellings == ("-",) else bool(got and got[0] in spellings)
        return n

    assert right(bench.LOANWORDS) >= 57
    assert right(bench.ROMAN_URDU) >= 27
    assert right(bench.ENGLISH) >= 22
    assert right(bench.IZAFAT) >= 10
    assert right({w.replace("-", " "): v for w, v in bench.IZAFAT.items()}) >= 10


def test_the_spelling_costs_are_what_the_training_script_learns() -> None:
    # romanize_costs.tsv is written by scripts/train_romanize.py from the shipped gazetteer
    script = load_script("train_romanize")
    pairs = script.word_pairs()
    costs, vowel, aligned = script.train(pairs)
    assert aligned > 0.7 * len(pairs)
    shipped = (ROOT / "akhbar" / "entities" / "data" / "romanize_costs.tsv").read_text("utf-8")
    assert script.render(costs, vowel, len(pairs), aligned) == shipped
    # what it learned: an English t is ٹ's usual spelling, m is ن's rarest
    learned, _ = romanize_costs()
    assert learned[("ٹ", "t")] < learned[("ٹ", "tt")]
    assert learned[("ن", "m")] == max(c for (ch, _), c in learned.items() if ch == "ن")
    # a cheaper spelling wins: نیوز is news word for word, نواز leaves out a vowel letter
    assert align_spelling(name_key("نیوز"), "news")[0] < align_spelling(name_key("نواز"), "news")[0]
    assert align_spelling(name_key("نیوز"), "lavrov")[0] == math.inf


def test_a_search_of_a_latin_word_finds_the_urdu_articles(archive: Archive) -> None:
    result = archive.search("cricket")
    # the articles that write کرکٹ, and the English one that writes cricket
    assert ids(result) == {"c1", "c2", "e1"}
    assert result.to_dict()["variants"] == {"cricket": ["کرکٹ"]}
    assert ids(archive.search("hukumat")) == {"h1"}
    # with an Urdu word: each reads, the article with both first
    both = archive.search("پولیس hukumat")
    assert ids(both) == {"p1", "h1"}


def test_the_words_of_an_english_sentence_are_not_read(archive: Archive) -> None:
    assert dict(archive.search("cricket board").variants)["cricket"] == ("کرکٹ",)
    # pasted English prose (two function words): its words are English, not Urdu spelled so
    prose = archive.search("the cricket board of the country")
    assert prose.variants == ()
    assert ids(prose) == {"e1"}


def test_a_latin_word_with_a_capital_is_a_name_and_a_reading_must_be_held(
    archive: Archive,
) -> None:
    # A capital: a name first, which the name steps read; a word when none does (a phone
    # types a search's first word so), but not a word of a name of several (Imran Khan)
    assert dict(archive.search("Cricket").variants) == {"Cricket": ("کرکٹ",)}
    assert archive.search("Cricket Zqx").variants == ()
    # a reading the archive does not hold (the lexicon's پٹرول, پیٹرول): none
    assert archive.search("petrol").variants == ()
    # an English function word: none (the English article only)
    assert archive.search("the").variants == ()


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_english_function_word_is_no_name_when_the_search_finds_nothing(
    tmp_path: Path, backend: str
) -> None:
    # On the all-news store "there" spelled تھر (Thar, the desert; the entity lookup's loose
    # English spelling): a search of it found nothing and ran again as entity:تھر.  In lower
    # case it is a word of an English sentence; with its capital it is still looked up.
    db = store_of_names(tmp_path / "t.db", ["تھر"], prefix="t", text="{} میں قحط")
    sync(db)
    assert [c.name for c in resolve(sqlite3.connect(db), "there")] == ["تھر"]
    with open_backend(db, backend) as archive:
        result = archive.search("there")
        assert (result.total, result.entity_query) == (0, None)
        named = archive.search("There")
        assert (ids(named), named.entity_query) == ({"t0"}, "entity:تھر")


def test_a_query_reads_at_most_a_few_latin_words(archive: Archive) -> None:
    # eight spellings of one word (read nowhere else in this module: readings are cached per
    # store), each of which reads alone: a query of all eight reads the first MAX_READ_WORDS
    typed = ["criket", "krikat", "kricket", "crickat", "krikit", "kriket", "crikit", "kirkat"]
    assert len(typed) > MAX_READ_WORDS
    read = dict(archive.search(" ".join(typed)).variants)
    assert list(read) == typed[:MAX_READ_WORDS]
    assert all(dict(archive.search(t).variants) == {t: ("کرکٹ",)} for t in typed)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_urdu_compound_typed_with_its_izafat(tmp_path: Path, backend: str) -> None:
    # Roman Urdu writes the izafat Urdu leaves unwritten (وزیرِ اعظم): wazir-e-azam, with
    # spaces or hyphens, is the compound the lexicon writes joined, and then its spaced
    # spelling too (benchmarks/latin_words.py: 12 of 14 such compounds read right, none before)
    db = ingested(
        tmp_path,
        [
            ("w1", "وزیراعظم نے اجلاس کی صدارت کی۔"),
            ("w2", "وزیر اعظم کا دورہ ملتوی ہو گیا۔"),
            ("w3", "وزیر تعلیم نے عزم ظاہر کیا۔"),
            ("t1", "تحریک انصاف نے جلسہ کیا۔"),
        ],
    )
    with open_backend(db, backend) as archive:
        hyphens = archive.search("wazir-e-azam")
        assert ids(hyphens) == {"w1", "w2"}
        assert dict(hyphens.variants) == {"wazir-e-azam": ("وزیراعظم", "وزیر اعظم")}
        # a compound the lexicon does not write joined: its words' readings, one phrase
        assert ids(archive.search("Tehreek-e-Insaf")) == {"t1"}
        if backend == "index":  # (runs of words are read on the index only)
            spaced = archive.search("wazir e azam")
            assert {h.id for h in spaced.hits[:2]} == {"w1", "w2"}
            assert dict(spaced.variants)["wazir e azam"] == ("وزیراعظم", "وزیر اعظم")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_capitalised_word_reads_as_the_name_the_archive_knows(
    tmp_path: Path, backend: str
) -> None:
    # Biden spells بدن ('body') before بائیڈن; with its capital it is a name: the reading the
    # archive's entities are named by comes first when they are named so a good share as
    # often as the likeliest reading is written
    db = ingested(
        tmp_path,
        [
            ("b1", "امریکی صدر بائیڈن نے کہا کہ معیشت بہتر ہو رہی ہے۔"),
            ("b2", "صدر بائیڈن نے چین کے صدر سے ملاقات کی۔"),
            ("b3", "ورزش سے بدن مضبوط ہوتا ہے۔"),
        ],
    )
    assert read_word("biden")[0] == "بدن"
    with open_backend(db, backend) as archive:
        result = archive.search("Biden")
        assert dict(result.variants) == {"Biden": ("بائیڈن",)}
        assert ids(result) == {"b1", "b2"}


def test_a_capitalised_word_reads_as_the_name_the_archive_writes_without_entities() -> None:
    # A store whose entities name no reading of Biden (one ingested without them): the
    # reading the archive writes NAME_RATIO times as often as the likeliest one it holds is
    # the name (بائیڈن), not the common word it spells (بدن 'body'); one written less often
    # is not (a capitalised loanword keeps the lexicon's reading); lower case is a word.
    from akhbar.search.variants import NAME_RATIO, latin_variants

    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE entities (id INTEGER PRIMARY KEY, type TEXT, english TEXT);"
        "CREATE TABLE entity_aliases (key TEXT, type TEXT, entity INTEGER, last TEXT, words INT,"
        " mentions INT);"
    )
    body, name = (name_key(w) for w in read_latin("Biden")[::2])
    assert (body, name) == (name_key("بدن"), name_key("بائیڈن"))
    for name_held, read in ((2 * NAME_RATIO, name), (2 * NAME_RATIO - 1, body)):
        held = {body: 2, name: name_held}.get
        got = latin_variants(conn, [("biden", "Biden")], held, {"Biden"})
        assert got == {"biden": (read,)}, name_held
        lower = latin_variants(conn, [("biden", "biden")], held, {"biden"})
        assert lower == {"biden": (body,)}
