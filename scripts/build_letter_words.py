"""Build ``akhbar/search/data/letter_words.tsv``: a letter name and the word after it that
together are a word of their own (``آئی فون`` iPhone, ``ای میل``, ``ٹی 20``, ``سی پیک``), not
the last letter of an acronym typed as its letters and a word.

The query parser makes a run of letter names typed next to each other one acronym (``پی سی
بی``: :func:`akhbar.search.query.parse_query`).  A letter name that starts a word of two
(``آئی`` of ``آئی فون``) would join the run before it: ``سی ای او آئی فون`` would search the
acronym ``سی ای او آئی``, which nothing writes, and lose the pair ``آئی فون``.  With this list
the run's last letter stays a word when it and the word typed after it are listed.

A pair ``letter word`` (analyzer terms; ``word`` no letter name) is listed when the shared news
(outlets-2024, UrduPoint, the Express headlines and summaries, Bend the Truth) writes it
:data:`MIN_COUNT` times or more and, in :data:`MIN_ALONE` of them or more, no other letter name
stands before the letter: the pair is a word of its own there, not an acronym's end and the
next word (``پی ٹی آئی رہنما``: ``آئی رہنما`` follows ``ٹی`` almost always).  A stop word
after the letter is never listed (``آئی ہے``, the verb 'came' and 'is', is as likely ``بی سی سی
آئی ہے``, the acronym and 'is'): a function word follows an acronym as readily as a word.

Run: ``PYTHONPATH=. .venv/bin/python scripts/build_letter_words.py [--data DIR]``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_lexicon import news_texts  # noqa: E402

from akhbar.search.query import LETTER_WORDS_FILE, acronym_letters  # noqa: E402
from akhbar.text.analyzer import terms  # noqa: E402
from akhbar.text.stem import is_stop_word  # noqa: E402

#: How often the news must write a pair for it to be listed.
MIN_COUNT = 20
#: The share of a pair's occurrences with no letter name before the letter.
MIN_ALONE = 0.8


def count_pairs(texts: Iterable[str]) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """For each adjacent ``letter word`` pair of analyzer terms in ``texts``: how often it is
    written, and how often with no letter name before the letter.

    >>> seen, alone = count_pairs(["ایپل کا آئی فون", "پی ٹی آئی رہنما", "نیا آئی فون"])
    >>> seen[("آیی", "فون")], alone[("آیی", "فون")], seen[("آیی", "رہنما")], alone[("آیی", "رہنما")]
    (2, 2, 1, 0)
    """
    seen: Counter[tuple[str, str]] = Counter()
    alone: Counter[tuple[str, str]] = Counter()
    for text in texts:
        found = terms(text)
        letter = [acronym_letters([t]) for t in found]
        for i in range(len(found) - 1):
            if letter[i] and not letter[i + 1]:
                pair = (found[i], found[i + 1])
                seen[pair] += 1
                if i == 0 or not letter[i - 1]:
                    alone[pair] += 1
    return seen, alone


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=LETTER_WORDS_FILE)
    args = ap.parse_args()
    seen, alone = count_pairs(news_texts(args.data))
    if not seen:
        sys.exit(f"no letter names found under {args.data / 'news'}")
    rows = sorted(
        (
            (pair, n, alone[pair])
            for pair, n in seen.items()
            if n >= MIN_COUNT and alone[pair] >= MIN_ALONE * n and not is_stop_word(pair[1])
        ),
        key=lambda r: (-r[1], r[0]),
    )
    lines = [
        "# A letter name and the word after it that together are a word of their own, not the",
        "# last letter of an acronym typed as its letters: the query parser leaves such a letter",
        "# out of the acronym before it.  Built by scripts/build_letter_words.py from the shared",
        f"# news: pairs written {MIN_COUNT}+ times, {MIN_ALONE:.0%}+ of them with no letter name",
        "# before the letter, the word no stop word.  Analyzer terms: letter, word, times",
        "# written, of them with no letter name before.",
        *(f"{a}\t{b}\t{n}\t{k}" for (a, b), n, k in rows),
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(rows)} pairs")


if __name__ == "__main__":
    main()
