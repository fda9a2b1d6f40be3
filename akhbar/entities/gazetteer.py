"""The shipped gazetteer: Urdu names → English name and Wikidata id (``data/gazetteer.tsv``).

Built by ``scripts/build_gazetteer.py`` from the Wikidata Urdu labels (CC0) and a country list
(MIT).  Lookups go by *name key* (:func:`name_key`: the match key of each word, space-joined),
so ``روس``, an Arabic-keyboard spelling or a hamza variant all find the same row.  A row's type
is ``LOCATION`` (countries, and the cities, provinces and states that
``scripts/build_place_types.py`` types from GeoNames and the shared news, and the places of
``data/places.tsv``), ``ORGANIZATION``
(the well-known bodies of ``data/organizations.tsv``) or ``ANY`` (a Wikidata item of unknown
type).

>>> g = default_gazetteer()
>>> g.lookup("ایران", "LOCATION").english
'Iran'
>>> g.lookup("ایران", "PERSON") is None   # a country is never a person
True
>>> g.lookup(name_key("سلامتی کونسل"), "ORGANIZATION").english
'United Nations Security Council'
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import NamedTuple

import regex

from akhbar.text.keys import match_key

_BREAK = regex.compile(r"[\p{P}\p{S}\p{Z}\s]+")

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "compatible",
    "default_gazetteer",
    "glued_key",
    "name_key",
]

#: Mention types a gazetteer row of unknown type (``ANY``) may link.
_ANY_TYPES = frozenset({"PERSON", "LOCATION", "ORGANIZATION"})


def name_key(name: str) -> str:
    """The key a name is compared by: match keys of its words joined by one space.

    Punctuation inside or around words is a word break (``لیگ(آئی`` = ``لیگ ( آئی``).

    >>> name_key("سرگئی  لاؤروف") == name_key("سرگئی لاوروف")
    True
    >>> name_key("لیگ( آئی پی ایل)") == name_key("لیگ (آئی پی ایل")
    True
    >>> name_key(" ( ")
    ''
    """
    return " ".join(k for w in _BREAK.split(name) if w and (k := match_key(w)))


def glued_key(key: str) -> str:
    """A name key as the name's words written without the spaces between them: ``پیپلزپارٹی``
    for ``پیپلز پارٹی``, ``جے یوآئی`` for ``جے یو آئی`` (the match key folds ``آ`` to ``ا``
    inside a word only, so it is folded here everywhere).

    >>> glued_key(name_key("جے یو آئی")) == glued_key(name_key("جے یوآئی"))
    True
    """
    return key.replace(" ", "").replace("آ", "ا")


def compatible(entry_type: str, mention_type: str) -> bool:
    """Whether a gazetteer row of ``entry_type`` may link a mention of ``mention_type``.

    Countries (``LOCATION``) also take ORGANIZATION mentions: news writes a country acting as
    a government (``روس نے کہا``) and the recognizer then often says ORGANIZATION.

    >>> compatible("LOCATION", "ORGANIZATION"), compatible("LOCATION", "PERSON")
    (True, False)
    >>> compatible("ORGANIZATION", "ORGANIZATION"), compatible("ORGANIZATION", "LOCATION")
    (True, False)
    """
    if entry_type == "ANY":
        return mention_type in _ANY_TYPES
    if entry_type == "LOCATION":
        return mention_type in ("LOCATION", "ORGANIZATION")
    return entry_type == mention_type


class GazetteerEntry(NamedTuple):
    """One gazetteer row."""

    key: str
    urdu: str
    type: str
    wikidata: str | None
    english: str


class Gazetteer:
    """Name key → entry, from TSV lines (``key, urdu, type, wikidata, english``).

    >>> Gazetteer(["روس\\tروس\\tLOCATION\\tQ159\\tRussia"]).lookup("روس", "ORGANIZATION")
    GazetteerEntry(key='روس', urdu='روس', type='LOCATION', wikidata='Q159', english='Russia')
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._by_key: dict[str, GazetteerEntry] = {}
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            key, urdu, kind, qid, english = line.rstrip("\n").split("\t")
            self._by_key[key] = GazetteerEntry(key, urdu, kind, qid or None, english)
        # English names of LOCATION rows → the Wikidata ids of the rows of that name that may
        # be a place (LOCATION, ANY): one id or none, and the rows are one place's names.
        places: dict[str, set[str]] = {}
        for entry in self._by_key.values():
            if entry.type == "LOCATION":
                places.setdefault(entry.english, set())
        for entry in self._by_key.values():
            if entry.english in places and entry.type in ("LOCATION", "ANY") and entry.wikidata:
                places[entry.english].add(entry.wikidata)
        self._place_ids = {e: frozenset(ids) for e, ids in places.items() if len(ids) <= 1}
        # Listed organisations as written with a space left out (the recognizer's
        # gazetteer_organization tags پیپلزپارٹی, ایم کیوایم): glued key → a row (None when
        # rows of two bodies glue to one key).
        self._org_glued: dict[str, GazetteerEntry | None] = {}
        for entry in self._by_key.values():
            if entry.type == "ORGANIZATION" and " " in entry.key:
                glued = glued_key(entry.key)
                same = self._org_glued.get(glued, entry)
                ok = same is not None and same.english == entry.english
                self._org_glued[glued] = entry if ok else None

    def __len__(self) -> int:
        return len(self._by_key)

    def entries(self) -> list[GazetteerEntry]:
        """All rows, in key order.

        >>> [e.english for e in Gazetteer(["روس\\tروس\\tLOCATION\\t\\tRussia"]).entries()]
        ['Russia']
        """
        return [self._by_key[k] for k in sorted(self._by_key)]

    def one_place(self, english: str) -> frozenset[str] | None:
        """For the English name of LOCATION rows that name one place (their rows, and the rows
        of unknown type of that name, hold one Wikidata id at most): its ids (empty: none);
        else None.  The rows of such a name are one place's names (``بنگلہ دیش`` / ``بنگلا
        دیش``, ``چین`` / ``چائنا``), from the country list and our place lists as well as
        Wikidata.

        >>> g = default_gazetteer()
        >>> g.lookup(name_key("بنگلا دیش"), "LOCATION").english
        'Bangladesh'
        >>> g.one_place("Bangladesh"), g.one_place("Kolkata"), g.one_place("Chocolate")
        (frozenset({'Q902'}), frozenset({'Q1348'}), None)
        """
        return self._place_ids.get(english)

    def lookup(self, key: str, mention_type: str) -> GazetteerEntry | None:
        """The entry for a name key if its type fits ``mention_type`` (else None); a listed
        organisation is also found written with a space left out.

        >>> default_gazetteer().lookup(name_key("روس"), "LOCATION").wikidata
        'Q159'
        >>> default_gazetteer().lookup(name_key("پیپلزپارٹی"), "ORGANIZATION").english
        'Pakistan Peoples Party'
        """
        entry = self._by_key.get(key)
        if entry is None and mention_type == "ORGANIZATION":
            entry = self._org_glued.get(glued_key(key))
        if entry is None or not compatible(entry.type, mention_type):
            return None
        return entry


@cache
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer (read once per process).

    >>> len(default_gazetteer()) > 1000
    True
    """
    text = files("akhbar.entities").joinpath("data/gazetteer.tsv").read_text(encoding="utf-8")
    return Gazetteer(text.splitlines())
