"""Build the Urdu word-frequency lexicon shipped in ``akhbar/text/data/lexicon.tsv``.

The lexicon drives space-omission repair (``ڈاکٹرحسن`` → ``ڈاکٹر`` ``حسن``) and the
choice between ``ہ`` and ``ھ`` when text was typed with an Arabic keyboard.  It is a list of
word counts (no running text), built from the shared corpora in ``../shared/data``:
the news sets and the IL-NER training tokens.  The UD Urdu treebank is left out on
purpose: it is the tokenizer's quality gate.

Run: ``make lexicon`` (or ``python scripts/build_lexicon.py [--data DIR] [--min-count N]``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "akhbar" / "text" / "data" / "lexicon.tsv"

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
    text = text.translate(DROP).translate(FOLD)
    for seq, ch in COMPOSE:
        text = text.replace(seq, ch)
    return text


def _texts(data: Path) -> Iterator[str]:
    news = data / "news"
    csv.field_size_limit(sys.maxsize)
    for path in sorted((news / "outlets-2024").glob("*.csv")) + [news / "urdupoint-2023-sample.csv"]:
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
    for path in sorted((data / "ner" / "il-ner-urdu").glob("train.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            token = line.split("\t", 1)[0]
            if token:
                yield token.replace("_", " ")


def build(data: Path, min_count: int) -> Counter[str]:
    """Count Urdu words over the shared corpora."""
    counts: Counter[str] = Counter()
    for text in _texts(data):
        counts.update(WORD.findall(_clean(text)))
    return Counter(
        {w: c for w, c in counts.items() if c >= min_count and "ه" not in w and len(w) <= 40}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    counts = build(args.data, args.min_count)
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# word\tcount — built by scripts/build_lexicon.py from ../shared/data (see docstring)\n")
        for word, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            fh.write(f"{word}\t{count}\n")
    print(f"{len(counts)} words → {args.out}")


if __name__ == "__main__":
    main()
