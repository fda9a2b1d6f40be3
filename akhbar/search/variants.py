"""Spelling variants of names: the other ways the archive writes a name typed in the search box.

The analyzer's matching keys make most spellings of a name one term (``لاوروف`` / ``لاؤروف``),
but not all: ``یوکرین`` / ``یوکرائن``, ``سویڈن`` / ``سوئیڈن``, ``پنسلوانیا`` / ``پینسلوینیا``
differ by a letter, ``بھارت`` / ``انڈیا`` / ``ہندوستان`` are one country's names, and a name
glued to the word before it (``جوبائیڈن``) is one word to the analyzer.  The entity linker
already groups them: one canonical entity of the store with several one-word aliases.  A
free-text word of a query that is a one-word alias of an entity also looks for the entity's
other one-word aliases that the archive holds, when they are the same name:

* a spelling of it: at most :func:`max_edits` letters apart, or one beginning or ending with
  the other, of :data:`MIN_GLUED` letters or more (a name glued to a first name or a title:
  ``جوبائیڈن``, ``ڈاکٹرمصدق``);
* or, for a place or a body the shipped gazetteer knows (the entity has its English name:
  the gazetteer's rows of one item gave it its names), any of its names (``انڈیا`` also finds
  ``بھارت``, ``چائنا`` ``چین``).

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

__all__ = ["MAX_VARIANTS", "max_edits", "name_variants", "same_name"]

#: Most variants one word also looks for (the ones the most articles hold).
MAX_VARIANTS = 4
#: Shortest word (in letters) that is looked up.
MIN_LETTERS = 3
#: Shortest name found glued to another word: a shorter one is too often the end of another
#: name (``نند`` ends ``پریاانند``, a glued ``پریا انند``).
MIN_GLUED = 4
#: Most words of one query looked up (a pasted passage: its first ones).
MAX_WORDS = 64
#: Most aliases read for one lookup (an entity of thousands of one-word names is no name).
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
    """For each of ``words`` (analyzer terms) that is a one-word alias of an entity of the
    store, the entity's other one-word aliases that are the same name (see the module's
    rules) and that ``held(term)`` (the number of articles holding it; None or 0: none) says
    the archive holds: at most :data:`MAX_VARIANTS`, the most held first.  Words with none are
    left out.  A store without entities has none."""
    looked = [w for w in dict.fromkeys(words) if len(w) >= MIN_LETTERS][:MAX_WORDS]
    if not looked:
        return {}
    marks = ", ".join("?" * len(looked))
    try:
        rows = conn.execute(
            "SELECT a.key, b.key, e.type, e.english FROM entity_aliases a "
            "JOIN entity_aliases b ON b.entity = a.entity AND b.words = 1 AND b.key <> a.key "
            "JOIN entities e ON e.id = a.entity "
            f"WHERE a.key IN ({marks}) AND a.words = 1 LIMIT ?",
            [*looked, MAX_ROWS],
        ).fetchall()
    except sqlite3.OperationalError:  # a store from before entities
        return {}
    from akhbar.entities.link import shared_name_words

    shared = shared_name_words()
    found: dict[str, dict[str, int]] = {}
    for word, other, kind, english in rows:
        if word in shared or other in shared:
            continue
        synonym = kind != "PERSON" and english is not None
        if not (synonym or same_name(word, other)):
            continue
        count = held(other) or 0
        if count > 0:
            found.setdefault(word, {})[other] = count
    return {
        w: tuple(sorted(found[w], key=lambda t: (-found[w][t], t))[:MAX_VARIANTS])
        for w in looked
        if w in found
    }
