"""Tests for akhbar.text.sentences: golden cases, properties, and the UD Urdu quality gate."""

from __future__ import annotations

import time
import unicodedata
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.text.sentences import Span, split_paragraphs, split_sentences
from tests.text.ud import boundary_errors, load_ud, span_f1

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "akhbar" / "demo" / "news" / "seed.txt"

# UD Urdu dev sentence F1 measured 0.9973 (P 0.9964, R 0.9982; 551 of 552 gold sentences, 553
# found); the floors are slightly below.  Before the hyphen/dash rules: 0.9829 (P 0.9785,
# R 0.9873); before the short-fragment rule: 0.9946.  The error left is ۔ typed for a hyphen
# between two names where nothing in the clause shows that it goes on (ترقی ہند۔ ماریشیس دفاعی
# شراکت_داری کا ...); a rule that keeps every ``consonant ۔`` together scores 1.0 here but
# wrongly joins ~70 real sentence ends in the shared news corpora, so it is not used.
UD_F1_FLOOR = 0.996
UD_RECALL_FLOOR = 0.997


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def paragraphs(text: str) -> list[str]:
    return [text[s:e] for s, e in split_paragraphs(text)]


# --- golden cases -----------------------------------------------------------------------------

GOLDEN: list[tuple[str, str, list[str]]] = [
    # (id, text, expected sentences) — one comment per case.
    # The basic Urdu full stop, question mark and exclamation mark.
    ("full-stop", "وہ آیا۔ وہ گیا۔", ["وہ آیا۔", "وہ گیا۔"]),
    ("question", "کیا وہ آیا؟ ہاں۔", ["کیا وہ آیا؟", "ہاں۔"]),
    ("latin-marks", "He left. She came! Why?", ["He left.", "She came!", "Why?"]),
    # Runs of terminal punctuation stay together with the sentence they end.
    ("run-question-bang", "کیا؟! ہاں۔", ["کیا؟!", "ہاں۔"]),
    ("run-dots", "انتظار... پھر آیا", ["انتظار...", "پھر آیا"]),
    ("run-urdu-dots", "رکو۔۔۔ پھر آیا", ["رکو۔۔۔", "پھر آیا"]),
    ("run-ellipsis-char", "رکو… پھر آیا", ["رکو…", "پھر آیا"]),
    # A doubled stop after a space is a typo, not an empty sentence.
    ("stray-stop", "ہے۔ ۔ یاد رہے", ["ہے۔ ۔", "یاد رہے"]),
    # Space before the stop, as often typed in Urdu.
    ("space-before-stop", "ہو گئی ۔ یہ", ["ہو گئی ۔", "یہ"]),
    # Closing quotes and brackets are kept with the sentence they close.
    ("close-straight-quote", 'کہا: "ٹھیک ہے۔" پھر', ['کہا: "ٹھیک ہے۔"', "پھر"]),
    ("close-urdu-quote", "کہا ’’ٹھیک ہے۔‘‘ پھر", ["کہا ’’ٹھیک ہے۔‘‘", "پھر"]),
    ("close-two-apostrophes", "کہا ''ٹھیک ہے۔'' پھر", ["کہا ''ٹھیک ہے۔''", "پھر"]),
    ("close-curly", "کہا “ٹھیک ہے؟” پھر", ["کہا “ٹھیک ہے؟”", "پھر"]),
    ("close-bracket", "(یہ اہم ہے۔) پھر", ["(یہ اہم ہے۔)", "پھر"]),
    ("close-guillemet", "«ٹھیک ہے۔» پھر", ["«ٹھیک ہے۔»", "پھر"]),
    # A question closed by a quote and then a full stop is one ending.
    ("quote-then-stop", "کون ہے؟‘۔ ہانیہ", ["کون ہے؟‘۔", "ہانیہ"]),
    # Missing space after the full stop in scraped news: still a boundary.
    ("missing-space", "کہا ہے۔انہوں نے", ["کہا ہے۔", "انہوں نے"]),
    ("missing-space-question", "کیا؟انہوں نے", ["کیا؟", "انہوں نے"]),
    ("missing-space-latin-dot", "کہا ہے.انہوں نے", ["کہا ہے.", "انہوں نے"]),
    # آئی is a letter name but also "came": with a space after, the sentence ends.
    ("letter-name-verb", "خبر سامنے آئی۔ اداکار نے", ["خبر سامنے آئی۔", "اداکار نے"]),
    # The Arabic semicolon does not end a sentence.
    ("arabic-semicolon", "وہ آیا؛ پھر گیا۔", ["وہ آیا؛ پھر گیا۔"]),
    # A spaced hyphen after a clause-final verb ends a sentence (UD Urdu convention) ...
    ("dash-after-verb", "جا رہا ہے - گھنے جنگل", ["جا رہا ہے -", "گھنے جنگل"]),
    ("en-dash-after-verb", "ریلیز کی جائے گی – اداکارہ نے", ["ریلیز کی جائے گی –", "اداکارہ نے"]),
    ("dash-no-space-after", "کیا تھا -اس کے علاوہ", ["کیا تھا -", "اس کے علاوہ"]),
    ("dash-then-quote", "محفوظ ہیں - “ہم آئے”", ["محفوظ ہیں -", "“ہم آئے”"]),
    # A dash after a verb but before a number is not a clause boundary.
    ("dash-then-number", "ہے - 2002 تک", ["ہے - 2002 تک"]),
    # ... but not between numbers, inside names, or after a noun.
    ("dash-years", "سال 2001 - 2002 ء سے", ["سال 2001 - 2002 ء سے"]),
    ("dash-name", "اسٹیٹ بینک – بی ایس سی دفاتر", ["اسٹیٹ بینک – بی ایس سی دفاتر"]),
    ("dash-glued", "ہے-گھنے", ["ہے-گھنے"]),
    # Arabic-keyboard spelling of the verb (ه for ہ) is recognised too.
    ("dash-arabic-keyboard", "جا رها هے - گھنے", ["جا رها هے -", "گھنے"]),
    # A list number opening a sentence is not a sentence by itself.
    ("list-number", "ہیں۔ 2۔ واٹس ایپ کھولیں۔", ["ہیں۔", "2۔ واٹس ایپ کھولیں۔"]),
    ("list-number-glued", "ہیں۔ 11۔شون ڈفی", ["ہیں۔", "11۔شون ڈفی"]),
    # ... while a number ending a sentence does end it.
    ("number-at-end", "تعداد 2023۔ انہوں", ["تعداد 2023۔", "انہوں"]),
    ("year-era-mark", "سال 2023 ء۔ انہوں", ["سال 2023 ء۔", "انہوں"]),
    # A spaced dash after a closed quotation ends a sentence, as after a clause-final verb; the
    # quote is closing because it is glued to the word before it.  Both quote directions occur.
    ("dash-after-quote", "کہا ''ہم جیتیں گے'' - اگلے دن", ["کہا ''ہم جیتیں گے'' -", "اگلے دن"]),
    ("dash-after-urdu-quote", "پڑھا ’’دل ہے‘‘ - سب چپ", ["پڑھا ’’دل ہے‘‘ -", "سب چپ"]),
    ("dash-after-curly-quote", "کہا “ٹھیک” – وہ گئے", ["کہا “ٹھیک” –", "وہ گئے"]),
    # ... but not before a number (a range or a year), nor a dash glued to the quote.
    ("quote-dash-number", "فلم ''جوان'' - 2023 کی ہٹ", ["فلم ''جوان'' - 2023 کی ہٹ"]),
    ("quote-dash-glued", "فلم ''جوان''-نئی ریلیز", ["فلم ''جوان''-نئی ریلیز"]),
    # A ۔ after a consonant-final word is a sentence end when nothing says the clause goes on:
    # no ergative نے waiting for its verb ...
    ("consonant-stop-no-ergative", "نتیجہ صفر۔ اگلا میچ", ["نتیجہ صفر۔", "اگلا میچ"]),
    # ... the نے already has its verb (کہا) ...
    ("ergative-verb-done", "انہوں نے کہا۔ پاک فوج", ["انہوں نے کہا۔", "پاک فوج"]),
    ("ergative-aux-done", "اس نے لکھا ہے تو بس۔ اب", ["اس نے لکھا ہے تو بس۔", "اب"]),
    # ... or a کہ clause or a coordination (where the verb may be left out) came after it.
    (
        "ergative-then-ke",
        "صدر نے کہا کہ سب کو مبارکباد۔ اجلاس",
        ["صدر نے کہا کہ سب کو مبارکباد۔", "اجلاس"],
    ),
    (
        "ergative-gapping",
        "اس نے نہ انکار کیا اور نہ اقرار۔ پھر",
        ["اس نے نہ انکار کیا اور نہ اقرار۔", "پھر"],
    ),
    # A vowel-final word before ۔ then a number: an ordinary sentence end.
    ("verb-stop-number", "وہ آئے۔ 5 لوگ گئے۔", ["وہ آئے۔", "5 لوگ گئے۔"]),
    # A year, a list number or a date after ``consonant ۔`` starts a new sentence.
    ("consonant-stop-year", "منصوبہ مکمل۔ 2024 میں نیا", ["منصوبہ مکمل۔", "2024 میں نیا"]),
    ("consonant-stop-list-number", "کام کی فہرست۔ 2۔ اگلا کام", ["کام کی فہرست۔", "2۔ اگلا کام"]),
    ("consonant-stop-decimal", "شرح سود۔ 3٫5 فیصد رہی", ["شرح سود۔", "3٫5 فیصد رہی"]),
    ("consonant-stop-percent", "شرح سود۔ 5% رہی", ["شرح سود۔", "5% رہی"]),
    # A verbless fragment of up to three words opening its line (a dateline, a heading) ends
    # there; so does a longer verbless fragment in mid-line (a heading run into the text).
    (
        "fragment-opens-line",
        "خبریں یہ ہیں۔\nلاہور۔ پنجاب میں بارش ہوئی۔",
        ["خبریں یہ ہیں۔", "لاہور۔", "پنجاب میں بارش ہوئی۔"],
    ),
    (
        "fragment-four-words",
        "کام ہو گیا ہے۔ سیاسی سفر کا آغاز۔ انتخابات میں وہ جیتے۔",
        ["کام ہو گیا ہے۔", "سیاسی سفر کا آغاز۔", "انتخابات میں وہ جیتے۔"],
    ),
    # A short mid-line fragment joins the next sentence (its ۔ is a hyphen) ...
    (
        "fragment-hyphen",
        "نقصان بڑا ہے۔ووڈافون۔ آئیڈیا نے رقم جمع کی۔",
        ["نقصان بڑا ہے۔", "ووڈافون۔ آئیڈیا نے رقم جمع کی۔"],
    ),
    (
        "fragment-train-route",
        "اعلان کیا ہے۔ نمبر 01096 حیدرآباد۔ لوک مانیا تلک ٹرین روانہ ہوگی۔",
        ["اعلان کیا ہے۔", "نمبر 01096 حیدرآباد۔ لوک مانیا تلک ٹرین روانہ ہوگی۔"],
    ),
    # ... unless a word in it is a verb.
    (
        "fragment-with-verb",
        "اعلان کیا گیا۔ ہو گیا بس۔ وہ آئے۔",
        ["اعلان کیا گیا۔", "ہو گیا بس۔", "وہ آئے۔"],
    ),
    # The hyphen rules never join across a line break.
    ("ergative-line-break", "علی نے آج پاک۔\nچین دوستی", ["علی نے آج پاک۔", "چین دوستی"]),
    # A URL on the Urdu keyboard ends with its last label; the sentence after it is separate.
    (
        "urdu-url-then-sentence",
        "فارم ہتتپس://ایکسپریس۔پک سے لیں۔ کل",
        ["فارم ہتتپس://ایکسپریس۔پک سے لیں۔", "کل"],
    ),
]

NO_SPLIT: list[tuple[str, str]] = [
    # (id, one sentence that must not be split) — one comment per case.
    # Latin titles and abbreviations from data/sent_abbreviations.txt.
    ("abbr-dr", "Dr. Hasan نے کہا۔"),
    ("abbr-mr", "Mr. Khan آئے۔"),
    ("abbr-etc", "کتابیں، قلم etc. خریدے۔"),
    ("abbr-rs", "قیمت Rs. 500 ہے۔"),
    ("abbr-urdu-script-dot", "Dr۔ Hasan نے کہا۔"),
    # Latin initials and dotted abbreviations.
    ("initials-us", "U.S. حکومت نے کہا۔"),
    ("initials-name", "J. K. Rowling نے لکھا۔"),
    ("initials-eg", "مثلاً e.g. کتابیں۔"),
    # Urdu abbreviations from letter names, with ۔ or . and no space.
    ("urdu-dg", "ڈی۔جی آئی ایس پی آر نے کہا۔"),
    ("urdu-pti-trailing-stop", "پی۔ٹی۔آئی۔ کے رہنما آئے۔"),
    ("urdu-mqm-dot", "ایم.کیو.ایم نے کہا۔"),
    ("urdu-dsp", "ڈی۔ایس۔پی۔ ہیڈکوارٹر نے کہا۔"),
    ("urdu-dg-khan", "ڈی۔جی۔خان میں بارش ہوئی۔"),
    # Single Urdu letters used as abbreviations (ق۔م = BC).
    ("urdu-single-letter", "500 ق۔م میں بنا۔"),
    # Decimal numbers in any script and with any separator.
    ("decimal-ascii", "شرح 3.5 فیصد رہی۔"),
    ("decimal-arabic-separator", "شرح ۳٫۵ فیصد رہی۔"),
    ("decimal-urdu-stop", "شرح ۳۔۵ فیصد رہی۔"),
    ("decimal-arabic-indic-digits", "شرح 3.5 اور ٣.٥ فیصد رہی۔"),
    ("fiscal-year", "مالی سال 25۔2024 کا بجٹ۔"),
    # Dates and times.
    ("date-dotted", "13.04.2021 کو اجلاس ہوا۔"),
    ("time-dotted", "صبح 10.30 بجے اجلاس ہوا۔"),
    # URLs and e-mail addresses.
    ("url-www", "www.express.pk/story/1 پر دیکھیں۔"),
    ("url-query", "https://x.com/a?id=1&b=2 پر دیکھیں۔"),
    ("email", "info.desk@express.com.pk پر لکھیں۔"),
    # A full stop inside a short parenthesis (UrduPoint datelines).
    ("parenthesis", "لاہور (اے پی پی۔ 02 مارچ) شہر میں بارش ہوئی۔"),
    # ۔ typed for a hyphen while the ergative نے still waits for its verb: no finite verb ends in
    # a consonant letter (ک), so the clause is not over at پاک۔ (also with a space before ۔).
    ("ergative-hyphen", "احمد نے کل پاک۔ چین دوستی پر تقریر کی۔"),
    ("ergative-hyphen-spaced", "علی نے آج پاک ۔ چین دوستی پر بات کی۔"),
    ("ergative-score", "ٹیم نے حریف کو تین۔ صفر سے ہرا دیا۔"),
    # ۔ typed for the hyphen of a designator: a consonant-final word, then up to three digits.
    ("designator-glued", "حکومت نے کووڈ۔19 پر قابو پا لیا۔"),
    ("designator-spaced", "پاک فضائیہ کے ایف۔ 16 طیارے اڑے۔"),
    ("designator-urdu-digits", "طیارہ جے ایف۔ ۱۷ تھنڈر اڑا۔"),
    # A web address typed with the Urdu phonetic keyboard on (ہتتپ = http).
    ("urdu-keyboard-url", "تفصیل ویب سائٹ ہتتپ: ڈان۔ کوم پر دستیاب ہے۔"),
    ("urdu-keyboard-url-https", "فارم ہتتپس://ایکسپریس۔ پک۔ ورگ سے لیں۔"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in GOLDEN], ids=[c[0] for c in GOLDEN])
def test_golden(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize("text", [c[1] for c in NO_SPLIT], ids=[c[0] for c in NO_SPLIT])
def test_no_split(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Blank lines separate paragraphs, single newlines do not.
        ("ایک۔\n\nدو۔\nتین۔", ["ایک۔", "دو۔\nتین۔"]),
        # A line of NBSP, ZWSP, ZWNJ and tabs counts as blank.
        ("ایک\n \u00a0\u200b\u200c\t\nدو", ["ایک", "دو"]),
        # CRLF line ends; a CRLF blank line is a boundary.
        ("ایک\r\nدو\r\n\r\nتین", ["ایک\r\nدو", "تین"]),
        # U+2029 PARAGRAPH SEPARATOR is a paragraph boundary by itself.
        ("ایک\u2029دو", ["ایک", "دو"]),
        # Surrounding blanks are stripped, blank-only input gives nothing.
        ("\u00a0 \n ایک \n\n", ["ایک"]),
        ("\u00a0\n\u200b\n \t", []),
    ],
    ids=[
        "blank-line",
        "invisible-blank-line",
        "crlf",
        "paragraph-separator",
        "strip",
        "blank-only",
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert paragraphs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A line without final punctuation (dateline, headline) is a sentence of its own.
        ("کراچی\nبارش ہوئی۔ سڑکیں", ["کراچی", "بارش ہوئی۔", "سڑکیں"]),
        # A sentence never runs over a blank line, even without punctuation.
        ("بارش ہوئی\n\nسڑکیں ڈوب گئیں", ["بارش ہوئی", "سڑکیں ڈوب گئیں"]),
        # Lines holding only blanks make no sentence; trailing blanks are not in the span.
        ("ایک \u00a0\n\u00a0\n دو\u200f", ["ایک", "دو"]),
        # An abbreviation at the end of a line does not glue the next line to it.
        ("Dr.\nHasan", ["Dr.", "Hasan"]),
    ],
    ids=["headline-line", "blank-line", "blank-only-lines", "abbreviation-at-line-end"],
)
def test_lines(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_seed_article() -> None:
    """The seed article: dateline, • headline, 12 body paragraphs, NBSP line, ٹیگس label."""
    text = SEED.read_text(encoding="utf-8")
    got = sentences(text)
    # The dateline (English month, Persian digits, IANA zone) is one sentence.
    assert got[0] == "Apr ۱۳, ۲۰۲۱ ۱۹:۵۶ Asia/Tehran"
    # The headline line has no final punctuation but stays apart from the body.
    assert got[1] == "• ایران روس اسٹریٹیجک تعاون کے فروغ پر زور"
    # The page label left over at the end is a sentence of its own.
    assert got[-1] == "ٹیگس"
    # Every ۔ of the body ends one sentence (14 in the file), nothing else splits it.
    body = got[2:-1]
    assert len(body) == text.count("۔") == 14
    assert all(s.endswith("۔") and s.count("۔") == 1 for s in body)
    # The NBSP-only line makes no sentence: every sentence holds a letter.
    assert all(any(ch.isalpha() for ch in s) for s in got)
    # Two sentences share one body paragraph (… کر رہے ہیں۔ انہوں نے کہا …).
    assert any(s.startswith("انہوں نے کہا کہ ایران روس تعاون") for s in body)
    # Paragraphs: dateline + headline (no blank line between), 12 body paragraphs, ٹیگس.
    paras = paragraphs(text)
    assert len(paras) == 14
    assert paras[0].startswith("Apr")
    assert paras[0].endswith("زور")
    assert paras[-1] == "ٹیگس"


# --- data files -------------------------------------------------------------------------------


def _data_entries(name: str) -> list[str]:
    text = files("akhbar.text").joinpath(f"data/{name}").read_text(encoding="utf-8")
    lines = [line.split("\t", 1)[0].strip() for line in text.splitlines()]
    assert text.startswith("#"), f"{name} needs a comment header"
    return [w for w in lines if w and not w.startswith("#")]


@pytest.mark.parametrize("name", ["sent_letter_names.txt", "sent_clause_final.txt"])
def test_urdu_word_lists_are_urdu_script(name: str) -> None:
    words = _data_entries(name)
    assert words
    assert len(words) == len(set(words))
    for word in words:
        assert all("\u0600" <= ch <= "\u06ff" for ch in word), word


def test_abbreviations_data() -> None:
    words = _data_entries("sent_abbreviations.txt")
    assert "Dr" in words
    assert "etc" in words
    for word in words:
        # Written without the final dot, one token, no duplicates.
        assert not word.endswith((".", "۔")), word
        assert " " not in word, word
    assert len(words) == len(set(words))


# --- properties -------------------------------------------------------------------------------

_PIECES = [
    "ہے",
    "انہوں",
    "ڈی",
    "جی",
    "پی",
    "Dr",
    "U",
    "S",
    "www",
    "pk",
    "3",
    "۵",
    "٫",
    "۔",
    ".",
    "؟",
    "?",
    "!",
    "…",
    "؛",
    "-",
    "–",
    '"',
    "'",
    "’’",
    "”",
    "(",
    ")",
    "[",
    "]",
    " ",
    " ",
    "\u00a0",
    "\u200b",
    "\u200c",
    "\u200f",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\u2029",
    "\u2028",
    "@",
    "/",
    "ء",
    "ق",
    "1",
    # Pieces that exercise the hyphen rules (ergative نے, consonant-final words, designators).
    "نے",
    "پاک",
    "19",
    "ہتتپ:",
]
urduish = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
any_text = st.one_of(urduish, st.text(max_size=200))


def _invisible(ch: str) -> bool:
    """Blank for the contract: whitespace, format characters (ZWSP, ZWNJ, bidi marks) and CGJ."""
    return ch.isspace() or unicodedata.category(ch) == "Cf" or ch == "\u034f"


def _check_spans(text: str, spans: list[Span]) -> None:
    last = 0
    for s, e in spans:
        assert isinstance(s, int)
        assert isinstance(e, int)
        assert last <= s < e <= len(text), (s, e)  # sorted, non-overlapping, in bounds, non-empty
        assert not _invisible(text[s])
        assert not _invisible(text[e - 1])
        last = e


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_sentence_properties(text: str) -> None:
    spans = split_sentences(text)
    _check_spans(text, spans)
    paras = split_paragraphs(text)
    _check_spans(text, paras)
    covered = [0] * len(text)
    for s, e in spans:
        # A sentence never crosses a line break, hence never a blank line.
        assert not any(ch in text[s:e] for ch in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        # ... and lies inside one paragraph.
        assert any(ps <= s and e <= pe for ps, pe in paras)
        for i in range(s, e):
            covered[i] += 1
    # Nothing lost: every visible character is in exactly one sentence (and one paragraph).
    in_para = [0] * len(text)
    for s, e in paras:
        for i in range(s, e):
            in_para[i] += 1
    for i, ch in enumerate(text):
        if not _invisible(ch):
            assert covered[i] == 1, (i, ch)
            assert in_para[i] == 1, (i, ch)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map("".join))
def test_blank_lines_are_paragraph_boundaries(text: str) -> None:
    # Gluing two texts with a blank line of NBSP never joins them into one sentence or paragraph.
    joined = text + "\n\u00a0\n" + text
    cut = len(text)
    for s, e in [*split_sentences(joined), *split_paragraphs(joined)]:
        assert e <= cut or s >= cut + 3


@pytest.mark.parametrize(
    "text",
    [
        "(" * 20_000,
        "ڈی۔" * 10_000,
        "3." * 20_000,
        "ہے -" * 10_000,
        "۔ " * 20_000,
        "a" * 50_000 + ".",
        "(" + "ہے۔ " * 10_000,
    ],
    ids=["parens", "letter-chain", "dotted-number", "dashes", "stops", "long-word", "open-paren"],
)
def test_no_pathological_slowdown(text: str) -> None:
    # Linear time: even adversarial input of ~50k characters is split in well under a second.
    start = time.process_time()
    split_sentences(text)
    split_paragraphs(text)
    assert time.process_time() - start < 1.0


# --- quality gate -----------------------------------------------------------------------------


def test_ud_urdu_dev_sentence_f1() -> None:
    gold = load_ud()
    system = split_sentences(gold.text)
    p, r, f = span_f1(gold.text, gold.sentences, system)
    # On failure, show every false split and every missed split in context.
    false, missed = boundary_errors(gold.text, gold.sentences, system)
    report = (p, r, f, {"false splits": false, "missed splits": missed})
    assert f >= UD_F1_FLOOR, report
    assert r >= UD_RECALL_FLOOR, report
