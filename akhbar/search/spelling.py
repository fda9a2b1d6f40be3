"""Spelling suggestions for a search that found nothing ("did you mean").

A word of the query that no article holds is replaced by the word one edit away (a letter left
out, added or changed, or two letters swapped) that the most articles hold, a long vowel letter
left out (``انتخابت`` for ``انتخابات``: the commonest slip in typed Urdu) counting
:data:`VOWEL_BONUS` times: the archive's own vocabulary is the dictionary, so a suggestion
always finds something.  Words are compared as the analyzer's terms (so ``كرکٹ`` and ``کرکٹ``
are one word) and shown as the shipped lexicon most often writes that term.  Measured on
single-edit typos of the retrieval dev set's headline words: benchmarks/RETRIEVAL.md ("Did you
mean").

>>> frequencies = {"پاکستان": 40, "پاکستانی": 12, "عمران": 9, "عمر": 30}
>>> def df(terms):
...     return {t: frequencies[t] for t in terms if t in frequencies}
>>> correct("پاکستن", df)
'پاکستان'
>>> correct("پاکستان", df) is None  # held by articles: nothing to correct
True
>>> correct("عمرن", df)  # left out or added: the word more articles hold
'عمر'
>>> frequencies["عمران"] = 11  # ... a long vowel left out counting three times
>>> correct("عمرن", df)
'عمران'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache

from akhbar.text.analyzer import terms as analyze
from akhbar.text.keys import match_key
from akhbar.text.lexicon import lexicon

__all__ = ["MAX_LETTERS", "MIN_LETTERS", "VOWEL_BONUS", "chunks", "correct", "edits", "shown_form"]

#: Shortest term corrected: a shorter one has too many words one edit away (``کر``, ``کا``).
MIN_LETTERS = 4
#: Longest term corrected (a longer one is no typo of a word; bounds the edits tried).
MAX_LETTERS = 24
#: How much more a word counts when the typed one lacks only one of its long vowel letters.
VOWEL_BONUS = 3
_LONG_VOWELS = "اوی"


@cache
def _alphabet() -> str:
    """The letters of the lexicon's words as terms (match keys: what the analyzer leaves of
    them), the letters a term's letter may be changed to.

    >>> "ﷺ" in _alphabet(), "ك" in _alphabet(), "ک" in _alphabet()
    (False, False, True)
    """
    letters = {c for w in lexicon() for c in match_key(w)}
    return "".join(sorted(c for c in letters if c.isalpha() and "\u0600" <= c <= "\u06ff"))


def edits(term: str, alphabet: str | None = None) -> set[str]:
    """Every string one edit away from ``term``: a letter deleted, inserted (of ``alphabet``,
    default the lexicon's letters) or replaced, or two neighbours swapped.

    >>> sorted(edits("اب", "اب"))
    ['ا', 'اا', 'ااب', 'اب', 'ابا', 'ابب', 'ب', 'با', 'باب', 'بب']
    """
    letters = _alphabet() if alphabet is None else alphabet
    out: set[str] = set()
    for i in range(len(term) + 1):
        head, tail = term[:i], term[i:]
        if tail:
            out.add(head + tail[1:])
            for c in letters:
                out.add(head + c + tail[1:])
        if len(tail) > 1:
            out.add(head + tail[1] + tail[0] + tail[2:])
        for c in letters:
            out.add(head + c + tail)
    return out


def correct(term: str, doc_frequencies: Callable[[list[str]], Mapping[str, int]]) -> str | None:
    """The term one edit away from ``term`` that the most articles hold, when none holds
    ``term`` itself (``doc_frequencies(terms)`` gives the number of articles holding each,
    leaving out those none holds); None when it is held, too short or long, not letters only,
    or nothing one edit away is held.  Ties go to the first in code-point order."""
    alphabet = _alphabet()
    if not MIN_LETTERS <= len(term) <= MAX_LETTERS or any(c not in alphabet for c in term):
        return None
    if doc_frequencies([term]).get(term, 0) > 0:
        return None
    vowel_added = {term[:i] + v + term[i:] for i in range(len(term) + 1) for v in _LONG_VOWELS}
    candidates = sorted(edits(term) - {term})
    held = doc_frequencies(candidates)

    def weight(c: str) -> int:
        return held.get(c, 0) * (VOWEL_BONUS if c in vowel_added else 1)

    best = max(candidates, key=weight, default=None)
    return best if best is not None and held.get(best, 0) > 0 else None


@cache
def _forms() -> dict[str, str]:
    """Match key → the lexicon's most frequent word of that key (about 0.2 s, once)."""
    out: dict[str, str] = {}
    for word, _ in sorted(lexicon().items(), key=lambda kv: (-kv[1], kv[0])):
        out.setdefault(match_key(word), word)
    return out


def shown_form(term: str) -> str:
    """How ``term`` is written to a reader: the lexicon's most frequent word that the analyzer
    reads as ``term`` (a term is a match key: ``امریکا`` for both ``امریکہ`` and ``امریکا``),
    else ``term`` itself.

    >>> from akhbar.text.analyzer import terms
    >>> terms(shown_form(terms("امریکہ")[0])) == terms("امریکہ")
    True
    """
    shown = _forms().get(term)
    return shown if shown is not None and analyze(shown) == [term] else term


def chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    """``items`` in lists of at most ``size`` (SQLite bounds the parameters of a statement)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
