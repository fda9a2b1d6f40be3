"""Tests for akhbar.text.normalize: golden pairs per step, real text unchanged, properties, data."""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.text import normalize as N
from akhbar.text.normalize import (
    STEP_ORDER,
    NormConfig,
    compose_hamza,
    map_arabic_letters,
    map_presentation_forms,
    normalize,
    normalize_spaces,
    normalize_with_offsets,
    remove_diacritics,
    remove_invisibles,
    resolve_arabic_heh,
    space_punctuation,
    unify_digits,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SEED = DATA / "news" / "seed" / "000_b9714f12a68fc25f.txt"

# --------------------------------------------------------------------------- golden pairs

Case = tuple[Callable[[str], str], str, str]

GOLDEN: dict[str, Case] = {
    # presentation forms
    "pres-waw-hamza-news": (map_presentation_forms, "تنا\ufe85", "تناؤ"),  # news: تناﺅ 19×
    "pres-lam-alef": (map_presentation_forms, "\ufefb", "لا"),
    "pres-lam-alef-madda": (map_presentation_forms, "\ufef5", "لآ"),
    "pres-initial-meem": (map_presentation_forms, "\ufee3\ufeae", "مر"),
    "pres-urdu-heh-goal-final": (map_presentation_forms, "\ufba7", "ہ"),
    "pres-isolated-fathatan-no-space": (map_presentation_forms, "ا\ufe70", "اً"),
    "pres-allah-ligature": (map_presentation_forms, "\ufdf2", "الله"),
    "pres-salla-kept": (map_presentation_forms, "محمد \ufdfa", "محمد \ufdfa"),
    # invisibles
    "inv-zwnj-news": (remove_invisibles, "میں\u200c بھی", "میں بھی"),  # news: ZWNJ before space
    # A ZWNJ after a letter that joins the next one shows as a word break: it becomes a space.
    "inv-zwnj-compound": (remove_invisibles, "ہم\u200cآہنگی", "ہم آہنگی"),
    "inv-zwnj-initials": (remove_invisibles, "پی\u200cٹی\u200cآئی", "پی ٹی آئی"),
    "inv-zwnj-persian-prefix": (remove_invisibles, "می\u200cخواہم", "می خواہم"),
    "inv-zwnj-after-heh": (remove_invisibles, "ذمہ\u200cدار", "ذمہ دار"),
    "inv-zwnj-through-mark": (remove_invisibles, "ہمَ\u200cآہنگی", "ہمَ آہنگی"),  # looks through
    # After a non-joining letter, or before ء (joins nothing), it shows nothing: dropped.
    "inv-zwnj-after-nonjoining": (remove_invisibles, "پا\u200cکستان", "پاکستان"),
    "inv-zwnj-before-hamza": (remove_invisibles, "کی\u200cء", "کیء"),
    "inv-zwnj-two-in-a-row": (remove_invisibles, "ہم\u200c\u200cآ", "ہمآ"),  # as the tokenizer
    "inv-zwsp-between-words-news": (remove_invisibles, "فنڈنگ\u200bراؤنڈ", "فنڈنگ راؤنڈ"),
    "inv-zwsp-before-space": (remove_invisibles, "لیے\u200b ", "لیے "),
    "inv-bom-line-start-news": (remove_invisibles, "\ufeffاسلام آباد", "اسلام آباد"),
    "inv-rlm-lrm": (remove_invisibles, "\u200fپاکستان\u200e", "پاکستان"),
    "inv-bidi-isolates": (remove_invisibles, "\u2067روس\u2069", "روس"),
    "inv-tatweel": (remove_invisibles, "کےلـئے", "کےلئے"),  # news: کےلـئے
    "inv-soft-hyphen": (remove_invisibles, "ٹیکنا\u00adلوجی", "ٹیکنالوجی"),
    # Arabic letters
    "ar-kaf-news": (map_arabic_letters, "كے", "کے"),  # samaa 416×
    "ar-yeh-news": (map_arabic_letters, "ميں", "میں"),  # jang 313×
    "ar-alef-maksura": (map_arabic_letters, "مصطفى", "مصطفی"),
    "ar-teh-marbuta": (map_arabic_letters, "فاطمة", "فاطمۃ"),
    "ar-ae-to-heh": (map_arabic_letters, "مسئلە", "مسئلہ"),
    "ar-high-hamza-yeh-news": (map_arabic_letters, "کارواٸی", "کاروائی"),
    "ar-heh-left-alone": (map_arabic_letters, "كه", "که"),
    # compose
    "comp-alef-madda-news": (compose_hamza, "ا\u0653ج", "آج"),  # 31k in the news set
    "comp-waw-hamza": (compose_hamza, "لاو\u0654روف", "لاؤروف"),
    "comp-yeh-hamza": (compose_hamza, "سرگی\u0654ی", "سرگئی"),
    "comp-heh-hamza-izafat": (compose_hamza, "نقطہ\u0654 نظر", "نقطۂ نظر"),
    "comp-yeh-barree-hamza": (compose_hamza, "ہوے\u0654", "ہوۓ"),
    "comp-waw-high-hamza-news": (compose_hamza, "جاو\u0674ں", "جاؤں"),
    # A vowel mark typed between the letter and its madda/hamza does not block composing
    # (UrduPoint: ا+َ+ٓ in آباد); the vowel mark follows the composed letter.
    "comp-madda-after-zabar": (compose_hamza, "ا\u064e\u0653باد", "آ\u064eباد"),
    "comp-hamza-after-zer-shadda": (compose_hamza, "ی\u0651\u0650\u0654", "ئ\u0651\u0650"),
    # A hamza on a letter that takes none, before a letter, is the yeh hamza on its kursi.
    "comp-hamza-on-consonant": (compose_hamza, "مس\u0654لہ", "مسئلہ"),
    "comp-high-hamza-on-consonant": (compose_hamza, "مس\u0674لہ", "مسئلہ"),
    # ... not before a mark: urdupoint writes کٴْل (30×), مٴْحال for کُل, مُحال.
    "comp-high-hamza-sukun-news": (compose_hamza, "ک\u0674\u0652ل", "ک\u0674\u0652ل"),
    # ھ is what the heh step (after compose) makes of ه, a carrier: not a seat.
    "comp-no-seat-on-do-chashmi": (compose_hamza, "تھ\u0674ۂ", "تھ\u0674ۂ"),
    # ...but a hamza typed after a letter that takes none stays as it is.
    "comp-no-base-across-marks": (compose_hamza, "ب\u064e\u0654", "ب\u064e\u0654"),
    # High hamza is a letter, not a mark: a vowel mark before it keeps it apart.
    "comp-high-hamza-not-across-marks": (compose_hamza, "و\u064e\u0674", "و\u064e\u0674"),
    # Arabic heh (lexicon decides per word)
    "heh-kaha-goal": (resolve_arabic_heh, "کها", "کہا"),
    "heh-khana-dochashmi": (resolve_arabic_heh, "کهانا", "کھانا"),
    "heh-bhi": (resolve_arabic_heh, "بهی", "بھی"),
    "heh-hai": (resolve_arabic_heh, "هے", "ہے"),
    "heh-two-in-one-word": (resolve_arabic_heh, "مهنگائی", "مہنگائی"),
    "heh-allah": (resolve_arabic_heh, "الله", "اللہ"),
    "heh-unknown-final-after-teh": (resolve_arabic_heh, "زززته", "زززتھ"),  # rule: final after ت
    "heh-unknown-medial-after-lam": (resolve_arabic_heh, "زززلهز", "زززلہز"),  # rule: default ہ
    "heh-unknown-medial-after-beh": (resolve_arabic_heh, "زززبهز", "زززبھز"),  # rule: بھ
    # diacritics
    "dia-izafat-kasra-news": (remove_diacritics, "وزیرِ اعظم", "وزیر اعظم"),  # 123×
    "dia-damma-news": (remove_diacritics, "اُردو", "اردو"),  # 313×
    "dia-superscript-alef-news": (remove_diacritics, "دعویٰ", "دعوی"),  # 840×
    "dia-shadda-news": (remove_diacritics, "اللّٰہ", "اللہ"),
    "dia-tanween": (remove_diacritics, "فوراً", "فورا"),
    "dia-honorific-sign-news": (remove_diacritics, "محمدؐ", "محمد"),
    "dia-keeps-hamza-letters": (remove_diacritics, "آؤ ئ ۂ ۓ", "آؤ ئ ۂ ۓ"),
    # A stray high hamza goes with the marks (urdupoint's کٴْل = کُل), as the keys drop it: the
    # matching preset would otherwise leave ٴ next to ل, which a second pass reads as ئ.
    "dia-stray-high-hamza-news": (remove_diacritics, "ک\u0674\u0652ل", "کل"),
    # digits
    "dig-seed-dateline": (unify_digits, "Apr ۱۳, ۲۰۲۱ ۱۹:۵۶", "Apr 13, 2021 19:56"),
    "dig-arabic-indic": (unify_digits, "٢٠٢٤", "2024"),
    "dig-decimal-separator": (unify_digits, "۳٫۵ فیصد", "3.5 فیصد"),
    "dig-thousands-separator": (unify_digits, "١٬٠٠٠", "1,000"),
    "dig-arabic-percent": (unify_digits, "۵٪", "5%"),
    "dig-ascii-kept": (unify_digits, "2231", "2231"),
    "dig-to-urdu": (lambda t: unify_digits(t, "urdu"), "2021 ٢٠", "۲۰۲۱ ۲۰"),
    "dig-to-arabic": (lambda t: unify_digits(t, "arabic"), "۱۳ 13", "١٣ ١٣"),
    "dig-keep": (lambda t: unify_digits(t, "keep"), "۱۳ ١٣ 13", "۱۳ ١٣ 13"),
    # spaces
    "sp-seed-double-space": (normalize_spaces, "اور  معاہدے", "اور معاہدے"),
    "sp-nbsp-news": (normalize_spaces, "کے\u00a0لیے", "کے لیے"),
    "sp-nbsp-only-line-seed": (normalize_spaces, "ہے۔\n\n\u00a0\n\nٹیگس", "ہے۔\n\n\n\nٹیگس"),
    "sp-leading-space-seed": (normalize_spaces, "\n روس کے", "\nروس کے"),
    "sp-trailing-space": (normalize_spaces, "ہے۔  \nانہوں", "ہے۔\nانہوں"),
    "sp-crlf": (normalize_spaces, "ایک\r\nدو\rتین", "ایک\nدو\nتین"),
    "sp-tab-and-thin-space": (normalize_spaces, "ایک\t\u2009دو", "ایک دو"),
    "sp-line-separator": (normalize_spaces, "ایک\u2028دو", "ایک\nدو"),
    "sp-paragraphs-kept": (normalize_spaces, "ایک۔\n\nدو۔", "ایک۔\n\nدو۔"),
    # punctuation
    "pu-seed-comma": (space_punctuation, "روس ، دونوں", "روس، دونوں"),
    "pu-glued-full-stop-news": (space_punctuation, "ہے۔انہوں", "ہے۔ انہوں"),  # 62× in news
    "pu-glued-comma-news": (space_punctuation, "ہے،ماہرین", "ہے، ماہرین"),
    "pu-question-mark": (space_punctuation, "کیوں ؟ اس", "کیوں؟ اس"),
    "pu-latin-comma-urdu": (space_punctuation, "روس ,ایران", "روس, ایران"),
    "pu-latin-colon-dateline": (space_punctuation, "لاہور:وزیر", "لاہور: وزیر"),
    "pu-decimal-kept": (space_punctuation, "3.5 فیصد", "3.5 فیصد"),
    "pu-thousands-kept": (space_punctuation, "1,000 روپے", "1,000 روپے"),
    "pu-urdu-comma-in-number-kept": (space_punctuation, "1،000", "1،000"),
    "pu-time-kept": (space_punctuation, "12:30 بجے", "12:30 بجے"),
    "pu-url-kept": (space_punctuation, "www.express.pk/story", "www.express.pk/story"),
    "pu-email-kept": (space_punctuation, "news@geo.tv", "news@geo.tv"),
    "pu-latin-initials-kept": (space_punctuation, "U.S. کی", "U.S. کی"),
    "pu-urdu-initials-kept": (space_punctuation, "پی۔ٹی۔آئی کے", "پی۔ٹی۔آئی کے"),
    "pu-ellipsis-kept": (space_punctuation, "کے۔۔۔", "کے۔۔۔"),
    "pu-quote-after-full-stop": (space_punctuation, "ہے۔‘", "ہے۔‘"),
}


@pytest.mark.parametrize(("step", "raw", "want"), GOLDEN.values(), ids=GOLDEN.keys())
def test_golden(step: Callable[[str], str], raw: str, want: str) -> None:
    assert step(raw) == want
    assert step(want) == want  # each step is idempotent on its own output


FULL: dict[str, tuple[NormConfig, str, str]] = {
    "full-seed-comma-and-spaces": (NormConfig(), "ایران اور روس ،  دونوں", "ایران اور روس، دونوں"),
    "full-arabic-keyboard-sentence": (NormConfig(), "وه كهانا كهاتے هيں", "وہ کھانا کھاتے ہیں"),
    "full-matching-drops-diacritics": (NormConfig.matching(), "اُن کا دعویٰ", "ان کا دعوی"),
    "full-display-keeps-diacritics": (NormConfig.display(), "اُن کا دعویٰ", "اُن کا دعویٰ"),
    "full-madda-composed-before-diacritics": (NormConfig.matching(), "ا\u0653ج", "آج"),
    "full-madda-after-zabar-matches-plain": (
        NormConfig.matching(),
        "فیصل ا\u064e\u0653باد",
        "فیصل آباد",
    ),
    "full-presentation-heh": (NormConfig(), "\ufeeb\ufeea", "ہہ"),
    "full-steps-off": (
        NormConfig(spaces=False, punctuation=False, digits="keep"),
        "۱۳  ، ",
        "۱۳  ، ",
    ),
}


@pytest.mark.parametrize(("config", "raw", "want"), FULL.values(), ids=FULL.keys())
def test_full_pipeline(config: NormConfig, raw: str, want: str) -> None:
    assert normalize(raw, config) == want


@pytest.mark.xfail(reason="the ہ/ھ choice is per word: کها is کہا (4484×) unless context says کھا")
def test_arabic_heh_needs_context() -> None:
    assert normalize("وه كهانا كها رهے هيں") == "وہ کھانا کھا رہے ہیں"


def test_alef_before_allah_ligature() -> None:
    """Writers type the ligature after an alef of their own (اﷲ 64×, عبداﷲ 9× in the lexicon)."""
    assert normalize("عبدا\ufdf2") == "عبداللہ"
    assert normalize("ا\ufdf2 اکبر، \ufdf2 اکبر") == "اللہ اکبر، اللہ اکبر"
    matching = NormConfig.matching()
    assert normalize("عبداَ\ufdf2", matching) == normalize("عبداللہ", matching)
    text, offs = normalize_with_offsets("عبدا\ufdf2 خان")
    assert text == "عبداللہ خان"
    assert offs[text.index("خان")] == "عبدا\ufdf2 خان".index("خان")


def test_step_order_names_config_fields() -> None:
    fields = set(NormConfig.__dataclass_fields__)
    assert set(STEP_ORDER) <= fields
    assert len(set(STEP_ORDER)) == len(STEP_ORDER)


# --------------------------------------------------------------------------- real text unchanged


def _real_paragraphs() -> list[str]:
    """Already-normal paragraphs from the shared corpora (seed + Bend the Truth real articles).

    Kept: Urdu letters (no Arabic ي ك ه, no diacritics), ASCII digits, spaces, Urdu punctuation,
    brackets and hyphens; no double spaces, no space before punctuation, a space after it.
    """
    allowed = re.compile(
        r"[\u0621-\u063a\u0641\u0642\u0644-\u0648\u0679-\u06d3\u06be\u06c1\u06cc0-9 ،۔؟()\-]+"
    )
    sources = [SEED, *sorted((DATA / "news" / "bend-the-truth" / "labelled").rglob("Real/*.txt"))]
    paras: list[str] = []
    for path in sources:
        for line in path.read_text(encoding="utf-8").split("\n"):
            para = line.strip()
            if (
                40 < len(para) < 3000
                and allowed.fullmatch(para)
                and "  " not in para
                and not re.search(r" [،۔؟]|[،۔؟][^\s،۔؟]", para)
            ):
                paras.append(para)
    return paras[:400]


def test_real_normal_urdu_unchanged() -> None:
    paras = _real_paragraphs()
    assert len(paras) >= 100
    changed = [p for p in paras if normalize(p) != p or normalize(p, NormConfig.matching()) != p]
    assert changed == []


def test_seed_article_normalizes_idempotently() -> None:
    seed = SEED.read_text(encoding="utf-8")
    once = normalize(seed)
    assert normalize(once) == once
    assert "\u00a0" not in once
    assert "  " not in once
    assert "روس، دونوں" in once
    assert once.startswith("Apr 13, 2021 19:56 Asia/Tehran\n")


# --------------------------------------------------------------------------- properties

URDUISH = st.text(
    alphabet=st.sampled_from(
        [
            *list("کےکیہےھہاآبپتٹجچدڈرڑسشلمنںوؤیئےۓۂ،۔؟؛,.:!?;0123456789۱۲٣ \n\r\t"),
            "\xa0",
            "\u200b",
            "\u200c",
            "\u200f",
            "ـ",
            "َ",
            "ِ",
            "ٓ",
            "ٔ",
            "ٰ",
            "ي",
            "ك",
            "ه",
            "ة",
            "ى",
            "ﻻ",
            "ﺅ",
            "ﻫ",
            "ﷲ",
            "٫",
            "٬",
            "\ufeff",
            "\u2028",
            "U",
            "S",
            "@",
            "/",
        ]
    ),
    max_size=60,
)
CONFIGS = st.sampled_from(
    [
        NormConfig(),
        NormConfig.matching(),
        NormConfig(digits="urdu", spaces=False),
        NormConfig(invisibles=False, compose=False, punctuation=False, digits="keep"),
        NormConfig(presentation_forms=False, arabic_letters=False, arabic_heh=False),
    ]
)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(URDUISH, st.text(max_size=40)), config=CONFIGS)
def test_idempotent(text: str, config: NormConfig) -> None:
    once = normalize(text, config)
    assert normalize(once, config) == once


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(URDUISH, st.text(max_size=40)), config=CONFIGS)
def test_offsets_valid_and_text_equal(text: str, config: NormConfig) -> None:
    norm, offs = normalize_with_offsets(text, config)
    assert norm == normalize(text, config)
    assert len(offs) == len(norm) + 1
    assert offs[0] >= 0
    assert offs[-1] == len(text)
    assert all(a <= b for a, b in itertools.pairwise(offs))
    assert all(0 <= o <= len(text) for o in offs)


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_never_raises(text: str) -> None:
    for config in (NormConfig(), NormConfig.matching()):
        normalize(text, config)
        normalize_with_offsets(text, config)


def test_offsets_point_at_original_words() -> None:
    raw = "\ufeff روس ،  دونوں\u00a0ملکوں"
    norm, offs = normalize_with_offsets(raw)
    assert norm == "روس، دونوں ملکوں"
    for word in ("روس", "دونوں", "ملکوں"):
        i = norm.index(word)
        # A deleted space belongs to the span before it: compare without surrounding spaces.
        assert raw[offs[i] : offs[i + len(word)]].strip() == word
        assert raw[offs[i]] == word[0]


# --------------------------------------------------------------------------- the data itself

URDU_OUTPUT = set(
    "ءآأإؤئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھۂۃیےۓ"  # letters
    "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"  # digits
    "،۔؟؛.,% \n"  # punctuation and spacing
)


def _charmap(name: str, key: str = "entries") -> list[dict[str, str]]:
    text = files("akhbar.text").joinpath(f"data/{name}").read_text(encoding="utf-8")
    entries: list[dict[str, str]] = json.loads(text)[key]
    return entries


@pytest.mark.parametrize(
    "name",
    [
        "charmap_arabic_letters.json",
        "charmap_invisibles.json",
        "charmap_spaces.json",
        "charmap_diacritics.json",
        "charmap_compose.json",
    ],
)
def test_charmap_targets_in_output_alphabet(name: str) -> None:
    for entry in _charmap(name):
        target = N._cps(entry["to"])
        assert set(target) <= URDU_OUTPUT, entry
        assert entry["note"].strip(), entry


def test_digit_sets_are_digits() -> None:
    for script, digits in N._DIGIT_SETS.items():
        assert [unicodedata.digit(d) for d in digits] == list(range(10)), script


def test_presentation_forms_reach_the_arabic_block() -> None:
    for cp, target in N._PRESENTATION.items():
        assert target, hex(cp)
        for ch in target:
            assert 0x0600 <= ord(ch) <= 0x06FF or 0x0750 <= ord(ch) <= 0x08FF, hex(cp)
    assert N._PRESENTATION[0xFEFB] == "لا"


def test_urdu_presentation_forms_normalize_to_urdu_letters() -> None:
    # Every presentation form of a letter Urdu uses normalizes to an allowed Urdu letter.
    urdu_bases = set("ءآأؤإئابتثجحخدذرزسشصضطظعغفقكلمنهوىيٹپچڈڑژکگںھہۂےۓی")
    for cp, target in N._PRESENTATION.items():
        if len(target) == 1 and target in urdu_bases:
            out = normalize(chr(cp), NormConfig.matching())
            assert set(out) <= URDU_OUTPUT, (hex(cp), out)


def test_heh_rule_letters_are_urdu_consonants() -> None:
    assert set(N._HEH_MEDIAL_ASPIRATED) <= URDU_OUTPUT
    assert N._HEH_FINAL_ASPIRATED <= N._HEH_MEDIAL_ASPIRATED


def test_initials_are_urdu_script() -> None:
    assert len(N._INITIALS) >= 25
    for name in N._INITIALS:
        assert set(name) <= URDU_OUTPUT, name
