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

Run: ``make lexicon`` (or ``python scripts/build_lexicon.py [--data DIR] [--min-count N]``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "akhbar" / "text" / "data" / "lexicon.tsv"
SPLIT_OUT = OUT.with_name("split_pairs.tsv")
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


def news_texts(data: Path) -> Iterator[str]:
    """The texts of the shared news: outlets-2024 and UrduPoint CSVs, the Express headlines and
    summaries, Bend the Truth."""
    news = data / "news"
    csv.field_size_limit(sys.maxsize)
    tables = [*sorted((news / "outlets-2024").glob("*.csv")), news / "urdupoint-2023-sample.csv"]
    for path in tables:
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


def split_pairs(
    lexicon: Counter[str], pairs: Counter[tuple[str, str]]
) -> list[tuple[str, str, str, int, int]]:
    """Joined spellings that the corpora mostly write as two words: (joined, a, b, n_ab, n_a_b)."""
    rows = []
    for w, c in lexicon.items():
        if c >= HARD_KEEP:
            continue
        best = None
        for i in range(2, len(w) - 1):
            a, b = w[:i], w[i:]
            if (
                w[i - 1] in NON_JOINING
                and b not in BOUND_SUFFIXES
                and a in lexicon
                and b in lexicon
            ):
                cand = (pairs[(a, b)], a, b)
                best = cand if best is None or cand > best else best
        if best is not None and best[0] >= RHO * c:
            rows.append((w, best[1], best[2], c, best[0]))
    rows.sort(key=lambda r: (-r[3], r[0]))
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
            "(see its docstring)\n"
        )
        for word, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{word}\t{count}\n")
    print(f"{len(counts)} words → {args.out}")
    rows = split_pairs(counts, pairs)
    split_out = args.out.with_name(SPLIT_OUT.name)
    with split_out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            f"# joined\tleft\tright\tcount_joined\tcount_spaced — run-together spellings to split "
            f"(spaced >= {RHO:g} x joined, joined < {HARD_KEEP}); "
            "built by scripts/build_lexicon.py\n"
        )
        for r in rows:
            fh.write("\t".join(map(str, r)) + "\n")
    print(f"{len(rows)} joined spellings → {split_out}")


if __name__ == "__main__":
    main()
