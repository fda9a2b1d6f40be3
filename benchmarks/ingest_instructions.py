"""Instructions per record of each ingest stage, counted by callgrind (deterministic).

    .venv/bin/python benchmarks/ingest_instructions.py                     # urdupoint, all stages
    .venv/bin/python benchmarks/ingest_instructions.py --corpus btt --root /tmp/old
    .venv/bin/python benchmarks/ingest_instructions.py --stages analysis --records 200

On a shared machine wall-clock and even CPU-time figures move by a third between identical
runs; instruction counts do not, so before/after comparisons of the ingest's stages are made
with this (``git worktree add /tmp/old <commit>``, then ``--root /tmp/old``).  Each stage runs
in a fresh Python process under ``valgrind --tool=callgrind`` (all threads counted: tantivy's
indexing thread too), once with the stage and once doing the same setup without it; the
difference divided by the records is the stage's cost:

* ``analysis``: the workers' stage (``analyze_batch``, entity recognition off) on the first
  ``--records`` records, in a fresh process after ``warm_up()``: caches as cold as a freshly
  forked worker has them.
* ``store``: the main process's decide-and-store step (``store_batch``: near-duplicates, the
  store's writes with the FTS5 trigger) for every record, from batches analyzed beforehand
  (outside the count); ``fts5``: the part of it the FTS5 trigger costs (the same without it).
* ``index``: bringing the search index up to date for those articles afterwards (the sync
  that ends ``akhbar ingest``).

Needs ``valgrind``; a stage takes minutes (callgrind runs Python ~50x slower).
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"
CORPORA = {
    "outlets": [NEWS / "outlets-2024"],
    "urdupoint": [NEWS / "urdupoint-2023-sample.csv"],
    "btt": [NEWS / "bend-the-truth"],
    "express": [NEWS / "express-headlines-2012-2018.jsonl"],
}
STAGES = ("analysis", "store", "fts5", "index")


def _child(root: Path, stage: str, corpus: str, records: int, items: Path, run: bool) -> None:
    """One counted process: the setup of ``stage``, and the stage itself when ``run``."""
    sys.path.insert(0, str(root.resolve()))
    import gc

    from akhbar.pipeline import local
    from akhbar.pipeline.prepare import PrepareConfig, analyze_batch, attach, warm_up

    cfg = PrepareConfig(entities=False)
    if stage == "analysis":
        from akhbar.ingest import read_any

        warm_up(cfg)
        recs = list(read_any(CORPORA[corpus]))[:records]
        gc.freeze()
        gc.set_threshold(20_000, 10, 10)  # as a worker runs (pipeline/local.py)
        if run:
            for batch in local._batches(recs, 256):
                analyze_batch(batch, cfg)
        return
    import akhbar.search.index as ix
    from akhbar.store import Store

    data = pickle.loads(items.read_bytes())
    tmp = Path(tempfile.mkdtemp(prefix="akhbar-cg-"))
    db = tmp / "s.db"
    try:
        with Store.open(db) as store:
            summary = local.IngestSummary(run_id=store.begin_run([], {}))
            if stage == "fts5" and run:
                store.connection.execute("DROP TRIGGER articles_fts_insert")
            if stage != "store" or run:  # (fts5's baseline stores with the trigger)
                with local._quiet_gc(), local._page_cache(store):
                    for batch, prepared in data:
                        items_ = attach(batch, prepared)
                        local.store_batch(store, summary.run_id, items_, 0.7, summary)
            store.end_run(summary.run_id, "completed")
        if stage == "index" and run:
            ix.sync(db)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _count(args: list[str]) -> int:
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable]
    done = subprocess.run(
        [*cmd, __file__, *args], capture_output=True, text=True, check=True, timeout=7200
    )
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no callgrind total in: {done.stderr[-2000:]}")
    return int(found.group(1))


def _prepare_items(corpus: str, path: Path) -> int:
    """The corpus's batches analyzed by this tree, pickled for the store and index stages."""
    sys.path.insert(0, str(ROOT))
    from akhbar.ingest import read_any
    from akhbar.pipeline import local
    from akhbar.pipeline.prepare import PrepareConfig, analyze_batch

    cfg = PrepareConfig(entities=False)
    recs = list(read_any(CORPORA[corpus]))
    data: list[Any] = [(b, analyze_batch(b, cfg)) for b in local._batches(recs, 256)]
    path.write_bytes(pickle.dumps(data))
    return len(recs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=sorted(CORPORA), default="urdupoint")
    ap.add_argument("--records", type=int, default=200, help="records the analysis stage takes")
    ap.add_argument(
        "--stages", default=",".join(STAGES), help="comma-separated: " + " ".join(STAGES)
    )
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout to import akhbar from")
    ap.add_argument("--child", nargs=5, metavar=("STAGE", "CORPUS", "RECORDS", "ITEMS", "RUN"))
    args = ap.parse_args()
    if args.child:
        stage, corpus, records, items, run = args.child
        _child(args.root, stage, corpus, int(records), Path(items), run == "1")
        return
    stages = [s for s in args.stages.split(",") if s]
    unknown = set(stages) - set(STAGES)
    if unknown:
        raise SystemExit(f"unknown stages: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="akhbar-cg-") as d:
        items = Path(d) / "items.pkl"
        n_all = _prepare_items(args.corpus, items) if set(stages) - {"analysis"} else 0
        for stage in stages:
            n = min(args.records, _n_records(args.corpus)) if stage == "analysis" else n_all
            common = ["--root", str(args.root), "--child", stage, args.corpus, str(n), str(items)]
            with_stage, without = _count([*common, "1"]), _count([*common, "0"])
            cost = (with_stage - without) if stage != "fts5" else (without - with_stage)
            print(
                f"{args.corpus} {stage}: {cost / n / 1e6:.3f} M instructions/record "
                f"({n:,} records; {with_stage:,} - {without:,}; root {args.root})",
                flush=True,
            )


def _n_records(corpus: str) -> int:
    sys.path.insert(0, str(ROOT))
    from akhbar.ingest import read_any

    return sum(1 for _ in read_any(CORPORA[corpus]))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")  # (the children inherit it: same dict layouts)
    main()
