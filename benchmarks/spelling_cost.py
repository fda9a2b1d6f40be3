"""What a did-you-mean suggestion costs on the FTS5 path (``SearchConfig(use_index=False)``:
what serves while the search index is behind the store), on a large store.

Typos (one letter left out, added, changed or swapped, as ``benchmarks/spelling.py`` draws
them) of the retrieval dev set's headline words that the store holds (in 3 articles or more),
each searched alone on FTS5 (each finds nothing, so each gets a suggestion): p50 and p95 of
the search, and the suggestions made.  Run it with this checkout and with another on
``PYTHONPATH`` (before/after) on the same typos (``--seed``):

    PYTHONPATH=. .venv/bin/python benchmarks/spelling_cost.py --db 1M.db \\
        --queries DEV/queries.jsonl [--n 60] [--out suggestions.json]

Results: benchmarks/RETRIEVAL.md ("Did you mean").
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from akhbar.search import Archive, SearchConfig, spelling
from akhbar.text.analyzer import terms

KINDS = ("left out", "added", "changed", "swapped")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="a store")
    ap.add_argument("--queries", type=Path, required=True, help="queries.jsonl of the dev set")
    ap.add_argument("--n", type=int, default=60, help="typos to search")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, help="write the suggestions (typo -> suggestion) here")
    args = ap.parse_args(argv)
    alphabet = spelling._alphabet()
    words: list[str] = []
    with args.queries.open(encoding="utf-8") as fh:
        for line in fh:
            words += [t for t in terms(json.loads(line)["query"]) if len(t) >= 5]
    words = sorted(set(w for w in words if all(c in alphabet for c in w)))
    rnd = random.Random(args.seed)
    rnd.shuffle(words)
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)

    def held(term: str) -> int:  # (at most 3)
        sql = "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 3)"
        return int(conn.execute(sql, (f'"{term}"',)).fetchone()[0])

    typos: list[str] = []
    for i, word in enumerate(words):
        if len(typos) >= args.n:
            break
        k = rnd.randrange(len(word) - 1)
        kind = KINDS[i % 4]
        spoiled = {
            "left out": word[:k] + word[k + 1 :],
            "added": word[:k] + rnd.choice(alphabet) + word[k:],
            "changed": word[:k] + rnd.choice(alphabet) + word[k + 1 :],
            "swapped": word[:k] + word[k + 1] + word[k] + word[k + 2 :],
        }[kind]
        if spoiled not in typos and held(spoiled) == 0 and held(word) >= 3:
            typos.append(spoiled)
    with Archive.open(args.db, SearchConfig(use_index=False)) as plain:
        plain.search(typos[0])  # (warm: the lexicon's forms)
        times, shown = [], {}
        for typo in typos:
            start = time.perf_counter()
            result = plain.search(typo)
            times.append((time.perf_counter() - start) * 1000)
            shown[typo] = result.suggested_query
    times.sort()
    print(
        f"{len(typos)} typos searched on FTS5 ({args.db}): p50 {statistics.median(times):.0f} ms, "
        f"p95 {times[int(0.95 * len(times))]:.0f} ms, max {times[-1]:.0f} ms; "
        f"{sum(v is not None for v in shown.values())} suggestions"
    )
    if args.out:
        args.out.write_text(json.dumps(shown, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
