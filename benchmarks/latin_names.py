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
the wrong answers ``akhbar entity WORD`` and ``entity:WORD`` would give (and a search of one
that finds nothing, run again with its names as ``entity:`` filters).

With ``--acronyms`` (and ``--db``), how many of :data:`ACRONYMS` (typed in capitals, each with
the English name it stands for) the entity lookup answers with that entity, with and without
reading an acronym as the initials of an English name (``NAB``: the National Accountability
Bureau), in the same run.

With ``--latency N`` (and ``--db``), how long a lookup of an English name takes on a copy of the
store with N more entities (``--latency 500000``: the entity tables of a large archive): the
lookup, the English-name tail step now and as it was before (a ratio, same run), and a search
that finds nothing as typed and is run again with its names.

Results: benchmarks/NER.md (issue 5, rounds 21 and 23).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence
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
#: English spellings of names in the news, most not in the gazetteer (the guess reads them).
NAMES = (
    "Lavrov",
    "Sergei Lavrov",
    "Imran Khan",
    "Shehbaz Sharif",
    "Sharif",
    "Rouhani",
    "Zarif",
    "Trump",
    "Modi",
    "Erdogan",
    "Putin",
    "Maryam Nawaz",
    "Bilawal Bhutto Zardari",
    "Security Council",
    "Xi Jinping",
)

#: Acronyms of the Urdu news typed in capitals, with the English name each stands for (as
#: written down for this list, not read from a store): what ``--acronyms`` looks up.
ACRONYMS = (
    ("NAB", "National Accountability Bureau"),
    ("ECP", "Election Commission of Pakistan"),
    ("IHC", "Islamabad High Court"),
    ("LHC", "Lahore High Court"),
    ("SHC", "Sindh High Court"),
    ("PHC", "Peshawar High Court"),
    ("PPP", "Pakistan Peoples Party"),
    ("PMLN", "Pakistan Muslim League (N)"),
    ("MQM", "Muttahida Qaumi Movement"),
    ("ANP", "Awami National Party"),
    ("JUI", "Jamiat Ulema-e-Islam"),
    ("PTI", "Pakistan Tehreek-e-Insaf"),
    ("FIA", "Federal Investigation Agency"),
    ("FBR", "Federal Board of Revenue"),
    ("SBP", "State Bank of Pakistan"),
    ("SECP", "Securities and Exchange Commission of Pakistan"),
    ("NEPRA", "National Electric Power Regulatory Authority"),
    ("OGRA", "Oil and Gas Regulatory Authority"),
    ("PEMRA", "Pakistan Electronic Media Regulatory Authority"),
    ("WAPDA", "Water and Power Development Authority"),
    ("NADRA", "National Database and Registration Authority"),
    ("HEC", "Higher Education Commission"),
    ("PTA", "Pakistan Telecommunication Authority"),
    ("PIA", "Pakistan International Airlines"),
    ("PCB", "Pakistan Cricket Board"),
    ("ISPR", "Inter-Services Public Relations"),
    ("NDMA", "National Disaster Management Authority"),
    ("PSX", "Pakistan Stock Exchange"),
    ("CPEC", "China-Pakistan Economic Corridor"),
    ("SCO", "Shanghai Cooperation Organisation"),
    ("OIC", "Organisation of Islamic Cooperation"),
    ("UNSC", "United Nations Security Council"),
    ("UNGA", "United Nations General Assembly"),
    ("WHO", "World Health Organization"),
    ("IMF", "International Monetary Fund"),
    ("ADB", "Asian Development Bank"),
    ("BCCI", "Board of Control for Cricket in India"),
    ("ICJ", "International Court of Justice"),
    ("FATF", "Financial Action Task Force"),
    ("SAARC", "South Asian Association for Regional Cooperation"),
    ("UNHCR", "United Nations High Commissioner for Refugees"),
    ("UAE", "United Arab Emirates"),
    ("FBI", "Federal Bureau of Investigation"),
    ("CIA", "Central Intelligence Agency"),
    ("BJP", "Bharatiya Janata Party"),
)


def _acronyms(conn: sqlite3.Connection) -> None:
    """Look up :data:`ACRONYMS` with and without the initials step (same run): how many find
    the entity of their English name, another, or nothing."""
    from akhbar.entities import explore

    def answer(acronym: str) -> str | None:
        found = resolve(conn, acronym)
        return (found[0].english or found[0].name) if found else None

    real = explore.by_initials
    rows: list[tuple[str, str, str | None, str | None]] = []
    for acronym, meant in ACRONYMS:
        explore.by_initials = lambda conn, typed: None
        try:
            before = answer(acronym)
        finally:
            explore.by_initials = real
        rows.append((acronym, meant, before, answer(acronym)))

    def tally(i: int) -> str:
        # (right: the entity's English name is the one meant, or the acronym itself: WAPDA)
        answers = [(r[i], r[0], r[1]) for r in rows]
        found = [(a.lower(), acronym, meant) for a, acronym, meant in answers if a is not None]
        right = sum(a in (acronym.lower(), meant.lower()) for a, acronym, meant in found)
        return (
            f"right {right}, another entity {len(found) - right}, nothing {len(rows) - len(found)}"
        )

    print(f"acronyms ({len(rows)}), without the initials step: {tally(2)}")
    print(f"acronyms ({len(rows)}), with it:                   {tally(3)}")
    for acronym, meant, before, after in rows:
        print(f"  {acronym:<6} {meant:<48} {before or '-'}  ->  {after or '-'}")


def _inflate(db: Path, count: int, seed: int = 1) -> None:
    """Add ``count`` entities to the store at ``db`` (a copy), each named by 1-3 words drawn
    from its own aliases' words (no two alike), with that name as its alias and 1-3 mentions
    counted (none stored): the entity tables of a large archive, for timing lookups."""
    import random

    conn = sqlite3.connect(db)
    taken = {k for (k,) in conn.execute("SELECT key FROM entity_aliases")}
    words = sorted({w for k in taken for w in k.split()})
    if not words:
        raise SystemExit(f"{db}: the store has no entities to draw names from")
    rnd = random.Random(seed)
    first = int(conn.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0]) + 1
    types = ("PERSON", "LOCATION", "ORGANIZATION")
    entities: list[tuple[int, str, str, str, int]] = []
    aliases: list[tuple[str, str, int, str, int]] = []
    while len(entities) < count:
        key = " ".join(rnd.choice(words) for _ in range(rnd.choice((1, 2, 2, 3))))
        if key in taken:
            continue
        taken.add(key)
        kind, n = rnd.choice(types), first + len(entities)
        entities.append((n, kind, key, key, rnd.randint(1, 3)))
        aliases.append((key, kind, n, key.split()[-1], len(key.split())))
    with conn:
        conn.executemany(
            "INSERT INTO entities (id, type, name, key, mention_count) VALUES (?, ?, ?, ?, ?)",
            entities,
        )
        conn.executemany(
            "INSERT INTO entity_aliases (key, type, entity, last, words) VALUES (?, ?, ?, ?, ?)",
            aliases,
        )
    conn.close()


def _latency(db: Path, count: int, names: Sequence[str]) -> None:
    """Time the entity lookup of ``names`` (and of :data:`ENGLISH_WORDS`) and a search of each
    that finds nothing as typed, on a copy of ``db`` with ``count`` more entities."""
    import statistics
    import tempfile
    import time

    from akhbar.search import Archive

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "large.db"
        src = sqlite3.connect(db)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        dst.close()
        _inflate(copy, count)
        conn = sqlite3.connect(copy)
        total = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
        queries = [*names, *ENGLISH_WORDS]

        def timed(run: Callable[[str], object]) -> list[float]:
            run(queries[0])  # (warm: the tables and caches the first lookup loads)
            out = []
            for q in queries:
                start = time.perf_counter()
                run(q)
                out.append((time.perf_counter() - start) * 1000)
            return sorted(out)

        def line(label: str, ms: list[float]) -> str:
            p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
            return (
                f"  {label:<44} p50 {statistics.median(ms):7.1f} ms  p95 {p95:7.1f} ms  "
                f"max {ms[-1]:7.1f} ms"
            )

        print(f"lookup latency, {len(queries)} names on {total:,} entities (one core):")
        print(line("resolve (akhbar entity NAME)", timed(lambda q: resolve(conn, q))))

        # The English-name tail step alone, as it reads now (the index of English names) and
        # as it read before (every entity's English name), in the same run.
        def tail(where: str) -> Callable[[str], object]:
            sql = f"SELECT id FROM entities WHERE {where} LIKE ? ESCAPE '\\'"
            return lambda q: conn.execute(sql, ["% " + q.lower()]).fetchall()

        now = timed(tail("english > '' COLLATE NOCASE AND lower(english)"))
        before = timed(tail("lower(english)"))
        print(line("English-name tail, the index (now)", now))
        print(line("English-name tail, every entity (before)", before))
        ratio = statistics.median(before) / max(statistics.median(now), 1e-9)
        print(f"  ratio before/now (p50): {ratio:,.0f}x")
        with Archive.open(copy) as archive:
            # (the queries that find nothing as typed: the others are never run again)
            queries = [q for q in queries if not archive.search(q, entity_names=False).total]
            ms = timed(archive.search)
            print(line(f"{len(queries)} searches finding nothing as typed", ms))
            named = [q for q in queries if archive.search(q).entity_query]
            print(
                f"  run again with their names as entity: filters, with hits: {len(named)} "
                f"({sum(q in NAMES for q in named)} of the {len(NAMES)} names; the common "
                f"English words: {', '.join(q for q in named if q not in NAMES) or 'none'})"
            )
        conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--misses", type=int, default=0, help="list this many unmatched pairs")
    ap.add_argument("--db", type=Path, help="a store: also look up the common English words")
    ap.add_argument(
        "--acronyms",
        action="store_true",
        help="with --db: look up acronyms with and without the English initials step",
    )
    ap.add_argument(
        "--latency",
        type=int,
        metavar="N",
        help="with --db: time lookups on a copy of the store with N more entities",
    )
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
        if args.acronyms:
            with Store.open(args.db, readonly=True) as store:
                _acronyms(store.connection)
        if args.latency:
            _latency(args.db, args.latency, NAMES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
