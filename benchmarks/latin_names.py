"""How well ``akhbar entity NAME``'s English-spelling guess reads English names: the shipped
gazetteer's English / Urdu pairs as a test set.

For each gazetteer row with an English name, the guess (``LatinMatcher`` over the name as
``akhbar entity`` reads it) either spells the row's own Urdu name or not (*matched*), and spells
some other rows' names whole (*other names*: the wrong answers it could give).  Lookups of the
gazetteer's own English names no longer go through the guess (the gazetteer step answers them);
the pairs stand in for the persons' names no list holds.

    .venv/bin/python benchmarks/latin_names.py [--misses N]

Results: benchmarks/NER.md (issue 5, round 21).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.entities.explore import LatinMatcher, _latin_query  # noqa: E402
from akhbar.entities.gazetteer import default_gazetteer  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--misses", type=int, default=0, help="list this many unmatched pairs")
    args = ap.parse_args(argv)
    rows = [(e.english, e.key, e.urdu) for e in default_gazetteer().entries() if e.english]
    keys = sorted({key for _, key, _ in rows})
    pairs = matched = others = 0
    missed = []
    for english, key, urdu in rows:
        query = _latin_query(english)
        if not query:
            continue
        matcher = LatinMatcher(query)
        pairs += 1
        if matcher.matches(key):
            matched += 1
        else:
            missed.append((english, urdu))
        others += sum(1 for k in keys if k != key and matcher.matches(k))
    print(
        f"pairs {pairs:,}: matched {matched:,} ({matched / pairs:.1%}); "
        f"other names matched whole {others:,}"
    )
    for english, urdu in missed[: args.misses]:
        print(f"  missed  {english}  {urdu}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
