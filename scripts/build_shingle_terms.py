"""Build ``akhbar/search/data/shingle_terms.txt``: the analyzer terms whose adjacent pairs the
search index keeps as one term each (its ``shingles`` field).

A two-word phrase is cheap to find by position when one of its words is rare (the rare word's
few documents are checked), and costly when both are common (every document holding both is
checked). The index therefore keeps, as pair terms, only the pairs of two common terms, and a
phrase of another pair runs as a positional phrase query (the same matches either way). Most
adjacent pairs in news hold a rarer word, so this keeps about a third of the pair terms, and
pair terms, each new to the index's term dictionary, were most of what a sync costs.

The list holds the :data:`TERMS` terms in the most articles of the shared news (outlets-2024,
UrduPoint and Bend the Truth: the texts of :data:`MIN_TERMS` terms or more; headlines and the
Express summaries are too short to rank terms by).  It changes only speed, never results: an
index records the list it was built with and a query reads that one (:mod:`akhbar.search.index`).

Run: ``PYTHONPATH=. .venv/bin/python scripts/build_shingle_terms.py [--data DIR] [--terms N]``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_lexicon import news_texts  # noqa: E402

from akhbar.search.index import SHINGLE_TERMS_FILE  # noqa: E402
from akhbar.text.analyzer import terms  # noqa: E402

#: How many terms the list holds (benchmarks/INGEST.md, twenty-first session: the sync's cost
#: and the phrase latency for 300 and 1,000; benchmarks/SEARCH.md, twenty-second session: at
#: 1,000,000 articles a phrase of a very common term and one just off a list of 300 took 27-29
#: ms at p50, 3.2-3.4 with 1,000, whose last term is in 2.4% of the articles).
TERMS = 1000
#: Texts of fewer terms are not articles (a headline, a caption): not counted.
MIN_TERMS = 50


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--terms", type=int, default=TERMS)
    ap.add_argument("--out", type=Path, default=SHINGLE_TERMS_FILE)
    args = ap.parse_args()
    df: Counter[str] = Counter()
    n = 0
    for text in news_texts(args.data):  # (headlines and summaries fall under MIN_TERMS)
        found = terms(text)
        if len(found) >= MIN_TERMS:
            df.update(set(found))
            n += 1
    if not n:
        sys.exit(f"no articles under {args.data / 'news'}")
    top = df.most_common(args.terms)
    lines = [
        "# The analyzer terms whose adjacent pairs the search index keeps as one term each",
        "# (the `shingles` field). Built by scripts/build_shingle_terms.py from the shared news:",
        f"# the {len(top)} terms in the most of {n:,} articles (the last in {top[-1][1] / n:.1%}).",
        "# An index records the list it was built with; changing this file changes only speed.",
        *(t for t, _ in top),
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(top)} terms from {n:,} articles")


if __name__ == "__main__":
    main()
