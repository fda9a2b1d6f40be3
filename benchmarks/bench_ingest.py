"""Ingest speed: end to end (parse, analyze, dedup, store) on the shared corpora, and at scale.

    .venv/bin/python benchmarks/bench_ingest.py            # both parts, writes benchmarks/INGEST.md
    .venv/bin/python benchmarks/bench_ingest.py --quick    # small scale run, prints only
    .venv/bin/python benchmarks/bench_ingest.py --scale 200000 --workers 2
    .venv/bin/python benchmarks/bench_ingest.py --corpora-only --root /tmp/old   # another tree

Part 1 ingests each shared corpus into a fresh store with the local engine and brings its
search index up to date, as ``akhbar ingest`` does (the ingest, then the index sync; both in
the seconds, records/s and CPU figures, the sync also apart), and reports records/s and input
MB/s side by side with a baseline that does no analysis at all: the same records' raw text
inserted into SQLite with a default FTS5 (unicode61) index.  ``--no-index`` leaves the search
index out (the rows before 2026-12-03 did: their records/s are the ingest's alone).
Part 2 builds a store of ``--scale`` synthetic articles (real paragraphs of the shared news,
sampled at random, so the vocabulary is real), ingested in ten equal chunks: articles/s per
chunk must stay flat as the store grows, and the store's bytes per article are reported.

The machine is shared, so each row also gives the CPU time per record of the main process
(reading, storing) and of the analysis workers, and the load average around the run: CPU time
moves much less with the load than wall time does.  Text above the marker line in INGEST.md is
hand-written and kept; everything below it is rewritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"
OUT = Path(__file__).with_name("INGEST.md")
MARKER = "<!-- results below are written by benchmarks/bench_ingest.py -->"
# --root: import akhbar from another checkout (e.g. `git worktree add /tmp/old <commit>`), to
# compare two versions in turns under the same load; parsed before akhbar is imported.
_early = argparse.ArgumentParser(add_help=False)
_early.add_argument("--root", type=Path, default=ROOT)
sys.path.insert(0, str(_early.parse_known_args()[0].root.resolve()))

from akhbar.article import Article  # noqa: E402
from akhbar.ingest import read_any  # noqa: E402
from akhbar.pipeline import IngestOptions, PrepareConfig, ingest  # noqa: E402
from akhbar.store import Store  # noqa: E402

# The ingest goal excludes entity recognition (measured in benchmarks/NER.md).
NO_NER = PrepareConfig(entities=False)
# The search index is synced (and timed) after the ingest, as `akhbar ingest` does; a tree given
# by --root that predates the option never synced by itself.
_NO_SYNC: dict[str, Any] = (
    {"sync_index": False} if "sync_index" in IngestOptions.__dataclass_fields__ else {}
)


def _options(workers: int) -> IngestOptions:
    return IngestOptions(workers=workers, prepare=NO_NER, **_NO_SYNC)


CORPORA = {
    "outlets-2024 (4 CSV)": [NEWS / "outlets-2024"],
    "urdupoint CSV": [NEWS / "urdupoint-2023-sample.csv"],
    "bend-the-truth (1,300 .txt)": [NEWS / "bend-the-truth"],
    "express headlines JSONL": [NEWS / "express-headlines-2012-2018.jsonl"],
}


def _size(paths: list[Path]) -> int:
    total = 0
    for p in paths:
        files = [p] if p.is_file() else [f for f in p.rglob("*") if f.is_file()]
        total += sum(f.stat().st_size for f in files)
    return total


def baseline(paths: list[Path], db: Path) -> tuple[int, float]:
    """Raw text straight into SQLite + FTS5 unicode61: the cost floor of storing at all."""
    records = 0
    t0 = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE a (id TEXT PRIMARY KEY, title TEXT, body TEXT)")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(title, body, content='a', content_rowid='rowid')"
    )
    batch: list[tuple[str, str, str]] = []

    def flush() -> None:
        with conn:
            for row in batch:
                cur = conn.execute("INSERT OR IGNORE INTO a VALUES (?, ?, ?)", row)
                if cur.rowcount:
                    conn.execute(
                        "INSERT INTO f (rowid, title, body) VALUES (?, ?, ?)",
                        (cur.lastrowid, row[1], row[2]),
                    )
        batch.clear()

    for rec in read_any(paths):
        records += 1
        if isinstance(rec, Article):
            batch.append((f"{records}:{rec.id}", rec.title or "", rec.text))
            if len(batch) >= 256:
                flush()
    flush()
    conn.close()
    return records, time.perf_counter() - t0


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its waited-for children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _index_sync(db: Path, summary: Any = None) -> tuple[float, float]:
    """Seconds and CPU seconds (all threads) of bringing the search index up to date after
    the ingest (what ``akhbar ingest`` does last, with the token spans the ingest kept when
    the tree has them); zeros for a tree without the index."""
    try:
        from akhbar.search.index import sync
    except ImportError:
        return 0.0, 0.0
    spans = getattr(summary, "spans", None)
    cpu0, t0 = _cpu()[0], time.perf_counter()
    sync(db, spans=spans) if spans is not None else sync(db)
    return time.perf_counter() - t0, _cpu()[0] - cpu0


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def part1(workers: int, tmp: Path, index: bool) -> list[dict[str, Any]]:
    rows = []
    for name, paths in CORPORA.items():
        size = _size(paths)
        load_before = _load()
        db = tmp / f"p1-{len(rows)}.db"
        with Store.open(db) as store:
            main0, kids0 = _cpu()
            s = ingest(paths, store, _options(workers))
            main1, kids1 = _cpu()
        sync_s, sync_cpu = _index_sync(db, s) if index else (0.0, 0.0)
        seconds = s.seconds + sync_s
        n_base, t_base = baseline(paths, tmp / f"b1-{len(rows)}.db")
        rows.append(
            {
                "corpus": name,
                "records": s.read,
                "stored": s.stored + s.near_duplicates,
                "seconds": seconds,
                "rate": s.read / seconds,
                "mb_s": size / 1e6 / seconds,
                "baseline_rate": n_base / t_base,
                "cpu_main_ms": (main1 - main0 + sync_cpu) / s.read * 1e3,
                "cpu_workers_ms": (kids1 - kids0) / s.read * 1e3,
                "sync_s": sync_s,
                "sync_cpu_ms": sync_cpu / s.read * 1e3,
                "load": f"{load_before} → {_load()}",
            }
        )
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def _paragraph_pool() -> tuple[list[str], list[str]]:
    paras: list[str] = []
    titles: list[str] = []
    for rec in read_any([NEWS / "outlets-2024", NEWS / "urdupoint-2023-sample.csv"]):
        if isinstance(rec, Article):
            for p in rec.paragraphs:
                # The outlet CSVs hold an article on one line: cut it at sentence ends.
                parts = [x.strip() + "۔" for x in p.split("۔") if len(x.strip()) > 20]
                for i in range(0, len(parts), 3):
                    paras.append(" ".join(parts[i : i + 3]))
            if rec.title:
                titles.append(rec.title)
    return paras, titles


def synthesize(n: int, path: Path, seed: int) -> None:
    """``n`` JSONL articles of 3–8 real paragraphs sampled at random (unique ids and URLs)."""
    rng = random.Random(seed)
    paras, titles = _paragraph_pool()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            body = "\n\n".join(rng.choice(paras) for _ in range(rng.randint(3, 8)))
            day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2000))
            rec = {
                "id": f"syn-{seed}-{i}",
                "url": f"https://example.pk/{seed}/{i}",
                "title": rng.choice(titles),
                "text": body,
                "published": f"{day.isoformat()}T10:00:00+05:00",
                "source": rng.choice(["geo", "jang", "express", "samaa", "urdupoint"]),
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def part2(total: int, workers: int, tmp: Path, index: bool) -> dict[str, Any]:
    chunks = 10
    per = total // chunks
    db = tmp / "scale.db"
    rates = []
    alone = []  # the ingest without the index sync (what the rows before 2026-12-03 gave)
    for c in range(chunks):
        path = tmp / f"chunk-{c}.jsonl"
        synthesize(per, path, seed=c)
        with Store.open(db) as store:
            s = ingest([path], store, _options(workers))
        sync_s = _index_sync(db, s)[0] if index else 0.0
        rates.append(s.read / (s.seconds + sync_s))
        alone.append(s.read / s.seconds)
        path.unlink()
        print(
            f"chunk {c + 1}/{chunks}: {per} articles, {rates[-1]:.0f} articles/s "
            f"(ingest alone {alone[-1]:.0f})",
            flush=True,
        )
    with Store.open(db) as store:
        n = store.count()
    size = sum(f.stat().st_size for f in tmp.glob("scale.db*"))
    return {
        "articles": n,
        "rates": rates,
        "alone": alone,
        "bytes_per_article": size / max(n, 1),
        "flatness": rates[-1] / rates[0],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="20k-article scale run, no report file")
    ap.add_argument("--scale", type=int, default=200_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-corpora", action="store_true")
    ap.add_argument("--corpora-only", action="store_true", help="part 1 only, prints only")
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout to import akhbar from")
    ap.add_argument(
        "--no-index", action="store_true", help="leave the search index out (as before 2026-12-03)"
    )
    args = ap.parse_args()
    total = 20_000 if args.quick else args.scale
    index = not args.no_index
    with tempfile.TemporaryDirectory(prefix="akhbar-bench-") as d:
        tmp = Path(d)
        rows = [] if args.skip_corpora else part1(args.workers, tmp, index)
        if args.corpora_only:
            return
        scale = part2(total, args.workers, tmp, index)
    lines = [
        MARKER,
        "",
        "# Ingest benchmark",
        "",
        f"{dt.date.today()} · {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()} · workers={args.workers} · "
        "`.venv/bin/python benchmarks/bench_ingest.py`",
        "",
        "## End to end on the shared corpora (parse + analyze + dedup + store)",
        "",
        "Baseline: the same records' raw text into SQLite with a default FTS5 index, no analysis.",
        "",
        "s and records/s: everything `akhbar ingest` does, the search index sync after the "
        "ingest included (unless `--no-index`).  CPU ms/record: main process (read, store, "
        "index sync) + analysis workers; index sync: its share of s, and its CPU ms/record; "
        "load: 1/5/15-minute load averages before → after the row.",
        "",
        "| corpus | records | stored | s | records/s | MB/s | baseline records/s | ratio "
        "| CPU ms/record | index sync | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['corpus']} | {r['records']:,} | {r['stored']:,} | {r['seconds']:.1f} | "
            f"{r['rate']:,.0f} | {r['mb_s']:.2f} | {r['baseline_rate']:,.0f} | "
            f"{r['rate'] / r['baseline_rate']:.2f} | "
            f"{r['cpu_main_ms']:.2f} + {r['cpu_workers_ms']:.2f} | "
            f"{r['sync_s']:.1f} s ({r['sync_cpu_ms']:.2f}) | {r['load']} |"
        )
    lines += [
        "",
        f"## Scale run: {scale['articles']:,} synthetic articles in 10 chunks"
        + ("" if index else " (no search index)"),
        "",
        ("articles/s per chunk (ingest + index sync): " if index else "articles/s per chunk: ")
        + ", ".join(f"{x:,.0f}" for x in scale["rates"]),
        "",
        "the ingest alone (without the index sync): "
        + ", ".join(f"{x:,.0f}" for x in scale["alone"]),
        "",
        f"last/first chunk: {scale['flatness']:.2f} · store bytes per article: "
        f"{scale['bytes_per_article']:,.0f}",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.quick:
        old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        head = old.split(MARKER, 1)[0] if MARKER in old else ""
        OUT.write_text(head + report, encoding="utf-8")


if __name__ == "__main__":
    main()
