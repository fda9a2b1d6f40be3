"""What a search for a compound finds when the news writes it both joined and spaced
(``وزیراعظم`` / ``وزیر اعظم``, ``ورلڈکپ`` / ``ورلڈ کپ``: ``akhbar/search/data/compounds.tsv``,
written by ``scripts/build_lexicon.py``), in a store of real news.

For each listed compound the store holds: the articles that write it either way (``J OR "a
b"``), and how many of them a search finds when the compound is typed

* joined (``وزیراعظم``): akhbar, akhbar as typed (``name_variants=False``: what it found before
  the compound list), and plain SQLite FTS5 (unicode61, the articles' raw text) side by side;
* spaced (``وزیر اعظم``, as words, not quoted): the same three (FTS5: the two words, AND).

Summed over the compounds (an article counted once per compound; a cluster of near-duplicates
once, as search shows it: the FTS5 peer finds it when it finds one of its articles).  Also the
query time of the joined searches, akhbar with and without the list, in the same run.

    .venv/bin/python benchmarks/compounds.py --db STORE [--limit N]

STORE: e.g. the shared news ingested (``akhbar ingest ../shared/data/news --db ALL.db``).
Results: benchmarks/RETRIEVAL.md ("Compounds written joined or spaced").
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.search import Archive, SearchConfig  # noqa: E402
from akhbar.search.variants import COMPOUNDS_FILE  # noqa: E402


def compounds(limit: int | None = None) -> list[tuple[str, str, str]]:
    """The shipped list's (joined, left, right), the most written first."""
    rows = []
    for line in COMPOUNDS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            joined, left, right = line.split("\t")[:3]
            rows.append((joined, left, right))
    return rows[:limit]


def fts5_peer(db: Path) -> sqlite3.Connection:
    """An in-memory FTS5 table (unicode61) over the store's titles and texts, seq as rowid."""
    peer = sqlite3.connect(":memory:")
    peer.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61')")
    src = sqlite3.connect(db)
    rows = src.execute("SELECT seq, coalesce(title, ''), paragraphs FROM articles")
    peer.executemany(
        "INSERT INTO t (rowid, body) VALUES (?, ?)",
        ((seq, "\n".join([title, *json.loads(paras)])) for seq, title, paras in rows),
    )
    peer.commit()
    src.close()
    return peer


def _ids(archive: Archive, query: str, cluster: dict[str, str]) -> set[str]:
    """What every hit of ``query`` stands for, page by page: its near-duplicate cluster (a
    search shows one article of a cluster, which may differ from query to query), else its
    id."""
    out: set[str] = set()
    seen = 0
    while True:
        hits = archive.search(query, limit=1000, offset=seen, facets=False, snippets=False)
        out.update(cluster.get(h.id, h.id) for h in hits.hits)
        seen += len(hits.hits)
        if len(hits.hits) < 1000:
            return out


def open_store(
    db: Path,
) -> tuple[sqlite3.Connection, Archive, Archive, dict[str, str], dict[str, set[int]]]:
    """What a run compares over the store ``db``: the FTS5 peer (:func:`fts5_peer`), akhbar
    and akhbar as typed (``name_variants=False``), each article's near-duplicate cluster, and
    each cluster's (or lone article's) rows (``seq``)."""
    t0 = time.perf_counter()
    peer = fts5_peer(db)
    print(f"FTS5 peer built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    on = Archive.open(db)
    off = Archive.open(db, SearchConfig(name_variants=False))
    store = sqlite3.connect(db)
    cluster = dict(store.execute("SELECT id, cluster_id FROM articles WHERE cluster_id NOT NULL"))
    members: dict[str, set[int]] = {}
    for seq, key in store.execute("SELECT seq, coalesce(cluster_id, id) FROM articles"):
        members.setdefault(key, set()).add(seq)
    store.close()
    return peer, on, off, cluster, members


def print_times(what: str, times: dict[str, list[float]]) -> None:
    """The median and the slowest of each engine's search times (ms), one line each."""
    for label, ts in times.items():
        print(
            f"{what}, top 10 with facets and snippets, {label}: median "
            f"{statistics.median(ts):.1f} ms, max {max(ts):.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store of news")
    parser.add_argument("--limit", type=int, default=None, help="the first N compounds only")
    args = parser.parse_args()
    peer, on, off, cluster, members = open_store(args.db)
    keys = ("either", "joined", "joined_exact", "joined_fts5", "spaced", "spaced_exact")
    found = dict.fromkeys((*keys, "spaced_fts5"), 0)
    times: dict[str, list[float]] = {"akhbar": [], "as typed": []}
    held = 0
    for joined, left, right in compounds(args.limit):
        either = _ids(off, f'{joined} OR "{left} {right}"', cluster)
        if not either:
            continue
        held += 1
        found["either"] += len(either)
        for name, archive, query in (
            ("joined", on, joined),
            ("joined_exact", off, joined),
            ("spaced", on, f"{left} {right}"),
            ("spaced_exact", off, f"{left} {right}"),
        ):
            found[name] += len(either & _ids(archive, query, cluster))
        for name, match in (("joined_fts5", joined), ("spaced_fts5", f"{left} {right}")):
            rows = {r for (r,) in peer.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,))}
            found[name] += sum(1 for key in either if members[key] & rows)
        for label, archive in (("akhbar", on), ("as typed", off)):
            start = time.perf_counter()
            archive.search(joined, limit=10)
            times[label].append((time.perf_counter() - start) * 1000)
    share = {k: v / max(found["either"], 1) for k, v in found.items()}
    print(f"{held} compounds the store holds; {found['either']:,} (compound, article) pairs")
    print("| typed | akhbar | akhbar as typed | FTS5 (unicode61) |")
    print("|---|---:|---:|---:|")
    for typed in ("joined", "spaced"):
        cells = [f"{found[k]:,} ({share[k]:.1%})" for k in (typed, f"{typed}_exact")]
        cells.append(f"{found[f'{typed}_fts5']:,} ({share[f'{typed}_fts5']:.1%})")
        print(f"| {typed} | " + " | ".join(cells) + " |")
    print_times("joined search", times)


if __name__ == "__main__":
    main()
