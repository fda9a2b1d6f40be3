"""Score the NER post-decoding rules (akhbar/entities/rules.py) on IL-NER dev and on saved CV folds.

    .venv/bin/python scripts/train_ner.py --cv 3 --cv-fold K --cv-predictions /tmp/pred  # K=0,1,2
    .venv/bin/python scripts/score_ner_rules.py /tmp/pred/fold0.json /tmp/pred/fold1.json ...

Each fold file holds the held-out words, gold tags and the tags of the CRF + neural model trained
on the other folds (``combined``).  Dev is tagged with the shipped model (raw tags, split words).
For each set of rules, prints micro F1 per fold, the CV mean with PERSON / LOCATION /
ORGANIZATION, and dev micro (P, R) and per type: a Markdown table row.  Needs no torch.

The last columns are UNER (Urdu news annotated by other people, never trained on), tagged with
the shipped model, its PERSON / LOCATION / ORGANIZATION spans only (its numbers and dates follow
other conventions): micro and PERSON F1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.entities.evaluate import read_conll, read_uner, score  # noqa: E402
from akhbar.entities.features import split_compound  # noqa: E402
from akhbar.entities.ner import Recognizer  # noqa: E402
from akhbar.entities.rules import DEFAULT_RULES, Rules  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "ner" / "il-ner-urdu" / "dev.txt"
UNER = ROOT.parent / "shared" / "data" / "ner" / "uner" / "uner.txt"
NAMES = ("PERSON", "LOCATION", "ORGANIZATION")
TYPES = ("micro", "PERSON", "LOCATION", "ORGANIZATION")
VARIANTS: dict[str, list[str]] = {
    "model alone": [],
    "latin_prose": ["latin_prose"],
    "brackets": ["brackets"],
    "latin_month": ["latin_month"],
    "person_digits": ["person_digits"],
    "person_tail": ["person_tail"],
    "title_person": ["title_person"],
    "title_extend": ["title_extend"],
    "gazetteer_location": ["gazetteer_location"],
    "gazetteer_location + place_context": ["gazetteer_location", "place_context"],
    "gazetteer_location + place_event": ["gazetteer_location", "place_event"],
    "shipped": list(DEFAULT_RULES),
    "shipped + place_event": [*DEFAULT_RULES, "place_event"],
    "gazetteer_organization": ["gazetteer_organization"],
    "gazetteer_organization + organization_event": [
        "gazetteer_organization",
        "organization_event",
    ],
    "shipped without organization_event": [r for r in DEFAULT_RULES if r != "organization_event"],
    "shipped without organization_noun": [r for r in DEFAULT_RULES if r != "organization_noun"],
    "shipped without gazetteer_organization": [
        r for r in DEFAULT_RULES if r != "gazetteer_organization"
    ],
    "shipped without known_name": [r for r in DEFAULT_RULES if r != "known_name"],
    "shipped without place_whole": [r for r in DEFAULT_RULES if r != "place_whole"],
}


def _names_only(tags: Sequence[str]) -> list[str]:
    return [t if t[2:] in NAMES else "O" for t in tags]


def uner_predictions(rec: Recognizer) -> dict[str, Any]:
    """UNER with its PERSON / LOCATION / ORGANIZATION gold tags and the model's raw tags."""
    sents = read_uner(UNER)
    words = [[w for w, _ in s] for s in sents]
    gold = [_names_only([t for _, t in s]) for s in sents]
    return {"words": words, "gold": gold, "combined": rec.tag_sentences(words)}


def dev_predictions(rec: Recognizer) -> dict[str, Any]:
    """IL-NER dev as split words with gold tags and the model's raw tags."""
    words: list[list[str]] = []
    gold: list[list[str]] = []
    for sent in read_conll(DEV).sentences:
        ws: list[str] = []
        gs: list[str] = []
        for tok, tag in sent:
            parts = split_compound(tok)
            ws.extend(parts)
            gs.append(tag)
            gs.extend("O" if tag == "O" else "I-" + tag[2:] for _ in parts[1:])
        words.append(ws)
        gold.append(gs)
    return {"words": words, "gold": gold, "combined": rec.tag_sentences(words)}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folds", nargs="*", type=Path, help="fold JSON files of --cv-predictions")
    args = ap.parse_args(argv)
    rec = Recognizer(rules=()).load()
    uner = uner_predictions(rec)
    sets = [dev_predictions(rec)]
    sets += [json.loads(p.read_text(encoding="utf-8")) for p in args.folds]
    print(
        "| rules | CV micro per fold | CV mean | CV PER | CV LOC | CV ORG | dev micro | dev PER "
        "| dev LOC | dev ORG | UNER micro | UNER PER |"
    )
    print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for name, enabled in VARIANTS.items():
        rules = Rules(rec.titles, rec.features.classes, enabled=enabled)
        res = []
        for d in sets:
            pred = [rules.apply(w, t) for w, t in zip(d["words"], d["combined"], strict=True)]
            res.append(score(d["gold"], pred))
        dev, folds = res[0], res[1:]
        u_pred = [
            _names_only(rules.apply(w, t))
            for w, t in zip(uner["words"], uner["combined"], strict=True)
        ]
        u = score(uner["gold"], u_pred)
        cv = " / ".join(f"{s['micro'].f1 * 100:.2f}" for s in folds) or "–"
        means = [
            f"{sum(s[t].f1 for s in folds) / len(folds) * 100:.2f}" if folds else "–" for t in TYPES
        ]
        m = dev["micro"]
        print(
            f"| {name} | {cv} | {' | '.join(means)} | {m.f1 * 100:.2f} (P {m.precision * 100:.1f}"
            f", R {m.recall * 100:.1f}) | "
            + " | ".join(f"{dev[t].f1 * 100:.2f}" for t in TYPES[1:])
            + f" | {u['micro'].f1 * 100:.2f} | {u['PERSON'].f1 * 100:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
