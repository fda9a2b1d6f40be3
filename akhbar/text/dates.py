"""Dates and times in Urdu news: datelines and running text, Gregorian and Hijri, clock times.

Reads what Urdu news writes (names and rules in ``data/months.json``, ``hijri_months.json``,
``weekdays.json``, ``time_words.json``, ``time_zones.json``, compiled once at import):

- English or Urdu month names with digits of any script: ``Apr ۱۳, ۲۰۲۱``, ``13 اپریل 2021``,
  ``اپریل ۱۳, ۲۰۲۱`` (Urdu month first only with a year),
  ``02 مارچ2023ء``, ``یکم مئی``, ``March 2023``; numeric dates day first, as Pakistani news
  writes them (``13/04/2021``; month first only when day first is impossible); ISO 8601
  (``2023-03-02``, ``2018-04-24T04:59:11 GMT``);
- clock times: ``19:56``, ``7:30 PM``, ``صبح 10 بجے``, ``شام 5 بجے`` (17:00), ``رات 9 بجے`` (21:00),
  ``دوپہر 2 بجے`` (14:00), ``ساڑھے 10 بجے`` (10:30), ``10 بجکر 30 منٹ``; a period word after the
  time or before a clock time (``10:15 شام`` = 22:15, ``5 بجے شام``, ``رات 11:30`` = 23:30,
  ``10:30 قبل دوپہر``; a 24-hour ``18:00 صبح`` stays 18:00);
- zones: IANA names through :mod:`zoneinfo` (DST-aware: ``Europe/London`` in July is +01:00), UTC
  offsets (``+05:00``, ``UTC+5``, ``GMT+5``) and unambiguous abbreviations (``GMT``, ``UTC``,
  ``PKT`` = +05:00; PST/IST are left out because they are ambiguous);
- Hijri dates (``12 ربیع الاول 1445ھ``), reported as kind ``"hijri"`` with the Hijri
  (year, month, day) in ``parts`` and an approximate Gregorian date (:func:`hijri_to_gregorian`);
- weekday names, only where they name a day (``منگل کو``, ``بروز جمعہ``, before a date);
- a time right before a date is its time (``10:15 PM, June 5, 2024``, ``10:15 شام، 5 جون 2024``);
- midnight said as night: ``رات 12 بجے`` (and ``رات 12:30``, ``12 بجے رات``) on a date is the
  midnight that *ends* that day, as Urdu news writes it (``5 جون 2024 رات 12 بجے`` = 6 June
  00:00: the night of 5 June reaches midnight after its evening); ``DateMatch.day_shift`` is 1
  for such a time.  The other night hours are taken on the date written (``رات 2 بجے`` = 02:00
  of that date: a dateline written after midnight already carries the new date), and so are
  ``صبح 12`` (00:00) and English ``12 AM`` (00:00 starts the date, as the clock says); ``دوپہر 12``
  is noon.

A value is timezone-aware when a zone is written next to the time, naive otherwise (the caller
knows the source's zone; akhbar does not guess it).  Relative words (آج, کل) are out of scope.
Matching folds the text like :mod:`akhbar.text.numbers`, so offsets index the original string.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from importlib.resources import files
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from akhbar.text.numbers import _WORDS, _fold, _fold_word, _orig, _trie_pattern

__all__ = [
    "DateKind",
    "DateMatch",
    "DateParts",
    "english_month",
    "find_dates",
    "hijri_to_gregorian",
    "iana_zone",
    "on_day",
    "parse_datetime",
    "parse_zone",
]

DateKind = Literal["datetime", "date", "time", "month_year", "day_month", "hijri", "weekday"]


class DateParts(NamedTuple):
    """The calendar fields a match states (Hijri fields for kind ``"hijri"``); None = not said."""

    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # ISO: Monday = 1 … Sunday = 7


class DateMatch(NamedTuple):
    """One date/time expression; ``text == source[start:end]``.

    ``value`` by kind: ``datetime`` → datetime; ``date`` → date; ``time`` → time;
    ``month_year`` → the month's first day (``parts.day`` is None); ``day_month`` → None (no year);
    ``hijri`` → approximate Gregorian date when day and year are given, else None;
    ``weekday`` → None (``parts.weekday`` says which day).  ``day_shift``: days a time lies
    after the date it is said on (1 for ``رات 12 بجے``, the midnight ending the day; a
    ``datetime`` value already has it applied).
    """

    start: int
    end: int
    text: str
    value: datetime | date | time | None
    kind: DateKind
    parts: DateParts
    day_shift: int = 0


# --------------------------------------------------------------------------------------------
# Data.


def _load(name: str) -> Any:
    return json.loads(files("akhbar.text").joinpath(f"data/{name}").read_text(encoding="utf-8"))


_MONTHS = _load("months.json")["months"]
_HIJRI = _load("hijri_months.json")
_WEEKDAYS = _load("weekdays.json")
_TIME_WORDS = _load("time_words.json")
_ZONES = _load("time_zones.json")

_EN_MONTH: dict[str, int] = {n: e["month"] for e in _MONTHS for n in e["en"]}


def english_month(word: str) -> int | None:
    """The month number of an English month name or abbreviation (any case, a final dot
    allowed), else None.

    >>> english_month("Apr"), english_month("SEPT."), english_month("اپریل")
    (4, 9, None)
    """
    return _EN_MONTH.get(word.lower().rstrip(".")) if word.isascii() else None


_UR_MONTH: dict[str, int] = {_fold_word(n): e["month"] for e in _MONTHS for n in e["ur"]}
_HIJRI_MONTH: dict[str, int] = {
    _fold_word(n): e["month"] for e in _HIJRI["months"] for n in e["names"]
}
_HIJRI_MARKS = sorted({_fold_word(e["word"]) for e in _HIJRI["year_markers"]}, key=len)[::-1]
_EN_WEEKDAY: dict[str, int] = {n: e["weekday"] for e in _WEEKDAYS["weekdays"] for n in e["en"]}
_UR_WEEKDAY: dict[str, int] = {
    _fold_word(n): e["weekday"] for e in _WEEKDAYS["weekdays"] for n in e["ur"]
}
_PERIOD: dict[str, str] = {_fold_word(e["word"]): e["rule"] for e in _TIME_WORDS["periods"]}
# Urdu a.m./p.m. words read only after a time (the English ones are the pattern _AMPM).
_UR_AMPM: dict[str, str] = {
    _fold_word(e["word"]): e["rule"] for e in _TIME_WORDS["ampm"] if not e["word"].isascii()
}
_FRACTION_MIN: dict[str, int] = {
    _fold_word(e["word"]): e["minutes"] for e in _TIME_WORDS["fractions"]
}
_HOUR_WORD: dict[str, tuple[int, int]] = {
    _fold_word(e["word"]): (e["hour"], e["minutes"]) for e in _TIME_WORDS["hour_words"]
}
_ZONE_ABBR: dict[str, int] = {e["abbr"]: e["offset_minutes"] for e in _ZONES["abbreviations"]}

# Day and hour numbers written as words (from the number data); ایک is left out of days
# because ایک مارچ is far more often "a march" than "1 March" (which is written یکم مارچ).
_DAY_WORD: dict[str, int] = {
    k: int(w.value)
    for k, w in _WORDS.items()
    if w.role in ("unit", "ord_unit") and isinstance(w.value, int) and 1 <= w.value <= 31
}
_DAY_WORD.pop(_fold_word("ایک"), None)
_HOUR_NUM_WORD: dict[str, int] = {
    k: int(w.value)
    for k, w in _WORDS.items()
    if w.role == "unit" and isinstance(w.value, int) and 1 <= w.value <= 12
}


def _alt(words: list[str] | set[str] | dict[str, Any]) -> str:
    return _trie_pattern(sorted(words))


def _words_alt(words: list[str]) -> str:
    """Alternation of multi-word phrases (spaces match any run of spaces)."""
    parts = sorted({_fold_word(w) for w in words}, key=len, reverse=True)
    return "|".join(r"[ ]+".join(re.escape(p) for p in w.split()) for w in parts)


_NL = r"(?<![^\W\d_])"  # not after a letter
_NR = r"(?![^\W\d_])"  # not before a letter
_EN_M = rf"(?<![A-Za-z])(?i:{'|'.join(sorted(_EN_MONTH, key=len, reverse=True))})\.?(?![A-Za-z])"
_UR_M = rf"{_NL}(?:{_alt(_UR_MONTH)}){_NR}"
_HJ_M = rf"{_NL}(?:{_words_alt(list(_HIJRI_MONTH))}){_NR}"
_WD_EN = rf"(?<![A-Za-z])(?i:{'|'.join(sorted(_EN_WEEKDAY, key=len, reverse=True))})\.?(?![A-Za-z])"
_WD_UR = rf"{_NL}(?:{_alt(_UR_WEEKDAY)}){_NR}"
_DAY_DIG = r"(?<![0-9])(?:[0-2]?[0-9]|3[01])(?![0-9])(?i:st|nd|rd|th)?"
_DAY = rf"(?:{_DAY_DIG}|{_NL}(?:{_alt(_DAY_WORD)}){_NR})"
_YEAR = r"(?<![0-9])[12][0-9]{3}(?![0-9])(?:[ ]*ء(?![^\W\d_]))?"
_HYEAR = rf"(?<![0-9])1[2-5][0-9]{{2}}(?![0-9])(?:[ ]*(?:{'|'.join(_HIJRI_MARKS)}){_NR})?"
_SEP = r"(?:[ ]*[,،][ ]*|[ ]+)"
_AMPM = r"(?i:[ap]\.?[ ]?m\.?)(?![A-Za-z])"
_OCLOCK = _words_alt([e["word"] for e in _TIME_WORDS["oclock"]])
_MINUTE = _words_alt([e["word"] for e in _TIME_WORDS["minute_words"]])
_PERIODS = _words_alt(list(_PERIOD))
_PERIODS_AFTER = _words_alt([*_PERIOD, *_UR_AMPM])  # a period or a.m./p.m. word after a time
_FRACS = _words_alt(list(_FRACTION_MIN))
_HOUR_WORDS = _alt(set(_HOUR_NUM_WORD) | set(_HOUR_WORD))
_ABBR = "|".join(sorted(_ZONE_ABBR, key=len, reverse=True))
_IANA = r"[A-Z][A-Za-z]+(?:/[A-Z][A-Za-z_+-]+){1,2}"


def _time_pattern(s: str) -> str:
    """A clock time (named groups suffixed ``s``) with an optional zone.

    A period word before the time (group ``per``/``cper``) or, when there is none, after it
    (``pa``/``cpa``: ``10:15 شام``, ``5 بجے شام``, ``10:30 قبل دوپہر``) sets its half of the day.
    """
    after = rf"[ ]+(?:{_PERIODS_AFTER}){_NR}"
    urdu = (
        rf"(?:(?P<per{s}>{_NL}(?:{_PERIODS}))[ ]+)?(?:(?P<fr{s}>{_NL}(?:{_FRACS}))[ ]+)?"
        rf"(?:(?P<bh{s}>(?<![0-9])(?:[01]?[0-9]|2[0-3])(?![0-9]))(?::(?P<bmi{s}>[0-5][0-9]))?"
        rf"|(?P<bw{s}>{_NL}(?:{_HOUR_WORDS})))[ ]*(?:{_OCLOCK}){_NR}"
        rf"(?:[ ]*(?P<bm{s}>[0-5]?[0-9])[ ]*(?:{_MINUTE}){_NR})?"
        rf"(?(per{s})|(?P<pa{s}>{after})?)"
    )
    clock = (
        rf"(?:(?P<cper{s}>{_NL}(?:{_PERIODS}))[ ]+)?"
        rf"(?P<hh{s}>(?<![0-9.:])(?:[01]?[0-9]|2[0-3])):(?P<mi{s}>[0-5][0-9])"
        rf"(?::(?P<ss{s}>[0-5][0-9])(?:\.[0-9]+)?)?(?![0-9:])"
        rf"(?:[ ]*(?P<ap{s}>{_AMPM})|(?(cper{s})|(?P<cpa{s}>{after})))?"
    )
    hour_ampm = rf"(?P<h12{s}>(?<![0-9.:])(?:1[0-2]|0?[1-9]))[ ]*(?P<ap2{s}>{_AMPM})"
    zone = (
        rf"(?:(?P<z{s}>Z)(?![A-Za-z])|[ ]*\(?[ ]*(?P<tz{s}>{_IANA}"
        rf"|(?:UTC|GMT)[ ]*[+-][ ]*[0-9]{{1,2}}(?::?[0-9]{{2}})?(?![0-9])"
        rf"|[+-][0-9]{{2}}:?[0-9]{{2}}(?![0-9])|(?<![A-Za-z])(?:{_ABBR})(?![A-Za-z]))\)?)?"
    )
    return rf"(?P<time{s}>{urdu}|{clock}|{hour_ampm}){zone}"


def _wd_prefix(s: str) -> str:
    """An optional weekday before a date (group ``wdp{s}``)."""
    return rf"(?:(?P<wdp{s}>{_WD_EN}|{_WD_UR})[ ]*[,،]?[ ]*)?"


def _time_after_date(s: str) -> str:
    """An optional time (and zone) after a date, groups suffixed ``s``."""
    return rf"(?:(?:T|[ ]*[,،]?[ ]*(?:(?i:at)|کو|بوقت)?[ ]*){_time_pattern(s)})?"


_WD_CONTEXT_AFTER = "|".join(
    r"[ ]+".join(re.escape(_fold_word(w)) for w in e["words"].split())
    for e in _WEEKDAYS["context_after"]
)
_WD_BEFORE = [_fold_word(e["words"]) for e in _WEEKDAYS["context_before"]]

# The words any alternative can start with: one cheap trie check per word start before the rest.
_STARTERS = (
    set(_UR_WEEKDAY)
    | set(_DAY_WORD)
    | set(_UR_MONTH)
    | {n.split()[0] for n in _HIJRI_MONTH}
    | {n.split()[0] for n in _PERIOD}
    | {n.split()[0] for n in _FRACTION_MIN}
    | set(_HOUR_NUM_WORD)
    | set(_HOUR_WORD)
)
_EN_INITIALS = "".join(sorted({w[0] for w in (*_EN_MONTH, *_EN_WEEKDAY)}))

_DATE_RE = re.compile(
    # Every alternative starts at a word start with a digit, an English month or weekday initial,
    # or one of the starter words: this guard makes the scan of other text cheap.
    rf"(?<![^\W\d_])(?=[0-9]|(?i:[{_EN_INITIALS}])|(?:{_alt(_STARTERS)}){_NR})(?:"
    # ISO 8601 date, optionally with time and zone: 2018-04-24T04:59:11 GMT
    rf"(?P<iso_y>(?<![0-9])[12][0-9]{{3}})-(?P<iso_m>[01]?[0-9])-(?P<iso_d>[0-3]?[0-9])(?![0-9])"
    rf"{_time_after_date('_iso')}"
    # numeric, day first: 13/04/2021, 13-04-2021, 13.04.2021
    rf"|{_wd_prefix('_n')}(?P<n_d>(?<![0-9/.-])[0-3]?[0-9])(?P<n_sep>[/.-])(?P<n_m>[01]?[0-9])"
    rf"(?P=n_sep)(?P<n_y>[12][0-9]{{3}})(?![0-9])(?P<n_e>[ ]*ء{_NR})?{_time_after_date('_n')}"
    # English month first: Apr 13, 2021 19:56 Asia/Tehran
    rf"|{_wd_prefix('_a')}(?P<a_m>{_EN_M})[ ]*(?P<a_d>{_DAY_DIG})(?:{_SEP}(?P<a_y>{_YEAR}))?"
    rf"{_time_after_date('_a')}"
    # Urdu month first, as a localized "Apr 13, 2021" template writes it: اپریل ۱۳, ۲۰۲۱ 19:56
    # (the year is required: without it, a month name then a number is rarely a date)
    rf"|{_wd_prefix('_u')}(?P<u_m>{_UR_M})[ ]*(?P<u_d>{_DAY_DIG}){_SEP}(?P<u_y>{_YEAR})"
    rf"{_time_after_date('_u')}"
    # Hijri: 12 ربیع الاول 1445ھ
    rf"|{_wd_prefix('_h')}(?P<h_d>{_DAY})[ ]*(?P<h_m>{_HJ_M})(?:{_SEP}?(?P<h_y>{_HYEAR}))?"
    rf"|(?P<h2_m>{_HJ_M}){_SEP}?(?P<h2_y>{_HYEAR})"
    # day first: 13 اپریل 2021, 02 مارچ2023ء, 13 April 2021, یکم مئی
    rf"|{_wd_prefix('_b')}(?P<b_d>{_DAY})[ ]*(?:(?i:of)[ ]+)?(?P<b_m>{_EN_M}|{_UR_M})"
    rf"(?:{_SEP}?(?P<b_y>{_YEAR}))?{_time_after_date('_b')}"
    # month and year: مارچ 2023, March 2023
    rf"|(?P<c_m>{_EN_M}|{_UR_M}){_SEP}?(?P<c_y>{_YEAR})"
    # a time alone
    rf"|{_time_pattern('_t')}"
    # a weekday where it names a day
    rf"|(?P<wd>{_WD_EN}|{_WD_UR})(?=[ ]*(?:{_WD_CONTEXT_AFTER}){_NR})"
    rf"|(?:{'|'.join(f'(?<={re.escape(w)})|(?<={re.escape(w)} )' for w in _WD_BEFORE)})"
    rf"(?P<wd2>{_WD_UR}))"
)


# --------------------------------------------------------------------------------------------
# Values.

_HIJRI_EPOCH = date(622, 7, 19).toordinal()  # 1 Muharram 1 AH (civil epoch), proleptic Gregorian


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """Gregorian date of a Hijri date by the tabular (arithmetic) Islamic calendar.

    Pakistan fixes Hijri months by moon sighting, so the real date can differ by a day or two.

    >>> hijri_to_gregorian(1444, 9, 1)
    datetime.date(2023, 3, 23)
    """
    days = (
        day
        + -(-(59 * (month - 1)) // 2)  # ceil(29.5 * (month - 1))
        + (year - 1) * 354
        + (3 + 11 * year) // 30
    )
    return date.fromordinal(_HIJRI_EPOCH + days - 1)


@lru_cache(maxsize=512)
def iana_zone(name: str) -> tzinfo | None:
    """The IANA time zone called ``name`` (``Asia/Tehran``, as a dateline writes it), or None.

    >>> iana_zone("Asia/Tehran") is not None, iana_zone("Asia/Nowhere"), iana_zone("../etc")
    (True, None, None)
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def parse_zone(text: str) -> tzinfo | None:
    """The time zone ``text`` names as a dateline writes one: an IANA name (``Asia/Karachi``),
    a UTC offset (``+05:00``, ``-0330``, ``UTC+5``, ``GMT+5``) or an unambiguous abbreviation
    (``UTC``, ``GMT``, ``PKT``); None for anything else (``PST``: Pacific or Pakistan?).

    >>> [str(parse_zone(z)) for z in ("Asia/Karachi", "+05:00", "UTC-3:30", "PKT")]
    ['Asia/Karachi', 'UTC+05:00', 'UTC-03:30', 'UTC+05:00']
    >>> parse_zone("Asia/Nowhere"), parse_zone("+05:99"), parse_zone("PST"), parse_zone("")
    (None, None, None, None)
    """
    text = text.replace(" ", "")
    if "/" in text:
        return iana_zone(text)
    if text in _ZONE_ABBR:
        return timezone(timedelta(minutes=_ZONE_ABBR[text]))
    m = re.fullmatch(r"(?:UTC|GMT)?([+-])([0-9]{1,2}):?([0-9]{2})?", text, flags=re.ASCII)
    if m is None or int(m.group(3) or 0) > 59:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if m.group(1) == "-" else minutes))


def _num(s: str) -> int:
    """A day or year as written: digits (with st/nd/… or ء) or a number word."""
    digits = "".join(ch for ch in s if ch.isdigit())
    if digits:
        return int(digits)
    return _DAY_WORD[s]


def _night_midnight(period: str | None, hour: int) -> bool:
    """True when ``hour`` said with ``period`` is the midnight hour of a night word
    (``رات 12`` / ``12:30 رات``): the midnight that ends the day it is said on."""
    if period is None or hour != 12:
        return False
    period = re.sub(r"[ ]+", " ", period.strip(" "))
    return (_PERIOD.get(period) or _UR_AMPM.get(period)) == "night"


def _hour(period: str | None, ampm: str | None, hour: int) -> int | None:
    """The 24-hour hour of ``hour`` said with a period word (before or after the time) or
    AM/PM; None when AM/PM contradicts it (``13:00 PM``).  A period word leaves an hour
    above 12 as written (``18:00 صبح`` is 18:00)."""
    if ampm:
        if hour > 12:
            return None
        rule = "pm" if ampm.lower().startswith("p") else "am"
    elif period and hour <= 12:
        period = re.sub(r"[ ]+", " ", period.strip(" "))
        rule = _PERIOD.get(period) or _UR_AMPM[period]
    else:
        return hour
    if rule == "am":
        return 0 if hour == 12 else hour
    if rule == "pm":
        return hour + 12 if hour < 12 else hour
    if rule == "noon":
        return hour + 12 if 1 <= hour <= 5 else hour
    if rule == "night":
        if 6 <= hour <= 11:
            return hour + 12
        return 0 if hour == 12 else hour
    return hour


class _Time(NamedTuple):
    value: time
    end: int  # folded end of the time, before any zone that could not be read
    day_shift: int  # 1 for a night's midnight (رات 12 بجے), else 0


def _time(m: re.Match[str], s: str) -> _Time | None:
    """The time matched by the groups suffixed ``s`` (None if there is none or it is invalid)."""
    if m.group(f"time{s}") is None:
        return None
    minute = second = 0
    shift = False
    if m.group(f"hh{s}") is not None:
        period = m.group(f"cper{s}") or m.group(f"cpa{s}")
        said = int(m.group(f"hh{s}"))
        shift = m.group(f"ap{s}") is None and _night_midnight(period, said)
        hour = _hour(period, m.group(f"ap{s}"), said)
        minute = int(m.group(f"mi{s}"))
        second = int(m.group(f"ss{s}") or 0)
    elif m.group(f"h12{s}") is not None:
        hour = _hour(None, m.group(f"ap2{s}"), int(m.group(f"h12{s}")))
    else:
        if m.group(f"bw{s}") is not None:
            word = m.group(f"bw{s}")
            if word in _HOUR_WORD:
                hour, minute = _HOUR_WORD[word]
            else:
                hour = _HOUR_NUM_WORD[word]
        else:
            hour = int(m.group(f"bh{s}"))
            minute = int(m.group(f"bmi{s}") or 0)
        if m.group(f"bm{s}") is not None:
            minute = int(m.group(f"bm{s}"))
        frac = m.group(f"fr{s}")
        if frac is not None:
            if minute:
                return None
            frac_min = _FRACTION_MIN[re.sub(r"[ ]+", " ", frac)]
            if frac_min < 0:
                hour, minute = hour - 1, 60 + frac_min
            else:
                minute = frac_min
        if minute > 59 or hour > 23:
            return None
        period = m.group(f"per{s}") or m.group(f"pa{s}")
        shift = _night_midnight(period, hour)
        hour = _hour(period, None, hour)
    if hour is None or not 0 <= hour <= 23:
        return None
    end = m.end(f"time{s}")
    tz: tzinfo | None = None
    if m.group(f"z{s}") is not None:
        tz, end = UTC, m.end(f"z{s}")
    elif m.group(f"tz{s}") is not None:
        tz = parse_zone(m.group(f"tz{s}"))
        if tz is not None:
            end = m.end()
    return _Time(time(hour, minute, second, tzinfo=tz), end, int(shift))


def _weekday(m: re.Match[str], s: str) -> int | None:
    name = m.group(f"wdp{s}")
    if name is None:
        return None
    return _EN_WEEKDAY.get(name.lower().rstrip(".")) or _UR_WEEKDAY.get(name)


class _Found(NamedTuple):
    start: int  # folded offsets
    end: int
    value: datetime | date | time | None
    kind: DateKind
    parts: DateParts
    day_shift: int = 0


def _gregorian(
    m: re.Match[str], s: str, y: int | None, mo: int, d: int | None, *, date_end: int
) -> _Found | None:
    """A Gregorian date (with a following time, if any) from the fields of alternative ``s``."""
    wd = _weekday(m, s) if s not in ("_iso", "_c") else None
    time_end = date_end
    if y is None or d is None:
        if d is None and y is not None:
            return _Found(
                m.start(), time_end, date(y, mo, 1), "month_year", DateParts(y, mo, None, wd)
            )
        if d is not None and 1 <= d <= 31 and 1 <= mo <= 12:
            return _Found(m.start(), time_end, None, "day_month", DateParts(None, mo, d, wd))
        return None
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    parts = DateParts(y, mo, d, wd)
    t = _time(m, s) if s != "_c" else None
    if t is None:
        return _Found(m.start(), time_end, day, "date", parts)
    value = on_day(day, t.value, t.day_shift)
    return _Found(m.start(), t.end, value, "datetime", parts, t.day_shift)


def _found(m: re.Match[str], folded: str) -> _Found | None:
    g = m.group
    if g("iso_y") is not None:
        return _gregorian(
            m, "_iso", int(g("iso_y")), int(g("iso_m")), int(g("iso_d")), date_end=m.end("iso_d")
        )
    if g("n_y") is not None:
        d, mo = int(g("n_d")), int(g("n_m"))
        if mo > 12 and d <= 12:  # month first (US style) when day first is impossible
            d, mo = mo, d
        if not 1 <= mo <= 12:
            return None
        end = m.end("n_e") if g("n_e") else m.end("n_y")
        return _gregorian(m, "_n", int(g("n_y")), mo, d, date_end=end)
    if g("a_m") is not None:
        mo = _EN_MONTH[g("a_m").lower().rstrip(".")]
        y = _num(g("a_y")) if g("a_y") else None
        end = m.end("a_y") if g("a_y") else m.end("a_d")
        return _gregorian(m, "_a", y, mo, _num(g("a_d")), date_end=end)
    if g("u_m") is not None:
        mo = _UR_MONTH[g("u_m")]
        return _gregorian(m, "_u", _num(g("u_y")), mo, _num(g("u_d")), date_end=m.end("u_y"))
    if g("b_m") is not None:
        name = g("b_m")
        mo = _EN_MONTH[name.lower().rstrip(".")] if name.isascii() else _UR_MONTH[name]
        y = _num(g("b_y")) if g("b_y") else None
        end = m.end("b_y") if g("b_y") else m.end("b_m")
        return _gregorian(m, "_b", y, mo, _num(g("b_d")), date_end=end)
    if g("c_m") is not None:
        name = g("c_m")
        mo = _EN_MONTH[name.lower().rstrip(".")] if name.isascii() else _UR_MONTH[name]
        return _gregorian(m, "_c", _num(g("c_y")), mo, None, date_end=m.end())
    if g("h_m") is not None or g("h2_m") is not None:
        name = re.sub(r"[ ]+", " ", g("h_m") or g("h2_m"))
        mo = _HIJRI_MONTH[name]
        hd = _num(g("h_d")) if g("h_d") else None
        ytext = g("h_y") or g("h2_y")
        hy = _num(ytext) if ytext else None
        if hd is not None and not 1 <= hd <= 30:
            return None
        value = hijri_to_gregorian(hy, mo, hd) if hy is not None and hd is not None else None
        wd = _weekday(m, "_h") if g("h_m") is not None else None
        return _Found(m.start(), m.end(), value, "hijri", DateParts(hy, mo, hd, wd))
    if g("time_t") is not None:
        t = _time(m, "_t")
        if t is None:
            return None
        parts = DateParts(None, None, None, None)
        return _Found(m.start(), t.end, t.value, "time", parts, t.day_shift)
    name = g("wd") or g("wd2")
    wd = _EN_WEEKDAY.get(name.lower()) or _UR_WEEKDAY.get(name)
    return _Found(m.start(), m.end(), None, "weekday", DateParts(None, None, None, wd))


def on_day(day: date, clock: time, day_shift: int = 0) -> datetime:
    """The datetime of ``clock`` said on ``day``: ``day_shift`` days later (1 for a night's
    midnight, :attr:`DateMatch.day_shift`), in the clock's zone if it has one.

    >>> [on_day(date(2024, 6, 5), m.value, m.day_shift).isoformat()
    ...  for m in find_dates("رات 12 بجے، رات 12:30، دوپہر 12 بجے، 12:00 AM")]
    ['2024-06-06T00:00:00', '2024-06-06T00:30:00', '2024-06-05T12:00:00', '2024-06-05T00:00:00']
    """
    moved = day + timedelta(days=day_shift) if day_shift else day
    return datetime.combine(moved, clock.replace(tzinfo=None), tzinfo=clock.tzinfo)


# What may stand between a time and the date it precedes: spaces, a comma, ، or a dash.
_TIME_DATE_GAP = re.compile(r"[ ]*(?:[,،\-–—][ ]*)?")


def _time_then_date(time_: _Found, day: _Found, folded: str) -> _Found | None:
    """One datetime of a time written right before a date (``10:15 PM, June 5, 2024``,
    ``10:15 شام 5 جون 2024``), or None when they are not adjacent or the date has a time."""
    t, d = time_.value, day.value
    if not isinstance(t, time) or day.kind != "date" or not isinstance(d, date):
        return None
    if _TIME_DATE_GAP.fullmatch(folded, time_.end, day.start) is None:
        return None
    value = on_day(d, t, time_.day_shift)
    return _Found(time_.start, day.end, value, "datetime", day.parts, time_.day_shift)


def find_dates(text: str) -> list[DateMatch]:
    """Every date, time, Hijri date and weekday in ``text``, in order, with original offsets.

    A time written right before a date is that date's time (one ``datetime`` match).

    >>> [(m.text, m.kind) for m in find_dates("لاہور۔ 02 مارچ2023ء) منگل کو شام 5 بجے")]
    [('02 مارچ2023ء', 'date'), ('منگل', 'weekday'), ('شام 5 بجے', 'time')]
    >>> find_dates("Apr ۱۳, ۲۰۲۱ ۱۹:۵۶ Asia/Tehran")[0].value.isoformat()
    '2021-04-13T19:56:00+04:30'
    >>> find_dates("10:15 شام، 5 جون 2024")[0].value.isoformat()
    '2024-06-05T22:15:00'
    """
    folded = _fold(text)
    found: list[_Found] = []
    for m in _DATE_RE.finditer(folded.text):
        f = _found(m, folded.text)
        if f is None:
            continue
        if found and found[-1].kind == "time":
            joined = _time_then_date(found[-1], f, folded.text)
            if joined is not None:
                found[-1] = joined
                continue
        found.append(f)
    out: list[DateMatch] = []
    for f in found:
        end = f.end
        while end > f.start and folded.text[end - 1] == " ":
            end -= 1
        s, e = _orig(folded, f.start), _orig(folded, end)
        out.append(DateMatch(s, e, text[s:e], f.value, f.kind, f.parts, f.day_shift))
    return out


def parse_datetime(text: str) -> datetime | date | None:
    """The date (with time and zone, if written) that a dateline or date string states.

    The first full Gregorian date in ``text`` wins; None when there is none.  Aware when a zone
    is written, naive otherwise.

    >>> parse_datetime("2018-04-24T04:59:11 GMT")
    datetime.datetime(2018, 4, 24, 4, 59, 11, tzinfo=datetime.timezone.utc)
    >>> parse_datetime("لاہور (اے پی پی۔ 02 مارچ2023ء)")
    datetime.date(2023, 3, 2)
    """
    for m in find_dates(text):
        if m.kind in ("datetime", "date"):
            return m.value  # type: ignore[return-value]
    return None
