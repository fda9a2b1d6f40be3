"""Build the Urdu word lexicon in ``akhbar/text/data/``: ``lexicon.tsv`` and ``split_pairs.tsv``.

The lexicon drives space-omission repair (``ڈاکٹرحسن`` → ``ڈاکٹر`` ``حسن``) and the
choice between ``ہ`` and ``ھ`` when text was typed with an Arabic keyboard.  It is a list of
word counts (no running text), built from the shared corpora in ``../shared/data``:
the news sets and the IL-NER training tokens.  The UD Urdu treebank is left out on
purpose: it is the tokenizer's quality gate.

``split_pairs.tsv`` lists joined spellings in the lexicon that are space omissions: a word ``ab``
that can be cut after a non-joining letter into two lexicon words ``a`` + ``b`` whose spaced
spelling ``a b`` occurs at least RHO times as often as the joined one, the joined one being seen
fewer than HARD_KEEP times.

``words_name_splits.tsv`` lists joined spellings of two-word names that the tokenizer always cuts,
whatever its part checks say: names are written both ways about evenly (``بنگلادیش`` 206 times,
``بنگلا دیش`` 232; ``عامرخان`` 121, ``عامر خان`` 663), so ``split_pairs`` (spaced RHO times as
often) misses them, and the tokenizer's checks reject parts glued into many words (``نیو``,
``حیدر``).  A name is a two-word label of the gazetteer's places and bodies or of the recognizer's
known names (``akhbar/entities/data``); its joined spelling is listed when:

* the first word ends in a non-joining letter (the space is invisible) and both have 2+ letters;
* the corpora hold the joined spelling (NAME_MIN_JOINED+) and the spaced one (NAME_MIN_SPACED+,
  and at least NAME_RHO times the joined count: ``پریانکا`` 516 / ``پریا نکا`` 2 is one word);
* a known name's words also stand alone (NAME_MIN_ALONE+ times outside the name): the
  recognizer's ``میرا تھون`` ('marathon') is a broken word, not two (the gazetteer's names are
  Wikidata's: ``بوکو حرام``, ``سوئٹزر لینڈ``);
* a known name is not two letter names (``یو ایس`` 'US', which the recognizer took for a
  person: ``akhbar/text/data/sent_letter_names.txt``);
* neither word is a place of its own much more written than the name (PLACE_DOMINANCE times):
  ``بیلاروس`` → ``بیلا روس`` would make ``روس`` (Russia) find Belarus.

``akhbar/search/data/compounds.tsv`` lists compounds and phrases the corpora write both joined
and spaced, each spelling at least COMPOUND_MIN times and COMPOUND_RHO times the other
(``وزیراعظم`` 1,385 times, ``وزیر اعظم`` 465; ``ورلڈکپ`` / ``ورلڈ کپ``; ``غیرملکی`` / ``غیر
ملکی``), which the tokenizer keeps whole (a word the lexicon holds is a word): a search for one
spelling also looks for the other (``akhbar.search.variants.compound_spellings``).  The cut is
after a non-joining letter, into two parts of 2+ letters that are not function words (``کابل``
is Kabul, not ``کا بل``; ``کردیا`` / ``کر دیا`` is a verb's ending), the best cut the one most
written spaced; names the tokenizer cuts (above) and ``split_pairs`` are left out.

``akhbar/search/data/spellings.tsv`` lists the spellings of one loanword or foreign name that
differ by a vowel letter the matching keys keep (``سیکیورٹی`` 1,270 times / ``سکیورٹی`` 137 /
``سیکورٹی`` 89; ``چیمپئنز`` / ``چیمپئینز``; ``کورونا`` / ``کرونا``; ``گراؤنڈ`` / ``گرائونڈ``): a
search for one also looks for the others (``akhbar.search.variants.spelling_variants``).  Two
words are listed when their keys differ by one ``ی`` (``ئ`` keys as ``ی``) or ``و`` written in the
longer one, each seen SPELLING_MIN+ times, the longer of SPELLING_LEN+ letters, and

* the letter is not the first, nor among the last two, nor before an inflection (``لڑکیوں`` /
  ``لڑکوں``, 'girls' / 'boys'; ``INFLECTIONS``), nor a causative ``و`` before ``ا`` (``کروایا`` /
  ``کرایا``);
* the letter doubles a ``ی`` beside it (``چیمپیئن`` / ``چیمپئن``, ``سینیئر`` / ``سینئر``: one
  sound written twice), or the two write ``ئو`` / ``ؤ`` (``اکائونٹ`` / ``اکاؤنٹ``, the old
  encoding of the same letter), or else the words are used alike: the cosine of their
  neighbours' PPMI (the words just before and after, over the corpora) is SPELLING_COS or
  more, and neither has a ``ھ`` (Urdu's own verbs differ by such letters and share
  neighbours: ``کھیلیں`` / ``کھلیں``, 'play' / 'open'; ``دیکھنے`` / ``دکھنے``).

The threshold was read off the candidates sorted by cosine: above it nearly all are one word's
spellings (``benchmarks/RETRIEVAL.md``, "Loanwords spelled several ways").

Run: ``make lexicon`` (or ``python scripts/build_lexicon.py [--data DIR] [--min-count N]``).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "akhbar" / "text" / "data" / "lexicon.tsv"
SPLIT_OUT = OUT.with_name("split_pairs.tsv")
NAME_SPLIT_OUT = OUT.with_name("words_name_splits.tsv")
COMPOUND_OUT = ROOT / "akhbar" / "search" / "data" / "compounds.tsv"
SPELLING_OUT = COMPOUND_OUT.with_name("spellings.tsv")
ENTITY_DATA = ROOT / "akhbar" / "entities" / "data"
NAME_MIN_JOINED = 2
NAME_MIN_SPACED = 5
NAME_RHO = 0.1
NAME_MIN_ALONE = 3
PLACE_DOMINANCE = 10
COMPOUND_MIN = 5  # a compound's joined and spaced spellings are each seen this often
COMPOUND_RHO = 0.1  # and each at least this share of the other's count
SPELLING_MIN = 5  # each spelling of a loanword is seen this often
SPELLING_LEN = 6  # the longer spelling has this many letters (keys) at least
SPELLING_COS = 0.12  # the cosine of the two spellings' neighbours (PPMI) at least this
SPELLING_LETTERS = "یو"  # the letters (in keys: ئ is ی) one spelling writes and the other not
INFLECTIONS = ("وں", "اں", "ں", "ے", "ی", "یں")  # a ی before these is grammar (لڑکیوں)
RHO = 3.0  # the spaced spelling must be this many times more common than the joined one
HARD_KEEP = 100  # a joined spelling seen this often is a word in its own right
NON_JOINING = set("اآأإٱدڈذرڑزژوؤےۓء")
BOUND_SUFFIXES = {"گا", "گی", "گے"}
TOKEN = regex.compile(r"[\p{Script=Arabic}&&\p{L}]+|\S", regex.V1)

# Arabic-script letter runs (no digits, no punctuation); diacritics and invisibles removed first.
WORD = regex.compile(r"[\p{Script=Arabic}&&\p{L}]+", regex.V1)
DROP = dict.fromkeys(
    [*range(0x064B, 0x0660), 0x0670, 0x0640, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x00AD]
)
# Unambiguous Arabic → Urdu code points (the heh question is exactly what the lexicon answers,
# so Arabic heh is left alone and such words are dropped below).
FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ۃ", "ۀ": "ۂ", "ە": "ہ", "ﻻ": "لا"})
COMPOSE = [("و\u0654", "ؤ"), ("ی\u0654", "ئ"), ("ا\u0653", "آ"), ("ہ\u0654", "ۂ"), ("ے\u0654", "ۓ")]


def _clean(text: str) -> str:
    # Compose hamza/madda sequences before the combining marks are dropped.
    text = text.translate(FOLD)
    for seq, ch in COMPOSE:
        text = text.replace(seq, ch)
    return text.translate(DROP)


def news_texts(data: Path, *, tables: bool = True) -> Iterator[str]:
    """The texts of the shared news: outlets-2024 and UrduPoint CSVs (not with ``tables=False``:
    they are the retrieval benchmark's headlines and articles), the Express headlines and
    summaries, Bend the Truth."""
    news = data / "news"
    csv.field_size_limit(sys.maxsize)
    paths = [*sorted((news / "outlets-2024").glob("*.csv")), news / "urdupoint-2023-sample.csv"]
    for path in paths if tables else []:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                for key, value in row.items():
                    if key and key.lower() in {"title", "content", "news"} and value:
                        yield value
    with (news / "express-headlines-2012-2018.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield rec.get("title") or ""
            yield rec.get("summary") or ""
    for path in sorted((news / "bend-the-truth").rglob("*.txt")):
        yield path.read_text(encoding="utf-8", errors="replace")


def _texts(data: Path) -> Iterator[str]:
    """The shared news, then IL-NER's training tokens."""
    yield from news_texts(data)
    for path in sorted((data / "ner" / "il-ner-urdu").glob("train.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            token = line.split("\t", 1)[0]
            if token:
                yield token.replace("_", " ")


def count_words(texts: Iterable[str]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Urdu words (as :func:`_clean` leaves them) and adjacent word pairs over ``texts``."""
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        prev: str | None = None
        for m in TOKEN.finditer(_clean(text)):
            w = m.group()
            if WORD.fullmatch(w):
                counts[w] += 1
                if prev is not None:
                    pairs[(prev, w)] += 1
                prev = w
            else:
                prev = None
    return counts, pairs


def build(data: Path, min_count: int) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Count Urdu words and adjacent word pairs over the shared corpora."""
    counts, pairs = count_words(_texts(data))
    lexicon = Counter(
        {w: c for w, c in counts.items() if c >= min_count and "ه" not in w and len(w) <= 40}
    )
    return lexicon, pairs


def best_cut(
    w: str, pairs: Counter[tuple[str, str]], known: Counter[str] | None = None
) -> tuple[int, str, str] | None:
    """The cut of ``w`` into ``a`` + ``b`` (2+ letters each, after a non-joining letter, ``b``
    no bound suffix, both in ``known`` when given) whose spaced spelling the corpora write
    most: (n_a_b, a, b), or None when ``w`` has no such cut."""
    best = None
    for i in range(2, len(w) - 1):
        a, b = w[:i], w[i:]
        if w[i - 1] not in NON_JOINING or b in BOUND_SUFFIXES:
            continue
        if known is not None and (a not in known or b not in known):
            continue
        cand = (pairs[(a, b)], a, b)
        best = cand if best is None or cand > best else best
    return best


def split_pairs(
    lexicon: Counter[str], pairs: Counter[tuple[str, str]]
) -> list[tuple[str, str, str, int, int]]:
    """Joined spellings that the corpora mostly write as two words: (joined, a, b, n_ab, n_a_b)."""
    rows = []
    for w, c in lexicon.items():
        if c >= HARD_KEEP:
            continue
        best = best_cut(w, pairs, lexicon)
        if best is not None and best[0] >= RHO * c:
            rows.append((w, best[1], best[2], c, best[0]))
    rows.sort(key=lambda r: (-r[3], r[0]))
    return rows


def two_word_names(
    entity_data: Path = ENTITY_DATA,
) -> tuple[dict[tuple[str, str], set[str]], dict[str, set[str]]]:
    """Two-word names, (first, second) → their English names (empty for a known name), from the
    gazetteer's LOCATION and ORGANIZATION rows and the known names; and one-word places →
    English names.  Labels are cleaned as the corpora are."""
    names: dict[tuple[str, str], set[str]] = {}
    places: dict[str, set[str]] = {}
    letters = {
        line.split()[0]
        for line in (ROOT / "akhbar" / "text" / "data" / "sent_letter_names.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip() and not line.startswith("#")
    }
    with (entity_data / "gazetteer.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            _key, label, kind, _qid, english = line.rstrip("\n").split("\t")
            words = _clean(label).split()
            if kind == "LOCATION" and len(words) == 1:
                places.setdefault(words[0], set()).add(english)
            if kind in {"LOCATION", "ORGANIZATION"} and len(words) == 2:
                names.setdefault((words[0], words[1]), set()).add(english)
    with (entity_data / "known_names.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            words = _clean(line.split("\t")[1]).split()
            if len(words) == 2 and not set(words) <= letters:
                names.setdefault((words[0], words[1]), set())
    return names, places


def name_splits(
    counts: Counter[str],
    pairs: Counter[tuple[str, str]],
    names: dict[tuple[str, str], set[str]],
    places: dict[str, set[str]],
) -> list[tuple[str, str, str, int, int]]:
    """Joined spellings of two-word names to cut (see the module docstring):
    (joined, a, b, n_ab, n_a_b), the most written first."""
    rows = []
    for (a, b), english in names.items():
        if len(a) < 2 or len(b) < 2 or a[-1] not in NON_JOINING or b in BOUND_SUFFIXES:
            continue
        joined, spaced = counts[a + b], pairs[(a, b)]
        if joined < NAME_MIN_JOINED or spaced < max(NAME_MIN_SPACED, NAME_RHO * joined):
            continue
        if not english and min(counts[a], counts[b]) - spaced < NAME_MIN_ALONE:
            continue
        most = PLACE_DOMINANCE * (joined + spaced)
        if any(places.get(p, english) - english and counts[p] > most for p in (a, b)):
            continue
        rows.append((a + b, a, b, joined, spaced))
    rows.sort(key=lambda r: (-(r[3] + r[4]), r[0]))
    return rows


def compounds(
    counts: Counter[str],
    pairs: Counter[tuple[str, str]],
    function_word: Callable[[str], bool],
    cut: Iterable[str] = (),
) -> list[tuple[str, str, str, int, int]]:
    """Compounds and phrases written both joined and spaced (see the module docstring):
    (joined, a, b, n_ab, n_a_b), the most written first; ``function_word(part)``: whether a
    part is a function word; ``cut``: joined spellings the tokenizer cuts already."""
    skip = set(cut)
    rows = []
    for w, c in counts.items():
        if c < COMPOUND_MIN or w in skip:
            continue
        best = best_cut(w, pairs)
        if best is None:
            continue
        spaced, a, b = best
        if (
            spaced >= max(COMPOUND_MIN, COMPOUND_RHO * c)
            and c >= COMPOUND_RHO * spaced
            and not function_word(a)
            and not function_word(b)
        ):
            rows.append((w, a, b, c, spaced))
    rows.sort(key=lambda r: (-(r[3] + r[4]), r[0]))
    return rows


def _neighbours(
    pairs: Counter[tuple[str, str]], key: Callable[[str], str], wanted: set[str]
) -> dict[str, dict[str, float]]:
    """For each key in ``wanted``: the PPMI (context counts smoothed by the power 0.75) of the
    keys just before (``<key``) and after (``>key``) its words, over the adjacent ``pairs``."""
    ctx: dict[str, Counter[str]] = {}
    marginal: Counter[str] = Counter()
    total = 0
    for (a, b), n in pairs.items():
        ka, kb = key(a), key(b)
        marginal["<" + ka] += n
        marginal[">" + kb] += n
        total += 2 * n
        if kb in wanted:
            ctx.setdefault(kb, Counter())["<" + ka] += n
        if ka in wanted:
            ctx.setdefault(ka, Counter())[">" + kb] += n
    smooth = sum(v**0.75 for v in marginal.values())
    out: dict[str, dict[str, float]] = {}
    for k, seen in ctx.items():
        own = sum(seen.values())
        out[k] = {
            c: pmi
            for c, n in seen.items()
            if (pmi := math.log((n / own) / (marginal[c] ** 0.75 / smooth))) > 0
        }
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(c, 0.0) for c, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def spellings(
    counts: Counter[str], pairs: Counter[tuple[str, str]], key: Callable[[str], str]
) -> list[tuple[str, str, int, int, str]]:
    """Spellings of one loanword (see the module docstring): (shorter, longer, count, count,
    why), each spelling the word its key is most written as; why is ``doubled``, ``hamza`` or
    the cosine of their neighbours; the most written first."""
    by_key: Counter[str] = Counter()
    form: dict[str, tuple[int, str]] = {}
    for w, c in counts.items():
        k = key(w)
        by_key[k] += c
        form[k] = max(form.get(k, (0, "")), (c, w))
    held = {k for k, c in by_key.items() if c >= SPELLING_MIN}
    candidates: dict[tuple[str, str], int] = {}
    for long in held:
        if len(long) < SPELLING_LEN:
            continue
        for i in range(1, len(long) - 2):
            short = long[:i] + long[i + 1 :]
            if long[i] not in SPELLING_LETTERS or short not in held:
                continue
            # (i is where the two part: the last place the letter can be, ییی counts once)
            if i + 1 < len(long) and short[i : i + 1] == long[i : i + 1]:
                continue
            rest = long[i + 1 :]
            if rest in INFLECTIONS or (long[i] == "و" and rest[:1] == "ا"):
                continue
            candidates.setdefault((short, long), i)
    context = _neighbours(pairs, key, {k for c in candidates for k in c})
    rows = []
    for (short, long), i in candidates.items():
        a, b = form[short][1], form[long][1]
        if "آ" in a[1:] + b[1:]:  # (a word glued after another: پرآئوٹ is پر آؤٹ, not پرائیوٹ)
            continue
        cos = _cosine(context.get(short, {}), context.get(long, {}))
        if "ی" in long[i - 1 : i] + long[i + 1 : i + 2] and long[i] == "ی":
            why = "doubled"
        elif b.replace("ئو", "ؤ") == a:
            why = "hamza"
        else:
            if cos < SPELLING_COS or "ھ" in a + b:
                continue
            why = "used alike"
        why = f"{why} {cos:.3f}"
        rows.append((a, b, by_key[short], by_key[long], why))
    rows.sort(key=lambda r: (-(r[2] + r[3]), r[0], r[1]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    counts, pairs = build(args.data, args.min_count)
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# word\tcount — built by scripts/build_lexicon.py from ../shared/data "
            "(see docstring)\n"
        )
        for word, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{word}\t{count}\n")
    print(f"{len(counts)} words → {args.out}")
    rows = split_pairs(counts, pairs)
    split_out = args.out.with_name(SPLIT_OUT.name)
    _write_cuts(
        split_out,
        f"run-together spellings to split (spaced >= {RHO:g} x joined, joined < {HARD_KEEP}); "
        "built by scripts/build_lexicon.py",
        rows,
    )
    print(f"{len(rows)} joined spellings → {split_out}")
    names, places = two_word_names()
    rows = name_splits(counts, pairs, names, places)
    name_out = args.out.with_name(NAME_SPLIT_OUT.name)
    _write_cuts(
        name_out,
        "two-word names the tokenizer always cuts when written joined; built by "
        "scripts/build_lexicon.py (see there)",
        rows,
    )
    print(f"{len(rows)} joined names → {name_out}")
    from akhbar.text.stem import is_stop_word

    done = {r[0] for r in rows} | {r[0] for r in split_pairs(counts, pairs)}
    rows = compounds(counts, pairs, is_stop_word, done)
    _write_cuts(
        COMPOUND_OUT,
        "compounds written both joined and spaced, which a search for one spelling also finds "
        "written the other way; built by scripts/build_lexicon.py (see there)",
        rows,
    )
    print(f"{len(rows)} compounds → {COMPOUND_OUT}")
    from akhbar.text.keys import match_key

    loans = spellings(counts, pairs, match_key)
    with SPELLING_OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# spelling\tother\tcount\tcount_other\twhy — spellings of one loanword or "
            "foreign name, which a search for one also finds written the other way; why: a "
            "doubled ی, ئو for ؤ, or the cosine of their neighbours; built by "
            "scripts/build_lexicon.py (see there)\n"
        )
        for r in loans:
            fh.write("\t".join(map(str, r)) + "\n")
    print(f"{len(loans)} spellings → {SPELLING_OUT}")


def _write_cuts(path: Path, about: str, rows: list[tuple[str, str, str, int, int]]) -> None:
    """A ``joined<TAB>left<TAB>right<TAB>count_joined<TAB>count_spaced`` file, ``about`` in its
    header line (what the tokenizer reads: ``akhbar.text.words._cut_table``)."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# joined\tleft\tright\tcount_joined\tcount_spaced — {about}\n")
        for r in rows:
            fh.write("\t".join(map(str, r)) + "\n")


if __name__ == "__main__":
    main()
