"""MRR@10 of the retrieval dev set with phrases relaxed on zero hits and strict, on both paths:
over all queries and over those holding a double quote (benchmarks/RETRIEVAL.md, "Phrases
relaxed on zero hits"); and how many searches relax, and what they cost.

    .venv/bin/python benchmarks/relax_phrases.py /tmp/akhbar-retrieval --db /tmp/s12/dev.db \
        --rel /tmp/s12/rel.json

The store is built from ``DEV/docs.jsonl`` with ``akhbar.search.evaluate.build_store`` unless
it exists, and the acceptable ids per target it returns written to ``--rel`` (default
``<db>.rel.json``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from akhbar.search import Archive, QueryError, SearchConfig
from akhbar.search.evaluate import api_searcher, build_store, mrr_at_k


def _rank(hits: list[str], relevant: list[str]) -> int | None:
    return next((i + 1 for i, h in enumerate(hits) if h in relevant), None)


def _relaxes(archive: Archive, text: str) -> bool:
    try:
        return archive.search(text, facets=False, snippets=False).relaxed_query is not None
    except QueryError:
        return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dev", type=Path, help="the dev set folder (docs.jsonl, queries.jsonl)")
    ap.add_argument("--db", type=Path, required=True, help="the dev store (built if missing)")
    ap.add_argument("--rel", type=Path, help="acceptable ids per target (JSON)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per relaxed query")
    args = ap.parse_args()
    rel_path = args.rel or args.db.with_name(args.db.name + ".rel.json")
    if not args.db.exists():
        _, rel = build_store(args.dev / "docs.jsonl", args.db)
        rel_path.write_text(json.dumps({k: sorted(v) for k, v in rel.items()}))
    relevant: dict[str, list[str]] = json.loads(rel_path.read_text())
    queries = [json.loads(line) for line in (args.dev / "queries.jsonl").open(encoding="utf-8")]
    for use_index in (True, False):
        for relax in (False, True):
            run = api_searcher(args.db, SearchConfig(use_index=use_index, relax_phrases=relax))
            ranks = [_rank(run(q["query"], 10), relevant[q["target"]]) for q in queries]
            quoted = [r for r, q in zip(ranks, queries, strict=True) if '"' in q["query"]]
            print(
                f"{'index' if use_index else 'fts5'} {'relaxed' if relax else 'strict'}: "
                f"all {len(ranks)} MRR@10 {mrr_at_k(ranks):.4f}; quoted {len(quoted)} "
                f"MRR@10 {mrr_at_k(quoted):.4f}, found in 10: "
                f"{sum(r is not None for r in quoted)}"
            )
        with Archive.open(args.db, SearchConfig(use_index=use_index)) as archive:
            relaxed = [q["query"] for q in queries if _relaxes(archive, q["query"])]
            times: dict[bool, list[float]] = {False: [], True: []}
            for text in relaxed:
                for relax in (False, True):  # (best of --repeat, facets and snippets on)
                    best = float("inf")
                    for _ in range(args.repeat):
                        t = time.perf_counter()
                        archive.search(text, relax_phrases=relax)
                        best = min(best, time.perf_counter() - t)
                    times[relax].append(best)
            ms = {k: 1000 * sum(v) / max(len(v), 1) for k, v in times.items()}
            print(
                f"{archive.backend}: {len(relaxed)} of {len(queries)} searches relax; their "
                f"time {ms[False]:.1f} ms strict, {ms[True]:.1f} ms with the second run"
            )


if __name__ == "__main__":
    main()
