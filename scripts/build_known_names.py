"""Build ``akhbar/entities/data/known_names.tsv``: names the shipped recognizer tags, always with
one type, in the shared news (for the ``known_name`` rule of ``akhbar/entities/rules.py``).

The model learned its names from IL-NER (Indian Urdu) and tags a Pakistani or international
name in some sentences and not in others: ``ڈونلڈ ٹرمپ نے`` in one sentence of the news and not
in the next (it tags it in 227 of its 894 occurrences), ``شعیب ملک`` in 5 of 270.  The sentences
where it does tag a name are evidence for the others.  This script tags every sentence
of the shared news (the outlets-2024 and UrduPoint CSVs, the Express headlines and summaries,
Bend the Truth: ``build_lexicon.news_texts``) with the shipped model and its post-decoding rules
but those that read this list (``known_name``, ``known_pair``), counts each entity span by its
words (match keys) and type, counts every occurrence of those word sequences (the ``seen``
column, for the reader), and keeps a name when

* it has at least two words (one word is too often a common word as well: ``ملک``, ``شام``);
* the model tagged it at least :data:`MIN_TAGGED` times, and at least :data:`MIN_SHARE` of the
  times it tagged it were with one type;
* it is a person or a place (:data:`TYPES`);
* it is not two places or more written one after the other (``پاکستان بھارت`` in ``پاکستان
  بھارت میچ``, ``واشنگٹن ماسکو``: the model ran two gazetteer places together), and its last word
  is no number (in digits or words), month, weekday or time-of-day word (``یکم جون``, ``شاہ رخ
  خان پیر``, ``ایرن بشیر 2001``: a date taken in);
* it is not names run together (the model ran a list or a caption into one span), unless it
  is a gazetteer place itself: a place made of two places or more, each a gazetteer place, a
  word the model tags alone as a place (:func:`single_places`) or another name, kept or left
  out by hand (``انگلینڈ پاکستان``, ``کشمیر پاکستان``, ``ویرات کوہلی آسٹریلیا``); a person
  made of two other names (``کترینہ کیف سلمان خان``), of one and a place after it (``شان مسعود
  لندن``), or of a listed organisation and a name of two words or more after it (``پی سی بی
  نجم سیٹھی``: the chairman's title left out);
* it is not another kept name with a postposition glued to its end (``رشی کپورنے``:
  :func:`glued_closer`);
* it is not a ``not_known_name`` of ``akhbar/entities/data/rules.txt`` (the model's mistakes
  found by reading the names the rule changes most often: ``بٹ کوائن``, ``ریال میڈرڈ``), and
  holds no ``not_known_name_word`` (a competition, a league or a team: ``ٹرافی``, ``لیگ``,
  ``کنگز``);
* it does not start with a title (``data/titles.txt``) before a place or another kept name
  (``ملکہ برطانیہ``, ``امیر کویت``: the recognizer keeps titles out of names), nor with a title
  of :data:`GLUED_TITLE_LETTERS` letters or more glued to the name (``ڈاکٹریاسمین راشد``), or
  a shorter one glued to a kept name (``وزیرسعیدہ وارثی`` beside ``سعیدہ وارثی``);
* a place is tagged in at least :data:`MIN_PLACE_SEEN_SHARE` of its occurrences (``سری لنکن``,
  the adjective, is a place to the model in 57 of its 442: one word of a name mostly, ``سعودی
  حکومت``, ``فلم نگری``; tournaments the model reads as places now and then, ``چیمپئنز ٹرافی``
  86 of 658, ``قائداعظم ٹرافی``, ``کامن ویلتھ گیمز``);
* a place is not a gazetteer place with more words after it, unless the whole is a gazetteer
  place too: the model reads a team, a body or an event named after a city as that place
  (``کراچی کنگز``, ``پشاور زلمی``, ``تہران فلم فیسٹیول``, ``کراچی پورٹ ٹرسٹ``), and runs a
  place into the next word (``امریکا روانہ``, ``لاہور ( ڈیلی پاکستان``, ``روس ٹیلر``).

Each line: ``TYPE<TAB>name<TAB>tagged<TAB>seen`` (the name as the news writes it most often;
the rule matches it by match key, so spelling variants meet).  Deterministic: the same model,
rules and news give the same file.  Rebuild after retraining the model (``make train-ner``).

Run: ``PYTHONPATH=. .venv/bin/python scripts/build_known_names.py [--data DIR]`` (about four
minutes: it tags 3.5 M tokens).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_lexicon import news_texts  # noqa: E402

from akhbar.entities.evaluate import bio_spans  # noqa: E402
from akhbar.entities.ner import Recognizer  # noqa: E402
from akhbar.entities.rules import (  # noqa: E402
    DEFAULT_RULES,
    gazetteer_bodies,
    gazetteer_places,
    load_rule_words,
)
from akhbar.text.keys import match_key  # noqa: E402
from akhbar.text.sentences import split_sentences  # noqa: E402
from akhbar.text.words import tokenize  # noqa: E402

OUT = ROOT / "akhbar" / "entities" / "data" / "known_names.tsv"
#: The model tagged the name at least this often.
MIN_TAGGED = 2
#: ... and this share of those times with one type.
MIN_SHARE = 0.8
#: A place is tagged in at least this share of its occurrences (0.1 with the model before the
#: language-model pretraining; 0.3 leaves the same CV and dev scores and keeps out the
#: tournaments the pretrained model tags as places in 13-26% of their occurrences).
MIN_PLACE_SEEN_SHARE = 0.3
#: Names of this many words at most (longer spans are mostly the model's run-ons).
MAX_WORDS = 6
#: The types listed.  Organisations are left to ``gazetteer_organization``, whose guards keep
#: IL-NER's conventions for bodies (an organ after its organisation stays ``O``, a body before
#: an event or a common noun is the body alone): the model's organisation spans carry those
#: words (``آئی سی سی میٹنگ``) and the list with them lowered nothing on IL-NER but broke them.
TYPES = ("PERSON", "LOCATION")
#: The post-decoding rules that read the list this script builds (left out while building it).
KNOWN_RULES = frozenset({"known_name", "known_pair", "known_surname", "surname_context"})
#: Word classes of the model (``wordclasses.tsv``) no name ends in: number, month, weekday and
#: time-of-day words.
DATE_CLASSES = frozenset({"nw", "mo", "wd", "tw"})
#: Words that join two places in a list (``عراق و شام``).
AND_WORDS = frozenset(match_key(w) for w in ("و", "اور"))
BATCH = 512
#: A title this long glued to the next word is taken for a title (``ڈاکٹر``, ``سینیٹر``); a
#: shorter one only before a kept name (``وزیرزادہ`` is a surname, ``امیرحمزہ`` a first name).
GLUED_TITLE_LETTERS = 5
#: The part of a word after a glued title has at least this many letters.
GLUED_REST_LETTERS = 3


def titled(
    key: tuple[str, ...],
    titles: Collection[tuple[str, ...]],
    names: Collection[tuple[str, ...]],
    places: Collection[tuple[str, ...]] = (),
) -> bool:
    """Whether ``key`` is a title taken into a name: a title before a place or a name of
    ``names`` (written apart), or a one-word title glued to the name's first word (long
    titles always, short ones when the rest is a name of ``names``).

    >>> titles = [("ملکہ",), ("ڈاکٹر",), ("وزیر",), ("حافظ",)]
    >>> names, places = {("سعیدہ", "وارثی")}, {("برطانیہ",)}
    >>> titled(("ملکہ", "برطانیہ"), titles, names, places)
    True
    >>> titled(("حافظ", "اباد"), titles, names, places)  # a city, not a title and a place
    False
    >>> titled(("ڈاکٹریاسمین", "راشد"), titles, names)
    True
    >>> titled(("وزیرسعیدہ", "وارثی"), titles, names)
    True
    >>> titled(("وزیرزادہ", "خان"), titles, names)  # a surname, not the title وزیر
    False
    >>> titled(("وزیرسعیدا", "وارثی"), titles, names)  # the key of وزیرسعیدہ
    True
    """
    first = key[0]
    for t in titles:
        n = len(t)
        if len(key) > n and key[:n] == t:
            rest = key[n:]
            if rest in places or rest in names:
                return True
        if n == 1 and first.startswith(t[0]) and len(first) - len(t[0]) >= GLUED_REST_LETTERS:
            word = first[len(t[0]) :]
            # the glued word's key ends in ا where the shorter word's own key keeps ہ (a final
            # ہ is ا in the keys of words of six letters or more: akhbar.text.keys)
            words = {word, word[:-1] + "ہ"} if word.endswith("ا") else {word}
            if len(t[0]) >= GLUED_TITLE_LETTERS or any((w, *key[1:]) in names for w in words):
                return True
    return False


def news_sentences(data: Path) -> list[list[str]]:
    """Every sentence of the shared news as its tokens' texts."""
    out: list[list[str]] = []
    for text in news_texts(data):
        for para in text.split("\n"):
            for s in split_sentences(para):
                toks = [t.text for t in tokenize(para[s.start : s.end]) if t.text.strip()]
                if toks:
                    out.append(toks)
    return out


def count_spans(
    sents: list[list[str]], rec: Recognizer
) -> tuple[Counter[tuple[str, tuple[str, ...]]], dict[tuple[str, ...], Counter[str]]]:
    """(type, word keys) → how often the recognizer tagged that span (one word too); word
    keys → the surfaces of those spans."""
    spans: Counter[tuple[str, tuple[str, ...]]] = Counter()
    surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for i in range(0, len(sents), BATCH):
        chunk = sents[i : i + BATCH]
        for toks, tags in zip(chunk, rec.tag_token_sentences(chunk), strict=True):
            keys = tuple(match_key(w) or w for w in toks)
            for kind, a, b in bio_spans(tags):
                if b - a <= MAX_WORDS:
                    spans[kind, keys[a:b]] += 1
                    surfaces[keys[a:b]][" ".join(toks[a:b])] += 1
    return spans, surfaces


def count_seen(sents: list[list[str]], names: set[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
    """How often each of ``names`` (word keys) occurs in ``sents``, tagged or not.

    >>> dict(count_seen([["a", "b", "c"], ["x", "a", "b"]], {("a", "b"), ("a", "b", "c")}))
    {('a', 'b'): 2, ('a', 'b', 'c'): 1}
    """
    seen: Counter[tuple[str, ...]] = Counter()
    first = {k[0] for k in names}
    sizes = sorted({len(k) for k in names})
    for toks in sents:
        keys = [match_key(w) or w for w in toks]
        for i, key in enumerate(keys):
            if key in first:
                for size in sizes:
                    if i + size > len(keys):
                        break
                    name = tuple(keys[i : i + size])
                    if name in names:
                        seen[name] += 1
    return seen


def place_list(key: tuple[str, ...], places: Collection[tuple[str, ...]]) -> bool:
    """Whether ``key`` is two of ``places`` or more one after the other (``و``/``اور``
    between them allowed): gazetteer places, or any names (:func:`run_together`).

    >>> places = {("روس",), ("سری", "لنکا"), ("چین",)}
    >>> place_list(("روس", "سری", "لنکا"), places), place_list(("روس", "و", "چین"), places)
    (True, True)
    >>> place_list(("سری", "لنکا"), places), place_list(("روس", "ٹیم"), places)
    (False, False)
    """
    n = len(key)
    count: list[int | None] = [0] + [None] * n  # places in the best split of key[:i]
    for i in range(n):
        done = count[i]
        if done is None:
            continue
        if i and key[i] in AND_WORDS and count[i + 1] is None:
            count[i + 1] = done
        for j in range(i + 1, n + 1):
            if key[i:j] in places:
                count[j] = max(count[j] or 0, done + 1)
    return (count[n] or 0) >= 2 and key[-1] not in AND_WORDS


def named_after_place(key: tuple[str, ...], places: Collection[tuple[str, ...]]) -> bool:
    """Whether ``key`` starts with a gazetteer place and goes on, and is no place itself.

    >>> places = {("کراچی",), ("سری", "لنکا"), ("اسلام", "آباد")}
    >>> named_after_place(("کراچی", "کنگز"), places), named_after_place(("سری", "لنکا"), places)
    (True, False)
    >>> named_after_place(("اسلام", "آباد"), places), named_after_place(("نیی", "دہلی"), places)
    (False, False)
    """
    return key not in places and any(key[:i] in places for i in range(1, len(key)))


def single_places(
    spans: Counter[tuple[str, tuple[str, ...]]], seen: Mapping[tuple[str, ...], int]
) -> set[tuple[str, ...]]:
    """One-word keys the model tags alone as a place as a listed place is: :data:`MIN_TAGGED`
    times, :data:`MIN_SHARE` of the times it tags the word alone, and in
    :data:`MIN_PLACE_SEEN_SHARE` of the word's occurrences (``شمالی`` or ``وادی`` are a place
    alone now and then, and mostly a word of a longer name).

    >>> spans = Counter({("LOCATION", ("a",)): 9, ("LOCATION", ("b",)): 5,
    ...                  ("PERSON", ("b",)): 5, ("LOCATION", ("c",)): 9})
    >>> single_places(spans, {("a",): 10, ("b",): 10, ("c",): 100})
    {('a',)}
    """
    alone: Counter[tuple[str, ...]] = Counter()
    for (_, key), n in spans.items():
        if len(key) == 1:
            alone[key] += n
    return {
        key
        for (kind, key), n in spans.items()
        if kind == "LOCATION"
        and len(key) == 1
        and n >= MIN_TAGGED
        and n >= MIN_SHARE * alone[key]
        and n >= MIN_PLACE_SEEN_SHARE * seen.get(key, n)
    }


def run_together(
    kind: str,
    key: tuple[str, ...],
    names: Collection[tuple[str, ...]],
    places: Collection[tuple[str, ...]],
    bodies: Collection[tuple[str, ...]] = (),
) -> bool:
    """Whether ``key`` of type ``kind`` is names run together (see the module's docstring):
    ``names`` are the names kept, ``places`` every place a part of a place may be, ``bodies``
    the listed organisations.

    >>> names, places = {("a", "b"), ("c", "d")}, {("x",), ("y",)}
    >>> run_together("PERSON", ("a", "b", "c", "d"), names, places)
    True
    >>> run_together("PERSON", ("a", "b", "x"), names, places)
    True
    >>> run_together("PERSON", ("x", "c", "d"), names, places)
    False
    >>> run_together("LOCATION", ("x", "y"), names, places)
    True
    >>> run_together("PERSON", ("o", "e", "f"), names, places, bodies={("o",)})
    True
    """
    if kind == "LOCATION":
        return place_list(key, {*places, *names})
    if place_list(key, names):
        return True
    if any(key[:i] in bodies for i in range(1, len(key) - 1)):
        return True
    return any(key[:i] in names and key[i:] in places for i in range(2, len(key)))


@cache
def _closers() -> frozenset[str]:
    return load_rule_words().get("surname_closer", frozenset())


def glued_closer(key: tuple[str, ...], names: Collection[tuple[str, ...]]) -> bool:
    """Whether ``key`` is another name with a postposition glued to its last word (the words of
    KIND ``surname_closer`` of ``rules.txt``: ``رشی کپورنے`` for ``رشی کپور نے``).

    >>> names = {("رشی", "کپور")}
    >>> glued_closer(("رشی", "کپورنے"), names), glued_closer(("اجنکیا", "راہنے"), names)
    (True, False)
    """
    last = key[-1]
    return any(
        last.endswith(p) and len(last) > len(p) and (*key[:-1], last[: -len(p)]) in names
        for p in _closers()
    )


def select(
    spans: Counter[tuple[str, tuple[str, ...]]],
    places: Collection[tuple[str, ...]] = (),
    classes: Mapping[str, Collection[str]] | None = None,
    seen: Mapping[tuple[str, ...], int] | None = None,
    excluded: Collection[str] = (),
    not_words: frozenset[str] = frozenset(),
    bodies: Collection[tuple[str, ...]] = (),
    titles: Collection[tuple[str, ...]] = (),
) -> list[tuple[str, tuple[str, ...], int]]:
    """(type, word keys, tagged) of the names kept (see the module's docstring).

    >>> k = ("a", "b")
    >>> select(Counter({("PERSON", k): 9, ("LOCATION", k): 1}))
    [('PERSON', ('a', 'b'), 9)]
    >>> select(Counter({("PERSON", k): 7, ("LOCATION", k): 3}))
    []
    >>> select(Counter({("ORGANIZATION", k): 9}))
    []
    >>> select(Counter({("PERSON", k): 9}), classes={"b": {"wd"}})
    []
    >>> select(Counter({("LOCATION", k): 9}), places={("a",), ("b",)})
    []
    >>> select(Counter({("LOCATION", k): 9}), places={("a",)})
    []
    >>> select(Counter({("LOCATION", k): 9}), seen={k: 100}), select(Counter({("PERSON", k): 9}))
    ([], [('PERSON', ('a', 'b'), 9)])
    >>> select(Counter({("PERSON", k): 9}), excluded={"a b"})
    []
    >>> select(Counter({("LOCATION", k): 9}), not_words=frozenset({"b"}))
    []
    >>> select(Counter({("PERSON", ("a", "2001")): 9}))
    []
    >>> select(Counter({("PERSON", k): 9, ("PERSON", ("a", "bنے")): 9}))  # نے glued to b
    [('PERSON', ('a', 'b'), 9)]
    >>> c = ("c", "d")
    >>> run_on = Counter({("PERSON", k): 9, ("PERSON", c): 9, ("PERSON", (*k, *c)): 3})
    >>> [" ".join(key) for _, key, _ in select(run_on)]
    ['a b', 'c d']
    >>> x, y = ("LOCATION", ("x",)), ("LOCATION", ("y",))
    >>> two = Counter({x: 4, y: 4, ("LOCATION", ("x", "y")): 3})
    >>> select(two), select(two, places={("x", "y")})
    ([], [('LOCATION', ('x', 'y'), 3)])
    >>> select(Counter({("LOCATION", ("t", "x")): 9}), places={("x",)}, titles=[("t",)])
    []
    """
    classes = classes or {}
    seen = seen or {}
    tagged: Counter[tuple[str, ...]] = Counter()
    for (_, key), n in spans.items():
        tagged[key] += n
    out = []
    for (kind, key), n in spans.items():
        if len(key) < 2 or kind not in TYPES or n < MIN_TAGGED or n < MIN_SHARE * tagged[key]:
            continue
        if " ".join(key) in excluded or not_words.intersection(key):
            continue
        if place_list(key, places) or DATE_CLASSES & set(classes.get(key[-1], ())):
            continue
        if key[-1].isdigit():  # a year or a count taken in (ایرن بشیر 2001)
            continue
        if kind == "LOCATION" and (
            named_after_place(key, places) or n < MIN_PLACE_SEEN_SHARE * seen.get(key, n)
        ):
            continue
        out.append((kind, key, n))
    # (a name left out by hand is a name too: باربی ڈول کترینہ کیف is a run-on)
    names = {key for _, key, _ in out} | {tuple(e.split(" ")) for e in excluded}
    out = [r for r in out if not glued_closer(r[1], names)]
    parts = {*places, *single_places(spans, seen)}
    out = [r for r in out if r[1] in places or not run_together(r[0], r[1], names, parts, bodies)]
    out = [r for r in out if r[1] in places or not titled(r[1], titles, names, parts)]
    return sorted(out, key=lambda r: (TYPES.index(r[0]), r[1]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    # Not the rules that read this list (known_name, known_pair): the list is what the model
    # and the other rules tag.
    rec = Recognizer(rules=[r for r in DEFAULT_RULES if r not in KNOWN_RULES]).load()
    sents = news_sentences(args.data)
    print(f"{len(sents)} sentences, {sum(map(len, sents))} tokens", file=sys.stderr)
    spans, surfaces = count_spans(sents, rec)
    seen = count_seen(
        sents,
        {key for kind, key in spans if kind in TYPES and (len(key) > 1 or kind == "LOCATION")},
    )
    words = load_rule_words()
    excluded = words.get("not_known_name", frozenset())
    not_words = words.get("not_known_name_word", frozenset())
    kept = select(
        spans,
        gazetteer_places(),
        rec.features.classes,
        seen,
        excluded,
        not_words,
        gazetteer_bodies(),
        rec.titles,
    )
    lines = [
        "# Names the shipped recognizer tags, always with one type, in the shared news: built by",
        "# scripts/build_known_names.py (see there); read by the known_name rule.",
        "# TYPE\tname (as the news writes it most often)\ttagged\tseen",
    ]
    for kind, key, n in kept:
        surface = min(surfaces[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        lines.append(f"{kind}\t{surface}\t{n}\t{seen[key]}")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = Counter(kind for kind, _, _ in kept)
    print(f"wrote {args.out}: {dict(counts)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
