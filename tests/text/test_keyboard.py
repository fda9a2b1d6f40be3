"""Urdu typed on an Arabic or Persian keyboard: akhbar.text.keyboard."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from akhbar.text.keyboard import MIN_WORDS, restore_keyboard
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


def test_a_common_word_as_typed_stays() -> None:
    # بار 'time' / پار 'across', بری 'bad' / بڑی 'big': both common, the typed word is kept
    # (only the sentence would tell).
    counts = lexicon()
    assert counts["بار"] * 10 > counts.get("پار", 0)
    assert normalize(restore_keyboard("ايك بار")) == "ایک بار"
    assert normalize(restore_keyboard("دالر مين بري كمي")) == "ڈالر میں بری کمی"


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
