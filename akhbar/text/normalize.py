r"""Urdu text normalization: named, switchable, idempotent steps, with offsets back to the original.

Every step is a public function over ``str`` that can be called alone.  :data:`STEP_ORDER` is the
one place that fixes the order; :class:`NormConfig` switches steps on and off and is shared by
indexing, querying and dedup so that all see the same text.  The character maps live in
``data/charmap_*.json`` and are compiled once at import.

Speed: a "translate" step is run as one compiled character-class regex whose matches (runs of
characters that change) go through ``str.translate``; text with nothing to change costs one scan.
Adjacent translate steps are fused into one table per config, and the compose and Arabic-heh steps
are skipped unless their trigger characters occur at all.

>>> normalize("روس ،  دونوں ملکوں\u00a0کے")
'روس، دونوں ملکوں کے'
>>> normalize("ہے۔انہوں")
'ہے۔ انہوں'
>>> normalize("كيا")
'کیا'
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import product
from typing import Any, Literal

from akhbar.text._charclass import ZWNJ_BREAK, ranges_body
from akhbar.text.lexicon import lexicon

__all__ = [
    "FORMAT_INVISIBLES",
    "STEP_ORDER",
    "NormConfig",
    "compose_hamza",
    "map_arabic_letters",
    "map_presentation_forms",
    "normalize",
    "normalize_spaces",
    "normalize_with_offsets",
    "remove_diacritics",
    "remove_invisibles",
    "resolve_arabic_heh",
    "space_punctuation",
    "unify_digits",
]

DigitScript = Literal["keep", "ascii", "urdu", "arabic"]

# The order of the steps, in one place.  Each name is a NormConfig field (``digits`` is a script
# name rather than a bool).  Why this order: invisibles first (a tatweel or ZWJ can sit between a
# letter and its hamza; no presentation form decomposes to an invisible); presentation forms next
# (they hide ي ه and marks); Urdu letters
# before compose and heh (those rules are written for Urdu code points); compose before diacritics
# (ا + U+0653 is آ, not ا with a dropped mark); heh before diacritics is harmless (marks are skipped
# in the lexicon lookup); spaces before punctuation (which then only needs single spaces).
STEP_ORDER: tuple[str, ...] = (
    "invisibles",
    "presentation_forms",
    "arabic_letters",
    "compose",
    "arabic_heh",
    "diacritics",
    "digits",
    "spaces",
    "punctuation",
)


@dataclass(frozen=True, kw_only=True)
class NormConfig:
    """Which normalization steps run (see :data:`STEP_ORDER` for their order).

    The default is the display preset: everything on except diacritic removal.

    >>> NormConfig.matching().diacritics, NormConfig.display().diacritics
    (True, False)
    """

    presentation_forms: bool = True  # FBxx/FExx presentation forms → base letters
    invisibles: bool = True  # ZW*, bidi controls, BOM, soft hyphen, tatweel
    arabic_letters: bool = True  # ي ى ك ة ە ۀ ٸ → Urdu letters
    compose: bool = True  # و+ٔ → ؤ, ا+ٓ → آ, مسٔلہ → مسئلہ, ...
    arabic_heh: bool = True  # ه → ہ or ھ, per word, via the lexicon
    diacritics: bool = False  # True = remove diacritics (matching)
    digits: DigitScript = "ascii"  # one digit script for all digits
    spaces: bool = True  # Unicode spaces → space, collapse runs, trim lines
    punctuation: bool = True  # no space before ، ۔ ؟ ؛, one after

    @classmethod
    def display(cls) -> NormConfig:
        """Preset for text shown to people: diacritics kept."""
        return cls(diacritics=False)

    @classmethod
    def matching(cls) -> NormConfig:
        """Preset for indexing, querying and dedup: diacritics removed."""
        return cls(diacritics=True)


# --------------------------------------------------------------------------- data loading


def _read_json(name: str) -> Any:
    return json.loads(files("akhbar.text").joinpath(f"data/{name}").read_text(encoding="utf-8"))


def _cps(spec: str) -> str:
    """``"U+0644 U+0627"`` → ``"لا"``; ``""`` → ``""``."""
    return "".join(chr(int(p.removeprefix("U+"), 16)) for p in spec.split())


def _cp_range(spec: str) -> range:
    lo, _, hi = spec.partition("..")
    start = int(lo.removeprefix("U+"), 16)
    return range(start, int(hi.removeprefix("U+"), 16) + 1 if hi else start + 1)


def _load_charmap(name: str, key: str = "entries") -> dict[int, str]:
    table: dict[int, str] = {}
    for entry in _read_json(name)[key]:
        for cp in _cp_range(entry["from"]):
            table[cp] = _cps(entry["to"])
    return table


def _build_presentation_table() -> dict[int, str]:
    """Presentation forms → NFKC base letters (lam-alef → ل + ا); mark forms → the bare mark."""
    keep = {
        int(e["from"].removeprefix("U+"), 16)
        for e in _read_json("charmap_presentation.json")["keep"]
    }
    table: dict[int, str] = {}
    for cp in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        ch = chr(cp)
        if cp in keep or unicodedata.category(ch) == "Cn":
            continue
        base = unicodedata.normalize("NFKC", ch)
        if base == ch:
            continue
        stripped = base.lstrip(
            " \u0640"
        )  # FE70..FE7F: isolated/medial harakat = space/tatweel + mark
        if stripped and all(unicodedata.category(c) == "Mn" for c in stripped):
            base = stripped
        table[cp] = base
    return table


def _char_class(chars: set[int]) -> str:
    """A regex character class matching exactly ``chars`` (as ranges, escaped)."""
    return "[" + ranges_body(chars) + "]"


_PRESENTATION = _build_presentation_table()
_INVISIBLES = _load_charmap("charmap_invisibles.json")
#: The invisible format characters (Unicode category Cf) the ``invisibles`` step deletes: bidi
#: marks, embeddings and isolates, ZWNJ/ZWJ, the word joiner, BOM, soft hyphen (not the tatweel,
#: which the step deletes too but which is a visible stretch).  What other modules skip where text
#: meets syntax (query parsing, the edges of an entity).
FORMAT_INVISIBLES: frozenset[str] = frozenset(
    chr(cp) for cp, to in _INVISIBLES.items() if not to and unicodedata.category(chr(cp)) == "Cf"
)
_ARABIC_LETTERS = _load_charmap("charmap_arabic_letters.json")
_DIACRITICS = _load_charmap("charmap_diacritics.json")
_SPACES = _load_charmap("charmap_spaces.json")
_COMPOSE: dict[str, str] = {
    _cps(e["from"]): _cps(e["to"]) for e in _read_json("charmap_compose.json")["entries"]
}
_DIGIT_SETS: dict[str, str] = {
    name: spec["digits"] for name, spec in _read_json("charmap_digits.json")["sets"].items()
}
_DIGIT_SEPARATORS = _load_charmap("charmap_digits.json", "separators")


def _digit_table(script: str) -> dict[int, str]:
    if script == "keep":
        return {}
    target = _DIGIT_SETS[script]
    table = {ord(d): target[i] for digits in _DIGIT_SETS.values() for i, d in enumerate(digits)}
    table = {cp: t for cp, t in table.items() if chr(cp) != t}
    if script == "ascii":
        table.update(_DIGIT_SEPARATORS)
    return table


_DIGIT_TABLES = {script: _digit_table(script) for script in ("keep", "ascii", "urdu", "arabic")}

_HEH_RULES = _read_json("charmap_heh.json")
_HEH_MEDIAL_ASPIRATED = frozenset(_HEH_RULES["medial_after"]["letters"])
_HEH_FINAL_ASPIRATED = frozenset(_HEH_RULES["final_after"]["letters"])
_INITIALS = frozenset(
    line.split("#", 1)[0].strip()
    for line in files("akhbar.text")
    .joinpath("data/norm_initials.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.split("#", 1)[0].strip()
)

# Arabic-script letters (from unicodedata, not typed by hand) and the marks that may sit on them.
_ARABIC_BLOCKS = [*range(0x0600, 0x0700), *range(0x0750, 0x0780), *range(0x08A0, 0x0900)]
_ARABIC_LETTER_CPS = {cp for cp in _ARABIC_BLOCKS if unicodedata.category(chr(cp)).startswith("L")}
_ARABIC_MARK_CPS = {cp for cp in _ARABIC_BLOCKS if unicodedata.category(chr(cp)) == "Mn"}
_AL = _char_class(_ARABIC_LETTER_CPS)
_AWORD = _char_class(_ARABIC_LETTER_CPS | _ARABIC_MARK_CPS)
_STRIP_MARKS = dict.fromkeys(_ARABIC_MARK_CPS)


# --------------------------------------------------------------------------- passes
# A step is a list of passes.  A pass rewrites a text with a compiled regex; for each match it
# produces a replacement piece.  The same pass runs fast (``pattern.sub``) or tracked (building the
# offsets map), and both produce the same text by construction.  A pass with a trigger or gate is
# skipped when the text cannot match (checked with ``in``, which is much faster than a scan).

Piece = Callable[["re.Match[str]"], str]


@dataclass(frozen=True)
class _Pass:
    pattern: re.Pattern[str]
    piece: Piece  # replacement for one match (used by the fast and the tracked path)
    run_pattern: re.Pattern[str] | None = None  # fast path: match whole runs (translate passes)
    run_piece: Piece | None = None
    trigger: tuple[str, ...] = ()  # the pattern can only match if one of these substrings occurs
    gate: Callable[[str], bool] | None = None  # or: only if this returns True
    fast: Callable[[str], str] | None = None  # equivalent faster rewrite for the fast path

    def triggered(self, text: str) -> bool:
        if self.gate is not None:
            return self.gate(text)
        return not self.trigger or any(t in text for t in self.trigger)

    def apply(self, text: str) -> str:
        if not self.triggered(text):
            return text
        if self.fast is not None:
            return self.fast(text)
        if self.run_pattern is not None and self.run_piece is not None:
            return self.run_pattern.sub(self.run_piece, text)
        return self.pattern.sub(self.piece, text)


def _translate_pass(table: dict[int, str]) -> _Pass:
    """A per-character map as a pass; equal to ``str.translate(table)``."""
    cls = _char_class(set(table))
    lookup = {chr(cp): t for cp, t in table.items()}
    return _Pass(
        pattern=re.compile(cls),
        piece=lambda m: lookup[m.group()],
        run_pattern=re.compile(cls + "+"),
        run_piece=lambda m: m.group().translate(table),
    )


def _fuse(first: dict[int, str], second: dict[int, str]) -> dict[int, str]:
    """The table equal to translating with ``first`` then ``second``."""
    fused = {cp: t.translate(second) for cp, t in first.items()}
    for cp, t in second.items():
        fused.setdefault(cp, t)
    return {cp: t for cp, t in fused.items() if t != chr(cp)}


# --- presentation forms: the ligature ﷲ decomposes to the whole word (ا ل ل ہ), but writers
# type it after an alef of their own (اﷲ, عبداﷲ, انشاءاﷲ: the ligature's glyph shows no alef),
# which would double it (عبدااللہ); an alef right before the ligature (marks between looked
# through) is dropped.
_ALLAH_PASS = _Pass(
    pattern=re.compile("\u0627[\u064b-\u065f\u0670]*(?=\ufdf2)"),
    piece=lambda m: "",
    trigger=("\ufdf2",),
)


# --- invisibles: a ZERO WIDTH SPACE between two letters separates words (news: سابقہ\u200bٹویٹر);
# elsewhere it is dropped.  The translate table drops the other invisibles.


def _is_between_letters(m: re.Match[str]) -> bool:
    s, e, text = m.start(), m.end(), m.string
    return s > 0 and e < len(text) and text[s - 1].isalpha() and text[e].isalpha()


_ZWSP_PASS = _Pass(
    pattern=re.compile("\u200b+"),
    piece=lambda m: " " if _is_between_letters(m) else "",
    trigger=("\u200b",),
)

# --- invisibles: a ZERO WIDTH NON-JOINER keeps a letter that joins the next one (م ی ہ …) from
# joining the next letter, which then shows as a word break: writers put it where a compound's
# parts meet (ہم\u200cآہنگی shows as ہم آہنگی, پی\u200cٹی\u200cآئی as پی ٹی آئی), so it becomes a
# space.  After a letter that never joins the next one (ا د ر و ے …) or before one that cannot
# join the previous one (ء), it changes nothing visible and is dropped (پا\u200cکستان).  Marks
# between the letter and the ZWNJ are looked through (at most two, as the tokenizer does).


_ZWNJ_PASS = _Pass(
    pattern=re.compile(ZWNJ_BREAK),
    piece=lambda m: " ",  # (any other ZWNJ goes with the invisibles' pass that follows)
    trigger=("\u200c",),
)

# --- compose: the sequences from charmap_compose.json, one alternation.  They are letter + mark
# pairs and no output starts a pair, so replacing them one after the other (fast) is the same.
# A madda or hamza MARK (U+0653..U+0655, canonical combining class 220/230) may be typed after a
# vowel mark of a lower class (harakat, shadda, sukun, superscript alef: 27..35), as in ا+َ+ٓ;
# Unicode's canonical composition is not blocked by such marks, so neither is ours: the letter
# and the hamza/madda compose and the vowel marks follow (ا+َ+ٓ → آ+َ).  U+0674 (high hamza) is
# a letter, not a mark: it composes only right after its letter.

_COMPOSING_MARKS = "\u0653\u0654\u0655"
_LOWER_MARKS = "\u064b-\u0652\u0670"
_COMPOSE_BASES = "".join(sorted({k[0] for k in _COMPOSE if k[1] in _COMPOSING_MARKS}))
_INNER_MARKS = re.compile(f"([{_COMPOSE_BASES}])([{_LOWER_MARKS}]+)([{_COMPOSING_MARKS}])")


def _compose_across(m: re.Match[str]) -> str:
    composed = _COMPOSE.get(m.group(1) + m.group(3))
    return m.group() if composed is None else composed + m.group(2)


def _compose_fast(text: str) -> str:
    for seq, composed in _COMPOSE.items():
        if seq in text:
            text = text.replace(seq, composed)
    if any(c in text for c in _COMPOSING_MARKS):
        text = _INNER_MARKS.sub(_compose_across, text)
    return text


def _compose_piece(m: re.Match[str]) -> str:
    return _compose_across(m) if m.group(1) else _COMPOSE[m.group()]


_COMPOSE_PASS = _Pass(
    pattern=re.compile(
        _INNER_MARKS.pattern
        + "|"
        + "|".join(re.escape(k) for k in sorted(_COMPOSE, key=len, reverse=True))
    ),
    piece=_compose_piece,
    trigger=tuple(sorted({k[-1] for k in _COMPOSE})),
    fast=_compose_fast,
)

# --- compose: a hamza above (U+0654) or high hamza (U+0674) on a letter that carries no hamza
# (not ا و ی ہ ے, nor a letter that has one) and followed by a letter is the yeh hamza ئ on its
# kursi, typed as a mark: مسٔلہ is مسئلہ (keys and display then agree with the usual spelling).
# Followed by a mark it is not (urdupoint writes کٴْل, مٴْحال for کُل, مُحال: left alone; the
# matching preset then drops the mark and the stray hamza together, so a second pass finds no
# hamza next to a letter).

# Not seats: the hamza letters, ى (a yeh), and ھ (what the heh step, after compose, makes of
# ه, a hamza carrier: normalizing twice must not change more).
_HAMZA_LETTERS = "ءأإؤئۂۓآىھ"
_SEATLESS = "".join(
    sorted(
        chr(cp)
        for cp in _ARABIC_LETTER_CPS
        if chr(cp) not in _HAMZA_LETTERS
        and chr(cp) not in _COMPOSE_BASES
        and unicodedata.category(chr(cp)) == "Lo"
        and chr(cp) not in "\u0674\u0640"
    )
)
_HAMZA_SEAT_PASS = _Pass(
    pattern=re.compile(f"(?<=[{re.escape(_SEATLESS)}])[\u0654\u0674](?={_AL})"),
    piece=lambda m: "ئ",
    trigger=("\u0654", "\u0674"),
)

# --- Arabic heh -------------------------------------------------------------------------------

_HEH = "\u0647"
_HEH_GOAL = "\u06c1"  # ہ
_DO_CHASHMI = "\u06be"  # ھ


def _default_heh(prev: str, final: bool) -> str:
    letters = _HEH_FINAL_ASPIRATED if final else _HEH_MEDIAL_ASPIRATED
    return _DO_CHASHMI if prev in letters else _HEH_GOAL


@lru_cache(maxsize=1 << 16)
def _resolve_heh_word(word: str) -> str:
    """Choose ہ/ھ for every ه in one word: the most frequent known spelling, else the rule."""
    bare = word.translate(_STRIP_MARKS)
    slots = [i for i, c in enumerate(bare) if c == _HEH]
    choice: list[str] | None = None
    if len(slots) <= 6:
        counts = lexicon()
        best = 0
        for combo in product((_HEH_GOAL, _DO_CHASHMI), repeat=len(slots)):
            chars = list(bare)
            for i, c in zip(slots, combo, strict=True):
                chars[i] = c
            n = counts.get("".join(chars), 0)
            if n > best:
                best, choice = n, list(combo)
    if choice is None:
        chars = list(bare)
        for i in slots:
            chars[i] = _default_heh(chars[i - 1] if i else "", i == len(bare) - 1)
        choice = [chars[i] for i in slots]
    picks = iter(choice)
    return "".join(next(picks) if c == _HEH else c for c in word)


_HEH_PASS = _Pass(
    pattern=re.compile(f"{_AWORD}*{_HEH}{_AWORD}*"),
    piece=lambda m: _resolve_heh_word(m.group()),
    trigger=(_HEH,),
)

# --- spaces: CR LF → LF; runs of spaces → one; no space at a line's start or end.  Each pass
# starts with a literal, so the regex engine scans fast, and is skipped when it cannot match.
_CR_PASS = _Pass(pattern=re.compile(r"\r\n?"), piece=lambda m: "\n", trigger=("\r",))
_SPACE_RUN_PASS = _Pass(pattern=re.compile("  +"), piece=lambda m: " ", trigger=("  ",))
_LINE_END_PASS = _Pass(pattern=re.compile(" \n"), piece=lambda m: "\n", trigger=(" \n",))
_LINE_START_PASS = _Pass(pattern=re.compile("\n "), piece=lambda m: "\n", trigger=("\n ",))
_TEXT_EDGE_PASS = _Pass(
    pattern=re.compile(r"\A +| +\Z"),
    piece=lambda m: "",
    gate=lambda t: t[:1] == " " or t[-1:] == " ",
)

# --- punctuation ------------------------------------------------------------------------------
# No space before ، ۔ ؟ ؛ (nor before , ; : ! ? . after an Arabic-script letter when they end a
# clause); one space after ، ۔ ؟ ؛ when a letter follows, and after , ; : ! ? . between two
# Arabic-script letters.  Digits, URLs, e-mails, times and Latin initials (U.S.) are never touched
# (the Latin rules need Arabic letters around them); Urdu initials (پی۔ٹی۔آئی) keep their ۔.
_URDU_PUNCT = "،۔؟؛"
_LATIN_PUNCT = ",;:!?."
_ARABIC_LETTERS_SET = frozenset(chr(cp) for cp in _ARABIC_LETTER_CPS)
_WORD_BEFORE = re.compile(r"[^\W\d_]+\Z")
_WORD_AFTER = re.compile(r"[^\W\d_]+")


def _space_before_punct(m: re.Match[str]) -> str:
    s, text = m.start(), m.string
    prev = text[s - 1] if s else "\n"
    if text[m.end()] in _URDU_PUNCT:
        return "" if not prev.isspace() else m.group()
    return "" if prev in _ARABIC_LETTERS_SET else m.group()


def _space_after_punct(m: re.Match[str]) -> str:
    p, s, text = m.group(), m.start(), m.string
    if p in _LATIN_PUNCT:
        between = s and text[s - 1] in _ARABIC_LETTERS_SET and text[s + 1] in _ARABIC_LETTERS_SET
        return p + " " if between else p
    if p == "۔":
        before = _WORD_BEFORE.search(text, max(0, s - 12), s)
        after = _WORD_AFTER.match(text, s + 1)
        if before and after and before.group() in _INITIALS and after.group() in _INITIALS:
            return p
    return p + " "


# Both patterns start with a literal or a character set, so the regex engine can scan for it.
_PUNCT_BEFORE_PASS = _Pass(
    pattern=re.compile(rf" (?: *)(?=[{_URDU_PUNCT}]|[{re.escape(_LATIN_PUNCT)}](?:\s|\Z|{_AL}))"),
    piece=_space_before_punct,
    trigger=tuple(" " + p for p in _URDU_PUNCT + _LATIN_PUNCT),
)
_PUNCT_AFTER_PASS = _Pass(
    pattern=re.compile(rf"[{_URDU_PUNCT}{re.escape(_LATIN_PUNCT)}](?=[^\W\d_])"),
    piece=_space_after_punct,
)


def _step_passes(step: str, config: NormConfig) -> list[_Pass | dict[int, str]]:
    """The passes of one step; a dict is a translate table (fused with its neighbours)."""
    if step == "presentation_forms":
        return [_ALLAH_PASS, _PRESENTATION]
    if step == "invisibles":
        return [_ZWSP_PASS, _ZWNJ_PASS, _INVISIBLES]
    if step == "arabic_letters":
        return [_ARABIC_LETTERS]
    if step == "compose":
        return [_COMPOSE_PASS, _HAMZA_SEAT_PASS]
    if step == "arabic_heh":
        return [_HEH_PASS]
    if step == "diacritics":
        return [_DIACRITICS]
    if step == "digits":
        return [_DIGIT_TABLES[config.digits]]
    if step == "spaces":
        return [
            _SPACES,
            _CR_PASS,
            _SPACE_RUN_PASS,
            _LINE_END_PASS,
            _LINE_START_PASS,
            _TEXT_EDGE_PASS,
        ]
    if step == "punctuation":
        return [_PUNCT_BEFORE_PASS, _PUNCT_AFTER_PASS]
    raise ValueError(f"unknown step {step!r}")


def _enabled(step: str, config: NormConfig) -> bool:
    if step == "digits":
        return config.digits != "keep"
    return bool(getattr(config, step))


def _compile(items: list[_Pass | dict[int, str]]) -> tuple[_Pass, ...]:
    """Fuse adjacent translate tables and turn them into passes."""
    out: list[_Pass] = []
    table: dict[int, str] | None = None
    for item in items:
        if isinstance(item, dict):
            table = item if table is None else _fuse(table, item)
            continue
        if table:
            out.append(_translate_pass(table))
        table = None
        out.append(item)
    if table:
        out.append(_translate_pass(table))
    return tuple(out)


@dataclass(frozen=True)
class _Plan:
    passes: tuple[_Pass, ...]  # every pass of the config, in STEP_ORDER
    quick: tuple[_Pass, ...]  # the same without the triggered passes between tables ...
    quick_gate: tuple[str, ...]  # ... valid when none of these substrings occurs in the text


@lru_cache(maxsize=64)
def _plan(config: NormConfig) -> _Plan:
    """The passes ``config`` runs, and a quicker equivalent for text without rare characters.

    Compose and Arabic heh sit between two translate tables and stop them being fused; on text
    that holds none of their trigger characters (nor a character the first tables map to one)
    they are no-ops, so the quick plan drops them and fuses the tables into one scan.
    """
    items = [p for step in STEP_ORDER if _enabled(step, config) for p in _step_passes(step, config)]
    tables = [i for i, p in enumerate(items) if isinstance(p, dict)]
    quick_items: list[_Pass | dict[int, str]] = []
    gate: set[str] = set()
    for i, p in enumerate(items):
        sandwiched = tables and tables[0] < i < tables[-1]
        if isinstance(p, _Pass) and sandwiched and p.trigger and p.gate is None:
            gate.update(p.trigger)
            for q in items[:i]:
                if isinstance(q, dict):
                    gate.update(chr(k) for k, v in q.items() if any(t in v for t in p.trigger))
            continue
        quick_items.append(p)
    return _Plan(_compile(items), _compile(quick_items), tuple(sorted(gate)))


def _run(passes: tuple[_Pass, ...] | list[_Pass], text: str) -> str:
    for p in passes:
        text = p.apply(text)
    return text


def _tracked(p: _Pass, text: str, offs: list[int]) -> tuple[str, list[int]]:
    """Apply one pass, mapping each output character to an original offset via ``offs``."""
    if not p.triggered(text):
        return text, offs
    out: list[str] = []
    new: list[int] = []
    pos = 0
    for m in p.pattern.finditer(text):
        s, e = m.span()
        out.append(text[pos:s])
        new.extend(offs[pos:s])
        piece = p.piece(m)
        out.append(piece)
        src = text[s:e]
        if len(piece) == len(src):
            new.extend(offs[s:e])
        else:
            # A common prefix and suffix map one to one; the rest of the piece maps to the first
            # changed original character (an inserted or expanded character has an empty span).
            pre = 0
            while pre < min(len(piece), len(src)) and piece[pre] == src[pre]:
                pre += 1
            suf = 0
            while suf < min(len(piece), len(src)) - pre and piece[-1 - suf] == src[-1 - suf]:
                suf += 1
            new.extend(offs[s : s + pre])
            new.extend([offs[s + pre]] * (len(piece) - pre - suf))
            new.extend(offs[e - suf : e])
        pos = e
    out.append(text[pos:])
    new.extend(offs[pos:])
    return "".join(out), new


# --------------------------------------------------------------------------- public API


def normalize(text: str, config: NormConfig | None = None) -> str:
    r"""Normalize Urdu ``text`` with the steps ``config`` switches on (default: display preset).

    >>> normalize("آج\u200c  ۳٫۵ فیصد ،اضافہ")
    'آج 3.5 فیصد، اضافہ'
    >>> normalize("کِتاب", NormConfig.matching())
    'کتاب'
    """
    plan = _plan(config or NormConfig())
    if any(g in text for g in plan.quick_gate):
        return _run(plan.passes, text)
    return _run(plan.quick, text)


def normalize_with_offsets(text: str, config: NormConfig | None = None) -> tuple[str, list[int]]:
    r"""Normalize like :func:`normalize` and map normalized offsets back to ``text``.

    Returns ``(norm, offs)`` with ``len(offs) == len(norm) + 1``: ``norm[i]`` came from
    ``text[offs[i]]`` and the span ``norm[i:j]`` corresponds to ``text[offs[i]:offs[j]]``.

    >>> norm, offs = normalize_with_offsets("\u200bروس ،  دونوں")
    >>> norm
    'روس، دونوں'
    >>> "\u200bروس ،  دونوں"[offs[5]:offs[10]]
    'دونوں'
    """
    offs = list(range(len(text) + 1))
    for p in _plan(config or NormConfig()).passes:
        text, offs = _tracked(p, text, offs)
    return text, offs


def map_presentation_forms(text: str) -> str:
    r"""Replace Arabic presentation forms (U+FB50..U+FDFF, U+FE70..U+FEFF) by base letters.

    Web text copied from PDFs or old renderers carries glyph forms instead of letters.

    An alef typed before the Allah ligature is its own (the ligature holds one):

    >>> map_presentation_forms("\ufefb\ufee3")  # lam-alef ligature, initial meem
    'لام'
    >>> map_presentation_forms("عبدا\ufdf2")
    'عبدالله'
    """
    return _run([_ALLAH_PASS, _translate_pass(_PRESENTATION)], text)


def remove_invisibles(text: str) -> str:
    r"""Drop zero-width, bidi-control, BOM, soft-hyphen and tatweel characters.

    A zero-width space between two letters stands for a word break and becomes a space, and
    so does a zero-width non-joiner after a letter that joins the next one (where it shows).

    >>> remove_invisibles("پا\u200cکستان\u200f، سابقہ\u200bٹویٹر ہم\u200cآہنگی")
    'پاکستان، سابقہ ٹویٹر ہم آہنگی'
    """
    return _run([_ZWSP_PASS, _ZWNJ_PASS, _translate_pass(_INVISIBLES)], text)


def map_arabic_letters(text: str) -> str:
    """Map Arabic code points typed for Urdu letters (ي ى ك ة ە ۀ ٸ) to the Urdu letters.

    Arabic heh ه is left to :func:`resolve_arabic_heh`.

    >>> map_arabic_letters("كي")
    'کی'
    """
    return _run([_translate_pass(_ARABIC_LETTERS)], text)


def compose_hamza(text: str) -> str:
    r"""Compose letter + hamza/madda mark sequences into one letter (و+ٔ → ؤ, ا+ٓ → آ).

    A hamza mark on a letter that carries none, before a letter, is the yeh hamza ئ (مسٔلہ).

    >>> compose_hamza("ا\u0653ج") == "آج", compose_hamza("مس\u0654لہ") == "مسئلہ"
    (True, True)
    """
    return _HAMZA_SEAT_PASS.apply(_COMPOSE_PASS.apply(text))


def resolve_arabic_heh(text: str) -> str:
    """Replace Arabic heh ه by ہ or ھ, choosing per word with the word-frequency lexicon.

    The candidate spellings of a word are looked up and the most frequent wins; an unknown word
    gets ھ after a consonant that is usually aspirated (measured on the lexicon), else ہ.

    >>> resolve_arabic_heh("کها کهانا")
    'کہا کھانا'
    """
    return _HEH_PASS.apply(text)


def remove_diacritics(text: str) -> str:
    """Remove harakat, shadda, sukun, tanween, superscript alef and other Arabic marks.

    Run :func:`compose_hamza` first: a decomposed hamza or madda is a letter part, not a mark.

    >>> remove_diacritics("مُحَمَّد")
    'محمد'
    """
    return _run([_translate_pass(_DIACRITICS)], text)


def unify_digits(text: str, digits: DigitScript = "ascii") -> str:
    """Write all digits (ASCII, Arabic-Indic, Extended Arabic-Indic) in one script.

    >>> unify_digits("۲۰۲۱ اور ٣٫٥")
    '2021 اور 3.5'
    >>> unify_digits("2021", "urdu")
    '۲۰۲۱'
    """
    table = _DIGIT_TABLES[digits]
    return _run([_translate_pass(table)], text) if table else text


def normalize_spaces(text: str) -> str:
    r"""Unify Unicode spaces and line breaks, collapse space runs, trim spaces at line ends.

    Newlines are kept: paragraph structure matters downstream.

    >>> normalize_spaces(" روس\u00a0 کے \r\n\u00a0\nوزیر  ")
    'روس کے\n\nوزیر'
    """
    return _run(_compile(_step_passes("spaces", NormConfig())), text)


def space_punctuation(text: str) -> str:
    """No space before Urdu punctuation, one space after it when a letter follows.

    Decimals, thousands separators, times, URLs and initials are left alone.

    >>> space_punctuation("روس ، دونوں ہے۔انہوں 3.5 12:30 U.S.")
    'روس، دونوں ہے۔ انہوں 3.5 12:30 U.S.'
    """
    return _run([_PUNCT_BEFORE_PASS, _PUNCT_AFTER_PASS], text)
