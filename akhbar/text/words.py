"""Word tokenizer for Urdu news: exact offsets, a normalized form, and space-omission repair.

:func:`tokenize` cuts ``text[start:end]`` into :class:`Token` records whose ``text`` is the exact
original substring and whose ``start``/``end`` are offsets into the *whole* input string, so a
caller can tokenize one sentence span at a time and still highlight what the user sees.

One compiled regex does the cutting; its alternatives, tried in this order, give the token
``kind`` (the complete set is :data:`KINDS`):

``word``
    Arabic-script letters with the marks (diacritics), tatweel and invisible characters (ZWNJ, ZWJ,
    ZWSP, LRM/RLM, soft hyphen, BOM) inside or right after them; ``_`` joins Arabic words into one
    token, as the UD Urdu treebank writes multiword tokens (``کریں_گے``).  A ZWNJ after a letter
    that joins the next one, before a letter that joins the previous one, shows as a word break
    and ends the word (``ہم\u200cآہنگی`` is ``ہم\u200c`` ``آہنگی``); anywhere else it is invisible
    and stays inside (``پا\u200cکستان``).
``url``, ``email``
    ``https://…``, ``www.…``, or a dotted host with a known top-level domain
    (``data/words_tlds.txt``); trailing punctuation is left out of the URL.
``hashtag``, ``mention``
    ``#پاکستان``, ``@user``.
``latin``
    Latin letters and ASCII digits with at least one letter (``2G``, ``COVID``); ``-``, ``.``,
    ``'``, ``’``, ``&`` and ``_`` between such characters stay inside (``s-1``, ``P.D``,
    ``don't``).  ``/`` splits: ``Asia/Tehran`` is ``Asia`` ``/`` ``Tehran``.
``number``
    Digits of any script with ``.`` ``,`` ``:`` ``/`` ``٫`` ``٬`` between digits kept whole:
    ``1,000``, ``3.5``, ``۱۹:۵۶`` (times, as UD writes ``4:10``), ``13/04/2021`` (dates).  ``-``
    splits (ranges ``2001-2002``).  ``%``/``٪`` and the year sign ``ء`` are separate tokens
    (UD writes ``2002 ء``); a change of script (``سمیت29``) always splits.
``other``
    Letters of any other script (Devanagari, Cyrillic, …).
``punct``
    One punctuation character, except that a run of the same ``.`` ``۔`` ``'`` ``‘`` ``’`` ``"``
    ``-`` ``!`` ``?`` ``؟`` ``*`` ``_`` character is one token (``''`` as in UD, ``...``).
``symbol``
    Symbols (``+``, ``$``, emoji with their modifiers), and any other lone non-space character
    (e.g. a zero-width space between spaces; its ``norm`` is usually empty).

Whitespace is exactly what ``str.isspace`` accepts (NBSP included); every other character is in
exactly one token.  ``space_after`` says whether the character right after the token (in the
whole string, even past ``end``) is whitespace.

Space-omission repair (``repair=True``, the default) cuts an Arabic-script ``word`` after a
letter that does not join to the left (``data/words_nonjoining.txt``), where writers drop the
space because it is invisible: ``ڈاکٹرحسن`` → ``ڈاکٹر`` ``حسن``.  The decision uses the shared
word lexicon (:func:`akhbar.text.lexicon.lexicon`):

* a two-word name written joined, listed in ``data/words_name_splits.tsv``, is cut between its
  words, always: names are written both ways about evenly (``بنگلادیش`` / ``بنگلا دیش``,
  ``عامرخان`` / ``عامر خان``), and their parts are often glued into other words (``نیو``,
  ``حیدر``), which the checks below refuse; see ``scripts/build_lexicon.py``;
* a joined spelling listed in ``data/split_pairs.tsv`` is cut where listed (the corpora write it
  spaced at least 3 times as often as joined, and joined fewer than 100 times: ``پرعمل``), if the
  cut passes the same part checks as below;
* any other word seen in the lexicon is kept (``چیئرمین``, ``نوجوان``, ``کردیا``);
* an unknown word is cut into two parts of at least 2 letters that are both common words
  (each seen at least :data:`MIN_PART` times) when the parts would meet by chance often enough
  (``count(a) * count(b) / N >= THETA``) and neither part is compound-forming (glued into
  lexicon words more than :data:`GAMMA` times per use, as ``خود`` in ``خودکشی`` or ``بلا`` in
  ``بلامقابلہ``: ``خودسری``, ``بلاتاخیر`` stay whole); the best-scoring cut wins;
* bound forms are never cut off: future markers and ``کردہ`` ``شدہ``
  (``data/words_bound_suffixes.txt``), the prefix ``بے`` (``data/words_bound_prefixes.txt``).

The pieces keep exact offsets: ``ڈاکٹر`` gets ``[s, s+5)`` with ``space_after=False``.

``norm`` is :func:`akhbar.text.normalize.normalize` of the token text.

Speed (the whole pipeline must beat spaCy's tokenizer + sentencizer): no Python code runs per
token on the hot path.  One ``findall`` of a simple ``NONSPACE+ WHITESPACE*`` regex gives the
runs of non-whitespace with the whitespace after them; start offsets are the running sum of
their lengths (``accumulate``).  No token holds whitespace or looks across it, so a run's tokens
are those the token regex finds in the run alone: each distinct run is cut once, through a
cache, and most runs are one token (an UrduPoint article, warm caches: 0.17 ms, against 0.24
with the token regex over the whole text).
The kind comes from a per-distinct-token cache (the kind is a function of the token text, except
that a bare host glued to a following letter is ``latin`` in context, which is re-checked), and
the same cache marks the words that repair cuts, so repair costs nothing unless a document has
such a word.  :func:`tokenize` returns :class:`Tokens`, a read-only sequence whose
:class:`Token` records (with ``end``, ``norm``, ``space_after``) are made all at once, in C
(``map`` over ``zip``), the first time one is accessed; ``norm`` calls normalize only for
tokens holding a character that normalize changes on its own (found with one regex search
over the span), through a cache; all other tokens share their text as norm.

>>> [t.text for t in tokenize("صدرایران نے ۲۰۲۱ء میں www.express.pk پر کہا۔")]
['صدر', 'ایران', 'نے', '۲۰۲۱', 'ء', 'میں', 'www.express.pk', 'پر', 'کہا', '۔']
"""

from __future__ import annotations

import importlib
import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache, lru_cache, partial
from importlib.resources import files
from itertools import accumulate, compress, repeat
from operator import add, ne
from typing import NamedTuple, overload

from akhbar.text._charclass import ZWNJ_BREAK, ranges_body
from akhbar.text.lexicon import lexicon

__all__ = [
    "GAMMA",
    "KINDS",
    "MIN_PART",
    "NONJOINING",
    "THETA",
    "Token",
    "Tokens",
    "joined_name",
    "split_joined_names",
    "token_norm",
    "tokenize",
]

#: Every value ``Token.kind`` can take.
KINDS = frozenset(
    {"word", "latin", "number", "punct", "symbol", "url", "email", "hashtag", "mention", "other"}
)

#: An unknown word is only cut into parts that are each seen at least this often.
MIN_PART = 20
#: ... and only if the parts would meet by chance at least this often: count(a)·count(b)/N.
THETA = 0.05
#: ... and neither part is compound-forming: glued into lexicon words at most this often per use.
GAMMA = 0.3


class Token(NamedTuple):
    """One token: the exact original ``text`` at ``[start, end)``, its normalized form and kind."""

    text: str
    start: int
    end: int
    norm: str
    kind: str
    space_after: bool


def _data(name: str) -> str:
    return files("akhbar.text").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _entries(name: str) -> list[str]:
    """First field of every non-comment line of a one-entry-a-line data file."""
    out = []
    for line in _data(name).splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split()[0])
    return out


# ---------------------------------------------------------------------------------------------
# The token regex (compiled once).

#: Exactly the characters ``str.isspace`` accepts.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_WS_SET = frozenset(WHITESPACE)


def _char_classes() -> dict[str, str]:
    """``re`` character-class bodies by Unicode category and script, built once from unicodedata.

    The stdlib ``re`` engine is several times faster than ``regex`` with Unicode-property
    classes, so the classes are spelled out (Basic Multilingual Plane; other planes fall to
    ``symbol``).
    """
    groups: dict[str, list[int]] = {k: [] for k in ("AL", "LA", "OL", "M", "P", "S")}
    for cp in range(0x10000):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat[0] == "L":
            name = unicodedata.name(ch, "")
            key = "AL" if name.startswith("ARABIC") else "LA" if name.startswith("LATIN") else "OL"
            groups[key].append(cp)
        elif cat[0] in "MPS":
            groups[cat[0]].append(cp)
    groups["S"].extend(range(0x1F000, 0x1FB00))  # emoji and pictographs
    return {key: ranges_body(cps) for key, cps in groups.items()}


#: :func:`_char_classes` as computed for one Unicode version, shipped so that importing this
#: module does not walk the 65,536 code points each time (~0.1 s of every command's start);
#: ``scripts/build_charclasses.py`` writes it, tests/text check it against the computation.
CHAR_CLASSES_FILE = "charclasses.json"


def _load_char_classes() -> dict[str, str]:
    """The shipped character classes when they were built for this Python's Unicode
    database, else :func:`_char_classes` computed now."""
    try:
        shipped = json.loads(_data(CHAR_CLASSES_FILE))
    except (OSError, ValueError):  # pragma: no cover - a damaged or missing install
        return _char_classes()
    if not isinstance(shipped, dict) or shipped.get("unidata") != unicodedata.unidata_version:
        return _char_classes()
    classes = shipped.get("classes")
    if not isinstance(classes, dict):  # pragma: no cover - a damaged install
        return _char_classes()
    return {str(k): str(v) for k, v in classes.items()}


_C = _load_char_classes()
_WS = re.escape(WHITESPACE)
# Invisible format characters that belong to the word they touch.
_INVIS = "\u200b-\u200f\u2060\ufeff\u00ad\u061c"
_J = f"[{_C['M']}\u0640{_INVIS}]"  # marks, tatweel, invisibles
_AL = f"[{_C['AL']}]"  # an Arabic-script letter
_AW = f"[{_C['AL']}{_C['M']}\u0640{_INVIS}]"  # anything inside an Arabic word
# A ZWNJ after a letter that joins the next one (marks between looked through) and before a
# letter that joins the previous one shows as a word break (ہم\u200cآہنگی looks like ہم آہنگی):
# the word ends after it.  Any other ZWNJ is invisible and stays inside the word (پا\u200cکستان).
# normalize() makes the first a space and drops the second, so a token's norm agrees.
_AW_NO_ZWNJ = _AW.replace("\u200b-\u200f", "\u200b\u200d-\u200f")
# The inside of an Arabic word: _AW, with a ZWNJ only where it is not a break; a break ends it.
_WORD_BODY = f"{_AW_NO_ZWNJ}*(?:(?!{ZWNJ_BREAK})\u200c{_AW_NO_ZWNJ}*)*(?:{ZWNJ_BREAK})?"
_LA = f"[{_C['LA']}0-9{_C['M']}{_INVIS}]"  # anything inside a Latin word
_TLDS = "|".join(sorted(_entries("words_tlds.txt"), key=len, reverse=True))
# A URL ends on a character that is not sentence punctuation.
_URL_END = f"[^{_WS}.,;:!?'\"()\\[\\]{{}}<>«»،۔؟؛‘’“”]"
_URL_BODY = f'(?:[^{_WS}<>"«»“”]*{_URL_END})?'
_PUNCT_RUNS = "|".join(f"{re.escape(c)}+" for c in ".۔'‘’\"-!?؟*_")

_TOKEN = re.compile(
    f"""
    (?P<word>{_J}*{_AL}{_WORD_BODY}(?:_+{_J}*{_AL}{_WORD_BODY})*)
  | (?P<url>(?i:(?:https?|ftp)://|www\\.){_URL_BODY}{_URL_END}
        |(?i:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:{_TLDS}))(?![^\\W_])
         (?:/{_URL_BODY})?)
  | (?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{{2,}})
  | (?P<hashtag>\\#(?:[^\\W]|[{_C["M"]}{_INVIS}])+)
  | (?P<mention>@(?:[^\\W]|[{_C["M"]}])+)
  | (?P<latin>{_J}*[0-9]*[{_C["LA"]}]{_LA}*(?:[-.'’&_][{_C["LA"]}0-9]{_LA}*)*)
  | (?P<number>\\d+(?:[.,:/٫٬]\\d+)*)
  | (?P<other>{_J}*[{_C["OL"]}][{_C["OL"]}{_C["M"]}{_INVIS}]*)
  | (?P<punct>{_PUNCT_RUNS}|[{_C["P"]}])
  | (?P<symbol>[{_C["S"]}][{_C["M"]}{_INVIS}]*(?:\u200d[{_C["S"]}][{_C["M"]}{_INVIS}]*)*|[^{_WS}])
    """,
    re.VERBOSE,
)


# ---------------------------------------------------------------------------------------------
# norm: normalize() where it changes something.


# Same clean-up as ``_clean`` in scripts/build_lexicon.py (fold Arabic code points, compose
# hamza/madda sequences, THEN drop marks and invisibles), so words are looked up the way they
# were counted.
_KEY_DROP = dict.fromkeys(
    [*range(0x064B, 0x0660), 0x0670, 0x0640, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x00AD]
)
_KEY_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ۃ", "ۀ": "ۂ", "ە": "ہ", "ﻻ": "لا"})
_KEY_COMPOSE = [
    ("و\u0654", "ؤ"),
    ("ی\u0654", "ئ"),
    ("ا\u0653", "آ"),
    ("ہ\u0654", "ۂ"),
    ("ے\u0654", "ۓ"),
]


def _lexicon_key(text: str) -> str:
    text = text.translate(_KEY_FOLD)
    for seq, ch in _KEY_COMPOSE:
        text = text.replace(seq, ch)
    return text.translate(_KEY_DROP)


def _fallback_normalize(text: str) -> str:
    """Stand-in used only while ``akhbar.text.normalize`` is missing: the lexicon's own clean-up."""
    return _lexicon_key(text).translate(_DIGITS)


_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def _load_normalize() -> Callable[[str], str]:
    try:
        module = importlib.import_module("akhbar.text.normalize")
    except ImportError:  # pragma: no cover - only until the normalize module lands
        return _fallback_normalize
    fn: Callable[[str], str] = module.normalize
    return fn


_normalize = _load_normalize()

# Characters that normalize leaves alone when they stand alone: tokens made only of them are
# their own norm (checked against normalize itself by the property tests).
_CANDIDATES = "".join(
    chr(c)
    for lo, hi in ((0x21, 0x7E), (0xA1, 0x24F), (0x600, 0x6FF), (0x750, 0x77F), (0x2010, 0x2027))
    for c in range(lo, hi + 1)
)
# Marks are never "clean": normalize composes them with the letter before (ی + ٔ → ئ).
_CLEAN = WHITESPACE + "".join(
    c for c in _CANDIDATES if _normalize(c) == c and not unicodedata.category(c).startswith("M")
)
_DIRTY = re.compile(f"[^{re.escape(_CLEAN)}]")


# ---------------------------------------------------------------------------------------------
# Space-omission repair.

_NONJOINING = frozenset(_entries("words_nonjoining.txt"))
#: Letters that never join the following letter: a space after one of them can be dropped
#: without a visible change (``ڈاکٹرحسن``), so glued words are cut only after one of these.
NONJOINING = _NONJOINING
_BOUND_LEFT = frozenset(_entries("words_bound_prefixes.txt"))
_BOUND = frozenset(_entries("words_bound_suffixes.txt"))
# A word worth a look: a non-joining letter followed by another letter.
_CUTTABLE = re.compile(f"[{''.join(sorted(_NONJOINING))}]{_J}*{_AL}")
_NONJOINING_AT = re.compile(f"[{''.join(sorted(_NONJOINING))}]")
# A run of Arabic-script letters (with their marks): a word as repair sees it.
_CUTTABLE_WORD = re.compile(f"(?:{_AL}{_J}*)+")


def _cut_table(name: str) -> Mapping[str, int]:
    """Joined spelling → cut position, from a ``joined<TAB>left<TAB>right…`` data file."""
    out: dict[str, int] = {}
    for line in _data(name).splitlines():
        if line and not line.startswith("#"):
            joined, left, *_ = line.split("\t")
            out[joined] = len(left)
    return out


@cache
def _split_pairs() -> Mapping[str, int]:
    """Joined spelling → cut position, from ``data/split_pairs.tsv``."""
    return _cut_table("split_pairs.tsv")


@cache
def _name_splits() -> Mapping[str, int]:
    """Joined spelling of a two-word name → cut position, from ``data/words_name_splits.tsv``."""
    return _cut_table("words_name_splits.tsv")


def joined_name(text: str) -> bool:
    """Whether ``text`` holds a word that is a two-word name written joined, which repair cuts
    between the name's words whatever the part checks say (``data/words_name_splits.tsv``).

    >>> joined_name("بنگلادیش"), joined_name("بنگلا دیش"), joined_name("ڈاکٹرحسن")
    (True, False, False)
    """
    return any(_lexicon_key(m.group()) in _name_splits() for m in _CUTTABLE_WORD.finditer(text))


@cache
def _total() -> int:
    return sum(lexicon().values())


@cache
def _glue() -> tuple[Mapping[str, float], Mapping[str, float]]:
    """How often a word is glued into longer lexicon words, as a left / right part, per use.

    Counts lexicon words ``a + b`` (cut after a non-joining letter, both parts common words, not a
    known run-together spelling) and divides by the part's own count: ``خود`` (خودکشی, خودمختار)
    and ``سری`` (دوسری) score high, ``صدر`` and ``ایران`` near 0.
    """
    lex, pairs = lexicon(), _split_pairs()
    common = {w for w, c in lex.items() if c >= MIN_PART}
    left: dict[str, float] = {}
    right: dict[str, float] = {}
    for word, count in lex.items():
        if len(word) < 4 or word in pairs:
            continue
        # Cut after a non-joining letter at offsets 1 .. len - 3 (parts of 2 letters or more).
        for m in _NONJOINING_AT.finditer(word, 1, len(word) - 2):
            i = m.end()
            a = word[:i]
            if a in common:
                b = word[i:]
                if b in common:
                    left[a] = left.get(a, 0) + count
                    right[b] = right.get(b, 0) + count
    return (
        {a: c / lex[a] for a, c in left.items()},
        {b: c / lex[b] for b, c in right.items()},
    )


def _cut_ok(left: str, right: str) -> bool:
    """Whether a cut into two common, non-compound-forming words is allowed at all."""
    lex = lexicon()
    glue_left, glue_right = _glue()
    return (
        left not in _BOUND_LEFT
        and right not in _BOUND
        and lex.get(left, 0) >= MIN_PART
        and lex.get(right, 0) >= MIN_PART
        and glue_left.get(left, 0) <= GAMMA
        and glue_right.get(right, 0) <= GAMMA
    )


@lru_cache(maxsize=1)
def _longest_key() -> int:
    return max(map(len, lexicon()), default=0)


@lru_cache(maxsize=1 << 16)
def _cut(key: str) -> int:
    """Where to cut the lexicon key of a word (0: do not cut)."""
    name = _name_splits().get(key)
    if name is not None:
        return name
    known = _split_pairs().get(key)
    if known is not None:
        return known if _cut_ok(key[:known], key[known:]) else 0
    lex = lexicon()
    if key in lex:
        return 0
    best, best_score = 0, THETA * _total()
    # Both parts must be lexicon words (MIN_PART uses each), so no part is longer than the
    # longest one: only those cuts are tried (all of them made a long word quadratic).
    longest = _longest_key()
    for i in range(max(2, len(key) - longest), min(len(key) - 1, longest + 1)):
        if key[i - 1] not in _NONJOINING:
            continue
        left, right = key[:i], key[i:]
        score = lex.get(left, 0) * lex.get(right, 0)
        if score >= best_score and _cut_ok(left, right):
            best, best_score = i, score
    return best


def _cut_word(word: str) -> int:
    """Where to cut the word token ``word`` (an offset into it; 0: do not cut)."""
    # A lexicon word is its own lexicon key (the lexicon holds keys), so a common word is
    # known without computing its key.
    if word in _COMMON or not _CUTTABLE.search(word):
        return 0
    key = _lexicon_key(word)
    if key in _COMMON:
        return 0
    cut = _cut(key)
    if not cut or key == word:
        return cut
    return _char_cut(word, cut)


def _char_cut(word: str, cut: int) -> int:
    """The offset into ``word`` of the cut at ``cut`` in its lexicon key: characters the key
    drops (marks, tatweel, invisibles) stay with the left part."""
    n = 0
    for i, ch in enumerate(word):
        ch_key = _lexicon_key(ch)
        if n == cut and ch_key:
            return i
        n += len(ch_key)
    return 0


def split_joined_names(text: str) -> str:
    """``text`` with a space put between the words of each two-word name written joined
    (what repair cuts whatever the part checks say: :func:`joined_name`), so that a list
    of names keys them as the tokenizer cuts the news.

    >>> split_joined_names("خیبرپختونخوا اسمبلی")
    'خیبر پختونخوا اسمبلی'
    >>> split_joined_names("ڈاکٹرحسن روحانی")
    'ڈاکٹرحسن روحانی'
    """
    names = _name_splits()
    out: list[str] = []
    last = 0
    for m in _CUTTABLE_WORD.finditer(text):
        cut = names.get(_lexicon_key(m.group()))
        if cut is not None:
            at = m.start() + (_char_cut(m.group(), cut) or cut)
            out += [text[last:at], " "]
            last = at
    return "".join(out) + text[last:] if out else text


# Words seen this often are never cut (fast path: one set lookup), but a joined name.
_COMMON = frozenset(w for w, c in lexicon().items() if c >= 100) - _name_splits().keys()


# ---------------------------------------------------------------------------------------------
# Per-distinct-token caches.  A token's kind, norm and repair cut depend on its text alone
# (except url vs latin, fixed up in ``_Doc.items``), so each distinct token string is looked at
# once; news vocabularies are Zipfian, so the caches stay small.  Each is emptied when it
# reaches _CACHE_MAX entries (checked once per call), which bounds memory on endless streams.

_CACHE_MAX = 1 << 18


class _KindCache(dict[str, str]):
    """token → kind, except a word that repair cuts → _CUT (its cut offset is in _CUTS)."""

    def __missing__(self, tok: str) -> str:
        m = _TOKEN.fullmatch(tok)
        kind = (m.lastgroup if m else None) or "symbol"
        if kind == "word":
            cut = _cut_word(tok)
            if cut:
                _CUTS[tok] = cut
                kind = _CUT
        self[tok] = kind
        return kind


class _NormCache(dict[str, str]):
    def __missing__(self, tok: str) -> str:
        norm = self[tok] = _normalize(tok)
        return norm


class _SplitCache(dict[str, tuple[tuple[str, ...], tuple[int, ...]] | None]):
    """A run of non-whitespace → None when it is one token, else its tokens and their start
    offsets in the run."""

    def __missing__(self, run: str) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
        tokens = _PIECES.findall(run)  # no whitespace inside: each piece is a token
        if len(tokens) == 1:
            split = None
        else:
            offsets = tuple(accumulate(map(len, tokens), initial=0))[:-1]
            split = (tuple(tokens), offsets)
        self[run] = split
        return split


_CUT = "word (cut)"  # not in KINDS: only ever seen inside the cache
_KIND = _KindCache()
_NORM = _NormCache()
_SPLITS = _SplitCache()
_CUTS: dict[str, int] = {}


def _trim_caches() -> None:
    if len(_KIND) > _CACHE_MAX:
        _KIND.clear()
        _CUTS.clear()
    if len(_NORM) > _CACHE_MAX:
        _NORM.clear()
    if len(_SPLITS) > _CACHE_MAX:
        _SPLITS.clear()


# ---------------------------------------------------------------------------------------------
# Cutting: one findall over the span gives each token with the whitespace after it (one string
# per token, no groups); offsets come from the running sum of their lengths, and the tokens are
# those strings right-stripped (a token never ends in whitespace, and ``str.rstrip`` strips
# exactly WHITESPACE), so no Python code runs per token.

_PIECES = re.compile(f"(?:{re.sub(r'[(][?]P<[a-z]+>', '(?:', _TOKEN.pattern)})[{_WS}]*", re.VERBOSE)
_LEADING_WS = re.compile(f"[{_WS}]*")
# A run of non-whitespace and the whitespace after it.  No token holds whitespace and none
# looks across it (the token regex's look-arounds test letters, marks and ZWNJ, which are
# not whitespace, and a neighbour that is whitespace fails them as the run's edge does), so
# a run's tokens are the tokens of the run alone: a run is cut once (_SPLITS) and most runs
# are one token, which a much simpler regex finds several times faster than the token regex.
_RUNS = re.compile(f"[^{_WS}]+[{_WS}]*")


class _Doc:
    """Token columns of one tokenized span; Token objects are made in bulk on first access."""

    __slots__ = ("_items", "end", "kinds", "start", "starts", "text", "texts")

    def __init__(
        self, text: str, start: int, end: int, texts: list[str], starts: list[int], kinds: list[str]
    ) -> None:
        self.text, self.start, self.end = text, start, end
        self.texts = texts  # token strings
        self.starts = starts  # their start offsets
        self.kinds = kinds  # their kinds
        self._items: list[Token] | None = None

    def items(self) -> list[Token]:
        if self._items is None:
            self._items = self._build()
        return self._items

    def _build(self) -> list[Token]:
        text, texts, starts = self.text, self.texts, self.starts
        if not texts:
            return []
        ends = list(map(add, starts, map(len, texts)))
        norms = texts
        dirty = [m.start() for m in _DIRTY.finditer(text, self.start, self.end)]
        if len(dirty) * 8 > len(texts):
            norms = list(map(_NORM.__getitem__, texts))
        elif dirty:
            norms = texts.copy()
            for pos in dirty:
                i = bisect_right(starts, pos) - 1
                norms[i] = _NORM[texts[i]]
        space = list(map(ne, ends, starts[1:]))
        last = ends[-1]
        space.append(last < len(text) and text[last] in _WS_SET)
        return list(
            map(_new_token, zip(texts, starts, ends, norms, self.kinds, space, strict=True))
        )


_new_token = partial(tuple.__new__, Token)


def token_norm(text: str) -> str:
    """The ``norm`` of a token whose text is ``text`` (what :class:`Token` records carry).

    >>> token_norm("كيا"), token_norm("ایک")
    ('کیا', 'ایک')
    """
    return _NORM[text] if _DIRTY.search(text) else text


class Tokens(Sequence[Token]):
    """The tokens of a span: a read-only sequence of :class:`Token`, like a list.

    The cutting (and repair) is done when the sequence is made; the :class:`Token` records are
    made together, for the whole tokenized text, the first time one is accessed, so that a
    caller that only needs some sentences' tokens does not pay for the others.  Slicing gives a
    ``list``; ``==`` compares with any sequence of tokens.

    >>> toks = tokenize("ایک دو")
    >>> len(toks), toks[-1].text, toks == [toks[0], toks[1]]
    (2, 'دو', True)
    """

    __slots__ = ("_doc", "_hi", "_lo")

    def __init__(self, doc: _Doc, lo: int, hi: int) -> None:
        self._doc, self._lo, self._hi = doc, lo, hi

    def __len__(self) -> int:
        return self._hi - self._lo

    @overload
    def __getitem__(self, index: int) -> Token: ...
    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...
    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        items = self._doc.items()
        if isinstance(index, slice):
            return items[self._lo : self._hi][index]
        n = self._hi - self._lo
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("token index out of range")
        return items[self._lo + index]

    def __iter__(self) -> Iterator[Token]:
        return iter(self._doc.items()[self._lo : self._hi])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Tokens | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Tokens({list(self)!r})"

    def columns(self) -> tuple[list[str], list[str]]:
        """The tokens' texts and kinds as two lists, without making :class:`Token` records.

        >>> tokenize("ایک، دو").columns()
        (['ایک', '،', 'دو'], ['word', 'punct', 'word'])
        """
        doc, lo, hi = self._doc, self._lo, self._hi
        return doc.texts[lo:hi], doc.kinds[lo:hi]

    def starts(self) -> list[int]:
        """The tokens' start offsets, without making :class:`Token` records (a token ends at
        its start plus the length of its text).

        >>> tokenize("ایک، دو").starts()
        [0, 3, 5]
        """
        return self._doc.starts[self._lo : self._hi]

    def split_at(self, bounds: Sequence[tuple[int, int]]) -> list[Tokens] | None:
        """The tokens inside each ``(start, end)`` span, or None if a token crosses a span edge.

        ``bounds`` are sorted, non-overlapping offsets into the text.

        >>> [[t.text for t in part] for part in tokenize("ہاں۔ نہیں").split_at([(0, 4), (5, 9)])]
        [['ہاں', '۔'], ['نہیں']]
        """
        doc = self._doc
        starts, texts = doc.starts, doc.texts
        lo, hi = self._lo, self._hi
        out = []
        for s, e in bounds:
            i = bisect_left(starts, s, lo, hi)
            j = bisect_left(starts, e, i, hi)
            if (i > lo and starts[i - 1] + len(texts[i - 1]) > s) or (
                j > i and starts[j - 1] + len(texts[j - 1]) > e
            ):
                return None
            out.append(Tokens(doc, i, j))
        return out


def tokenize(text: str, start: int = 0, end: int | None = None, *, repair: bool = True) -> Tokens:
    """Tokenize ``text[start:end]`` (offsets into ``text``); ``repair`` splits run-together words.

    >>> [(t.text, t.start, t.end, t.kind) for t in tokenize("x ڈاکٹرحسن 1,000٪", 2)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('ڈاکٹر', 2, 7, 'word'), ('حسن', 7, 10, 'word'),
     ('1,000', 11, 16, 'number'), ('٪', 16, 17, 'punct')]
    >>> tokenize("ڈاکٹرحسن", repair=False)[0].text
    'ڈاکٹرحسن'
    """
    n = len(text)
    if end is None or end > n:
        end = n
    start = max(start, 0)
    _trim_caches()
    lead = _LEADING_WS.match(text, start, max(start, end))
    pos = lead.end() if lead else start  # always matches (possibly empty)
    wholes = _RUNS.findall(text, pos, end)
    if not wholes:
        return Tokens(_Doc(text, start, end, [], [], []), 0, 0)
    texts = list(map(str.rstrip, wholes))
    starts = list(accumulate(map(len, wholes), initial=pos))
    starts.pop()
    splits = list(map(_SPLITS.__getitem__, texts))
    if any(splits):
        texts, starts = _split_runs(texts, starts, splits)
    kinds = list(map(_KIND.__getitem__, texts))
    if "url" in kinds:  # a bare host glued to a following letter is latin in context
        for i, kind in enumerate(kinds):
            if kind == "url":
                m = _TOKEN.match(text, starts[i], end)
                kinds[i] = (m.lastgroup if m else None) or "symbol"
    if _CUT in kinds:
        if repair:
            texts, starts, kinds = _repair(texts, starts, kinds)
        else:
            kinds = ["word" if k is _CUT else k for k in kinds]
    return Tokens(_Doc(text, start, end, texts, starts, kinds), 0, len(texts))


def _split_runs(
    texts: list[str],
    starts: list[int],
    splits: list[tuple[tuple[str, ...], tuple[int, ...]] | None],
) -> tuple[list[str], list[int]]:
    """The runs' columns with each run of several tokens (its ``splits`` entry) replaced by
    its tokens."""
    new_texts: list[str] = []
    new_starts: list[int] = []
    prev = 0
    for i in compress(range(len(splits)), splits):
        split = splits[i]
        if split is None:  # pragma: no cover - compress left out the runs of one token
            continue
        tokens, offsets = split
        new_texts += texts[prev:i]
        new_starts += starts[prev:i]
        new_texts += tokens
        new_starts += map(add, repeat(starts[i]), offsets)
        prev = i + 1
    new_texts += texts[prev:]
    new_starts += starts[prev:]
    return new_texts, new_starts


def _repair(
    texts: list[str], starts: list[int], kinds: list[str]
) -> tuple[list[str], list[int], list[str]]:
    """The columns with every word marked _CUT cut in two."""
    new_texts: list[str] = []
    new_starts: list[int] = []
    new_kinds: list[str] = []
    prev = 0
    i = kinds.index(_CUT)
    while True:
        tok, s = texts[i], starts[i]
        cut = _CUTS.get(tok) or _cut_word(tok)  # another thread may have emptied the cache
        new_texts += texts[prev:i]
        new_starts += starts[prev:i]
        new_kinds += kinds[prev:i]
        if cut:
            new_texts += (tok[:cut], tok[cut:])
            new_starts += (s, s + cut)
            new_kinds += ("word", "word")
        else:
            new_texts.append(tok)
            new_starts.append(s)
            new_kinds.append("word")
        prev = i + 1
        try:
            i = kinds.index(_CUT, prev)
        except ValueError:
            break
    new_texts += texts[prev:]
    new_starts += starts[prev:]
    new_kinds += kinds[prev:]
    return new_texts, new_starts, new_kinds
