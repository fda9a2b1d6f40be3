"""Build the context table the keyboard repair reads: ``akhbar/text/data/keyboard_context.tsv.gz``.

A keyboard without some Urdu letters types several words alike: ``بری`` is ``بری`` ('bad') or
``بڑی`` ('big'), ``کیس`` ``کیس`` ('case') or ``گیس`` ('gas'), ``کی`` any of ``کی کے گی گے``.
:func:`akhbar.text.keyboard.restore_keyboard` chooses among them by the words typed next to
it (``بری خبر``, ``بڑی کامیابی``): this table says, for each such spelling (a lexicon word
whose :func:`~akhbar.text.keyboard.typed_key` another lexicon word shares), how often the shared
news writes it right after and right before a word of each typed key.  The neighbours are kept
as typed keys because that is all a query typed on such a keyboard shows of them.

The news read: the Express headlines and summaries 2012-2018 and Bend the Truth, not the
outlets-2024 and UrduPoint sets: their headlines are the retrieval benchmark's queries
(``benchmarks/RETRIEVAL.md``), which would otherwise be measured on their own word pairs.

Format (gzip, deterministic): ``#`` comment lines, then ``<`` TAB key TAB ``spelling:count ...``
(the spellings written after a word of that key) and ``>`` TAB key TAB ... (written before one).

Run: ``make lexicon`` (or ``PYTHONPATH=. .venv/bin/python scripts/build_keyboard_context.py``).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_lexicon import count_words, news_texts  # noqa: E402

from akhbar.text.keyboard import CONTEXT_FILE, typed_key  # noqa: E402
from akhbar.text.lexicon import lexicon  # noqa: E402

OUT = ROOT / "akhbar" / "text" / CONTEXT_FILE


def alike(words: Iterable[str]) -> set[str]:
    """The words of ``words`` that share their typed key with another of them."""
    by_key: defaultdict[str, list[str]] = defaultdict(list)
    for word in words:
        by_key[typed_key(word)].append(word)
    return {word for group in by_key.values() if len(group) > 1 for word in group}


def context_rows(
    pairs: Counter[tuple[str, str]], spellings: set[str]
) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(side, neighbour key, [(spelling, count)]) for the adjacent word pairs ``pairs`` whose
    one word is one of ``spellings``, sorted."""
    table: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (first, second), n in pairs.items():
        if second in spellings:
            table[("<", typed_key(first))][second] += n
        if first in spellings:
            table[(">", typed_key(second))][first] += n
    return [(side, key, sorted(table[(side, key)].items())) for side, key in sorted(table)]


def main() -> None:
    """Count the news's word pairs and write the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    _, pairs = count_words(news_texts(args.data, tables=False))
    spellings = alike(lexicon())
    rows = context_rows(pairs, spellings)
    lines = [
        "# Words a keyboard without some Urdu letters types alike, by the words next to them:",
        "# side (< written after a word of the key, > before one), typed key, spelling:count.",
        "# Built by scripts/build_keyboard_context.py from the shared news (Express, Bend the",
        "# Truth); do not edit.",
    ]
    for side, key, items in rows:
        lines.append(f"{side}\t{key}\t" + " ".join(f"{s}:{n}" for s, n in items))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    args.out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    size = args.out.stat().st_size
    print(f"{len(spellings)} spellings, {len(rows)} rows, {size:,} bytes -> {args.out}")


if __name__ == "__main__":
    main()
