"""A probe of short news sentences: are a person and a place found where a headline puts them?

IL-NER dev, CV and UNER score the recognizer on annotated sentences; this probe asks one narrow
question they do not isolate.  Person names of two words or more taken from UNER (news annotated
by others; never trained on; 80 of them, a fixed sample) are put in made-up sentences of the
commonest headline shapes (a title or none, the name, one of six places, four templates such as
``{title} {name} {place} پہنچ گئے۔``), and each model is asked, through ``recognize`` (raw text,
rules on), whether it returns the name as a PERSON and the place as a LOCATION, exactly.

    .venv/bin/python benchmarks/ner_probe.py [MODEL_DIR ...]   # default: the shipped model

Results: benchmarks/NER.md (issue 5, round 14).  The sentences are made up and their names are
few, so the figure is a probe, not a score: it moves with the training seed by a point or two.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.entities.evaluate import bio_spans, read_uner  # noqa: E402
from akhbar.entities.ner import Recognizer  # noqa: E402

UNER = ROOT.parent / "shared" / "data" / "ner" / "uner" / "uner.txt"
TITLES = ("وزیر خارجہ", "صدر", "")
PLACES = ("ماسکو", "تہران", "واشنگٹن", "لاہور", "نئی دہلی", "بیجنگ")
TEMPLATES = (
    "{t} {n} {p} پہنچ گئے۔",
    "{t} {n} نے {p} میں کہا۔",
    "{t} {n} آج {p} پہنچے۔",
    "{p} میں {t} {n} کا خطاب۔",
)
NAMES = 80


def probe_sentences(path: Path = UNER, count: int = NAMES) -> list[tuple[str, str, str]]:
    """``(sentence, person, place)`` for ``count`` UNER person names of two words or more."""
    names = sorted(
        {
            " ".join(w for w, _ in s[a:b])
            for s in read_uner(path)
            for kind, a, b in bio_spans([t for _, t in s])
            if kind == "PERSON" and b - a >= 2
        }
    )
    random.Random(1).shuffle(names)
    out = []
    for t, n, p, f in itertools.product(TITLES, names[:count], PLACES, TEMPLATES):
        out.append((" ".join(f.format(t=t, n=n, p=p).split()), n, p))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="*", type=Path, help="model directories (default: shipped)")
    args = ap.parse_args(argv)
    sentences = probe_sentences()
    print(f"{len(sentences)} sentences")
    print("| model | persons found | places found |\n|---|---:|---:|")
    for model in args.models or [None]:
        rec = Recognizer(model)
        persons = places = 0
        for text, name, place in sentences:
            found = {(e.text, e.type) for e in rec.recognize(text)}
            persons += (name, "PERSON") in found
            places += (place, "LOCATION") in found
        n = len(sentences)
        name = model or "shipped"
        print(f"| {name} | {persons} ({persons / n:.1%}) | {places} ({places / n:.1%}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
