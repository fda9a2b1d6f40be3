"""Learn how likely each English spelling of an Urdu letter is (``data/romanize_costs.tsv``).

Writes ``akhbar/entities/data/romanize_costs.tsv``.  ``romanize.tsv`` lists the ways English
may spell each Urdu letter (``ک``: k, c, ck, ch, q, kk); which of them a name uses is a
matter of degree (``ٹ`` is nearly always ``t``, ``ن`` is ``m`` only before ``ب``).
This script reads the gazetteer's names that have an English and an Urdu
label of as many words (``akhbar/entities/data/gazetteer.tsv``, built from ``../shared/data``:
Wikidata labels and the country list), pairs them word by word, and learns by hard EM: align
every pair at the cheapest cost (:func:`akhbar.entities.explore.align_spelling`), count the
spellings used, set each spelling's cost to minus the log of its share of its letter's uses
(add-``ALPHA`` smoothed over the letter's spellings), and the cost of a Latin vowel no Urdu
letter writes to minus the log of its share of the Latin letters; again, ``ROUNDS`` times.
The first round starts from every spelling at 0 and silence at 1.  Deterministic.

Used by the search to read a word typed in Latin letters as the Urdu word it spells
(:mod:`akhbar.search.romanized`: ``cricket`` → ``کرکٹ``).

Run: ``python scripts/train_romanize.py [--out FILE]``.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.entities.explore import (  # noqa: E402
    _latin_query,
    _romanize_alternatives,
    align_spelling,
)
from akhbar.entities.gazetteer import default_gazetteer, name_key  # noqa: E402

OUT = ROOT / "akhbar" / "entities" / "data" / "romanize_costs.tsv"
#: EM rounds (the costs are stable after two).
ROUNDS = 4
#: Add-alpha smoothing of each letter's spelling counts.
ALPHA = 0.5


def word_pairs() -> list[tuple[str, str]]:
    """(Urdu word's name key, lower-case Latin word) of the gazetteer's names with an English
    label of as many words as the Urdu one, in the gazetteer's order, without repeats."""
    pairs: list[tuple[str, str]] = []
    for entry in default_gazetteer().entries():
        if not entry.english:
            continue
        latin = _latin_query(entry.english).split()
        urdu = name_key(entry.urdu).split()
        if len(latin) == len(urdu):
            pairs.extend(zip(urdu, latin, strict=True))
    return list(dict.fromkeys(pairs))


def train(
    pairs: Sequence[tuple[str, str]], rounds: int = ROUNDS
) -> tuple[dict[tuple[str, str], float], float, int]:
    """(spelling costs, free-vowel cost, pairs aligned in the last round)."""
    table = _romanize_alternatives()
    costs = {(ch, s): float(s == "") for ch, spellings in table.items() for s in spellings}
    vowel = 1.0
    aligned = 0
    for _ in range(rounds):
        counts: Counter[tuple[str, str]] = Counter()
        vowels = letters = aligned = 0
        for key, latin in pairs:
            cost, steps = align_spelling(key, latin, costs, vowel)
            if cost == math.inf:
                continue
            aligned += 1
            letters += len(latin)
            for ch, spelling in steps:
                if ch == "":
                    vowels += 1
                else:
                    counts[(ch, spelling)] += 1
        for ch, spellings in table.items():
            total = sum(counts[(ch, s)] for s in spellings) + ALPHA * len(spellings)
            for s in spellings:
                costs[(ch, s)] = -math.log((counts[(ch, s)] + ALPHA) / total)
        vowel = -math.log(vowels / letters)
    return costs, vowel, aligned


def render(costs: dict[tuple[str, str], float], vowel: float, pairs: int, aligned: int) -> str:
    lines = [
        "# How likely each English spelling of an Urdu letter of romanize.tsv is: letter TAB",
        "# spelling (empty: the letter is silent) TAB cost (minus the log of its share of the",
        "# letter's uses); `*` TAB vowel: a Latin vowel no Urdu letter writes.  Written by",
        f"# scripts/train_romanize.py from the gazetteer's names ({aligned} of {pairs} word pairs",
        "# aligned); do not edit.",
        f"*\tvowel\t{vowel:.4f}",
    ]
    for (ch, spelling), cost in sorted(costs.items()):
        lines.append(f"{ch}\t{spelling}\t{max(cost, 0.0):.4f}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    pairs = word_pairs()
    costs, vowel, aligned = train(pairs)
    args.out.write_text(render(costs, vowel, len(pairs), aligned), encoding="utf-8")
    print(f"{args.out}: {aligned} of {len(pairs)} word pairs aligned, vowel {vowel:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
