"""Tokenizer and segmentation speed on real news, in CPU chars/s (``time.process_time``).

    .venv/bin/python benchmarks/bench_tokenize.py            # ours only
    .venv/bin/python benchmarks/bench_tokenize.py --spacy    # + spaCy (benchmarks/.venv-peers)

Input: the ``content`` column of the four outlet CSVs in ``../shared/data/news/outlets-2024``
(2,541 articles, 2.74M chars), processed one article at a time, best of ``--repeat`` runs.
CPU time, not wall time, because the machine is shared.  Every stage is warmed up once first
(lexicon loading, caches), so the figures are steady-state throughput; the first line is the
first pass with empty caches (including the one-time set-up of the repair statistics).
``segment`` makes Token records lazily (on first access, for the whole text at once), so
"segment + Token objects" is the cost for a caller that looks at the tokens.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data" / "news" / "outlets-2024"


def load_articles() -> list[str]:
    csv.field_size_limit(sys.maxsize)
    out = []
    for path in sorted(DATA.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                value = row.get("content") or row.get("Content") or ""
                if value:
                    out.append(value)
    return out


def bench(name: str, fn: Callable[[str], object], docs: list[str], repeat: int) -> float:
    for doc in docs:  # warm-up
        fn(doc)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for doc in docs:
            fn(doc)
        best = min(best, time.process_time() - t0)
    chars = sum(map(len, docs))
    rate = chars / best
    print(f"{name:<34} {best:7.3f} s CPU  {rate / 1e6:6.2f}M chars/s")
    return rate


def materialized(segment: Callable[[str], list[Any]]) -> Callable[[str], object]:
    """``segment`` followed by making every sentence's Token records (they are made lazily)."""

    def run(doc: str) -> object:
        return [sent.tokens[:] for sent in segment(doc)]

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--spacy", action="store_true", help="also time spacy.blank('ur')")
    parser.add_argument("--spacy-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    docs = load_articles()
    if args.spacy_only:  # runs inside the peers venv, which has spaCy but not akhbar's deps
        import spacy  # type: ignore[import-not-found]

        nlp = spacy.blank("ur")
        bench("spacy.blank('ur') tokenizer", nlp, docs, args.repeat)
        nlp.add_pipe("sentencizer")
        bench("spacy tokenizer + sentencizer", lambda d: list(nlp(d).sents), docs, args.repeat)
        return
    from akhbar.text.normalize import normalize
    from akhbar.text.segment import segment
    from akhbar.text.sentences import split_sentences
    from akhbar.text.words import tokenize

    print(f"{len(docs)} articles, {sum(map(len, docs)):,} chars, best of {args.repeat}")
    chars = sum(map(len, docs))
    t0 = time.process_time()
    for doc in docs:
        for sent in segment(doc):
            sent.tokens[:]
    cold = time.process_time() - t0
    name = "segment + Token objects, 1st pass"
    print(f"{name:<34} {cold:7.3f} s CPU  {chars / cold / 1e6:6.2f}M chars/s")
    bench("normalize", normalize, docs, args.repeat)
    bench("split_sentences", split_sentences, docs, args.repeat)
    bench("tokenize(repair=False)", lambda d: tokenize(d, repair=False), docs, args.repeat)
    bench("tokenize(repair=True)", tokenize, docs, args.repeat)
    bench("segment(repair=False)", lambda d: segment(d, repair=False), docs, args.repeat)
    bench("segment(repair=True)", segment, docs, args.repeat)
    bench("segment + Token objects", materialized(segment), docs, args.repeat)
    if args.spacy:
        peers = ROOT / "benchmarks" / ".venv-peers" / "bin" / "python"
        cmd = [str(peers), __file__, "--spacy-only", "--repeat", str(args.repeat)]
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
