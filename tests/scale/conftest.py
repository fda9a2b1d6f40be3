"""Shared inputs for the scale-out tests: real corpora from ../shared/data, and one local Ray."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT.parent / "shared" / "data" / "news"
OUTLETS = NEWS / "outlets-2024"
SEED = NEWS / "seed"
BEND = NEWS / "bend-the-truth" / "labelled" / "Train"


@pytest.fixture(scope="session")
def rewrites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 Bend-the-Truth articles and their journalists' rewrites (same file names), as .txt."""
    root = tmp_path_factory.mktemp("bend")
    names = sorted(
        set(p.name for p in (BEND / "Real").glob("*.txt"))
        & {p.name for p in (BEND / "Fake").glob("*.txt")}
    )[:40]
    assert len(names) == 40
    for kind in ("Real", "Fake"):
        (root / kind).mkdir()
        for name in names:
            shutil.copy(BEND / kind / name, root / kind / name)
    return root


@pytest.fixture(scope="session")
def ray_session() -> Iterator[None]:
    """A local Ray with two CPUs for the whole session (shut down at the end)."""
    ray = pytest.importorskip("ray", reason="the ray extra (akhbar[ray]) is not installed")
    ray.init(
        num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING
    )
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()
