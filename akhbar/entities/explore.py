"""Exploring the stored entities: most mentioned, one entity in detail, and a search filter.

Names are resolved the same way everywhere (:func:`resolve`): a Wikidata id (``Q159``); an Urdu
name in any spelling or keyboard (compared by name key, so ``لاؤروف`` finds ``لاوروف``), the full
name or a surname (``لاوروف`` finds ``سرگئی لاوروف``), with or without a title before it
(``صدر پیوٹن``, as mentions are stored without theirs); an English name from the gazetteer
(``Russia``, any case); else an English spelling of an Urdu name (``Lavrov``), matched letter by
letter with ``data/romanize.tsv``; an Urdu first name alone (``عمران``) or a middle name, the
persons whose name it begins or is a word of.  A one-word name that is the whole name or the
surname of little-mentioned persons also means the persons whose name it begins when they are
far more mentioned (:data:`FIRST_NAME_RATIO`: ``عمران`` is ``عمران خان`` or a choice, not a
namesake's three mentions).  Several candidates → :class:`AmbiguousEntity` naming the most
mentioned (with their counts), how many more and how to name one; none →
:class:`UnknownEntity`.

All functions take an open ``sqlite3.Connection`` to a store (``Store.connection``) and only
read.

>>> conn = _empty()
>>> _ = conn.execute("INSERT INTO entities VALUES (1, 'PERSON', 'سرگئی لاوروف', ?, NULL, NULL, 3)",
...                  [name_key("سرگئی لاوروف")])
>>> _ = conn.execute("INSERT INTO entity_aliases VALUES (?, 'PERSON', 1, 'لاوروف', 2)",
...                  [name_key("سرگئی لاوروف")])
>>> [c.name for c in resolve(conn, "لاؤروف")], [c.name for c in resolve(conn, "Lavrov")]
(['سرگئی لاوروف'], ['سرگئی لاوروف'])
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple, NoReturn

from akhbar.entities.gazetteer import name_key
from akhbar.text.keyboard import restore_keyboard

__all__ = [
    "AmbiguousEntity",
    "Candidate",
    "EntityLookupError",
    "LatinMatcher",
    "UnknownEntity",
    "acronym_in_latin",
    "entity_article_filter",
    "entity_details",
    "filter_value",
    "latin_acronym",
    "latin_matches",
    "latin_pattern",
    "mentioning_condition",
    "related_entities",
    "resolve",
    "resolve_chosen",
    "resolve_named",
    "resolve_one",
    "top_entities",
]

_URDU = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_QID = re.compile(r"^[Qq][1-9][0-9]*$")
_ENTITY_ID = re.compile(r"#[0-9]{1,18}\Z")
_LATIN_VOWELS = "[aeiouy]*"
#: A key word an English spelling may start with a vowel before: s and a consonant, whose
#: prothetic alef the match key drops (اسٹونیا is keyed سٹونیا: Estonia).  Any other word
#: starts with its first letter: Urdu writes a word's first vowel (ایران Iran, عمر Umar, آئرلینڈ
#: Ireland), so ``years`` is no spelling of روس nor ``all`` of لیل.
_PROTHETIC = re.compile(r"س[ٹکپ]")
#: The letters that may be silent as the first of a word in its English spelling: ی before a
#: vowel (یورپ Europe, یوکرین Ukraine).  Any other first letter is spelled (و is no silent
#: start: ``all`` is no spelling of ویل, nor ``usman`` of a و-word).
_SILENT_FIRST = "ی"
#: What a word's English spelling may end with that its Urdu letters do not write: a silent
#: ``e`` (George: جارج) and the short a that Indian names are transliterated with (Krishna:
#: کرشن).  Urdu writes a word's other final vowels (جموں Jammu, روحانی Rouhani), so ``jammu``
#: is no spelling of جام nor ``rouhani`` of ریحانہ.
_LATIN_END = "ae"
#: What may be an acronym: capitals (``PTI``, ``ISPR``), or a short word in any case (``pti``):
#: looked up as the news writes its letters, which an ordinary name never is (``ali`` is no
#: ``اے ایل آئی``), so that a word that is none goes on to the other steps.
_ACRONYM = re.compile(r"[A-Z]{2,8}\Z|[A-Za-z]{2,5}\Z")
#: A short word in capitals: an acronym, never looked up by its English spelling (a longer
#: one may be a name typed in capitals: ``LAVROV``).
_CAPITALS = re.compile(r"[A-Z]{2,4}\Z")
#: An acronym typed in capitals that may be the initials of an English name (``NAB``, ``OGRA``):
#: three letters or more (two are too often some place's: ``ST``, ``DE``).
_INITIALS = re.compile(r"[A-Z]{3,6}\Z")
#: Words of an English name its initials leave out: connecting words (of, and, the; the
#: izafat ``e`` of ``Tehreek-e-Insaf``).
_NOT_INITIALS = frozenset({"of", "and", "the", "for", "in", "on", "at", "to", "e", "&"})
#: Of the entities whose English name an acronym is the initials of, the most mentioned is
#: taken when mentioned this many times as often as the next (``ICC``: the International
#: Cricket Council or the International Criminal Court, neither).
INITIALS_RATIO = 3
#: An acronym with a number after or before its letters (``T20``, ``G7``, ``F16``; ``4G``):
#: its letters' names and the number.
_ACRONYM_NUMBER = re.compile(r"([A-Za-z]{1,4})([0-9]{1,4})\Z|([0-9]{1,4})([A-Za-z]{1,4})\Z")
#: How a letter's spellings differ when it is the last of its word (added, taken out).  A
#: final vowel letter is never silent: it is the vowel the English spelling ends with (a
#: silent one would let that vowel pass unwritten before it: ریحانہ, keyed ریحانا, would be
#: "rouhani").  ی is also an a (alef maqsura: موسیٰ Musa; the key drops the superscript
#: alef); ا is a long a or e, not the i, o, u it carries at the start of a word.
_LAST_LETTER: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ی": (("a",), ("",)),
    "ا": ((), ("i", "o", "u", "")),
    "و": ((), ("",)),
    "ہ": ((), ("",)),
}
#: How many entities (most mentioned first) the English-spelling fallback looks at.
ROMAN_SCAN = 5000
#: Longest English spelling (characters) the fallback tries (no name is longer; the position
#: sets of the first matcher grew with the square of the length, and 2,000 letters took minutes
#: of CPU through ``entity:``; :class:`LatinMatcher` is linear, the bound stays as a limit).
MAX_LATIN_QUERY = 60


def _empty() -> sqlite3.Connection:
    """An in-memory database with empty entity tables (for the examples)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE entities (id, type, name, key, english, wikidata, mention_count)")
    conn.execute("CREATE TABLE entity_aliases (key, type, entity, last, words)")
    conn.execute("CREATE TABLE mentions (article, entity, text)")
    return conn


class Candidate(NamedTuple):
    """An entity a name may mean."""

    id: int
    type: str
    name: str
    english: str | None
    wikidata: str | None
    mentions: int


class EntityLookupError(LookupError):
    """A name did not resolve to exactly one entity."""

    def __init__(self, message: str, candidates: Sequence[Candidate] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = tuple(candidates)


class UnknownEntity(EntityLookupError):
    """No stored entity has that name."""


class AmbiguousEntity(EntityLookupError):
    """Several stored entities have that name; ``candidates`` lists them, most mentioned first
    (at most :data:`NAME_PART_CANDIDATES` of a name part), ``total`` counts them all and
    ``hint`` says how to name one."""

    def __init__(
        self,
        message: str,
        candidates: Sequence[Candidate] = (),
        *,
        total: int | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(message, candidates)
        self.total = len(self.candidates) if total is None else total
        self.hint = hint


class _Lookup(NamedTuple):
    """What a name was found to mean: ``found`` (most mentioned first), whether the name is
    each one's whole name (an alias, its English name, an id) rather than a part of it (a
    surname, a first name), and how many there are in all (``total``; None: as many as
    found, more when a name part's candidates were cut at :data:`NAME_PART_CANDIDATES`)."""

    found: list[Candidate]
    whole: bool
    total: int | None = None


#: A Latin spelling with the letters that must follow it (``c[eiy]``: a soft c).
_FOLLOWED = re.compile(r"(.*)\[(\w+)\]\Z")


def _spelling_regex(spelling: str) -> str:
    """A spelling of ``romanize.tsv`` as a regex: its letters, and a lookahead for the letters
    that must follow it (``c[eiy]``: ``c(?=[eiy])``).

    >>> _spelling_regex("c[eiy]"), _spelling_regex("sh")
    ('c(?=[eiy])', 'sh')
    """
    m = _FOLLOWED.match(spelling)
    return re.escape(m.group(1)) + f"(?=[{m.group(2)}])" if m else re.escape(spelling)


def _spelling_length(spelling: str) -> int:
    """How many letters of the text a spelling takes (not the letters that must follow it)."""
    m = _FOLLOWED.match(spelling)
    return len(m.group(1)) if m else len(spelling)


@cache
def _romanize_table() -> dict[str, str]:
    text = files("akhbar.entities").joinpath("data/romanize.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        letter, spellings = line.split("\t")[:2]
        alts = spellings.split("|")
        spoken = sorted({a for a in alts if a}, key=_spelling_length, reverse=True)
        body = "|".join(_spelling_regex(a) for a in spoken)
        out[letter] = f"(?:{body})" + ("?" if "" in alts else "")
    return out


def latin_pattern(key: str) -> str:
    """A regex (over lower-case Latin) of the English spellings of a name key.

    >>> bool(re.fullmatch(latin_pattern(name_key("لاوروف")), "lavrov"))
    True
    >>> bool(re.fullmatch(latin_pattern(name_key("روحانی")), "rouhani"))
    True
    >>> bool(re.fullmatch(latin_pattern(name_key("روحانی")), "lavrov"))
    False
    """
    table = _romanize_table()
    words = []
    for word in key.split(" "):
        letters = [ch for ch in word if ch in table]
        parts = [_LATIN_VOWELS if _PROTHETIC.match(word) else ""]
        for i, ch in enumerate(letters):
            last = i == len(letters) - 1
            piece = table[ch]
            if (last and ch in _LAST_LETTER) or (i == 0 and ch not in _SILENT_FIRST):
                alts = _spellings(ch, last=last, first=i == 0)
                spoken = sorted(filter(None, alts), key=_spelling_length)[::-1]
                body = "|".join(_spelling_regex(a) for a in spoken)
                piece = f"(?:{body})" + ("?" if "" in alts else "")
            parts.append(piece)
            parts.append(f"[{_LATIN_END}]*" if last else _LATIN_VOWELS)
        words.append("".join(parts))
    return "[ '-]*".join(words)


@cache
def _spellings(letter: str, *, last: bool, first: bool) -> tuple[str, ...]:
    """The Latin spellings of ``letter`` where it stands in its word: as the last letter
    (:func:`_last_spellings`), and never silent as the first unless in ``_SILENT_FIRST``.

    >>> [("" in _spellings(c, last=False, first=True)) for c in "وہی"]
    [False, False, True]
    >>> "" in _spellings("و", last=False, first=False)
    True
    """
    spellings = _last_spellings(letter) if last else _romanize_alternatives().get(letter, ())
    spoken = tuple(s for s in spellings if s)
    # (a letter with no spelling but silence, ء, stays silent)
    return spoken if first and spoken and letter not in _SILENT_FIRST else spellings


@cache
def _last_spellings(letter: str) -> tuple[str, ...]:
    """The Latin spellings of ``letter`` as the last letter of a word (``_LAST_LETTER``).

    >>> "a" in _last_spellings("ی"), "i" in _last_spellings("ا"), "" in _last_spellings("و")
    (True, False, False)
    """
    added, removed = _LAST_LETTER.get(letter, ((), ()))
    spellings = _romanize_alternatives().get(letter, ())
    return tuple(sorted({*spellings, *added} - set(removed)))


@cache
def _romanize_alternatives() -> dict[str, tuple[str, ...]]:
    """Letter → its Latin spellings (``""`` when it may be silent), from ``romanize.tsv``."""
    text = files("akhbar.entities").joinpath("data/romanize.tsv").read_text(encoding="utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            letter, spellings = line.split("\t")[:2]
            out[letter] = tuple(sorted(set(spellings.split("|"))))
    return out


def _mask(text: str, chars: str) -> int:
    """Bit ``j`` set for each position ``j`` of ``text`` holding one of ``chars``."""
    return sum(1 << j for j, c in enumerate(text) if c in chars)


def _widen(positions: int, step: int, n: int) -> int:
    """``positions`` (bit set) widened by any run of the characters of ``step`` (bit ``j``: the
    character at ``j`` may be skipped) after each of them: doubling steps (1, 2, 4 … characters
    at once), so log(n) big-integer operations whatever the run lengths."""
    shift = 1
    while shift <= n and step:
        positions |= (positions & step) << shift
        step &= step >> shift
        shift <<= 1
    return positions


class LatinMatcher:
    """One lower-case Latin text, to test many name keys against it (:func:`latin_matches`).

    The positions reachable in the text are a bit set (an ``int``): a letter of the key moves
    every position by each of its spellings that starts there, a run of vowels or separators
    widens them.  Each letter costs a few operations on one integer, whatever the text, so a
    query is linear in the stored names (the sets of positions it replaced grew with the square
    of the text: 60 vowels took about a second over a thousand names).

    >>> m = LatinMatcher("imran khan")
    >>> m.matches(name_key("عمران خان")), m.matches(name_key("لاوروف"))
    (True, False)
    """

    _VOWELS = "aeiouy"
    _SEPARATORS = " '-"

    def __init__(self, text: str) -> None:
        self.text = text
        self._n = len(text)
        self._vowels = _mask(text, self._VOWELS)
        self._end = _mask(text, _LATIN_END)
        self._separators = _mask(text, self._SEPARATORS)
        self._starts: dict[str, int] = {"": (2 << self._n) - 1}
        self._letters: dict[str, tuple[tuple[int, int], ...]] = {}

    def _start_mask(self, spelling: str) -> int:
        mask = self._starts.get(spelling)
        if mask is None:
            text, j, mask = self.text, self.text.find(spelling), 0
            while j >= 0:
                mask |= 1 << j
                j = text.find(spelling, j + 1)
            self._starts[spelling] = mask
        return mask

    def _moves(
        self, letter: str, last: bool = False, first: bool = False
    ) -> tuple[tuple[int, int], ...]:
        """(start mask, length) of each spelling of ``letter`` found in the text where it
        stands in its word (:func:`_spellings`: ``last``, ``first``)."""
        memo = letter + ("$" if last else "") + ("^" if first else "")
        moves = self._letters.get(memo)
        if moves is None:
            found = []
            for spelling in _spellings(letter, last=last, first=first):
                followed = _FOLLOWED.match(spelling)
                if followed is None:
                    mask, length = self._start_mask(spelling), len(spelling)
                else:  # (where the letters that must follow it do)
                    base, after = followed.groups()
                    length = len(base)
                    mask = self._start_mask(base) & (_mask(self.text, after) >> length)
                if mask:
                    found.append((mask, length))
            moves = self._letters[memo] = tuple(found)
        return moves

    def matches(self, key: str, *, tail: bool = False) -> bool:
        """Whether the text is an English spelling of name key ``key`` (``tail``: of ``key`` or
        of its last words, in one pass: a fresh start is added at each word).

        >>> m = LatinMatcher("lavrov")
        >>> m.matches(name_key("سرگئی لاوروف")), m.matches(name_key("سرگئی لاوروف"), tail=True)
        (False, True)
        """
        table = _romanize_alternatives()
        n, vowels = self._n, self._vowels
        positions = 1
        for w, word in enumerate(key.split(" ")):
            if w:
                positions = _widen(positions, self._separators, n)
                if tail:
                    positions |= 1
            if _PROTHETIC.match(word):
                positions = _widen(positions, vowels, n)
            letters = [ch for ch in word if ch in table]
            for i, ch in enumerate(letters):
                if not positions:
                    continue
                last = i == len(letters) - 1
                nxt = 0
                for mask, length in self._moves(ch, last, i == 0):
                    nxt |= (positions & mask) << length
                if not nxt and not tail:
                    return False
                positions = _widen(nxt, self._end if last else vowels, n)
        return bool(positions >> n & 1)


def latin_matches(key: str, text: str) -> bool:
    """Whether lower-case Latin ``text`` is an English spelling of the name key ``key``: the
    same language as ``re.fullmatch(latin_pattern(key), text)``, decided by walking the set of
    reachable positions instead of compiling a regex (compiling costs about a millisecond a
    name, too slow for scanning thousands of stored names per query).  To test many keys
    against one text, make one :class:`LatinMatcher`.

    >>> latin_matches(name_key("لاوروف"), "lavrov"), latin_matches(name_key("روحانی"), "lavrov")
    (True, False)
    >>> latin_matches(name_key("عمران خان"), "imran khan")
    True
    """
    return LatinMatcher(text).matches(key)


#: A spelling's cost where ``romanize_costs.tsv`` has none (never seen in training: rare).
UNSEEN_COST = 8.0


@cache
def romanize_costs() -> tuple[dict[tuple[str, str], float], float]:
    """(``(letter, spelling)`` → cost, cost of a free Latin vowel) from
    ``data/romanize_costs.tsv``: minus the log-probability of each spelling of a letter of
    ``romanize.tsv`` (``""``: silent) and of a Latin vowel no Urdu letter writes, learned by
    ``scripts/train_romanize.py`` from the gazetteer's English / Urdu names.

    >>> costs, vowel = romanize_costs()
    >>> costs[("ٹ", "t")] < costs[("ن", "m")], 0 < vowel
    (True, True)
    """
    text = files("akhbar.entities").joinpath("data/romanize_costs.tsv").read_text(encoding="utf-8")
    costs: dict[tuple[str, str], float] = {}
    vowel = UNSEEN_COST
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        letter, spelling, cost = line.split("\t")[:3]
        if letter == "*":
            vowel = float(cost)
        else:
            costs[(letter, spelling)] = float(cost)
    return costs, vowel


def align_spelling(
    key: str,
    text: str,
    costs: dict[tuple[str, str], float] | None = None,
    vowel: float | None = None,
) -> tuple[float, tuple[tuple[str, str], ...]]:
    """The cheapest reading of lower-case Latin ``text`` as an English spelling of the name
    key ``key`` (the language :class:`LatinMatcher` accepts), and its steps: ``(letter,
    spelling)`` for each Urdu letter (``""`` silent) and ``("", vowel)`` for each Latin vowel
    no letter writes; ``(math.inf, ())`` when ``text`` spells no such name.  The cost sums the
    steps' (:func:`romanize_costs`, or ``costs`` and ``vowel``): how unlikely that spelling is.

    >>> cost, steps = align_spelling(name_key("کرکٹ"), "cricket")
    >>> [s for _, s in steps]
    ['c', 'r', 'vowel', 'ck', 'vowel', 't']
    >>> align_spelling(name_key("کرکٹ"), "lavrov")[0]
    inf
    """
    if costs is None or vowel is None:
        costs, vowel = romanize_costs()
    table = _romanize_alternatives()
    words = [[ch for ch in word if ch in table] for word in key.split(" ")]
    prothetic = [bool(_PROTHETIC.match(word)) for word in key.split(" ")]
    n = len(text)
    memo: dict[tuple[int, int, int], tuple[float, tuple[tuple[str, str], ...]]] = {}
    none: tuple[float, tuple[tuple[str, str], ...]] = (math.inf, ())

    def best(w: int, i: int, j: int) -> tuple[float, tuple[tuple[str, str], ...]]:
        # (word w, its letters before i, the text before j read)
        got = memo.get((w, i, j))
        if got is not None:
            return got
        letters = words[w]
        out = none
        if i == len(letters):
            # after a word's last letter a run of end letters (ae: Rouhani, Kolkatae), then
            # the text's end or, before the next word, a run of separators (or none)
            k = j
            while True:
                end = (vowel * (k - j), (("", "vowel"),) * (k - j))
                if w + 1 == len(words):
                    if k == n and end[0] < out[0]:
                        out = end
                else:
                    m = k
                    while True:
                        cost, steps = best(w + 1, 0, m)
                        if cost + end[0] < out[0]:
                            out = (cost + end[0], end[1] + steps)
                        if m == n or text[m] not in LatinMatcher._SEPARATORS:
                            break
                        m += 1
                if not letters or k == n or text[k] not in _LATIN_END:
                    break
                k += 1
            memo[(w, i, j)] = out
            return out
        if j < n and text[j] in LatinMatcher._VOWELS and (i > 0 or prothetic[w]):
            cost, steps = best(w, i, j + 1)
            if cost + vowel < out[0]:
                out = (cost + vowel, (("", "vowel"), *steps))
        ch = letters[i]
        for spelling in _spellings(ch, last=i == len(letters) - 1, first=i == 0):
            followed = _FOLLOWED.match(spelling)
            base, after = followed.groups() if followed else (spelling, "")
            if spelling and not text.startswith(base, j):
                continue
            if after and not (j + len(base) < n and text[j + len(base)] in after):
                continue
            cost, steps = best(w, i + 1, j + len(base))
            cost += costs.get((ch, spelling), UNSEEN_COST)
            if cost < out[0]:
                out = (cost, ((ch, spelling), *steps))
        memo[(w, i, j)] = out
        return out

    return best(0, 0, 0)


def _latin_query(name: str) -> str:
    """``name`` as the English-spelling match reads it: lower case, accents taken off, other
    characters than letters, apostrophes and hyphens as spaces.

    >>> _latin_query("  Bogotá, D.C. ")
    'bogota d c'
    """
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c)
    )
    return " ".join(re.sub(r"[^a-z' -]+", " ", plain).split())


def _candidates(
    conn: sqlite3.Connection, where: str, params: Sequence[Any], limit: int = -1
) -> list[Candidate]:
    rows = conn.execute(
        "SELECT DISTINCT e.id, e.type, e.name, e.english, e.wikidata, e.mention_count "
        f"FROM entities e WHERE {where} ORDER BY e.mention_count DESC, e.id LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [Candidate(*r) for r in rows]


def resolve(conn: sqlite3.Connection, name: str) -> list[Candidate]:
    """Every entity ``name`` may mean (most mentioned first); empty if none.

    Tries, in order, and stops at the first step that finds something: Wikidata id; ``#ID`` (the
    stored entity id); an acronym typed as its letters on a keyboard without some Urdu letters,
    as the news writes it (``پي آئي اي``: ``پی آئی اے``, as search reads it); exact name key of
    an alias; a surname (last words of an alias); the same without a title before the name
    (a name of one word found so, with the far more mentioned persons whose name it begins:
    :func:`_with_fuller_names`); a first name (``عمران``), else a middle one: the persons (at
    most :data:`NAME_PART_CANDIDATES`) whose name it begins, else holds as whole words; English name
    (case-insensitive), or for two words or more its last words (``Security Council``: the
    United Nations Security Council); a Latin name as stored (an alias); an acronym (capitals,
    or a word of five letters or fewer in any case) as the news writes its letters (``PTI``,
    ``pti``: ``پی ٹی آئی``); an acronym in capitals as the initials of an English name (``NAB``:
    ``نیب``, :func:`by_initials`); an English name of the shipped gazetteer (``Jammu``) by the
    gazetteer's Urdu spellings, and nothing else (an archive that never names Jammu has no
    entity of it, and a guess finds a person ``نکی جام``); English spelling of an alias, whole,
    else of its last words (not for two to four capitals, an acronym: ``RAW``, ``CDA``; nor for
    English function words typed in lower case, ``the``, ``this``: no name is meant); a Latin
    word spelling an Urdu name of one word, whole or a surname, with the far more mentioned
    persons whose name that word begins, as for the Urdu word.
    """
    return _resolve(conn, name).found


def _resolve(conn: sqlite3.Connection, name: str) -> _Lookup:
    """:func:`resolve`, whether ``name`` is each found entity's whole name (an alias, its
    English name, an id) rather than a part of it (a surname, the last words, a first name),
    and how many there are in all (:class:`_Lookup`)."""
    name = name.strip()
    if not name:
        return _Lookup([], True)
    if _QID.match(name):
        return _Lookup(_candidates(conn, "e.wikidata = ?", [name.upper()]), True)
    if _ENTITY_ID.match(name):  # '#38': the stored id, for names shared by several entities
        return _Lookup(_candidates(conn, "e.id = ?", [int(name[1:])]), True)
    if _URDU.search(name):
        # Typed on an Arabic or Persian keyboard (زمبابوي for زمبابوے, باكستان for پاکستان),
        # as the query parser reads an entity: filter.
        key = name_key(restore_keyboard(name))
        if not key:
            return _Lookup([], True)
        reading = _keyboard_acronym_key(name)
        if reading is not None and reading != key:  # (پي آئي اي: PIA, as search reads it)
            found, is_whole = _resolve_key(conn, reading)
            if found:
                return _Lookup(found, is_whole)
        found, is_whole = _resolve_key(conn, key)
        if found:
            return _with_fuller_names(conn, [key], found, is_whole)
        # A title written before the name (صدر پیوٹن, وزیر خارجہ سرگئی لاوروف): mentions are
        # stored without it, so the name is looked up again without it.
        bare = _strip_titles(key)
        if bare != key:
            found, is_whole = _resolve_key(conn, bare)
            if found:
                return _with_fuller_names(conn, [bare], found, is_whole)
        # A first name alone (عمران), or a middle one: the persons it begins, else is a word
        # of (a part: one such person is the one meant, several are candidates to choose).
        return _persons_named(conn, bare)
    found = _candidates(conn, "e.english = ? COLLATE NOCASE", [name])
    if found:
        return _Lookup(found, True)
    words = name.lower().split()
    if len(words) > 1:  # the last words of an English name: "Security Council" for the UN's
        tail = "".join("\\" + c if c in "\\%_" else c for c in " ".join(words))
        # (through the index of English names: only the entities that have one are read,
        # not every entity of a large store: 0.2 ms instead of 140 on 500,000 entities)
        found = _candidates(
            conn,
            "e.id IN (SELECT id FROM entities WHERE english > '' COLLATE NOCASE "
            "AND lower(english) LIKE ? ESCAPE '\\')",
            ["% " + tail],
        )
        if found:
            return _Lookup(found, False)
    key = name_key(name)
    if key:  # a name written in Latin letters in the news (Realme, Nimrat Kaur): its own alias
        found = _candidates(
            conn, "e.id IN (SELECT entity FROM entity_aliases WHERE key = ?)", [key]
        )
        if found:
            return _Lookup(found, True)
    spelled = latin_acronym(name) if _ACRONYM.match(name) else None
    if spelled is not None:  # PTI, MQM: the news writes the letters' names (پی ٹی آئی)
        acronym = name_key(spelled)
        found = _candidates(
            conn, "e.id IN (SELECT entity FROM entity_aliases WHERE key = ?)", [acronym]
        )
        if found:
            return _Lookup(found, True)
    expanded = by_initials(conn, name)
    if expanded is not None:  # NAB, OGRA: the initials of an English name (the news writes نیب)
        return _Lookup([expanded], True)
    known = [key for key, _ in _gazetteer_rows(name)]
    if known:  # an English name the gazetteer spells (Jammu: جموں): those spellings, no guess
        marks = ", ".join("?" for _ in known)
        return _Lookup(
            _candidates(
                conn, f"e.id IN (SELECT entity FROM entity_aliases WHERE key IN ({marks}))", known
            ),
            True,
        )
    if name == name.lower() and all(w in _english_function_words() for w in words):
        # the, and, this: an English function word typed in lower case is no name anyone
        # means, and the guess below reads one as some name (the: دوحہ, this: بنگلہ دیش).
        return _Lookup([], True)
    if _CAPITALS.match(name):
        # RAW, CDA, UNGA: a short acronym in capitals that no step above knows is no English
        # spelling of a name (the guess read them as راجکمار راؤ, چاڈ, پیانگ یانگ).
        return _Lookup([], True)
    query = _latin_query(name)
    if not 3 <= len(query) <= MAX_LATIN_QUERY:
        return _Lookup([], True)
    rows = _scanned_aliases(conn)
    # An alias spelled whole beats one whose last words only are (Imran Khan is عمران خان, not
    # also a run-on پرویزالٰہی عمران خان); the last words count when nothing is whole (Lavrov).
    # Of the whole ones, those of as many words as typed, word for word (Asim Munir is عاصم
    # منیر, not ایس ایم منیر, whose first two words the match spells as one: spelled_whole).
    words_typed = len(query.split())
    same: set[int] = set()
    whole: set[int] = set()
    tails: set[int] = set()
    # (one word typed: the Urdu words it spells, a name of their own or a surname, whose
    # fuller names may be the ones meant: Imran, عمران, عمران خان)
    same_keys: set[str] = set()
    tail_keys: set[str] = set()
    matcher = LatinMatcher(query)
    for entity, key in rows:
        if entity not in same and matcher.matches(key, tail=True):
            if not matcher.matches(key):
                tails.add(entity)
                tail_keys.add(key.rsplit(" ", 1)[-1])
            elif key.count(" ") + 1 == words_typed:
                same.add(entity)
                same_keys.add(key)
            else:
                whole.add(entity)
    hits = same or whole or tails
    if not hits:
        return _Lookup([], True)
    marks = ", ".join("?" for _ in hits)
    found = _candidates(conn, f"e.id IN ({marks})", sorted(hits))
    if words_typed > 1 or whole:
        return _Lookup(found, bool(same or whole))
    return _with_fuller_names(conn, sorted(same_keys if same else tail_keys), found, bool(same))


def _scanned_aliases(conn: sqlite3.Connection, words: int | None = None) -> list[Any]:
    """``(entity, key)`` of the aliases of the :data:`ROMAN_SCAN` most mentioned entities (of
    ``words`` words only, if given): the names the English-spelling match reads."""
    return conn.execute(
        "SELECT x.entity, x.key FROM entity_aliases x JOIN (SELECT id FROM entities "
        "ORDER BY mention_count DESC, id LIMIT ?) e ON e.id = x.entity"
        + ("" if words is None else " WHERE x.words = ?"),
        (ROMAN_SCAN,) if words is None else (ROMAN_SCAN, words),
    ).fetchall()


@cache
def _english_function_words() -> frozenset[str]:
    """The English function words language identification uses (``the``, ``and``, ``who``).

    >>> "the" in _english_function_words(), "lavrov" in _english_function_words()
    (True, False)
    """
    from akhbar.text.langid import FUNCTION_WORDS

    return FUNCTION_WORDS["en"]


@cache
def _keyboard_acronym_key(name: str) -> str | None:
    """The name key of the acronym ``name`` is, when it is one typed as its letters, read as
    the search query parser reads it (:func:`akhbar.search.query.keyboard_acronym`): typed on a
    keyboard without some Urdu letters, the one the news writes (``پي آئي اي``, typed with no
    ``ے`` key: ``پی آئی اے``, PIA); else None (and at once for text an Urdu keyboard typed:
    the query parser is not run for every name looked up).

    >>> _keyboard_acronym_key("پي آئي اي") == name_key("پی آئی اے")
    True
    >>> _keyboard_acronym_key("پی آئی اے"), _keyboard_acronym_key("روس")
    (None, None)
    """
    from akhbar.search.query import QueryError, parse_query
    from akhbar.text.keyboard import missing_letters

    if not missing_letters(name):
        return None
    try:
        items = [a for c in parse_query(name).clauses for a in c.alternatives]
    except QueryError:
        return None
    if len(items) != 1 or not items[0].acronym:
        return None
    return name_key(" ".join(items[0].terms))


def latin_acronym(typed: str) -> str | None:
    """An acronym typed in Latin letters as the Urdu news writes it: the names of its letters
    (and its number), separated by spaces; None when ``typed`` is no acronym's form (two to
    eight capitals, or two to five letters in any case, or one to four letters and a number
    after or before them).
    Whether it is an acronym the news writes is the caller's to check.

    >>> latin_acronym("PTI"), latin_acronym("imf"), latin_acronym("T20"), latin_acronym("4G")
    ('پی ٹی آئی', 'آئی ایم ایف', 'ٹی 20', '4 جی')
    >>> latin_acronym("Pakistan") is None, latin_acronym("A") is None
    (True, True)
    """
    number = _ACRONYM_NUMBER.match(typed)
    if number is None and not _ACRONYM.match(typed):
        return None
    if number is None:
        letters, digits, first = typed, "", False
    elif number.group(1):
        letters, digits, first = number.group(1), number.group(2), False
    else:
        letters, digits, first = number.group(4), number.group(3), True
    names = _letter_names()
    spelled = [names[c] for c in letters.upper()]
    return " ".join(p for p in ([digits, *spelled] if first else [*spelled, digits]) if p)


def initials(english: str) -> str:
    """The initials of an English name in capitals, its connecting words left out (a
    parenthesis read as words): the acronym it is known by.

    >>> initials("National Accountability Bureau"), initials("Pakistan Tehreek-e-Insaf")
    ('NAB', 'PTI')
    >>> initials("Oil and Gas Regulatory Authority"), initials("Pakistan Muslim League (N)")
    ('OGRA', 'PMLN')
    """
    words = re.split(r"[\s\-\u2013/.,()]+", english)
    return "".join(w[0] for w in words if w and w.lower() not in _NOT_INITIALS).upper()


def by_initials(conn: sqlite3.Connection, typed: str) -> Candidate | None:
    """The organization or place whose English name (the gazetteer's) ``typed`` is the initials
    of (:func:`initials`), when ``typed`` is three to six capitals (``NAB``: the National
    Accountability Bureau, ``نیب``); of several, the most mentioned if mentioned
    :data:`INITIALS_RATIO` times as often as the next, else None (an acronym of two names
    means neither).

    >>> conn = _empty()
    >>> _ = conn.executemany(
    ...     "INSERT INTO entities VALUES (?, 'ORGANIZATION', ?, 'k', ?, NULL, ?)",
    ...     [(1, "نیب", "National Accountability Bureau", 50),
    ...      (2, "آئی سی سی", "International Cricket Council", 67),
    ...      (3, "عالمی فوجداری عدالت", "International Criminal Court", 54)])
    >>> by_initials(conn, "NAB").name, by_initials(conn, "ICC"), by_initials(conn, "nab")
    ('نیب', None, None)
    """
    if not _INITIALS.match(typed):
        return None
    first = typed[0]
    try:
        # (through the index of English names: those that start with the acronym's letter)
        found = [
            c
            for c in _candidates(
                conn,
                "e.english >= ? COLLATE NOCASE AND e.english < ? COLLATE NOCASE "
                "AND e.type <> 'PERSON'",
                [first, chr(ord(first) + 1)],
            )
            if c.english and initials(c.english) == typed
        ]
    except sqlite3.OperationalError:  # a store from before entities
        return None
    if not found or (len(found) > 1 and found[0].mentions < INITIALS_RATIO * found[1].mentions):
        return None
    return found[0]


def spelled_whole(conn: sqlite3.Connection, names: Sequence[str]) -> dict[str, list[Candidate]]:
    """For each name of two or three words typed in Latin letters (``Imran Khan``), the
    entities one of whose names of as many words it spells in English (``عمران خان``), most
    mentioned first: the English-spelling match of :func:`resolve` over the :data:`ROMAN_SCAN`
    most mentioned entities, held to whole names word for word (``Asim Munir`` is ``عاصم
    منیر``, not ``ایس ایم منیر``, whose first two words it would spell as one).  One word is
    none (a surname, or a common word: ``police`` is spelled like the end of ``فاف ڈیو
    پلیسی``), nor a name with an English function word in it.  The names of as many words are
    read once for all the names (each name is matched against them: 10-15 ms for two words on
    the shared news's store); names with no entity are left out.

    >>> conn = _empty()
    >>> for i, name in enumerate(["عمران خان", "ایس ایم منیر"]):
    ...     key = name_key(name)
    ...     _ = conn.execute("INSERT INTO entities VALUES (?, 'PERSON', ?, ?, NULL, NULL, 9)",
    ...                      (i, name, key))
    ...     _ = conn.execute("INSERT INTO entity_aliases VALUES (?, 'PERSON', ?, ?, ?)",
    ...                      (key, i, key.split()[-1], len(key.split())))
    >>> found = spelled_whole(conn, ["Imran Khan", "Asim Munir", "Khan", "khan of"])
    >>> {name: [c.name for c in found[name]] for name in found}
    {'Imran Khan': ['عمران خان']}
    """
    queries: dict[str, str] = {}
    for typed in names:
        words = typed.split()
        if not 2 <= len(words) <= 3 or any(w.lower() in _english_function_words() for w in words):
            continue
        query = _latin_query(typed)
        if 3 <= len(query) <= MAX_LATIN_QUERY and len(query.split()) == len(words):
            queries[typed] = query
    found: dict[str, list[Candidate]] = {}
    for count in sorted({len(q.split()) for q in queries.values()}):
        try:  # (the names of as many words, read once for all the names typed)
            rows = _scanned_aliases(conn, count)
        except sqlite3.OperationalError:  # a store from before entities
            return {}
        for typed, query in queries.items():
            if len(query.split()) != count:
                continue
            matcher = LatinMatcher(query)
            hits = sorted({entity for entity, key in rows if matcher.matches(key)})
            if hits:
                marks = ", ".join("?" for _ in hits)
                found[typed] = _candidates(conn, f"e.id IN ({marks})", hits)
    return found


def acronym_in_latin(letters: Sequence[str]) -> str | None:
    """The Latin letters of the names of letters ``letters`` (analyzer terms), lower case as
    the analyzer's term of them: the other way of :func:`latin_acronym`; None unless every
    one is a letter's name.

    >>> from akhbar.text.analyzer import terms
    >>> acronym_in_latin(terms("آئی ایم ایف")), acronym_in_latin(terms("ٹی"))
    ('imf', 't')
    >>> acronym_in_latin(terms("پی ٹی وی چینل")) is None
    True
    """
    by_term = _letters_by_term()
    latin = [by_term.get(w) for w in letters]
    return "".join(map(str, latin)).lower() if latin and all(latin) else None


@cache
def _letter_names() -> dict[str, str]:
    """Latin letter → its Urdu name as the news writes an acronym (``P``: ``پی``), from the
    ``letter`` rows of ``data/rules.txt`` (whose comment is the letter; the first row wins).

    >>> _letter_names()["P"], _letter_names()["Z"]
    ('پی', 'زیڈ')
    """
    out: dict[str, str] = {}
    for word, letter in _letter_rows():
        out.setdefault(letter, word)
    return out


@cache
def _letters_by_term() -> dict[str, str]:
    """The analyzer term of each Urdu name of a Latin letter → the letter (``آیی``: ``I``;
    both ``زیڈ`` and ``زی``: ``Z``).

    >>> _letters_by_term()["آیی"], _letters_by_term()["زی"]
    ('I', 'Z')
    """
    from akhbar.text.analyzer import terms

    out: dict[str, str] = {}
    for word, letter in _letter_rows():
        for term in terms(word):
            out.setdefault(term, letter)
    return out


@cache
def _letter_rows() -> tuple[tuple[str, str], ...]:
    """(Urdu name, Latin letter) of the ``letter`` rows of ``data/rules.txt``, in order."""
    from akhbar.entities.rules import _data

    out = []
    for line in _data("rules.txt").splitlines():
        kind, word, letter = [*line.split("\t"), "", ""][:3]
        if kind == "letter" and len(letter) == 1:
            out.append((word, letter))
    return tuple(out)


@cache
def _gazetteer_english() -> dict[str, tuple[tuple[str, str], ...]]:
    """English name (case-folded) → (name key, Urdu label) of the shipped gazetteer's rows of
    it."""
    from akhbar.entities.gazetteer import default_gazetteer

    out: dict[str, list[tuple[str, str]]] = {}
    for entry in default_gazetteer().entries():
        if entry.english:
            out.setdefault(entry.english.casefold(), []).append((entry.key, entry.urdu))
    return {english: tuple(rows) for english, rows in out.items()}


def _gazetteer_rows(name: str) -> tuple[tuple[str, str], ...]:
    """(name key, Urdu label) of the shipped gazetteer's rows of English name ``name`` (any
    case), if any.

    >>> _gazetteer_rows("JAMMU") == ((name_key("جموں"), "جموں"),)
    True
    >>> _gazetteer_rows("Lavrov")
    ()
    """
    return _gazetteer_english().get(" ".join(name.split()).casefold(), ())


def _resolve_key(conn: sqlite3.Connection, key: str) -> tuple[list[Candidate], bool]:
    """Entities of an Urdu name key: an alias (whole), else a surname (the last words of an
    alias)."""
    found = _candidates(conn, "e.id IN (SELECT entity FROM entity_aliases WHERE key = ?)", [key])
    if found:
        return found, True
    if " " not in key:  # a surname: the index on the last word finds it
        return _candidates(
            conn,
            "e.id IN (SELECT entity FROM entity_aliases WHERE last = ? AND words > 1)",
            [key],
        ), False
    return _candidates(
        conn,
        "e.id IN (SELECT entity FROM entity_aliases WHERE words > ? AND "
        "substr(key, -length(?) - 1) = ?)",
        [len(key.split(" ")), key, " " + key],
    ), False


#: Most persons a first name (or a middle one) is looked up as the part of (most mentioned
#: first): candidates to choose from, not all the archive's persons of a common name.
NAME_PART_CANDIDATES = 50

#: A one-word name that is some entities' whole name or surname (``عمران``: a person known by
#: it alone, ``محمد عمران``) also means the persons whose name it begins (``عمران خان``) when
#: the most mentioned of them is mentioned this many times as often as the most mentioned of
#: those: a bare first name means the person most people mean, or a choice, not a little
#: mentioned namesake.  Below it the name answers as before (``لاوروف``, ``ٹرمپ``).
FIRST_NAME_RATIO = 3

_PERSON_ALIAS = (
    "e.type = 'PERSON' AND e.id IN (SELECT entity FROM entity_aliases WHERE type = 'PERSON' AND {})"
)


def _count(conn: sqlite3.Connection, where: str, params: Sequence[Any]) -> int:
    """How many entities ``where`` (a condition on ``e``, as :func:`_candidates` takes) holds."""
    return int(conn.execute(f"SELECT count(*) FROM entities e WHERE {where}", params).fetchone()[0])


def _begun(keys: Sequence[str]) -> tuple[str, list[str]]:
    """A condition (and its params) on ``e``: persons an alias of whom begins with one of the
    one-word name keys ``keys`` followed by more words (``عمران``: ``عمران خان``).  Through the
    alias keys' index: ``' '`` sorts before every letter and ``'!'`` right after it."""
    ranges = " OR ".join("(key > ? AND key < ?)" for _ in keys)
    return _PERSON_ALIAS.format(f"({ranges})"), [b for k in keys for b in (k + " ", k + "!")]


def _with_fuller_names(
    conn: sqlite3.Connection, keys: Sequence[str], found: list[Candidate], whole: bool
) -> _Lookup:
    """``found`` (of ``whole`` names) for a name of one word (keys ``keys``: the word, or the
    words a Latin spelling of it spells), with the persons it begins when the most mentioned
    of them is :data:`FIRST_NAME_RATIO` times as mentioned as the most mentioned found: then
    a part of all their names, a choice (most mentioned first, at most
    :data:`NAME_PART_CANDIDATES`, with the count of all).

    >>> conn = _empty()
    >>> for i, (name, n) in enumerate([("عمران خان", 90), ("عمران", 3), ("لاوروف", 40)]):
    ...     _ = conn.execute("INSERT INTO entities VALUES (?, 'PERSON', ?, ?, NULL, NULL, ?)",
    ...                      [i, name, name_key(name), n])
    ...     _ = conn.execute("INSERT INTO entity_aliases VALUES (?, 'PERSON', ?, '', 1)",
    ...                      [name_key(name), i])
    >>> imran = _candidates(conn, "e.id = 1", [])
    >>> lookup = _with_fuller_names(conn, [name_key("عمران")], imran, True)
    >>> [c.name for c in lookup.found], lookup.whole, lookup.total
    (['عمران خان', 'عمران'], False, 2)
    >>> _with_fuller_names(conn, [name_key("لاوروف")], _candidates(conn, "e.id = 2", []), True)
    ... # doctest: +ELLIPSIS
    _Lookup(found=[Candidate(id=2, ...)], whole=True, total=None)
    """
    keys = [k for k in keys if k and " " not in k]
    if not keys or not found:
        return _Lookup(found, whole)
    where, params = _begun(keys)
    seen = [c.id for c in found]
    where += f" AND e.id NOT IN ({', '.join('?' * len(seen))})"
    params_seen: list[Any] = [*params, *seen]
    fuller = _candidates(conn, where, params_seen, NAME_PART_CANDIDATES)
    top = max(c.mentions for c in found)
    if not fuller or fuller[0].mentions < FIRST_NAME_RATIO * max(1, top):
        return _Lookup(found, whole)
    both = sorted([*found, *fuller], key=lambda c: (-c.mentions, c.id))
    total = len(found) + (
        _count(conn, where, params_seen) if len(fuller) == NAME_PART_CANDIDATES else len(fuller)
    )
    return _Lookup(both[:NAME_PART_CANDIDATES], False, total)


def _persons_named(conn: sqlite3.Connection, key: str) -> _Lookup:
    """Persons a name's words begin (``عمران``: ``عمران خان``), else that hold them as whole
    words inside their name (``محمد عمران خان``), by an alias; most mentioned first, at most
    :data:`NAME_PART_CANDIDATES`.  (The first through the alias keys' index; the second reads
    the persons' aliases, as only a name nothing else found gets here.)

    >>> conn = _empty()
    >>> for i, (name, n) in enumerate([("عمران خان", 9), ("محمد عمران خان", 2), ("عمر", 4)]):
    ...     _ = conn.execute("INSERT INTO entities VALUES (?, 'PERSON', ?, ?, NULL, NULL, ?)",
    ...                      [i, name, name_key(name), n])
    ...     _ = conn.execute("INSERT INTO entity_aliases VALUES (?, 'PERSON', ?, '', 1)",
    ...                      [name_key(name), i])
    >>> [c.name for c in _persons_named(conn, name_key("عمران")).found]
    ['عمران خان']
    >>> [c.name for c in _persons_named(conn, name_key("خان")).found]
    ['عمران خان', 'محمد عمران خان']
    >>> _persons_named(conn, "خ")
    _Lookup(found=[], whole=False, total=None)
    """
    queries = [_begun([key])]
    inside = "% " + "".join("\\" + c if c in "\\%_" else c for c in key) + " %"
    queries.append((_PERSON_ALIAS.format("' ' || key || ' ' LIKE ? ESCAPE '\\'"), [inside]))
    for where, params in queries:
        found = _candidates(conn, where, params, NAME_PART_CANDIDATES)
        if found:
            more = len(found) == NAME_PART_CANDIDATES
            return _Lookup(found, False, _count(conn, where, params) if more else None)
    return _Lookup([], False)


@cache
def _titles() -> tuple[tuple[str, ...], ...]:
    from akhbar.entities.ner import load_titles

    return tuple(load_titles())


def _strip_titles(key: str) -> str:
    """A name key without the run of titles it starts with (``data/titles.txt``), as the
    recognizer leaves them out of a name; the key itself when nothing would be left.

    >>> _strip_titles(name_key("صدر پیوٹن")) == name_key("پیوٹن")
    True
    >>> _strip_titles(name_key("نائب صدر جے ڈی وینس")) == name_key("جے ڈی وینس")
    True
    >>> _strip_titles(name_key("صدر")) == name_key("صدر")
    True
    >>> _strip_titles(name_key("وزیر اعلیٰ پنجاب مریم نواز")) == name_key("مریم نواز")
    True
    """
    words = key.split(" ")
    i = 0
    while i < len(words):
        for t in _titles():  # longest first
            if tuple(words[i : i + len(t)]) == t:
                i += len(t)
                break
        else:
            break
    if 0 < i < len(words):  # the office's place (وزیر اعلیٰ پنجاب مریم نواز), as recognized
        places = _places()
        for k in range(len(words) - i - 2, 0, -1):  # two words of name left at least
            if tuple(words[i : i + k]) in places:
                i += k
                break
    return " ".join(words[i:]) if i < len(words) else key


@cache
def _places() -> frozenset[tuple[str, ...]]:
    from akhbar.entities.rules import default_rules

    return frozenset(default_rules().locations)


#: A name that is the whole name of several entities means the one mentioned at least this
#: many times as often as all the others together (``امریکہ``, 2,025 mentions of the country,
#: and a person the recognizer once read so); else it is ambiguous.
DOMINANT = 10


def resolve_one(conn: sqlite3.Connection, name: str) -> Candidate:
    """The one entity ``name`` means; raises :class:`UnknownEntity` / :class:`AmbiguousEntity`.

    Several entities of that whole name (of different types: the linker joins one name of one
    type) are one when it is mentioned :data:`DOMINANT` times as often as the others together;
    a part of several names (a surname: ``شریف``) is always ambiguous.

    >>> resolve_one(_empty(), "Nobody")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    akhbar.entities.explore.UnknownEntity: no entity named 'Nobody': the store holds no ent...
    """
    return resolve_chosen(conn, name)[0]


def resolve_chosen(conn: sqlite3.Connection, name: str) -> tuple[Candidate, list[Candidate]]:
    """:func:`resolve_one`'s entity, and the others of that name it was chosen over (far less
    mentioned; most mentioned first), from one lookup."""
    lookup = _found(conn, name)
    found = lookup.found
    if len(found) > 1:
        top, *rest = found  # (most mentioned first)
        if not (lookup.whole and top.mentions >= DOMINANT * max(1, sum(c.mentions for c in rest))):
            _ambiguous(name, lookup)
    return found[0], found[1:]


def resolve_named(conn: sqlite3.Connection, name: str) -> list[Candidate]:
    """The entities ``name`` is the whole name of (one or more: ``Imran Khan`` for both an
    ``عمران خان`` and an ``عمران خاں`` the linker kept apart), or the one entity it is part of
    the name of; raises :class:`UnknownEntity`, or :class:`AmbiguousEntity` for a part of the
    names of several (a surname: ``Sharif``).  What a filter by name keeps: every entity
    written so, as a search for the words would.

    >>> resolve_named(_empty(), "Nobody")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    akhbar.entities.explore.UnknownEntity: no entity named 'Nobody': the store holds no ent...
    """
    lookup = _found(conn, name)
    if len(lookup.found) > 1 and not lookup.whole:
        _ambiguous(name, lookup)
    return lookup.found


def _found(conn: sqlite3.Connection, name: str) -> _Lookup:
    """:func:`_resolve`, raising :class:`UnknownEntity` when nothing is found."""
    lookup = _resolve(conn, name)
    if not lookup.found:
        if conn.execute("SELECT 1 FROM entities LIMIT 1").fetchone() is None:
            raise UnknownEntity(
                f"no entity named {name!r}: the store holds no entities yet (ingested with "
                "--no-entities?); run `akhbar annotate` to add them"
            )
        labels = [] if _URDU.search(name) else [urdu for _, urdu in _gazetteer_rows(name)]
        if labels:  # say how the archive would write it: the user may search for that
            raise UnknownEntity(
                f"no entity named {name!r}: the archive never names {' / '.join(labels)}"
            )
        raise UnknownEntity(f"no entity named {name!r}")
    return lookup


#: How many of an ambiguous name's candidates (most mentioned first) its message names.
SHOWN_CANDIDATES = 10


def _ambiguous(name: str, lookup: _Lookup) -> NoReturn:
    """Raise :class:`AmbiguousEntity`: the :data:`SHOWN_CANDIDATES` most mentioned
    candidates with their counts, how many more there are, and how to name one (a fuller
    name, for a part of several names; the ``#ID``).

    >>> c = [Candidate(i, "PERSON", f"عمران {i}", None, None, 20 - i) for i in range(12)]
    >>> try:
    ...     _ambiguous("عمران", _Lookup(c, False, 60))
    ... except AmbiguousEntity as exc:
    ...     print(exc.total, exc.message.split(". ", 1)[1])
    60 … and 50 more, less mentioned. Name one by a fuller name ('عمران 0') or its #ID ('#0').
    """
    found = lookup.found
    total = len(found) if lookup.total is None else max(lookup.total, len(found))
    listed = "; ".join(_describe(c) for c in found[:SHOWN_CANDIDATES])
    shown = min(len(found), SHOWN_CANDIDATES)
    more = f" … and {total - shown:,} more, less mentioned." if total > shown else ""
    fuller = "" if lookup.whole else f"a fuller name ({found[0].name!r}) or "
    hint = f"Name one by {fuller}its #ID ('#{found[0].id}')."
    raise AmbiguousEntity(
        f"{name!r} may mean {total:,} entities: {listed}.{more} {hint}",
        found,
        total=total,
        hint=hint,
    )


def _describe(c: Candidate) -> str:
    extra = ", ".join(x for x in (c.english, c.wikidata) if x)
    return f"#{c.id} {c.name} [{c.type}{', ' + extra if extra else ''}] ×{c.mentions}"


def entity_article_filter(name: str, conn: sqlite3.Connection) -> tuple[str, list[Any]]:
    """An SQL condition on ``articles.seq`` (and its params): articles mentioning ``name``.

    ``name`` is resolved by :func:`resolve_named` (every entity of that whole name); unknown
    or ambiguous names raise :class:`UnknownEntity` / :class:`AmbiguousEntity` (a
    ``LookupError`` whose message lists the candidates).

    >>> conn = _empty()
    >>> row = (7, "LOCATION", "روس", "روس", "Russia", "Q159", 5)
    >>> _ = conn.execute("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)", row)
    >>> entity_article_filter("russia", conn)
    ('seq IN (SELECT article FROM mentions WHERE entity IN (?))', [7])
    """
    return mentioning_condition([c.id for c in resolve_named(conn, name)])


def mentioning_condition(ids: Sequence[int]) -> tuple[str, list[Any]]:
    """An SQL condition on ``articles.seq`` (and its params): articles mentioning any of the
    entities ``ids``.

    >>> mentioning_condition([7, 9])
    ('seq IN (SELECT article FROM mentions WHERE entity IN (?, ?))', [7, 9])
    """
    marks = ", ".join("?" * len(ids))
    return f"seq IN (SELECT article FROM mentions WHERE entity IN ({marks}))", list(ids)


def filter_value(conn: sqlite3.Connection, entity: Candidate) -> str:
    """An ``entity:`` value that selects ``entity``: its name when the name is one of its own
    aliases (the filter then keeps every entity of that whole name, as for any name: ایران the
    place and the government are one name to a reader) and the filter reads it so
    (:func:`resolve_named`: not a bare first name that also means fuller names, ``عمران``),
    else ``#ID``.  A few index lookups: the name is looked up as :func:`resolve` looks up an
    Urdu name, by its key.

    >>> conn = _empty()
    >>> _ = conn.execute("INSERT INTO entities VALUES (7, 'PERSON', 'لاؤروف', 'x', NULL, NULL, 1)")
    >>> entity = Candidate(7, "PERSON", "لاؤروف", None, None, 1)
    >>> filter_value(conn, entity)
    '#7'
    >>> _ = conn.execute("INSERT INTO entity_aliases VALUES (?, 'PERSON', 7, ?, 1)",
    ...                  [name_key("لاؤروف")] * 2)
    >>> filter_value(conn, entity)
    'لاؤروف'
    """
    if _URDU.search(entity.name):
        key = name_key(restore_keyboard(entity.name))
        row = conn.execute(
            "SELECT 1 FROM entity_aliases WHERE key = ? AND entity = ? LIMIT 1", (key, entity.id)
        ).fetchone()
        if row:
            lookup = _resolve(conn, entity.name)
            if any(c.id == entity.id for c in lookup.found) and (
                lookup.whole or len(lookup.found) == 1
            ):
                return entity.name
    return f"#{entity.id}"


def top_entities(
    conn: sqlite3.Connection, *, type: str | None = None, top: int = 20
) -> list[dict[str, Any]]:
    """The ``top`` most mentioned entities (of one type, if given), with article counts.

    >>> top_entities(_empty())
    []
    """
    where, params = ("WHERE type = ?", [type.upper()]) if type else ("", [])
    rows = conn.execute(
        "SELECT id, type, name, english, wikidata, mention_count, "
        "(SELECT count(DISTINCT article) FROM mentions m WHERE m.entity = e.id) "
        f"FROM entities e {where} ORDER BY mention_count DESC, id LIMIT ?",
        [*params, top],
    ).fetchall()
    keys = ("id", "type", "name", "english", "wikidata", "mentions", "articles")
    return [dict(zip(keys, r, strict=True)) for r in rows]


#: Longest context shown for a mention, in characters: a longer sentence is cut around it.
CONTEXT_CHARS = 240


def mention_context(
    text: str, start: int, end: int, limit: int = CONTEXT_CHARS
) -> tuple[str, int, int]:
    """What to show of ``text`` (a sentence) around a mention at ``start:end``, and the
    mention's offsets in it: the whole text when it has at most ``limit`` characters, else a
    window of about ``limit`` around the mention, cut at spaces, ``…`` where it was cut.

    >>> mention_context("روس اور ایران", 8, 13)
    ('روس اور ایران', 8, 13)
    >>> text = "aaaa bbbb cccc dddd eeee ffff"
    >>> shown, s, e = mention_context(text, 10, 14, limit=16)
    >>> shown, shown[s:e]
    ('… bbbb cccc dddd …', 'cccc')
    """
    if len(text) <= limit:
        return text, start, end
    room = max(0, limit - (end - start))
    lo = max(0, start - room // 2)
    hi = min(len(text), end + room - (start - lo))
    lo = max(0, min(lo, hi - limit))
    if lo > 0:
        cut = text.find(" ", lo, start)
        lo = cut + 1 if cut >= 0 else lo
    if hi < len(text):
        cut = text.rfind(" ", end, hi)
        hi = cut if cut >= 0 else hi
    head = "… " if lo > 0 else ""
    tail = " …" if hi < len(text) else ""
    shown = head + text[lo:hi].strip() + tail
    offset = len(head) - lo - (len(text[lo:hi]) - len(text[lo:hi].lstrip()))
    return shown, start + offset, end + offset


def _first_context(conn: sqlite3.Connection, seq: int, entity_id: int) -> dict[str, Any] | None:
    """The sentence of the entity's first mention in article ``seq`` (:func:`mention_context`:
    ``text`` and the mention's ``start``/``end`` in it), or None if it cannot be found."""
    q = conn.execute
    first = q(
        "SELECT paragraph, start, end, sentence FROM mentions WHERE article = ? AND entity = ? "
        "ORDER BY paragraph, start LIMIT 1",
        (seq, entity_id),
    ).fetchone()
    row = q("SELECT paragraphs, sentences FROM articles WHERE seq = ?", (seq,)).fetchone()
    if first is None or row is None:
        return None
    paragraph, start, end, sentence = first
    paragraphs, sentences = json.loads(row[0]), json.loads(row[1])
    if not 0 <= paragraph < len(paragraphs):
        return None
    text = paragraphs[paragraph]
    lo, hi = 0, len(text)
    if 0 <= sentence < len(sentences):
        p, s, e = sentences[sentence]
        if p == paragraph and s <= start and end <= e:
            lo, hi = s, e
    if not lo <= start < end <= hi:
        return None
    shown, s, e = mention_context(text[lo:hi], start - lo, end - lo)
    return {"text": shown, "start": s, "end": e}


def _related(w: tuple[str, ...], other: tuple[str, ...], shared: frozenset[str]) -> str | None:
    """How two persons' names (as name-key words) may name one person, or None."""
    from akhbar.search.variants import same_name

    if w == other:
        return "same"
    short, long = sorted((w, other), key=len)
    if len(short) == 1 and len(long) > 1:
        return "part" if short[0] not in shared and short[0] in (long[0], long[-1]) else None
    named_short = tuple(x for x in short if x not in shared)
    if len(short) < len(long) and named_short == tuple(x for x in long if x not in shared):
        # the longer is the shorter with shared name words put in: at its end (شاہ رخ خان), or
        # anywhere when its surname is no shared word (عرفان خان نیازی)
        it = iter(long)
        inside = all(x in it for x in short)
        if named_short and inside and (long[: len(short)] == short or short[-1] not in shared):
            return "part"
        return None
    # another spelling of the given names: each a spelling, of four letters or more (عمر /
    # عامر, حسن / احسن are other names)
    if (
        len(w) == len(other) > 1
        and w[-1] == other[-1]
        and w[-1] not in shared
        and all(
            x == y or (min(len(x), len(y)) >= MIN_SPELLING_LETTERS and same_name(x, y))
            for x, y in zip(w[:-1], other[:-1], strict=True)
        )
    ):
        return "spelling"
    return None


#: The shortest given name :func:`related_entities` takes another spelling of as the same.
MIN_SPELLING_LETTERS = 4


def related_entities(
    conn: sqlite3.Connection, entity_id: int, *, limit: int = 10
) -> list[dict[str, Any]]:
    """Other persons that may be this person, whom the linker kept apart (a wrong merge costs
    more than a missed one: they are shown, not joined), most mentioned first: ``id``,
    ``type``, ``name``, ``english``, ``mentions`` and ``relation``, between the names the
    entities are shown by:

    * ``same``: the same name (the linker could not tell which of two persons it was);
    * ``spelling``: a name of as many words, the same surname, each other word a spelling of
      this one's, of four letters or more (``ہیلری`` / ``ہیلیری کلنٹن``);
    * ``part``: one name is one word that begins or ends the other (``مودی`` and ``نریندر
      مودی`` or ``نیرو مودی``; ``سلمان`` and ``سلمان خان``), or one is the other with words
      many people's names share put in (``شاہ رخ`` and ``شاہ رخ خان``).  A word many names
      share is no name alone (``خان``: ``سلمان خان`` and ``عامر خان`` are not related, nor
      ``سلمان خان`` and ``سلمان بٹ``).

    Places and organisations have none (their names' parts are other places: ``پاکستان``).

    >>> conn = _empty()
    >>> for i, name, n in [(1, "نریندر مودی", 9), (2, "مودی", 20), (3, "نیرو مودی", 2),
    ...                    (4, "ہلیری کلنٹن", 5), (5, "ہیلیری کلنٹن", 1), (6, "عامر خان", 4)]:
    ...     key = name_key(name)
    ...     _ = conn.execute("INSERT INTO entities VALUES (?, 'PERSON', ?, ?, NULL, NULL, ?)",
    ...                      (i, name, key, n))
    ...     _ = conn.execute("INSERT INTO entity_aliases VALUES (?, 'PERSON', ?, ?, ?)",
    ...                      (key, i, key.split()[-1], len(key.split())))
    >>> [(r["name"], r["relation"]) for r in related_entities(conn, 2)]
    [('نریندر مودی', 'part'), ('نیرو مودی', 'part')]
    >>> [(r["name"], r["relation"]) for r in related_entities(conn, 1)]
    [('مودی', 'part')]
    >>> [(r["name"], r["relation"]) for r in related_entities(conn, 5)]
    [('ہلیری کلنٹن', 'spelling')]
    """
    from akhbar.entities.link import shared_name_words

    row = conn.execute("SELECT type, key FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None or row[0] != "PERSON":
        return []
    shared = shared_name_words()
    w = tuple(str(row[1]).split())
    if not w or set(w) <= shared:
        return []
    # Candidates by their aliases (an entity's shown name is one of them), then compared by
    # the names the two are shown by: an alias alone may be a wrong one (a surname joined to
    # one of several persons it ends).
    where: list[tuple[str, list[Any]]] = []
    if w[-1] not in shared:  # the surname alone, longer names ending so, other spellings
        where.append(("last = ?", [w[-1]]))
    if len(w) == 1:  # a given name alone: the full names it begins
        where.append(("key >= ? AND key < ?", [w[0] + " ", w[0] + "!"]))
    else:
        alone = sorted({x for x in (w[0], w[-1]) if x not in shared})
        if alone:  # its given name or surname alone
            where.append((f"key IN ({', '.join('?' * len(alone))})", alone))
        begin = " ".join(w) if w[-1] not in shared else w[0]  # شاہ رخ, شاہ رخ خان
        where.append(("key >= ? AND key < ?", [begin + " ", begin + "!"]))
    ids: set[int] = set()
    for cond, params in where:
        ids.update(
            int(e)
            for (e,) in conn.execute(
                "SELECT DISTINCT entity FROM entity_aliases "
                f"WHERE type = 'PERSON' AND {cond} AND entity <> ? LIMIT 5000",
                [*params, entity_id],
            )
        )
    if not ids:
        return []
    found = []
    ordered = sorted(ids)
    for chunk in (ordered[k : k + 500] for k in range(0, len(ordered), 500)):
        marks = ", ".join("?" * len(chunk))
        for i, t, n, k, en, c in conn.execute(
            "SELECT id, type, name, key, english, mention_count FROM entities "
            f"WHERE id IN ({marks}) AND type = 'PERSON'",
            chunk,
        ):
            rel = _related(w, tuple(str(k).split()), shared)
            if rel is not None:
                found.append(
                    {"id": i, "type": t, "name": n, "english": en, "mentions": c, "relation": rel}
                )
    found.sort(key=lambda r: (-r["mentions"], r["id"]))
    return found[:limit]


def entity_details(
    conn: sqlite3.Connection, entity_id: int, *, cooccurring: int = 10, latest: int = 10
) -> dict[str, Any]:
    """One entity: variants with counts, English name, Wikidata id, mentions per month (by the
    article's publication date, UTC), top co-occurring entities (articles in common) and the
    latest articles mentioning it, each with the sentence of its first mention there
    (``context``: ``text``, and the mention's ``start``/``end`` in it), and for a person the
    other persons that may be the same (``related``: :func:`related_entities`).
    """
    q = conn.execute
    row = q(
        "SELECT id, type, name, english, wikidata, mention_count FROM entities WHERE id = ?",
        (entity_id,),
    ).fetchone()
    if row is None:
        raise UnknownEntity(f"no entity #{entity_id}")
    # Spellings that Unicode holds the same (``آ`` and ``ا`` + madda: one letter, drawn
    # alike) are one variant, in the composed form.
    spelled: dict[str, int] = {}
    for t, n in q(
        "SELECT text, count(*) FROM mentions WHERE entity = ? GROUP BY text", (entity_id,)
    ):
        key = unicodedata.normalize("NFC", t)
        spelled[key] = spelled.get(key, 0) + n
    variants = [
        {"text": t, "mentions": n} for t, n in sorted(spelled.items(), key=lambda v: (-v[1], v[0]))
    ]
    titles = [
        {"title": t, "mentions": n}
        for t, n in q(
            "SELECT title, count(*) FROM mentions WHERE entity = ? AND title IS NOT NULL "
            "GROUP BY title ORDER BY count(*) DESC, title LIMIT 10",
            (entity_id,),
        )
    ]
    months = [
        {"month": m or "undated", "mentions": n}
        for m, n in q(
            # (the month as published, in the source's zone: what a date filter reads, so a
            # month's bar links to the search that finds its articles)
            "SELECT substr(a.published, 1, 7) AS month, count(*) FROM mentions m "
            "JOIN articles a ON a.seq = m.article WHERE m.entity = ? GROUP BY month "
            "ORDER BY month IS NULL, month",
            (entity_id,),
        )
    ]
    co = [
        {"id": i, "type": t, "name": n, "english": en, "articles": c}
        for i, t, n, en, c in q(
            "WITH mine AS (SELECT DISTINCT article FROM mentions WHERE entity = ?) "
            "SELECT e.id, e.type, e.name, e.english, count(DISTINCT m.article) AS c "
            "FROM mine JOIN mentions m ON m.article = mine.article "
            "JOIN entities e ON e.id = m.entity WHERE m.entity <> ? "
            "GROUP BY e.id ORDER BY c DESC, e.mention_count DESC, e.id LIMIT ?",
            (entity_id, entity_id, cooccurring),
        )
    ]
    articles = [
        {
            "id": i,
            "title": t,
            "published": p,
            "mentions": c,
            "context": _first_context(conn, seq, entity_id),
        }
        for seq, i, t, p, c in q(
            "SELECT a.seq, a.id, a.title, a.published, count(*) FROM mentions m "
            "JOIN articles a ON a.seq = m.article WHERE m.entity = ? GROUP BY a.seq "
            "ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.seq DESC LIMIT ?",
            (entity_id, latest),
        ).fetchall()
    ]
    n_articles = q(
        "SELECT count(DISTINCT article) FROM mentions WHERE entity = ?", (entity_id,)
    ).fetchone()[0]
    return {
        "id": row[0],
        "type": row[1],
        "name": row[2],
        "english": row[3],
        "wikidata": row[4],
        "mentions": row[5],
        "articles": n_articles,
        "variants": variants,
        "titles": titles,
        "months": months,
        "cooccurring": co,
        "related": related_entities(conn, entity_id),
        "latest": articles,
    }
