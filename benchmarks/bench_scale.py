"""Scale-out speed: the local engine vs the Ray engine (1 and 2 workers) on the same input.

    .venv/bin/python benchmarks/bench_scale.py            # writes benchmarks/SCALE.md
    .venv/bin/python benchmarks/bench_scale.py --quick    # 10 and 100 articles, prints only

Input: the first N articles of the outlets-2024 CSVs (express, geo, jang, samaa in that order;
N = 10, 100, 1000 and all 2,541), copied into one CSV per size; entity recognition ON (the
default ingest), default batch/chunk size (256):

* **local w=1 / w=2** — ``akhbar.pipeline.ingest`` with 1 or 2 analysis processes;
* **ray w=1 / w=2** — ``ray.init(num_cpus=w)`` (timed apart: *init*), then the Ray Data
  pipeline to Parquet (``akhbar.scale.pipeline.run_ray``) plus the bulk load
  (``akhbar.scale.bulk.bulk_load``).

Each (configuration, size) runs in a fresh process: a *cold* run (pool or Ray workers start,
import akhbar, load the NER model: what one command costs), then a *warm* run of the same input
into another fresh store in the same process / Ray session (the steady state).

Rates are articles (input records) per second, end to end (read, analyze, recognize entities,
MinHash, store).  The machine is shared: each figure is one run, and the load average before
and after is printed with the results.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ROOT.parent / "shared" / "data" / "news" / "outlets-2024"
OUT = Path(__file__).with_name("SCALE.md")
SIZES = (10, 100, 1000, 2541)
CONFIGS = (("local", 1), ("local", 2), ("ray", 1), ("ray", 2))
sys.path.insert(0, str(ROOT))


def make_inputs(directory: Path, sizes: tuple[int, ...]) -> dict[int, Path]:
    """One CSV per size: the first N outlet articles, under one header."""
    rows: list[list[str]] = []
    for name in ("express", "geo", "jang", "samaa"):
        with open(OUTLETS / f"{name}_articles.csv", encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            rows += [r[:4] for r in reader if len(r) >= 4]
    out = {}
    for n in sizes:
        path = directory / f"outlets-{n}.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "title", "link", "content"])
            w.writerows(rows[:n])
        out[n] = path
    return out


def _local_run(path: Path, db: Path, workers: int) -> dict[str, Any]:
    from akhbar.pipeline import IngestOptions, ingest
    from akhbar.store import Store

    t0 = time.perf_counter()
    with Store.open(db) as store:
        s = ingest([path], store, IngestOptions(workers=workers))
    return {"read": s.read, "seconds": time.perf_counter() - t0}


def _ray_run(path: Path, out: Path, db: Path) -> dict[str, Any]:
    from akhbar.scale.bulk import bulk_load
    from akhbar.scale.pipeline import run_ray
    from akhbar.store import Store

    t0 = time.perf_counter()
    pipe = run_ray([path], out)
    t1 = time.perf_counter()
    with Store.open(db) as store:
        s = bulk_load(out, store)
    t2 = time.perf_counter()
    assert pipe.records == s.read
    return {"read": s.read, "seconds": t2 - t0, "pipeline": t1 - t0, "bulk": t2 - t1}


def child(engine: str, workers: int, path: Path, tmp: Path) -> dict[str, Any]:
    """One configuration on one input in this fresh process: a cold run, then a warm one."""
    import akhbar.pipeline  # imports are not what is measured

    if engine == "local":
        cold = _local_run(path, tmp / "cold.db", workers)
        return {"cold": cold, "warm": _local_run(path, tmp / "warm.db", workers)}
    import logging

    import ray

    import akhbar.scale.bulk  # noqa: F401

    t0 = time.perf_counter()
    ray.init(
        num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR
    )
    init = time.perf_counter() - t0
    try:
        cold = _ray_run(path, tmp / "pq-cold", tmp / "cold.db")
        warm = _ray_run(path, tmp / "pq-warm", tmp / "warm.db")
    finally:
        ray.shutdown()
    return {"init": init, "cold": cold, "warm": warm}


def run_child(engine: str, workers: int, path: Path, tmp: Path) -> dict[str, Any]:
    args = [sys.executable, __file__, "--child", engine, str(workers), str(path), str(tmp)]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} w={workers} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _rate(run: dict[str, Any], key: str = "seconds") -> float:
    return float(run["read"] / run[key]) if run[key] > 0 else 0.0


Results = dict[tuple[str, int, int], dict[str, Any]]


def report(res: Results, sizes: tuple[int, ...], load: tuple[str, str]) -> str:
    lines = [
        "# Scale-out benchmark: local engine vs Ray",
        "",
        f"{dt.date.today()} · {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()} · `.venv/bin/python benchmarks/bench_scale.py` · entity "
        "recognition ON in every run",
        "",
        "Input: the first N articles of the outlets-2024 CSVs, one CSV per size.  Every "
        "configuration and size runs in a fresh process into a fresh store: a *cold* run (what "
        "one `akhbar ingest` command costs: process pool or Ray workers start, the NER model "
        "loads), then a *warm* run of the same input in the same process / Ray session (the "
        "steady state of a long-running service or cluster).",
        "",
        f"Load average before: {load[0]} · after: {load[1]}.  "
        + (
            "**The machine was shared with other jobs** (load above the 2 cores), so every "
            "figure is pessimistic and noisy (one run each)."
            if max(float(load[0].split()[0]), float(load[1].split()[0])) > 2.0
            else "Nothing else ran on the machine (one run each: small sizes are noisy)."
        ),
        "",
        "## Warm: articles/s end to end (read, analyze, NER, MinHash, store)",
        "",
        "| articles | local w=1 | local w=2 | ray w=1 | ray w=2 |",
        "|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        cells = [f"{_rate(res[(e, w, n)]['warm']):,.0f}" for e, w in CONFIGS]
        lines.append(f"| {n:,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Side by side (warm): articles/s as a ratio",
        "",
        "| articles | local w=2 ÷ local w=1 | ray w=1 ÷ local w=1 | ray w=2 ÷ local w=1 | "
        "ray w=2 ÷ local w=2 | ray w=2 ÷ ray w=1 |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        r = {(e, w): _rate(res[(e, w, n)]["warm"]) for e, w in CONFIGS}
        lines.append(
            f"| {n:,} | {r[('local', 2)] / r[('local', 1)]:.2f} | "
            f"{r[('ray', 1)] / r[('local', 1)]:.2f} | {r[('ray', 2)] / r[('local', 1)]:.2f} | "
            f"{r[('ray', 2)] / r[('local', 2)]:.2f} | {r[('ray', 2)] / r[('ray', 1)]:.2f} |"
        )
    lines += [
        "",
        "## Cold: seconds for one command from scratch, and Ray's fixed overhead",
        "",
        "Ray = `ray.init` (starting a local Ray) + the first pipeline run + bulk load; overhead "
        "= Ray's seconds minus the local engine's with the same number of workers.",
        "",
        "| articles | local w=1 | local w=2 | ray w=1 (init + run) | ray w=2 (init + run) | "
        "overhead w=1 | overhead w=2 |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        loc = {w: res[("local", w, n)]["cold"]["seconds"] for w in (1, 2)}
        ray = {w: res[("ray", w, n)] for w in (1, 2)}
        tot = {w: ray[w]["init"] + ray[w]["cold"]["seconds"] for w in (1, 2)}
        lines.append(
            f"| {n:,} | {loc[1]:.1f} | {loc[2]:.1f} | "
            f"{tot[1]:.1f} ({ray[1]['init']:.1f} + {ray[1]['cold']['seconds']:.1f}) | "
            f"{tot[2]:.1f} ({ray[2]['init']:.1f} + {ray[2]['cold']['seconds']:.1f}) | "
            f"{tot[1] - loc[1]:+.1f} | {tot[2] - loc[2]:+.1f} |"
        )
    lines += [
        "",
        "## Where Ray's time goes (warm)",
        "",
        "The pipeline (read, analyze, NER, MinHash, write Parquet) runs on the workers; the bulk "
        "load (Parquet → near-duplicate decisions → SQLite) is one process, whatever the "
        "cluster size.",
        "",
        "| articles | workers | pipeline s | pipeline articles/s | bulk load s | "
        "bulk load articles/s |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for w in (1, 2):
        for n in sizes:
            run = res[("ray", w, n)]["warm"]
            lines.append(
                f"| {n:,} | {w} | {run['pipeline']:.1f} | {_rate(run, 'pipeline'):,.0f} | "
                f"{run['bulk']:.1f} | {_rate(run, 'bulk'):,.0f} |"
            )
    return "\n".join(lines) + "\n"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="10 and 100 articles, print only")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        engine, workers, path, tmp = args.child
        print(json.dumps(child(engine, int(workers), Path(path), Path(tmp))))
        return
    sizes = SIZES[:2] if args.quick else SIZES
    tmp = Path(tempfile.mkdtemp(prefix="akhbar-bench-scale-"))
    try:
        inputs = make_inputs(tmp, sizes)
        before = _load()
        res: Results = {}
        for n in sizes:
            for engine, workers in CONFIGS:
                t0 = time.perf_counter()
                work = tmp / f"{engine}-{workers}-{n}"
                work.mkdir()
                res[(engine, workers, n)] = run_child(engine, workers, inputs[n], work)
                shutil.rmtree(work, ignore_errors=True)
                took = time.perf_counter() - t0
                print(f"{n} articles, {engine} w={workers}: {took:.0f}s", file=sys.stderr)
        text = report(res, sizes, (before, _load()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(text)
    if not args.quick:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
