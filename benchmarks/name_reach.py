"""What a search for a name finds of the articles naming it, whatever their spelling.

For the entities of a store (one with entities: ``akhbar ingest`` of the shared news) that have
an alias of several words and two aliases or more, named in ``--min`` to ``--max`` articles:
each alias written ``--written`` times or more is searched as a user types it (its most used
surface, unquoted), with the name variants (``SearchConfig.name_variants``, shipped) and
without; counted: the articles naming the entity among the first 1,000 hits.

Then the acronyms: each alias written ``--written`` times or more that is letter names only
(``پی سی بی``), of an entity named in 5 articles or more, searched as typed (no variants):
the articles found (the total) and, of the first 100 hits, those naming the entity.  Then
each acronym holding a letter that a keyboard without some Urdu letters types as another
(``اے`` ``جے`` ``پی`` ``ڈی``: no ``ے``, ``پ`` or ``ڈ`` key) typed so, with the mappings of the
retrieval benchmark (arabic-full, arabic-layout: ``scripts/build_retrieval_devset.py``): the
articles found and how many of the first 100 hits are those found as typed on an Urdu keyboard.

    .venv/bin/python benchmarks/name_reach.py DB [--top 15] [--acronyms-only]

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
sys.path.insert(0, str(ROOT / "scripts"))

from build_retrieval_devset import to_arabic_keyboard  # noqa: E402

from akhbar.search import Archive  # noqa: E402
from akhbar.search.query import QueryError, acronym_letters  # noqa: E402
from akhbar.text.analyzer import terms  # noqa: E402

HITS = 1000
#: Hits read for an acronym, and fewest articles naming its entity.
ACRONYM_HITS = 100
ACRONYM_MIN = 5
#: Letter names a keyboard without some Urdu letters types as others (analyzer terms).
KEYBOARD_LETTERS = frozenset({"اے", "جے", "پی", "ڈی"})


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("db", type=Path)
    ap.add_argument("--min", type=int, default=20, help="fewest articles naming the entity")
    ap.add_argument("--max", type=int, default=900, help="most (the hits counted are 1,000)")
    ap.add_argument("--written", type=int, default=3, help="fewest mentions of a spelling")
    ap.add_argument("--top", type=int, default=15, help="spellings with the largest gains shown")
    ap.add_argument("--acronyms-only", action="store_true", help="only the acronyms' figures")
    args = ap.parse_args(argv)
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    if args.acronyms_only:
        acronyms(conn, args.db, args.written, args.top)
        return 0
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
    acronyms(conn, args.db, args.written, args.top)
    return 0


def acronyms(conn: sqlite3.Connection, db: Path, written: int, top: int) -> None:
    """Print what a search for each acronym of the store's entities finds (as typed)."""
    spellings = conn.execute(
        "SELECT entity, surface FROM entity_aliases WHERE mentions >= ? AND words >= 2 "
        "AND surface IS NOT NULL",
        (written,),
    ).fetchall()
    rows = []
    keyboards: list[tuple[str, str, int, int, int, int]] = []
    with Archive.open(db) as archive:
        for eid, surface in spellings:
            found = terms(surface)
            if len(found) < 2 or not acronym_letters(found):
                continue
            naming = {
                r[0]
                for r in conn.execute(
                    "SELECT DISTINCT article FROM mentions WHERE entity = ?", (eid,)
                )
            }
            if len(naming) < ACRONYM_MIN:
                continue
            total = archive.search(surface, limit=1, exact=True).total
            hits = archive.top_rows(surface, ACRONYM_HITS, name_variants=False)
            rows.append((surface, len(naming), total, len(hits), len(naming & set(hits))))
            if KEYBOARD_LETTERS.intersection(found):
                for kind, layout in (("arabic-full", False), ("arabic-layout", True)):
                    typed = to_arabic_keyboard(surface, full=True, layout=layout)
                    theirs = archive.top_rows(typed, ACRONYM_HITS, name_variants=False)
                    found_typed = archive.search(typed, limit=1, exact=True).total
                    same = len(set(hits) & set(theirs))
                    keyboards.append((kind, surface, total, found_typed, len(hits), same))
    hits = sum(r[3] for r in rows)
    naming_hits = sum(r[4] for r in rows)
    print(
        f"{len(rows)} acronyms: articles found as typed {sum(r[2] for r in rows):,}; of their "
        f"first {ACRONYM_HITS} hits ({hits:,}), naming the entity {naming_hits:,} "
        f"({naming_hits / max(hits, 1):.1%})"
    )
    for kind in ("arabic-full", "arabic-layout"):
        mine = [r for r in keyboards if r[0] == kind]
        same, n = sum(r[5] for r in mine), sum(r[4] for r in mine)
        print(
            f"  {len(mine)} of them typed {kind}: articles found {sum(r[3] for r in mine):,} "
            f"(on an Urdu keyboard {sum(r[2] for r in mine):,}), as many as on an Urdu keyboard "
            f"{sum(r[2] == r[3] for r in mine)}; of the first {ACRONYM_HITS} hits, those found "
            f"on an Urdu keyboard {same:,} of {n:,} ({same / max(n, 1):.1%})"
        )
        for r in sorted(mine, key=lambda r: r[5] - r[4])[:top]:
            if r[5] < r[4]:
                print(f"    {r[1]}: found {r[2]} -> {r[3]}, first hits shared {r[5]} of {r[4]}")
    for surface, n, total, shown, named in sorted(rows, key=lambda r: -r[1])[:top]:
        print(f"  {surface}: {total:,} found; {named} of the first {shown} name it ({n} do)")


if __name__ == "__main__":
    raise SystemExit(main())
