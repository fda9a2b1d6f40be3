"""The search query language: what a user types → a :class:`Query` of analyzer terms and filters.

Syntax (positions in errors are 0-based character offsets into the query string):

``word``
    Free text.  Optional: an article matches if it has *any* free-text word; more matched words
    (and rarer ones) rank higher (BM25).  Every word goes through the one analyzer
    (:func:`akhbar.text.analyzer.terms`), so Arabic-keyboard letters, digits of any script,
    diacritics, ZWNJ and spelling variants (``لاوروف``/``لاؤروف``) meet the indexed text.  A
    query typed on an Arabic or Persian keyboard gets the Urdu letters it has no key for back
    where the lexicon says so (``باكستان`` is ``پاکستان``, ``روبي`` ``روپے``, ``قيمتون``
    ``قیمتوں``: :func:`akhbar.text.keyboard.restore_keyboard`).  A two-word name typed as one
    word (``بنگلادیش``, ``عامرخان``: :func:`akhbar.text.words.joined_name`) is its two words as
    a phrase, so it finds the name written either way and not each word alone.  So is an
    acronym typed as the names of its letters (``پی سی بی``, ``آئی ایم ایف``, ``پی۔ٹی۔آئی``):
    one name, not three common words (``کے`` is the postposition, never a letter of it:
    ``پی ٹی آئی کے رہنما``; nor is a last letter that starts a word of two with the word typed
    after it, ``آئی`` of ``آئی فون``: ``سی ای او آئی فون`` is ``سی ای او`` and two words; like
    a phrase, an acronym that finds nothing is run as its letters).  Typed on a keyboard
    without some Urdu letters, an acronym is the one the news writes: with no ``ے`` key ``اے``
    is typed ``اي`` and ``سے`` ``سي``, with no ``پ`` key ``پی`` is ``بي`` (``پي آئي اي`` is PIA,
    ``بي سي بي`` PCB: :func:`keyboard_acronym`).
``"a phrase"``
    The words in this order, next to each other (punctuation between them does not count).
    Inside quotes (a phrase or a field's value) ``""`` is one ``"``: :func:`quote` writes any
    text as one value.  Typographic quotes (``“a phrase”``, ``«a phrase»``: phone keyboards
    type them) open and close a phrase too.  A search whose phrases find nothing is run again
    with them as words (:func:`relax_phrases`, ``SearchConfig.relax_phrases``).
``+word``, ``+"a phrase"``
    Required.  When a query has required parts, free-text words only rank.
``-word``, ``-"a phrase"``, ``-source:x``
    Excluded.
``a OR b``
    One group that matches if either part matches; a prefix before the group applies to all of
    it (``+روس OR روسی`` requires one of the two).  ``OR`` is upper-case ASCII.
``title:word``, ``title:"a phrase"``
    The word or phrase in the headline.  Like every ``field:`` part, it restricts (is required)
    unless prefixed with ``-``.
``source:NAME``
    Articles from a source whose name is ``NAME`` or, when no source is, contains it as
    dot-separated labels (``source:geo`` is ``urdu.geo.tv``, ``source:geo.tv`` is ``geo.tv``
    alone when the archive has it; case-insensitive).  Several ``source:`` values (and
    several ``lang:`` values) are alternatives: an article has one source.  Any stored name,
    quoted (``source:"say ""hi"" tv"``), selects its articles (:func:`source_key`).
``lang:CODE``
    Articles in that language (``lang:ur``).
``entity:NAME``
    Articles mentioning that entity (any spelling, keyboard or its English name); an unknown or
    ambiguous name is a :class:`QueryError` listing the candidates.  ``entity:a OR entity:b``:
    either; ``-entity:a``: not mentioning it.  A search that finds nothing is run again with
    the names its free-text words write in Latin letters as ``entity:`` filters
    (:func:`name_entities`, ``SearchConfig.entity_names``): ``Lavrov`` finds the articles
    naming ``سرگئی لاوروف``.
``after:DATE``, ``before:DATE``, ``date:DATE``
    Published on or after the start of DATE; before the start of DATE; within DATE (dates
    that together leave no day, ``after:2024 before:2023``, are a :class:`QueryError`).  DATE is
    a day, a month or a year: ``2021-04-01``, ``2021/04/13``, ``13/04/2021``, ``2021-04``,
    ``04/2021``, ``2021``, Urdu or English month names, digits of any script
    (``after:۱۳ اپریل ۲۰۲۱``, quoting optional:
    ``after:"13 اپریل 2021"``; read by :func:`akhbar.text.dates.find_dates`).  Quoted, the
    value is the date alone: ``after:"13 اپریل 2021 روس"`` is an error naming ``روس`` (words
    go outside the quotes).  An article's day is its date as published, in its source's zone
    (the day the outlet printed, the day a hit shows and the month facet counts): an article
    of 30 April 23:00 at -05:00 is of 30 April, never of ``after:2021-05-01``, wherever that
    is in UTC.  A date or time without a zone is such a local time; a time with a written zone
    (``after:2021-04-13T10:00+05:00``) is an instant, compared in UTC.  Articles without a date
    never pass a date filter.

Field names are case-insensitive ASCII; ``word:`` with any other name is plain text (so a
hostile ``analyzed_body:x`` is just text).  A lone ``+`` or ``-`` is ignored; a doubled one
is one (``--word``), and ``+-word`` or ``-+word`` is a :class:`QueryError`.  Limits:
:data:`MAX_QUERY_CHARS` characters and :data:`MAX_TERMS` analyzer terms.  NUL and other control
characters count as spaces; lone surrogates are an error.  Invisible format characters (bidi
marks and embeddings, BOM, ZWNJ, ZWJ, word joiner, soft hyphen: what right-to-left keyboards and
copied text slip in, and what the analyzer drops) are ignored, so ``\u200f-ایران`` still
excludes and ``source:geo\u200f`` is ``source:geo``; a zero-width space is a space, as to the
analyzer.

>>> q = parse_query('روس +"وزیر خارجہ" -ایران source:geo after:2021-04')
>>> [(c.occur, [a.terms for a in c.alternatives]) for c in q.clauses]
[('should', [('روس',)]), ('must', [('وزیر', 'خارجہ')]), ('must_not', [('ایران',)])]
>>> q.sources, q.local_from.isoformat()  # (a date: the day as the source wrote it)
(('geo',), '2021-04-01T00:00:00')
>>> parse_query('"روس')
Traceback (most recent call last):
...
akhbar.search.query.QueryError: unterminated phrase: expected a closing " (at position 0)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any, Literal

import regex

from akhbar.text.analyzer import terms as analyze
from akhbar.text.dates import find_dates
from akhbar.text.keyboard import missing_letters, restore_keyboard
from akhbar.text.normalize import FORMAT_INVISIBLES
from akhbar.text.sentences import LETTER_NAMES
from akhbar.text.words import joined_name

__all__ = [
    "ACRONYMS_FILE",
    "DATE_FIELDS",
    "FIELDS",
    "LETTER_WORDS_FILE",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "Clause",
    "Occur",
    "Query",
    "QueryError",
    "TextItem",
    "acronym_letters",
    "bare",
    "keyboard_acronym",
    "known_acronyms",
    "letter_words",
    "name_entities",
    "parse_query",
    "quote",
    "relax_phrases",
    "source_key",
    "sources_matching",
]

#: Longest query accepted, in characters.
MAX_QUERY_CHARS = 1000
#: Most analyzer terms a query may hold (over all words and phrases).
MAX_TERMS = 64

# Punctuation (not a letter, mark or digit) at the start or the end of a word as typed.
_PUNCTUATION = r"[^\p{L}\p{M}\p{N}]+"
_PUNCTUATION_START = regex.compile("^" + _PUNCTUATION)
_PUNCTUATION_END = regex.compile(_PUNCTUATION + "$")
_EDGE_PUNCTUATION = regex.compile(f"^{_PUNCTUATION}|{_PUNCTUATION}$")
_NOT_A_LETTER = regex.compile(_PUNCTUATION)
_LETTERS_OF = regex.compile(r"[\p{L}\p{M}]+")
#: Fewest and most words of a run of free-text words looked up as a name (:attr:`Query.name_runs`),
#: and most runs of one query.
MIN_RUN = 2
MAX_RUN = 4
MAX_RUNS = 32

Occur = Literal["should", "must", "must_not"]
FIELDS = frozenset({"title", "source", "lang", "entity", "after", "before", "date"})
DATE_FIELDS = frozenset({"after", "before", "date"})

# C0/C1 controls and NUL are spaces to the parser (they cannot be typed meaningfully and FTS5
# strings cannot hold NUL).
_CONTROLS = {c: " " for c in (*range(0x00, 0x20), *range(0x7F, 0xA0), 0x200B)}
# Invisible format characters the analyzer drops: left out before lexing (positions in errors
# and items still count them, as offsets into the query string typed).
_IGNORED = re.compile("[" + "".join(sorted(FORMAT_INVISIBLES)) + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FIELD = re.compile(r"([A-Za-z]+):")
_WS = re.compile(r"\s+")
#: Typographic quotes that open a phrase as ``"`` does (what phone keyboards' smart punctuation
#: and word processors type, and Persian-style guillemets); such a phrase ends at the next
#: quote of any of these kinds or ``"``.  Inside ``"…"`` they are ordinary characters.
CURLY_QUOTES = "“”„«»"
_QUOTES = '"' + CURLY_QUOTES
_WORD = re.compile(r"[^\s" + _QUOTES + "]+")
_ANY_QUOTE = re.compile("[" + _QUOTES + "]")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_YEAR_MONTH = re.compile(r"(\d{4})(?:[-/.](\d{1,2}))?")
# Year first with a day (``2021/04/13``, ``2021.4.13``), and month then year (``04/2021``):
# the separator the same throughout.
_YEAR_MONTH_DAY = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{4})")


class QueryError(ValueError):
    """A query that cannot be run: ``message`` says what was expected at ``position``.

    >>> e = QueryError("expected a value after 'source:'", 7)
    >>> str(e), e.position
    ("expected a value after 'source:' (at position 7)", 7)
    >>> print(e.pointer("source:"))
    source:
           ^
    """

    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(f"{message} (at position {position})")
        self.message = message
        self.position = position

    def pointer(self, query: str) -> str:
        """The query and a caret under the error position (for terminals)."""
        line = query.translate(_CONTROLS)
        return f"{line}\n{' ' * min(self.position, len(line))}^"


def bare(typed: str) -> str:
    """``typed`` without the punctuation around it (the word's own: ``ٹرافی،`` → ``ٹرافی``).

    >>> bare("«سعودی عرب»،")
    'سعودی عرب'
    """
    return str(_EDGE_PUNCTUATION.sub("", typed))


@dataclass(frozen=True, slots=True)
class TextItem:
    """A word or phrase: its analyzer ``terms``, whether they form a ``phrase``, where it may
    occur (``title_only`` for ``title:``), its place ``[start, end)`` in the query, and
    whether it was typed in quotes."""

    terms: tuple[str, ...]
    phrase: bool
    title_only: bool
    raw: str
    start: int
    end: int
    quoted: bool = False

    @property
    def word(self) -> str | None:
        """The one term of an unquoted item of one term, else None: what may also match the
        other spellings of a name (:attr:`Query.variants`).

        >>> [a.word for c in parse_query('روس "ایران" ڈاکٹرحسن').clauses for a in c.alternatives]
        ['روس', None, None]
        """
        return self.terms[0] if len(self.terms) == 1 and not self.quoted else None

    @property
    def acronym(self) -> bool:
        """Whether the item is an acronym typed as the names of its letters (``پی سی بی``,
        ``پی۔ٹی۔آئی``): a phrase that matches, whose letters rank as words.

        >>> q = parse_query('پی سی بی "پی سی" بنگلادیش')
        >>> [a.acronym for c in q.clauses for a in c.alternatives]
        [True, False, False]
        """
        return self.phrase and not self.quoted and acronym_letters(self.terms)

    @property
    def name(self) -> str | None:
        """The terms of an unquoted item joined by one space, else None: what may also match
        the other spellings of a name (:attr:`Query.variants`), of one word or of several typed
        as one (``بنگلادیش``).

        >>> [a.name for c in parse_query('روس "ایران" بنگلادیش').clauses for a in c.alternatives]
        ['روس', None, 'بنگلا دیش']
        """
        return " ".join(self.terms) if self.terms and not self.quoted else None


@dataclass(frozen=True, slots=True)
class Clause:
    """One group of alternatives (joined by ``OR``) and how it counts."""

    occur: Occur
    alternatives: tuple[TextItem, ...]


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query.  ``published_from`` is inclusive, ``published_to`` exclusive (instants,
    UTC: a written time with its zone); ``local_from`` / ``local_to`` alike, naive: a date or
    time as the article's source wrote it (its local time, the day it shows).  An excluded
    range is of one kind: both bounds aware (instants) or both naive (local).

    ``sources``/``languages`` are alternatives (empty: any); ``*_excluded`` are excluded.
    ``entities`` holds the required ``entity:`` values with their positions (each must be
    mentioned), ``entity_alternatives`` the ``entity:a OR entity:b`` groups (one of each group
    must be), ``entities_excluded`` the ``-entity:`` values (none may be).
    """

    text: str
    clauses: tuple[Clause, ...] = ()
    sources: tuple[str, ...] = ()
    sources_excluded: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    languages_excluded: tuple[str, ...] = ()
    published_from: datetime | None = None
    published_to: datetime | None = None
    entities: tuple[tuple[str, int], ...] = ()
    excluded_date_ranges: tuple[tuple[datetime | None, datetime | None], ...] = field(default=())
    local_from: datetime | None = None
    local_to: datetime | None = None
    entity_alternatives: tuple[tuple[tuple[str, int], ...], ...] = ()
    entities_excluded: tuple[tuple[str, int], ...] = ()
    #: The query as searched when it was typed on an Arabic or Persian keyboard and letters it
    #: has no key for were put back (:func:`akhbar.text.keyboard.restore_keyboard`, and the
    #: letters of an acronym as read: ``پي آئي اي`` as ``پي آئي اے``, :func:`keyboard_acronym`),
    #: else None.  Each character stands where it was typed.
    keyboard_text: str | None = None
    #: Other spellings of the names it holds as unquoted items that the archive writes
    #: (``(name, (variant, ...))``: :attr:`TextItem.name`, analyzer terms joined by one space;
    #: :mod:`akhbar.search.variants`): each name also matches its variants (a variant of
    #: several words as a phrase).  Set by the archive that runs it; empty as parsed.
    variants: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def variant_map(self) -> dict[str, tuple[str, ...]]:
        """:attr:`variants` as a mapping (word → its variants).

        >>> from dataclasses import replace
        >>> replace(parse_query("یوکراین"), variants=(("یوکراین", ("یوکرین",)),)).variant_map
        {'یوکراین': ('یوکرین',)}
        """
        return dict(self.variants)

    @property
    def name_runs(self) -> tuple[tuple[str, str], ...]:
        """Runs of :data:`MIN_RUN` to :data:`MAX_RUN` free-text words next to each other in the
        query (unquoted, one term each, not ``title:``), each as its terms joined by one space
        and as typed: a name of several words typed as words (``سعودی عرب``, ``عرب امارات``),
        whose other spellings (:attr:`variants`) the query also looks for.  At most
        :data:`MAX_RUNS`, the first ones.  (An acronym typed as its letters, ``یو اے ای``, is
        one item already: :attr:`TextItem.name`.)

        >>> [n for n, _ in parse_query("متحدہ عرب امارات -روس بھارت").name_runs]
        ['متحدہ عرب', 'متحدہ عرب امارات', 'عرب امارات']
        >>> parse_query("چیمپئنز ٹرافی، پاکستان").name_runs
        (('چیمپینز ٹرافی', 'چیمپئنز ٹرافی'),)
        """
        out: dict[str, str] = {}
        runs: list[list[TextItem]] = [[]]
        for clause in self.clauses:
            item = clause.alternatives[0] if len(clause.alternatives) == 1 else None
            if (
                clause.occur != "should"
                or item is None
                or item.word is None
                or item.title_only
                or item.phrase
            ):
                runs.append([])
                continue
            if _PUNCTUATION_START.search(item.raw):  # (no name goes on over punctuation)
                runs.append([])
            runs[-1].append(item)
            if _PUNCTUATION_END.search(item.raw):
                runs.append([])
        for run in runs:
            for i in range(len(run)):
                for j in range(i + MIN_RUN, min(len(run), i + MAX_RUN) + 1):
                    name = " ".join(a.terms[0] for a in run[i:j])
                    typed = self.text[run[i].start : run[j - 1].end]
                    out.setdefault(name, bare(typed))
        return tuple(out.items())[:MAX_RUNS]

    @property
    def entity_groups(self) -> tuple[tuple[tuple[str, int], ...], ...]:
        """Every required entity group: an article must mention one entity of each.

        >>> [[v for v, _ in g] for g in parse_query("entity:a entity:b OR entity:c").entity_groups]
        [['a'], ['b', 'c']]
        """
        return tuple((e,) for e in self.entities) + self.entity_alternatives

    @property
    def positive_terms(self) -> frozenset[str]:
        """Every analyzer term the query looks for (not the excluded ones): what snippets mark.

        >>> sorted(parse_query("روس -ایران").positive_terms)
        ['روس']
        """
        variants = self.variant_map
        return frozenset(
            t
            for c in self.clauses
            if c.occur != "must_not"
            for a in c.alternatives
            for v in (" ".join(a.terms), *(variants.get(a.name, ()) if a.name is not None else ()))
            for t in v.split(" ")
            if t
        ) | frozenset(t for v in self.run_variants for t in v.split(" "))

    @property
    def run_variants(self) -> tuple[str, ...]:
        """The variants (:attr:`variants`) of the query's runs of free-text words
        (:attr:`name_runs`): looked for besides the words, as phrases where of several words.

        >>> from dataclasses import replace
        >>> q = parse_query("سعودی عرب")
        >>> replace(q, variants=(("سعودی عرب", ("سعودیا",)),)).run_variants
        ('سعودیا',)
        """
        if not self.variants:
            return ()
        variants = self.variant_map
        return tuple(dict.fromkeys(v for name, _ in self.name_runs for v in variants.get(name, ())))

    @property
    def has_filters(self) -> bool:
        """Whether anything besides text restricts the match set."""
        return bool(
            self.sources
            or self.sources_excluded
            or self.languages
            or self.languages_excluded
            or self.published_from
            or self.published_to
            or self.local_from
            or self.local_to
            or self.excluded_date_ranges
            or self.entities
            or self.entity_alternatives
            or self.entities_excluded
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (for debugging and ``--json`` output).

        >>> parse_query("روس OR ایران")
        ... # doctest: +ELLIPSIS
        Query(text='روس OR ایران', clauses=(Clause(occur='should', alternatives=(...
        >>> parse_query("lang:ur").to_dict()["languages"]
        ['ur']
        """

        def iso(d: datetime | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "text": self.text,
            "clauses": [
                {
                    "occur": c.occur,
                    "alternatives": [
                        {"terms": list(a.terms), "phrase": a.phrase, "title_only": a.title_only}
                        for a in c.alternatives
                    ],
                }
                for c in self.clauses
            ],
            "sources": list(self.sources),
            "sources_excluded": list(self.sources_excluded),
            "languages": list(self.languages),
            "languages_excluded": list(self.languages_excluded),
            "published_from": iso(self.published_from),
            "published_to": iso(self.published_to),
            "local_from": iso(self.local_from),
            "local_to": iso(self.local_to),
            "entities": [e for e, _ in self.entities],
            "entity_alternatives": [[e for e, _ in g] for g in self.entity_alternatives],
            "entities_excluded": [e for e, _ in self.entities_excluded],
            "variants": {w: list(v) for w, v in self.variants},
        }


# --------------------------------------------------------------------------------------------
# Lexing: the query string → items (prefix, field, value, position), with OR between them.


@dataclass(slots=True)
class _Item:
    prefix: str  # "", "+", "-"
    field: str | None
    value: str
    quoted: bool
    start: int  # of the item (prefix included)
    value_start: int
    end: int
    date: tuple[datetime, datetime] | None = None


_OR = object()


def _date_span(value: str, pos: int, *, quoted: bool = True) -> tuple[datetime, datetime] | None:
    """The half-open interval a date value names (a day, a month or a year: naive, local time
    as published; a time with a written zone: aware, UTC), or None.

    A value that holds more than its date (``"13 اپریل 2021 روس"``: quoted, a value is all
    of it; unquoted, the word: ``2024-11-01..2024-11-05``) is a :class:`QueryError` naming
    what is left over, not a date that drops it.

    >>> _date_span("2024-11-01..2024-11-05", 5, quoted=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    akhbar.search.query.QueryError: '..2024-11-05' is not part of ... (a range: after:DATE ...
    """
    text = value.strip()
    for m in find_dates(text):
        if m.start != 0:
            break
        rest = text[m.end :]
        if regex.search(r"[\p{L}\p{N}]", rest):
            why = (
                "a quoted date holds the date alone (write other words outside the quotes)"
                if quoted
                else "a date filter takes one date (a range: after:DATE before:DATE)"
            )
            raise QueryError(
                f"{rest.strip()!r} is not part of the date {m.text!r}: {why}",
                pos + len(value) - len(value.lstrip()) + m.end,
            )
        v = m.value
        if m.kind == "datetime" and isinstance(v, datetime):
            start = v if v.tzinfo is None else v.astimezone(UTC)
            start = start.replace(microsecond=0)  # (a stored local time is read to the second)
            return start, start + timedelta(seconds=1)
        if m.kind == "date" and isinstance(v, date):
            start = datetime(v.year, v.month, v.day)
            return start, start + timedelta(days=1)
        if m.kind == "month_year" and isinstance(v, date):
            return _month(v.year, v.month)
        break
    ascii_digits = text.translate(_DIGITS)
    ymd = _YEAR_MONTH_DAY.fullmatch(ascii_digits)
    if ymd:
        try:
            day = date(int(ymd.group(1)), int(ymd.group(3)), int(ymd.group(4)))
        except ValueError:  # no such day
            return None
        if day.year > 9998:
            return None
        start = datetime(day.year, day.month, day.day)
        return start, start + timedelta(days=1)
    my = _MONTH_YEAR.fullmatch(ascii_digits)
    if my:
        month, year = int(my.group(1)), int(my.group(2))
        return _month(year, month) if 1 <= month <= 12 and 1 <= year <= 9998 else None
    ym = _YEAR_MONTH.fullmatch(ascii_digits)
    if ym:
        year = int(ym.group(1))
        if ym.group(2) is None:
            if 1 <= year <= 9998:
                return datetime(year, 1, 1), datetime(year + 1, 1, 1)
            return None
        month = int(ym.group(2))
        if 1 <= month <= 12 and 1 <= year <= 9998:
            return _month(year, month)
    return None


def _when(d: datetime) -> str:
    """A bound as the user wrote it: the date, or (not midnight) the time (local, or UTC).

    >>> _when(datetime(2021, 4, 1)), _when(datetime(2021, 4, 1, 5, tzinfo=UTC))
    ('2021-04-01', '2021-04-01T05:00:00+00:00')
    """
    return d.date().isoformat() if d.time() == datetime.min.time() else d.isoformat()


def _month(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1)
    end = datetime(year + month // 12, month % 12 + 1, 1)
    return start, end


def _unquoted_date(q: str, pos: int) -> tuple[str, int, tuple[datetime, datetime]] | None:
    """A date written without quotes at ``q[pos:]`` (``13 اپریل 2021`` may hold spaces)."""
    first = _WORD.match(q, pos)
    if first is None:
        return None
    rest = q[pos : pos + 80]
    for m in find_dates(rest):
        if m.start != 0 or m.kind not in ("date", "datetime", "month_year"):
            break
        end = pos + m.end
        if end < len(q) and not q[end].isspace() and q[end] not in _QUOTES:
            # The date is only part of a longer word: let the single word decide.
            break
        span = _date_span(m.text, pos)
        if span is not None:
            return m.text, end, span
        break
    word = first.group()
    span = _date_span(word, pos, quoted=False)
    return (word, first.end(), span) if span is not None else None


def _quoted(q: str, i: int) -> tuple[str, int]:
    """The value of the quoted span opening at ``q[i]``, and the end of the span (just past its
    closing quote).  After a ``"``, ``""`` is one ``"``; after a typographic quote
    (:data:`CURLY_QUOTES`) the span ends at the next quote of any kind.

    >>> _quoted('x:"a ""b"" c" d', 2)
    ('a "b" c', 13)
    >>> _quoted("“روس کا” d", 0)
    ('روس کا', 8)
    """
    if q[i] != '"':
        found = _ANY_QUOTE.search(q, i + 1)
        if found is None:
            raise QueryError(f"unterminated phrase: expected a closing quote after {q[i]}", i)
        return q[i + 1 : found.start()], found.end()
    j = i + 1
    while True:
        close = q.find('"', j)
        if close < 0:
            raise QueryError('unterminated phrase: expected a closing "', i)
        if q.startswith('"', close + 1):
            j = close + 2
            continue
        return q[i + 1 : close].replace('""', '"'), close + 1


def quote(value: str) -> str:
    """``value`` as one quoted value of the query language: any text, double quotes in it
    doubled, so that it can never end the quotes or add syntax (what ``source:`` needs for a
    source name; a control character still reads as a space, an invisible format one as
    nothing, as everywhere in a query).

    >>> quote('Geo "Urdu" tv')
    '"Geo ""Urdu"" tv"'
    >>> parse_query("source:" + quote('a" OR b: -c')).sources
    ('a" or b: -c',)
    """
    return '"' + value.replace('"', '""') + '"'


def source_key(name: str) -> str:
    """What ``source:`` compares: a source name as the parser reads a value (control characters
    as spaces, invisible format characters left out, ends stripped, lower case), so that every
    stored name, whatever it holds, is matched by its quoted value (:func:`quote`).

    >>> source_key(" Geo\u200c.TV\t")
    'geo.tv'
    """
    return _IGNORED.sub("", name.translate(_CONTROLS)).strip().lower()


def sources_matching(values: Iterable[str], names: Iterable[str]) -> list[str]:
    """The ``names`` (stored source names) a ``source:`` filter of ``values`` (parsed values)
    selects: the names that are a value, or for a value no name is, the names that hold it as
    dot-separated labels; sorted.  (So a source facet's value selects what the facet counted:
    ``geo.tv`` is not also ``urdu.geo.tv``.)

    >>> sources_matching(["geo"], ["urdu.geo.tv", "geography", 'a"b'])
    ['urdu.geo.tv']
    >>> sources_matching(["geo.tv"], ["urdu.geo.tv", "geo.tv"])
    ['geo.tv']
    >>> sources_matching(parse_query("source:" + quote('A"b')).sources, ["x", 'a"B'])
    ['a"B']
    """
    keys = {n: source_key(n) for n in names}
    found: set[str] = set()
    for value in values:
        named = [n for n, k in keys.items() if k == value]
        found.update(named or (n for n, k in keys.items() if f".{value}." in f".{k}."))
    return sorted(found)


def _free_word(word: str) -> str:
    """A word of a phrase written so that, out of the quotes, it stays a word: quoted when it
    would read as syntax (a leading ``+``/``-``, ``OR``, ``field:``, a quote of any kind) or
    is a letter name (next to another it would be an acronym: :func:`_acronyms`).

    >>> _free_word("روس"), _free_word("-روس"), _free_word("“روس"), _free_word("پی")
    ('روس', '"-روس"', '"“روس"', '"پی"')
    """
    field_ = _FIELD.match(word)
    if (
        word[0] in "+-"
        or word == "OR"
        or (field_ and field_.group(1).lower() in FIELDS)
        or any(c in _QUOTES for c in word)
        or acronym_letters(analyze(word))
    ):
        return quote(word)
    return word


def relax_phrases(text: str) -> str | None:
    """``text`` with its phrases (quoted spans of several words) written as their words, or
    None when it has none: what a search that found nothing runs instead
    (``SearchConfig.relax_phrases``).

    Only the words' order and adjacency are given up.  An acronym typed as its letters
    (:attr:`TextItem.acronym`) is a phrase too: its letters become words, quoted each (so that
    they stay apart).  A phrase's words keep its place:
    required stay required (``+"a b"`` → ``+a +b``), ``title:`` stays ``title:``, and in an
    ``OR`` group they become alternatives of the group.  Excluded phrases stay as they are
    (as words they would exclude more), and so do every filter and every other part.

    >>> relax_phrases('"وزیر خارجہ" +"روس کا" title:"ایران  دورہ" -"نہیں ہے" source:"a b"')
    'وزیر خارجہ +روس +کا title:ایران title:دورہ -"نہیں ہے" source:"a b"'
    >>> relax_phrases('"a -b OR source:x" OR c'), relax_phrases("روس -ایران") is None
    ('a OR "-b" OR "OR" OR "source:x" OR c', True)
    >>> relax_phrases("پی سی بی، پی۔ٹی۔آئی")
    '"پی" "سی" "بی"، "پی" "ٹی" "آئی"'
    >>> relax_phrases("+پی۔ٹی title:پی۔ٹی -پی۔ٹی")
    '+"پی" +"ٹی" title:"پی" title:"ٹی" -پی۔ٹی'
    """
    q, _ = _visible(text.translate(_CONTROLS))
    try:
        groups = _groups(_lex(q), q)
    except QueryError:
        return None
    try:
        parsed = parse_query(q)
    except QueryError:
        parsed = None
    # (positions in q: it has no invisible character left)
    acronyms = [a for c in parsed.clauses for a in c.alternatives if a.acronym] if parsed else []
    # An acronym typed as one word (``پی۔ٹی``) is a part of the query like a phrase (with a
    # prefix, a field, in an ``OR`` group); one typed as words (``پی سی بی``), plain words.
    acronym_spans = {(a.start, a.end) for a in acronyms}
    edits: list[tuple[int, int, str]] = []
    # (where a space is put between a part written as words and what it touches)
    spaced: set[int] = set()
    lexed = {(it.start, it.end) for group in groups for it in group}
    for item in acronyms:
        if (item.start, item.end) in lexed:
            continue
        typed = _EDGE_PUNCTUATION.sub("", q[item.start : item.end])
        start = item.start + q[item.start : item.end].index(typed)
        end = start + len(typed)
        letters = " ".join(quote(w) for w in _NOT_A_LETTER.split(typed) if w)
        # (a space from a quote it touches, ``"a b"سی بی``, and after a + or - it ends
        # with, which after the quotes would be an operator: ``سی بی+"a b"``)
        tail = q[end : item.end]
        lead = " " if start > 0 and q[start - 1] in _QUOTES else ""
        trail = (
            " "
            if item.end < len(q)
            and (q[item.end] in _QUOTES or tail[-1:] in ("+", "-"))
            and not q[item.end].isspace()
            else ""
        )
        edits.append((start, item.end, lead + letters + tail + trail))
        spaced.update([start] if lead else [], [item.end] if trail else [])
    # (the phrases and one-word acronyms written as words; a space where they touch a quote)
    relaxed = [
        (it, len(group) > 1)
        for group in groups
        if group[0].prefix != "-" and all(it.field in (None, "title") for it in group)
        for it in group
        if (it.start, it.end) in acronym_spans or (it.quoted and len(analyze(it.value)) > 1)
    ]
    quoted_before = {it.start for it, _ in relaxed if it.start and q[it.start - 1] in _QUOTES}
    quoted_after = {it.end for it, _ in relaxed if it.end < len(q) and q[it.end] in _QUOTES}
    spaced.update(quoted_before, quoted_after)
    for it, in_group in relaxed:
        if (it.start, it.end) in acronym_spans:
            raw = [w for w in _NOT_A_LETTER.split(it.value) if w]
            forms = [quote(w) for w in raw]
        else:
            raw = it.value.replace('"', " ").split()
            forms = [_free_word(w) for w in raw]
        field_ = "title:" if it.field == "title" else ""
        # A word touching the phrase (``x"a b"y``) stays apart from it: the touching words
        # of the phrase keep quotes of their own (a space could make a neighbour ``OR``
        # an operator).  A touching quoted part (``"a b"“c d”``) gets a space instead:
        # ``"b""c"`` would be one value, and so does a part it touches that is written as words
        # too (``پی۔ٹی"a b"``: ``"پی" "ٹی" a b``).
        lead = " " if it.start in quoted_before else ""
        trail = " " if it.end in quoted_after else ""
        if it.start > 0 and not q[it.start - 1].isspace() and it.start not in spaced:
            forms[0] = quote(raw[0])
        if it.end < len(q) and not q[it.end].isspace() and it.end not in spaced:
            forms[-1] = quote(raw[-1])
        words = [field_ + w for w in forms]
        # (in an OR group, alternatives of the group under its prefix; else each its own)
        new = it.prefix + " OR ".join(words) if in_group else " ".join(it.prefix + w for w in words)
        edits.append((it.start, it.end, lead + new + trail))
    if not edits:
        return None
    for start, end, new in sorted(edits, reverse=True):
        q = q[:start] + new + q[end:]
    return q


#: The letters of a name in Latin letters (``Lavrov``, ``O'Brien``, ``Erdoğan``), as a regex
#: character class body: ASCII and Latin-1/Extended-A/B letters, apostrophes, dot and hyphen.
LATIN_NAME_CHARS = "A-Za-z\u00c0-\u024f'’.-"
#: A word in Latin letters, with the punctuation it may be typed with around it.
_LATIN_WORD = re.compile(rf"[(\[]*([A-Za-z\u00c0-\u024f][{LATIN_NAME_CHARS}]*)[)\],.;:!?]*")
#: Most words one name in Latin letters may have (``Shah Mahmood Qureshi``).
MAX_NAME_WORDS = 3
#: Most lookups :func:`name_entities` makes for one query (each may scan the store's names).
MAX_NAME_LOOKUPS = 12


def name_entities(text: str, lookup: Callable[[str], Sequence[str]]) -> str | None:
    """``text`` with the names it writes in Latin letters as ``entity:`` filters, or None when
    ``lookup`` knows none: what a search that found nothing runs instead in an Urdu archive
    (``SearchConfig.entity_names``: ``Lavrov`` is ``entity:"سرگئی لاوروف"``).

    ``lookup(name)`` gives the ``entity:`` values a run of free-text words in Latin letters
    names (several: one of them), or nothing.  A run is tried whole, then shorter, longest
    first, at most :data:`MAX_NAME_WORDS` words and :data:`MAX_NAME_LOOKUPS` lookups.  An
    excluded word in Latin letters (``-Iran``) that names entities becomes ``-entity:``
    filters.  The other free-text words are left out when the query has no required words: the
    search found nothing, so none of them is in an article it may show.  With required words
    they stay (they rank).  Every other part stays as it is; words inside ``OR`` groups and
    quotes are not read.

    >>> names = {"lavrov": ["سرگئی لاوروف"], "iran": ["ایران"], "imran khan": ["عمران خان"]}
    >>> def lookup(name):
    ...     return names.get(name.lower(), [])
    >>> name_entities("Lavrov talks", lookup)
    'entity:"سرگئی لاوروف"'
    >>> name_entities("imran khan, Iran source:geo", lookup)
    'entity:"عمران خان" entity:ایران source:geo'
    >>> name_entities("+talks Lavrov", lookup)
    '+talks entity:"سرگئی لاوروف"'
    >>> name_entities("Lavrov -Iran", lookup)
    'entity:"سرگئی لاوروف" -entity:ایران'
    >>> name_entities("talks", lookup) is None, name_entities('"Lavrov"', lookup) is None
    (True, True)
    """
    q, _ = _visible(text.translate(_CONTROLS))
    try:
        groups = _groups(_lex(q), q)
    except QueryError:
        return None

    def free(group: list[_Item]) -> bool:
        return len(group) == 1 and group[0].field is None and group[0].prefix != "-"

    def latin(group: list[_Item], excluded: bool = False) -> str | None:
        it = group[0]
        if len(group) > 1 or it.field is not None or it.quoted:
            return None
        if (it.prefix == "-") != excluded:
            return None
        m = _LATIN_WORD.fullmatch(it.value)
        return m.group(1) if m else None

    def value(v: str) -> str:
        return v if _WORD.fullmatch(v) else quote(v)

    required = any(
        g[0].prefix == "+" or any(it.field == "title" for it in g)
        for g in groups
        if g[0].prefix != "-" and all(it.field in (None, "title") for it in g)
    )
    edits: list[tuple[int, int, str]] = []
    lookups = 0
    found: Sequence[str]
    i = 0
    while i < len(groups):
        word = latin(groups[i], excluded=True)
        if word is not None:
            if lookups < MAX_NAME_LOOKUPS:
                lookups += 1
                found = lookup(word)
                if found:
                    new = " ".join("-entity:" + value(v) for v in found)
                    edits.append((groups[i][0].start, groups[i][0].end, new))
            i += 1
            continue
        run: list[str] = []
        while i + len(run) < len(groups) and len(run) < MAX_NAME_WORDS:
            word = latin(groups[i + len(run)])
            if word is None:
                break
            run.append(word)
        found = ()
        size = len(run)
        while size and lookups < MAX_NAME_LOOKUPS:
            lookups += 1
            found = lookup(" ".join(run[:size]))
            if found:
                break
            size -= 1
        if found:
            start, end = groups[i][0].start, groups[i + size - 1][0].end
            edits.append((start, end, " OR ".join("entity:" + value(v) for v in found)))
            i += size
            continue
        if free(groups[i]) and groups[i][0].prefix != "+" and not required:
            gap = _WS.match(q, groups[i][0].end)  # and the space after it
            edits.append((groups[i][0].start, gap.end() if gap else groups[i][0].end, ""))
        i += 1
    if not any(new for _, _, new in edits):
        return None
    for start, end, new in reversed(edits):
        q = q[:start] + new + q[end:]
    return q.strip()


def _lex(q: str) -> list[_Item | object]:
    out: list[_Item | object] = []
    i, n = 0, len(q)
    while i < n:
        ws = _WS.match(q, i)
        if ws:
            i = ws.end()
            continue
        start = i
        prefix = ""
        if q[i] in "+-":
            prefix = q[i]
            while i < n and q[i] in "+-":
                i += 1
            if i >= n or q[i].isspace():
                continue  # a lone + or - is punctuation, not an operator
            if set(q[start:i]) != {prefix}:
                # (``+-word`` searched the word as required: the minus was read as part of it)
                raise QueryError(
                    f"'{q[start:i]}' before a word: it is either required (+) or excluded (-), "
                    "not both",
                    start,
                )
        if q.startswith("OR", i) and (i + 2 >= n or q[i + 2].isspace()) and not prefix:
            out.append(_OR)
            i += 2
            continue
        fld = None
        m = _FIELD.match(q, i)
        if m and m.group(1).lower() in FIELDS:
            fld = m.group(1).lower()
            i = m.end()
            if i >= n or q[i].isspace():
                raise QueryError(f"expected a value after '{m.group(0)}'", i)
        if fld in DATE_FIELDS and q[i] not in _QUOTES:
            found = _unquoted_date(q, i)
            if found is None:
                word = _WORD.match(q, i)
                raise QueryError(
                    f"expected a date after '{fld}:' (like 2021-04-01, 2021-04, 2021 or "
                    f'"13 اپریل 2021"), got {word.group() if word else q[i]!r}',
                    i,
                )
            value, end, span = found
            out.append(_Item(prefix, fld, value, False, start, i, end, span))
            i = end
            continue
        if q[i] in _QUOTES:
            value_start = i + 1
            value, i = _quoted(q, i)
            quoted = True
        else:
            word = _WORD.match(q, i)
            assert word is not None  # q[i] is neither space nor a quote
            value, value_start, i = word.group(), i, word.end()
            quoted = False
        item = _Item(prefix, fld, value, quoted, start, value_start, i)
        if fld in DATE_FIELDS:
            dspan = _date_span(value, value_start, quoted=quoted)
            if dspan is None:
                raise QueryError(
                    f"expected a date after '{fld}:' (like 2021-04-01, 2021-04, 2021 or "
                    f'"13 اپریل 2021"), got {value!r}',
                    value_start,
                )
            item.date = dspan
        out.append(item)
    return out


# --------------------------------------------------------------------------------------------
# Parsing: items → groups → Query.


def _visible(q: str) -> tuple[str, Callable[[int], int]]:
    """``q`` without the :data:`_IGNORED` characters, and a map of its positions back to ``q``'s.

    >>> v, where = _visible("\u200f+روس")
    >>> v, where(0), where(len(v))
    ('+روس', 1, 5)
    """
    if not _IGNORED.search(q):
        return q, lambda pos: pos
    kept = [i for i, ch in enumerate(q) if not _IGNORED.match(ch)]

    def where(pos: int) -> int:
        return kept[pos] if pos < len(kept) else len(q)

    return "".join(q[i] for i in kept), where


def _groups(items: list[_Item | object], q: str) -> list[list[_Item]]:
    groups: list[list[_Item]] = []
    expect_item = False
    last_or = 0
    for pos, it in enumerate(items):
        if it is _OR:
            if not groups or expect_item:
                raise QueryError(
                    "OR needs a word, phrase or filter on each side", _or_pos(items, pos, q)
                )
            expect_item = True
            last_or = pos
            continue
        assert isinstance(it, _Item)
        if expect_item:
            if it.prefix:
                raise QueryError(
                    f"'{it.prefix}' goes before the first alternative of an OR group, "
                    "not inside it",
                    it.start,
                )
            groups[-1].append(it)
            expect_item = False
        else:
            groups.append([it])
    if expect_item:
        raise QueryError(
            "OR needs a word, phrase or filter on each side", _or_pos(items, last_or, q)
        )
    return groups


def _or_pos(items: list[_Item | object], index: int, q: str) -> int:
    """Position of the ``index``-th lexed item when it is an OR (found by re-scanning)."""
    count = sum(1 for it in items[: index + 1] if it is _OR)
    for m in re.finditer(r"(?<!\S)OR(?!\S)", q):
        count -= 1
        if count == 0:
            return m.start()
    return 0


@lru_cache(maxsize=1)
def _letter_terms() -> frozenset[str]:
    """The analyzer terms of the letter names (:data:`akhbar.text.sentences.LETTER_NAMES`)."""
    return frozenset(t for name in LETTER_NAMES for t in analyze(name))


#: Letter names that with the word after them are a word of their own (``آئی فون``, ``ای
#: میل``), built by ``scripts/build_acronyms.py`` from the shared news.
LETTER_WORDS_FILE = Path(__file__).with_name("data") / "letter_words.tsv"


@lru_cache(maxsize=1)
def letter_words() -> frozenset[tuple[str, str]]:
    """The pairs of :data:`LETTER_WORDS_FILE` (analyzer terms): a letter name and the word after
    it that together are a word (``آئی فون`` iPhone), so the letter is not the last of an
    acronym typed before it (``سی ای او آئی فون``: the acronym ``سی ای او``).

    >>> from akhbar.text.analyzer import terms
    >>> tuple(terms("آئی فون")) in letter_words(), tuple(terms("آئی رہنما")) in letter_words()
    (True, False)
    """
    return frozenset((row[0], row[1]) for row in _rows(LETTER_WORDS_FILE))


def _rows(path: Path) -> Iterator[list[str]]:
    """The tab-separated fields of each line of ``path`` that is neither blank nor a ``#``
    comment."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


#: Acronyms typed as their letters that the shared news writes, with how often, built by
#: ``scripts/build_acronyms.py``.
ACRONYMS_FILE = Path(__file__).with_name("data") / "acronyms.tsv"


@lru_cache(maxsize=1)
def known_acronyms() -> dict[str, int]:
    """The acronyms of :data:`ACRONYMS_FILE` (analyzer terms joined by a space) and how often
    the shared news writes them.

    >>> known_acronyms()["پی ٹی آیی"] > known_acronyms().get("پی ٹی ای", 0)
    True
    """
    return {row[0]: int(row[1]) for row in _rows(ACRONYMS_FILE)}


#: For a letter a keyboard has no key for, the letter names it types as others: with no ``ے``
#: key ``اے`` (A) is typed ``اي`` (E) and ``جے`` (J) ``جي`` (G); with no ``پ`` key ``پی`` (P)
#: ``بي`` (B).
_TYPED_AS = {"ے": {"ای": "اے", "جی": "جے"}, "پ": {"بی": "پی"}, "ڈ": {"دی": "ڈی"}}
#: What a keyboard without a letter types for a letter name that is no letter name itself:
#: with no ``ڈ`` key ``ڈی`` (D) is typed ``دي``, a word ('gave') that the keyboard repair
#: leaves as it is.  It is a letter of a run only where the run is an acronym the news writes.
_TYPED_NOT_LETTERS = {"ڈ": frozenset({"دی"})}
#: For a letter a keyboard has no key for, a letter name it types for a word: with no ``ے``
#: key ``سے`` ('from') is typed ``سي`` (C).
_WORD_TYPED_AS = {"ے": "سی"}
#: Most readings of one acronym weighed (2 ** 6).
MAX_READINGS = 64
#: A reading other than the letters as typed is taken when the news writes it
#: :data:`MIN_READING` times or more, and :data:`READING_RATIO` times as often as the letters
#: as typed: ``ای سی پی`` (ECP), which the news never writes so, stays ECP, not the ``اے سی پی``
#: it writes 3 times; ``اي ڈي بي`` is ``اے ڈی بی`` (ADB, 26 against 7), ``ٹي ٹي بي`` ``ٹی ٹی
#: پی`` (TTP, 13).  (The keyboard repair asks 10 times as often of a word: a word typed as it
#: stands is often meant so, but a keyboard without the key cannot type the other letter.)
MIN_READING = 5
READING_RATIO = 2


def keyboard_acronym(
    letters: Sequence[str], missing: frozenset[str], *, edges_may_be_words: bool = True
) -> tuple[tuple[str, ...], int, int] | None:
    """The acronym that the letter names ``letters`` (analyzer terms) stand for when typed on
    a keyboard without the Urdu letters ``missing`` (:func:`akhbar.text.keyboard.missing_letters`),
    and which of the letters it takes (``letters[start:end]``): of the readings the keyboard
    may have typed so (each ``ای`` may be ``اے``, each ``بی`` ``پی``, ...), the one the shared
    news writes most (:func:`known_acronyms`; another than as typed only if written
    :data:`MIN_READING` times or more and :data:`READING_RATIO` times as often as the letters
    as typed).  With ``edges_may_be_words``, a first or last ``سی`` may be the word ``سے``: when
    the news writes no reading of the whole run that often but one of the rest, it is that
    word, and the acronym is the rest; of two letters, it is that word and the other letter
    a word too (``end - start`` is 1).  None when the keyboard types these letters as they
    are, or the news writes none of the readings.

    >>> keyboard_acronym(["پی", "آیی", "ای"], frozenset("ے"))  # PIA, not پی آئی ای
    (('پی', 'آیی', 'اے'), 0, 3)
    >>> keyboard_acronym(["آیی", "ایم", "ایف", "سی"], frozenset("ے"))  # IMF, then سے
    (('آیی', 'ایم', 'ایف'), 0, 3)
    >>> keyboard_acronym(["سی", "جی", "ڈی", "پی"], frozenset("ے"))  # سے, then GDP
    (('جی', 'ڈی', 'پی'), 1, 4)
    >>> keyboard_acronym(["آیی", "سی", "سی"], frozenset("ے"))  # ICC: its C is a letter
    (('آیی', 'سی', 'سی'), 0, 3)
    >>> keyboard_acronym(["ایکس", "سی"], frozenset("ے"))  # X, then سے: no acronym
    (('ایکس',), 0, 1)
    >>> keyboard_acronym(["بی", "ٹی", "آیی"], frozenset("پے"))  # PTI
    (('پی', 'ٹی', 'آیی'), 0, 3)
    >>> keyboard_acronym(["ای", "سی", "پی"], frozenset("ے")) is None  # ECP: as typed
    True
    >>> keyboard_acronym(["پی", "آیی", "ای"], frozenset()) is None  # an Urdu keyboard
    True
    """
    n = len(letters)
    options = [
        (t, *(typed[t] for key, typed in _TYPED_AS.items() if key in missing and t in typed))
        for t in letters
    ]
    words = {t for key, t in _WORD_TYPED_AS.items() if key in missing}
    head = int(edges_may_be_words and n > 1 and letters[0] in words)
    tail = int(edges_may_be_words and n > 1 and letters[-1] in words)
    readings = 1
    for o in options:
        readings *= len(o)
    if (readings == 1 and not head and not tail) or readings > MAX_READINGS:
        return None
    known = known_acronyms()

    def most_written(start: int, end: int) -> tuple[tuple[str, ...], int]:
        best = tuple(letters[start:end])
        best_count = known.get(" ".join(best), 0)
        for reading in product(*options[start:end]):
            count = known.get(" ".join(reading), 0)
            if count > best_count:  # (ties: the reading as typed)
                best, best_count = tuple(reading), count
        return best, best_count

    best, best_count = most_written(0, n)
    if (head or tail) and best_count < MIN_READING:  # (``آئی سی سی``: written, a letter)
        shorter = [
            (*most_written(start, end), start, end)
            for start, end in ((head, n), (0, n - tail), (head, n - tail))
            if (start, end) != (0, n) and end - start > 1
        ]
        written = max(shorter, key=lambda r: r[1], default=None)
        if written is not None and written[1] >= MIN_READING:
            return written[0], written[2], written[3]
        if n == 2:  # (two letters, one of them سي: words)
            return tuple(letters[head : n - tail]), head, n - tail
    typed_count = known.get(" ".join(letters), 0)
    if best == tuple(letters):
        return (best, 0, n) if typed_count > 0 else None
    if best_count < MIN_READING or best_count < READING_RATIO * typed_count:
        return None
    return best, 0, n


#: A letter name that is also a common word (``کے`` 'of'): never a letter of an acronym typed
#: as words (``پی ٹی آئی کے رہنما``, ``حکومت کے آئی ایم ایف سے``, ``پی سی بی کے سی او او``).
_EDGE_WORDS = frozenset({"کے"})
#: A letter name that a keyboard without the letter (the key) types as another letter name:
#: on an Arabic layout ``پی`` (P) is typed ``بي`` (B).
_LOOKALIKE_LETTERS = {typed: "پ" for typed in _TYPED_AS["پ"]}


def acronym_letters(terms: Sequence[str]) -> bool:
    """Whether analyzer ``terms`` are letter names only, none of them also a common word
    (:data:`_EDGE_WORDS`): what an acronym typed as its letters is made of (``پی ٹی آئی``, not
    ``کے پی``).

    >>> from akhbar.text.analyzer import terms
    >>> [acronym_letters(terms(q)) for q in ("پی ٹی آئی", "پی ٹی وی چینل", "کے")]
    [True, False, False]
    """
    known = _letter_terms()
    return bool(terms) and all(t in known and t not in _EDGE_WORDS for t in terms)


def _written_apart(value: str, found: Sequence[str]) -> bool:
    """Whether each of the terms ``found`` in the word ``value`` is written apart from the
    others, by punctuation (``پی۔ٹی۔آئی``), not cut by the analyzer from a word run together.

    >>> _written_apart("پی۔ٹی۔آئی", analyze("پی۔ٹی۔آئی")), _written_apart("کےپی", ["کے", "پی"])
    (True, False)
    """
    return len([w for w in _NOT_A_LETTER.split(value) if w]) == len(found)


def _acronyms(clauses: list[Clause], text: str, typed: str | None = None) -> list[Clause]:
    """``clauses`` with each run of free-text items that are letter names, next to each other
    in ``text`` with nothing but spaces between them, made one phrase: an acronym typed as
    its letters (``پی سی بی``), whose letters alone are common words.  ``کے`` stays a word
    between two runs (the postposition); a run of one letter stays as it is.  So does a run
    with a letter that the keyboard ``typed`` shows (:func:`akhbar.text.keyboard.missing_letters`)
    may have typed for another (``بي`` for ``پی`` on an Arabic layout: which acronym was
    meant is not known, so its letters stay words).

    >>> q = parse_query("پی سی بی کے سربراہ")
    >>> [(a.raw, a.phrase) for c in q.clauses for a in c.alternatives]
    [('پی سی بی', True), ('کے', False), ('سربراہ', False)]
    >>> q = parse_query("کے پی، ٹی وی بی بی سی کے سی ای او")
    >>> [a.raw for c in q.clauses for a in c.alternatives]
    ['کے', 'پی،', 'ٹی وی بی بی سی', 'کے', 'سی ای او']

    A letter that with the word after it is a word of its own (:func:`letter_words`) is not
    the acronym's:

    >>> [a.raw for c in parse_query("ایپل کے سی ای او آئی فون").clauses for a in c.alternatives]
    ['ایپل', 'کے', 'سی ای او', 'آئی', 'فون']
    """

    missing = missing_letters(typed or text)
    unsure = {t for t, key in _LOOKALIKE_LETTERS.items() if key in missing}
    #: Words typed for a letter name (``دي`` for ``ڈی``): letters only of a known acronym.
    pseudo = frozenset(w for key, ws in _TYPED_NOT_LETTERS.items() if key in missing for w in ws)

    def joins(clause: Clause, *, typed_for: bool = False) -> TextItem | None:
        item = clause.alternatives[0] if len(clause.alternatives) == 1 else None
        if clause.occur != "should" or item is None or item.quoted or item.title_only:
            return None
        if acronym_letters(item.terms):
            return item
        if typed_for and all(t in pseudo or acronym_letters([t]) for t in item.terms):
            return item
        return None

    def apart(a: TextItem, b: TextItem) -> bool:
        between = _IGNORED.sub("", text[a.end : b.start].translate(_CONTROLS))
        return (
            bool(between.strip())
            or bool(_PUNCTUATION_END.search(a.raw))
            or bool(_PUNCTUATION_START.search(b.raw))
        )

    runs: list[list[Clause]] = []
    last: TextItem | None = None
    for clause in clauses:
        item = joins(clause, typed_for=True)
        if item is None or last is None or apart(last, item):
            runs.append([clause])
        else:
            runs[-1].append(clause)
        last = item
    out: list[Clause] = []
    for i, typed_run in enumerate(runs):
        run, tail = typed_run, []
        items = [c.alternatives[0] for c in run]
        after = runs[i + 1][0] if i + 1 < len(runs) else None
        if len(run) > 1 and _starts_word(items[-1], after, apart):
            run, items, tail = run[:-1], items[:-1], run[-1:]  # (``آئی`` of ``آئی فون``)
        letters = [t for a in items for t in a.terms]
        reading = None
        if (
            missing
            and len(letters) > 1
            and all(joins(c, typed_for=True) for c in run)
            and (len(run) > 1 or items[0].phrase)
        ):
            # (a سي typed for سے at an edge must be an item of its own to be a word)
            edges = len(run) > 1 and len(items[0].terms) == 1 and len(items[-1].terms) == 1
            reading = keyboard_acronym(letters, missing, edges_may_be_words=edges)
            if reading is not None and pseudo.intersection(reading[0]):
                reading = None  # (``دي`` left as typed: a word, below)
        if reading is not None:  # the acronym the news writes (``پي آئي اي``: ``پی آئی اے``)
            chosen, start, end = reading
            head, tail = run[:start], run[len(run) - (len(letters) - end) :] + tail
            run, items = (
                run[start : len(run) - (len(letters) - end)],
                items[start : len(items) - (len(letters) - end)],
            )
            out.extend(head)
            if len(chosen) < 2:  # (one letter left between words: a word)
                out.extend(run)
            else:
                first, stop = items[0], items[-1].end
                merged = replace(
                    first, terms=chosen, phrase=True, raw=text[first.start : stop], end=stop
                )
                out.append(Clause("should", (merged,)))
        elif pseudo.intersection(letters):  # (``دي``: a word, unless of a known acronym)
            segment: list[Clause] = []
            for c, a in zip(run, items, strict=True):
                if pseudo.intersection(a.terms):
                    out.extend([*_acronyms(segment, text, typed), c])
                    segment = []
                else:
                    segment.append(c)
            out.extend(_acronyms(segment, text, typed))
        elif unsure.intersection(letters):  # (``بي۔سي``: words too)
            out.extend(
                Clause(c.occur, (replace(a, phrase=False),)) if joins(c) and a.acronym else c
                for c, a in zip(run, items, strict=True)
            )
        elif len(run) < 2:
            out.extend(run)
        else:
            first, end = items[0], items[-1].end
            merged = replace(
                first,
                terms=tuple(t for a in items for t in a.terms),
                phrase=True,
                raw=text[first.start : end],
                end=end,
            )
            out.append(Clause("should", (merged,)))
        out.extend(tail)
    return out


def _with_readings(q: str, clauses: Sequence[Clause]) -> str:
    """``q`` with each letter of an acronym that a keyboard typed as another letter (the
    :func:`keyboard_acronym` reading: ``اي`` read ``اے``) spelled as read, one character for
    one (what the query is shown as, searched: :attr:`Query.keyboard_text`).

    >>> parse_query("پي آئي اي پرواز").keyboard_text
    'پي آئي اے پرواز'
    >>> parse_query("بي سي بي").keyboard_text, parse_query("پی آئی ای").keyboard_text
    ('پي سي بي', None)
    """
    chars = list(q)
    for clause in clauses:
        for item in clause.alternatives:
            if not item.acronym:
                continue
            words = list(_LETTERS_OF.finditer(q, item.start, item.end))
            if len(words) != len(item.terms):
                continue
            for m, term in zip(words, item.terms, strict=True):
                found = analyze(m.group())
                typed = found[0] if len(found) == 1 else term
                if typed == term or len(typed) != len(term) or len(m.group()) != len(term):
                    continue
                for k, (a, b) in enumerate(zip(typed, term, strict=True)):
                    if a != b:
                        chars[m.start() + k] = b
    return "".join(chars)


def _starts_word(
    letter: TextItem, clause: Clause | None, apart: Callable[[TextItem, TextItem], bool]
) -> bool:
    """Whether the ``letter`` typed last in a run of letter names and the free-text word of
    the ``clause`` typed next to it are a word of their own (:func:`letter_words`: ``آئی
    فون``), so the letter is not the acronym's."""
    if clause is None or clause.occur != "should" or len(clause.alternatives) != 1:
        return False
    word = clause.alternatives[0]
    return (
        not word.title_only
        and bool(word.terms)
        and not word.quoted
        and (letter.terms[-1], word.terms[0]) in letter_words()
        and not apart(letter, word)
    )


def _text_item(it: _Item, budget: list[int]) -> TextItem:
    found = tuple(analyze(it.value))
    budget[0] += len(found)
    if budget[0] > MAX_TERMS:
        raise QueryError(f"too many words: at most {MAX_TERMS} terms per query", it.value_start)
    return TextItem(
        terms=found,
        phrase=len(found) > 1
        and (
            it.quoted
            or joined_name(it.value)
            or (acronym_letters(found) and _written_apart(it.value, found))
        ),
        title_only=it.field == "title",
        raw=it.value,
        start=it.start,
        end=it.end,
        quoted=it.quoted,
    )


def parse_query(text: str) -> Query:
    """Parse a query (see the module docstring for the syntax); raises :class:`QueryError`.

    >>> q = parse_query("+روس OR روسی title:ایران")
    >>> [(c.occur, len(c.alternatives)) for c in q.clauses]
    [('must', 2), ('must', 1)]
    >>> parse_query("كيا").clauses[0].alternatives[0].terms  # Arabic-keyboard letters
    ('کیا',)
    >>> q = parse_query("باكستان روبي")  # an Arabic layout: no پ, no ے
    >>> [c.alternatives[0].terms for c in q.clauses], q.keyboard_text
    ([('پاکستان',), ('روپے',)], 'پاكستان روپے')
    >>> parse_query("after:۱۳ اپریل ۲۰۲۱ before:2021-05").local_to.isoformat()
    '2021-05-01T00:00:00'
    >>> parse_query("OR روس")
    Traceback (most recent call last):
    ...
    akhbar.search.query.QueryError: OR needs a word, phrase or filter on each side (at position 0)
    """
    if not isinstance(text, str):
        raise QueryError(f"a query must be a string, not {type(text).__name__}", 0)
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: at most {MAX_QUERY_CHARS} characters", MAX_QUERY_CHARS)
    bad = _SURROGATE.search(text)
    if bad:
        raise QueryError("the query is not valid Unicode text (a lone surrogate)", bad.start())
    q, where = _visible(text.translate(_CONTROLS))
    typed = q
    q = restore_keyboard(q)  # Urdu letters an Arabic/Persian keyboard lacks (same length)
    try:
        groups = _groups(_lex(q), q)
    except QueryError as e:
        raise QueryError(e.message, where(e.position)) from None
    if len(q) != len(text):
        for group in groups:
            for it in group:
                it.start, it.value_start = where(it.start), where(it.value_start)
                it.end = where(it.end - 1) + 1 if it.end > it.start else where(it.end)

    clauses: list[Clause] = []
    sources: list[str] = []
    sources_ex: list[str] = []
    langs: list[str] = []
    langs_ex: list[str] = []
    entities: list[tuple[str, int]] = []
    entity_alts: list[tuple[tuple[str, int], ...]] = []
    entities_ex: list[tuple[str, int]] = []
    # [0]: instants (aware, UTC), [1]: local times (naive)
    date_from: list[datetime | None] = [None, None]
    date_to: list[datetime | None] = [None, None]
    excluded_dates: list[tuple[datetime | None, datetime | None]] = []
    budget = [0]

    for group in groups:
        head = group[0]
        kinds = {("text" if it.field in (None, "title") else it.field) for it in group}
        if len(kinds) > 1:
            raise QueryError(
                "OR joins alternatives of one kind: words and phrases, or values of one filter",
                group[1].start,
            )
        kind = kinds.pop()
        negated = head.prefix == "-"
        if kind == "text":
            alts = tuple(a for a in (_text_item(it, budget) for it in group) if a.terms)
            if not alts:
                continue
            if negated:
                occur: Occur = "must_not"
            elif head.prefix == "+" or any(a.title_only for a in alts):
                occur = "must"
            else:
                occur = "should"
            clauses.append(Clause(occur, alts))
        elif kind in ("source", "lang"):
            values = [it.value.strip().lower() for it in group]
            if any(not v for v in values):
                raise QueryError(f"expected a value after '{kind}:'", head.value_start)
            target = (
                (sources_ex if negated else sources)
                if kind == "source"
                else (langs_ex if negated else langs)
            )
            target.extend(v for v in values if v not in target)
        elif kind == "entity":
            named = [(it.value, it.start) for it in group]
            if negated:  # none of them
                entities_ex.extend(named)
            elif len(named) > 1:  # one of them
                entity_alts.append(tuple(named))
            else:
                entities.extend(named)
        else:  # dates
            if len(group) > 1:
                raise QueryError("dates cannot be joined with OR", group[1].start)
            assert head.date is not None
            lo, hi = head.date
            lo_b, hi_b = {"after": (lo, None), "before": (None, lo), "date": (lo, hi)}[kind]
            if negated:
                excluded_dates.append((lo_b, hi_b))
                continue
            k = lo.tzinfo is None  # a local time (else an instant): compared with its kind
            if lo_b is not None:
                old = date_from[k]
                date_from[k] = lo_b if old is None else max(old, lo_b)
            if hi_b is not None:
                old = date_to[k]
                date_to[k] = hi_b if old is None else min(old, hi_b)
            first, end = date_from[k], date_to[k]
            if first is not None and end is not None and first >= end:
                raise QueryError(
                    "the date filters exclude each other: nothing is published on or after "
                    f"{_when(first)} and before {_when(end)}",
                    head.start,
                )

    read = _acronyms(clauses, text, typed)
    if len(q) == len(text):  # (positions agree: the acronyms' letters as read)
        q = _with_readings(q, read)
    query = Query(
        text=text,
        clauses=tuple(read),
        sources=tuple(sources),
        sources_excluded=tuple(sources_ex),
        languages=tuple(langs),
        languages_excluded=tuple(langs_ex),
        published_from=date_from[0],
        published_to=date_to[0],
        local_from=date_from[1],
        local_to=date_to[1],
        entities=tuple(entities),
        entity_alternatives=tuple(entity_alts),
        entities_excluded=tuple(entities_ex),
        excluded_date_ranges=tuple(excluded_dates),
        keyboard_text=q if q != typed else None,
    )
    if not any(c.occur != "must_not" for c in clauses) and not query.has_filters:
        if clauses:
            raise QueryError(
                "nothing to search for: add a word or a filter besides the -exclusions", 0
            )
        raise QueryError("nothing to search for: the query has no words or filters", 0)
    return query
