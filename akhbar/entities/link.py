"""Entity linking: group mentions across articles into canonical entities, and store them.

A :class:`Mention` is one recognized PERSON / LOCATION / ORGANIZATION span (NUMBER, TIME and
ARTIFACT are not linked) with offsets into the ORIGINAL paragraph text, its sentence index and
its *name key* (:func:`~akhbar.entities.gazetteer.name_key`: match keys of the words, so
``لاوروف``/``لاؤروف`` and Arabic-keyboard spellings give one key; the recognizer has already
moved titles such as ``وزیر خارجہ`` out of the name).

Rules, applied article by article in store order (``articles.seq``), so the result is a
deterministic function of the stored articles — ``akhbar annotate`` rebuilding from scratch
gives exactly what ingest built:

1. **Type.** A LOCATION or ORGANIZATION mention whose key is a country in the gazetteer is a
   LOCATION (``روس نے کہا`` is Russia, whatever the tagger said).  Otherwise types never mix.
2. **Exact key.** A name whose key (with its type) is already an alias of an entity is that
   entity; so is one whose key differs from an alias only in spacing (``بنگلا دیش``), and one
   written with a superscript alef (``رحمٰن``, key ``رحمن``) whose spelling with ``ا``
   (``رحمان``) is an alias; that spelling becomes an alias too (:func:`alef_key`).
3. **Short forms within the article.** Else a PERSON mention whose words are the last words (or
   the one first word) of exactly one longer PERSON name in the same article is that person
   (``لاؤروف`` → ``سرگئی لاؤروف``; ``حسن`` → ``حسن روحانی``).  Two candidates → left alone.
   The short form does not become an alias (elsewhere it may mean someone else).
4. **Gazetteer.** A key the gazetteer knows (type-compatible) gets the item's English name and
   Wikidata id; a second key for the same id (``ارجنٹینا``/``ارجنٹائن``) joins the same entity,
   and so does another name of a listed organisation (the rows of one English name in
   ``data/organizations.tsv``: ``ن لیگ`` / ``مسلم لیگ ن``; ``مسلم لیگ ق`` is another party),
   also written with a space left out (``پیپلزپارٹی``), and another name of a listed place
   (the gazetteer's LOCATION rows of one English name that names one place, from the country
   list and our place lists, with one Wikidata id at most: ``بنگلا دیش`` / ``بنگلہ دیش``,
   ``چائنا`` / ``چین``, ``کلکتہ`` / ``کولکاتا``; a Wikidata row of unknown type of that name
   too, for a LOCATION mention: ``دلی`` / ``دہلی``; the entity takes the id if it had none).
4b. **Bodies of one name in several countries.** A listed body whose name the news gives to
   the bodies of several countries (``data/generic_bodies.tsv``: ``سپریم کورٹ``, ``سینیٹ``,
   ``الیکشن کمیشن``) is that country's when its country is written right before it
   (``بھارتی سپریم کورٹ``, ``امریکی سینیٹ``, ``بھارت کی سپریم کورٹ``: :func:`body_country`) or
   when the article writes it so elsewhere, for one country only: it joins the entity of that
   country's body (English name ``Supreme Court of India``; ``پاکستان کی سپریم کورٹ`` joins the
   listed ``سپریم کورٹ آف پاکستان``).  With no such context it is the generic entity
   (``Supreme Court``), never a country's: one country's court does not take another's mentions.
4c. **An organisation with its acronym in brackets.** An ORGANIZATION written with its
   acronym after it in brackets (``پاکستان ٹیلی کمیونیکیشن اتھارٹی (پی ٹی اے)``), the acronym
   two Latin letters or more spelled out (``پی``, ``ٹی``, ``اے``: :data:`LETTER_NAMES`), is the
   entity of the name (resolved by the rules above, or the acronym's entity when only the
   acronym is known), and the acronym alone becomes its alias if it is no other entity's: a
   later ``پی ٹی اے`` joins it.  A faction letter (``مسلم لیگ (ن)``) is no acronym, nor are
   letters that are the initials of the name's last words only (``قائمہ کمیٹی برائے انفارمیشن
   ٹیکنالوجی (آئی ٹی)``: the brackets gloss those words).  Two entities are never merged.
5. **Surname across articles.** A one-word PERSON name not resolved above joins the one
   PERSON entity having a longer alias ending in that word — only if there is exactly one such
   entity and the word is not a shared name word (``data/shared_name_words.txt``: خان, احمد,
   شریف …).  Symmetrically, a new full name joins an existing surname-only entity under the
   same conditions — and only while that entity has no full name yet and no other full name
   ends in the word (so ``ڈونلڈ ٹرمپ`` may join an earlier ``ٹرمپ``, but ``ایوانکا ٹرمپ``
   then starts a new entity).  A surname of several words (``نیتن یاہو``) not resolved above
   joins the one PERSON entity having a longer alias ending in those words, unless every word is
   a shared name word (``محمد خان``); and a new longer name ending in the several words of an
   existing alias joins its entity when no longer alias ends in them (``یو اے ای بخیت عتیق
   الرومیتی`` after ``بخیت عتیق الرومیتی``: a place left before the name), unless they are two
   words ending in a shared name word (``عامر خان`` is a full name: ``محمد عامر خان`` may be
   someone else).
6. **Glued first name.** A one-word PERSON name still unresolved that is a first name glued to
   a known surname after a letter that does not join (``جوبائیڈن``: writers drop that space, as
   it does not show) is resolved as the two words (``جو بائیڈن``) by rule 5, when exactly one
   cut leaves a known, not shared, surname of at least three letters.
7. **Variants of a full name.** A PERSON name of two words or more still unresolved joins the
   one PERSON entity having an alias of the same words but (a) shared name words in the middle
   left out or put in, the surname not being one (``عرفان نیازی`` / ``عرفان خان نیازی``; not
   ``سلیم خان`` / ``سلیم حیدر خان``) or (b) one word spelled with one medial vowel letter more
   or less (``ا``, ``و``, ``ی``: ``کملا``/``کاملا`` ہیرس, ``ایڈم زمپا``/``زیمپا``) or a final
   ``ہ`` for ``ا`` (``اروڑہ``/``اروڑا``, ``سارہ``/``سارا``) or a retroflex letter for its dental
   one (``ویراٹ``/``ویرات`` کوہلی, ``ڈکشٹ``/``ڈکشت``) or an aspirated consonant for the plain
   one (``کانتھ``/``کانت``, ``شیٹھی``/``شیٹی``), only when another word is the same and not a
   shared name word (or, for a given name of six letters or more, before a shared surname:
   ``پریانکا``/``پرینکا چوپڑا``, not ``سلمان``/``سلیمان خان``), and the varied word has five
   letters or more (four for another consonant or final letter) and is not itself a shared name
   word (``محمد``/``محمود``, ``عمر``/``عامر`` are different names). Two such entities: left
   alone. A LOCATION or ORGANIZATION of several words that the gazetteer does not know joins an
   entity of its type the same way (``شمالی کیرولائنا``/``شمالی کیرولینا``, ``آکسفورڈ``/``آکسفرڈ
   یونیورسٹی``), and so does a one-word LOCATION of seven letters or more
   (``نبراسکا``/``نیبراسکا``); in a place's or an organisation's word of seven letters or more
   one vowel letter may also stand for another (``پنسلوینیا``/``پنسلوانیا``). A gazetteer place
   met after such a variant joins the variant's entity, which takes the item's names.
8. Otherwise a new entity is created, named by the mention's surface text.

Merges are never undone: a later second ``X لاوروف`` does not split an earlier join.  Wrong
merges cost more than missed ones, hence the "exactly one" conditions.

>>> from akhbar.entities.ner import Entity
>>> spans = [(0, 0, 30)]
>>> ents = [Entity(0, 12, "سرگئی لاوروف", "PERSON", "وزیر"), Entity(14, 19, "ماسکو", "LOCATION")]
>>> [(m.text, m.sentence) for m in mentions_from_entities(0, spans, ents)]
[('سرگئی لاوروف', 0), ('ماسکو', 0)]
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, NamedTuple

import regex

from akhbar.entities.gazetteer import Gazetteer, GazetteerEntry, default_gazetteer, name_key
from akhbar.entities.ner import Entity, Recognizer, default_recognizer
from akhbar.text.keys import match_key
from akhbar.text.segment import segment
from akhbar.text.words import NONJOINING

if TYPE_CHECKING:
    from akhbar.article import Article
    from akhbar.store import Store

__all__ = [
    "LINKED_TYPES",
    "LINKER_VERSION",
    "AnnotateSummary",
    "Linker",
    "Mention",
    "annotate",
    "annotation_warning",
    "body_country",
    "find_mentions",
    "generic_bodies",
    "mentions_from_entities",
    "name_key",
    "shared_name_words",
]

#: Entity types that are linked and stored (numbers and times are not entities to explore).
LINKED_TYPES = frozenset({"PERSON", "LOCATION", "ORGANIZATION"})
#: Bumped whenever the linking or recognition code changes, so an interrupted ``annotate`` does
#: not resume with others (data files and enabled rules are hashed by :func:`annotation_id`).
#: 4: the names of one listed body, superscript alef, a vowel letter for another and one-word
#: places (rules 2, 4, 7); gazetteer_organization's brackets, glued names and places.
#: 5: bodies of one name in several countries (rule 4b); organization_noun, glued postpositions.
#: 6: a place or a body is named by the form its mentions use most (aliases count mentions).
#: 7: a year sign cut off its year by the tokenizer is read on it again (``1947ء``).
#: 8: an organisation with its acronym in brackets (rule 4c).
#: 9: a person that is only a place after its title is that place (``صدر امریکا``).
#: 10: a person is named by its most used full name (``Linker._rename``).
#: 11: an IANA time zone after a dateline's time ends its TIME span (rule ``latin_month``).
#: 12: ``known_pair`` also parts lists of names (five words or more).
#: 13: a title the model cut in two is left out of the name whole (``سی ای او``); the letters
#: of an abbreviated title are no bar to a name after a title (``خامنہ ای``).
#: 14: a listed name the model tagged whole with another name type takes the listed type.
#: 15: a person or place span that is exactly a listed organisation is that organisation.
#: 16: an organisation span that starts with a title loses it before a listed body or person.
#: 17: a month or weekday at the end of a name span, before a postposition, leaves it.
#: 18: an organisation span of a title, a listed body and a name is the body and the person.
#: 19: a place span that is one listed common noun (ہوٹل, کرپشن) is none.
#: 20: a place span that is one word ending two listed persons' names is a person (کوہلی).
#: 21: such a surname alone, untagged, before نے, کو or a genitive is the person (دھونی نے).
#: 22: thirteen country names as the shared news spells them (تیونس, برما, بیلجیئم).
#: 23: three armed groups the news names are listed organisations (بوکو حرام, الشباب, ایساف).
#: 24: places.tsv, places no shared gazetteer has (خیبرپختونخوا, حلب, کولکتہ).
#: 25: another name of a listed place without a Wikidata id joins its entity (rule 4); a
#: retroflex letter for its dental one is a spelling variant of a full name (rule 7).
#: 26: so is an aspirated consonant for the plain one, and a four-letter word's final ہ for ا;
#: an organisation's name of several words has spelling variants too.
#: 27: a given name of six letters or more spelled two ways before a shared surname.
#: 28: a dateline's place ends before the bracket of its source (rule ``brackets``).
#: (29-32: the twenty-ninth session's linking rules, benchmarks/NER.md twenty-fifth round.)
#: 33: a two-word name written joined is its two words to the recognizer (the tokenizer cuts
#: it: ``akhbar/text/data/words_name_splits.tsv``); rule ``place_whole`` (``نیو [یارک]``).
#: 34: a listed name of letter names only is no person (``یو ایس``); ``ریٹائرڈ``, ``چانسلر``
#: and four joined minister titles are titles; ``title_person`` takes no slot of common words.
#: 35: a gazetteer place of two words or more (``نیو یارک``, ``یو اے ای``) needs no
#: postposition after it (``gazetteer_location``).
#: 36: a gazetteer place before a word for a city, province or district (``لندن شہر``) or for
#: attacks (``پلوامہ حملے``, an ``event``) is the place.
#: 37: a listed person's first two words alone are the person (rule ``known_prefix``:
#: ``بلاول بھٹو`` of ``بلاول بھٹو زرداری``).
#: 38: a listed person right after a body's span is the person, also where the model ran the
#: span on over the name (``[پاکستان کرکٹ بورڈ] [محسن نقوی]``); ``فارما سیوٹیکل`` is no name.
#: 39: a title of several words whose tail the model took into the name, the tail no name's
#: word, is left out of it (``صدر [مملکت آصف علی زرداری]``).
LINKER_VERSION = "39"
#: The names of the Latin letters as Urdu writes them in an acronym (``پی ٹی آئی``, ``ایف بی
#: آر``), as match keys, with the letters an Urdu transliteration of a word with that initial
#: starts with (``ٹی``: ``ٹیکنالوجی``, ``تھیٹر``).
LETTER_INITIALS: dict[str, str] = {
    match_key(name): initials
    for name, initials in (
        ("اے", "اآع"),
        ("بی", "ب"),
        ("سی", "سکصچث"),
        ("ڈی", "ڈد"),
        ("ای", "اآ"),
        ("ایف", "ف"),
        ("جی", "جگ"),
        ("ایچ", "ہحھ"),
        ("آئی", "اآ"),
        ("جے", "ج"),
        ("کے", "کقخ"),
        ("ایل", "ل"),
        ("ایم", "م"),
        ("این", "ن"),
        ("او", "اآ"),
        ("پی", "پ"),
        ("کیو", "قک"),
        ("آر", "ر"),
        ("ایس", "سصشث"),
        ("ٹی", "ٹتط"),
        ("یو", "یا"),
        ("وی", "و"),
        ("ڈبلیو", "و"),
        ("ایکس", "از"),
        ("وائی", "یو"),
        ("زیڈ", "زذظ"),
    )
}
LETTER_NAMES = frozenset(LETTER_INITIALS)
#: ``name (acronym)``: a name and what its last brackets hold (the recognizer's span may end
#: before the closing bracket).
_BRACKETED = re.compile(r"^(.*\S)\s*[(\[]\s*([^()\[\]]+?)\s*[)\]]?$")


def acronym_parts(text: str) -> tuple[str, str, str, str] | None:
    """When ``text`` is an organisation's name with its acronym in brackets after it (rule
    4c): the name and the acronym as written, and their name keys; else None.

    >>> acronym_parts("پاکستان ٹیلی کمیونیکیشن اتھارٹی (پی ٹی اے)")[:2]
    ('پاکستان ٹیلی کمیونیکیشن اتھارٹی', 'پی ٹی اے')
    >>> acronym_parts("وفاقی تحقیقاتی ادارے (ایف آئی اے")[:2]  # the span ends before ")"
    ('وفاقی تحقیقاتی ادارے', 'ایف آئی اے')
    >>> acronym_parts("مسلم لیگ (ن)"), acronym_parts("نیب (ایم)"), acronym_parts("پی ٹی اے")
    (None, None, None)

    Nor is an acronym of the name's last words only (the brackets gloss those words):

    >>> acronym_parts("قائمہ کمیٹی برائے انفارمیشن ٹیکنالوجی (آئی ٹی)") is None
    True
    """
    m = _BRACKETED.match(text)
    if m is None:
        return None
    name, short = name_key(m.group(1)), name_key(m.group(2))
    letters = short.split(" ")
    if not name or len(letters) < 2 or not LETTER_NAMES.issuperset(letters):
        return None
    words = name.split(" ")
    tail = words[-len(letters) :]
    if len(words) > len(letters) and all(
        w[0] in LETTER_INITIALS[c] for w, c in zip(tail, letters, strict=True)
    ):
        return None
    return m.group(1), m.group(2), name, short


#: Entity types named by their most used alias (a person by its most used full name: see
#: :meth:`Linker._rename`).
RENAMED_TYPES = frozenset({"PERSON", "LOCATION", "ORGANIZATION"})


class Mention(NamedTuple):
    """One entity mention in an article: offsets into ``article.paragraphs[paragraph]``."""

    paragraph: int
    sentence: int  # index into article.sentences
    start: int
    end: int
    text: str  # paragraph[start:end], title excluded
    type: str  # the recognizer's type
    title: str | None
    key: str  # name_key(text)


@cache
def shared_name_words() -> frozenset[str]:
    """Match keys of the shared name words (``data/shared_name_words.txt``).

    >>> match_key("خان") in shared_name_words()
    True
    """
    text = files("akhbar.entities").joinpath("data/shared_name_words.txt").read_text("utf-8")
    return frozenset(
        match_key(line.split("\t")[0].strip())
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


#: A superscript (dagger) alef not after a yeh: a long a that plain spelling writes as ``ا``
#: (``رحمٰن`` / ``رحمان``, ``اسحٰق`` / ``اسحاق``) or leaves out (``رحمن``), which is what the match
#: key does.  After a yeh it is the a of a final yeh (``عیسیٰ``, ``اعلیٰ``), after a shadda that
#: of ``اللّٰہ`` (plain ``اللہ``): never an alef.
_DAGGER_ALEF = re.compile(r"(?<![\u06cc\u0649\u064a\u06d2\u0651])\u0670")


def alef_key(text: str, kind: str) -> str | None:
    """The key of a mention's text with its superscript alef written as ``ا`` (the spelling
    ``رحمان`` of ``رحمٰن``), or None when the text has none outside a final yeh.

    >>> alef_key("اے آر رحمٰن", "PERSON") == name_key("اے آر رحمان")
    True
    >>> alef_key("عیسیٰ", "PERSON") is None, alef_key("رحمان", "PERSON") is None
    (True, True)
    """
    if "\u0670" not in text:
        return None
    spelled = _DAGGER_ALEF.sub("ا", text)
    return _mention_key(spelled, kind) if spelled != text else None


def _mention_key(text: str, kind: str) -> str:
    """The name key of a mention (a number glued to a person's name is never part of it)."""
    key = name_key(text)
    if kind == "PERSON":
        key = " ".join(w for w in key.split(" ") if not w.isdigit())
    return key


def mentions_from_entities(
    paragraph: int, sentences: Sequence[tuple[int, int, int]], entities: Iterable[Entity]
) -> list[Mention]:
    """Mentions of one paragraph from its recognized entities (linked types only).

    ``sentences`` are ``(sentence index, start, end)`` spans of the paragraph's sentences; a
    mention gets the index of the sentence it starts in.

    >>> mentions_from_entities(2, [(5, 0, 10)], [Entity(0, 3, "ایک", "NUMBER")])
    []
    """
    out = []
    for e in entities:
        if e.type not in LINKED_TYPES:
            continue
        key = _mention_key(e.text, e.type)
        if not key:
            continue
        sent = next((i for i, s, t in sentences if s <= e.start < t), sentences[-1][0])
        out.append(Mention(paragraph, sent, e.start, e.end, e.text, e.type, e.title, key))
    return out


def find_mentions(article: Article, recognizer: Recognizer | None = None) -> tuple[Mention, ...]:
    """Recognize and key the mentions of an article's paragraphs (title not included).

    >>> from akhbar.article import Article
    >>> a = Article(id="1", paragraphs=("روس نے کہا۔", "ایران اور روس۔"))
    >>> [(m.paragraph, m.sentence, m.text) for m in find_mentions(a)]
    [(0, 0, 'روس'), (1, 1, 'ایران'), (1, 1, 'روس')]
    """
    rec = recognizer or default_recognizer()
    out: list[Mention] = []
    n = 0
    for i, paragraph in enumerate(article.paragraphs):
        sents = segment(paragraph)
        if not sents:
            continue
        spans = [(n + j, s.start, s.end) for j, s in enumerate(sents)]
        n += len(sents)
        ents = rec.entities_in_sentences(paragraph, [s.tokens for s in sents])
        out.extend(mentions_from_entities(i, spans, ents))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Bodies of one name in several countries
# --------------------------------------------------------------------------------------------

#: Separates a generic body's key from its country in an alias key (``سپریم کورٹ|India``);
#: never part of a name key (punctuation breaks words).
_COUNTRY_MARK = "|"


@cache
def generic_bodies() -> frozenset[str]:
    """English names of the listed bodies that several countries have (``data/generic_bodies.tsv``,
    built from the shared news by ``scripts/build_generic_bodies.py``).

    >>> "Supreme Court" in generic_bodies(), "Mossad" in generic_bodies()
    (True, False)
    """
    text = files("akhbar.entities").joinpath("data/generic_bodies.tsv").read_text("utf-8")
    return frozenset(
        line.split("\t")[0]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def _demonyms() -> dict[str, str]:
    text = files("akhbar.entities").joinpath("data/demonyms.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and line[0] != "#")
    return {match_key(r[0]): r[1] for r in rows}


@cache
def _countries() -> frozenset[str]:
    """English names of the gazetteer's countries: its LOCATION rows but the cities, provinces
    and states that ``data/place_types.tsv`` types (``کراچی کی سپریم کورٹ رجسٹری`` is
    Pakistan's court, not a court of Karachi)."""
    text = files("akhbar.entities").joinpath("data/place_types.tsv").read_text("utf-8")
    typed = {r.split("\t")[2] for r in text.splitlines() if r.strip() and not r.startswith("#")}
    g = default_gazetteer()
    return frozenset(e.english for e in g.entries() if e.type == "LOCATION") - typed


_GENITIVES = frozenset({"کا", "کی", "کے"})


def body_country(
    words: Sequence[str], gazetteer: Gazetteer | None = None
) -> tuple[str, int] | None:
    """The country written right before a body, from the words before it (last word last): an
    adjective of nationality (``بھارتی``: a gazetteer country + ``ی``, ``امریکی`` for
    ``امریکہ``, or one of ``data/demonyms.tsv``) or a country and a genitive (``بھارت کی``,
    ``بنگلہ دیش کی``; not a city: ``کراچی کی``).  Returns the country's English name and how
    many of the words name it, or None.

    >>> body_country(["فیصلہ", "بھارتی"]), body_country(["امریکی"])
    (('India', 1), ('United States', 1))
    >>> body_country(["اور", "بنگلہ", "دیش", "کی"]), body_country(["کہ", "اعلیٰ"])
    (('Bangladesh', 3), None)
    >>> body_country(["کراچی", "کی"]) is None
    True
    """
    g = gazetteer or default_gazetteer()
    keys = [match_key(w) for w in words[-3:]]
    if not keys or not keys[-1]:
        return None
    last = keys[-1]
    if last in _GENITIVES:
        for size in (2, 1):
            if len(keys) > size and all(k.isalpha() for k in keys[-1 - size : -1]):
                entry = g.lookup(" ".join(keys[-1 - size : -1]), "LOCATION")
                if entry is not None and entry.english in _countries():
                    return entry.english, size + 1
        return None
    if last in _demonyms():
        return _demonyms()[last], 1
    if len(last) > 3 and last.endswith("ی"):
        for size in (2, 1):
            if len(keys) >= size and all(k.isalpha() for k in keys[-size:]):
                stem = " ".join([*keys[-size:-1], last[:-1]])
                for place in (stem, stem + "ہ"):
                    entry = g.lookup(name_key(place), "LOCATION")
                    if entry is not None and entry.english in _countries():
                        return entry.english, size
    return None


#: Words and single punctuation marks of a text (the words before a mention).
_TOKENS = regex.compile(r"[\p{L}\p{M}\p{N}\u200c]+|\S")


def _words_before(text: str, start: int) -> list[str]:
    """The last three tokens of ``text[:start]`` (a punctuation mark is a token)."""
    tokens: list[str] = _TOKENS.findall(text, max(0, start - 80), start)
    return tokens[-3:]


# --------------------------------------------------------------------------------------------
# Linking into the store
# --------------------------------------------------------------------------------------------


def _words(key: str) -> list[str]:
    return key.split(" ")


#: Letters a transliterated name may write or leave out inside a word (long or short vowel).
_VOWEL_LETTERS = frozenset("اوی")
#: The varied word of a spelling variant (rule 7b) has at least this many letters: shorter
#: names differ by one vowel letter too often (عمر/عامر, سعد/سعید, نصر/ناصر).
MIN_VARIANT_LETTERS = 5
#: A vowel letter for another (``پنسلوانیا``/``پنسلوینیا``) and any variant of a one-word place
#: need this many letters: below it, two names of the gazetteer differ so (تاییان / تاییوان,
#: Tai'an / Taiwan; گیانا / گانا, Guyana / Ghana); from it, none.
MIN_LONG_VARIANT_LETTERS = 7
#: A glued surname (rule 6) has at least this many letters, its first name at least two.
MIN_GLUED_SURNAME = 3


def vowel_variant(a: str, b: str, *, substitute: bool = False) -> bool:
    """Whether words ``a`` and ``b`` are two spellings of one transliterated name: one vowel
    letter (``ا``/``و``/``ی``) written or left out inside the word (not its first or last
    letter), or a final ``ہ`` for a final ``ا`` (which match keys fold only from six letters),
    the longer having at least :data:`MIN_VARIANT_LETTERS` letters; with ``substitute``
    (places), also one such vowel letter for another in words of
    :data:`MIN_LONG_VARIANT_LETTERS` letters or more.  (Not in people's names: there it made
    more spellings of a first name meet, ولادیمیر / ولودیمیر, and so two entities of one
    person each a candidate, which rule 7 leaves alone: fewer merges on the news, not more.)

    >>> vowel_variant("کاملا", "کملا"), vowel_variant("زمپا", "زیمپا")
    (True, True)
    >>> vowel_variant("اروڑہ", "اروڑا"), vowel_variant("پنسلوانیا", "پنسلوینیا", substitute=True)
    (True, True)
    >>> vowel_variant("عامر", "عمر"), vowel_variant("کملا", "کملا"), vowel_variant("کملا", "کملو")
    (False, False, False)
    >>> vowel_variant("جارجیا", "جورجیا", substitute=True)  # too short to substitute
    False
    """
    if len(a) < len(b):
        a, b = b, a
    if len(a) < MIN_VARIANT_LETTERS:
        return False
    if len(a) == len(b):
        if a[:-1] == b[:-1] and {a[-1], b[-1]} == {"ہ", "ا"}:
            return True
        differ = [i for i in range(1, len(a) - 1) if a[i] != b[i]]
        return (
            substitute
            and len(a) >= MIN_LONG_VARIANT_LETTERS
            and len(differ) == 1
            and a[0] == b[0]
            and a[-1] == b[-1]
            and a[differ[0]] in _VOWEL_LETTERS
            and b[differ[0]] in _VOWEL_LETTERS
        )
    if len(a) != len(b) + 1:
        return False
    return any(a[i] in _VOWEL_LETTERS and a[:i] + a[i + 1 :] == b for i in range(1, len(a) - 1))


#: Retroflex letters and the dental ones a transliteration writes for them (``ویراٹ`` /
#: ``ویرات``, ``ڈکشٹ`` / ``ڈکشت``, ``جڈیجا`` / ``جدیجا``): Hindi and English names come into
#: Urdu both ways.
_RETROFLEX = {"ٹ": "ت", "ڈ": "د", "ڑ": "ر"}
#: The varied word of a consonant variant (:func:`consonant_variant`) has at least this many
#: letters (``شنڈے``, ``کانتھ``, ``سارہ``); shorter ones are other names (``بٹ`` / ``بھٹ``).
MIN_CONSONANT_LETTERS = 4


def consonant_variant(a: str, b: str) -> bool:
    """Whether words ``a`` and ``b`` (the longer of :data:`MIN_CONSONANT_LETTERS` letters or
    more) are two transliterations of one name that differ only where one writes

    * a retroflex letter (``ٹ``, ``ڈ``, ``ڑ``) and the other its dental one (``ت``, ``د``,
      ``ر``): ``ویراٹ`` / ``ویرات``, ``کٹرینہ`` / ``کترینہ``;
    * or an aspirated consonant (``ھ`` after it) and the other the plain one: ``کانتھ`` /
      ``کانت``, ``شیٹھی`` / ``شیٹی``, ``مکھرجی`` / ``مکرجی``;
    * or, in a word of four letters, a final ``ہ`` and the other a final ``ا``: ``سارہ`` /
      ``سارا`` (:func:`vowel_variant` takes longer words).

    >>> consonant_variant("ویراٹ", "ویرات"), consonant_variant("امیتابھ", "امیتاب")
    (True, True)
    >>> consonant_variant("آملہ", "آملا"), consonant_variant("بٹ", "بھٹ")
    (True, False)
    >>> consonant_variant("ویرات", "ویرات"), consonant_variant("ویراٹ", "ویرام")
    (False, False)
    """
    if a == b or max(len(a), len(b)) < MIN_CONSONANT_LETTERS:
        return False
    if len(a) != len(b):
        long, short = (a, b) if len(a) > len(b) else (b, a)
        return len(long) == len(short) + 1 and any(
            long[i] == "ھ" and long[:i] + long[i + 1 :] == short for i in range(1, len(long))
        )
    if len(a) == MIN_CONSONANT_LETTERS and a[:-1] == b[:-1] and {a[-1], b[-1]} == {"ہ", "ا"}:
        return True
    return all(
        x == y or _RETROFLEX.get(x) == y or _RETROFLEX.get(y) == x
        for x, y in zip(a, b, strict=True)
    )


def name_variant(
    a: Sequence[str], b: Sequence[str], shared: frozenset[str], *, substitute: bool = False
) -> bool:
    """Whether two multi-word PERSON keys (as word lists) are variants of one name (rule 7).

    Shared name words between the first and the last word are left out of both (only when
    the last word, the surname, is not a shared name word itself); what is left
    must have the same length, at most one pair of words may differ, and then only as a
    :func:`vowel_variant` or a :func:`consonant_variant` of words that are not shared name
    words; at least one word that is not a shared name word must be the same in both.

    >>> shared = frozenset({"خان"})
    >>> name_variant("عرفان نیازی".split(), "عرفان خان نیازی".split(), shared)
    True
    >>> name_variant("کاملا ہیرس".split(), "کملا ہیرس".split(), shared)
    True
    >>> name_variant("عامر خان".split(), "عمر خان".split(), shared)
    False
    >>> name_variant("ویرات کوہلی".split(), "ویراٹ کوہلی".split(), shared)
    True
    >>> name_variant("سلیم خان".split(), "سلیم حیدر خان".split(), frozenset({"خان", "حیدر"}))
    False
    """
    if tuple(a) == tuple(b) or len(a) < 2 or len(b) < 2:
        return False
    if len(a) != len(b) and a[-1] in shared:
        return False  # سلیم خان (the writer) / سلیم حیدر خان (the governor): two people
    a = [a[0], *(w for w in a[1:-1] if w not in shared), a[-1]]
    b = [b[0], *(w for w in b[1:-1] if w not in shared), b[-1]]
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(differ) > 1:
        return False
    if not any(x == y and x not in shared for x, y in zip(a, b, strict=True)) and not (
        # a long given name spelled two ways before a shared surname (پریانکا / پرینکا
        # چوپڑا): the name itself tells the person; a short one does not (سلمان / سلیمان خان)
        len(a) == 2 and differ and differ[0][0] == a[0] and min(map(len, differ[0])) >= 6
    ):
        return False
    return all(
        x not in shared
        and y not in shared
        and (vowel_variant(x, y, substitute=substitute) or consonant_variant(x, y))
        for x, y in differ
    )


class Linker:
    """Resolves mentions to entities in the store's tables, inside the caller's transaction.

    ``staging=True`` writes the ``*_next`` tables that :func:`annotate` builds before swapping
    them in.  Use one Linker per transaction (it holds no state besides the connection).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        staging: bool = False,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.conn = conn
        sfx = "_next" if staging else ""
        self.t_entities = f"entities{sfx}"
        self.t_aliases = f"entity_aliases{sfx}"
        self.t_mentions = f"mentions{sfx}"
        self.gazetteer = gazetteer or default_gazetteer()
        self.shared = shared_name_words()

    # -- resolution ------------------------------------------------------------------------

    def _type(self, m: Mention) -> str:
        if m.type in ("LOCATION", "ORGANIZATION"):
            entry = self.gazetteer.lookup(m.key, m.type)
            if entry is not None and entry.type == "LOCATION":
                return "LOCATION"
        return m.type

    @staticmethod
    def _in_article(names: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Short PERSON keys → the one longer PERSON key of the same article they abbreviate."""
        persons = {k for k, t in names if t == "PERSON"}
        full = [k for k in persons if " " in k]
        out: dict[tuple[str, str], str] = {}
        for k in persons:
            w = _words(k)
            cands = set()
            for f in full:
                fw = _words(f)
                if len(fw) > len(w) and (fw[-len(w) :] == w or (len(w) == 1 and fw[0] == w[0])):
                    cands.add(f)
            # keep only the longest candidates (a middle form joins the full one)
            maximal = {c for c in cands if not any(c != d and d.endswith(" " + c) for d in cands)}
            if len(maximal) == 1:
                out[(k, "PERSON")] = maximal.pop()
        return out

    def _alias(self, key: str, kind: str) -> int | None:
        row = self.conn.execute(
            f"SELECT entity FROM {self.t_aliases} WHERE key = ? AND type = ?", (key, kind)
        ).fetchone()
        return int(row[0]) if row else None

    def _compact_alias(self, key: str, kind: str) -> int | None:
        """An entity whose alias is ``key`` written with other spacing (بنگلا دیش/بنگلادیش)."""
        rows = self.conn.execute(
            f"SELECT DISTINCT entity FROM {self.t_aliases} "
            "WHERE replace(key, ' ', '') = ? AND type = ? LIMIT 2",
            (key.replace(" ", ""), kind),
        ).fetchall()
        return int(rows[0][0]) if len(rows) == 1 else None

    def _add_alias(self, key: str, kind: str, entity: int, surface: str | None = None) -> None:
        """Make ``key`` resolve to ``entity``; ``surface``: how the mention that brought the key
        wrote it (None for keys made up by the linker, such as a name's alef spelling)."""
        w = _words(key)
        self.conn.execute(
            f"INSERT OR IGNORE INTO {self.t_aliases} (key, type, entity, last, words, surface) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (key, kind, entity, w[-1], len(w), surface),
        )

    def _surname_entity(self, key: str) -> int | None:
        """The one PERSON entity with a multi-word alias ending in one-word ``key``."""
        if key in self.shared:
            return None
        rows = self.conn.execute(
            f"SELECT DISTINCT entity FROM {self.t_aliases} "
            "WHERE last = ? AND type = 'PERSON' AND words > 1 LIMIT 2",
            (key,),
        ).fetchall()
        return int(rows[0][0]) if len(rows) == 1 else None

    def _suffix_entity(self, key: str) -> int | None:
        """The one PERSON entity with a longer alias ending in multi-word ``key`` (a surname of
        two words, ``نیتن یاہو`` of ``بن یامین نیتن یاہو``); None when there are two, or when
        every word of ``key`` is a shared name word (``محمد خان``)."""
        words = _words(key)
        if all(w in self.shared for w in words):
            return None
        found: set[int] = set()
        for alias, entity in self.conn.execute(
            f"SELECT key, entity FROM {self.t_aliases} "
            "WHERE last = ? AND type = 'PERSON' AND words > ?",
            (words[-1], len(words)),
        ):
            if str(alias).endswith(" " + key):
                found.add(int(entity))
                if len(found) > 1:
                    return None
        return found.pop() if found else None

    def _longer_name_joins(self, key: str) -> int | None:
        """For a new PERSON key of 3+ words: the entity of an alias made of its last 2+ words
        (the longest such alias), when no alias longer than that one ends in them, and they end
        in a word that is not a shared name word or are three words or more
        (``یو اے ای بخیت عتیق الرومیتی`` → ``بخیت عتیق الرومیتی``; but ``محمد عامر خان``, a
        cricketer, is not ``عامر خان``, the actor)."""
        words = _words(key)
        for n in range(len(words) - 1, 1, -1):
            tail = words[-n:]
            if all(w in self.shared for w in tail) or (n == 2 and tail[-1] in self.shared):
                continue
            suffix = " ".join(tail)
            entity = self._alias(suffix, "PERSON")
            if entity is None:
                continue
            for (alias,) in self.conn.execute(
                f"SELECT key FROM {self.t_aliases} "
                "WHERE last = ? AND type = 'PERSON' AND words > ?",
                (tail[-1], n),
            ):
                if str(alias).endswith(" " + suffix):
                    return None
            return entity
        return None

    def _glued_split(self, key: str) -> str | None:
        """A one-word PERSON key cut into a first name and a known surname (``جو بائیڈن`` of
        ``جوبائیڈن``), when exactly one cut after a non-joining letter leaves a surname that is a
        one-word PERSON alias or the last word of a longer one, and not a shared name word."""
        cuts = []
        for i in range(2, len(key) - MIN_GLUED_SURNAME + 1):
            if key[i - 1] not in NONJOINING:
                continue
            surname = key[i:]
            if surname in self.shared:
                continue
            if self.conn.execute(
                f"SELECT 1 FROM {self.t_aliases} WHERE last = ? AND type = 'PERSON' LIMIT 1",
                (surname,),
            ).fetchone():
                cuts.append(f"{key[:i]} {surname}")
        return cuts[0] if len(cuts) == 1 else None

    def _variant_entity(self, key: str, kind: str = "PERSON") -> int | None:
        """The one entity of type ``kind`` with an alias that is a :func:`name_variant` of
        ``key``."""
        words = _words(key)
        found: set[int] = set()
        first = words[0] + " "
        rows = self.conn.execute(
            f"SELECT key, entity FROM {self.t_aliases} WHERE type = ? AND words > 1 "
            "AND (last = ? OR (key >= ? AND key < ?))",
            (kind, words[-1], first, words[0] + "!"),
        )
        for alias, entity in rows:
            if name_variant(words, _words(str(alias)), self.shared, substitute=kind != "PERSON"):
                found.add(int(entity))
                if len(found) > 1:
                    return None
        return found.pop() if found else None

    def _listed_body_entity(self, english: str) -> int | None:
        """The one ORGANIZATION entity named ``english`` in English: a listed body met under
        another of its names (``ن لیگ`` after ``مسلم لیگ ن``); None when there are two."""
        found = self._english_entities(english, "ORGANIZATION")
        return found[0][0] if len(found) == 1 else None

    def _english_entities(self, english: str, kind: str) -> list[tuple[int, str | None]]:
        """The entities of type ``kind`` named ``english`` in English (id, Wikidata id), at most
        a few (through the case-blind index of English names, compared exactly here)."""
        rows = self.conn.execute(
            f"SELECT id, english, wikidata FROM {self.t_entities} "
            "WHERE english = ? COLLATE NOCASE AND type = ? LIMIT 16",
            (english, kind),
        )
        return [(int(i), q) for i, e, q in rows if e == english]

    def _listed_place_entity(self, entry: GazetteerEntry) -> int | None:
        """The one LOCATION entity of a gazetteer place met under another of its names (the
        rows of one English name that names one place: ``بنگلا دیش`` after ``بنگلہ دیش``,
        ``کولکاتا`` after ``کولکتہ``); None when the name is no one place's or two entities
        have it."""
        ids = self.gazetteer.one_place(entry.english)
        if ids is None:
            return None
        found = self._english_entities(entry.english, "LOCATION")
        if len(found) != 1:
            return None
        entity, qid = found[0]
        return entity if qid is None or qid in ids else None

    def _place_variant(self, key: str, *, unknown_only: bool = False) -> int | None:
        """The one LOCATION entity with a one-word alias that is a :func:`vowel_variant` of
        one-word ``key`` (``پنسلوینیا`` / ``پنسلوانیا``), both of at least
        :data:`MIN_LONG_VARIANT_LETTERS` letters, or of two or more the one the gazetteer
        names (a third spelling, ``پینسلوینیا``, started an entity of its own); with
        ``unknown_only``, among the entities the gazetteer does not name."""
        if len(key) < MIN_LONG_VARIANT_LETTERS:
            return None
        found: dict[int, bool] = {}  # entity -> named by the gazetteer
        for alias, entity, english in self.conn.execute(
            f"SELECT a.key, a.entity, e.english FROM {self.t_aliases} a JOIN {self.t_entities} "
            "e ON e.id = a.entity WHERE a.type = 'LOCATION' AND a.words = 1 "
            "AND a.key >= ? AND a.key < ? AND (? = 0 OR e.english IS NULL)",
            (key[0], key[0] + "\U0010ffff", int(unknown_only)),
        ):
            if len(alias) >= MIN_LONG_VARIANT_LETTERS and vowel_variant(
                key, str(alias), substitute=True
            ):
                found[int(entity)] = english is not None
        named = [e for e, known in found.items() if known]
        if len(found) == 1 or len(named) == 1:
            return next(iter(found)) if len(found) == 1 else named[0]
        return None

    def _full_name_joins(self, key: str) -> int | None:
        """For a new multi-word PERSON key: the surname-only entity it may join."""
        last = _words(key)[-1]
        if last in self.shared:
            return None
        single = self._alias(last, "PERSON")
        if single is None:
            return None
        # Any full name ending in that word already (even of this entity: a second first name,
        # ایوانکا ٹرمپ after ڈونلڈ ٹرمپ, is a different person) makes the surname ambiguous.
        others = self.conn.execute(
            f"SELECT 1 FROM {self.t_aliases} "
            "WHERE last = ? AND type = 'PERSON' AND words > 1 LIMIT 1",
            (last,),
        ).fetchall()
        return None if others else single

    def _resolve(self, key: str, kind: str, surface: str, alefs: Iterable[str] = ()) -> int:
        found = self._alias(key, kind)
        if found is not None:
            return found
        # the name written with its superscript alef as ا (رحمٰن → رحمان): one entity has it
        spelled = {e for a in alefs if (e := self._alias(a, kind)) is not None}
        if len(spelled) == 1:
            found = spelled.pop()
            self._add_alias(key, kind, found, surface)
            return found
        found = self._compact_alias(key, kind)
        if found is not None:
            self._add_alias(key, kind, found, surface)
            if kind == "PERSON" and " " in key:  # a glued name met with its space: show that
                self.conn.execute(
                    f"UPDATE {self.t_entities} SET name = ?, key = ? "
                    "WHERE id = ? AND instr(key, ' ') = 0",
                    (surface, key, found),
                )
            return found
        if _COUNTRY_MARK in key:  # one country's body of a generic name (rule 4b)
            base, country = key.split(_COUNTRY_MARK, 1)
            body = self.gazetteer.lookup(base, kind)
            english = f"{body.english if body else base} of {country}"
            found = self._listed_body_entity(english)
            if found is None:
                cur = self.conn.execute(
                    f"INSERT INTO {self.t_entities} (type, name, key, english, wikidata) "
                    "VALUES (?, ?, ?, ?, NULL)",
                    (kind, surface, key, english),
                )
                found = int(cur.lastrowid or 0)
            self._add_alias(key, kind, found, surface)
            return found
        entry = self.gazetteer.lookup(key, kind)
        if entry is not None and entry.wikidata:
            row = self.conn.execute(
                f"SELECT id FROM {self.t_entities} WHERE wikidata = ?", (entry.wikidata,)
            ).fetchone()
            if row:
                self._add_alias(key, kind, int(row[0]), surface)
                return int(row[0])
        if entry is not None and entry.type == "ORGANIZATION" and kind == "ORGANIZATION":
            found = self._listed_body_entity(entry.english)
            if found is not None:
                self._add_alias(key, kind, found, surface)
                return found
        if entry is not None and (
            entry.type == "LOCATION" or (entry.type == "ANY" and kind == "LOCATION")
        ):
            found = self._listed_place_entity(entry)
            if found is not None:
                self._add_alias(key, kind, found, surface)
                if entry.wikidata:  # the place's id, first met under a name without it
                    self.conn.execute(
                        f"UPDATE {self.t_entities} SET wikidata = ? "
                        "WHERE id = ? AND wikidata IS NULL",
                        (entry.wikidata, found),
                    )
                return found
        if kind == "PERSON":
            joined = self._surname_entity(key) if " " not in key else None
            full = key if " " in key else (None if joined is not None else self._glued_split(key))
            if full is not None:
                joined = self._alias(full, kind) if full != key else None
                if joined is None:
                    joined = self._full_name_joins(full)
                    if joined is not None and full == key:  # now a full name: show it
                        # (not a glued one: جوبائیڈن would be shown as it is written; the
                        # entity keeps its surname until the name comes with its space)
                        self.conn.execute(
                            f"UPDATE {self.t_entities} SET name = ?, key = ? WHERE id = ?",
                            (surface, key, joined),
                        )
                if joined is None:
                    joined = self._suffix_entity(full)
                if joined is None and len(_words(full)) > 2:
                    joined = self._longer_name_joins(full)
                if joined is None:
                    joined = self._variant_entity(full)
            if joined is not None:
                self._add_alias(key, kind, joined, surface)
                return joined
        if kind == "ORGANIZATION" and entry is None and " " in key:
            joined = self._variant_entity(key, kind)
            if joined is not None:
                self._add_alias(key, kind, joined, surface)
                return joined
        if kind == "LOCATION" and entry is None:
            joined = self._variant_entity(key, kind) if " " in key else self._place_variant(key)
            if joined is not None:
                self._add_alias(key, kind, joined, surface)
                return joined
        if kind == "LOCATION" and entry is not None and " " not in key:
            # a place the gazetteer knows after a variant it does not (پنسلوینیا, then
            # پنسلوانیا): the variant's entity, which takes the item's names
            joined = self._place_variant(key, unknown_only=True)
            if joined is not None:
                self._add_alias(key, kind, joined, surface)
                self.conn.execute(
                    f"UPDATE {self.t_entities} SET english = ?, wikidata = ? WHERE id = ?",
                    (entry.english, entry.wikidata, joined),
                )
                return joined
        cur = self.conn.execute(
            f"INSERT INTO {self.t_entities} (type, name, key, english, wikidata) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                kind,
                surface,
                key,
                entry.english if entry else None,
                entry.wikidata if entry else None,
            ),
        )
        entity = int(cur.lastrowid or 0)
        self._add_alias(key, kind, entity, surface)
        return entity

    def _resolve_acronym(
        self, key: str, surface: str, name_text: str, short_text: str, name: str, short: str
    ) -> int:
        """Rule 4c: the entity of ``key`` (written ``surface``), an organisation's name with its
        acronym in brackets (:func:`acronym_parts`); the acronym becomes its alias if free."""
        kind = "ORGANIZATION"
        found = self._alias(key, kind)
        if found is None:
            by_short = self._alias(short, kind)
            found = by_short if self._alias(name, kind) is None else None
            if found is None:
                found = self._resolve(name, kind, name_text)
            self._add_alias(key, kind, found, surface)
        if self._alias(short, kind) is None:
            self._add_alias(short, kind, found, short_text)
        return found

    def _body_keys(
        self, typed: Sequence[tuple[Mention, str]], paragraphs: Sequence[str] | None
    ) -> tuple[list[str], dict[str, str]]:
        """The key each mention is resolved under (rule 4b): a generic body's key with its
        country (``سپریم کورٹ|India``) when the words before it (or its own first words) name
        one, or when the article names one country for that body; else the mention's key.
        Also the surface a new entity of such a key is named by (``بھارتی سپریم کورٹ``)."""
        keys = [m.key for m, _ in typed]
        names: dict[str, str] = {}
        generic = generic_bodies()
        bare: list[tuple[int, str]] = []  # (index, English name) of generic mentions alone
        countries: dict[str, set[str]] = {}
        for n, (m, t) in enumerate(typed):
            if t != "ORGANIZATION":
                continue
            entry = self.gazetteer.lookup(m.key, t)
            key, words, found = m.key, [], None
            if entry is None:  # the country inside the span: بھارتی سپریم کورٹ
                own = _TOKENS.findall(m.text)
                for size in (1, 2, 3):
                    rest = name_key(" ".join(own[size:]))
                    inner = self.gazetteer.lookup(rest, t) if rest else None
                    hit = body_country(own[:size], self.gazetteer)
                    if inner is not None and hit is not None and hit[1] == size:
                        entry, key, found = inner, rest, hit[0]
                        break
            if entry is None or entry.type != "ORGANIZATION" or entry.english not in generic:
                continue
            if found is None and paragraphs is not None and m.paragraph < len(paragraphs):
                words = _words_before(paragraphs[m.paragraph], m.start)
                hit = body_country(words, self.gazetteer)
                if hit is not None:
                    found = hit[0]
                    words = words[-hit[1] :]
            if found is None:
                bare.append((n, entry.english))
                continue
            keys[n] = f"{key}{_COUNTRY_MARK}{found}"
            names.setdefault(keys[n], " ".join([*words, m.text]))
            countries.setdefault(entry.english, set()).add(keys[n])
        for n, english in bare:  # the article names the body's country elsewhere, one only
            only = countries.get(english, set())
            country = {k.split(_COUNTRY_MARK)[1] for k in only}
            if len(country) == 1:
                keys[n] = f"{keys[n]}{_COUNTRY_MARK}{country.pop()}"
                names.setdefault(keys[n], names[min(only)])
        return keys, names

    def add_article(
        self, seq: int, mentions: Sequence[Mention], paragraphs: Sequence[str] | None = None
    ) -> int:
        """Link and insert the mentions of stored article ``seq``; returns how many were stored.

        ``paragraphs``: the article's paragraphs (the mentions' offsets are into them), to read
        the country written before a body of one name in several countries (rule 4b); without
        them only the mentions' own words say it.  Mentions at an offset already stored for the
        article are ignored (re-linking is a no-op, never a duplicate).
        """
        pairs = [(m, self._type(m)) for m in mentions if m.type in LINKED_TYPES and m.key]
        keys, body_names = self._body_keys(pairs, paragraphs)
        typed = [(m._replace(key=k), t) for (m, t), k in zip(pairs, keys, strict=True)]
        short = self._in_article([(m.key, t) for m, t in typed])
        surfaces: dict[tuple[str, str], str] = {}
        alefs: dict[tuple[str, str], set[str]] = {}
        for m, t in typed:
            surfaces.setdefault((m.key, t), body_names.get(m.key, m.text))
            alef = alef_key(m.text, m.type)
            if alef and alef != m.key and _COUNTRY_MARK not in m.key:
                alefs.setdefault((m.key, t), set()).add(alef)
        resolved: dict[tuple[str, str], int] = {}
        rows = []
        aliases: list[tuple[str, str]] = []  # the alias (key, type) each mention resolved by
        counts: dict[int, int] = {}
        for m, t in typed:
            name = (m.key, t)
            if name not in resolved and self._alias(m.key, t) is None:
                name = (short.get(name, m.key), t)
            if name not in resolved and t == "ORGANIZATION" and (parts := acronym_parts(m.text)):
                resolved[name] = self._resolve_acronym(name[0], m.text, *parts)
            if name not in resolved:
                spelled = sorted(alefs.get(name, ()))
                resolved[name] = self._resolve(name[0], t, surfaces.get(name, m.text), spelled)
                for alef in spelled:  # so that a later رحمان finds the entity of رحمٰن
                    self._add_alias(alef, t, resolved[name])
            entity = resolved[name]
            aliases.append(name)
            rows.append(
                (seq, m.paragraph, m.start, m.end, m.sentence, entity, m.text, m.type, m.title)
            )
        stored = 0
        used: dict[tuple[str, str], int] = {}
        for row, alias in zip(rows, aliases, strict=True):
            cur = self.conn.execute(
                f"INSERT OR IGNORE INTO {self.t_mentions} (article, paragraph, start, end, "
                "sentence, entity, text, type, title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            if cur.rowcount:
                stored += 1
                counts[row[5]] = counts.get(row[5], 0) + 1
                used[alias] = used.get(alias, 0) + 1
        self.conn.executemany(
            f"UPDATE {self.t_entities} SET mention_count = mention_count + ? WHERE id = ?",
            [(n, e) for e, n in counts.items()],
        )
        self.conn.executemany(
            f"UPDATE {self.t_aliases} SET mentions = mentions + ? WHERE key = ? AND type = ?",
            [(n, k, t) for (k, t), n in used.items()],
        )
        for entity in sorted({resolved[a] for a in used if a[1] in RENAMED_TYPES}):
            self._rename(entity)
        return stored

    def _rename(self, entity: int) -> None:
        """Name an entity by its most used alias, once that alias has more mentions than the
        one it is named by (ties keep the name: the first seen).  A person is named by its most
        used full name (an alias of two words or more), and by any full name rather than a
        surname alone: ``سرگئی لاؤروف`` however often ``لاؤروف`` comes, ``ایلون مسک`` rather
        than a longer form seen first with a word before the name taken in (``پتی ایلون مسک``
        of ``ارب پتی ایلون مسک``).  An entity named by an alias stored before aliases counted
        (no surface) keeps its name."""
        row = self.conn.execute(
            f"SELECT key, type FROM {self.t_entities} WHERE id = ?", (entity,)
        ).fetchone()
        named = self.conn.execute(
            f"SELECT surface, mentions FROM {self.t_aliases} WHERE entity = ? AND key = ?",
            (entity, row[0]),
        ).fetchone()
        if named is not None and named[0] is None:
            return
        person = row[1] == "PERSON"
        best = self.conn.execute(
            f"SELECT key, surface, mentions FROM {self.t_aliases} "
            "WHERE entity = ? AND surface IS NOT NULL"
            + (" AND instr(key, ' ') > 0" if person else "")
            + " ORDER BY mentions DESC, key LIMIT 1",
            (entity,),
        ).fetchone()
        more = best is not None and best[2] > (named[1] if named else 0)
        if person and best is not None and " " not in row[0]:
            more = True  # a full name over a surname (or a glued name) alone
        if best is not None and best[0] != row[0] and more:
            self.conn.execute(
                f"UPDATE {self.t_entities} SET name = ?, key = ? WHERE id = ?",
                (best[1], best[0], entity),
            )


# --------------------------------------------------------------------------------------------
# Re-annotation
# --------------------------------------------------------------------------------------------


class AnnotateSummary(NamedTuple):
    """What :func:`annotate` did."""

    articles: int  # articles annotated by this call (a resumed run counts only its own)
    mentions: int  # mentions in the store afterwards
    entities: int  # entities in the store afterwards
    resumed: bool
    #: Nothing was done: asked only if outdated, and the store's entities were this
    #: recognizer's annotation already.
    current: bool = False


#: Data files whose content decides what ``annotate`` stores (besides the model's own files).
_ANNOTATION_DATA = (
    "data/gazetteer.tsv",
    "data/shared_name_words.txt",
    "data/titles.txt",
    "data/rules.txt",
    "data/name_patterns.txt",
    "data/glued_postpositions.tsv",
    "data/generic_bodies.tsv",
    "data/demonyms.tsv",
    "data/known_names.tsv",
)


def _annotation_content(name: str) -> bytes:
    """What of a data file decides the annotation: its lines but for comments and blank ones,
    and of ``titles.txt`` only the titles (its other columns are a gloss and the training
    script's ``rules-only`` flag), so that editing a comment does not outdate every store.

    >>> _annotation_content("data/titles.txt").decode().splitlines()[0]
    'صدر'
    """
    text = files("akhbar.entities").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if name == "data/titles.txt":
        lines = [line.split("\t")[0] for line in lines]
    return "\n".join(lines).encode()


def annotation_id(recognizer: Recognizer) -> str:
    """An id of the model + its post-decoding rules and their word lists + linker + gazetteer,
    so a resumed annotate uses the same ones.

    >>> len(annotation_id(default_recognizer()))
    16
    >>> annotation_id(Recognizer(rules=())) == annotation_id(default_recognizer())
    False
    """
    meta = recognizer.load().meta
    h = hashlib.sha256()
    for name, digest in sorted(meta.get("files", {}).items()):
        h.update(f"{name}={digest}\n".encode())
    h.update(f"rules={','.join(sorted(recognizer.rule_names))}\n".encode())
    for data in _ANNOTATION_DATA:
        h.update(_annotation_content(data))
    h.update(LINKER_VERSION.encode())
    return h.hexdigest()[:16]


def annotation_warning(conn: sqlite3.Connection, path: str | os.PathLike[str], current: str) -> str:
    """What to tell a user of the store at ``path`` whose entities were recognized and linked
    by another annotation than ``current`` (:func:`annotation_id` of this akhbar's recognizer):
    entity pages and ``entity:`` searches then differ from what a new ingest finds.  A message
    naming the command that fixes it (``akhbar annotate``), or ``""``.

    >>> annotation_warning(sqlite3.connect(":memory:"), "x.db", "abc")
    ''
    """
    try:
        row = conn.execute("SELECT annotation FROM entity_model").fetchone()
    except sqlite3.OperationalError:  # a store before schema 4 opened read-only: no table
        return ""
    if row is None or row[0] == current:
        return ""
    made = f"another model, rules, linker or gazetteer ({row[0]})" if row[0] else "an older akhbar"
    return (
        f"{path}: its entities were recognized and linked by {made}, not by this akhbar's "
        f"({current}): entity pages and entity: searches can differ from what an ingest "
        f"finds now; run `akhbar annotate --db {path}`"
    )


def annotate(
    store: Store,
    *,
    recognizer: Recognizer | None = None,
    batch_size: int = 200,
    progress: Callable[[int], None] | None = None,
    if_outdated: bool = False,
) -> AnnotateSummary:
    """Re-run recognition and linking over every stored article, replacing all entities
    (with ``if_outdated``, only when the store's entities are another annotation's than
    ``recognizer``'s: :func:`annotation_id`; else nothing is done and ``current`` says so).

    The new annotation is built in the ``*_next`` tables, one transaction per batch that also
    records how far it got; the last transaction annotates any article added meanwhile and swaps
    the new tables in.  Readers see the old annotation until then.  A crashed run resumes where
    it stopped when re-run with the same model, linker and gazetteer, and starts over otherwise;
    either way the result equals an uninterrupted run.
    """
    rec = recognizer or default_recognizer()
    conn = store.connection
    ident = annotation_id(rec)
    if if_outdated and store.entity_annotation() == ident:
        return AnnotateSummary(0, *_counts(conn), resumed=False, current=True)
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT model, last_seq FROM entity_annotation").fetchone()
        resumed = row is not None and row[0] == ident
        if not resumed:
            _clear_staging(conn)
            conn.execute(
                "INSERT INTO entity_annotation (id, model, last_seq) VALUES (1, ?, 0)", (ident,)
            )
            last = 0
        else:
            last = int(row[1])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    done = 0
    while True:
        batch = _articles_after(store, last, batch_size)
        if not batch:
            break
        found = [(seq, a, find_mentions(a, rec)) for seq, a in batch]
        conn.execute("BEGIN IMMEDIATE")
        try:
            linker = Linker(conn, staging=True)
            for seq, a, ms in found:
                linker.add_article(seq, ms, a.paragraphs)
            last = batch[-1][0]
            conn.execute("UPDATE entity_annotation SET last_seq = ?", (last,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done += len(batch)
        if progress is not None:
            progress(done)
    conn.execute("BEGIN IMMEDIATE")
    try:
        linker = Linker(conn, staging=True)
        while batch := _articles_after(store, last, batch_size):  # added while we worked
            for seq, a in batch:
                linker.add_article(seq, find_mentions(a, rec), a.paragraphs)
            last = batch[-1][0]
            done += len(batch)
        _swap(conn)
        conn.execute("INSERT OR REPLACE INTO entity_model (id, annotation) VALUES (1, ?)", (ident,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return AnnotateSummary(done, *_counts(conn), resumed)


def _counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """(mentions, entities) in the store."""
    mentions = int(conn.execute("SELECT count(*) FROM mentions").fetchone()[0])
    entities = int(conn.execute("SELECT count(*) FROM entities").fetchone()[0])
    return mentions, entities


def _articles_after(store: Store, last: int, n: int) -> list[tuple[int, Article]]:
    return store.articles_after(last, n)


_TABLES = (
    ("entities", "id, type, name, key, english, wikidata, mention_count"),
    ("entity_aliases", "key, type, entity, last, words, surface, mentions"),
    ("mentions", "article, paragraph, start, end, sentence, entity, text, type, title"),
)


def _clear_staging(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM entity_annotation")
    for table, _ in reversed(_TABLES):
        conn.execute(f"DELETE FROM {table}_next")


def _swap(conn: sqlite3.Connection) -> None:
    for table, _ in reversed(_TABLES):
        conn.execute(f"DELETE FROM {table}")
    for table, cols in _TABLES:
        conn.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {table}_next")
    _clear_staging(conn)
