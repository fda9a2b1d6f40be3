"""Paragraph and sentence splitting for raw Urdu news text.

Spans are ``(start, end)`` offsets into the ORIGINAL string: nothing is normalised first, so NBSP,
ZWNJ, Arabic-keyboard letters and digits of any script are all handled on the raw text.  A span
never starts or ends with whitespace or an invisible format character, and never crosses a line
break (scraped news is not hard-wrapped: a dateline or headline line is its own sentence), hence
never a blank line (a paragraph boundary).

A sentence ends at a run of ``۔ ؟ ! . ? …`` (with closing quotes and brackets glued to it), except
- between digits (``3.5``, ``۳۔۵``, ``13.04.2021``, ``10.30``, ``25۔2024``) or between Latin
  letters and digits (``www.express.pk``, ``a.b@x.com``);
- after a listed abbreviation (``Dr.``, ``etc.``; ``data/sent_abbreviations.txt``), a single
  letter (``J.``, ``U.S.``, ``ق۔م``) or a chain of Urdu letter names (``ڈی۔جی``, ``پی۔ٹی۔آئی``;
  ``data/sent_letter_names.txt``), while ``ہے۔انہوں`` (missing space) does split;
- inside short parentheses on one line (``(اے پی پی۔ 02 مارچ)``);
- after a list number opening a sentence (``2۔ واٹس ایپ …``);
- where ۔ stands for a hyphen or a dot after a word ending in a consonant letter (no finite
  Urdu verb but a bare imperative like کر does): while an ergative clause still waits for its
  verb (``احمد نے پاک۔ چین دوستی پر زور دیا``), before a number of up to three digits
  (``کووڈ۔19``, ``ایف۔ 16``), inside a web address typed on the Urdu keyboard (``ہتتپ: ڈان۔ کوم``),
  or closing a verbless fragment of at most three words in mid-line (``… ہے۔ ووڈافون۔ آئیڈیا نے
  …``, ``… ہے۔ یہ ہیپاٹائٹس۔ بی …``).
The Arabic semicolon ``؛`` does not end a sentence.  A spaced hyphen or en dash after a
clause-final verb (``… جا رہا ہے - گھنے …``; ``data/sent_clause_final.txt``) or after a closed
quotation (``… سحر پیدا'' - پیشہ …``) does.

Sentences are the matches of one regular expression compiled at import; a second pass (only
when some sentence ends in ``consonant ۔``) joins the ones the hyphen rules above keep together.
"""

from __future__ import annotations

import re
from importlib.resources import files
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

__all__ = ["LETTER_NAMES", "Span", "split_paragraphs", "split_sentences"]


class Span(NamedTuple):
    """A half-open ``[start, end)`` character range of the original text."""

    start: int
    end: int


def _load_words(name: str) -> list[str]:
    """Entries of a one-entry-a-line data file (``#`` lines are comments, text after a tab too)."""
    text = files("akhbar.text").joinpath(f"data/{name}").read_text(encoding="utf-8")
    words: list[str] = []
    for line in text.splitlines():
        entry = line.split("\t", 1)[0].strip()
        if entry and not entry.startswith("#") and entry not in words:
            words.append(entry)
    return words


def _ranges(spec: tuple[tuple[int, int], ...]) -> tuple[str, str]:
    """A regex character-class body and the plain string of characters for code point ranges."""
    body = "".join(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in spec)
    chars = "".join(chr(c) for lo, hi in spec for c in range(lo, hi + 1))
    return body, chars


# Horizontal space: every str.isspace() character that is not a line break, plus the invisible
# format characters (Unicode category Cf: ZWSP, ZWNJ, ZWJ, LRM/RLM, bidi controls, BOM, soft
# hyphen, ...) and the combining grapheme joiner.  Such characters never start or end a span.
_HSPACE_RANGES = (
    (0x09, 0x09), (0x1F, 0x20), (0xA0, 0xA0), (0xAD, 0xAD), (0x34F, 0x34F), (0x600, 0x605),
    (0x61C, 0x61C), (0x6DD, 0x6DD), (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2),
    (0x1680, 0x1680), (0x180E, 0x180E), (0x2000, 0x200F), (0x202A, 0x202F), (0x205F, 0x2064),
    (0x2066, 0x206F), (0x3000, 0x3000), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
_H, _HSPACE_CHARS = _ranges(_HSPACE_RANGES)
# Line breaks (as str.splitlines sees them) but U+2029 PARAGRAPH SEPARATOR, which is a blank line.
_LB = r"\n\v\f\r\x1c-\x1e\x85\u2028"
_LB1 = rf"(?:\r\n|[{_LB}])"
_S = rf"{_H}{_LB}\u2029"  # all blanks
# Sentence-final punctuation: . ? ! ۔ ؟ … ‼ ⁇ ⁈ ⁉ । ॥ 。 ！ ． ？
_TERM = r".?!\u06d4\u061f\u2026\u203c\u2047-\u2049\u0964\u0965\u3002\uff01\uff0e\uff1f"
_DOT = r"[.\u06d4]"  # the two full stops that also occur inside numbers and abbreviations
# Closing quotes and brackets glued to the end of a sentence (no space before them).  Urdu news
# uses the same straight and curly quotes for opening and closing, so all quotes count here.
_CLOSE = r"\"'\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a)\]}\uff09"
_DASH = r"\-\u2013"  # hyphen-minus, en dash
_PAREN_MAX = 100  # longest parenthesis (in characters) inside which a sentence is never split

# Arabic-keyboard letters an Urdu word may be typed with (ي ك ه for ی ک ہ).
_KEYBOARD = {"ی": "[یيى]", "ک": "[کك]", "ہ": "[ہهە]"}


def _word_pattern(word: str) -> str:
    return "".join(_KEYBOARD.get(ch, re.escape(ch)) for ch in word)


def _after_any(words: list[str], before: str = r"\b", after: str = "") -> str:
    """A zero-width test "one of ``words`` ends here" (one fixed-width lookbehind per length)."""
    by_len = groupby(sorted(words, key=len), key=len)
    tests = [
        rf"(?<={before}(?:{'|'.join(_word_pattern(w) for w in group)}){after})"
        for _, group in by_len
    ]
    return f"(?:{'|'.join(tests)})"


_ABBREVIATIONS = _load_words("sent_abbreviations.txt")
_LETTER_NAMES = _load_words("sent_letter_names.txt")
#: The Urdu spellings of the names of Latin letters (``پی``, ``ٹی``, ``آئی``): an acronym is
#: written as a run of them (``پی ٹی آئی``, ``پی۔ٹی۔آئی``).
LETTER_NAMES: frozenset[str] = frozenset(_LETTER_NAMES)
_CLAUSE_FINAL = _load_words("sent_clause_final.txt")
_LETTER_NAME_ALT = "|".join(_word_pattern(w) for w in sorted(_LETTER_NAMES, key=len, reverse=True))

# Pieces of a sentence body that contain a full stop which does not end the sentence.
_NO_BREAK = [
    rf"(?<=\d){_DOT}(?=\d)",  # 3.5  ۳۔۵  13.04.2021  10.30  25۔2024
    r"(?<=[A-Za-z0-9])\.(?=[A-Za-z0-9])",  # www.express.pk  a.b@x.com  U.S (first dot)
    r"(?<=[A-Za-z0-9/])[?!](?=[A-Za-z0-9=&_])",  # story?id=1
    r"(?<=\b[A-Za-z])\.",  # J. Smith  U.S.  e.g.
    rf"{_after_any(_ABBREVIATIONS)}{_DOT}",  # Dr.  etc.  Rs.
    rf"{_after_any(_LETTER_NAMES)}{_DOT}(?=(?:{_LETTER_NAME_ALT})(?!\w))",  # ڈی۔جی
    rf"{_after_any(_LETTER_NAMES, before=_DOT)}{_DOT}",  # the last dot of پی۔ٹی۔آئی۔
    # A one-letter Urdu word (ق۔م, ص۔); not ء or ھ, which follow years (2023 ء۔).
    rf"(?<=\b[\u0622-\u063a\u0641-\u064a\u0671-\u06bd\u06bf-\u06d3]){_DOT}",
]
# Quotes, which close a quotation when glued to the end of a word (Urdu news uses both
# directions of curly quotes for closing): ''  ’’  ‘‘  ”  "  »
_QUOTE_END = "'\"\u2018\u2019\u201c\u201d\u00bb\u00ab"
# A spaced hyphen after a clause-final verb or after a closed quotation (… سحر پیدا'' - پیشہ …),
# followed by a new clause: a sentence boundary.
_CLAUSE_DASH = (
    rf"(?<=[{_H}])"  # cheap first test: a spaced dash
    rf"(?:{_after_any(_CLAUSE_FINAL, after=f'[{_H}]')}"
    rf"|(?<=[^\W\d_][{_QUOTE_END}][{_H}])|(?<=[^\W\d_][{_QUOTE_END}]{{2}}[{_H}]))[{_DASH}]"
    rf"(?=[{_H}]*+(?:[^\W\d_]|[\"'\u201c\u2018\u00ab(]))"  # then a word or an opening quote
)
_BODY = "|".join(
    [
        rf"[^{_TERM}{_DASH}(\[{_LB}\u2029]++",  # ordinary text, spaces included
        *_NO_BREAK,
        # (…) on one line: never split inside, unless it ends a sentence itself: (… ہے۔)
        rf"\([^(){_LB}\u2029]{{0,{_PAREN_MAX}}}(?<![{_TERM}])\)",
        rf"\[[^\[\]{_LB}\u2029]{{0,{_PAREN_MAX}}}(?<![{_TERM}])\]",
        r"[(\[]",
        rf"(?!{_CLAUSE_DASH})[{_DASH}]",
    ]
)
# Letters that no finite Urdu verb ends with (see the second pass below).
_CONSONANT_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنٹپچڈڑژکگ"
_SENTENCE = re.compile(
    rf"(?=[^{_S}])"  # starts on a visible character
    rf"(?:\d{{1,2}}{_DOT}(?!\d))?"  # a list number: 2۔ واٹس ایپ …
    rf"(?:{_BODY})*+"
    # A lone ۔ or . right after a consonant-final word sets the only group (match.lastindex).
    rf"(?:(?:(?<=[{_CONSONANT_LETTERS}])|(?<=[{_CONSONANT_LETTERS}][{_H}]))"
    rf"(?={_DOT}(?![{_TERM}{_CLOSE}]))())?"
    # The end: ۔ ؟! ... ۔” and stray stops after it (؟ ‘‘۔  ہے۔ ۔), or the clause dash.
    rf"(?:[{_TERM}]++[{_CLOSE}]*+(?:[{_H}]*+(?:[{_CLOSE}]++[{_H}]*+)?[{_TERM}]++[{_CLOSE}]*+)*+"
    rf"|[{_DASH}])?"
)
# The pattern above ends a sentence at every ۔ that no rule protects; a second pass joins a
# sentence to the next one on the same line when its full stop sits right after a word ending in
# a consonant letter (Urdu is verb-final, and no finite verb but a bare imperative ends in one:
# ہے ہیں تھا گا گیا کیا کریں ہو ... end in a vowel letter or ں) and that ۔ is a hyphen or a dot:
# - an ergative clause is still open: نے needs its perfective verb later in the same clause, so
#   after ``X نے …`` with no verb since, and no کہ (a new clause) or اور/یا (the verb may be left
#   out: ``نہ تردید کی اور نہ تصدیق۔``), the ۔ is a hyphen (``آصف نے اسجد کو چار۔ دو سے ہرایا``);
# - a number of at most three digits follows, not ending a list item or a date (``2۔``, ``14 ۔``,
#   ``13/04``, ``1947``): a designator (``کووڈ۔19``, ``ایف۔ 16``, ``آیوش۔ 64``);
# - a web address typed with the Urdu phonetic keyboard still on (http → ہتتپ) goes on:
#   ``ہتتپ: ڈان۔ کوم سے``;
# - the sentence would be a fragment of at most three words, none a verb, that follows another
#   sentence on the same line (not a dateline or heading, which open their line): ``… کیا ہے۔
#   نمبر 01096 حیدرآباد۔ لوک مانیا تلک اسپیشل ٹرین …``, ``… ہے۔ووڈافون۔ آئیڈیا نے …``.  Checked
#   on the shared news and IL-NER train: 6 of the 7 such joins are hyphens or abbreviations; at
#   four or five words most are verbless headings run into the text, so the bound is three.
_CONSONANTS = frozenset(_CONSONANT_LETTERS)
_STOPS = ".\u06d4"
# A word: letters and digits with their combining marks (ا + madda ٓ in آنے is one word).
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])*+")
_CLAUSE_FINAL_ALT = "|".join(_word_pattern(w) for w in sorted(_CLAUSE_FINAL, key=len, reverse=True))
_VERB_END = re.compile(rf"(?:{_CLAUSE_FINAL_ALT})\Z")  # ہے, ہوگا, کردیا, جائےگی ...
_ERGATIVE = "نے"
_CLAUSE_BARRIER = re.compile("|".join(_word_pattern(w) for w in ("کہ", "اور", "یا")))
# Up to three digits that do not go on as a year, decimal, percentage, date, time or list number.
_DESIGNATOR_NUMBER = re.compile(rf"\d{{1,3}}+(?![{_H}]*+[\d{_TERM})\]/:.,،٫٬%٪-])")
_FRAGMENT_WORDS = 3
_URDU_URL_SCHEME = "ہتتپ"  # "http" typed on the Urdu phonetic keyboard
_URDU_URL_TAIL = re.compile(
    rf"{_URDU_URL_SCHEME}س?:(?://)?[{_H}]*+(?:[^\W\d_]++[{_H}]*+{_DOT}[{_H}]*+)+"
)
# Hot-loop helpers: Span(start, end) without the Python-level __new__, match attributes by C calls.
_new_span = tuple.__new__
_match_span = re.Match.span
_lastindex = attrgetter("lastindex")


def _ergative_open(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds an ergative نے that its verb has not followed yet."""
    for word in reversed(_WORD.findall(text, start, end)):
        if word == _ERGATIVE:
            return True
        if _VERB_END.search(word) or _CLAUSE_BARRIER.fullmatch(word):
            return False
    return False


def _verbless_fragment(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is at most ``_FRAGMENT_WORDS`` words, none of them a verb."""
    words = _WORD.findall(text, start, end)
    return len(words) <= _FRAGMENT_WORDS and not any(_VERB_END.search(w) for w in words)


def _in_urdu_url(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends in ``ہتتپ: label۔ label۔`` (the address goes on)."""
    at = text.rfind(_URDU_URL_SCHEME, start, end)
    return at >= 0 and _URDU_URL_TAIL.fullmatch(text, at, end) is not None


def _join_non_final_stops(text: str, spans: list[Span]) -> list[Span]:
    """Join each sentence whose ``consonant ۔`` is not an end (see above) to the next one."""
    out: list[Span] = []
    start = -1
    blanks = _BLANKS
    url = _URDU_URL_SCHEME in text
    last = len(spans) - 1
    for i, (s, e) in enumerate(spans):
        if start < 0:
            start = s
        if i < last and text[e - 1] in _STOPS:
            nxt = spans[i + 1][0]
            j = e - 1  # the end of the word before the stop
            while j > s and text[j - 1] in blanks:
                j -= 1
            if (
                j > s
                and text[j - 1] in _CONSONANTS
                and all(ch in blanks for ch in text[e:nxt])  # the next one is on this line
                and (
                    _ergative_open(text, start, j)
                    or _DESIGNATOR_NUMBER.match(text, nxt) is not None
                    or (url and _in_urdu_url(text, start, e))
                    or (
                        out  # a sentence ended before this one, on the same line
                        and text[out[-1][1] - 1] in _TERM_CHARS
                        and all(ch in blanks for ch in text[out[-1][1] : start])
                        and _verbless_fragment(text, start, j)
                    )
                )
            ):
                continue
        out.append(_new_span(Span, (start, e)))
        start = -1
    return out


# A paragraph: from a visible character, lines joined by single line breaks up to a blank line
# (trailing blanks are cut off afterwards).
_PARAGRAPH = re.compile(rf"[^{_S}](?:[^{_LB}\u2029]++|{_LB1}(?=[{_H}]*+[^{_S}]))*+")
_BLANKS = frozenset(_HSPACE_CHARS)
_TERM_CHARS = frozenset(
    ".?!\u06d4\u061f\u2026\u203c\u2047\u2048\u2049\u0964\u0965\u3002\uff01\uff0e\uff1f"
)


def split_paragraphs(text: str) -> list[Span]:
    """Split ``text`` at blank lines (lines of only spaces, NBSP or invisibles) into paragraphs.

    Each span is stripped of surrounding blanks; blank-only input gives no paragraph.

    >>> text = "پہلا۔\\n\\u00a0\\nدوسرا\\nتیسرا"
    >>> [text[s:e] for s, e in split_paragraphs(text)]
    ['پہلا۔', 'دوسرا\\nتیسرا']
    """
    return _stripped_spans(_PARAGRAPH, text)


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences, as spans into the original string.

    Every line break ends a sentence (a headline or dateline line stays apart from the body),
    so sentences never cross a paragraph boundary.

    >>> text = "ڈی۔جی نے کہا ہے۔انہوں نے 3.5 فیصد بتایا؟! ٹھیک"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['ڈی۔جی نے کہا ہے۔', 'انہوں نے 3.5 فیصد بتایا؟!', 'ٹھیک']

    ``۔`` typed for a hyphen (the نے clause has no verb yet at ``پاک۔``; a designator number):

    >>> text = "احمد نے پاک۔ چین دوستی پر زور دیا۔ کووڈ۔19 ختم۔"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['احمد نے پاک۔ چین دوستی پر زور دیا۔', 'کووڈ۔19 ختم۔']
    """
    matches = list(_SENTENCE.finditer(text))
    blanks = _BLANKS
    spans = [
        _new_span(Span, (s, e)) if text[e - 1] not in blanks else _strip_end(text, s, e)
        for s, e in map(_match_span, matches)
    ]
    if len(spans) > 1 and any(map(_lastindex, matches)):  # some sentence ends in consonant ۔
        return _join_non_final_stops(text, spans)
    return spans


def _strip_end(text: str, start: int, end: int) -> Span:
    """The span cut before its trailing blanks (it stopped at a line break or the text end)."""
    return _new_span(Span, (start, start + len(text[start:end].rstrip(_HSPACE_CHARS))))


def _stripped_spans(pattern: re.Pattern[str], text: str) -> list[Span]:
    """Spans of the matches of ``pattern``, cut before their trailing blanks."""
    spans: list[Span] = []
    blanks = _BLANKS
    for m in pattern.finditer(text):
        start, end = m.span()
        if text[end - 1] in blanks:  # stopped at a line break or the end of the text
            end = start + len(text[start:end].rstrip(_HSPACE_CHARS))
        spans.append(_new_span(Span, (start, end)))
    return spans
