"""The query language: golden parses of each construct, and errors with their positions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from akhbar.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    Query,
    QueryError,
    acronym_letters,
    known_acronyms,
    letter_words,
    parse_query,
)
from akhbar.text.analyzer import terms as analyze
from akhbar.text.stem import is_stop_word


def shape(q: Query) -> list[tuple[str, list[tuple[tuple[str, ...], bool, bool]]]]:
    return [
        (c.occur, [(a.terms, a.phrase, a.title_only) for a in c.alternatives]) for c in q.clauses
    ]


def utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def local(year: int, month: int, day: int) -> datetime:
    """A date as a filter reads it: the day as the article's source wrote it (naive)."""
    return datetime(year, month, day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # free text: each word optional ("should"), analyzed like the index
        (
            "روس ایران",
            [("should", [(("روس",), False, False)]), ("should", [(("ایران",), False, False)])],
        ),
        # a quoted phrase keeps its words together
        ('"وزیر خارجہ"', [("should", [(("وزیر", "خارجہ"), True, False)])]),
        # + requires, - excludes (words and phrases)
        (
            '+روس -"ایٹمی معاہدے"',
            [
                ("must", [(("روس",), False, False)]),
                ("must_not", [(("ایٹمی", "معاہدے"), True, False)]),
            ],
        ),
        # OR makes one group; the prefix before it applies to the whole group
        ("+روس OR روسی", [("must", [(("روس",), False, False), (("روسی",), False, False)])]),
        # title: restricts to the headline and is required
        ('title:"ایران روس"', [("must", [(("ایران", "روس"), True, False | True)])]),
        # -title: excludes
        (
            "روس -title:ایران",
            [("should", [(("روس",), False, False)]), ("must_not", [(("ایران",), False, True)])],
        ),
        # Arabic-keyboard letters, Persian digits, diacritics and ZWNJ are analyzed away
        (
            "كيا ۲۰۲۱ کِتاب",
            [
                ("should", [(("کیا",), False, False)]),
                ("should", [(("2021",), False, False)]),
                ("should", [(("کتاب",), False, False)]),
            ],
        ),
        # the two spellings of Lavrov meet
        ("لاؤروف", [("should", [(("لاوروف",), False, False)])]),
        # a word run together is cut by the analyzer (and searched as a phrase)
        ("ڈاکٹرحسن", [("should", [(("ڈاکٹر", "حسن"), False, False)])]),
        # FTS5 and SQL syntax are just text
        ('NEAR(a b) analyzed_body:x * ^ a" OR 1=1; --"', None),
        # a lone + or - is punctuation, not an operator
        (
            "کرکٹ - ہاکی",
            [("should", [(("کرکٹ",), False, False)]), ("should", [(("ہاکی",), False, False)])],
        ),
        # field names are case-insensitive
        ("TITLE:روس", [("must", [(("روس",), False, True)])]),
        # a doubled prefix is one
        (
            "روس --ایران ++title:چین",
            [
                ("should", [(("روس",), False, False)]),
                ("must_not", [(("ایران",), False, False)]),
                ("must", [(("چین",), False, True)]),
            ],
        ),
    ],
    ids=[
        "free",
        "phrase",
        "plus-minus",
        "or-group",
        "title-phrase",
        "minus-title",
        "folding",
        "lavrov",
        "run-together",
        "hostile",
        "lone-minus",
        "field-case",
        "doubled-prefix",
    ],
)
def test_golden_parses(text: str, expected: list[object] | None) -> None:
    q = parse_query(text)
    if text.startswith("NEAR"):
        # No operator survived: every clause is plain optional text.
        assert {c.occur for c in q.clauses} == {"should"}
        assert all(not a.title_only for c in q.clauses for a in c.alternatives)
        return
    if text.startswith("title:"):
        assert shape(q) == [("must", [(("ایران", "روس"), True, True)])]
        return
    assert shape(q) == expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # ISO day: from its start (after), to its start (before)
        ("after:2021-04-01 before:2021-05-01", local(2021, 4, 1), local(2021, 5, 1)),
        # a month and a year
        ("after:2021-04 before:2022", local(2021, 4, 1), local(2022, 1, 1)),
        # Urdu month name with Persian digits, no quotes
        ("after:۱۳ اپریل ۲۰۲۱ روس", local(2021, 4, 13), None),
        # quoted Urdu date with ASCII digits
        ('before:"13 اپریل 2021"', None, local(2021, 4, 13)),
        # date: is the whole day
        ("date:2021-04-13", local(2021, 4, 13), local(2021, 4, 14)),
        # English month name and year, quoted
        ('date:"March 2023"', local(2023, 3, 1), local(2023, 4, 1)),
        # day-first numeric date
        ("after:13/04/2021", local(2021, 4, 13), None),
        # two after: the later wins
        ("after:2020 after:2021-06", local(2021, 6, 1), None),
    ],
    ids=[
        "iso",
        "month-year",
        "urdu-persian",
        "quoted",
        "date-day",
        "english-month",
        "numeric",
        "two-after",
    ],
)
def test_dates(text: str, start: datetime | None, end: datetime | None) -> None:
    q = parse_query(text)
    assert (q.local_from, q.local_to) == (start, end)


def test_unquoted_urdu_date_leaves_the_rest_as_text() -> None:
    q = parse_query("after:۱۳ اپریل ۲۰۲۱ روس")
    assert shape(q) == [("should", [(("روس",), False, False)])]


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        ('after:"13 اپریل 2021 روس"', "روس"),
        ('before:"اپریل 2021 ایران روس"', "ایران روس"),
        ('date:"March 2023 5"', "5"),
    ],
)
def test_a_quoted_date_with_more_words_is_an_error_naming_them(text: str, extra: str) -> None:
    # Quoted, the value is all of it: the words after its date are not dropped silently.
    with pytest.raises(QueryError, match="not part of the date") as info:
        parse_query(text)
    assert repr(extra) in str(info.value)
    assert text.index('"') < info.value.position <= text.index(extra)


def test_a_quoted_date_with_the_words_outside_the_quotes_searches_them() -> None:
    q = parse_query('after:"13 اپریل 2021" روس')
    assert q.local_from == local(2021, 4, 13)
    assert shape(q) == [("should", [(("روس",), False, False)])]


def test_a_joined_two_word_name_is_a_phrase_of_its_words() -> None:
    # بنگلادیش is written بنگلا دیش as often: typed joined it is the name, not two free words
    # (each would find every article holding it); other words the analyzer cuts stay words.
    items = [a for c in parse_query("بنگلادیش سےبعد بنگلا").clauses for a in c.alternatives]
    assert [(a.terms, a.phrase) for a in items] == [
        (("بنگلا", "دیش"), True),
        (("سے", "بعد"), False),
        (("بنگلا",), False),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an acronym typed as its letters is one name (its letters alone are common words)
        ("پی سی بی", [("پی سی بی", True)]),
        ("آئی ایم ایف سے قرض", [("آئی ایم ایف", True), ("سے", False), ("قرض", False)]),
        # written with dots as one word, or with Arabic-keyboard letters
        ("پی۔ٹی۔آئی", [("پی۔ٹی۔آئی", True)]),
        ("پي سي بي", [("پي سي بي", True)]),
        # an Arabic layout without پ types پی as بي (B): which acronym is meant is the one
        # the news writes (below); if it writes none, it is unknown and the letters are words
        ("بي سي بي", [("بي سي بي", True)]),
        ("بي۔سي۔بي", [("بي۔سي۔بي", True)]),
        ("بي ايكس زيڈ", [("بي", False), ("ايكس", False), ("زيڈ", False)]),
        # کے is the postposition, never a letter: it stays a word between two acronyms
        (
            "پی سی بی کے سی او او",
            [("پی سی بی", True), ("کے", False), ("سی او او", True)],
        ),
        ("کے پی حکومت", [("کے", False), ("پی", False), ("حکومت", False)]),
        # punctuation, a filter or a required part between letters: no acronym across it
        ("پی، سی", [("پی،", False), ("سی", False)]),
        ("پی source:geo سی", [("پی", False), ("سی", False)]),
        ("پی +سی بی", [("پی", False), ("+سی", False), ("بی", False)]),
        # a quoted letter keeps to itself
        ('"پی" سی بی', [('"پی"', False), ("سی بی", True)]),
        # a last letter that starts a word of two (آئی فون, ٹی 20) is that word's, not the
        # acronym's; one letter left alone stays a word
        (
            "سی ای او آئی فون",
            [("سی ای او", True), ("آئی", False), ("فون", False)],
        ),
        ("سی ٹی 20", [("سی", False), ("ٹی", False), ("20", False)]),
        ("پی ٹی آئی رہنما", [("پی ٹی آئی", True), ("رہنما", False)]),
        # a stop word after the letter does not take it (بی سی سی آئی ہے: BCCI and 'is')
        ("بی سی سی آئی ہے", [("بی سی سی آئی", True), ("ہے", False)]),
        # nor a word set apart from it
        ("سی ای او آئی، فون", [("سی ای او آئی،", True), ("فون", False)]),
    ],
    ids=[
        "pcb",
        "imf",
        "dotted",
        "arabic",
        "arabic-layout",
        "arabic-layout-dotted",
        "arabic-layout-unknown",
        "two",
        "kp",
        "comma",
        "filter",
        "required",
        "quoted",
        "iphone",
        "t20",
        "pti-word",
        "stop-word",
        "word-apart",
    ],
)
def test_an_acronym_typed_as_its_letters_is_one_phrase(
    text: str, expected: list[tuple[str, bool]]
) -> None:
    q = parse_query(text)
    items = [a for c in q.clauses for a in c.alternatives]
    assert [(text[a.start : a.end], a.phrase) for a in items] == expected
    assert [a.acronym for a in items] == [
        phrase and not a.quoted for (_, phrase), a in zip(expected, items, strict=True)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no ے key: اے (A) is typed اي (E): PIA, not پی آئی ای
        ("پي آئي اي كي نجكاري", [("پی آئی اے", True), ("کی", False), ("نجکاری", False)]),
        ("اي آر رحمان", [("اے آر", True), ("رحمان", False)]),
        # no ے key: سے ('from') is typed سي (C): IMF and the word
        ("آئي ايم ايف سي قرض", [("آئی ایم ایف", True), ("سی", False), ("قرض", False)]),
        # or first (سے, then GDP typed on an Arabic layout: no ڈ, no پ key either)
        ("قرض سي جي دي بي", [("قرض", False), ("سی", False), ("جی ڈی پی", True)]),
        # one letter left: words (X, then سے)
        ("ايكس سي رابطه", [("ایکس", False), ("سی", False), ("رابطہ", False)]),
        # but the news writes ICC, whose last C is a letter
        ("آئي سي سي كا اجلاس", [("آئی سی سی", True), ("کا", False), ("اجلاس", False)]),
        # no پ key: پی (P) is typed بي (B): PCB, written 47 times as often as BCB
        ("بي سي بي", [("پی سی بی", True)]),
        ("بي۔سي۔بي", [("پی سی بی", True)]),
        # no ڈ key: ڈی (D) is typed دي, the word 'gave': a letter only of an acronym the
        # news writes (DNA), else a word
        ("دي اين اي تيست", [("ڈی این اے", True), ("ٹیسٹ", False)]),
        (
            "ووت دي دي بي تي آئي كو",
            [("ووٹ", False), ("دی", False), ("دی", False), ("پی ٹی آئی", True), ("کو", False)],
        ),
        # an acronym the news does not write often enough as another reading: as typed
        ("اي سي پي كا فيصله", [("ای سی پی", True), ("کا", False), ("فیصلہ", False)]),
        # typed on an Urdu keyboard, letters are what they say
        ("پی آئی ای", [("پی آئی ای", True)]),
    ],
    ids=[
        "pia",
        "ar",
        "imf-from",
        "gdp-from",
        "x-from",
        "icc",
        "pcb",
        "pcb-dotted",
        "dna",
        "gave",
        "ecp",
        "urdu-keyboard",
    ],
)
def test_an_acronym_typed_without_some_urdu_letters_is_the_one_the_news_writes(
    text: str, expected: list[tuple[str, bool]]
) -> None:
    items = [a for c in parse_query(text).clauses for a in c.alternatives]
    assert [(a.terms, a.phrase) for a in items] == [
        (tuple(analyze(t)), phrase) for t, phrase in expected
    ]


def test_filters() -> None:
    text = "source:Geo OR source:jang -source:samaa lang:UR -lang:en entity:عمران"
    q = parse_query(text)
    assert q.sources == ("geo", "jang")
    assert q.sources_excluded == ("samaa",)
    assert (q.languages, q.languages_excluded) == (("ur",), ("en",))
    assert q.entities == (("عمران", text.index("entity:")),)
    assert q.clauses == ()


def test_excluded_entity_is_not_a_required_one() -> None:
    text = "روس -entity:لاوروف entity:ایران"
    q = parse_query(text)
    assert q.entities == (("ایران", text.index("entity:ایران")),)
    assert q.entities_excluded == (("لاوروف", text.index("-entity:")),)
    assert q.has_filters
    assert parse_query("-entity:x").to_dict()["entities_excluded"] == ["x"]


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ('روس "وزیر خارجہ', 4, "closing"),  # unterminated phrase: where it opened
        ("OR روس", 0, "OR needs"),  # OR at the start
        ("روس OR", 4, "OR needs"),  # OR at the end
        ("روس OR OR ایران", 7, "OR needs"),  # OR twice
        ("روس OR -ایران", 7, "goes before"),  # prefix inside an OR group
        ("source: روس", 7, "expected a value"),  # empty field value
        ("روس title:", 10, "expected a value"),  # empty field value at the end
        ("after:yesterday", 6, "expected a date"),  # not a date
        ('before:"13 اپریل"', 8, "expected a date"),  # a day without a year
        ("روس OR source:geo", 7, "one kind"),  # OR mixing text and a filter
        ("after:2021 OR after:2022", 14, "dates cannot"),  # OR of dates
        ("-روس", 0, "nothing to search"),  # only an exclusion
        ("!!! ؟", 0, "nothing to search"),  # no searchable words
        ("", 0, "nothing to search"),  # empty
        ("روس \ud800", 4, "surrogate"),  # lone surrogate
        ("روس +-ایران", 4, "not both"),  # required and excluded (+- read the word as required)
        ('روس -+"وزیر خارجہ"', 4, "not both"),  # (-+ made the phrase optional)
        ("date:2024-11-01..2024-11-05", 15, "after:DATE before:DATE"),  # a range: not quoted
        ('date:"2024-11-01 روس"', 16, "outside the quotes"),  # quoted: words outside
    ],
    ids=[
        "unterminated",
        "or-start",
        "or-end",
        "or-or",
        "prefix-in-or",
        "empty-value",
        "empty-value-end",
        "bad-date",
        "day-month-only",
        "or-mixed",
        "or-dates",
        "only-minus",
        "no-words",
        "empty",
        "surrogate",
        "plus-minus-word",
        "minus-plus-phrase",
        "date-range",
        "quoted-date-words",
    ],
)
def test_errors_have_positions(text: str, position: int, fragment: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(text)
    assert info.value.position == position
    assert fragment in info.value.message
    assert f"position {position}" in str(info.value)


def test_limits() -> None:
    with pytest.raises(QueryError, match="too long"):
        parse_query("ا" * (MAX_QUERY_CHARS + 1))
    words = " ".join(f"لفظ{i}" for i in range(MAX_TERMS + 1))
    with pytest.raises(QueryError, match="too many"):
        parse_query(words[:MAX_QUERY_CHARS])
    parse_query(" ".join(["روس"] * MAX_TERMS))  # exactly the limit is fine


def test_controls_are_spaces() -> None:
    q = parse_query("روس\x00ایران\x07")
    assert shape(q) == [
        ("should", [(("روس",), False, False)]),
        ("should", [(("ایران",), False, False)]),
    ]


def test_pointer_marks_the_position() -> None:
    with pytest.raises(QueryError) as info:
        parse_query('روس "ایران')
    assert info.value.pointer('روس "ایران').splitlines()[1] == "    ^"


RLM, LRM, BOM, RLE, PDF = "\u200f", "\u200e", "\ufeff", "\u202b", "\u202c"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        # a bidi mark before an operator (what RTL keyboards and copied text slip in)
        (f"{LRM}-ایران روس", "-ایران روس"),
        (f"{RLM}+روس ایران", "+روس ایران"),
        (f"روس {RLM}OR{RLM} ایران", "روس OR ایران"),
        (f'{RLM}"وزیر اعظم"{RLM}', '"وزیر اعظم"'),
        (f"{BOM}title:روس", "title:روس"),
        # around a filter and its value
        (f"{RLE}source:geo{PDF} روس", "source:geo روس"),
        (f"source:geo{RLM} lang:ur{LRM}", "source:geo lang:ur"),
        (f"after:2021-04-01{RLM} روس", "after:2021-04-01 روس"),
        # inside a word: dropped, as the analyzer drops it
        (f"پاکستان{RLM}کرکٹ", "پاکستانکرکٹ"),
        # a zero-width space separates, as it does for the analyzer
        ("روس\u200b-ایران", "روس -ایران"),
    ],
)
def test_invisible_format_characters_do_not_change_the_query(text: str, plain: str) -> None:
    got, want = parse_query(text), parse_query(plain)
    assert shape(got) == shape(want)
    assert got.to_dict() | {"text": None} == want.to_dict() | {"text": None}


def test_positions_count_the_invisible_characters() -> None:
    """Positions stay offsets into the string typed (marks included)."""
    text = f"{RLM}{RLM}روس {RLM}OR"
    with pytest.raises(QueryError) as info:
        parse_query(text)
    assert info.value.position == text.index("OR")
    text = f'{RLM}روس {RLM}"ایران'
    with pytest.raises(QueryError) as info:
        parse_query(text)
    assert info.value.position == text.index('"')
    (clause,) = parse_query(f"{RLM}-{RLM}ایران{RLM} source:x").clauses
    item = clause.alternatives[0]
    assert (item.start, item.end) == (1, 8)


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("روس after:2024 before:2023", 15),  # after: later than before:
        ("before:2021-04-01 after:2021-04-01", 18),  # the same instant: nothing in between
        ("date:2021-04 date:2021-05", 13),  # two months
        ("after:۲۰۲۲-۰۶ before:۲۰۲۲-۰۱", 14),  # any digits
    ],
)
def test_dates_that_exclude_each_other_are_an_error(text: str, position: int) -> None:
    """Not a silent empty result: the error names the bounds and points at the filter that
    left nothing."""
    with pytest.raises(QueryError) as info:
        parse_query(text)
    assert info.value.position == position
    assert "exclude each other" in info.value.message


def test_a_time_with_a_zone_is_an_instant_and_a_date_the_local_day() -> None:
    # A written zone names an instant (compared in UTC); a date, or a time without a zone,
    # is the article's time as its source wrote it; the two kinds are kept apart.
    q = parse_query('after:"2021-04-13T10:00+05:00" before:2021-05')
    assert q.published_from == datetime(2021, 4, 13, 5, tzinfo=UTC)
    assert (q.published_to, q.local_from, q.local_to) == (None, None, local(2021, 5, 1))
    q = parse_query("-date:2021-04-13")
    assert q.excluded_date_ranges == ((local(2021, 4, 13), local(2021, 4, 14)),)


def test_dates_that_leave_a_range_are_fine() -> None:
    q = parse_query("after:2021-04-01 before:2021-04-02 -date:2021-04-01")
    assert (q.local_from, q.local_to) == (local(2021, 4, 1), local(2021, 4, 2))
    q = parse_query("-after:2024 before:2023")  # an excluded bound does not narrow
    assert (q.local_from, q.local_to) == (None, local(2023, 1, 1))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # year first with a day, as 2021-04 and 2021/04 already were (any separator, digits)
        ("date:2021/04/13", local(2021, 4, 13), local(2021, 4, 14)),
        ("date:2021/4/3", local(2021, 4, 3), local(2021, 4, 4)),
        ("date:2021.04.13", local(2021, 4, 13), local(2021, 4, 14)),
        ("date:۲۰۲۱/۰۴/۱۳", local(2021, 4, 13), local(2021, 4, 14)),
        # month then year
        ("date:04/2021", local(2021, 4, 1), local(2021, 5, 1)),
        ("date:۴-۲۰۲۱", local(2021, 4, 1), local(2021, 5, 1)),
        ("date:12/2021", local(2021, 12, 1), local(2022, 1, 1)),
    ],
)
def test_numeric_dates_in_every_common_order(
    text: str, start: datetime | None, end: datetime | None
) -> None:
    q = parse_query(text)
    assert (q.local_from, q.local_to) == (start, end)


@pytest.mark.parametrize(
    "text",
    ["after:2021/02/30", "after:2021/04-13", "after:13/2021", "after:9999/12/31", "after:0/2021"],
)
def test_impossible_numeric_dates_are_errors(text: str) -> None:
    with pytest.raises(QueryError, match="expected a date") as info:
        parse_query(text)
    assert info.value.position == len("after:")


def test_entity_or_groups_and_exclusions() -> None:
    text = "entity:روس entity:عمران OR entity:نواز -entity:ایران"
    q = parse_query(text)
    assert q.entities == (("روس", 0),)
    assert q.entity_alternatives == (
        (("عمران", text.index("entity:عمران")), ("نواز", text.index("entity:نواز"))),
    )
    assert q.entities_excluded == (("ایران", text.index("-entity:")),)
    assert [[v for v, _ in g] for g in q.entity_groups] == [["روس"], ["عمران", "نواز"]]
    assert parse_query("-entity:ایران").has_filters


def test_the_shipped_letter_words_are_a_letter_and_a_word() -> None:
    # (scripts/build_acronyms.py: a letter name, then a word that is neither a letter
    # name nor a stop word: a stop word follows an acronym as readily)
    pairs = letter_words()
    assert ("آیی", "فون") in pairs
    assert len(pairs) >= 10
    for letter, word in pairs:
        assert acronym_letters([letter]), letter
        assert not acronym_letters([word]), word
        assert not is_stop_word(word), word
        assert analyze(f"{letter} {word}") == [letter, word]


def test_the_shipped_acronyms_are_letter_names_as_the_analyzer_writes_them() -> None:
    # (scripts/build_acronyms.py counts runs of the analyzer's terms: an analyzer change that
    # spells a letter otherwise would leave the keyboard reading nothing to find)
    known = known_acronyms()
    assert known["پی سی بی"] > known["بی سی بی"] > 0
    assert len(known) >= 100
    for acronym, n in known.items():
        assert n >= 3, acronym
        assert analyze(acronym) == acronym.split(" "), acronym
        assert len(acronym.split(" ")) >= 2, acronym
        assert acronym_letters(acronym.split(" ")), acronym
