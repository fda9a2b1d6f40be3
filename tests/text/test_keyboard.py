"""Urdu typed on an Arabic or Persian keyboard: akhbar.text.keyboard."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from akhbar.text.keyboard import (
    MIN_WORDS,
    RATIO,
    _contexts,
    _next_to,
    restore_keyboard,
    typed_key,
)
from akhbar.text.lexicon import lexicon
from akhbar.text.normalize import normalize
from tests.helpers import load_script

#: A standard Arabic layout, as the retrieval dev set's ``arabic-layout`` queries type Urdu.
ARABIC_LAYOUT = str.maketrans(load_script("build_retrieval_devset").ARABIC_LAYOUT)
#: A Persian layout (ه for ہ ھ ۃ, ی for ے, ن for ں, ت د ر for ٹ ڈ ڑ), as the ``persian-layout``
#: queries type Urdu.
PERSIAN_LAYOUT = str.maketrans(load_script("build_retrieval_devset").PERSIAN_LAYOUT)
# Letters, marks, digits, spaces and punctuation an Urdu text or a query holds.
_ALPHABET = "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےيكهةى" + "\u064e\u0650\u0653\u0654" + "۱2 ،.\"'"


@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_every_change_is_one_letter_for_one(text: str) -> None:
    # Offsets into the query stay valid (the parser maps errors and items back by them).
    out = restore_keyboard(text)
    assert len(out) == len(text)
    changed = [(a, b) for a, b in zip(text, out, strict=True) if a != b]
    allowed = {
        "ب": "پ",
        "ج": "چ",
        "ز": "ژ",
        "ك": "گ",
        "ک": "گ",
        "ت": "ٹ",
        "د": "ڈ",
        "ر": "ڑ",
        "ه": "ہھ",
        "ي": "ے",
        "ی": "ے",
        "ى": "ے",
        "ن": "ں",
    }
    assert all(b in allowed.get(a, "") for a, b in changed), changed


@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_text_an_urdu_keyboard_typed_is_left_alone(text: str) -> None:
    for urdu_only in "ےںہھ":  # no Arabic or Persian layout types these
        assert restore_keyboard(text + " " + urdu_only) == text + " " + urdu_only
    plain = text.replace("ي", "ی").replace("ك", "ک").replace("ه", "ہ")
    for urdu_only in "ٹڈڑۃۓ":  # nor a Persian one these: with no ي ك ه, the text is Urdu's
        assert restore_keyboard(plain + " " + urdu_only) == plain + " " + urdu_only


@given(
    st.lists(
        st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنویءآ", min_size=1), max_size=MIN_WORDS - 1
    )
)
def test_a_short_text_with_urdu_letters_only_is_left_alone(words: list[str]) -> None:
    # A name or a few words typed on an Urdu keyboard often lack ے ں ہ ھ ٹ ڈ ڑ: no keyboard shows.
    text = " ".join(words)
    assert restore_keyboard(text) == text


def test_headlines_retyped_on_an_arabic_layout_come_back() -> None:
    headlines = [
        "پاکستان کی ٹیم نے ورلڈ کپ جیت لیا",
        "ڈالر کی قیمت میں کمی",
        "پٹرول کی قیمتوں میں اضافہ",
        "چینی صدر کا دورہ پاکستان",
    ]
    for headline in headlines:
        typed = headline.translate(ARABIC_LAYOUT)
        assert normalize(restore_keyboard(typed)) == headline, typed


def test_a_common_word_alone_stays_as_typed() -> None:
    # بار 'time' / پار 'across', بری 'bad' / بڑی 'big': both common; with no word next to it
    # only the ratio rule decides, and the typed word is kept.
    counts = lexicon()
    assert counts["بار"] * RATIO > counts.get("پار", 0)
    assert counts["بری"] * RATIO > counts["بڑی"]
    assert normalize(restore_keyboard("ايك بار")) == "ایک بار"
    assert normalize(restore_keyboard("بري")) == "بری"
    assert normalize(restore_keyboard("بري، خبر")) == "بری، خبر"  # punctuation: no neighbour


def test_the_words_next_to_a_word_choose_its_spelling() -> None:
    # What a keyboard without ڑ گ ڈ types alike, told apart by the words typed next to it.
    cases = {
        "دالر مين بري كمي": "ڈالر میں بڑی کمی",  # 'a big fall', not 'a bad fall'
        "بارش كي بعد بري تباهي": "بارش کے بعد بڑی تباہی",
        "ملك مين كيس كا بحران": "ملک میں گیس کا بحران",  # gas
        "كيس كي سماعت ملتوي": "کیس کی سماعت ملتوی",  # a (court) case
        "سبزي مندي مين آك": "سبزی منڈی میں آگ",
    }
    for typed, meant in cases.items():
        assert normalize(restore_keyboard(typed)) == meant, typed


def test_letter_names_typed_next_to_each_other_are_left_to_the_acronym_reading() -> None:
    # A run of words that may be letter names may be an acronym typed as its letters: the query
    # parser reads it by the acronyms the news writes (قرض سے جی ڈی پی, GDP), so the words next
    # to them do not respell its letters (دي before بي would be ڈی, D, or دے, 'give').
    assert normalize(restore_keyboard("قرض سي جي دي بي")) == "قرض سی جی دی بی"
    # one such word alone among words is a word: ون ڈے, 'one day' (ODI)
    assert normalize(restore_keyboard("باكستان ني ون دي سيريز جيت لي")) == (
        "پاکستان نے ون ڈے سیریز جیت لی"
    )


def test_a_word_composed_of_several_characters_is_restored() -> None:
    # آ written as ا + U+0653 (some outlets do): the letters after it are restored all the same.
    typed = "ا\u0653ستريليا ني تيم كا اعلان كرديا"
    out = restore_keyboard(typed)
    assert len(out) == len(typed)
    assert normalize(out) == "آسٹریلیا نے ٹیم کا اعلان کردیا"


def test_digits_cut_a_word() -> None:
    # تي20 is the word تي and the number: ٹی20, as ٹی 20.
    assert normalize(restore_keyboard("تي20 ميج مين باكستان كي جيت")) == (
        "ٹی20 میچ میں پاکستان کی جیت"
    )


def test_the_context_table_holds_only_spellings_a_keyboard_types_alike() -> None:
    counts = lexicon()
    keys = Counter(typed_key(word) for word in counts)
    after, before = _contexts()
    assert len(after) > 10_000
    assert len(before) > 10_000
    for side, table in (("<", after), (">", before)):
        for key in list(table)[::50]:
            assert typed_key(key) == key  # a neighbour is kept by its typed key
            spellings = _next_to(side, key)
            assert spellings
            assert min(spellings.values()) > 0
            for spelling in spellings:  # a lexicon word another lexicon word is typed as
                assert spelling in counts, spelling
                assert keys[typed_key(spelling)] > 1, spelling


def test_the_context_table_counts_neighbours_by_typed_key() -> None:
    script = load_script("build_keyboard_context")
    assert script.alike(["بری", "بڑی", "خبر"]) == {"بری", "بڑی"}
    pairs = Counter({("بڑی", "خبر"): 2, ("بری", "خبر"): 3, ("کی", "بڑی"): 4, ("خبر", "آج"): 9})
    rows = script.context_rows(pairs, {"بری", "بڑی", "کی", "کے"})
    assert rows == [
        ("<", "کی", [("بڑی", 4)]),  # بڑی written after کی (typed keys: ی for ے)
        (">", "بری", [("کی", 4)]),  # کی written before a word typed بری (بڑی)
        (">", "خبر", [("بری", 3), ("بڑی", 2)]),
    ]


def test_headlines_retyped_on_a_persian_layout_without_heh_come_back() -> None:
    # ی ک as in Urdu and no ه: the text shows the layout only by lacking every letter it has no
    # key for, which Urdu of five words or more hardly ever does.
    headlines = [
        "ڈالر کی قیمت میں کمی کا اعلان",
        "ٹی ٹوئنٹی سیریز میں قومی ٹیم کی جیت",
        "عدالت نے درخواست مسترد کر دی",
    ]
    for headline in headlines:
        typed = headline.translate(PERSIAN_LAYOUT)
        assert typed != headline
        assert normalize(restore_keyboard(typed)) == headline, typed
    short = "ڈالر کی قیمت".translate(PERSIAN_LAYOUT)  # three words: left as typed
    assert restore_keyboard(short) == short
