"""Build ``akhbar/entities/data/generic_bodies.tsv``: the listed bodies (``organizations.tsv``)
whose name the shared news gives to the bodies of several countries.

A journalist following the Supreme Court of Pakistan does not want the mentions of India's or
the United States' supreme court in it; Urdu news writes all of them ``سپریم کورٹ``, and says
whose only by a word before it (``بھارتی سپریم کورٹ``, ``امریکہ کی سپریم کورٹ``).  The linker
(``akhbar/entities/link.py``, rule 4b) joins a mention of such a body to its country's body
when the country is written so, and keeps it generic otherwise.  A listed body is generic here
when the news writes it right after the adjectives of nationality
(:func:`akhbar.entities.link.body_country`: ``بھارتی``, ``امریکی``) of at least
:data:`MIN_COUNTRIES` places :data:`MIN_TIMES` times each, or of one place
:data:`MIN_ONE_PLACE` times (the bare name is then another country's body, usually Pakistan's),
and its English name names no place itself (``Pakistan Cricket Board``).  Fewer do not tell a
namesake from an adjective used as a noun (``97 اسرائیلی حماس کی قید میں`` '97 Israelis held by
Hamas').  A place
and a genitive before a body are not counted: the genitive often belongs to a later noun
(``اسرائیل کی حماس کے خلاف جنگ`` 'Israel's war against Hamas').

Run: ``PYTHONPATH=. .venv/bin/python scripts/build_generic_bodies.py [--data DIR]``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_lexicon import news_texts  # noqa: E402

from akhbar.entities.gazetteer import default_gazetteer  # noqa: E402
from akhbar.entities.link import _GENITIVES, _TOKENS, body_country  # noqa: E402
from akhbar.text.keys import match_key  # noqa: E402

OUT = ROOT / "akhbar" / "entities" / "data" / "generic_bodies.tsv"
#: A body's name is given to the bodies of at least this many places, each written before it
#: at least :data:`MIN_TIMES` times ...
MIN_COUNTRIES = 2
MIN_TIMES = 2
#: ... or one place is written before it this often (``امریکی سینیٹ``, 38 times: the bare
#: ``سینیٹ`` of Pakistani news is Pakistan's).
MIN_ONE_PLACE = 10
#: The longest listed name, in words.
MAX_WORDS = 6


def build(data: Path) -> list[tuple[str, Counter[str]]]:
    """``(English name, places before it with counts)`` of the generic bodies."""
    g = default_gazetteer()
    bodies = {tuple(e.key.split()): e.english for e in g.entries() if e.type == "ORGANIZATION"}
    places = {w for e in g.entries() if e.type == "LOCATION" for w in e.english.split()}
    seen: dict[str, Counter[str]] = {}
    for text in news_texts(data):
        words = _TOKENS.findall(text)
        keys = [match_key(w) for w in words]
        for i in range(1, len(keys)):
            for size in range(min(MAX_WORDS, len(keys) - i), 0, -1):
                english = bodies.get(tuple(keys[i : i + size]))
                if english is not None:
                    hit = body_country(words[max(0, i - 3) : i], g)
                    if hit is not None and keys[i - 1] not in _GENITIVES:
                        seen.setdefault(english, Counter())[hit[0]] += 1
                    break
    return sorted(
        (english, where)
        for english, where in seen.items()
        if (
            sum(n >= MIN_TIMES for n in where.values()) >= MIN_COUNTRIES
            or max(where.values()) >= MIN_ONE_PLACE
        )
        and not set(english.split()) & places
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.data)
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# Listed bodies (organizations.tsv) whose name the shared news gives to the bodies\n"
            "# of several countries; built by scripts/build_generic_bodies.py (see its\n"
            "# docstring).  The linker joins a mention of one to its country's body when the\n"
            "# country is written before it (rule 4b of akhbar/entities/link.py).  Columns:\n"
            "# English name, the places whose adjective the news writes right before it, with\n"
            "# counts.\n"
        )
        for english, where in rows:
            places = ", ".join(f"{p} {n}" for p, n in where.most_common())
            fh.write(f"{english}\t{places}\n")
    print(f"{len(rows)} generic bodies -> {args.out}")


if __name__ == "__main__":
    main()
