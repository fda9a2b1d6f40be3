"""Spelling variants of names: the other ways the archive writes a name typed in the search box.

The analyzer's matching keys make most spellings of a name one term (``لاوروف`` / ``لاؤروف``),
but not all: ``یوکرین`` / ``یوکرائن``, ``سویڈن`` / ``سوئیڈن``, ``پنسلوانیا`` / ``پینسلوینیا``
differ by a letter, ``بھارت`` / ``انڈیا`` / ``ہندوستان`` are one country's names, and a name
glued to the word before it (``جوبائیڈن``) is one word to the analyzer.  The entity linker
already groups them: one canonical entity of the store with several aliases.  A free-text
word of a query, or a name of several words typed as one (``بنگلادیش``, searched as the
phrase ``بنگلا دیش``), that is an alias of an entity also looks for the entity's other
aliases that the archive holds, when they are the same name:

* a spelling of it: at most :func:`max_edits` letters apart, or one beginning or ending with
  the other, of :data:`MIN_GLUED` letters or more (a name glued to a first name or a title:
  ``جوبائیڈن``, ``ڈاکٹرمصدق``);
* a name of several words: another of as many words, each word a spelling of its own
  (``بنگلا دیش`` / ``بنگلہ دیش``);
* or, for a place or a body the shipped gazetteer knows (the entity has its English name:
  the gazetteer's rows of one item gave it its names), any of its names, of any number of
  words, looked for as phrases (``انڈیا`` also finds ``بھارت``, ``چائنا`` ``چین``,
  ``امارات`` ``یو اے ای``).

A person's other one-word aliases that are not a spelling of the word are left alone (a wrong
merge must not turn one name into another), and so is a word the linker treats as shared by
many people's names (``خان``, ``احمد``).  Only words the store's linker has seen as names
change; a search as typed (``--exact``) looks for the word alone.

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:")
>>> _ = conn.executescript('''
...   CREATE TABLE entities (id INTEGER PRIMARY KEY, type TEXT, english TEXT);
...   CREATE TABLE entity_aliases (key TEXT, type TEXT, entity INTEGER, last TEXT, words INT);
...   INSERT INTO entities VALUES (1, 'LOCATION', 'Ukraine'), (2, 'PERSON', NULL);
...   INSERT INTO entity_aliases VALUES ('یوکرین', 'LOCATION', 1, 'یوکرین', 1),
...     ('یوکراین', 'LOCATION', 1, 'یوکراین', 1), ('باییڈن', 'PERSON', 2, 'باییڈن', 1),
...     ('جوباییڈن', 'PERSON', 2, 'جوباییڈن', 1), ('جو باییڈن', 'PERSON', 2, 'باییڈن', 2);
... ''')
>>> held = {"یوکرین": 34, "یوکراین": 2, "باییڈن": 45, "جوباییڈن": 37}
>>> name_variants(conn, ["یوکراین", "باییڈن", "روس"], held.get)
{'یوکراین': ('یوکرین',), 'باییڈن': ('جوباییڈن',)}
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache

import regex

__all__ = ["MAX_VARIANTS", "max_edits", "name_variants", "same_name", "same_words"]

#: Most variants one word also looks for (the ones the most articles hold).
MAX_VARIANTS = 4
#: Shortest word (in letters) that is looked up.
MIN_LETTERS = 3
#: Shortest name found glued to another word: a shorter one is too often the end of another
#: name (``نند`` ends ``پریاانند``, a glued ``پریا انند``).
MIN_GLUED = 4
#: Most names of one query looked up (a pasted passage: its first ones).
MAX_WORDS = 96  # (a query's 64 terms at most, and its runs of words: query.MAX_RUNS)
#: Most aliases read for one name looked up (an entity of thousands of names is no name).
MAX_ROWS = 1000


def max_edits(word: str) -> int:
    """How many letters (left out, added, changed) two spellings of a name of this length
    may differ by: one for a short name, one more for each four letters beyond.

    >>> max_edits("ترکی"), max_edits("یوکرین"), max_edits("پینسلوینیا")
    (1, 1, 2)
    """
    return max(1, len(word) // 4)


@lru_cache(maxsize=4096)
def _fuzzy(word: str, edits: int) -> regex.Pattern[str]:
    """``word`` with at most ``edits`` letters left out, added or changed (``regex``'s fuzzy
    matching); the last patterns made are kept (a server sees an unbounded vocabulary)."""
    return regex.compile(f"(?:{regex.escape(word)}){{e<={edits}}}")


def same_name(word: str, other: str) -> bool:
    """Whether ``other`` spells the name ``word`` (analyzer terms of one word each): at most
    :func:`max_edits` of the shorter apart, or one beginning or ending with the other (a name
    glued to the word before or after it).

    >>> same_name("یوکراین", "یوکرین"), same_name("باییڈن", "جوباییڈن")
    (True, True)
    >>> same_name("بھارت", "انڈیا"), same_name("عمر", "عامر")  # (short: one letter apart)
    (False, True)
    >>> same_name("رضوان", "عمران")
    False
    """
    if word == other:
        return True
    short, long = sorted((word, other), key=len)
    if len(short) >= MIN_GLUED and (long.startswith(short) or long.endswith(short)):
        return True
    edits = max_edits(short)
    return len(long) - len(short) <= edits and _fuzzy(short, edits).fullmatch(long) is not None


def name_variants(
    conn: sqlite3.Connection,
    words: Sequence[str],
    held: Callable[[str], int | None],
) -> dict[str, tuple[str, ...]]:
    """For each of ``words`` (a word's analyzer term, or the terms of a name of several words
    joined by one space, as a name written joined is searched: ``بنگلا دیش``) that is an
    alias of an entity of the store (written spaced or joined), the entity's other aliases
    that are the same name (see the module's rules; a name of several words is a spelling of
    another of as many words when each word is) and that ``held(term)`` (the number of
    articles holding it; None or 0: none) says the archive holds, every word of it: at most
    :data:`MAX_VARIANTS`, the most held first, each as its analyzer terms joined by one space
    (a variant of several words is looked for as a phrase).  A variant that holds the name
    itself (``متحدہ عرب امارات`` for ``امارات``) is none: the name finds it already.  Words
    with none are left out.  A store without entities has none.

    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:")
    >>> _ = conn.executescript('''
    ...   CREATE TABLE entities (id INTEGER PRIMARY KEY, type TEXT, english TEXT);
    ...   CREATE TABLE entity_aliases (key TEXT, type TEXT, entity INTEGER, last TEXT, words INT);
    ...   INSERT INTO entities VALUES (1, 'LOCATION', 'Bangladesh');
    ...   INSERT INTO entity_aliases VALUES ('بنگلادیش', 'LOCATION', 1, 'بنگلادیش', 1),
    ...     ('بنگلہ دیش', 'LOCATION', 1, 'دیش', 2);
    ... ''')
    >>> name_variants(conn, ["بنگلا دیش"], {"بنگلہ": 3, "دیش": 9}.get)
    {'بنگلا دیش': ('بنگلہ دیش',)}
    """
    looked = [w for w in dict.fromkeys(words) if len(w.replace(" ", "")) >= MIN_LETTERS]
    looked = looked[:MAX_WORDS]
    if not looked:
        return {}
    by_compact: dict[str, list[str]] = {}
    for name in looked:
        by_compact.setdefault(name.replace(" ", ""), []).append(name)
    marks = ", ".join("?" * len(by_compact))
    try:
        rows = conn.execute(
            "SELECT replace(a.key, ' ', ''), b.key, e.type, e.english FROM entity_aliases a "
            "JOIN entity_aliases b ON b.entity = a.entity AND b.key <> a.key "
            "JOIN entities e ON e.id = a.entity "
            f"WHERE replace(a.key, ' ', '') IN ({marks}) LIMIT ?",
            [*by_compact, MAX_ROWS * len(by_compact)],
        ).fetchall()
    except sqlite3.OperationalError:  # a store from before entities
        return {}
    from akhbar.entities.link import shared_name_words

    shared = shared_name_words()
    found: dict[str, dict[str, int]] = {}
    for compact, other_key, kind, english in rows:
        other = _as_terms(other_key)
        if not other:
            continue
        synonym = kind != "PERSON" and english is not None
        for name in by_compact[compact]:
            mine = name.split(" ")
            theirs = other.split(" ")
            if _holds(theirs, mine) or (len(mine) == 1 and name in shared):
                continue
            if len(theirs) == 1 and other in shared:
                continue
            if not (synonym or same_words(mine, theirs)):
                continue
            count = min((held(t) or 0) for t in theirs)
            if count > 0:
                found.setdefault(name, {})[other] = count
    return {
        w: tuple(sorted(found[w], key=lambda t: (-found[w][t], t))[:MAX_VARIANTS])
        for w in looked
        if w in found
    }


@lru_cache(maxsize=4096)
def _as_terms(key: str) -> str:
    """An alias key as the analyzer's terms of it joined by one space (what the index holds:
    a name written joined is cut, ``جوبائیڈن`` → ``جو باییڈن``)."""
    from akhbar.text.analyzer import terms

    return " ".join(terms(key))


def _holds(words: Sequence[str], part: Sequence[str]) -> bool:
    """Whether ``part`` stands in ``words`` (contiguous, in order)."""
    n = len(part)
    return any(list(words[i : i + n]) == list(part) for i in range(len(words) - n + 1))


def same_words(mine: Sequence[str], theirs: Sequence[str]) -> bool:
    """Whether two names (their words' analyzer terms) have as many words, each a spelling of
    the other's (:func:`same_name`).

    >>> same_words(["بنگلا", "دیش"], ["بنگلہ", "دیش"]), same_words(["یو", "اے", "ای"], ["امارات"])
    (True, False)
    """
    return len(mine) == len(theirs) and all(
        same_name(a, b) for a, b in zip(mine, theirs, strict=True)
    )
