"""kill -9 the real `akhbar ingest` command at random points; re-running it gives the clean store.

The store's own crash test (tests/store/test_crash.py) drives the store directly; this one
kills the whole pipeline (readers, the worker pool, near-duplicate decisions, batches), as a
user's Ctrl-\\ or an OOM kill would, and then compares fingerprints with an uninterrupted run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import akhbar
from akhbar.store import Store

NEWS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "news"
SOURCES = [
    str(NEWS / "outlets-2024" / "geo_articles.csv"),
    str(NEWS / "outlets-2024" / "samaa_articles.csv"),
    str(NEWS / "urdupoint-2023-sample.csv"),
]
KILLS = 8
SEED = int(os.environ.get("AKHBAR_CRASH_SEED", "20261125"))


def cmd(db: Path, workers: int) -> list[str]:
    exe = Path(sys.executable).parent / "akhbar"
    # Entities off: their crash safety is tested with `akhbar annotate` (tests/entities), and
    # recognition would make each of the nine runs several times slower.
    return [
        str(exe), "ingest", *SOURCES, "--db", str(db), "--workers", str(workers), "--json",
        "--no-entities",
    ]  # fmt: skip


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return -1


def children(pid: int) -> set[int]:
    """The processes ``pid`` has forked (from any of its threads), from /proc."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting for its reaper does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_kill_9_during_ingest_then_rerun_equals_clean_run(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    clean = tmp_path / "clean.db"
    subprocess.run(cmd(clean, 1), check=True, capture_output=True, timeout=600)

    crashed = tmp_path / "crashed.db"
    kills_mid_ingest = 0
    orphans: set[int] = set()
    counts = []
    for i in range(KILLS):
        # Alternate the worker count: the result must not depend on it either.
        proc = subprocess.Popen(
            cmd(crashed, 1 + i % 2), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        before = max(stored(crashed), 0)
        deadline = time.monotonic() + 60
        # Let it commit something new (or at least start), then kill at a random moment.
        while time.monotonic() < deadline and proc.poll() is None and stored(crashed) <= before:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.8))
        if proc.poll() is None:
            workers = children(proc.pid)
            proc.send_signal(signal.SIGKILL)
            kills_mid_ingest += 1
            orphans.update(workers)
        proc.wait(timeout=60)
        now = stored(crashed)
        counts.append(now)
        # Nothing committed is ever lost, and the file stays sound after every kill.
        assert now >= before
        with sqlite3.connect(crashed) as conn:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert kills_mid_ingest >= KILLS // 2, counts
    # The worker processes of a killed ingest end too (they watch for their parent's death).
    assert orphans, "no worker process was seen (the runs with --workers 2 fork two)"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(p) for p in orphans):
        time.sleep(0.2)
    assert not [p for p in orphans if alive(p)]

    subprocess.run(cmd(crashed, 2), check=True, capture_output=True, timeout=600)
    with Store.open(clean) as a, Store.open(crashed) as b:
        assert b.check() == []
        assert a.count() == b.count() > 1500
        assert a.fingerprint() == b.fingerprint()
    # The search index (written as the runs went, killed with them) is complete and current,
    # and finds what the clean run's finds.
    found = {}
    for db in (clean, crashed):
        with akhbar.open(db) as archive:
            result = archive.search("پاکستان OR عمران", limit=1000, facets=False, snippets=False)
            assert archive.backend == "index", archive.index_status
            found[db] = (result.total, sorted((h.id, h.similar) for h in result.hits))
    assert found[clean] == found[crashed]
    assert found[clean][0] > 100
