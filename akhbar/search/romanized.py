"""Words typed in Latin letters read as the Urdu words they spell.

A reader on a Latin keyboard types ``cricket`` for ``کرکٹ``, ``police`` for ``پولیس``, or Urdu
in Latin letters (Roman Urdu: ``hukumat`` for ``حکومت``, ``wazir`` for ``وزیر``).  The Urdu
word is one of the shipped lexicon (:func:`akhbar.text.lexicon.lexicon`, the shared news'
words seen :data:`MIN_COUNT` times or more, no function word) that the typed word spells by
``romanize.tsv`` (:class:`akhbar.entities.explore.LatinMatcher`), chosen as a noisy channel
would: the cost of the spelling (:func:`akhbar.entities.explore.align_spelling`: how likely
each letter's spelling is, learned from the gazetteer's English / Urdu names), plus
:data:`RETROFLEX_COST` for an English ``t`` or ``d`` written ``ت`` or ``د`` (a loanword takes
``ٹ`` and ``ڈ``: ``team`` is ``ٹیم``), plus minus the log of the word's share of the
lexicon (a common word is the likelier reading: ``hukumat`` is ``حکومت``, not ``حکمت``).

>>> read_word("cricket")[0], read_word("hukumat")[0]
('کرکٹ', 'حکومت')
>>> read_word("the"), read_word("xq")
((), ())
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from pathlib import Path

__all__ = [
    "MAX_IZAFAT_WORDS",
    "MIN_COUNT",
    "RETROFLEX_COST",
    "english_prose",
    "english_stop_words",
    "izafat_parts",
    "read_latin",
    "read_word",
]

#: Least count in the lexicon of a word a Latin word may read as.
MIN_COUNT = 5
#: Added to a reading for each English ``t`` / ``d`` it writes ``ت`` / ``د``.
RETROFLEX_COST = 1.0
#: How many readings :func:`read_word` gives at most (best first).
MAX_READINGS = 3
#: Latin words of these lengths are read (shorter: a letter or an abbreviation).
MIN_LETTERS, MAX_LETTERS = 3, 24

#: Most words of an izafat compound read (``qaid-e-hizb-e-ikhtilaf`` has three).
MAX_IZAFAT_WORDS = 4

#: A text with this many English function words typed in lower case is English prose.
PROSE_FUNCTION_WORDS = 2

STOP_WORDS_FILE = Path(__file__).with_name("data") / "english_stop_words.txt"
_WORD = re.compile(r"[a-z]+\Z")
_PARTS = re.compile(r"[\s-]+")
_LATIN_WORDS = re.compile(r"[A-Za-z]+")


@cache
def english_stop_words() -> frozenset[str]:
    """English function words (``data/english_stop_words.txt``, and those language
    identification counts: :data:`akhbar.text.langid.FUNCTION_WORDS`), which no Urdu word
    reads.

    >>> "over" in english_stop_words(), "said" in english_stop_words()
    (True, True)
    >>> "cricket" in english_stop_words()
    False
    """
    from akhbar.text.langid import FUNCTION_WORDS

    words: set[str] = set(FUNCTION_WORDS["en"])
    for line in STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


def english_prose(text: str) -> bool:
    """Whether ``text`` (a query) is English prose: :data:`PROSE_FUNCTION_WORDS` English
    function words or more typed in lower case, or as many as its other words in Latin
    letters (a pasted English sentence, whose words are not Urdu words spelled in Latin
    letters: ``monday`` is no ``منڈی``).

    >>> english_prose("the prime minister said on monday"), english_prose("the new budget")
    (True, False)
    >>> english_prose("police and army"), english_prose("cricket عمران خان")
    (False, False)
    """
    words = _LATIN_WORDS.findall(text)
    function = sum(w in english_stop_words() for w in words)
    return function >= PROSE_FUNCTION_WORDS or (function > 0 and 2 * function >= len(words))


@cache
def _costs() -> tuple[dict[tuple[str, str], float], float]:
    from akhbar.entities.explore import romanize_costs

    costs, vowel = romanize_costs()
    out = dict(costs)
    for (letter, spelling), cost in costs.items():
        if letter in "تد" and spelling in ("t", "tt", "d", "dd"):
            out[(letter, spelling)] = cost + RETROFLEX_COST
    return out, vowel


@cache
def _lexicon_index() -> tuple[tuple[tuple[str, str, float, int], ...], dict[str, tuple[int, ...]]]:
    """The lexicon's words a Latin word may read as: ``(word, name key, minus the log of its
    share, how many of its letters are never silent)``, and, for each Latin letter, the words
    whose spelling may start with it (``""``: those that any letter may start)."""
    from akhbar.entities.explore import _PROTHETIC, _romanize_alternatives, _spellings
    from akhbar.entities.gazetteer import name_key
    from akhbar.text.lexicon import lexicon
    from akhbar.text.stem import is_stop_word

    counts = lexicon()
    total = sum(counts.values())
    table = _romanize_alternatives()
    words: list[tuple[str, str, float, int]] = []
    starts: dict[str, list[int]] = {}
    vowels = "aeiouy"
    for word, count in counts.items():
        if count < MIN_COUNT or is_stop_word(word):
            continue
        key = name_key(word)
        letters = [ch for ch in key if ch in table]
        if not key or " " in key or not letters:
            continue
        first = _spellings(letters[0], last=len(letters) == 1, first=True)
        chars = {s[0] for s in first if s}
        if "" in first:  # (a silent first letter, ی: any letter may start it)
            chars = {""}
        elif _PROTHETIC.match(key):
            chars |= set(vowels)
        for c in chars:
            starts.setdefault(c, []).append(len(words))
        spoken = sum("" not in table[ch] for ch in letters)
        words.append((word, key, -math.log(count / total), spoken))
    return tuple(words), {c: tuple(ix) for c, ix in starts.items()}


@lru_cache(maxsize=4096)  # (bounded: every word any query types lands here)
def read_word(typed: str) -> tuple[str, ...]:
    """The lexicon's words the Latin word ``typed`` may be, best first (at most
    :data:`MAX_READINGS`); none for an English function word, a word of fewer than
    :data:`MIN_LETTERS` letters, or one with other characters than Latin letters.

    An English ``x`` is two sounds, which Urdu writes with two letters: ``ks`` (``tax``
    ``ٹیکس``, ``index`` ``انڈیکس``) or ``gz`` (``exit`` ``ایگزٹ``); both are tried.

    >>> read_word("Police")[0], read_word("wazir")[0], read_word("tax")[0], read_word("exit")[0]
    ('پولیس', 'وزیر', 'ٹیکس', 'ایگزٹ')
    """
    text = typed.lower()
    if not (MIN_LETTERS <= len(text) <= MAX_LETTERS and _WORD.match(text)):
        return ()
    if text in english_stop_words():
        return ()
    spoken = {text.replace("x", "ks"), text.replace("x", "gz")} if "x" in text else {text}
    best: dict[str, float] = {}
    for spelled in spoken:
        for cost, word in _scored(spelled):
            best[word] = min(cost, best.get(word, math.inf))
    ranked = sorted(best, key=lambda w: (best[w], w))
    return tuple(ranked[:MAX_READINGS])


def _scored(text: str) -> list[tuple[float, str]]:
    """Each lexicon word the Latin letters ``text`` (lower case) spell, with its cost."""
    from akhbar.entities.explore import LatinMatcher, align_spelling

    words, starts = _lexicon_index()
    costs, vowel = _costs()
    matcher = LatinMatcher(text)
    scored: list[tuple[float, str]] = []
    for i in (*starts.get(text[0], ()), *starts.get("", ())):
        word, key, rarity, letters = words[i]
        # (each letter that is never silent takes a Latin letter at least)
        if letters <= len(text) and matcher.matches(key):
            cost = align_spelling(key, text, costs, vowel)[0]
            if cost < math.inf:
                scored.append((cost + rarity, word))
    return scored


def izafat_parts(typed: str) -> tuple[str, ...] | None:
    """The words of an Urdu compound typed in Latin letters with its izafat, the ``e`` that
    Urdu leaves unwritten (``وزیرِ اعظم``), between hyphens or spaces: ``wazir-e-azam``,
    ``wazir e azam``, ``Quaid-e-Azam``, ``tehreek-e-insaf``, of :data:`MAX_IZAFAT_WORDS` words
    at most; None for anything else.

    >>> izafat_parts("wazir-e-azam"), izafat_parts("Quaid e Azam"), izafat_parts("wazir azam")
    (('wazir', 'azam'), ('quaid', 'azam'), None)
    >>> izafat_parts("-e-".join(["wazir"] * (MAX_IZAFAT_WORDS + 1))) is None
    True
    """
    words = _PARTS.split(typed.strip().lower())
    if not 3 <= len(words) < 2 * MAX_IZAFAT_WORDS or len(words) % 2 == 0:
        return None
    if any(w != "e" for w in words[1::2]):
        return None
    parts = tuple(words[0::2])
    return parts if all(_WORD.match(w) and w != "e" for w in parts) else None


def read_latin(typed: str) -> tuple[str, ...]:
    """What a word or an izafat compound (:func:`izafat_parts`) typed in Latin letters reads
    as, best first: a word by :func:`read_word`; a compound as the one word the lexicon
    writes it (``wazir-e-azam`` ``وزیراعظم``, spelled with or without its ``e``), else as its
    words' readings, each the first, as one phrase (``tehreek-e-insaf`` ``تحریک انصاف``).

    >>> read_latin("cricket")[0], read_latin("wazir-e-azam")[0], read_latin("wazir e azam")[0]
    ('کرکٹ', 'وزیراعظم', 'وزیراعظم')
    >>> read_latin("tehreek-e-insaf")
    ('تحریک انصاف',)
    """
    parts = izafat_parts(typed)
    if parts is None:
        return read_word(typed)
    for joined in ("e".join(parts), "".join(parts)):
        found = read_word(joined)
        if found:
            return found
    words = [read_word(p) for p in parts]
    return (" ".join(w[0] for w in words),) if all(words) else ()
