"""Post-decoding rules: high-precision entities the statistical model leaves out.

The CRF + BiLSTM model (:mod:`akhbar.entities.ner`) learned its names from IL-NER, which is
Indian Urdu; on Pakistani and international news it misses names it has never seen even where
the sentence says plainly that a person is meant (``ڈاکٹر حسن روحانی نے کہا``).  These rules run
on the model's BIO tags (words as the model sees them, before titles are moved out of PERSON
spans) and, but for ``person_digits``, ``latin_prose``, a place at the start of a listed
organisation, a listed organisation typed otherwise and an organisation span of a title, a body
and a person (``gazetteer_organization``), a listed organisation at the start of a person
(``organization_person``), two listed persons in one span (``known_pair``), a listed name typed
otherwise (``known_name``), a date at the end of a name (``time_words``), a common noun read as
a place (``not_place``), a listed surname read as a place (``known_surname``) and a person that
is a place or starts on a place's second word (``place_whole``), only ever turn ``O`` tokens
into entity tokens; none removes what the model found.  Each rule was kept only
if it did not lower micro F1 on IL-NER dev nor on the 3-fold cross-validation of the shipped
recipe (benchmarks/NER.md, issue 5 round 4, and round 8 for ``gazetteer_organization``;
``latin_prose`` changes no sentence of IL-NER train or dev, measured with the shipped model).

Rules (names as in :data:`RULES`; word lists in ``data/rules.txt``):

``latin_prose``
    an entity span holding three or more all-lower-case Latin words (``of``, ``the``, ``had``)
    is English prose quoted in an Urdu article (``We had hoped to reach the grand thirty``,
    ``copy of the letter … on Scribd``), not a name: the model, trained on Urdu script only,
    reads a run of unknown Latin words as one ORGANIZATION.  The span becomes ``O``.  English
    names are capitalised (``World Health Organization``, ``Sir Ronald Ross``) and keep theirs;
    no entity span of IL-NER train or dev holds a lower-case Latin word.
``brackets``
    a bracket at the edge of an entity span that the span does not pair (``آئی سی ٹی)``,
    ``سی اے اے) اور …``, a span ending in ``(``) is left out of it; a place span that is a
    gazetteer place and then a bracket it does not close ends before the bracket (a
    dateline and its source: ``اسلام آباد (ڈیلی پاکستان آن لائن)``).  (Growing a span over the
    ``)`` that closes its ``(`` — ``انڈین پریمئیر لیگ (آئی پی ایل`` — is not done: IL-NER's
    gold leaves that ``)`` out, and it lowered F1 on train.)
``person_digits``
    a word with a digit is never part of a person's name (no PERSON span of IL-NER train or
    dev holds one), so a PERSON span that takes one in (``کپتان محمد رضوان 48.01 کی اوسط سے``)
    ends before it, and the word (with the digit words next to it) becomes a NUMBER.
``latin_month``
    an English month name in Latin letters (``Apr``, ``April``; ``data/months.json`` of the
    text core) next to a TIME span or a number joins it as one TIME span
    (``Apr ۱۳, ۲۰۲۱``): the model, trained on Urdu script only, had read a dateline's ``Apr``
    as an ORGANIZATION.  An IANA time zone after the time (``۱۹:۵۶ Asia/Tehran``) joins the
    span too: the model took in its region alone.
``time_words``
    a month or weekday name (the model's word classes ``mo`` and ``wd``) at the end of a
    PERSON, LOCATION or ORGANIZATION span, right before a postposition (KIND ``after_date`` of
    ``rules.txt``: ``کو``, ``میں``, ``سے``, ``تک``, ``کا``/``کی``/``کے``), is when the
    sentence's event happens, not part of the name: ``[نریندر مودی اتوار] سے`` 'Modi, from
    Sunday', ``[غلام علی دسمبر] میں``, ``[پاکستان یکم دسمبر] کو``.  The span ends before it; a
    month (with ``یکم`` 'the first' or a number before it) becomes a TIME span, as IL-NER
    tags months, and a weekday ``O``, as IL-NER leaves weekdays.  A span that is only such
    words is retyped the same way: a LOCATION or ORGANIZATION always (``[جنوری] میں``, ``[پیر]
    کو``: the model's places of the Express texts), a PERSON only before a postposition
    (``جون`` is also John).  A name that goes on (``رفیع پیر تھیٹر``) keeps the word.
``not_place``
    a LOCATION span of one word that is a common noun of KIND ``not_place`` of ``rules.txt``
    (``ہوٹل`` 'hotel', ``کرپشن``, ``مسجد``: what the model reads as a place when it stands
    alone before a postposition) is none.
``organization_person``
    a PERSON span that starts with a listed organisation (``data/organizations.tsv``, as for
    ``gazetteer_organization``; the longest listed name there, or one that starts up to a few
    words before the span and ends inside it) and goes on after it (``[پی سی بی نجم سیٹھی]``,
    ``بانی [پی ٹی آئی عمران خان]``, ``پی [ٹی آئی عمران خان]``: the body a person belongs to,
    written before the name without a title between) is that organisation, then the person:
    the organisation's words become an ORGANIZATION and the rest (after a genitive there, as
    in ``پی سی بی کا آفریدی``) the PERSON.  No PERSON span of IL-NER train or dev starts with a
    listed organisation.
``person_tail``
    a PERSON span of two words or more that ends in a word for a government (``مودی سرکار``
    'the Modi government', ``ٹرمپ انتظامیہ``) ends before it.
``title_person``
    a run of 1-3 words right after a title of ``titles.txt`` and right before a *closer*
    (``نے``, ``کا``/``کی``/``کے``, ``کو``, a comma; ``سے`` only before a *meet* word such as
    ``ملاقات``), all tagged ``O``, all words of Arabic letters, none a stop word, title, office
    word (``صحت`` in ``وزیر صحت``), oblique infinitive (``منتخب ہونے``), number, month or
    country, and not all common words (seen :data:`COMMON_WORD` times or more in the lexicon
    and in no listed person's name: ``وزیر داخلہ دہشت گردی کے``), becomes a PERSON; not when
    the closer opens a compound postposition whose object is rarely a person (``کے ذریعے``,
    ``کے تحت``).  *Weak* titles (``وزیر``, ``ترجمان``,
    ``جنرل`` … written alone) open no slot: they take a portfolio or body as often as a name;
    nor does a title inside an office's name (``ایوانِ صدر``).
``title_extend``
    a PERSON span preceded by one ``O`` word that itself directly follows a title grows over
    that word when it is a name part that is a function word elsewhere (``صدر جو بائیڈن``:
    after a title and before a name ``جو`` cannot be 'who'; ``بن``, ``ابو``) or a shared name
    word (``محمد``).
``gazetteer_organization``
    a word sequence that is exactly a listed organisation (``data/organizations.tsv``, the
    gazetteer's ORGANIZATION rows: ``سلامتی کونسل``, ``آئی ایم ایف``, ``پی سی بی``; by match key,
    the longest listed name starting there), tagged ``O`` with ``O`` neighbours and followed
    by a postposition, ``اور``, punctuation or the sentence end, becomes an ORGANIZATION.  The
    name's last word may be in brackets (``مسلم لیگ ( ن )``: a party's faction letter; the
    span takes in the closing bracket) and a space inside it may be left out (``پیپلزپارٹی``,
    ``ایم کیوایم``); a place the model tagged at its start (``[پاکستان] کرکٹ بورڈ``, ``[لاہور]
    ہائیکورٹ``: the model knows the place, not the body) becomes part of it.  Not
    right after another listed name or after "organisation + genitive" (``اقوام متحدہ کی
    سلامتی کونسل``: IL-NER leaves such an organ ``O``), not after the name of a letter (an
    acronym that goes on: ``پی ایف بی آر``), and never for the names IL-NER annotates ``O``
    in most of their occurrences (KIND ``org_untagged`` of ``rules.txt``: ``لوک سبھا``,
    ``یورپی یونین``).  A PERSON or LOCATION span of the model that is exactly a listed
    organisation (``حماس``, ``حزب اللہ``, ``لاہور ہائیکورٹ``) becomes an ORGANIZATION.  An
    ORGANIZATION span of the model that starts with a title loses it when the rest is a listed
    organisation (``چیئرمین [پی سی بی]``) or a listed person (``آل راؤنڈر [بین اسٹوکس]``, a
    PERSON then), and is none when it is titles only (``سی ای او``).
``gazetteer_location``
    a word sequence that is exactly a place of the gazetteer (a country, or a city, province
    or state that ``place_types.tsv`` types; by match key, so spelling variants meet), tagged
    ``O`` with ``O`` neighbours and followed by a postposition (also one glued to the next
    word, ``بھارت کیخلاف``: ``data/glued_postpositions.tsv``, for both gazetteer rules),
    ``اور``, punctuation or the sentence end (a place of two words or more, by any word but
    another place: ``نیویارک فیشن ویک``, ``یو اے ای کوچ``), becomes a LOCATION; country
    names that are common words are skipped (``مالی`` 'financial') or need a function word
    before them
    (``چین``: not in ``سپلائی چین``), and none is tagged after a word that makes it part of
    a longer name (``شمالی``, ``متحدہ``, ``یونیورسٹی آف فلوریڈا``, ``آتم نربھر بھارت`` the
    campaign).
``place_whole``
    a LOCATION or ORGANIZATION span that starts on the second word of a gazetteer place of two
    words, whose first word is ``O``, starts where the place does (``نیو [یارک]``, ``نیو
    [یارک یونیورسٹی]``: the model knows York, not New; ``نیویارک`` is cut ``نیو یارک`` by
    the tokenizer, as every joined two-word name is), and a PERSON span that starts so is the
    place alone (``نیو [یارک ٹائمز]``: no name begins with a place's second half); a PERSON
    span that is exactly a place of two words or more (``[حیدر آباد]``, ``[رحیم یار خان]``:
    Haider and Rahim are given names) is that place.  (A listed person's name that is a
    gazetteer place, ``رحیم یار خان``, is no person's for the ``known_*`` rules either, nor
    is one of letter names only: ``یو ایس``, 'US'.)
``place_event``
    with ``gazetteer_location``: the place may also be followed by an *event* noun of
    ``rules.txt`` with no postposition (``آستانہ اجلاس`` 'the Astana meeting', ``دوحہ
    مذاکرات``, ``پیرس معاہدے``): the place alone becomes a LOCATION, the event noun stays
    ``O`` (IL-NER's way with ``پیرس موسمیاتی معاہدے``).
``organization_event``
    with ``gazetteer_organization``: the same for a listed organisation (``سارک اجلاس``,
    ``اوپیک اجلاس``, ``نیٹو سربراہی اجلاس``): the organisation alone becomes an
    ORGANIZATION.
``organization_noun``
    with ``gazetteer_organization``: a listed organisation may also be followed by a common
    noun for its people, leadership or doings (KIND ``org_noun`` of ``rules.txt``: ``مسلم لیگ
    ن قیادت``, ``پیپلز پارٹی رہنما``, ``پی سی بی حکام``, ``آئی ایم ایف وفد``); the noun stays
    ``O``.  Words that go on into a longer name (``سینیٹ کمیٹی``, ``فیفا ورلڈ کپ``) are not
    such nouns.
``known_name``
    a word sequence of two words or more that is a person's or place's name of
    ``data/known_names.tsv`` (names the model itself tags, always with one type, in the shared
    Pakistani and international news: ``ڈونلڈ ٹرمپ``, ``سرفراز احمد``, ``مقبوضہ کشمیر``;
    built by ``scripts/build_known_names.py``) becomes an entity of that type where the model
    left it ``O`` (the model tags ``ڈونلڈ ٹرمپ`` in about one of its four occurrences in the
    news), or grows to it where the model tagged one part of it with that type (``[رشید]`` →
    ``[عادل رشید]``).  The longest listed name starting at a word wins.  Not right after
    another entity nor into one, nor where the name goes on: after a shared name word
    (``محمد``, ``بن``), or before one or before a rare word (fewer than :data:`RARE_WORD` in
    the lexicon: ``امتیاز علی [عرشی]``, a pen name).  A listed person right after an
    organisation span of the model is the person, also where the model ran the span on over
    the name (``[پاکستان کرکٹ بورڈ محسن نقوی]`` → ``[پاکستان کرکٹ بورڈ] [محسن نقوی]``), but
    not after one or two letters' names alone (``[اے بی] ڈی ویلیئرز``: the initials of the
    name).  It runs last but one.
``known_prefix``
    with ``known_name``: the first two words of a listed person of three words or more are
    a listed name too (``بلاول بھٹو`` of ``بلاول بھٹو زرداری``: the news writes a politician
    by two of his names, which the model never tags and so never lists), when each word is
    in another listed person's name or a shared name word, and neither is the name of a
    letter (``ایس ایم`` of ``ایس ایم منیر``), a name word that goes on (``بن``), a word that
    can be no name, nor a given name that is a shared name word (``لیاقت علی`` of ``لیاقت
    علی چٹھہ``: ``لیاقت علی عاصم``, another person, goes on); not a word said twice (``بوم
    بوم``).  Only for ``known_name``: the two words are no surname, nor a listed pair.
``known_pair``
    a PERSON span that is listed persons of ``data/known_names.tsv`` one after the other
    (``[سنی لیون اکشے کمار]``, ``[انوشکا شرما ویرات کوہلی]``: names listed without a comma, as
    headlines and team lists do), and not itself a listed name, is those persons: four words
    only as two listed names; five or more as the cut with the most listed persons, where
    unlisted pieces of one or two words may come between them (``اسد شفیق عماد وسیم انور علی
    ... یاسر شاہ حماد اعظم``; such a word that can be no name, ``کے``, becomes ``O``) and the
    listed persons hold half the words or more.  A listed
    name of only shared name words does not count (``چوہدری نثار علی خان`` is one person,
    though ``چوہدری نثار`` and ``علی خان`` are both listed).
``known_surname``
    a LOCATION span of one word that ends the names of two listed persons or more
    (``data/known_names.tsv``: ``ویرات کوہلی``, ``ویراٹ کوہلی``) is that surname, a PERSON: the
    model reads some sportsmen's surnames alone as places (``سنگاکارا`` 61 times in the Express
    texts, ``کوہلی`` 22).  Not a word that is a gazetteer place (``کیمرون``), ends a listed place,
    or starts a listed name (a given name: ``رام``, and the district ``رام بن``).  Also the
    persons the model reads alone as places that no listed name ends in (KIND ``person_word``
    of ``rules.txt``: ``رونالڈو`` 115 times in the Express texts, ``مالنگا``).  It runs
    last but one.
``surname_context``
    such a surname standing alone, tagged ``O``, right before ``نے``, ``کو`` or a genitive
    (KIND ``surname_closer`` of ``rules.txt``) and right after a word that can be no part of
    a name (a stop word, a closer, punctuation, the sentence start) is that person: ``جب کہ
    [دھونی] نے``, ``نے [دھونی] کا دفاع`` (the model knows few cricketers' surnames alone).
    Only the surnames that are mostly a name in the news: the listed persons they end were
    tagged in at least :data:`SURNAME_SHARE` of the word's occurrences (not ``ملک``
    'country', ``ترین`` '-est'); not those that are common words or titles as well (KIND
    ``not_surname``: ``سین`` 'scene', ``دیوی`` 'goddess', ``بیگم``), nor a symbol (``ﷺ``).
    After a word that may be a first name or a title that is a given name too (``پریم جیت
    سنگھ``, ``سلطان راہی``) it does nothing: half a name is worse than none.  It runs last.


>>> rules = default_rules()
>>> rules.apply(["ڈاکٹر", "حسن", "روحانی", "نے", "کہا"], ["O"] * 5)
['O', 'B-PERSON', 'I-PERSON', 'O', 'O']
>>> rules.apply(["صدر", "جو", "بائیڈن", "نے"], ["O", "O", "B-PERSON", "O"])
['O', 'B-PERSON', 'I-PERSON', 'O']
>>> rules.apply(["اور", "سلامتی", "کونسل", "کی", "قرارداد"], ["O"] * 5)
['O', 'B-ORGANIZATION', 'I-ORGANIZATION', 'O', 'O']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cache
from importlib.resources import files

import regex

from akhbar.entities.evaluate import bio_spans
from akhbar.entities.gazetteer import default_gazetteer, glued_key, name_key
from akhbar.text.dates import english_month, iana_zone
from akhbar.text.keys import match_key
from akhbar.text.lexicon import lexicon
from akhbar.text.stem import is_stop_word
from akhbar.text.words import joined_name, split_joined_names

__all__ = [
    "RULES",
    "Rules",
    "default_rules",
    "gazetteer_places",
    "glued_postpositions",
    "known_names",
    "load_rule_words",
]

#: The rules :meth:`Rules.apply` knows, in the order they run.  ``place_context`` and
#: ``place_event`` are switches of ``gazetteer_location``: with the first, every country name
#: (not only the ``ambiguous`` ones) must follow a function word, punctuation or the sentence
#: start (measured, not shipped); with the second (shipped), a place may also come right
#: before an event noun (``آستانہ اجلاس``).  ``organization_event`` is the same switch of
#: ``gazetteer_organization`` (``سارک اجلاس``), ``organization_noun`` one for a common noun
#: after the name (``پی سی بی حکام``).
RULES: tuple[str, ...] = (
    "latin_prose",
    "brackets",
    "latin_month",
    "time_words",
    "not_place",
    "person_digits",
    "organization_person",
    "person_tail",
    "title_extend",
    "title_person",
    "gazetteer_organization",
    "gazetteer_location",
    "place_whole",
    "place_context",
    "place_event",
    "organization_event",
    "organization_noun",
    "known_name",
    "known_prefix",
    "known_pair",
    "known_surname",
    "surname_context",
)

#: ``surname_context``: a listed surname alone is taken for the person where the persons it
#: ends were tagged in at least this share of the word's occurrences in the news.
SURNAME_SHARE = 0.05

#: The rules shipped (on by default): those that did not lower micro F1 on IL-NER dev or CV.
DEFAULT_RULES: tuple[str, ...] = tuple(r for r in RULES if r != "place_context")

#: Word classes of the model (``wordclasses.tsv``) that mark a word as no person's name:
#: number word, month, weekday, time-of-day word, country.
_NOT_NAME_CLASSES = frozenset({"nw", "mo", "wd", "tw", "co"})

#: A word of Arabic-script letters (marks such as the superscript alef of عیسیٰ are script
#: "Inherited", hence \p{Mn}); digits (۱۲۳ is Arabic script too), Latin and punctuation (۔)
#: are never names here.
_ARABIC_WORD = regex.compile(r"\A(?=\p{Arabic})\p{L}[\p{L}\p{Mn}\u200c\u200d]*\Z")

_SE = match_key("سے")
#: Ending of oblique infinitives (ہونے, بننے, کرنے) and of many plurals (گانے): no name slot.
_INFINITIVE = match_key("نے")
_END = ""

#: At most this many words between a title and a closer make a name.
MAX_NAME_WORDS = 3
#: A word seen fewer times than this in the lexicon after a known name goes on with the name
#: (``امتیاز علی عرشی``): ``known_name`` leaves it alone.
RARE_WORD = 20
#: ``title_person``: a word seen this often in the lexicon that no listed person's name holds
#: is a common word; a slot of common words only (``دہشت گردی``, ``صدارت کرینگے``, ``معاملے``)
#: is no name after a title (0: no such check).
COMMON_WORD = 150


def load_rule_words(text: str | None = None) -> dict[str, frozenset[str]]:
    """KIND → match keys of the words of that kind (``data/rules.txt`` plus the ``stop`` and
    ``org`` words of ``data/name_patterns.txt``, and the glued postpositions of
    :func:`glued_postpositions` as ``after_place`` words).  Multiword entries are kept as the
    match keys of their words joined by one space (used by ``weaktitle``).

    >>> words = load_rule_words()
    >>> match_key("نے") in words["closer"], match_key("صحت") in words["office"]
    (True, True)
    >>> sorted(load_rule_words("closer\\tنے\\tx\\n# c")["closer"])
    ['نے']
    """
    sources = [text] if text is not None else [_data("rules.txt"), _data("name_patterns.txt")]
    out: dict[str, set[str]] = {}
    for src in sources:
        for line in src.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            kind, word = line.split("\t")[:2]
            key = " ".join(match_key(w) or w for w in word.split())
            out.setdefault(kind, set()).add(key)
    if text is None:
        out.setdefault("after_place", set()).update(glued_postpositions())
    return {k: frozenset(v) for k, v in out.items()}


@cache
def glued_postpositions() -> frozenset[str]:
    """Match keys of the postpositions written glued to the next word (``کیخلاف``, ``کےلیے``,
    ``کیلئے``), as ``data/glued_postpositions.tsv`` lists them (built from the shared news by
    ``scripts/build_glued_postpositions.py``); :func:`load_rule_words` adds them to the words
    of KIND ``after_place``.

    >>> {match_key("کیخلاف"), match_key("کےلیے"), match_key("کیلئے")} <= glued_postpositions()
    True
    >>> match_key("کیوبا") in glued_postpositions()  # Cuba, not کی وبا
    False
    """
    return frozenset(
        match_key(line.split("\t")[0])
        for line in _data("glued_postpositions.tsv").splitlines()
        if line.strip() and not line.startswith("#")
    )


def _data(name: str) -> str:
    return files("akhbar.entities").joinpath(f"data/{name}").read_text(encoding="utf-8")


class Rules:
    """The post-decoding rules over one sentence's words and BIO tags.

    ``titles``: titles as tuples of word keys (:func:`akhbar.entities.ner.load_titles`);
    ``classes``: the model's word classes (key → class names) to recognise numbers, months and
    countries; ``enabled``: which of :data:`RULES` run.
    """

    def __init__(
        self,
        titles: Iterable[tuple[str, ...]],
        classes: Mapping[str, Collection[str]] | None = None,
        *,
        words: Mapping[str, frozenset[str]] | None = None,
        enabled: Iterable[str] = DEFAULT_RULES,
        locations: Mapping[tuple[str, ...], str] | None = None,
        organizations: Mapping[tuple[str, ...], str] | None = None,
        known: Mapping[tuple[str, ...], str] | None = None,
    ) -> None:
        self.titles = sorted(set(titles), key=lambda t: (-len(t), t))
        self._title_first = {t[0] for t in self.titles}
        self.classes = classes or {}
        w = load_rule_words() if words is None else words
        # Words that are no name after a title: those of the titles, but not the letters of
        # an abbreviation of several (سی ای او, ایم این اے): names take letters as initials
        # (خامنہ ای, سی کے کھنہ).
        letters = w.get("letter", frozenset())
        self._title_words = {x for t in self.titles for x in t if len(t) == 1 or x not in letters}
        self.closers = w.get("closer", frozenset())
        self.meet = w.get("meet", frozenset())
        self.weak_titles = w.get("weaktitle", frozenset())
        self._goes_on = w.get("nameword", frozenset())
        self.name_words = self._goes_on | _shared_name_words()
        self.after_place = w.get("after_place", frozenset())
        self.homographs = w.get("homograph", frozenset())
        self.ambiguous = w.get("ambiguous", frozenset())
        self.place_parts = w.get("place_part", frozenset())
        self.office = w.get("office", frozenset())
        self.institutions = w.get("institution", frozenset())
        self.not_name = (
            w.get("notname", frozenset())
            | w.get("stop", frozenset())
            | w.get("org", frozenset())
            | w.get("not_place", frozenset())  # common nouns (نائب وزیراعظم کرپشن کے)
        )
        self.not_before_title = w.get("title_owner", frozenset())
        self.after_date = w.get("after_date", frozenset())
        self.date_ordinals = w.get("date_ordinal", frozenset())
        self.not_places = w.get("not_place", frozenset())
        self.not_after_closer = w.get("object_postposition", frozenset())
        self.enabled = frozenset(enabled)
        self.place_context = "place_context" in self.enabled
        events = w.get("event", frozenset())
        self.events = events if "place_event" in self.enabled else frozenset()
        self.org_events = events if "organization_event" in self.enabled else frozenset()
        nouns = w.get("org_noun", frozenset())
        self.org_nouns = nouns if "organization_noun" in self.enabled else frozenset()
        unknown = self.enabled - set(RULES)
        if unknown:
            raise ValueError(f"unknown rules: {sorted(unknown)}")
        self.locations = dict(locations) if locations is not None else _gazetteer_locations()
        self._loc_max = max((len(k) for k in self.locations), default=0)
        self._loc_first = {k[0] for k in self.locations if k}
        orgs = _gazetteer_organizations() if organizations is None else organizations
        untagged = {tuple(k.split()) for k in w.get("org_untagged", frozenset())}
        self.organizations = {k: v for k, v in orgs.items() if k and k not in untagged}
        self._org_max = max((len(k) for k in self.organizations), default=0)
        self._org_first = {k[0] for k in self.organizations}
        # Listed names of several words as written with a space left out (پیپلزپارٹی, ایم
        # کیوایم): glued form → words in the name; and every beginning of a glued form.
        self._org_glued: dict[str, int] = {}
        for k in self.organizations:
            if len(k) > 1:
                self._org_glued.setdefault(glued_key(" ".join(k)), len(k))
        self._org_glued_starts = {g[:m] for g in self._org_glued for m in range(1, len(g) + 1)}
        self.letters = w.get("letter", frozenset())
        self.genitives = w.get("genitive", frozenset())
        if known is None:
            reads = {"known_name", "known_pair", "known_surname", "surname_context"}
            known = known_names() if self.enabled & reads else {}
        # Names of 2 words or more; a person's that is a gazetteer place is none (رحیم یار خان,
        # the city, which the model once read as a person), nor one of letter names only (یو
        # ایس, 'US': the model read یو ایس اوپن as a person twice of its 130 times).
        self.known = {
            k: v
            for k, v in known.items()
            if len(k) > 1
            and not (v == "PERSON" and (k in self.locations or all(x in self.letters for x in k)))
        }
        # The last words of listed persons' names shared by two names or more (ویرات کوہلی,
        # ویراٹ کوہلی), but no place's, nor the first word of a listed name (رام, سلمان: given
        # names, which places hold too: رام بن): what a surname alone means (known_surname).
        last: dict[str, int] = {}
        for k, v in self.known.items():
            if v == "PERSON":
                last[k[-1]] = last.get(k[-1], 0) + 1
        other = {k[-1] for k, v in self.known.items() if v != "PERSON"} | {k[0] for k in self.known}
        not_surnames = w.get("not_surname", frozenset())
        person_words = w.get("person_word", frozenset())  # listed by hand: persons
        self.surnames = person_words | frozenset(
            w
            for w, n in last.items()
            if n >= 2 and w not in other and (w,) not in self.locations and w not in not_surnames
        )
        # The surnames that are mostly a name where they occur (not ملک 'country', ترین
        # '-est'): the listed persons they end were tagged in SURNAME_SHARE of the word's
        # occurrences in the news or more (surname_context).
        tagged = _surname_tags()
        lex = lexicon()
        self.context_surnames = person_words | frozenset(
            w for w in self.surnames if tagged.get(w, 0) >= SURNAME_SHARE * lex.get(w, 0)
        )
        self.surname_closers = w.get("surname_closer", frozenset())
        self._known_max = max((len(k) for k in self.known), default=0)
        self._person_words = self.name_words | {
            w for k, v in self.known.items() if v == "PERSON" for w in k
        }
        self._lex = lex
        self._known_first = {k[0] for k in self.known if k}
        # known_prefix: a listed person's first two words alone (بلاول بھٹو of بلاول بھٹو
        # زرداری), for known_name only (not a surname, not a listed pair).
        self.known_prefixes = self._prefixes(self.known) if "known_prefix" in self.enabled else {}
        self._naming = {**self.known_prefixes, **self.known}
        self._naming_max = max((len(k) for k in self._naming), default=0)
        self._naming_first = {k[0] for k in self._naming if k}

    def _prefixes(self, known: Mapping[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
        """The first two words of the listed persons of three words or more (known_prefix),
        when each of the two is a word of another listed person's name too or a shared name
        word (``بلاول`` of ``بلاول بھٹی``, ``بھٹو``: a given name and a surname, not ``بالی
        وڈ`` of a caption's ``بالی وڈ کنگ شاہ رخ خان``), no listed name nor place is so
        written, and neither word is the name of a letter (``ایس ایم`` of ``ایس ایم منیر``:
        initials, half a name), a name word that goes on (``بن``), nor one that can be no
        name (titles, stop words: ``پی ایم مودی``).

        >>> rules = Rules([], words={}, locations={}, organizations={}, known={
        ...     ("بلاول", "بھٹو", "زرداری"): "PERSON", ("بلاول", "بھٹی"): "PERSON",
        ...     ("بینظیر", "بھٹو"): "PERSON", ("بالی", "وڈ", "کنگ", "شاہ", "رخ"): "PERSON"})
        >>> rules._prefixes(rules.known)
        {('بلاول', 'بھٹو'): 'PERSON'}
        """
        persons = [k for k, kind in known.items() if kind == "PERSON"]
        # in how many listed persons' names each word is
        names_with: dict[str, int] = {}
        for k in persons:
            for w in set(k):
                names_with[w] = names_with.get(w, 0) + 1
        out: dict[tuple[str, ...], str] = {}
        given = {k[0] for k in persons}
        heads: dict[tuple[str, ...], int] = {}
        for k in persons:
            if len(k) >= 3:
                heads[k[:2]] = heads.get(k[:2], 0) + 1
        for head, n in heads.items():
            if (
                head in known
                or head in self.locations
                # (each word in a name that does not start so, n names starting with the head,
                # or a shared name word: بھٹو)
                or any(names_with.get(w, 0) <= n and w not in self.name_words for w in head)
                # (a given name second goes on: لیاقت علی [عاصم], حاجی محمد [محقق])
                or (head[1] in given and head[1] in self.name_words)
                or head[0] == head[1]  # (a word said twice: بوم بوم, a nickname or a sound)
                or any(
                    w in self.letters or w in self._goes_on or not self._nameable(w, w)
                    for w in head
                )
            ):
                continue
            out[head] = "PERSON"
        return out

    # -- word tests -----------------------------------------------------------------------

    def _title_end(self, keys: Sequence[str], i: int) -> int:
        """End of the run of titles starting at ``i`` (``i`` if no title starts there)."""
        j = i
        while j < len(keys) and keys[j] in self._title_first:
            for t in self.titles:
                if tuple(keys[j : j + len(t)]) == t:
                    j += len(t)
                    break
            else:
                break
        return j

    def _no_name_before(self, key: str) -> bool:
        """Whether a word before a name cannot be a part of it: a function word, a closer or
        punctuation (not a first name the model left out, ``پریم جیت [سنگھ]``, nor a title that
        is a given name too, ``سلطان راہی``)."""
        if key in self.name_words:  # جو روٹ, بن سلمان
            return False
        return (
            key in self.not_name or key in self.closers or is_stop_word(key) or not _has_alnum(key)
        )

    def person_word(self, key: str) -> bool:
        """Whether a listed person's name holds the word (key): ``اعظم`` (``بابر اعظم``), not
        ``مملکت``."""
        return key in self._person_words

    def _common_word(self, key: str) -> bool:
        """A word seen :data:`COMMON_WORD` times or more that no listed person's name holds."""
        return (
            COMMON_WORD > 0
            and key not in self._person_words
            and self._lex.get(key, 0) >= COMMON_WORD
        )

    def _nameable(self, word: str, key: str, *, stop_ok: bool = False) -> bool:
        """Whether a word may be (part of) a person's name after a title."""
        if not _ARABIC_WORD.match(word) or not key:
            return False
        if key in self._title_words or key in self.office or key in self.closers:
            return False
        if not stop_ok and key in self.not_name:
            return False
        if len(key) > 3 and key.endswith(_INFINITIVE):
            return False  # an oblique infinitive or plural: ہونے, بننے, گانے
        return not (_NOT_NAME_CLASSES & set(self.classes.get(key, ())))

    # -- rules ----------------------------------------------------------------------------

    def apply(self, words: Sequence[str], tags: Sequence[str]) -> list[str]:
        """The tags with the enabled rules applied (a new list; ``tags`` is not changed).

        >>> Rules([("صدر",)], words={"closer": frozenset({"نے"})}, locations={}).apply(
        ...     ["صدر", "زید", "نے"], ["O", "O", "O"])
        ['O', 'B-PERSON', 'O']
        """
        out = list(tags)
        if not words:
            return out
        if "latin_prose" in self.enabled:
            _latin_prose(words, out)
        keys = [match_key(w) for w in words]
        if "brackets" in self.enabled:
            _brackets(words, out)
            self._place_before_bracket(words, keys, out)
        if "latin_month" in self.enabled:
            _latin_month(words, out)
            _time_zone(words, out)
        if "person_digits" in self.enabled:
            _person_digits(words, out)
        if "time_words" in self.enabled:
            self._time_words(words, keys, out)
        if "not_place" in self.enabled:
            for kind, s, e in bio_spans(out):
                if kind == "LOCATION" and " ".join(keys[s:e]) in self.not_places:
                    out[s:e] = ["O"] * (e - s)
        if "organization_person" in self.enabled:
            self._organization_person(keys, out)
        if "person_tail" in self.enabled:
            self._person_tail(keys, out)
        if "title_extend" in self.enabled or "title_person" in self.enabled:
            self._titles(words, keys, out)
        if "gazetteer_organization" in self.enabled:
            self._gazetteer_organization(keys, out)
            self._organization_type(words, keys, out)
        if "gazetteer_location" in self.enabled:
            self._gazetteer_location(keys, out)
        if "place_whole" in self.enabled:
            self._place_whole(keys, out)
        if "known_name" in self.enabled:
            self._known_name(words, keys, out)
        if "known_pair" in self.enabled:
            self._known_pair(words, keys, out)
        if "known_surname" in self.enabled:  # (see the module docstring)
            for kind, s, e in bio_spans(out):
                if kind == "LOCATION" and e - s == 1 and keys[s] in self.surnames:
                    out[s] = "B-PERSON"
        if "surname_context" in self.enabled:  # (see the module docstring)
            n = len(keys)
            for i in range(n - 1):
                if (
                    keys[i] in self.context_surnames
                    and out[i] == "O"
                    and out[i + 1] == "O"
                    and (i == 0 or (out[i - 1] == "O" and self._no_name_before(keys[i - 1])))
                    and keys[i + 1] in self.surname_closers
                    and _ARABIC_WORD.match(words[i])
                    and unicodedata.name(words[i][0], "").startswith("ARABIC LETTER")
                ):
                    out[i] = "B-PERSON"
        return out

    def _place_before_bracket(
        self, words: Sequence[str], keys: Sequence[str], tags: list[str]
    ) -> None:
        """A LOCATION span that is a gazetteer place and then a bracket it does not close ends
        before the bracket: a dateline's place and its source (``اسلام آباد (ڈیلی پاکستان آن
        لائن)``), which the model reads as one place.

        >>> rules = Rules([], words={}, locations={("اسلام", "آباد"): "Islamabad"})
        >>> tags = ["B-LOCATION", "I-LOCATION", "I-LOCATION", "I-LOCATION", "I-LOCATION", "O"]
        >>> rules._place_before_bracket(
        ...     ["اسلام", "آباد", "(", "ڈیلی", "پاکستان", ")"],
        ...     ["اسلام", "آباد", "(", "ڈیلی", "پاکستان", ")"], tags)
        >>> tags
        ['B-LOCATION', 'I-LOCATION', 'O', 'O', 'O', 'O']
        """
        for kind, start, end in bio_spans(tags):
            if kind != "LOCATION":
                continue
            for k in range(start + 1, end):
                if words[k] in _OPEN:
                    if not _CLOSE & set(words[k + 1 : end]) and tuple(keys[start:k]) in (
                        self.locations
                    ):
                        tags[k:end] = ["O"] * (end - k)
                    break

    def _organization_person(self, keys: Sequence[str], tags: list[str]) -> None:
        """A PERSON span that starts with a listed organisation and goes on after it: the
        organisation, then the person (see ``organization_person`` in the module docstring).

        >>> rules = Rules([], words={}, locations={}, organizations={("پی", "سی", "بی"): "x"})
        >>> rules.apply(["پی", "سی", "بی", "نجم", "سیٹھی", "نے"], ["B-PERSON"] * 1 +
        ...     ["I-PERSON"] * 4 + ["O"])[:5]
        ['B-ORGANIZATION', 'I-ORGANIZATION', 'I-ORGANIZATION', 'B-PERSON', 'I-PERSON']
        """
        for kind, s, e in bio_spans(tags):
            if kind != "PERSON" or e - s < 2:
                continue
            for i in range(max(0, s - self._org_max + 1), s + 1):
                glued = glued_key(keys[i]) in self._org_glued_starts
                if keys[i] not in self._org_first and not glued:
                    continue
                if any(t != "O" for t in tags[i:s]):
                    continue
                j = self._organization_end(keys, i)
                if not s < j < e:
                    continue
                rest = j
                while rest < e and keys[rest] in self.genitives:
                    rest += 1
                if rest == e:
                    break
                tags[i] = "B-ORGANIZATION"
                for m in range(i + 1, j):
                    tags[m] = "I-ORGANIZATION"
                for m in range(j, rest):
                    tags[m] = "O"
                tags[rest] = "B-PERSON"
                break

    def _date_class(self, key: str) -> str | None:
        """``mo`` for a month's name, ``wd`` for a weekday's, else None."""
        classes = self.classes.get(key, ())
        return "mo" if "mo" in classes else "wd" if "wd" in classes else None

    def _time_words(self, words: Sequence[str], keys: Sequence[str], tags: list[str]) -> None:
        """Months and weekdays at the end of a name span, before a postposition, leave it (see
        ``time_words`` in the module docstring).

        >>> rules = Rules([], {"دسمبر": {"mo"}, "اتوار": {"wd"}}, locations={},
        ...     words={"after_date": frozenset({"میں", "سے"}), "date_ordinal": frozenset()})
        >>> rules.apply(["غلام", "علی", "دسمبر", "میں"], ["B-PERSON", "I-PERSON", "I-PERSON", "O"])
        ['B-PERSON', 'I-PERSON', 'B-TIME', 'O']
        >>> rules.apply(["مودی", "اتوار", "سے"], ["B-PERSON", "I-PERSON", "O"])
        ['B-PERSON', 'O', 'O']
        >>> rules.apply(["مودی", "اتوار", "تھیٹر"], ["B-PERSON", "I-PERSON", "I-PERSON"])
        ['B-PERSON', 'I-PERSON', 'I-PERSON']
        """
        for kind, s, e in bio_spans(tags):
            if kind not in ("PERSON", "LOCATION", "ORGANIZATION"):
                continue
            t = e
            while t > s and self._date_class(keys[t - 1]) is not None:
                t -= 1
            if t == e:
                continue
            month = any(self._date_class(k) == "mo" for k in keys[t:e])
            ordinal = t > s and (keys[t - 1] in self.date_ordinals or _DIGIT.search(words[t - 1]))
            if month and ordinal:
                t -= 1  # یکم جون, 12 مئی: one date
            before_postposition = e < len(keys) and keys[e] in self.after_date
            if not before_postposition and (t > s or kind == "PERSON"):
                continue  # a name that goes on (رفیع پیر تھیٹر), or John (جون)
            for i in range(t, e):  # (the rest of the span keeps its tags)
                tags[i] = ("B-TIME" if i == t else "I-TIME") if month else "O"

    def _person_tail(self, keys: Sequence[str], tags: list[str]) -> None:
        """A PERSON span of two words or more that ends in an *institution* word (``مودی
        سرکار``) ends before it; the word becomes ``O``."""
        for i, key in enumerate(keys):
            if (
                key in self.institutions
                and tags[i] == "I-PERSON"
                and (i + 1 == len(tags) or tags[i + 1] != "I-PERSON")
            ):
                tags[i] = "O"

    def _titles(self, words: Sequence[str], keys: Sequence[str], tags: list[str]) -> None:
        n = len(words)
        i = 0
        while i < n:
            j = self._title_end(keys, i)
            if j == i:
                i += 1
                continue
            # One weak title ("جنرل سٹڈیز", "ڈائریکٹر جنرل سپورٹس") opens no name slot; a run
            # of titles or a strong one ("لیفٹیننٹ جنرل") does; nor does a title that is part of
            # a place or office (ایوانِ صدر 'the presidency').
            weak = " ".join(keys[i:j]) in self.weak_titles or (
                i > 0 and keys[i - 1] in self.not_before_title
            )
            if "title_extend" in self.enabled:
                self._extend(words, keys, tags, j)
            if "title_person" in self.enabled and not weak:
                self._title_person(words, keys, tags, j)
            i = j

    def _extend(self, words: Sequence[str], keys: Sequence[str], tags: list[str], j: int) -> None:
        """title, one O word, then a PERSON span: the word joins the span if it is a
        ``nameword`` (a function word elsewhere but a name part here: جو in صدر جو بائیڈن, بن)
        or a shared name word (محمد, علی …); an open-class word there is as often part of the
        office (وزیر صنعت, میئر سکھر), a conjunction joins two people (صدر اور X)."""
        if j + 1 >= len(words) or tags[j] != "O" or tags[j + 1] != "B-PERSON":
            return
        key = keys[j]
        if key in self.name_words and self._nameable(words[j], key, stop_ok=True):
            tags[j] = "B-PERSON"
            tags[j + 1] = "I-PERSON"

    def _title_person(
        self, words: Sequence[str], keys: Sequence[str], tags: list[str], j: int
    ) -> None:
        """title, 1-3 O words, closer: the words become a PERSON."""
        n = len(words)
        k = j
        while k < n and k - j < MAX_NAME_WORDS and tags[k] == "O" and keys[k] not in self.closers:
            if not self._nameable(words[k], keys[k]):
                return
            k += 1
        if k == j or k >= n or keys[k] not in self.closers or tags[k] != "O":
            return
        if is_stop_word(keys[j]) and keys[j] not in self.name_words:
            return  # a function word starts no name (صدر مملکت ہی ٹھوس وجوہات کی بنا پر)
        if all(keys[m] in self.letters for m in range(j, k)):
            return  # an abbreviation, a body's (صدر پی ایچ ایف کی); initials go before a name
        if all(self._common_word(keys[m]) for m in range(j, k)):
            return  # common words, no name (وزیر داخلہ دہشت گردی کے واقعات)
        if keys[k] == _SE and (k + 1 >= n or keys[k + 1] not in self.meet):
            return
        if k + 1 < n and keys[k + 1] in self.not_after_closer:
            return  # "X کے ذریعے" (by means of X), "X کے تحت" (under X): X is no person
        if j > 0 and tags[j - 1] != "O" and not tags[j - 1].endswith("PERSON"):
            return  # the title is inside another entity (an organisation's name)
        tags[j] = "B-PERSON"
        for m in range(j + 1, k):
            tags[m] = "I-PERSON"

    def _gazetteer_organization(self, keys: Sequence[str], tags: list[str]) -> None:
        """A word sequence that is exactly a listed organisation (the longest one starting
        there), all O with O neighbours, followed by a postposition, ``اور``, punctuation or
        the sentence end, becomes an ORGANIZATION; not when it continues a longer name: right
        after another listed name (``اقوام متحدہ سلامتی کونسل``), after a genitive that follows
        an organisation (``اقوام متحدہ کی سلامتی کونسل``: IL-NER leaves the organ ``O``) or
        after the name of a letter (``ایس`` + ``ای سی پی``: an acronym goes on).  A LOCATION
        span of the model that is a gazetteer place at the start of the name (``[پاکستان]
        کرکٹ بورڈ``) becomes part of it (:meth:`_place_start`)."""
        n = len(keys)
        i = 0
        previous_end = -1  # where the last listed name found ended
        while i < n:
            if keys[i] not in self._org_first and glued_key(keys[i]) not in self._org_glued_starts:
                i += 1
                continue
            j = self._organization_end(keys, i)
            if j == i:
                i += 1
                continue
            before = keys[i - 1] if i > 0 else _END
            after = keys[j] if j < n else _END
            of_org = i >= 2 and before in self.genitives and tags[i - 2].endswith("-ORGANIZATION")
            rest = self._place_start(keys, tags, i, j)
            if (
                (i == 0 or tags[i - 1] == "O")
                and all(tags[m] == "O" for m in range(rest, min(n, j + 1)))
                and (
                    after == _END
                    or after in self.after_place
                    or after in self.org_events
                    or after in self.org_nouns
                    or not _has_alnum(after)
                )
                and previous_end != i
                and not of_org
                and not (before in self.letters and before not in self.after_place)
            ):
                tags[i] = "B-ORGANIZATION"
                for m in range(i + 1, j):
                    tags[m] = "I-ORGANIZATION"
            previous_end = j
            i = j

    def _organization_type(
        self, words: Sequence[str], keys: Sequence[str], tags: list[str]
    ) -> None:
        """A PERSON or LOCATION span that is exactly a listed organisation is one.  An
        ORGANIZATION span that starts with a title is no body when it is only titles (``سی ای
        او``, CEO), and loses the title when a listed organisation (``چیئرمین [پی سی بی]``) or
        a listed person's name (``آل راؤنڈر [بین اسٹوکس]``, then a PERSON) follows it, or a
        listed organisation and then two or three words that may be a name (``چیئرمین [ایف بی
        آر] [طارق باجوہ]``: the title, the body, the person; a listed place between the body and
        the name is its branch: ``ڈائریکٹر [ایف آئی اے] [سندھ] [شاہد حیات]``).

        >>> rules = Rules([(match_key("چیئرمین"),)], words={}, locations={},
        ...     organizations={("حماس",): "Hamas", ("پی", "سی", "بی"): "PCB"})
        >>> rules.apply(["حماس", "نے", "کہا"], ["B-LOCATION", "O", "O"])
        ['B-ORGANIZATION', 'O', 'O']
        >>> rules.apply(["چیئرمین", "پی", "سی", "بی"], ["B-ORGANIZATION"] + ["I-ORGANIZATION"] * 3)
        ['O', 'B-ORGANIZATION', 'I-ORGANIZATION', 'I-ORGANIZATION']
        >>> rules.apply(["چیئرمین", "پی", "سی", "بی", "نجم", "سیٹھی"],
        ...     ["B-ORGANIZATION"] + ["I-ORGANIZATION"] * 5)
        ['O', 'B-ORGANIZATION', 'I-ORGANIZATION', 'I-ORGANIZATION', 'B-PERSON', 'I-PERSON']
        >>> rules.locations = {("سندھ",): "Sindh"}
        >>> rules.apply(["چیئرمین", "حماس", "سندھ", "شاہد", "حیات"],
        ...     ["B-ORGANIZATION"] + ["I-ORGANIZATION"] * 4)
        ['O', 'B-ORGANIZATION', 'B-LOCATION', 'B-PERSON', 'I-PERSON']
        """
        for kind, s, e in bio_spans(tags):
            if kind in ("PERSON", "LOCATION") and tuple(keys[s:e]) in self.organizations:
                tags[s] = "B-ORGANIZATION"
                for m in range(s + 1, e):
                    tags[m] = "I-ORGANIZATION"
            elif kind == "ORGANIZATION" and tuple(keys[s:e]) not in self.organizations:
                t = self._title_end(keys, s)
                rest = tuple(keys[t:e])
                if t == s:
                    continue
                if t >= e:
                    new = None  # titles only: an office, no body
                elif rest in self.organizations:
                    new = "ORGANIZATION"
                elif self.known.get(rest) == "PERSON":
                    new = "PERSON"
                else:
                    u = self._organization_end(keys, t)
                    # the body's branch may follow it (ایف آئی اے سندھ: a listed place)
                    p = next((u + k for k in (2, 1) if tuple(keys[u : u + k]) in self.locations), u)
                    if t < u < p + 2 <= e <= p + MAX_NAME_WORDS and all(
                        self._nameable(words[m], keys[m]) for m in range(p, e)
                    ):
                        tags[s:t] = ["O"] * (t - s)
                        tags[t] = "B-ORGANIZATION"  # (I- up to u, as the model had it)
                        tags[u:p] = ["B-LOCATION"] + ["I-LOCATION"] * (p - u - 1) if p > u else []
                        tags[p:e] = ["B-PERSON"] + ["I-PERSON"] * (e - p - 1)
                    continue
                for m in range(s, min(t, e)):
                    tags[m] = "O"
                if new is not None:
                    tags[t] = "B-" + new
                    for m in range(t + 1, e):
                        tags[m] = "I-" + new

    def _place_start(self, keys: Sequence[str], tags: Sequence[str], i: int, j: int) -> int:
        """Where the words of a listed name ``keys[i:j]`` after a place the model tagged at its
        start begin (``پاکستان`` of ``پاکستان مسلم لیگ ن``, ``لاہور`` of ``لاہور ہائی کورٹ``:
        the model knows the place, not the body): the end of that LOCATION span when it is a
        gazetteer place and ends inside the name, else ``i``."""
        if tags[i] != "B-LOCATION":
            return i
        k = i + 1
        while k < j and tags[k] == "I-LOCATION":
            k += 1
        return k if k < j and tuple(keys[i:k]) in self.locations else i

    def _organization_end(self, keys: Sequence[str], i: int) -> int:
        """End of the longest listed organisation starting at ``i`` (``i`` if none).

        Its last word may be written in brackets (``مسلم لیگ ( ن )`` for ``مسلم لیگ ن``: a
        party's faction letter; the span then takes in the closing bracket), and a space
        between its words may be left out (``پیپلزپارٹی``, ``ایم کیوایم``, ``جے یوآئی ( ف )``).
        """
        n = len(keys)
        end = i
        for size in range(min(self._org_max, n - i), 0, -1):
            name = tuple(keys[i : i + size])
            if name in self.organizations:
                end = i + size
                break
            if (
                size > 1
                and _bracketed(keys, i + size - 1)
                and (*name[:-1], keys[i + size]) in self.organizations
            ):
                end = i + size + 2
                break
        # The same with spaces left out: tokens glued while the glued form goes on.
        glued = ""
        for m in range(i, min(n, i + self._org_max - 1)):
            if m > i and _bracketed(keys, m):
                if self._org_glued.get(glued + glued_key(keys[m + 1]), 0) > m - i + 1:
                    end = max(end, m + 3)
                break
            glued += glued_key(keys[m])
            if glued not in self._org_glued_starts:
                break
            if self._org_glued.get(glued, 0) > m - i + 1:
                end = max(end, m + 1)
        return end

    def _gazetteer_location(self, keys: Sequence[str], tags: list[str]) -> None:
        """A word sequence that is exactly a place of the gazetteer, all O with O neighbours,
        becomes a LOCATION: before a postposition, an event noun or the end, or, for a place
        of two words or more (``نیو یارک``, ``یو اے ای``: a name no phrase of the language
        writes), before any word but another place.

        >>> rules = Rules([], words={}, locations={("نیو", "یارک"): "New York"}, known={})
        >>> rules.apply(["نیو", "یارک", "فیشن", "ویک"], ["O"] * 4)
        ['B-LOCATION', 'I-LOCATION', 'O', 'O']
        """
        n = len(keys)
        i = 0
        while i < n:
            hit = _longest(keys, i, self.locations, self._loc_first, self._loc_max)
            if not hit:
                i += 1
                continue
            span = range(max(0, i - 1), min(n, i + hit + 1))
            after = keys[i + hit] if i + hit < n else _END
            before = keys[i - 1] if i > 0 else _END
            function_before = (
                before == _END
                or before in self.not_name
                or before in self.closers
                or not _has_alnum(before)
            )
            if (
                all(tags[m] == "O" for m in span)
                and (
                    after == _END
                    or after in self.after_place
                    or after in self.events
                    or (hit >= 2 and not self._place_follows(keys, i + hit))
                )
                and not (hit == 1 and keys[i] in self.homographs)
                and before not in self.place_parts
                and (function_before or not (self.place_context or keys[i] in self.ambiguous))
            ):
                tags[i] = "B-LOCATION"
                for m in range(i + 1, i + hit):
                    tags[m] = "I-LOCATION"
            i += hit

    def _place_follows(self, keys: Sequence[str], i: int) -> bool:
        """Whether a gazetteer place starts at ``keys[i]`` (a list of places: ``آئس لینڈ
        نائیجیریا``, where the second's own test decides)."""
        return (
            i < len(keys) and _longest(keys, i, self.locations, self._loc_first, self._loc_max) > 0
        )

    def _place_whole(self, keys: Sequence[str], tags: list[str]) -> None:
        """A place or body span that starts on the second word of a two-word place starts
        where the place does, and a PERSON span that starts so is the place alone; a PERSON
        span that is exactly a place of two words or more is a LOCATION.

        >>> rules = Rules([], words={}, locations={("نیو", "یارک"): "New York"}, known={})
        >>> rules.apply(["نیو", "یارک", "میں"], ["O", "B-LOCATION", "O"])
        ['B-LOCATION', 'I-LOCATION', 'O']
        >>> rules.apply(["نیو", "یارک", "نے"], ["B-PERSON", "I-PERSON", "O"])
        ['B-LOCATION', 'I-LOCATION', 'O']
        >>> rules.apply(["نیو", "یارک", "ٹائمز", "نے"], ["O", "B-PERSON", "I-PERSON", "O"])
        ['B-LOCATION', 'I-LOCATION', 'O', 'O']
        """
        for kind, start, end in bio_spans(tags):
            place_tail = (
                start > 0
                and tags[start - 1] == "O"
                and (keys[start - 1], keys[start]) in self.locations
            )
            if kind == "PERSON":
                name = tuple(keys[start:end])
                if end - start >= 2 and name in self.locations:
                    tags[start:end] = ["B-LOCATION"] + ["I-LOCATION"] * (end - start - 1)
                elif place_tail:
                    tags[start - 1 : end] = ["B-LOCATION", "I-LOCATION"] + ["O"] * (end - start - 1)
            elif kind in ("LOCATION", "ORGANIZATION") and place_tail:
                tags[start - 1] = f"B-{kind}"
                tags[start] = f"I-{kind}"

    def _known_name(self, words: Sequence[str], keys: Sequence[str], tags: list[str]) -> None:
        """A listed name (the longest starting at a word) becomes an entity of its type where
        it is all ``O``, or where the model tagged one part of it with that type and the rest
        ``O``; not touching another entity (but a person may follow a body, or end a body's
        span the model ran on over it), nor when the words around it go on with a name.
        Where the model tagged the whole name with another type, it takes the listed one
        (not a body's name that lists as a place)."""
        n = len(keys)
        i = 0
        lex = lexicon()
        while i < n:
            hit = _longest(keys, i, self._naming, self._naming_first, self._naming_max)
            if not hit:
                i += 1
                continue
            j = i + hit
            kind = self._naming[tuple(keys[i:j])]
            free_before = i == 0 or tags[i - 1] == "O"
            if not free_before and kind == "PERSON" and tags[i - 1].endswith("-ORGANIZATION"):
                # a person right after the body they lead or belong to, which the model may
                # have run on over the name ([پاکستان کرکٹ بورڈ محسن نقوی]): the person; not
                # after one or two letters' names alone (اے بی ڈی ویلیئرز: the person's
                # initials; a body's acronym has three or more: پی سی بی)
                start = i - 1
                while start > 0 and tags[start].startswith("I-"):
                    start -= 1
                body = keys[start:i]
                free_before = len(body) > 2 or not all(k in self.letters for k in body)
            after_ok = j == n or not tags[j].startswith("I-")
            if j < n and tags[j] == "O":
                goes_on = keys[j] in self.name_words or (
                    _ARABIC_WORD.match(words[j]) is not None and lex.get(keys[j], 0) < RARE_WORD
                )
                after_ok = not goes_on
            if free_before and i > 0 and keys[i - 1] in self.name_words:
                free_before = False
            if kind == "ORGANIZATION" and (
                (i > 0 and keys[i - 1] in self.letters) or (j < n and keys[j] in self.letters)
            ):
                free_before = False  # an acronym that goes on (ڈی [آئی ٹی])
            inside = bio_spans(tags[i:j])
            # The whole name tagged by the model with another name type (Sridevi a place, A. R.
            # Rahman an organisation) takes the listed type; but a body named after a place
            # stays a body (یونیورسٹی آف کیلیفورنیا), and a title (ARTIFACT: a film named like
            # a person) stays the model's.
            retyped = (
                len(inside) == 1
                and inside[0][1:] == (0, j - i)
                and inside[0][0] != kind
                and inside[0][0] in ("PERSON", "LOCATION", "ORGANIZATION")
                and not (inside[0][0] == "ORGANIZATION" and kind == "LOCATION")
                and (j == n or not tags[j].startswith("I-"))
                and tuple(keys[i:j]) not in self.organizations  # a listed body stays one
            )
            if (
                free_before
                and (after_ok or retyped)
                and (not inside or (len(inside) == 1 and inside[0][0] == kind) or retyped)
            ):
                tags[i] = "B-" + kind
                for m in range(i + 1, j):
                    tags[m] = "I-" + kind
            i = j

    def _known_pair(self, words: Sequence[str], keys: Sequence[str], tags: list[str]) -> None:
        """A PERSON span that is listed persons one after the other, and no listed name
        itself, is those persons (see ``known_pair`` in the module docstring).

        >>> rules = Rules([], words={}, locations={}, organizations={},
        ...     known={("سنی", "لیون"): "PERSON", ("اکشے", "کمار"): "PERSON"})
        >>> rules.apply(["سنی", "لیون", "اکشے", "کمار", "کی"], ["B-PERSON"] +
        ...     ["I-PERSON"] * 3 + ["O"])
        ['B-PERSON', 'I-PERSON', 'B-PERSON', 'I-PERSON', 'O']
        """
        for kind, s, e in bio_spans(tags):
            if kind != "PERSON" or e - s < 4 or tuple(keys[s:e]) in self.known:
                continue
            pieces = self._listed_persons(keys[s:e])
            if pieces is None:
                continue
            for a, b in zip(pieces, [*pieces[1:], e - s], strict=True):
                tags[s + a] = "B-PERSON"
                if b - a == 1 and not self._nameable(words[s + a], keys[s + a]):
                    tags[s + a] = "O"  # a word between two names that is none (کے, اور)

    def _listed_persons(self, keys: Sequence[str]) -> list[int] | None:
        """Where the names of a list written without commas start (offsets into ``keys``), or
        None: the cut into listed persons (two words or more, not only shared name words) and
        unlisted pieces of one or two words with the most listed persons, then the fewest
        pieces; kept when it has two listed persons and they hold half the words or more, and
        for four words only when both halves are listed.

        >>> rules = Rules([], words={}, locations={}, organizations={},
        ...     known={("الف", "ب"): "PERSON", ("ج", "د"): "PERSON", ("ہ", "و"): "PERSON"})
        >>> rules._listed_persons(["الف", "ب", "ز", "ج", "د", "ح", "ط"])
        [0, 2, 3, 5]
        >>> rules._listed_persons(["الف", "ب", "ز", "ح"]) is None
        True
        """
        n = len(keys)
        # best[i]: (listed persons, -pieces, listed words, starts) for keys[i:]
        best: dict[int, tuple[int, int, int, list[int]]] = {n: (0, 0, 0, [])}
        for i in range(n - 1, -1, -1):
            options = []
            for j in range(i + 1, n + 1):
                rest = best.get(j)
                if rest is None:
                    continue
                name = tuple(keys[i:j])
                listed = (
                    j - i >= 2
                    and self.known.get(name) == "PERSON"
                    # a long name goes on in shared name words (چوہدری نثار علی خان)
                    and not all(k in self.name_words for k in name)
                )
                if listed:
                    options.append((rest[0] + 1, rest[1] - 1, rest[2] + j - i, [i, *rest[3]]))
                elif j - i <= 2 and n > 4:
                    options.append((rest[0], rest[1] - 1, rest[2], [i, *rest[3]]))
            if options:
                best[i] = max(options, key=lambda o: (o[0], o[1]))
        found = best.get(0)
        if found is None or found[0] < 2 or 2 * found[2] < n:
            return None
        return found[3]


def _longest(
    keys: Sequence[str],
    i: int,
    names: Collection[tuple[str, ...]],
    first: Collection[str],
    most: int,
) -> int:
    """How many words the longest of ``names`` (word-key tuples of at most ``most`` words,
    whose first words are ``first``) starting at ``keys[i]`` has, or 0.

    >>> _longest(["سری", "لنکا", "میں"], 0, {("سری", "لنکا"), ("سری",)}, {"سری"}, 2)
    2
    """
    if keys[i] not in first:
        return 0
    for size in range(min(most, len(keys) - i), 0, -1):
        if tuple(keys[i : i + size]) in names:
            return size
    return 0


_DIGIT = regex.compile(r"\d")
_NUMBER_WORD = regex.compile(r"\A\d+(?:[.,:]\d+)*\Z")


#: A lower-case English word (a function word or prose, never a capitalised name).
_LATIN_LOWER = regex.compile(r"\A[a-z]+(?:'[a-z]+)?\Z")
#: An entity span with this many lower-case Latin words is prose.
LATIN_PROSE_WORDS = 3


def _latin_prose(words: Sequence[str], tags: list[str]) -> None:
    """Entity spans holding :data:`LATIN_PROSE_WORDS` lower-case Latin words become ``O``.

    >>> tags = ["B-ORGANIZATION"] + ["I-ORGANIZATION"] * 5 + ["O"]
    >>> _latin_prose(["We", "had", "hoped", "to", "reach", "it", "کہا"], tags)
    >>> tags
    ['O', 'O', 'O', 'O', 'O', 'O', 'O']
    >>> tags = ["B-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "O"]
    >>> _latin_prose(["National", "Institute", "of", "Health", "نے"], tags)
    >>> tags[0]
    'B-ORGANIZATION'
    """
    for _, i, j in bio_spans(tags):
        if sum(1 for k in range(i, j) if _LATIN_LOWER.match(words[k])) >= LATIN_PROSE_WORDS:
            for k in range(i, j):
                tags[k] = "O"


_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")


def _brackets(words: Sequence[str], tags: list[str]) -> None:
    """An entity span loses the brackets at its edges that it does not close or open itself.

    >>> tags = ["B-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "O"]
    >>> _brackets([")", "اور", "(", "میں"], tags)
    >>> tags
    ['O', 'B-ORGANIZATION', 'O', 'O']
    >>> tags = ["B-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION"]
    >>> _brackets(["آئی", "سی", "ٹی", ")"], tags)
    >>> tags
    ['B-ORGANIZATION', 'I-ORGANIZATION', 'I-ORGANIZATION', 'O']
    >>> tags = ["B-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION"]
    >>> _brackets(["لیگ", "(", "آئی", ")"], tags)
    >>> tags[-1]
    'I-ORGANIZATION'
    """
    for kind, start, end in bio_spans(tags):
        i, j = start, end
        while i < j:
            if words[i] in _CLOSE or (words[i] in _OPEN and not _CLOSE & set(words[i + 1 : j])):
                tags[i] = "O"
                i += 1
            elif words[j - 1] in _OPEN or (
                words[j - 1] in _CLOSE and not _OPEN & set(words[i : j - 1])
            ):
                j -= 1
                tags[j] = "O"
            else:
                break
        if i < j:
            tags[i] = "B-" + kind


def _latin_month(words: Sequence[str], tags: list[str]) -> None:
    """A Latin month name next to a TIME span or a number becomes part of one TIME span.

    >>> tags = ["B-ORGANIZATION", "B-TIME", "I-TIME", "I-TIME", "O"]
    >>> _latin_month(["Apr", "۱۳", ",", "۲۰۲۱", "کو"], tags)
    >>> tags
    ['B-TIME', 'I-TIME', 'I-TIME', 'I-TIME', 'O']
    >>> tags = ["B-NUMBER", "O", "O"]
    >>> _latin_month(["13", "April", "کو"], tags)
    >>> tags
    ['B-TIME', 'I-TIME', 'O']
    """
    n = len(words)
    for i, word in enumerate(words):
        if english_month(word) is None:
            continue
        own = tags[i]
        if own != "O" and (own.startswith("I-") or (i + 1 < n and tags[i + 1].startswith("I-"))):
            continue  # inside a longer entity of the model's (a name, an event): left as is
        after = i + 1 < n and (
            tags[i + 1] == "B-TIME"
            or (tags[i + 1] in ("O", "B-NUMBER") and bool(_NUMBER_WORD.match(words[i + 1])))
        )
        before = i > 0 and (
            tags[i - 1].endswith("-TIME")
            or (tags[i - 1] in ("O", "B-NUMBER") and bool(_NUMBER_WORD.match(words[i - 1])))
        )
        if not (after or before):
            continue
        if before:
            if not tags[i - 1].endswith("-TIME"):
                tags[i - 1] = "B-TIME"
            tags[i] = "I-TIME"
        else:
            tags[i] = "B-TIME"
        if after:
            tags[i + 1] = "I-TIME"  # the span that followed (or the number) continues this one


def _time_zone(words: Sequence[str], tags: list[str]) -> None:
    """An IANA time zone (``Asia`` ``/`` ``Tehran``) right after a TIME span, or with its
    region already in the span's end, becomes the end of that span.

    >>> tags = ["B-TIME", "I-TIME", "I-TIME", "O", "O", "O"]
    >>> _time_zone(["۱۳", "۲۰۲۱", "۱۹:۵۶", "Asia", "/", "Tehran"], tags)
    >>> tags
    ['B-TIME', 'I-TIME', 'I-TIME', 'I-TIME', 'I-TIME', 'I-TIME']
    >>> tags = ["B-TIME", "I-TIME", "O", "O"]  # the region in the span: the city joins it
    >>> _time_zone(["۱۹:۵۶", "Asia", "/", "Tehran"], tags)
    >>> tags
    ['B-TIME', 'I-TIME', 'I-TIME', 'I-TIME']
    """
    n = len(words)
    for _, s, e in [x for x in bio_spans(tags) if x[0] == "TIME"]:
        for region in (e, e - 1):  # a zone after the span, or one whose region it took in
            if region <= s - 1 or region + 2 >= n or words[region + 1] != "/":
                continue
            if all(t == "O" for t in tags[max(region, e) : region + 3]) and iana_zone(
                f"{words[region]}/{words[region + 2]}"
            ):
                for m in range(e, region + 3):
                    tags[m] = "I-TIME"
                break


def _person_digits(words: Sequence[str], tags: list[str]) -> None:
    """Cut PERSON spans at words holding a digit; those words become NUMBER spans.

    >>> tags = ["O", "B-PERSON", "I-PERSON", "I-PERSON", "O"]
    >>> _person_digits(["کپتان", "محمد", "رضوان", "48.01", "کی"], tags)
    >>> tags
    ['O', 'B-PERSON', 'I-PERSON', 'B-NUMBER', 'O']
    """
    n = len(words)
    i = 0
    while i < n:
        if tags[i] != "B-PERSON":
            i += 1
            continue
        j = i + 1
        while j < n and tags[j] == "I-PERSON":
            j += 1
        if any(_DIGIT.search(words[k]) for k in range(i, j)):
            previous = ""
            for k in range(i, j):
                kind = "NUMBER" if _DIGIT.search(words[k]) else "PERSON"
                tags[k] = ("I-" if kind == previous else "B-") + kind
                previous = kind
        i = j


@cache
def _shared_name_words() -> frozenset[str]:
    from akhbar.entities.link import shared_name_words

    return shared_name_words()


def _bracketed(keys: Sequence[str], i: int) -> bool:
    """Whether ``keys[i]`` opens a bracket holding one word: ``( ن )``."""
    return i + 2 < len(keys) and keys[i] in _OPEN and keys[i + 2] in _CLOSE


def _has_alnum(word: str) -> bool:
    return any(c.isalnum() for c in word)


@cache
def _known_names_rows() -> tuple[tuple[tuple[str, ...], str, int], ...]:
    """``(word keys, type, tagged)`` of the names of ``data/known_names.tsv`` of two words or
    more, in the file's order (``tagged``: how often the model tagged the name in the news)."""
    out = []
    for line in _data("known_names.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, tagged = [*line.split("\t"), "", ""][:3]
        key = tuple(match_key(w) or w for w in split_joined_names(name).split())
        if len(key) > 1:
            out.append((key, kind, int(tagged) if tagged.isdigit() else 0))
    return tuple(out)


@cache
def _known_names_table() -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for key, kind, _ in _known_names_rows():
        out.setdefault(key, kind)
    return out


@cache
def _surname_tags() -> dict[str, int]:
    """Last word (match key) of the listed persons → how often the model tagged those
    persons in the news (the ``tagged`` column of ``data/known_names.tsv``, summed)."""
    out: dict[str, int] = {}
    for key, kind, tagged in _known_names_rows():
        if kind == "PERSON":
            out[key[-1]] = out.get(key[-1], 0) + tagged
    return out


def known_names() -> dict[tuple[str, ...], str]:
    """Word-key tuples of the names of ``data/known_names.tsv`` → their type (``known_name``).

    >>> names = known_names()
    >>> names[tuple(match_key(w) for w in ("ڈونلڈ", "ٹرمپ"))]
    'PERSON'
    """
    return dict(_known_names_table())


def _gazetteer_organizations() -> dict[tuple[str, ...], str]:
    """Word-key tuples of the gazetteer's ORGANIZATION rows (``data/organizations.tsv``) →
    English name."""
    return _typed_names("ORGANIZATION")


def _typed_names(kind: str) -> dict[tuple[str, ...], str]:
    """Word-key tuples of the gazetteer's rows of type ``kind`` → English name; a name with a
    joined two-word name in it also as the tokenizer cuts it (``خیبرپختونخوا اسمبلی``)."""
    out: dict[tuple[str, ...], str] = {}
    for e in default_gazetteer().entries():
        if e.type == kind:
            out[tuple(e.key.split())] = e.english
            if joined_name(e.urdu):
                out.setdefault(tuple(name_key(split_joined_names(e.urdu)).split()), e.english)
    return out


def gazetteer_bodies() -> frozenset[tuple[str, ...]]:
    """Word-key tuples of the gazetteer's organisations (``data/organizations.tsv``): what
    ``gazetteer_organization`` tags.

    >>> tuple(match_key(w) for w in "پی سی بی".split()) in gazetteer_bodies()
    True
    """
    return frozenset(_gazetteer_organizations())


def gazetteer_places() -> frozenset[tuple[str, ...]]:
    """Word-key tuples of the gazetteer's places (countries and typed places): what
    ``gazetteer_location`` tags.

    >>> (match_key("روس"),) in gazetteer_places()
    True
    """
    return frozenset(_gazetteer_locations())


def _gazetteer_locations() -> dict[tuple[str, ...], str]:
    """Word-key tuples of the gazetteer's LOCATION rows (countries and typed places) →
    English name."""
    return _typed_names("LOCATION")


@cache
def default_rules() -> Rules:
    """The shipped rules with the shipped titles (no model word classes).

    >>> "title_person" in default_rules().enabled
    True
    """
    from akhbar.entities.ner import load_titles

    return Rules(load_titles())
