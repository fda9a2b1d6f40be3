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

A name typed in Latin letters in an Urdu archive (:func:`latin_variants`) also looks for
what the archive writes for it: an acronym the names of its letters (``IMF``: ``آئی ایم
ایف``, and that acronym's other names; ``T20``: ``ٹی 20`` and ``ٹی ٹوئنٹی``), a name an entity
of the store has as its English name its aliases (``Iran``: ``ایران``).  An acronym typed as
its letters also finds it written in Latin letters (:func:`acronym_spellings`: ``IMF``).
A compound the news writes both joined and spaced (``وزیراعظم`` / ``وزیر اعظم``, ``ورلڈکپ``
/ ``ورلڈ کپ``) also finds its other spelling (:func:`compound_spellings`), and a loanword
the news spells several ways its other spellings (``سیکیورٹی`` / ``سکیورٹی`` / ``سیکورٹی``,
``چیمپئنز`` / ``چیمپئینز``: :func:`spelling_variants`).

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
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeVar

import regex

__all__ = [
    "COMPOUNDS_FILE",
    "MAX_VARIANTS",
    "NUMBER_NAMES_FILE",
    "SPELLINGS_FILE",
    "acronym_spellings",
    "compound_spellings",
    "is_latin",
    "latin_variants",
    "max_edits",
    "name_variants",
    "other_spellings",
    "same_name",
    "same_words",
    "spellable",
    "spelling_variants",
    "through_runs",
]

_V = TypeVar("_V")

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
#: Most entities a name in Latin letters is read as (their aliases its variants).
MAX_ENTITIES = 3
#: Most words of one query the search reads as the Urdu words they spell (a pasted English
#: sentence: each costs 10-40 ms the first time it is read): the first ones.
MAX_READ_WORDS = 6
#: A word typed with a capital reads as a name the archive's entities are named by (one of
#: its readings) when they are named so at least this share as often as the archive writes the
#: likeliest reading (chosen on ``benchmarks/latin_words.py``'s lists).
NAME_SHARE = 0.25
#: ... or, when the entities name none of them, one the archive holds this many times as
#: often as the likeliest reading it holds (chosen on benchmarks/latin_words.py's lists).
NAME_RATIO = 25


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
            count = _held(other, held)
            if count > 0:
                found.setdefault(name, {})[other] = count
    return {
        w: tuple(sorted(found[w], key=lambda t: (-found[w][t], t))[:MAX_VARIANTS])
        for w in looked
        if w in found
    }


#: A name typed in Latin letters: ASCII letters and digits, words apart (``IMF``, ``T20``,
#: ``4G``, ``International Monetary Fund``, ``Cote d'Ivoire``; not a number alone).
_LATIN = regex.compile(r"[0-9]*[A-Za-z][A-Za-z0-9'.\-]*(?: [A-Za-z0-9][A-Za-z0-9'.\-]*)*")


def is_latin(typed: str) -> bool:
    """Whether ``typed`` (a word or words as typed, without the punctuation around them) may
    be a name written in Latin letters (:func:`latin_variants` reads those): not an English
    function word typed in lower case (``it``, ``and``: a word of an English sentence).

    >>> is_latin("IMF"), is_latin("Security Council"), is_latin("T20"), is_latin("ایران")
    (True, True, True, False)
    >>> is_latin("it"), is_latin("IT"), is_latin("there")
    (False, True, False)
    """
    from akhbar.search.romanized import english_stop_words

    typed = " ".join(typed.split())
    return _LATIN.fullmatch(typed) is not None and typed not in english_stop_words()


def readable(typed: str) -> bool:
    """Whether a word typed in Latin letters may be read as the Urdu word it spells
    (:func:`latin_variants`): one word of letters only, in lower case (one with a capital is a
    name first: :func:`spellable`), or an Urdu compound typed with its izafat
    (:func:`akhbar.search.romanized.izafat_parts`: ``wazir-e-azam``, ``Quaid-e-Azam``).

    >>> readable("cricket"), readable("Cricket"), readable("t20"), readable("imran khan")
    (True, False, False, False)
    >>> readable("wazir-e-azam"), readable("Wazir e Azam")
    (True, True)
    """
    from akhbar.search.romanized import izafat_parts

    return (typed.isalpha() and typed.islower()) or izafat_parts(typed) is not None


def spellable(typed: str) -> bool:
    """Whether a word typed in Latin letters is read as the Urdu word it spells when no name
    step reads it (:func:`latin_variants`): a :func:`readable` one, or one word with a capital
    first and the rest in lower case (``Cricket``, ``Hukumat``: a phone types the first word
    of a search so; ``Biden``: a name the archive's entities write one way).  A word in
    capitals is an acronym, never read so.

    >>> spellable("Cricket"), spellable("cricket"), spellable("NAB"), spellable("McDonald")
    (True, True, False, False)
    """
    return readable(typed) or (typed.isalpha() and typed[:1].isupper() and typed[1:].islower())


def latin_variants(
    conn: sqlite3.Connection,
    names: Sequence[tuple[str, str]],
    held: Callable[[str], int | None],
    spell: Collection[str] | None = None,
) -> dict[str, tuple[str, ...]]:
    """For each name typed in Latin letters (``(name, typed)``: its analyzer terms joined by
    one space, and as typed), what the archive writes for it in Urdu letters, each as its
    analyzer terms joined by one space, every word of it held (``held(term)``, as for
    :func:`name_variants`), at most :data:`MAX_VARIANTS`:

    * an acronym (:func:`akhbar.entities.explore.latin_acronym`) as the names of its letters,
      when the shared news writes it so (:func:`akhbar.search.query.known_acronyms`: ``IMF``,
      ``pti``) or it carries a number (``T20``: ``ٹی 20``); then the other ways the archive
      writes that acronym (:func:`acronym_spellings`: ``ٹی ٹوئنٹی``) and its other names
      (:func:`name_variants`: ``IMF`` also finds ``بین الاقوامی مالیاتی فنڈ``);
    * a name of three letters or more that is the English name of entities of the store (any
      case: ``Iran``, ``international monetary fund``; the gazetteer gave it): their aliases,
      the most held first, none that holds another taken (that one finds it already);
    * else an acronym in capitals that is the initials of one such English name
      (:func:`akhbar.entities.explore.by_initials`: ``NAB``, the National Accountability
      Bureau, ``نیب``): that entity's aliases, the same way;
    * else a name of two or three words that is some entities' whole name as the entity
      lookup reads it (:func:`akhbar.entities.explore.spelled_whole`: ``Imran Khan``,
      ``عمران خان``; the most mentioned :data:`MAX_ENTITIES`): their aliases, the same way;
    * else a word typed in lower case (:func:`readable`; of ``spell``, the words as typed
      that may be, when given) as the Urdu word it spells
      (:func:`akhbar.search.romanized.read_word`: ``cricket`` ``کرکٹ``, ``police``
      ``پولیس``, Roman Urdu ``hukumat`` ``حکومت``), the best reading the archive holds.  A
      word with a capital is a name, which the steps above read (or the entity lookup, when
      the search finds nothing: ``Lavrov``).

    An English function word typed in lower case (``it``, ``who``, ``us``) is none of them: a
    word of an English sentence.  Names with nothing are left out.

    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:")
    >>> _ = conn.executescript('''
    ...   CREATE TABLE entities (id INTEGER PRIMARY KEY, type TEXT, english TEXT);
    ...   CREATE TABLE entity_aliases (key TEXT, type TEXT, entity INTEGER, last TEXT, words INT);
    ...   INSERT INTO entities VALUES (1, 'LOCATION', 'Iran');
    ...   INSERT INTO entity_aliases VALUES ('ایران', 'LOCATION', 1, 'ایران', 1);
    ... ''')
    >>> held = {"ایران": 50, "آیی": 9, "ایم": 9, "ایف": 9, "ٹی": 40, "20": 30}
    >>> latin_variants(conn, [("imf", "IMF"), ("iran", "iran"), ("t20", "T20")], held.get)
    {'imf': ('آیی ایم ایف',), 'iran': ('ایران',), 't20': ('ٹی 20',)}
    >>> latin_variants(conn, [("it", "it"), ("xyz", "xyz")], held.get)
    {}
    """
    from akhbar.entities.explore import by_initials, latin_acronym, spelled_whole
    from akhbar.search.query import known_acronyms
    from akhbar.search.romanized import izafat_parts, read_latin

    found: dict[str, list[str]] = {}
    readings: dict[str, str] = {}
    # (names that nothing else reads, to read together as names spelled whole)
    unread: dict[str, str] = {}

    def take(name: str, rows: Sequence[tuple[str]]) -> None:
        taken = found[name]
        counted = {v: _held(v, held) for v in dict.fromkeys(_as_terms(k) for (k,) in rows) if v}
        for alias in sorted(counted, key=lambda v: (-counted[v], v)):
            mine = alias.split(" ")
            if counted[alias] > 0 and not any(_holds(mine, t.split(" ")) for t in taken):
                taken.append(alias)

    def aliases(ids: Sequence[int]) -> list[tuple[str]]:
        marks = ", ".join("?" for _ in ids)
        return conn.execute(
            f"SELECT key FROM entity_aliases WHERE entity IN ({marks}) LIMIT ?", [*ids, MAX_ROWS]
        ).fetchall()

    for name, as_typed in names:
        typed = " ".join(as_typed.split())
        if not is_latin(typed):
            continue
        taken = found.setdefault(name, [])
        spelled = latin_acronym(typed)
        if spelled is not None:
            reading = _as_terms(spelled)
            number = any(c.isdigit() for c in typed)
            if number or reading in known_acronyms():
                readings[name] = reading  # (its other spellings may be held: 4G, فور جی)
                if _held(reading, held) > 0:
                    taken.append(reading)
        if len(typed.replace(" ", "")) < 3:  # (a letter is no English name: C, X)
            continue
        try:
            rows = conn.execute(
                "SELECT a.key FROM entities e JOIN entity_aliases a ON a.entity = e.id "
                "WHERE e.english = ? COLLATE NOCASE LIMIT ?",
                [typed, MAX_ROWS],
            ).fetchall()
        except sqlite3.OperationalError:  # a store from before entities
            continue
        if not rows and not taken:
            expanded = by_initials(conn, typed)
            if expanded is None:
                unread[typed] = name
                continue
            rows = aliases([expanded.id])
        take(name, rows)
    for typed, named in spelled_whole(conn, list(unread)).items():
        take(unread[typed], aliases([c.id for c in named[:MAX_ENTITIES]]))
    # A word that no step reads: the Urdu word it spells (cricket, police, hukumat; an izafat
    # compound, wazir-e-azam), the first of its readings the archive holds.  (A word with a
    # capital is a name first: Lavrov, the Khan of Imran Khan; read so when nothing else
    # does and the engine asks, in ``spell``.)
    for typed in unread:
        if (
            not spellable(typed)
            or found[unread[typed]]
            or (typed not in spell if spell is not None else not readable(typed))
        ):
            continue
        spelled_as = [term for word in read_latin(typed) if (term := _as_terms(word))]
        if spelled_as and not typed.islower() and not izafat_parts(typed):
            # A capital says name: a reading the archive's entities are named by comes first
            # when they are so named a good share as often as the archive writes the likeliest
            # word (Biden: بائیڈن, not بدن 'body'; but News نیوز, not نواز; Cricket, Hukumat).
            mentions = _entity_mentions(conn, spelled_as)
            by_name = max(spelled_as, key=lambda t: mentions.get(t, 0))
            if mentions.get(by_name, 0) >= NAME_SHARE * _held(spelled_as[0], held) > 0:
                spelled_as.insert(0, by_name)
            else:
                # ... else one the archive writes far more often than the first it holds: a
                # name the entities do not carry is no common word it spells (Biden: بائیڈن
                # in 54 articles, not بدن 'body' in 2, on a store without entities).
                counts = {t: _held(t, held) for t in spelled_as}
                first = next((counts[t] for t in spelled_as if counts[t] > 0), 0)
                most = max(spelled_as, key=lambda t: counts[t])
                if counts[most] >= NAME_RATIO * first > 0:
                    spelled_as.insert(0, most)
        for term in spelled_as:
            if _held(term, held) > 0:
                found[unread[typed]].append(term)
                # and the other spelling of a compound (وزیراعظم: وزیر اعظم), of a loanword
                found[unread[typed]].extend(compound_spellings([term], held).get(term, ()))
                found[unread[typed]].extend(spelling_variants([term], held).get(term, ()))
                break
    others = name_variants(conn, list(readings.values()), held)
    spellings = acronym_spellings(list(readings.values()), held)
    for name, reading in readings.items():
        more = (*spellings.get(reading, ()), *others.get(reading, ()))
        found[name].extend(v for v in dict.fromkeys(more) if v not in found[name] and v != name)
    return {name: tuple(vs[:MAX_VARIANTS]) for name, vs in found.items() if vs}


#: English number words as Urdu writes them in a name with a number (``ٹی ٹوئنٹی`` T20,
#: ``فور جی`` 4G, ``ایم ون`` M1), shipped as ``data/number_names.tsv``.
NUMBER_NAMES_FILE = Path(__file__).with_name("data") / "number_names.tsv"


@cache
def _number_names() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(analyzer term of an English number word → its value in digits, value → those terms),
    from :data:`NUMBER_NAMES_FILE`."""
    from akhbar.text.analyzer import terms

    value_of: dict[str, str] = {}
    for line in NUMBER_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, value = line.split("\t")[:2]
            for term in terms(word):
                value_of.setdefault(term, value.strip())
    words: dict[str, list[str]] = {}
    for term, value in value_of.items():
        words.setdefault(value, []).append(term)
    return value_of, {v: tuple(ts) for v, ts in words.items()}


def _acronym_parts(words: Sequence[str]) -> tuple[list[str], str, bool] | None:
    """An acronym typed as the names of its letters, with at most one number before or after
    them in digits or in English words as Urdu writes them: (its letters' names, the number in
    digits or ``""``, whether the number comes first); None when ``words`` is not one (a
    letter name that is also a common word, ``کے``, is none: :func:`acronym_letters`)."""
    from akhbar.search.query import acronym_letters

    value_of = _number_names()[0]

    def number(word: str) -> str | None:
        return word if word.isdigit() and len(word) <= 4 else value_of.get(word)

    if len(words) > 1 and (value := number(words[-1])) is not None:
        letters, first = list(words[:-1]), False
    elif len(words) > 1 and (value := number(words[0])) is not None:
        letters, first = list(words[1:]), True
    else:
        letters, value, first = list(words), "", False
    if not acronym_letters(letters) or len(letters) + bool(value) < 2 or len(letters) > 8:
        return None
    return letters, value, first


def acronym_spellings(
    names: Sequence[str], held: Callable[[str], int | None], *, numbers: bool = True
) -> dict[str, tuple[str, ...]]:
    """For each name that is an acronym typed as the names of its letters, maybe with a number
    (analyzer terms joined by one space: ``آیی ایم ایف``, ``ٹی 20``, ``ٹی ٹوینٹی``, ``فور
    جی``), the other ways the archive writes it (every word of it held, ``held(term)``): the
    number in digits or in English words as Urdu writes them (``ٹی 20`` / ``ٹی ٹوئنٹی``;
    ``numbers``), and in Latin letters (``imf``, ``t20``, ``4g``: Urdu text writes one now and
    then so, ``وزیر خزانہ نے IMF سے``).

    >>> from akhbar.text.analyzer import terms
    >>> held = {"imf": 3, "t20": 2, "ٹی": 9, "ٹوینٹی": 4, "20": 9}.get
    >>> names = [" ".join(terms(n)) for n in ("آئی ایم ایف", "ٹی ٹوئنٹی", "پی ٹی آئی")]
    >>> acronym_spellings(names, held)
    {'آیی ایم ایف': ('imf',), 'ٹی ٹوینٹی': ('ٹی 20', 't20')}
    >>> acronym_spellings([" ".join(terms("کے 2"))], {"k2": 5, "کے": 9, "2": 9}.get)  # 'of 2'
    {}
    >>> acronym_spellings(["ٹی 20"], held, numbers=False)  # the number as typed
    {'ٹی 20': ('t20',)}
    """
    from akhbar.entities.explore import acronym_in_latin

    words_of = _number_names()[1]

    out: dict[str, tuple[str, ...]] = {}
    for name in names:
        parts = _acronym_parts(name.split(" "))
        if parts is None:
            continue
        letters, value, first = parts
        # (without ``numbers``, a number stays as typed: no form of the letters alone)
        spelled = (value, *words_of.get(value, ())) if numbers or not value else ()
        forms = [" ".join(filter(None, [n, *letters] if first else [*letters, n])) for n in spelled]
        latin = acronym_in_latin(letters)
        if latin is not None:
            forms.append(f"{value}{latin}" if first else f"{latin}{value}")
        found = tuple(f for f in dict.fromkeys(forms) if f != name and _held(f, held) > 0)
        if found:
            out[name] = found
    return out


#: Compounds the news writes both joined and spaced (``joined, left, right, counts``), written
#: by ``scripts/build_lexicon.py`` (``make lexicon``).
COMPOUNDS_FILE = Path(__file__).with_name("data") / "compounds.tsv"


@cache
def _compounds() -> dict[str, str]:
    """Each compound's spelling (analyzer terms joined by one space) → its other spelling,
    both ways: ``وزیراعظم`` ↔ ``وزیر اعظم``.  Only where the analyzer keeps the joined one
    whole and the spaced one two words (what the index holds)."""
    from akhbar.text.analyzer import terms

    out: dict[str, str] = {}
    for line in COMPOUNDS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        joined, left, right = line.split("\t")[:3]
        whole, apart = terms(joined), terms(f"{left} {right}")
        if len(whole) == 1 and len(apart) == 2 and whole[0] not in apart:
            one, two = whole[0], " ".join(apart)
            out.setdefault(one, two)
            out.setdefault(two, one)
    return out


def compound_spellings(
    names: Sequence[str], held: Callable[[str], int | None]
) -> dict[str, tuple[str, ...]]:
    """For each name (a query item or a run of its words: analyzer terms joined by one space)
    that is a compound the news writes both joined and spaced (:data:`COMPOUNDS_FILE`), its
    other spelling, when the archive holds it (every word: ``held(term)``).  A spaced
    spelling is looked for as a phrase, as every variant of several words.

    >>> held = {"وزیراعظم": 90, "وزیر": 80, "اعظم": 70, "ورلڈکپ": 5}.get
    >>> compound_spellings(["وزیراعظم", "وزیر اعظم", "ورلڈ کپ", "ورلڈکپ", "روس"], held)
    {'وزیراعظم': ('وزیر اعظم',), 'وزیر اعظم': ('وزیراعظم',), 'ورلڈ کپ': ('ورلڈکپ',)}
    """
    table = _compounds()
    out: dict[str, tuple[str, ...]] = {}
    for name in names:
        other = table.get(name)
        if other is not None and _held(other, held) > 0:
            out[name] = (other,)
    return out


#: Spellings of one loanword or foreign name (``spelling, other, counts, why``) that differ by
#: a vowel letter the matching keys keep, written by ``scripts/build_lexicon.py`` (``make
#: lexicon``).
SPELLINGS_FILE = Path(__file__).with_name("data") / "spellings.tsv"
#: The most spellings one word has: the listed pairs are joined into one word's spellings
#: (``سکیورٹی`` – ``سیکیورٹی`` – ``سیکورٹی``), and a longer chain may join two words.
MAX_SPELLINGS = 6


@cache
def _spellings() -> dict[str, tuple[str, ...]]:
    """Each listed spelling (its analyzer term) → the other spellings of its word, the pairs
    of :data:`SPELLINGS_FILE` joined; only spellings the analyzer makes one term each."""
    from akhbar.text.analyzer import terms

    parent: dict[str, str] = {}

    def root(term: str) -> str:
        while parent.setdefault(term, term) != term:
            term = parent[term]
        return term

    for line in SPELLINGS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        one, other = (terms(w) for w in line.split("\t")[:2])
        if len(one) == 1 and len(other) == 1 and one != other:
            parent[root(one[0])] = root(other[0])
    words: dict[str, list[str]] = {}
    for term in parent:
        words.setdefault(root(term), []).append(term)
    return {
        term: tuple(t for t in spelled if t != term)
        for spelled in words.values()
        if len(spelled) <= MAX_SPELLINGS
        for term in spelled
    }


def other_spellings(term: str) -> tuple[str, ...]:
    """The other spellings of the loanword that ``term`` (an analyzer term) spells, as
    analyzer terms, when :data:`SPELLINGS_FILE` lists it (else none), whether or not an
    archive holds them.

    >>> other_spellings("کرونا")
    ('کورونا',)
    """
    return _spellings().get(term, ())


def spelling_variants(
    names: Sequence[str], held: Callable[[str], int | None]
) -> dict[str, tuple[str, ...]]:
    """For each name (a query item: an analyzer term) that is a spelling of a loanword the news
    spells several ways (:data:`SPELLINGS_FILE`), the other spellings the archive holds, the
    most held first.

    >>> held = {"سیکیورٹی": 900, "سکیورٹی": 90, "سیکورٹی": 60, "چیمپینز": 5}.get
    >>> spelling_variants(["سکیورٹی", "چیمپینز", "روس"], held)
    {'سکیورٹی': ('سیکیورٹی', 'سیکورٹی')}
    """
    table = _spellings()
    out: dict[str, tuple[str, ...]] = {}
    for name in names:
        others = [t for t in table.get(name, ()) if _held(t, held) > 0]
        if others:
            others.sort(key=lambda t: -_held(t, held))
            out[name] = tuple(others)
    return out


def _entity_mentions(conn: sqlite3.Connection, names: Sequence[str]) -> dict[str, int]:
    """How many mentions the store's entities have under each of ``names`` (analyzer terms
    joined by a space; an alias is a name key, the analyzer's term of a one-word name);
    empty for a store from before entities."""
    from akhbar.entities.gazetteer import name_key

    out: dict[str, int] = {}
    for name in names:
        try:
            row = conn.execute(
                "SELECT sum(mentions) FROM entity_aliases WHERE key = ?", (name_key(name),)
            ).fetchone()
        except sqlite3.OperationalError:  # (a store from before entities, or before counts)
            return {}
        out[name] = int(row[0] or 0)
    return out


@lru_cache(maxsize=4096)
def _as_terms(key: str) -> str:
    """An alias key as the analyzer's terms of it joined by one space (what the index holds:
    a name written joined is cut, ``جوبائیڈن`` → ``جو باییڈن``)."""
    from akhbar.text.analyzer import terms

    return " ".join(terms(key))


def _held(variant: str, held: Callable[[str], int | None]) -> int:
    """How many articles hold the least held word of ``variant`` (analyzer terms joined by
    one space; ``held(term)``: None or 0 for none): 0 when the archive lacks one of them."""
    return min((held(t) or 0) for t in variant.split(" "))


def through_runs(read: Mapping[str, _V]) -> dict[str, _V]:
    """``read`` (names → what they read as) without the names whose words stand in a longer
    name it holds: a word of a run read whole reads through the run (``Imran Khan``: ``عمران
    خان``, not also every ``خان`` for ``Khan``, the English name of some place).

    >>> through_runs({"khan": 1, "imran khan": 2, "iran": 3})
    {'imran khan': 2, 'iran': 3}
    """
    runs = [n.split(" ") for n in read if " " in n]
    return {
        n: v
        for n, v in read.items()
        if not any(len(r) > n.count(" ") + 1 and _holds(r, n.split(" ")) for r in runs)
    }


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
