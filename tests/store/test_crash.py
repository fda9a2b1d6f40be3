"""kill -9 at random moments during ingest, resume, and get exactly the store a clean run gets.

The driver (``crash_driver.py``) ingests a deterministic stream of ~3,000 records built from real
paragraphs of ../shared/data/news/outlets-2024 (with exact, same-URL and near duplicates,
colliding ids and rejections) in batches of 40.  This test runs it once cleanly, then against a
second file kills it with SIGKILL after random delays many times, checking the file after each
kill, lets it finish, and compares the two stores' fingerprints.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from akhbar.store import Store

DRIVER = Path(__file__).with_name("crash_driver.py")
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "news" / "outlets-2024"
N_RECORDS = 3000
BATCH = 40
KILLS = 20
SEED = int(os.environ.get("AKHBAR_CRASH_SEED", "20241125"))


def driver_cmd(db: Path, cache: Path) -> list[str]:
    return [
        sys.executable,
        str(DRIVER),
        str(db),
        "--n",
        str(N_RECORDS),
        "--batch",
        str(BATCH),
        "--cache",
        str(cache),
    ]


def run_to_end(db: Path, cache: Path) -> dict[str, int]:
    done = subprocess.run(
        driver_cmd(db, cache), check=False, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    totals: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return totals


def committed_articles(db: Path) -> int:
    """Articles visible to a fresh reader after a crash (-1: schema not there yet)."""
    if not db.exists():
        return -1
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return int(raw.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # killed before the first migration committed
        return -1
    finally:
        raw.close()


@pytest.mark.skipif(not DATA.is_dir(), reason="needs ../shared/data/news/outlets-2024")
def test_kill_9_then_resume_equals_clean_run(tmp_path: Path) -> None:
    cache = tmp_path / "stream.json"
    clean_db, crash_db = tmp_path / "clean.db", tmp_path / "crash.db"
    t0 = time.monotonic()
    clean = run_to_end(clean_db, cache)  # also writes the prepared stream to `cache`
    t_clean = time.monotonic() - t0
    assert clean["stored"] + clean["near_duplicates"] >= 2000
    assert clean["duplicates"] >= 150
    assert clean["near_duplicates"] >= 50
    assert clean["rejected"] >= 30

    # Re-running the finished ingest adds nothing.
    with Store.open(clean_db) as s:
        clean_print = s.fingerprint()
    again = run_to_end(clean_db, cache)
    assert again["stored"] == again["near_duplicates"] == 0
    with Store.open(clean_db) as s:
        assert s.fingerprint() == clean_print

    rng = random.Random(SEED)
    progress: list[int] = []
    kills = finished_early = 0
    t1 = time.monotonic()
    for k in range(KILLS):
        proc = subprocess.Popen(
            driver_cmd(crash_db, cache), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        if k < 3:
            # Early kills: during start-up, schema creation or the first batches.  (A second
            # here once let a run commit half the stream: the kills after it ran out of
            # batches to interrupt and the runs finished first.)
            time.sleep(rng.uniform(0.05, 0.4))
        else:
            # Let the run commit 1-2 new batches (after re-skipping what is stored), then kill
            # it at a random moment: inside the next transaction or while preparing it.  So
            # the kills take at most about half of the stream's 75 batches, whatever the
            # machine's speed, and each one interrupts a run.
            want, seen = rng.randint(1, 2), 0
            while seen < want:
                line = proc.stdout.readline()
                if not line:
                    break
                if line.startswith("batch ") and int(line.split()[3]) > 0:
                    seen += 1
            time.sleep(rng.uniform(0.0, 0.02))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        _, err = proc.communicate(timeout=60)
        if proc.returncode == 0:
            finished_early += 1
        else:
            assert proc.returncode == -signal.SIGKILL, err
        progress.append(committed_articles(crash_db))
    resumed = run_to_end(crash_db, cache)
    t_kills = time.monotonic() - t1

    final = clean["stored"] + clean["near_duplicates"]
    mid_ingest = sum(1 for n in progress if 0 < n < final)
    print(
        f"\ncrash test: seed {SEED}, {kills} SIGKILLs ({mid_ingest} mid-ingest, "
        f"{finished_early} runs finished first), clean run {t_clean:.1f}s, "
        f"kill loop + resume {t_kills:.1f}s, articles after each kill {progress}, "
        f"resumed run stored {resumed['stored'] + resumed['near_duplicates']}"
    )
    assert kills >= KILLS // 2
    assert mid_ingest >= KILLS // 2, progress
    assert progress == sorted(progress), "a kill lost committed articles"

    with Store.open(crash_db) as crashed, Store.open(clean_db) as ok:
        assert crashed.check() == []
        assert ok.check() == []
        assert crashed.count() == ok.count() == final
        assert crashed.fingerprint() == ok.fingerprint()
        stats = {k: v for k, v in ok.stats().items() if k != "runs"}
        assert {k: v for k, v in crashed.stats().items() if k != "runs"} == stats
        assert stats["clusters"] > 0
        # The stream exercised every path: both duplicate keys and the id-collision rule.
        reasons = {e.reason for e in ok.ingest_log() if e.status == "duplicate"}
        assert reasons == {"url", "content"}
        assert any(":" in a.id for a in ok.iter_articles())
