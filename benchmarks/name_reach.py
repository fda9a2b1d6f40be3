"""What a search for a name finds of the articles naming it, whatever their spelling.

For the entities of a store (one with entities: ``akhbar ingest`` of the shared news) that have
an alias of several words and two aliases or more, named in ``--min`` to ``--max`` articles:
each alias written ``--written`` times or more is searched as a user types it (its most used
surface, unquoted), with the name variants (``SearchConfig.name_variants``, shipped) and
without; counted: the articles naming the entity among the first 1,000 hits.

    .venv/bin/python benchmarks/name_reach.py DB [--top 15]

Results: benchmarks/RETRIEVAL.md ("Names of several words").
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.search import Archive  # noqa: E402
from akhbar.search.query import QueryError  # noqa: E402

HITS = 1000


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("db", type=Path)
    ap.add_argument("--min", type=int, default=20, help="fewest articles naming the entity")
    ap.add_argument("--max", type=int, default=900, help="most (the hits counted are 1,000)")
    ap.add_argument("--written", type=int, default=3, help="fewest mentions of a spelling")
    ap.add_argument("--top", type=int, default=15, help="spellings with the largest gains shown")
    args = ap.parse_args(argv)
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    entities = conn.execute(
        "SELECT e.id FROM entities e WHERE EXISTS (SELECT 1 FROM entity_aliases a "
        "WHERE a.entity = e.id AND a.words > 1) "
        "AND (SELECT count(*) FROM entity_aliases a WHERE a.entity = e.id) >= 2 "
        "AND (SELECT count(DISTINCT m.article) FROM mentions m WHERE m.entity = e.id) "
        "BETWEEN ? AND ?",
        (args.min, args.max),
    ).fetchall()
    rows = []
    with Archive.open(args.db) as archive:
        for (eid,) in entities:
            naming = {
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT article FROM mentions WHERE entity = ?", (eid,)
                )
            }
            spellings = conn.execute(
                "SELECT surface FROM entity_aliases WHERE entity = ? AND mentions >= ? "
                "AND surface IS NOT NULL",
                (eid, args.written),
            ).fetchall()
            for (surface,) in spellings:
                try:
                    found = [
                        len(naming & set(archive.top_rows(surface, HITS, name_variants=on)))
                        for on in (False, True)
                    ]
                except QueryError:
                    continue
                rows.append((surface, len(naming), *found))
    total = sum(r[1] for r in rows)
    typed, varied = sum(r[2] for r in rows), sum(r[3] for r in rows)
    fewer = sum(r[3] < r[2] for r in rows)
    print(
        f"{len(entities)} entities, {len(rows)} spellings: articles naming the entity found "
        f"as typed {typed:,} ({typed / max(total, 1):.1%}), with variants {varied:,} "
        f"({varied / max(total, 1):.1%}) of {total:,}; spellings finding fewer: {fewer}"
    )
    for surface, n, a, b in sorted(rows, key=lambda r: r[2] - r[3])[: args.top]:
        print(f"  {surface}: {a} -> {b} of {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
