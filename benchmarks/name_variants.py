"""A name typed in another spelling than the article's: does the search still find it?

Known-item retrieval on the retrieval dev set (a headline is the query, its article the
target), restricted to the headlines that write a name the archive also spells otherwise
(the store's entities with several names: ``یوکرین`` / ``یوکرائن``, ``بائیڈن`` /
``جوبائیڈن``, ``بھارت`` / ``انڈیا``, and since the thirty-first session names of several words,
a word, a name written joined or a run of words: ``سعودی عرب`` / ``سعودیہ``, ``بنگلادیش`` /
``بنگلہ دیش``; :mod:`akhbar.search.variants`).  Each such headline is
searched as written and respelled: the name replaced by each of its other spellings (as the
lexicon usually writes it), as a reader who spells it the other way would type it.  Systems,
in one run: the search API on the store's index and on FTS5, with the name variants
(``SearchConfig.name_variants``, shipped) and without, and the peers FTS5 default (unicode61,
raw text) and bm25s (``bench`` extra; left out when not installed).

    .venv/bin/python benchmarks/name_variants.py DEV [--write] [--latency N] [--latency-db DB]

(DEV: ``scripts/build_retrieval_devset.py``'s folder; the store of its documents is built as
``akhbar eval retrieval`` builds it, about 2 minutes.)  ``--write``: DEV/name_variants.json.
``--latency N``: N rounds of every query of the three sets through the search API on the index
(top 10 with facets and snippets, as the page asks; no query cache), with and without the
variants, interleaved in one run; p50 / p95 per query (what the lookups and the wider match
cost).  ``--latency-db DB``: also on the store DB (one with entities: ``akhbar ingest`` of the
shared news), the queries then the names of the respelled queries alone and with the word after
them (1- and 2-word queries: where a wider match costs the most).
Results: benchmarks/RETRIEVAL.md ("Names in another spelling").
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_retrieval import peers_and_table  # noqa: E402

from akhbar.search import QueryError, parse_query  # noqa: E402
from akhbar.search.engine import SearchConfig  # noqa: E402
from akhbar.search.evaluate import (  # noqa: E402
    api_searcher,
    build_store,
    load_queries,
    rank_queries,
)
from akhbar.search.spelling import shown_form  # noqa: E402
from akhbar.search.variants import name_variants, same_words  # noqa: E402

Ranks = dict[str, int | None]


def respelled(
    queries: Sequence[Mapping[str, str]], conn: sqlite3.Connection, held: Callable[[str], int]
) -> Iterator[dict[str, str]]:
    """Each query that writes a name with variants, once for each variant: the name's letters
    in the headline replaced by the variant as the lexicon writes it (``kind``: ``spelling``
    for another spelling of the name, ``name`` for another name of a place or body)."""
    for q in queries:
        text = q["query"]
        try:
            parsed = parse_query(text)
        except QueryError:
            continue
        # (name, where it is written in the query): a word, a name written joined (its
        # terms joined by a space, ``بنگلا دیش``), and runs of words (``سعودی عرب``)
        names: list[tuple[str, int, int]] = []
        for clause in parsed.clauses:
            for item in clause.alternatives:
                start = item.end - len(item.raw)
                if item.name is not None and text[start : item.end] == item.raw:
                    names.append((item.name, start, item.end))
        for name, typed in parsed.name_runs:
            at = text.find(typed)
            if at >= 0:
                names.append((name, at, at + len(typed)))
        n = 0
        for name, start, end in names:
            for variant in name_variants(conn, [name], held).get(name, ()):
                raw = text[start:end]
                letters = raw.strip("،؛:;,.!؟?\"'“”‘’()[]")
                written = " ".join(shown_form(t) for t in variant.split(" "))
                spelled = same_words(name.split(" "), variant.split(" "))
                n += 1
                yield {
                    "qid": f"{q['qid']}~{n}",
                    "orig": q["qid"],
                    "query": text[:start] + raw.replace(letters, written, 1) + text[end:],
                    "target": q["target"],
                    "split": q.get("split", ""),
                    "kind": "spelling" if spelled else "name",
                    "from": letters,
                    "to": written,
                }


def name_windows(queries: Sequence[Mapping[str, str]]) -> list[str]:
    """The name of each respelled query alone, and with the word after it (each once)."""
    out: dict[str, None] = {}
    for q in queries:
        words = q["query"].split()
        at = next((i for i, w in enumerate(words) if q["to"] in w), None)
        if at is not None:
            out[q["to"]] = None
            out[" ".join(words[at : at + 2])] = None
    return list(out)


def latency(db: Path, texts: list[str], rounds: int) -> dict[str, dict[str, float]]:
    """p50 / p95 milliseconds of a search of each of ``texts`` on the index, with and without
    the variants, interleaved (``rounds`` times each; the first round warms the caches)."""
    import statistics
    import time

    from akhbar.search import Archive

    if rounds <= 0:
        return {}
    times: dict[bool, list[float]] = {True: [], False: []}
    # (no query cache: each search parses, looks its words' variants up and compiles again)
    with Archive.open(db, SearchConfig(query_cache=0)) as archive:
        for text in texts:  # warm: parse and compile caches, the lexicon, the page cache
            archive.search(text, name_variants=True)
            archive.search(text, name_variants=False)
        for _ in range(rounds):
            for text in texts:
                for on in (True, False):
                    t0 = time.perf_counter()
                    archive.search(text, limit=10, name_variants=on)
                    times[on].append((time.perf_counter() - t0) * 1000)
    out = {}
    for on, ms in times.items():
        cuts = statistics.quantiles(ms, n=100)
        out["with variants" if on else "without"] = {"p50": cuts[49], "p95": cuts[94]}
        print(
            f"latency {'with variants' if on else 'without'}: p50 {cuts[49]:.2f} ms, "
            f"p95 {cuts[94]:.2f} ms ({len(ms)} searches)",
            flush=True,
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("devset", type=Path, help="folder written by scripts/build_retrieval_devset.py")
    ap.add_argument("--write", action="store_true", help="write DEV/name_variants.json")
    ap.add_argument("--latency", type=int, default=0, metavar="N", help="rounds of timing")
    ap.add_argument("--latency-db", type=Path, help="also time 1-2 word name queries on this store")
    ap.add_argument(
        "--boosts",
        nargs="*",
        default=[],
        metavar="V,O",
        help="also the index with these SearchConfig.variant_boost,other_name_boost pairs",
    )
    args = ap.parse_args(argv)
    dev: Path = args.devset
    docs_path = dev / "docs.jsonl"
    queries = load_queries(dev / "queries.jsonl")
    db = Path(tempfile.mkdtemp(prefix="akhbar-variants-")) / "eval.db"
    _, relevant = build_store(docs_path, db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, articles_fts, row)")

    def held(term: str) -> int:
        row = conn.execute("SELECT doc FROM temp.v WHERE term = ?", (term,)).fetchone()
        return int(row[0]) if row else 0

    changed = list(respelled(queries, conn, held))
    originals = {q["orig"] for q in changed}
    sets = {
        "as written": [q for q in queries if q["qid"] in originals],
        "respelled: spelling": [q for q in changed if q["kind"] == "spelling"],
        "respelled: other name": [q for q in changed if q["kind"] == "name"],
    }
    print(
        f"{len(originals)} of {len(queries)} headlines write a name with variants; "
        f"{len(changed)} respelled queries",
        flush=True,
    )
    results: dict[str, dict[str, Ranks]] = {}
    for backend in ("index", "fts5"):
        for on in (True, False):
            cfg = SearchConfig(use_index=backend == "index", name_variants=on)
            run = api_searcher(db, cfg)
            name = f"akhbar {backend}" + ("" if on else " without variants")
            results[name] = {s: rank_queries(qs, run, relevant) for s, qs in sets.items()}
    for pair in args.boosts:
        v, o = (float(x) for x in pair.split(","))
        run = api_searcher(db, SearchConfig(variant_boost=v, other_name_boost=o))
        name = f"akhbar index, variants x{v:g}, other names x{o:g}"
        results[name] = {s: rank_queries(qs, run, relevant) for s, qs in sets.items()}
    table = peers_and_table(docs_path, sets, results)
    lost = [
        (q["from"], q["to"], q["query"])
        for q in changed
        if results["akhbar index"]["respelled: spelling"].get(q["qid"], 0) is None
        and q["kind"] == "spelling"
    ]
    print(f"\nrespelled (spelling) queries whose article the index does not find: {len(lost)}")
    for row in lost[:10]:
        print("  ", *row)
    timing = latency(db, [q["query"] for qs in sets.values() for q in qs], args.latency)
    if args.latency_db is not None:
        print(f"on {args.latency_db}, names alone and with the word after them:", flush=True)
        timing.update(
            {
                f"{args.latency_db.name} {k}": v
                for k, v in latency(args.latency_db, name_windows(changed), args.latency).items()
            }
        )
    if args.write:
        out = {
            "queries": len(changed),
            "headlines": len(originals),
            "mrr@10": table,
            "latency_ms": timing,
        }
        (dev / "name_variants.json").write_text(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
