"""How often the search's spelling suggestion (``akhbar.search.spelling.correct``) gives back
the word a one-letter slip spoiled: synthetic typos of real headline words, on a real store.

Words of the retrieval dev set's headlines that at least 3 of the store's articles hold (and
of 4 letters or more) get one random edit, each kind equally often: a letter left out, one
added, one changed (the letters of the lexicon), two neighbours swapped; a result that some
article holds is no typo the suggestion would see, and is drawn again.  The suggestion is
right when it is the word itself.  Peers in the same run: the plain rule (the word one edit
away that most articles hold: ``VOWEL_BONUS`` 1) against the shipped one (a long vowel letter
left out counting 3 times).

    .venv/bin/python benchmarks/spelling.py --db DEV.db --queries DEV/queries.jsonl [--n 2000]
        [--latency 60]

``--latency N``: N of the typos searched (the words alone, as a query: each finds nothing)
through the search API on the store's index and on FTS5, with and without the suggestion,
interleaved in one run (what a suggestion adds to a search that finds nothing).

(DEV: ``scripts/build_retrieval_devset.py``'s folder, DEV.db a store of its ``docs.jsonl``,
as ``akhbar eval retrieval`` builds one.)  Results: benchmarks/RETRIEVAL.md ("Did you mean").
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.search import spelling  # noqa: E402
from akhbar.text.analyzer import terms  # noqa: E402

KINDS = ("left out", "added", "changed", "swapped")


def typo(word: str, kind: str, rnd: random.Random, alphabet: str) -> str:
    """``word`` with one edit of ``kind``."""
    i = rnd.randrange(len(word))
    if kind == "left out":
        return word[:i] + word[i + 1 :]
    if kind == "added":
        return word[:i] + rnd.choice(alphabet) + word[i:]
    if kind == "changed":
        return word[:i] + rnd.choice(alphabet.replace(word[i], "")) + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="a store")
    ap.add_argument("--queries", type=Path, required=True, help="queries.jsonl of the dev set")
    ap.add_argument("--n", type=int, default=2000, help="typos to draw")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--latency", type=int, default=0, metavar="N", help="time N searches")
    args = ap.parse_args(argv)
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, row)")
    held = dict(conn.execute("SELECT term, doc FROM temp.vocab"))

    def df(words: list[str]) -> dict[str, int]:
        return {w: held[w] for w in words if w in held}

    alphabet = spelling._alphabet()
    words = []
    with args.queries.open(encoding="utf-8") as fh:
        for line in fh:
            for t in terms(json.loads(line)["query"]):
                if held.get(t, 0) >= 3 and len(t) >= 4 and all(c in alphabet for c in t):
                    words.append(t)
    rnd = random.Random(args.seed)
    rnd.shuffle(words)
    cases: list[tuple[str, str, str]] = []
    for i, word in enumerate(words):
        kind = KINDS[i % len(KINDS)]
        for _ in range(20):
            spoiled = typo(word, kind, rnd, alphabet)
            if spoiled not in held:
                cases.append((kind, word, spoiled))
                break
        if len(cases) >= args.n:
            break
    print(f"{len(cases):,} typos of {len({w for _, w, _ in cases}):,} words; store {args.db}")
    shipped = spelling.VOWEL_BONUS
    results = {}
    for label, bonus in (("plain (most articles)", 1), (f"shipped (vowel x{shipped})", shipped)):
        spelling.VOWEL_BONUS = bonus
        right: Counter[str] = Counter()
        given: Counter[str] = Counter()
        for kind, word, spoiled in cases:
            fixed = spelling.correct(spoiled, df)
            given[kind] += fixed is not None
            right[kind] += fixed == word
        results[label] = sum(right.values())
        by_kind = ", ".join(f"{k} {right[k]}/{sum(1 for c in cases if c[0] == k)}" for k in KINDS)
        print(
            f"  {label:<24} right {sum(right.values()) / len(cases):.3f} "
            f"(suggested {sum(given.values()) / len(cases):.3f}); {by_kind}"
        )
    spelling.VOWEL_BONUS = shipped
    plain, ours = results.values()
    print(f"  ratio shipped/plain (right): {ours / max(plain, 1):.3f}")
    if args.latency:
        _latency(args.db, [spoiled for _, _, spoiled in cases[: args.latency]])
    return 0


def _latency(db: Path, typed: list[str]) -> None:
    import statistics
    import time

    from akhbar.search import Archive, SearchConfig

    for use_index in (True, False):
        on = Archive.open(db, SearchConfig(use_index=use_index))
        off = Archive.open(db, SearchConfig(use_index=use_index, suggest=False))
        with on, off:
            on.search(typed[0])  # (warm: the lexicon's forms, the vocabulary table)
            off.search(typed[0])
            times: dict[str, list[float]] = {"with": [], "without": []}
            for text in typed:
                for label, archive in (("with", on), ("without", off)):
                    start = time.perf_counter()
                    archive.search(text)
                    times[label].append((time.perf_counter() - start) * 1000)
            p50 = {k: statistics.median(v) for k, v in times.items()}
            p95 = {k: sorted(v)[int(0.95 * len(v))] for k, v in times.items()}
            print(
                f"  {on.backend:<6} {len(typed)} typos searched: with the suggestion p50 "
                f"{p50['with']:.1f} ms p95 {p95['with']:.1f} ms; without p50 "
                f"{p50['without']:.1f} ms p95 {p95['without']:.1f} ms "
                f"(ratio p50 {p50['with'] / max(p50['without'], 1e-9):.1f}x)"
            )


if __name__ == "__main__":
    raise SystemExit(main())
