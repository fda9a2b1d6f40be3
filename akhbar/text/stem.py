"""Urdu stop words and a light stemmer, both over matching keys (:func:`.keys.match_key`).

Neither is part of the default analyzer: on the known-item retrieval dev set
(``benchmarks/RETRIEVAL.md``) dropping stop words cost 0.003 MRR@10 and every stemming variant
tried cost 0.001-0.006 (headline words mostly recur in the same form in the article, and BM25's
idf already makes function words nearly free).  They are here for callers that want them
(query suggestions, keyword extraction, a recall-oriented search mode) and so the measurement
can be repeated.

Stop words come from ``data/stopwords.txt`` (one word a line, ``#`` comments), turned into keys
once at import, so Arabic-keyboard and hamza spellings of an entry are covered.  The stemmer
strips one plural/oblique suffix, longest first: ``وں`` (ملکوں → ملک), ``یں`` (کتابیں → کتاب) and
``ات`` (انتخابات → انتخاب), only when at least ``MIN_STEM`` letters stay, so short words
(میں, ہیں, بات) are left alone.  The ے/ا/ی endings (بڑا/بڑے/بڑی) are not stripped: they are
also the ends of many unrelated stems, and measured no better.

>>> is_stop_word("کے"), is_stop_word("كي"), is_stop_word("پاکستان")
(True, True, False)
>>> stem("ملکوں"), stem("انتخابات"), stem("میں")
('ملک', 'انتخاب', 'میں')
"""

from __future__ import annotations

from importlib.resources import files

from akhbar.text.keys import match_key

__all__ = ["MIN_STEM", "STOP_WORDS", "SUFFIXES", "is_stop_word", "stem", "stem_terms"]

#: Suffixes stripped by :func:`stem`, tried longest first.
SUFFIXES = ("وں", "یں", "ات")
#: Letters that must remain after stripping.
MIN_STEM = 3


def _load_stop_words() -> frozenset[str]:
    raw = files("akhbar.text").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in raw.splitlines())
    return frozenset(match_key(w) for w in words if w)


#: The stop words as matching keys.
STOP_WORDS: frozenset[str] = _load_stop_words()
_BY_LENGTH = sorted(SUFFIXES, key=len, reverse=True)


def is_stop_word(term: str) -> bool:
    """Whether ``term`` (a word or its matching key) is an Urdu function word.

    >>> is_stop_word("ہوئے"), is_stop_word("انتخاب")
    (True, False)
    """
    return term in STOP_WORDS or match_key(term) in STOP_WORDS


def stem(term: str) -> str:
    """``term`` (a matching key) without one plural/oblique suffix, if enough remains.

    >>> stem("لوگوں"), stem("کتابیں"), stem("بات"), stem("ہیں")
    ('لوگ', 'کتاب', 'بات', 'ہیں')
    """
    for suffix in _BY_LENGTH:
        if term.endswith(suffix) and len(term) - len(suffix) >= MIN_STEM:
            return term[: -len(suffix)]
    return term


def stem_terms(terms: list[str], *, drop_stop_words: bool = False) -> list[str]:
    """Stem analyzer terms in order, optionally dropping stop words first.

    >>> stem_terms(["ملکوں", "کے", "انتخابات"], drop_stop_words=True)
    ['ملک', 'انتخاب']
    """
    return [stem(t) for t in terms if not (drop_stop_words and t in STOP_WORDS)]
