"""Tell Urdu from Persian, Arabic, English and everything else, fast and without a model.

Two steps, both counts over the text (compiled regexes and ``str.translate``, no per-character
Python loop):

1. **Script.** Words are counted per script (Arabic, Latin, other).  Each script's share is weighted
   by how many of its words are known function words, so that the *matrix* language wins:
   Urdu with English words inside (``میں نے Facebook پر post دیکھی``) is still Urdu.
2. **Language within the script.**  Arabic-script text is scored for Urdu, Persian and Arabic from
   letters only one of them writes (ٹ ڈ ڑ ں ے ہ ھ for Urdu, ة ى أ إ for Arabic, پ چ ژ گ for both
   Persian and Urdu) and from small function-word lists.  Text and lists are folded first
   (ي→ی, ك→ک, ہ/ھ/ة→ه …) so Urdu typed on an Arabic keyboard still meets the Urdu list.
   Latin-script text is English unless other languages' function words outnumber English ones.

The letter classes, the fold map and the word lists are data (``data/lang_*.txt``,
``data/lang_letters.json``), loaded and compiled once at import.  Very long texts are sampled
(the first and a middle slice of :data:`SAMPLE_CHARS` characters in all).

Result: ``lang`` is one of ``ur fa ar en other``, or ``und`` (undetermined) when the text has no
letters at all (empty, only digits, punctuation or whitespace); then ``confidence`` is 0.0 and
``script`` is ``"Common"``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from importlib.resources import files
from typing import NamedTuple

import regex

from akhbar.text._charclass import ranges_body

__all__ = [
    "LANGUAGES",
    "SAMPLE_CHARS",
    "LanguageGuess",
    "ParagraphGuess",
    "identify_language",
    "identify_paragraphs",
]

#: Every value ``LanguageGuess.lang`` can take (``und``: no letters to judge).
LANGUAGES: tuple[str, ...] = ("ur", "fa", "ar", "en", "other", "und")

#: Texts longer than this are judged on a sample of this many characters (head + middle).
SAMPLE_CHARS = 6000


class LanguageGuess(NamedTuple):
    """The language of a text, how sure we are, and the dominant script.

    ``scores`` maps each of ``ur fa ar en other`` to a score in 0..1 (they sum to 1 when the text
    has letters); ``confidence`` is the score of ``lang``.
    """

    lang: str
    confidence: float
    scores: Mapping[str, float]
    script: str


class ParagraphGuess(NamedTuple):
    """A paragraph's offsets into the original text and its language."""

    start: int
    end: int
    guess: LanguageGuess


# --------------------------------------------------------------------------------------- data --


def _data(name: str) -> str:
    return files("akhbar.text").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _word_list(name: str) -> list[str]:
    """Read a one-word-a-line list; ``#`` starts a comment."""
    words = []
    for line in _data(name).splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


_LETTERS = json.loads(_data("lang_letters.json"))


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord(src): dst for src, (dst, _why) in _LETTERS["fold"].items()}
    for span in _LETTERS["drop_ranges"]:
        lo, _, hi = span.partition("-")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            table[cp] = ""
    return table


_FOLD = _fold_table()


def _fold_steps() -> tuple[re.Pattern[str], tuple[tuple[str, str], ...]] | None:
    """``_FOLD`` as one deletion regex plus single-character replacements, when that is the same.

    ``str.translate`` with a dict looks every character up (slow on Arabic text); deleting with
    one regex and then replacing the few mapped letters with ``str.replace`` gives the same
    string as long as every target is one character that is not itself folded (so the order
    of the steps cannot matter).  None when the table does not allow it.
    """
    drops = [cp for cp, dst in _FOLD.items() if dst == ""]
    pairs = tuple((chr(cp), dst) for cp, dst in _FOLD.items() if dst != "")
    if any(len(dst) != 1 or ord(dst) in _FOLD for _, dst in pairs):
        return None
    return re.compile(f"[{ranges_body(drops)}]" if drops else "(?!)"), pairs


_FOLD_STEPS = _fold_steps()


def _fold(text: str) -> str:
    """``text.translate(_FOLD)``, faster.

    >>> _fold("كيا ہے\u064e") == "كيا ہے\u064e".translate(_FOLD)
    True
    """
    if _FOLD_STEPS is None:  # pragma: no cover - only for a fold map with longer targets
        return text.translate(_FOLD)
    drop, pairs = _FOLD_STEPS
    if drop.search(text):
        text = drop.sub("", text)
    for src, dst in pairs:
        if src in text:
            text = text.replace(src, dst)
    return text


def _class_re(name: str) -> re.Pattern[str]:
    # Stdlib ``re``: for a plain character class it finds the same matches, several times faster.
    return re.compile("[" + re.escape(_LETTERS["classes"][name]["chars"]) + "]")


_URDU_ONLY = _class_re("urdu_only")
_PERSIAN_URDU = _class_re("persian_urdu")
_ARABIC_ONLY = _class_re("arabic_only")
_OTHER_ARABIC_SCRIPT = _class_re("other_arabic_script")


def _class_chars(name: str) -> tuple[str, ...]:
    """The distinct characters of a letter class (for counting them one by one)."""
    return tuple(sorted(set(_LETTERS["classes"][name]["chars"])))


_URDU_ONLY_CHARS = _class_chars("urdu_only")
_PERSIAN_URDU_CHARS = _class_chars("persian_urdu")
_ARABIC_ONLY_CHARS = _class_chars("arabic_only")


def _count_in(text: str, chars: tuple[str, ...]) -> int:
    """How many characters of ``text`` are in ``chars`` (distinct characters): the number of
    matches of their character class, from one ``str.count`` per character (faster for a few).

    >>> _count_in("ٹھیک ہے", _URDU_ONLY_CHARS) == len(_URDU_ONLY.findall("ٹھیک ہے"))
    True
    """
    return sum(map(text.count, chars))


def _folded_set(name: str) -> frozenset[str]:
    return frozenset(w.translate(_FOLD) for w in _word_list(name))


#: Function words per language, folded like the text.  Disjoint across ur/fa/ar (tested).
FUNCTION_WORDS: Mapping[str, frozenset[str]] = {
    "ur": _folded_set("lang_ur.txt"),
    "fa": _folded_set("lang_fa.txt"),
    "ar": _folded_set("lang_ar.txt"),
    "en": frozenset(w.lower() for w in _word_list("lang_en.txt")),
    "latin_other": frozenset(w.lower() for w in _word_list("lang_latin_other.txt")),
}


def _letters_in(*ranges: tuple[int, int]) -> str:
    """The letters (category L*) in the given code point ranges, as one ``re`` class body."""
    cps = (c for lo, hi in ranges for c in range(lo, hi + 1))
    return ranges_body(c for c in cps if unicodedata.category(chr(c)).startswith("L"))


# Stdlib ``re`` with prebuilt classes: faster than ``regex``'s \p{Script} sets.  The ranges are
# the Arabic and Latin blocks of the BMP (letters only are kept).
_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_LATIN_BLOCKS = (
    (0x0041, 0x007A), (0x00C0, 0x024F), (0x0250, 0x02AF), (0x1D00, 0x1DBF), (0x1E00, 0x1EFF),
    (0x2C60, 0x2C7F), (0xA720, 0xA7FF), (0xAB30, 0xAB6F), (0xFB00, 0xFB06), (0xFF21, 0xFF5A),
)  # fmt: skip
_ARABIC_WORD = re.compile(f"[{_letters_in(*_ARABIC_BLOCKS)}]+")
_LATIN_WORD = re.compile(f"[{_letters_in(*_LATIN_BLOCKS)}]+")
_ANY_WORD = re.compile(r"[^\W\d_]+")
_NOT_ARABIC_LETTER = re.compile(f"[^{_letters_in(*_ARABIC_BLOCKS)}]")
_ARTICLE = re.compile(r"(?<![^\W\d_])[وبفلک]?ال[^\W\d_]{2,}")  # Arabic al- (wa-/bi-/fa-/li-al-)
_ARTICLE_PREFIXES = "وبفلک"
_PARAGRAPH = regex.compile(r"[^\n]*\S[^\n]*")

#: Scripts named in ``LanguageGuess.script`` when neither Arabic nor Latin dominates.
_OTHER_SCRIPTS: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (name, regex.compile(rf"(?V1)[\p{{{name}}}&&\p{{L}}]+"))
    for name in (
        "Devanagari",
        "Gurmukhi",
        "Bengali",
        "Gujarati",
        "Tamil",
        "Cyrillic",
        "Greek",
        "Hebrew",
        "Han",
        "Hiragana",
        "Katakana",
        "Hangul",
        "Thai",
        "Armenian",
        "Georgian",
        "Ethiopic",
        "Syriac",
        "Thaana",
    )
)

# Weights of the evidence (rates are per Arabic-script letter or word).  Tuned on the shared Urdu
# news and on Persian and Arabic sample sentences; see tests/text/test_langid.py.
_PRIOR = {"ur": 0.02, "fa": 0.01, "ar": 0.01}
_W_URDU_LETTERS = 8.0
_W_URDU_PRESENCE = 0.5  # even one or two ے ں ٹ … in a short title all but rule out fa and ar
_W_NOT_ARABIC = 20.0  # پ چ ژ گ ک ی divide the Arabic evidence: Arabic does not write them
_W_PERSIAN_URDU_LETTERS = 1.0
_W_ARABIC_LETTERS = 4.0
_W_OTHER_SCRIPT_LETTERS = 8.0
_W_FUNCTION_WORDS = 2.0
_W_ARTICLE = 1.0
_W_SCRIPT_BASE = 0.5  # a script's words count 0.5 + its function-word rate
_W_UNKNOWN_SCRIPT = 0.75  # words of scripts without word lists count this much each

_EMPTY_SCORES: Mapping[str, float] = {"ur": 0.0, "fa": 0.0, "ar": 0.0, "en": 0.0, "other": 0.0}


# ---------------------------------------------------------------------------------- scoring --


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    half = SAMPLE_CHARS // 2
    mid = len(text) // 2
    return text[:half] + "\n" + text[mid : mid + half]


def _hits(words: list[str], vocabulary: frozenset[str]) -> int:
    return sum(map(vocabulary.__contains__, words))


def _is_letter(ch: str) -> bool:
    """``re``'s ``[^\\W\\d_]`` for one character: alphanumeric but not a decimal digit."""
    return ch.isalnum() and not ch.isdecimal()


def _count_articles(sample: str) -> int:
    """``len(_ARTICLE.findall(sample))``, by looking only where ``ال`` occurs.

    A match starts a run of letters (the lookbehind) and its greedy tail runs to the run's
    end, so there is at most one per run: the run starts with ``ال`` and has 2 letters more, or
    with one of ``وبفلک`` then ``ال`` and 2 letters more.

    >>> text = "والدہ الکتاب فالحکم الف، بالا 1الحق"
    >>> _count_articles(text) == len(_ARTICLE.findall(text))
    True
    """
    n = 0
    j = sample.find("ال")
    while j >= 0:
        if j == 0 or not _is_letter(sample[j - 1]):
            start = True
        else:  # a prefix letter that itself starts the run
            start = sample[j - 1] in _ARTICLE_PREFIXES and (j == 1 or not _is_letter(sample[j - 2]))
        tail = sample[j + 2 : j + 4]
        if start and len(tail) == 2 and _is_letter(tail[0]) and _is_letter(tail[1]):
            n += 1
        j = sample.find("ال", j + 1)
    return n


def _arabic_script(sample: str, words: list[str]) -> tuple[dict[str, float], float]:
    """Return (ur/fa/ar/other probabilities, best function-word rate) for Arabic-script words."""
    n_words = len(words)
    n_letters = max(sum(map(len, words)), 1)
    rate_fw = {lang: _hits(words, FUNCTION_WORDS[lang]) / n_words for lang in ("ur", "fa", "ar")}
    n_urdu = _count_in(sample, _URDU_ONLY_CHARS)
    urdu = n_urdu / n_letters
    persian_urdu = _count_in(sample, _PERSIAN_URDU_CHARS) / n_letters
    arabic = _count_in(sample, _ARABIC_ONLY_CHARS) / n_letters
    other = len(_OTHER_ARABIC_SCRIPT.findall(sample)) / n_letters
    article = _count_articles(sample) / n_words
    evidence = {
        "ur": _PRIOR["ur"]
        + _W_URDU_LETTERS * urdu
        + _W_URDU_PRESENCE * min(n_urdu, 2) / 2
        + _W_PERSIAN_URDU_LETTERS * persian_urdu
        + _W_FUNCTION_WORDS * rate_fw["ur"],
        "fa": _PRIOR["fa"]
        + _W_PERSIAN_URDU_LETTERS * persian_urdu
        + _W_FUNCTION_WORDS * rate_fw["fa"],
        "ar": (
            _PRIOR["ar"]
            + _W_ARABIC_LETTERS * arabic
            + _W_ARTICLE * article
            + _W_FUNCTION_WORDS * rate_fw["ar"]
        )
        / (1.0 + _W_NOT_ARABIC * persian_urdu),
        "other": _W_OTHER_SCRIPT_LETTERS * other,
    }
    total = sum(evidence.values())
    return {k: v / total for k, v in evidence.items()}, max(rate_fw.values())


def _latin_script(words: list[str]) -> tuple[float, float]:
    """Return (P(English), best function-word rate) for Latin-script words."""
    lowered = [w.lower() for w in words]
    en = _hits(lowered, FUNCTION_WORDS["en"]) / len(words)
    other = _hits(lowered, FUNCTION_WORDS["latin_other"]) / len(words)
    p_en = (0.1 + 3 * en) / (0.2 + 3 * en + 3 * other)
    return p_en, max(en, other)


def _other_script_name(sample: str) -> str:
    counts = [(len(pattern.findall(sample)), name) for name, pattern in _OTHER_SCRIPTS]
    best_count, best_name = max(counts)
    return best_name if best_count else "Other"


def identify_language(text: str) -> LanguageGuess:
    """Guess the language of ``text`` (a paragraph or a whole article).

    Returns ``lang`` in ``ur fa ar en other`` (``und`` when there are no letters), a confidence
    in 0..1, the per-language scores and the dominant script.

    >>> identify_language("وزیر اعظم نے کہا کہ ملک میں مہنگائی کم ہو گی۔").lang
    'ur'
    >>> identify_language("این کتاب برای دانشجویان است.").lang
    'fa'
    >>> identify_language("قال الوزير إن الحكومة تعمل على خطة جديدة.").lang
    'ar'
    >>> identify_language("The minister said prices will fall.").lang
    'en'
    >>> identify_language("नमस्ते दुनिया").script
    'Devanagari'
    >>> identify_language("۱۲۳ ...")[:2]
    ('und', 0.0)
    """
    sample = _sample(text)
    folded = _fold(sample)
    runs = _ANY_WORD.findall(folded)
    n_all = len(runs)
    if n_all == 0:
        return LanguageGuess("und", 0.0, dict(_EMPTY_SCORES), "Common")
    if _NOT_ARABIC_LETTER.search("".join(runs)):
        arabic_words = _ARABIC_WORD.findall(folded)
        latin_words = _LATIN_WORD.findall(folded)
    else:  # every letter is an Arabic-block letter: the letter runs are the Arabic words
        arabic_words, latin_words = runs, []
    n_other = max(n_all - len(arabic_words) - len(latin_words), 0)

    p_arabic: dict[str, float] = {}
    w_arabic = w_latin = 0.0
    p_en = 0.0
    if arabic_words:
        p_arabic, fw_rate = _arabic_script(sample, arabic_words)
        w_arabic = len(arabic_words) * (_W_SCRIPT_BASE + fw_rate)
    if latin_words:
        p_en, fw_rate = _latin_script(latin_words)
        w_latin = len(latin_words) * (_W_SCRIPT_BASE + fw_rate)
    return _guess(sample, p_arabic, w_arabic, p_en, w_latin, n_other * _W_UNKNOWN_SCRIPT)


def _guess(
    sample: str,
    p_arabic: dict[str, float],
    w_arabic: float,
    p_en: float,
    w_latin: float,
    w_other: float,
) -> LanguageGuess:
    """The guess from each script's language shares and weight: scores are the script's share
    of the evidence times the language's share within the script."""
    total = w_arabic + w_latin + w_other
    share_arabic, share_latin, share_other = w_arabic / total, w_latin / total, w_other / total

    scores = {
        "ur": share_arabic * p_arabic.get("ur", 0.0),
        "fa": share_arabic * p_arabic.get("fa", 0.0),
        "ar": share_arabic * p_arabic.get("ar", 0.0),
        "en": share_latin * p_en,
        "other": share_latin * (1.0 - p_en)
        + share_arabic * p_arabic.get("other", 0.0)
        + share_other,
    }
    lang = max(scores, key=scores.__getitem__)
    if share_arabic >= max(share_latin, share_other):
        script = "Arabic"
    elif share_latin >= share_other:
        script = "Latin"
    else:
        script = _other_script_name(sample)
    return LanguageGuess(
        lang, round(scores[lang], 4), {k: round(v, 4) for k, v in scores.items()}, script
    )


def identify_paragraphs(text: str) -> list[ParagraphGuess]:
    """Guess the language of each paragraph (each non-blank line) of ``text``.

    Offsets are into ``text``; leading and trailing whitespace of a line is not included.

    >>> text = "یہ اردو ہے۔\\n\\nThis is English."
    >>> [(p.start, p.end, p.guess.lang) for p in identify_paragraphs(text)]
    [(0, 11, 'ur'), (13, 29, 'en')]
    """
    result = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        line = match.group()
        start += len(line) - len(line.lstrip())
        end -= len(line) - len(line.rstrip())
        result.append(ParagraphGuess(start, end, identify_language(text[start:end])))
    return result
