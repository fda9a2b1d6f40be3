"""Numbers in Urdu text: number words, digits of any script, fractions, ordinals, years, percents.

Urdu writes numbers as digits (ASCII ``0-9``, Urdu/Persian ``۰-۹``, Arabic-Indic ``٠-٩``, with
``,``/``٬`` thousands and ``.``/``٫`` decimal separators) or in words: every number from 1 to 99
is an irregular word (``اکیس`` 21, ``ننانوے`` 99), and big numbers use the Indian system
(``لاکھ`` 10^5, ``کروڑ`` 10^7, ``ارب`` 10^9, ``کھرب`` 10^11).  The words, their variant
spellings and the words that need context live in ``data/number_words.json``; they are compiled
once, at import, into one regex.

Grammar (Indian system): ``[prefix] unit [سو [unit]] (big-multiplier [prefix] unit ...)*``, where
the prefixes are ``سوا`` (+¼), ``ساڑھے`` (+½) and ``پونے`` (−¼) and apply to what follows
(``سوا سو`` = 125, ``پونے تین لاکھ`` = 275000).  Two bare two-digit words in a row read as one
four-digit number (``انیس اکیاسی`` = 1981, ``بائیس اکتیس`` = 2231) unless they look like an
approximate range (``بیس پچیس`` "20-25": the second is larger by at most 5, or both are multiples
of 5 at most 10 apart), which gives two numbers.

Kinds reported by :func:`find_numbers`:

- ``"cardinal"``: a count or amount (``تین سو``, ``1.5 ارب``, ``3,000``);
- ``"ordinal"``: ``پہلا``, ``یکم``, ``بیسویں``, ``18 ویں`` — the value is the position (20);
- ``"percent"``: followed by ``فیصد``/``%``/``٪`` — the value is the per cent (25, not 0.25);
- ``"year"``: followed by the year marker ``ء`` (or Hijri ``ھ``), or 4 digits after ``سن``/``سال``.

Values are ``int`` when whole, else ``float`` (arithmetic is exact, in fractions, until then).
Matching folds Arabic-keyboard letters (ي ك ه → ی ک ہ), digits and odd spaces one for one and skips
diacritics, tatweel and zero-width characters, so offsets always index the original string.
Decomposed letters (``ا`` + U+0653) are not composed: give NFC text.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from fractions import Fraction
from importlib.resources import files
from typing import Any, Literal, NamedTuple

__all__ = ["NumberKind", "NumberMatch", "find_numbers", "parse_number"]

NumberKind = Literal["cardinal", "ordinal", "percent", "year"]


class NumberMatch(NamedTuple):
    """One number expression found in text; ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    value: int | float
    kind: NumberKind


# --------------------------------------------------------------------------------------------
# Folding: one-for-one character map plus deletions tracked by an offset map.

_ONE_FOR_ONE: dict[int, str] = {
    0x064A: "ی",  # Arabic yeh
    0x0649: "ی",  # alef maksura
    0x06D0: "ی",  # yeh (Pashto e)
    0x0643: "ک",  # Arabic kaf
    0x0647: "ہ",  # Arabic heh -> Urdu heh goal
    0x0629: "ہ",  # teh marbuta
    0x06C3: "ہ",  # teh marbuta goal
    0x06C0: "ہ",  # heh with yeh above
    0x06C2: "ہ",  # heh goal with hamza above
    0x0623: "ا",  # alef with hamza above
    0x0625: "ا",  # alef with hamza below
    0x0671: "ا",  # alef wasla
    0x066B: ".",  # Arabic decimal separator
    0x066C: ",",  # Arabic thousands separator
    0x066A: "%",  # Arabic percent sign
    0x2212: "-",  # minus sign
    0x00A0: " ",
    0x2007: " ",
    0x202F: " ",
    0x205F: " ",
    0x3000: " ",
    0x0009: " ",
}
_ONE_FOR_ONE.update({0x2000 + i: " " for i in range(0x0B)})
_ONE_FOR_ONE.update({0x0660 + i: str(i) for i in range(10)})
_ONE_FOR_ONE.update({0x06F0 + i: str(i) for i in range(10)})
_FOLD_TABLE = str.maketrans(_ONE_FOR_ONE)
# Folding only the runs that need it is much faster than translating all the text.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_ONE_FOR_ONE)) + "]+")


def _fold_run(m: re.Match[str]) -> str:
    return m.group().translate(_FOLD_TABLE)


# Diacritics (except maddah/hamza above, which belong to letters), superscript alef, tatweel,
# zero-width and bidi controls: ignored when matching.
_IGNORABLE = re.compile(
    "[\u064b-\u0652\u0655-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2060\u061c\ufeff]+"
)


class _Folded(NamedTuple):
    """Text folded for matching, and where the deleted characters were (None: nothing deleted)."""

    text: str
    gaps: list[int] | None  # folded index at which each deleted character stood


def _fold_word(word: str) -> str:
    return _IGNORABLE.sub("", word.translate(_FOLD_TABLE))


def _fold(text: str) -> _Folded:
    folded = _FOLDABLE.sub(_fold_run, text)
    if _IGNORABLE.search(folded) is None:
        return _Folded(folded, None)
    gaps: list[int] = []
    removed = 0
    for m in _IGNORABLE.finditer(folded):
        for i in range(m.start(), m.end()):
            gaps.append(i - removed)
            removed += 1
    return _Folded(_IGNORABLE.sub("", folded), gaps)


def _orig(folded: _Folded, i: int) -> int:
    """Original offset of folded offset ``i``.

    Deleted characters standing at ``i`` come before the character there, so a start skips them
    and an end keeps them (marks after the last matched letter stay in the match).
    """
    if folded.gaps is None:
        return i
    return i + bisect_right(folded.gaps, i)


# --------------------------------------------------------------------------------------------
# Data.


def _load_json(name: str) -> Any:
    return json.loads(files("akhbar.text").joinpath(f"data/{name}").read_text(encoding="utf-8"))


_DATA = _load_json("number_words.json")


_Num = Fraction | int


def _num(value: str | int) -> _Num:
    """Exact value: an int when whole (fast), else a Fraction."""
    f = Fraction(value)
    return f.numerator if f.denominator == 1 else f


class _Word(NamedTuple):
    role: Literal["unit", "mult", "prefix", "ord_unit", "ord_mult", "percent", "suffix"]
    value: _Num


def _build_words() -> dict[str, _Word]:
    words: dict[str, _Word] = {}

    def add(word: str, entry: _Word, *, overwrite: bool = True) -> None:
        key = _fold_word(word)
        if overwrite or key not in words:
            words[key] = entry

    for e in _DATA["cardinals"]:
        add(e["word"], _Word("unit", _num(e["value"])))
    for e in _DATA["fractions"]:
        add(e["word"], _Word("unit", _num(e["value"])))
    for e in _DATA["multipliers"]:
        add(e["word"], _Word("mult", _num(e["value"])))
    for e in _DATA["prefixes"]:
        add(e["word"], _Word("prefix", _num(e["add"])))
    for e in _DATA["percent_words"]:
        add(e["word"], _Word("percent", _num(0)))
    for e in _DATA["ordinal_suffixes"]:
        add(e["suffix"], _Word("suffix", _num(0)))
    # Generated ordinals: stem + suffix; forms from the unmodified stem win over altered stems.
    min_value = _DATA["ordinal_suffix_stems_from"]["min_value"]
    stems: list[tuple[str, _Word, bool]] = []
    for e in _DATA["cardinals"]:
        if e["value"] >= min_value and e["value"] != 6:
            stems.append((e["word"], _Word("ord_unit", _num(e["value"])), False))
    for e in _DATA["multipliers"]:
        stems.append((e["word"], _Word("ord_mult", _num(e["value"])), False))
    generated: dict[str, tuple[_Word, bool]] = {}
    for stem, entry, _ in stems:
        forms = [(stem, False)]
        if stem.endswith("ہ"):
            forms += [(stem[:-1], True), (stem[:-1] + "ھ", True)]
        for form, altered in forms:
            for s in _DATA["ordinal_suffixes"]:
                key = _fold_word(form + s["suffix"])
                if key not in generated or (generated[key][1] and not altered):
                    generated[key] = (entry, altered)
    for key, (entry, _) in generated.items():
        add(key, entry, overwrite=False)
    for e in _DATA["ordinals"]:
        add(e["word"], _Word("ord_unit", _num(e["value"])))
    return words


_WORDS = _build_words()
_WEAK = frozenset(_fold_word(e["word"]) for e in _DATA["weak"])
_IDIOMS = frozenset(tuple(_fold_word(w) for w in e["words"]) for e in _DATA["idioms"])
_YEAR_MARKERS = frozenset(_fold_word(e["word"]) for e in _DATA["year_markers"])
_YEAR_BEFORE = frozenset(_fold_word(e["word"]) for e in _DATA["year_context_before"])


class _Block(NamedTuple):
    prev: frozenset[str]
    next: frozenset[str]
    end: bool  # also blocked before punctuation or the end of the text


_BLOCKS: dict[str, _Block] = {
    _fold_word(e["word"]): _Block(
        frozenset(_fold_word(w) for w in e["prev"]),
        frozenset(_fold_word(w) for w in e["next"]),
        bool(e["end"]),
    )
    for e in _DATA["blocked_contexts"]
}


def _trie_pattern(words: list[str]) -> str:
    """One regex alternation for ``words`` shaped as a trie (fast: no backtracking over lists)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


# Letters (not digits, not "_") and the two combining marks that survive folding.
_NOT_AFTER_LETTER = r"(?<![^\W\d_])(?<![\u0653\u0654])"
_NOT_BEFORE_LETTER = r"(?![^\W\d_])(?![\u0653\u0654])"
# Grouped digits: 1,000,000 (thousands) or 10,00,000 (lakh grouping); else a plain run.
_DIGITS = (
    r"(?:[0-9]{1,3}(?:(?:,[0-9]{3})+|(?:,[0-9]{2})+,[0-9]{3})(?![0-9])|[0-9]+)"
    r"(?:\.[0-9]+(?![0-9]))?"
)
# Date- and time-shaped digit runs are skipped (dates.py reads them): 13/04/2021, 19:56, 1.2.3.
_SKIP = r"[0-9]+(?:[-/.][0-9]+){2,}|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?|[0-9]+/[0-9]+"
_ATOM = re.compile(
    rf"(?=[0-9])(?:(?P<skip>(?<![0-9]){_SKIP})|(?P<num>(?<![0-9A-Za-z]){_DIGITS}(?![A-Za-z])))"
    r"|(?P<pct>%)"
    rf"|{_NOT_AFTER_LETTER}(?:(?P<word>{_trie_pattern(sorted(_WORDS))})"
    rf"|(?P<mark>{'|'.join(sorted(_YEAR_MARKERS))})){_NOT_BEFORE_LETTER}"
)
_PREV_WORD = re.compile(r"([^\W\d_]+)[ ]*$")
_NEXT_WORD = re.compile(r"[ ]*([^\W\d_]+)")


class _Atom(NamedTuple):
    start: int  # folded offsets
    end: int
    role: str  # "num", "pct", "mark", or a _Word role
    value: _Num
    key: str  # folded word ("" for digits)


def _atoms(folded: str) -> list[list[_Atom]]:
    """Number atoms of the folded text, grouped into chains separated only by spaces."""
    chains: list[list[_Atom]] = []
    chain: list[_Atom] = []
    last_end = -1
    for m in _ATOM.finditer(folded):
        kind = m.lastgroup
        if kind == "skip":
            continue
        if kind == "num":
            digits = m.group().replace(",", "")
            value = Fraction(digits) if "." in digits else int(digits)
            atom = _Atom(m.start(), m.end(), "num", value, "")
        elif kind == "word":
            key = m.group()
            w = _WORDS[key]
            atom = _Atom(m.start(), m.end(), w.role, w.value, key)
        else:
            atom = _Atom(m.start(), m.end(), kind or "", 0, m.group())
        if chain and (atom.start > last_end and folded[last_end : atom.start].strip(" ")):
            chains.append(chain)
            chain = []
        chain.append(atom)
        last_end = atom.end
    if chain:
        chains.append(chain)
    return chains


class _Parsed(NamedTuple):
    end: int  # index of the first atom not consumed
    value: _Num
    kind: NumberKind


def _is_range(a: _Num, b: _Num) -> bool:
    """True when two bare numbers look like an approximate range (بیس پچیس) rather than 2231."""
    return b > a and (b - a <= 5 or (a % 5 == 0 and b % 5 == 0 and b - a <= 10))


def _parse_chain(atoms: list[_Atom], i: int) -> _Parsed | None:
    """Longest number expression starting at ``atoms[i]``, or None if none starts there."""
    total: _Num = 0
    cur: _Num | None = None
    prefix: _Num | None = None
    hundred = False  # cur includes سو
    after_hundred = False  # a unit was added after سو
    last_big: _Num | None = None
    words_only = True
    n_units = 0
    best: _Parsed | None = None
    j = i

    def value() -> _Num:
        return total + (cur or 0)

    while j < len(atoms):
        a = atoms[j]
        role = a.role
        if role == "prefix":
            if cur is not None or prefix is not None:
                break
            prefix = a.value
        elif role in ("unit", "num", "ord_unit"):
            v = a.value
            if role == "num":
                words_only = False
            if cur is None:
                cur = v + prefix if prefix is not None else v
                prefix = None
                n_units += 1
            elif hundred and not after_hundred and v < 100:
                cur += v
                after_hundred = True
            elif (
                n_units == 1
                and last_big is None
                and not hundred
                and words_only
                and role == "unit"
                and best is not None
                and best.kind == "cardinal"
                and j == i + 1
                and 10 <= cur <= 99
                and 10 <= v <= 99
                and isinstance(cur, int)
                and isinstance(v, int)
                and not _is_range(cur, v)
            ):
                return _Parsed(j + 1, cur * 100 + v, "cardinal")
            else:
                break
            if role == "ord_unit":
                return _Parsed(j + 1, value(), "ordinal")
        elif role in ("mult", "ord_mult"):
            m = a.value
            if m == 100:
                if hundred or (cur is not None and cur >= 100):
                    break
                base = cur if cur is not None else (1 + prefix if prefix is not None else 1)
                cur = base * 100
                prefix = None
                hundred = True
            else:
                if cur is not None:
                    group = cur
                elif prefix is not None:
                    group = 1 + prefix
                elif not total:
                    group = 1
                elif last_big is not None and m > last_big:
                    group = 0  # دس ہزار کروڑ: the thousands are multiplied
                else:
                    break
                if last_big is not None and m >= last_big:
                    total = (total + group) * m
                else:
                    total += group * m
                last_big = m
                cur = None
                prefix = None
                hundred = after_hundred = False
            if role == "ord_mult":
                return _Parsed(j + 1, value(), "ordinal")
        elif role == "suffix":
            if best is None or j != best.end or best.kind != "cardinal":
                break
            return _Parsed(j + 1, best.value, "ordinal")
        elif role in ("pct", "percent"):
            if best is None or j != best.end or best.kind != "cardinal":
                break
            return _Parsed(j + 1, best.value, "percent")
        elif role == "mark":
            if best is None or j != best.end or best.kind != "cardinal":
                break
            return _Parsed(j + 1, best.value, "year")
        else:
            break
        j += 1
        if prefix is None and (cur is not None or total):
            best = _Parsed(j, value(), "cardinal")
    return best


def _as_number(value: _Num) -> int | float:
    if isinstance(value, int):
        return value
    return value.numerator if value.denominator == 1 else float(value)


def _blocked(folded: str, a: _Atom, b: _Atom) -> bool:
    """True when a one-word expression is, in this context, not a number (data: weak, blocks)."""
    key = a.key
    if key in _WEAK:
        return True
    block = _BLOCKS.get(key)
    if block is None:
        return False
    prev = _PREV_WORD.search(folded, max(0, a.start - 40), a.start)
    if prev is not None and prev.group(1) in block.prev:
        return True
    nxt = _NEXT_WORD.match(folded, b.end)
    if nxt is None:
        return block.end
    return nxt.group(1) in block.next


def _scan(folded: str, *, whole: bool) -> list[tuple[int, int, _Num, NumberKind]]:
    """Number expressions in folded text as (start, end, value, kind) in folded offsets."""
    found: list[tuple[int, int, _Num, NumberKind]] = []
    for chain in _atoms(folded):
        i = 0
        while i < len(chain):
            if i + 1 < len(chain) and not whole:
                pair = (chain[i].key, chain[i + 1].key)
                if pair in _IDIOMS:
                    i += 2
                    continue
                if pair[0] and pair[0] == pair[1]:
                    i += 1  # distributive repetition: پچاس پچاس ہزار "50,000 each"
                    continue
            parsed = _parse_chain(chain, i)
            if parsed is None:
                i += 1
                continue
            first, last = chain[i], chain[parsed.end - 1]
            kind = parsed.kind
            if (
                not whole
                and parsed.end == i + 1
                and first.role != "num"
                and _blocked(folded, first, last)
            ):
                i = parsed.end
                continue
            if (
                kind == "cardinal"
                and parsed.end == i + 1
                and first.role == "num"
                and last.end - first.start == 4
                and 1000 <= parsed.value <= 2999
            ):
                prev = _PREV_WORD.search(folded, max(0, first.start - 20), first.start)
                if prev is not None and prev.group(1) in _YEAR_BEFORE:
                    kind = "year"
            found.append((first.start, last.end, parsed.value, kind))
            i = parsed.end
    return found


def parse_number(text: str) -> int | float | None:
    """The value of ``text`` if all of it is one number expression (words and/or digits), else None.

    Context rules that protect running text (a lone ``اسی`` is usually "this very") do not apply
    here: the caller says the whole string is a number.

    >>> parse_number("ساڑھے تین سو"), parse_number("۱٬۵۰۰"), parse_number("1.5 ارب")
    (350, 1500, 1500000000)
    >>> parse_number("انیس سو اکیاسی"), parse_number("پونے دو"), parse_number("سوا")
    (1981, 1.75, None)
    """
    folded = _fold(text).text.strip()
    if not folded or "\n" in folded:
        return None
    found = _scan(folded, whole=True)
    if len(found) != 1 or found[0][0] != 0 or found[0][1] != len(folded):
        return None
    return _as_number(found[0][2])


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number expression in running ``text``, longest match first, with original offsets.

    Words that are numbers only in some contexts (``اسی`` 80 / "this very", ``بہتر`` 72 /
    "better", ``سوا`` +¼ / "except", ``پہلے`` first / "before") count only where the data
    file's context rules allow; dates and times (``13/04/2021``, ``19:56``) are left to dates.py.

    >>> [(m.text, m.value, m.kind) for m in find_numbers("سوا دو لاکھ میں سے 25% یعنی پچیس فیصد")]
    [('سوا دو لاکھ', 225000, 'cardinal'), ('25%', 25, 'percent'), ('پچیس فیصد', 25, 'percent')]
    >>> [(m.value, m.kind) for m in find_numbers("قرارداد بائیس اکتیس، ۲۰۲۱ء اور 18 ویں ترمیم")]
    [(2231, 'cardinal'), (2021, 'year'), (18, 'ordinal')]
    """
    folded = _fold(text)
    out: list[NumberMatch] = []
    for start, end, value, kind in _scan(folded.text, whole=False):
        s, e = _orig(folded, start), _orig(folded, end)
        out.append(NumberMatch(s, e, text[s:e], _as_number(value), kind))
    return out
