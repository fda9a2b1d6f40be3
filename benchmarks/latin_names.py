"""How well ``akhbar entity NAME``'s English-spelling guess reads English names: the shipped
gazetteer's English / Urdu pairs as a test set.

For each gazetteer row with an English name, the guess (``LatinMatcher`` over the name as
``akhbar entity`` reads it) either spells the row's own Urdu name or not (*matched*), and spells
some other rows' names whole (*other names*: the wrong answers it could give).  Lookups of the
gazetteer's own English names no longer go through the guess (the gazetteer step answers them);
the pairs stand in for the persons' names no list holds.

    .venv/bin/python benchmarks/latin_names.py [--misses N] [--db STORE]

With ``--db``, also how many of :data:`ENGLISH_WORDS` (common English words, none a name anyone
means) the entity lookup answers with some entity of that store (``make demo``'s ``demo.db``):
the wrong answers ``akhbar entity WORD`` and ``entity:WORD`` would give.

Results: benchmarks/NER.md (issue 5, rounds 21 and 23).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.entities.explore import LatinMatcher, _latin_query, resolve  # noqa: E402
from akhbar.entities.gazetteer import default_gazetteer  # noqa: E402
from akhbar.store.store import Store  # noqa: E402

#: Common English words, lower case: function words, then news words.
_WORDS = (
    "the of and to in is for on that by this with from at as are was be or an it not have "
    "has but they his her he she we you all new news more after over about will would can "
    "who what when where which there their one two first last year years day time people "
    "government minister president prime party police court city country world state said "
    "says week month today "
)
ENGLISH_WORDS = tuple(_WORDS.split())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--misses", type=int, default=0, help="list this many unmatched pairs")
    ap.add_argument("--db", type=Path, help="a store: also look up the common English words")
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
    if args.db is not None:
        with Store.open(args.db, readonly=True) as store:
            found = [(w, resolve(store.connection, w)) for w in ENGLISH_WORDS]
        found = [(w, c) for w, c in found if c]
        print(f"common English words answered with an entity: {len(found)} of {len(ENGLISH_WORDS)}")
        for word, candidates in found:
            print(f"  {word}  " + ", ".join(c.name for c in candidates[:3]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
