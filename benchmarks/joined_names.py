"""A two-word name typed joined where the article writes it spaced, or the other way round.

Names are written both ways about evenly (``بنگلادیش`` 206 times in the shared news, ``بنگلا
دیش`` 232; ``عامرخان`` 121, ``عامر خان`` 663).  Known-item retrieval on the retrieval dev set
(a headline is the query, its article the target), restricted to the headlines that write a
name of ``akhbar/text/data/words_name_splits.tsv`` either way: each is searched as written and
respelled (the name joined if the headline spaces it, spaced if it joins it), as a reader who
writes it the other way would type it.  Systems, in one run: the search API on the store's index
and on FTS5, and the peers FTS5 default (unicode61, raw text) and bm25s (``bench`` extra; left
out when not installed).

    .venv/bin/python benchmarks/joined_names.py DEV [--names FILE] [--write]

(DEV: ``scripts/build_retrieval_devset.py``'s folder; the store of its documents is built as
``akhbar eval retrieval`` builds it, about 2 minutes.)  ``--names``: the list of joined names
(default: the shipped one; to measure a checkout without it, give the file).  ``--write``:
DEV/joined_names.json.  Results: benchmarks/RETRIEVAL.md ("Names written joined").
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_retrieval import peers_and_table  # noqa: E402

from akhbar.search.engine import SearchConfig  # noqa: E402
from akhbar.search.evaluate import (  # noqa: E402
    api_searcher,
    build_store,
    load_queries,
    rank_queries,
)

NAMES = ROOT / "akhbar" / "text" / "data" / "words_name_splits.tsv"
Ranks = dict[str, int | None]


def load_names(path: Path) -> dict[str, tuple[str, str]]:
    """Joined spelling → (first word, second word), from a ``words_name_splits.tsv``."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            joined, left, right, *_ = line.split("\t")
            out[joined] = (left, right)
    return out


def respelled(
    queries: Sequence[Mapping[str, str]], names: Mapping[str, tuple[str, str]]
) -> Iterator[dict[str, str]]:
    """Each query that writes a listed name (as a whole word, joined or spaced), with the
    name written the other way (the first such name)."""
    spaced = {f"{a} {b}": j for j, (a, b) in names.items()}
    for q in queries:
        words = q["query"].split()
        for i, w in enumerate(words):
            pair = " ".join(words[i : i + 2])
            if w in names:
                new = [*words[:i], " ".join(names[w]), *words[i + 1 :]]
            elif pair in spaced:
                new = [*words[:i], spaced[pair], *words[i + 2 :]]
            else:
                continue
            yield {**q, "qid": f"{q['qid']}~", "query": " ".join(new), "orig": q["qid"]}
            break


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("devset", type=Path, help="folder written by scripts/build_retrieval_devset.py")
    ap.add_argument("--names", type=Path, default=NAMES, help="the joined names' list")
    ap.add_argument("--write", action="store_true", help="write DEV/joined_names.json")
    args = ap.parse_args(argv)
    dev: Path = args.devset
    docs_path = dev / "docs.jsonl"
    queries = load_queries(dev / "queries.jsonl")
    changed = list(respelled(queries, load_names(args.names)))
    originals = {q["orig"] for q in changed}
    sets = {
        "as written": [q for q in queries if q["qid"] in originals],
        "respelled": changed,
    }
    print(f"{len(changed)} of {len(queries)} headlines write a listed name", flush=True)
    db = Path(tempfile.mkdtemp(prefix="akhbar-joined-")) / "eval.db"
    _, relevant = build_store(docs_path, db)
    results: dict[str, dict[str, Ranks]] = {}
    for backend in ("index", "fts5"):
        run = api_searcher(db, SearchConfig(use_index=backend == "index"))
        ranks = {s: rank_queries(qs, run, relevant) for s, qs in sets.items()}
        results[f"akhbar {backend}"] = ranks
    table = peers_and_table(docs_path, sets, results)
    if args.write:
        out = {"queries": len(changed), "mrr@10": table}
        (dev / "joined_names.json").write_text(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
