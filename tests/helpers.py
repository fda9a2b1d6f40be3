"""Helpers shared by several test packages: a script of ``scripts/`` loaded as a module, a
consistent copy of a store, a store of hand-made person mentions."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_script(name: str, folder: str = "scripts") -> ModuleType:
    """``FOLDER/NAME.py`` of the repository (``scripts``, ``benchmarks``) imported as the
    module ``NAME`` (registered in ``sys.modules``, so that its dataclasses and pickles
    resolve)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / folder / f"{name}.py")
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


def store_of_names(path: Path, names: list[str], *, prefix: str, text: str = "{}") -> Path:
    """A store at ``path`` with one article per name (ids ``prefix`` + index; its paragraph
    ``text`` with the name in place of ``{}``, which must come first), each naming its person
    once: mentions given by hand, so the test does not depend on the recognizer.  One
    article each: within one, a short form would join a longer name."""
    from akhbar.article import Article
    from akhbar.entities.gazetteer import name_key
    from akhbar.entities.link import Mention
    from akhbar.store import Store, StoreItem

    assert text.startswith("{}")
    items = []
    for i, name in enumerate(names):
        para = text.format(name)
        mention = Mention(0, 0, 0, len(name), name, "PERSON", None, name_key(name))
        art = Article(id=f"{prefix}{i}", paragraphs=(para,), sentences=((0, 0, len(para)),))
        items.append(StoreItem(article=art, content_hash=f"{prefix}{i}", mentions=(mention,)))
    with Store.open(path) as store:
        run = store.begin_run([], {})
        store.add_batch(run, items)
        store.end_run(run)
    return path
