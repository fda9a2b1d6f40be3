"""Build what the query parser knows of acronyms typed as their letters, from the shared news
(outlets-2024, UrduPoint, the Express headlines and summaries, Bend the Truth):
``akhbar/search/data/acronyms.tsv`` and ``akhbar/search/data/letter_words.tsv``.

The parser makes a run of letter names typed next to each other one acronym (``پی سی بی``:
:func:`akhbar.search.query.parse_query`).

``acronyms.tsv``: the runs of two letter names or more (analyzer terms; ``کے``, the
postposition, is never a letter of one) that the news writes :data:`MIN_ACRONYM` times or more,
with the count.  A keyboard without some Urdu letters types some letter names as others: with
no ``ے`` key ``اے`` (A) is typed ``اي`` (E) and ``سے`` ('from') ``سي`` (C); with no ``پ`` key
``پی`` (P) is typed ``بي`` (B).  ``پي آئي اي`` is then PIA, ``آئي ايم ايف سي`` is IMF and
'from'; the parser reads the acronym the news writes most
(:func:`akhbar.search.query.keyboard_acronym`).

``letter_words.tsv``: a letter name and the word after it that together are a word of their
own (``آئی فون`` iPhone, ``ای میل``, ``ٹی 20``, ``سی پیک``), not the last letter of an acronym
and a word.  Typed after an acronym's letters, ``آئی`` of ``آئی فون`` would join it: ``سی ای او
آئی فون`` would search the acronym ``سی ای او آئی``, which nothing writes, and lose the pair
``آئی فون``.  A pair ``letter word`` (``word`` no letter name) is listed when the news writes
it :data:`MIN_COUNT` times or more and, in :data:`MIN_ALONE` of them or more, no other letter
name stands before the letter: the pair is a word of its own there, not an acronym's end and
the next word (``پی ٹی آئی رہنما``: ``آئی رہنما`` follows ``ٹی`` almost always).  A stop word
after the letter is never listed (``آئی ہے``, the verb 'came' and 'is', is as likely ``بی سی سی
آئی ہے``, the acronym and 'is'): a function word follows an acronym as readily as a word.

Run: ``PYTHONPATH=. .venv/bin/python scripts/build_acronyms.py [--data DIR]``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_lexicon import news_texts  # noqa: E402

from akhbar.search.query import ACRONYMS_FILE, LETTER_WORDS_FILE, acronym_letters  # noqa: E402
from akhbar.text.analyzer import terms  # noqa: E402
from akhbar.text.stem import is_stop_word  # noqa: E402

#: How often the news must write a letter and a word for the pair to be listed.
MIN_COUNT = 20
#: The share of a pair's occurrences with no letter name before the letter.
MIN_ALONE = 0.8
#: How often the news must write an acronym for it to be listed.
MIN_ACRONYM = 3


@dataclass
class Counts:
    """What :func:`count` finds: acronyms, letter-word pairs, and those with no letter before."""

    acronyms: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    alone: Counter[tuple[str, str]] = field(default_factory=Counter)


def count(texts: Iterable[str]) -> Counts:
    """The runs of letter names (analyzer terms joined by a space) in ``texts``, and for each
    adjacent ``letter word`` pair how often it is written and how often with no letter name
    before the letter.

    >>> c = count(["ایپل کا آئی فون", "پی ٹی آئی رہنما", "نیا آئی فون، پی ٹی آئی"])
    >>> c.acronyms["پی ٹی آیی"], c.pairs[("آیی", "فون")], c.alone[("آیی", "فون")]
    (2, 2, 2)
    >>> c.pairs[("آیی", "رہنما")], c.alone[("آیی", "رہنما")]
    (1, 0)
    """
    out = Counts()
    for text in texts:
        found = terms(text)
        letter = [acronym_letters([t]) for t in found]
        run: list[str] = []
        for i, term in enumerate(found):
            if letter[i]:
                run.append(term)
                if i + 1 < len(found) and not letter[i + 1]:
                    pair = (term, found[i + 1])
                    out.pairs[pair] += 1
                    if len(run) == 1:
                        out.alone[pair] += 1
            if not letter[i] or i + 1 == len(found):
                if len(run) > 1:
                    out.acronyms[" ".join(run)] += 1
                run = []
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--acronyms", type=Path, default=ACRONYMS_FILE)
    ap.add_argument("--letter-words", type=Path, default=LETTER_WORDS_FILE)
    args = ap.parse_args()
    found = count(news_texts(args.data))
    if not found.acronyms:
        sys.exit(f"no letter names found under {args.data / 'news'}")
    pairs = sorted(
        (
            (pair, n, found.alone[pair])
            for pair, n in found.pairs.items()
            if n >= MIN_COUNT and found.alone[pair] >= MIN_ALONE * n and not is_stop_word(pair[1])
        ),
        key=lambda r: (-r[1], r[0]),
    )
    lines = [
        "# A letter name and the word after it that together are a word of their own, not the",
        "# last letter of an acronym typed as its letters: the query parser leaves such a letter",
        "# out of the acronym before it.  Built by scripts/build_acronyms.py from the shared",
        f"# news: pairs written {MIN_COUNT}+ times, {MIN_ALONE:.0%}+ of them with no letter name",
        "# before the letter, the word no stop word.  Analyzer terms: letter, word, times",
        "# written, of them with no letter name before.",
        *(f"{a}\t{b}\t{n}\t{k}" for (a, b), n, k in pairs),
    ]
    args.letter_words.parent.mkdir(parents=True, exist_ok=True)
    args.letter_words.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.letter_words}: {len(pairs)} pairs")
    acronyms = sorted(
        ((a, n) for a, n in found.acronyms.items() if n >= MIN_ACRONYM), key=lambda r: (-r[1], r[0])
    )
    lines = [
        "# Acronyms typed as their letters that the shared news writes: runs of two letter names",
        "# or more (analyzer terms; کے never one of them), written "
        f"{MIN_ACRONYM}+ times.  Built by",
        "# scripts/build_acronyms.py; the query parser reads which acronym a keyboard without",
        "# some Urdu letters typed (پي آئي اي: پی آئی اے).  Acronym, times written.",
        *(f"{a}\t{n}" for a, n in acronyms),
    ]
    args.acronyms.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.acronyms}: {len(acronyms)} acronyms")


if __name__ == "__main__":
    main()
