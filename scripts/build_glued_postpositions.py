"""Build ``akhbar/entities/data/glued_postpositions.tsv``: postpositions written glued to the next
word (``کیخلاف``, ``کےلیے``, ``کیلئے``, ``کیساتھ``) as the shared news writes them.

The gazetteer rules (``gazetteer_location``, ``gazetteer_organization`` in
``akhbar/entities/rules.py``) take a place or a listed organisation only before a word of KIND
``after_place`` of ``rules.txt`` (``میں``, ``کے``, ``سے`` …).  News often writes a compound
postposition as one word (``بھارت کیخلاف``, ``ایف بی آر کیخلاف``): ``ے`` does not join the next
letter, so the space does not show, and a writer who leaves it out also writes ``کے`` as ``کی``
(the medial form of ``ے``).  Such a word is kept when

* it is a one-word postposition ``P`` of ``after_place`` (or ``P`` with a final ``ے`` written
  ``ی``) followed by a word ``W`` of at least two letters;
* the news writes ``P W`` with a space at least :data:`MIN_SPACED` times, and at least
  :data:`MIN_SHARE` of all occurrences of ``W`` follow ``P`` (``W`` is the second word of a
  compound postposition: ``کے خلاف``, ``کی طرف``, ``کے بعد``; not ``کی`` + ``سے`` in ``کیسے``
  'how', ``کا`` + ``فی`` in ``کافی`` 'enough', ``تک`` + ``نیکی`` in ``تکنیکی``);
* the glued word itself occurs at least :data:`MIN_GLUED` times and is no name of the
  gazetteer (``کیوبا`` Cuba is not ``کی وبا``);
* where ``P`` ends in a letter that does not join the next one (``کے``, ``سے``, ``کا``, ``کو``,
  ``پر``), the space does not show, and a word the news writes as one more often than as two
  is a word of its own (``پرتشدد`` 'violent'): the glued word must be the rarer spelling;
* where ``P`` as written joins the next letter (``کی``, ``میں``, ``تک``, and ``کے`` written
  ``کی``), the glued word looks unlike the two words, a spelling of its own (``کیلئے`` is more
  common than ``کے لئے``): ``W`` must then follow ``P`` in at least :data:`MIN_SHARE_JOINED` of
  its occurrences (a compound postposition: ``کیخلاف``, ``کیجانب``; not ``کیلاش`` Kalash,
  ``کی لاش`` 'the body of').

Words are counted with the lexicon builder's cleaning (``scripts/build_lexicon.py``) over the
shared news only (the outlets-2024 and UrduPoint CSVs, the Express headlines, Bend the Truth).

Run: ``PYTHONPATH=. .venv/bin/python scripts/build_glued_postpositions.py [--data DIR]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_lexicon import NON_JOINING, WORD, count_words, news_texts  # noqa: E402

from akhbar.entities.gazetteer import default_gazetteer, name_key  # noqa: E402
from akhbar.entities.rules import load_rule_words  # noqa: E402
from akhbar.text.keys import match_key  # noqa: E402

OUT = ROOT / "akhbar" / "entities" / "data" / "glued_postpositions.tsv"
#: The spaced ``P W`` is seen at least this often in the news.
MIN_SPACED = 20
#: At least this share of the occurrences of ``W`` follow ``P``.
MIN_SHARE = 0.25
#: ... or this share when ``P`` as written joins the next letter.
MIN_SHARE_JOINED = 0.75
#: The glued word is seen at least this often.
MIN_GLUED = 2


def _forms(postposition: str) -> list[str]:
    """How ``postposition`` may start a glued word: as written, and with a final ``ے`` in its
    medial form ``ی`` (``کیخلاف`` for ``کے خلاف``)."""
    out = [postposition]
    if postposition.endswith("ے"):
        out.append(postposition[:-1] + "ی")
    return out


def build(data: Path) -> list[tuple[str, str, str, int, int, float]]:
    """Rows ``(glued, postposition, word, glued count, spaced count, share)``."""
    counts, pairs = count_words(news_texts(data))
    postpositions = sorted(
        w
        for w in (
            line.split("\t")[1]
            for line in (ROOT / "akhbar" / "entities" / "data" / "rules.txt")
            .read_text(encoding="utf-8")
            .splitlines()
            if line.startswith("after_place\t")
        )
        if WORD.fullmatch(w) and w != "اور"
    )
    assert {match_key(p) for p in postpositions} <= load_rule_words()["after_place"]
    names = {e.key for e in default_gazetteer().entries()}
    rows = []
    for glued, n in counts.items():
        if n < MIN_GLUED or name_key(glued) in names:
            continue
        best: tuple[int, float, str, str] | None = None
        for p in postpositions:
            for form in _forms(p):
                word = glued[len(form) :]
                if not glued.startswith(form) or len(word) < 2 or not counts[word]:
                    continue
                spaced = pairs[(p, word)]
                share = spaced / counts[word]
                if form[-1] in NON_JOINING:  # the space does not show
                    ok = share >= MIN_SHARE and n < spaced
                else:  # the glued word looks unlike the two: a spelling of its own
                    ok = share >= MIN_SHARE_JOINED
                if spaced >= MIN_SPACED and ok:
                    cand = (spaced, share, p, word)
                    best = cand if best is None or cand > best else best
        if best is not None:
            spaced, share, p, word = best
            rows.append((glued, p, word, n, spaced, share))
    rows.sort(key=lambda r: (-r[3], r[0]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows = build(args.data)
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# Postpositions written glued to the next word (کیخلاف = کے خلاف), as the\n"
            "# shared news writes them; built by scripts/build_glued_postpositions.py (see\n"
            "# its docstring).  The gazetteer rules of akhbar/entities/rules.py take them\n"
            "# as words of KIND after_place.  Columns: glued word, postposition, second\n"
            "# word, times glued, times spaced, share of the second word's occurrences\n"
            "# that follow the postposition.\n"
        )
        for glued, p, word, n, spaced, share in rows:
            fh.write(f"{glued}\t{p}\t{word}\t{n}\t{spaced}\t{share:.2f}\n")
    print(f"{len(rows)} glued postpositions -> {args.out}")


if __name__ == "__main__":
    main()
