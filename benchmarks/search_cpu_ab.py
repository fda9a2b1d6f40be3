"""CPU per search, before/after: two versions of the code, measured in alternating processes.

On a shared machine wall-clock latency says more about the neighbours than about the code; the
CPU time a search costs (``time.process_time``: this process, every thread) barely moves with
the load, and measuring the two versions in alternating processes, several rounds, spreads what
is left over both.  Each version is a git commit (extracted with ``git archive`` into a temporary
directory, so the worktree is untouched) and a store (a version that needs another index format
gets a store whose index it can use).  Each process: ``Archive.open(db)``, every query of the
chosen classes once to warm up, then ``--repeat`` timed passes; queries are the bench_search
ones (windows of real headline words, same seed).  Results of the two versions are compared
too (hits, scores, snippets, facets, totals of every query): ``identical`` or the first
differing queries.

    .venv/bin/python benchmarks/search_cpu_ab.py --before af4abfd --after HEAD \\
        --db /tmp/s100k/akhbar.db --rounds 5
    .venv/bin/python benchmarks/search_cpu_ab.py --before cfb6afc --db /tmp/s100k/akhbar.db \\
        --after HEAD --after-db /tmp/speed/s100k/akhbar.db   # an index of format 4 for HEAD
    .venv/bin/python benchmarks/search_cpu_ab.py ... --variant service --queries 500   # the API
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLASSES = ("1-word", "2-word", "4-word", "phrase")


def child(root: str, db: str, classes: list[str], n: int, repeat: int, variant: str) -> None:
    """Measure one version (run in its own process): prints one JSON line."""
    sys.path.insert(0, root)
    sys.path.insert(1, str(HERE))
    import akhbar

    assert akhbar.__file__ is not None
    assert akhbar.__file__.startswith(root), akhbar.__file__
    if variant == "service":
        return service_child(db, n, repeat)
    from bench_search import ours_text, query_sets

    from akhbar.search import Archive

    archive = Archive.open(db)
    archive.search("پاکستان", 1)
    assert archive.backend == "index", archive.index_status
    facets, snippets = variant != "plain", variant != "nosnip"
    sets = {c: [ours_text(q, c) for q in qs] for c, qs in query_sets(n).items() if c in classes}
    out: dict[str, Any] = {"cpu": {}, "results": {}}
    for cls, qs in sets.items():
        for q in qs:
            r = archive.search(q, 10, facets=facets, snippets=snippets)
            out["results"][f"{cls}: {q}"] = r.to_dict()
    for cls, qs in sets.items():
        start = time.process_time()
        for _ in range(repeat):
            for q in qs:
                archive.search(q, 10, facets=facets, snippets=snippets)
        out["cpu"][cls] = (time.process_time() - start) * 1000 / (repeat * len(qs))
    archive.close()
    print(json.dumps(out, ensure_ascii=False, default=str))


def service_child(db: str, n: int, repeat: int) -> None:
    """The HTTP API's search without HTTP: ``Service.search`` over bench_web's queries (words,
    word pairs and quoted pairs of real headlines, a third with a source or date filter)."""
    from bench_web import filters_of, query_set, store_info

    from akhbar.web.service import Service, ServiceError

    params = query_set(n, store_info(Path(db))["sources"])
    out: dict[str, Any] = {"cpu": {}, "results": {}}
    with Service(db) as service:

        def run(p: dict[str, str]) -> Any:
            try:
                return service.search(p["q"], **filters_of(p))
            except ServiceError as exc:
                return f"{type(exc).__name__}: {exc}"

        for p in params:
            out["results"][json.dumps(p, ensure_ascii=False)] = run(p)
        start = time.process_time()
        for _ in range(repeat):
            for p in params:
                run(p)
        out["cpu"]["service"] = (time.process_time() - start) * 1000 / (repeat * len(params))
    print(json.dumps(out, ensure_ascii=False, default=str))


def extract(commit: str, into: Path) -> str:
    """The tree of ``commit`` (``git archive``) in a fresh directory under ``into``."""
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", commit],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    dest = into / sha
    dest.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", sha], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return str(dest)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--before", help="commit measured first in each round (required)")
    ap.add_argument("--after", default="HEAD", help="commit measured second in each round")
    ap.add_argument("--db", help="store (and its index) of --before (required)")
    ap.add_argument("--after-db", help="store of --after (default: --db)")
    ap.add_argument("--classes", default=",".join(CLASSES))
    ap.add_argument(
        "--variant",
        default="facets",
        choices=["facets", "plain", "nosnip", "service"],
        help="Archive.search with facets (the page), without (plain), without snippets "
        "(nosnip), or the HTTP API's Service.search over bench_web's queries (service)",
    )
    ap.add_argument("--queries", type=int, default=150, help="queries per class")
    ap.add_argument("--repeat", type=int, default=2, help="timed passes per process")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    classes = ["service"] if args.variant == "service" else args.classes.split(",")
    if args.child:
        child(args.child[0], args.child[1], classes, args.queries, args.repeat, args.variant)
        return
    if not args.before or not args.db:
        ap.error("--before and --db are required")
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="search-ab-") as tmp:
        versions = {
            "before": (extract(args.before, Path(tmp)), args.db),
            "after": (extract(args.after, Path(tmp)), args.after_db or args.db),
        }
        for r in range(args.rounds):
            for name, (root, db) in versions.items():
                cmd = [
                    sys.executable,
                    __file__,
                    "--child",
                    root,
                    db,
                    "--classes",
                    ",".join(classes),
                ]
                cmd += ["--queries", str(args.queries), "--repeat", str(args.repeat)]
                cmd += ["--variant", args.variant]
                done = subprocess.run(cmd, check=True, capture_output=True, text=True)
                got = json.loads(done.stdout.strip().splitlines()[-1])
                runs[name].append(got["cpu"])
                results.setdefault(name, got["results"])
                cpus = " ".join(f"{c} {v:.2f}" for c, v in got["cpu"].items())
                print(f"round {r + 1} {name}: {cpus}", file=sys.stderr, flush=True)
    print(f"CPU ms per search ({args.variant}), {args.rounds} rounds, best / median:")
    print("| class | before | after | after / before (best, median) |")
    print("|---|---:|---:|---:|")
    for cls in classes:
        a = [x[cls] for x in runs["before"]]
        b = [x[cls] for x in runs["after"]]
        ma, mb = statistics.median(a), statistics.median(b)
        print(
            f"| {cls} | {min(a):.2f} / {ma:.2f} | {min(b):.2f} / {mb:.2f} | "
            f"{min(b) / min(a):.2f}, {mb / ma:.2f} |"
        )
    differ = [q for q in results["before"] if results["before"][q] != results["after"].get(q)]
    print(
        f"results: {'identical' if not differ else 'DIFFERENT'} over {len(results['before'])} "
        f"queries" + (f"; first: {differ[:3]}" if differ else "")
    )


if __name__ == "__main__":
    main()
