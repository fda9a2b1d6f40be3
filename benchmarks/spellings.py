"""What a search for a loanword finds when the news spells it several ways (``سیکیورٹی`` /
``سکیورٹی`` / ``سیکورٹی``, ``چیمپئنز`` / ``چیمپئینز``, ``کورونا`` / ``کرونا``:
``akhbar/search/data/spellings.tsv``, written by ``scripts/build_lexicon.py``), in a store of
real news.

For each listed word (its spellings joined: ``akhbar.search.variants.other_spellings``) whose
spellings the store holds: the articles that write any of them (``s1 OR s2 ...``), and how many
of them a search for each spelling finds: akhbar, akhbar as typed (``name_variants=False``: what
it found before the list), and plain SQLite FTS5 (unicode61, the articles' raw text) side by
side.  Summed over the words and their spellings (an article counted once per spelling typed; a
cluster of near-duplicates once, as search shows it), for the spelling the store writes most and
for the others apart.  Also the query time of those searches, akhbar with and without the list,
in the same run.

    .venv/bin/python benchmarks/spellings.py --db STORE

STORE: e.g. the shared news ingested (``akhbar ingest ../shared/data/news --db ALL.db``).
Results: benchmarks/RETRIEVAL.md ("Loanwords spelled several ways").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compounds import _ids, open_store, print_times  # noqa: E402

from akhbar.search.variants import SPELLINGS_FILE, other_spellings  # noqa: E402
from akhbar.text.analyzer import terms  # noqa: E402


def words() -> list[list[str]]:
    """Each listed word's spellings as the news writes them (the list's surface forms), one
    list per word, in the list's order."""
    surface: dict[str, str] = {}
    for line in SPELLINGS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            for w in line.split("\t")[:2]:
                t = terms(w)
                if len(t) == 1:
                    surface.setdefault(t[0], w)
    out: list[list[str]] = []
    seen: set[str] = set()
    for term in surface:
        if term in seen or not other_spellings(term):
            continue
        group = [term, *other_spellings(term)]
        seen.update(group)
        out.append([surface[t] for t in group if t in surface])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store of news")
    args = parser.parse_args()
    peer, on, off, cluster, members = open_store(args.db)
    kinds = ("most written", "other")
    found = {(k, s): 0 for k in kinds for s in ("either", "akhbar", "as typed", "fts5")}
    typed = dict.fromkeys(kinds, 0)
    times: dict[str, list[float]] = {"akhbar": [], "as typed": []}
    held = 0
    examples = []
    for spellings in words():
        alone = {w: _ids(off, w, cluster) for w in spellings}
        either = set().union(*alone.values())
        if sum(1 for ids in alone.values() if ids) < 2:
            continue  # the store writes one spelling (or none): nothing to meet
        held += 1
        most = max(spellings, key=lambda w: (len(alone[w]), w))
        for w in spellings:
            kind = kinds[0] if w == most else kinds[1]
            typed[kind] += 1
            found[(kind, "either")] += len(either)
            got = either & _ids(on, w, cluster)
            found[(kind, "akhbar")] += len(got)
            found[(kind, "as typed")] += len(either & alone[w])
            rows = {r for (r,) in peer.execute("SELECT rowid FROM t WHERE t MATCH ?", (w,))}
            found[(kind, "fts5")] += sum(1 for key in either if members[key] & rows)
            if len(examples) < 8 and kind == kinds[1]:
                examples.append(f"`{w}` {len(alone[w]):,} -> {len(got):,}")
            for label, archive in (("akhbar", on), ("as typed", off)):
                start = time.perf_counter()
                archive.search(w, limit=10)
                times[label].append((time.perf_counter() - start) * 1000)
    print(f"{held} words the store writes in two spellings or more")
    print("| spelling typed | searches | akhbar | akhbar as typed | FTS5 (unicode61) |")
    print("|---|---:|---:|---:|---:|")
    for kind in kinds:
        total = max(found[(kind, "either")], 1)
        cells = [
            f"{found[(kind, s)]:,} / {found[(kind, 'either')]:,} ({found[(kind, s)] / total:.1%})"
            for s in ("akhbar", "as typed", "fts5")
        ]
        print(f"| {kind} | {typed[kind]} | " + " | ".join(cells) + " |")
    print("a less written spelling typed, articles found as typed -> now: " + ", ".join(examples))
    print_times("search", times)


if __name__ == "__main__":
    main()
