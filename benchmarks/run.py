"""Speed benchmark: akhbar's text core against spaCy and urduhack, on the shared Urdu news.

``make bench`` runs this.  It builds (once) the peers venv ``benchmarks/.venv-peers`` from
``benchmarks/peers.txt``, measures the peers there in a subprocess and akhbar here, on the same
documents, one document at a time, and writes ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/run.py             # full run, writes RESULTS.md
    .venv/bin/python benchmarks/run.py --quick     # smoke run on a small corpus, prints only
    .venv/bin/python benchmarks/run.py --no-peers  # akhbar only (no venv needed)
    .venv/bin/python benchmarks/run.py --check     # exit 1 if a goal is missed
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NEWS = ROOT.parent / "shared" / "data" / "news"
PEERS_VENV = HERE / ".venv-peers"
PEERS_TXT = HERE / "peers.txt"
PEERS_STAMP = PEERS_VENV / ".peers-installed"
RESULTS = HERE / "RESULTS.md"

JSONL_STEP = 5  # every 5th Express headline+summary row: keeps the corpus at a few MB
QUICK_DOCS = 150  # per source in --quick
WARMUP_DOCS = 50

# (ours, peer, goal): our figure must be at least goal x the peer's.
GOALS = [
    ("akhbar normalize + sentences + words", "spacy tokenizer + sentencizer", 1.0),
    ("akhbar normalize", "urduhack normalize", 1.0),
]

csv.field_size_limit(1 << 30)


# ------------------------------------------------------------------------------------ corpus --


def load_corpus(quick: bool) -> tuple[list[str], dict[str, int]]:
    """The benchmark documents (article by article) and the number of documents per source."""
    limit = QUICK_DOCS if quick else None
    sources: dict[str, list[str]] = {}

    outlets: list[str] = []
    for path in sorted((NEWS / "outlets-2024").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                outlets.append({k.lower(): v for k, v in row.items()}["content"])
    sources["outlets-2024 (CSV content)"] = outlets

    with (NEWS / "urdupoint-2023-sample.csv").open(encoding="utf-8-sig", newline="") as handle:
        sources["urdupoint-2023 (CSV News)"] = [row["News"] for row in csv.DictReader(handle)]

    sources["bend-the-truth (txt)"] = [
        p.read_text(encoding="utf-8-sig")
        for p in sorted((NEWS / "bend-the-truth").glob("**/*.txt"))
    ]

    express: list[str] = []
    with (NEWS / "express-headlines-2012-2018.jsonl").open(encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i % JSONL_STEP == 0:
                row = json.loads(line)
                express.append(f"{row['title']}\n{row['summary']}")
    sources[f"express-2012-2018 (JSONL title+summary, every {JSONL_STEP}th)"] = express

    docs: list[str] = []
    counts: dict[str, int] = {}
    for name, texts in sources.items():
        kept = [t for t in texts if t.strip()][:limit]
        counts[name] = len(kept)
        docs.extend(kept)
    return docs, counts


# ---------------------------------------------------------------------------------- measuring --


def time_docs(
    fn: Callable[[str], Any], docs: list[str], reps: int, *, warmup: bool = True
) -> list[float]:
    """Seconds for each of ``reps`` passes of ``fn`` over every document (after a warm-up)."""
    for doc in docs[:WARMUP_DOCS] if warmup else ():
        fn(doc)
    seconds = []
    for _ in range(reps):
        started = time.perf_counter()
        for doc in docs:
            fn(doc)
        seconds.append(time.perf_counter() - started)
    return seconds


def measure_ours(docs: list[str], reps: int, *, warmup: bool = True) -> dict[str, Any]:
    """akhbar's normalize alone and segment (normalize + sentences + words), imported lazily."""
    results: dict[str, Any] = {}
    try:
        akhbar_version = version("akhbar")
    except Exception:
        akhbar_version = "dev"
    for name, module, attr in (
        ("akhbar normalize", "akhbar.text.normalize", "normalize"),
        ("akhbar normalize + sentences + words", "akhbar.text.segment", "segment"),
    ):
        try:
            fn = getattr(__import__(module, fromlist=[attr]), attr)
            results[name] = {
                "version": akhbar_version,
                "seconds": time_docs(fn, docs, reps, warmup=warmup),
            }
        except Exception:
            results[name] = {"error": traceback.format_exc(limit=2)}
    return results


def ensure_peers_venv() -> Path:
    """Create benchmarks/.venv-peers from peers.txt if missing or out of date; return its python."""
    python = PEERS_VENV / "bin" / "python"
    wanted = hashlib.sha256(PEERS_TXT.read_bytes()).hexdigest()
    if python.exists() and PEERS_STAMP.exists() and PEERS_STAMP.read_text().strip() == wanted:
        return python
    print(f"building the peers venv {PEERS_VENV} from {PEERS_TXT.name} (a few minutes) ...")
    if not python.exists():
        # TensorFlow 2.15 has wheels for Python 3.9-3.11 only: use this interpreter (3.11).
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--no-deps", "-r", str(PEERS_TXT)], check=True)
    PEERS_STAMP.write_text(wanted + "\n")
    return python


class Peers:
    """benchmarks/peers_bench.py running in the peers venv; one timed pass per :meth:`run_pass`."""

    MARKER = "@@result "

    def __init__(self, python: Path, corpus: Path) -> None:
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore"}
        # TensorFlow's chatter goes here, shown on failure; closed in close().
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(python), str(HERE / "peers_bench.py"), str(corpus)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def run_pass(self) -> dict[str, Any]:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        try:
            self.proc.stdin.write("pass\n")
            self.proc.stdin.flush()
            for line in self.proc.stdout:
                if line.startswith(self.MARKER):
                    result: dict[str, Any] = json.loads(line[len(self.MARKER) :])
                    return result
        except BrokenPipeError:
            pass
        self.log.seek(0)
        return {"peers": {"error": f"peers process died: {self.log.read()[-2000:]}"}}

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)
        self.log.close()


def merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    """Append the pass timings of ``new`` to ``into`` (errors are kept as they come)."""
    for name, result in new.items():
        if "seconds" in result and "seconds" in into.get(name, {}):
            into[name]["seconds"].extend(result["seconds"])
        else:
            into[name] = result


# ------------------------------------------------------------------------------------ report --


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def summarize(results: dict[str, Any], chars: int) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for name, r in results.items():
        if "seconds" in r:
            best, median = min(r["seconds"]), statistics.median(r["seconds"])
            rows[name] = {
                "version": r.get("version", ""),
                "best": chars / best,
                "median": chars / median,
                "seconds": best,
            }
        else:
            rows[name] = {"error": r.get("error", "no result").strip().splitlines()[-1]}
    return rows


def fmt_rate(x: float) -> str:
    return f"{x / 1e6:.2f}M"


def render(
    rows: dict[str, dict[str, Any]],
    *,
    counts: dict[str, int],
    chars: int,
    checksum: str,
    reps: int,
    quick: bool,
) -> tuple[str, list[str]]:
    """Markdown report and the list of missed goals."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    lines = [
        "# Speed benchmark results",
        "",
        "Written by `make bench` (`benchmarks/run.py`" + (" --quick" if quick else "") + "); "
        "see `benchmarks/README.md` for what is measured.",
        "",
        f"- Date: {now}",
        f"- Machine: {cpu_model()}, {cores} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; load average "
        f"{load:.1f} at the end" + (" (other jobs were running)" if load > cores else ""),
        f"- Corpus: {sum(counts.values()):,} documents, {chars:,} characters, sha256 "
        f"`{checksum[:16]}`, timed one document at a time; best of {reps} passes, peers and "
        "akhbar taking turns",
    ]
    lines += [f"  - {name}: {n:,} documents" for name, n in counts.items()]
    lines += [
        "",
        "| what | version | chars/s (best) | chars/s (median) | seconds (best) |",
        "|---|---|---:|---:|---:|",
    ]
    for name, row in rows.items():
        if "error" in row:
            lines.append(f"| {name} | | error: {row['error']} | | |")
        else:
            lines.append(
                f"| {name} | {row['version']} | {fmt_rate(row['best'])} | "
                f"{fmt_rate(row['median'])} | {row['seconds']:.2f} |"
            )
    lines += [
        "",
        "| goal | ratio (best / best) | target | met |",
        "|---|---:|---:|:---:|",
    ]
    missed = []
    for ours, peer, target in GOALS:
        a, b = rows.get(ours, {}), rows.get(peer, {})
        if "best" in a and "best" in b:
            ratio = a["best"] / b["best"]
            met = ratio >= target
            lines.append(
                f"| {ours} vs {peer} | {ratio:.2f}x | >= {target:.1f}x | {'yes' if met else 'NO'} |"
            )
            if not met:
                missed.append(f"{ours} is {ratio:.2f}x {peer} (goal >= {target}x)")
        else:
            lines.append(f"| {ours} vs {peer} | n/a | >= {target:.1f}x | n/a |")
            missed.append(f"{ours} vs {peer}: not measured")
    lines.append("")
    return "\n".join(lines), missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small corpus, 1 pass, print only")
    parser.add_argument("--reps", type=int, default=None, help="passes per measurement (default 3)")
    parser.add_argument("--no-peers", action="store_true", help="measure akhbar only")
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    parser.add_argument("--output", type=Path, default=None, help="write the report here")
    args = parser.parse_args(argv)

    reps = args.reps or (1 if args.quick else 3)
    docs, counts = load_corpus(args.quick)
    chars = sum(map(len, docs))
    checksum = hashlib.sha256("\x00".join(docs).encode("utf-8")).hexdigest()
    print(f"corpus: {len(docs):,} documents, {chars:,} characters; {reps} pass(es) each")

    # Peers and akhbar take turns, one pass each per round, so that a busy machine (2 shared
    # cores) slows both sides alike; both processes stay alive, so caches stay warm on both sides.
    results: dict[str, Any] = {}
    python = None if args.no_peers else ensure_peers_venv()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.json"
        corpus.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        peers = Peers(python, corpus) if python is not None else None
        try:
            for round_no in range(1, reps + 1):
                started = time.perf_counter()
                if peers is not None:
                    merge(results, peers.run_pass())
                merge(results, measure_ours(docs, 1, warmup=round_no == 1))
                print(f"round {round_no}/{reps}: {time.perf_counter() - started:.0f}s")
        finally:
            if peers is not None:
                peers.close()

    rows = summarize(results, chars)
    report, missed = render(
        rows, counts=counts, chars=chars, checksum=checksum, reps=reps, quick=args.quick
    )
    print(report)
    output = args.output or (None if args.quick or args.no_peers else RESULTS)
    if output is not None:
        output.write_text(report, encoding="utf-8")
        print(f"written to {output}")
    for miss in missed:
        print(f"goal missed: {miss}", file=sys.stderr)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
