"""Helpers shared by several test packages: a script of ``scripts/`` loaded as a module, a
consistent copy of a store."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_script(name: str) -> ModuleType:
    """``scripts/NAME.py`` imported as the module ``NAME`` (registered in ``sys.modules``, so
    that its dataclasses and pickles resolve)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def copy_db(source: Path, target: Path) -> Path:
    """A consistent copy of a store (SQLite's backup API: its WAL included, not its search
    index), for tests that write to it or sync it."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target
