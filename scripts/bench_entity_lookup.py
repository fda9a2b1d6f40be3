"""Time ``akhbar entity NAME`` lookups by English spelling (explore.resolve) on a store.

    .venv/bin/python scripts/bench_entity_lookup.py STORE.db [--synthetic OUT.db]

The English-spelling fallback tests every stored alias (up to ``ROMAN_SCAN`` entities) against
the name, so its cost is the number of aliases times the cost of one match.  ``--synthetic``
first copies the store to OUT.db and adds every gazetteer name as one more PERSON entity (about
1,800), for a store with many entities.  Prints milliseconds per lookup (best of 3) for short,
vowel-only and long names.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.entities.explore import resolve  # noqa: E402
from akhbar.entities.gazetteer import default_gazetteer  # noqa: E402

NAMES = (
    "Aa",
    "eee",
    "Ali",
    "Lavrov",
    "Kamala Harris",
    "Muhammad Ali Jinnah",
    "aeiouaeiouaeiou",
    "a" * 60,
    "ya" * 30,
)


def synthesize(src: Path, out: Path) -> None:
    """Copy store ``src`` to ``out`` with every gazetteer name added as a PERSON entity."""
    out.unlink(missing_ok=True)
    with sqlite3.connect(src) as a, sqlite3.connect(out) as b:
        a.backup(b)
        n = int(b.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0])
        for e in default_gazetteer().entries():
            n += 1
            words = e.key.split(" ")
            b.execute(
                "INSERT INTO entities (id, type, name, key, english, wikidata, mention_count) "
                "VALUES (?, 'PERSON', ?, ?, NULL, NULL, 1)",
                (n, e.urdu, e.key),
            )
            b.execute(
                "INSERT OR IGNORE INTO entity_aliases VALUES (?, 'PERSON', ?, ?, ?)",
                (e.key, n, words[-1], len(words)),
            )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("store", type=Path)
    ap.add_argument("--synthetic", type=Path, help="write and time this bigger copy instead")
    args = ap.parse_args(argv)
    path = args.store
    if args.synthetic:
        synthesize(path, args.synthetic)
        path = args.synthetic
    conn = sqlite3.connect(path)
    entities = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
    aliases = conn.execute("SELECT count(*) FROM entity_aliases").fetchone()[0]
    print(f"{path}: {entities} entities, {aliases} aliases")
    for name in NAMES:
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            found = resolve(conn, name)
            best = min(best, time.perf_counter() - t)
        print(f"{name[:24]!r:28} {best * 1000:8.1f} ms  {len(found)} entities")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
