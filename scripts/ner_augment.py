"""Mention replacement for the NER training (``scripts/train_ner.py --augment``).

A training sentence that names a person, a place or an organisation is copied with each name
replaced (with probability ``p``) by another name of the same type, drawn from the names of
the training sentences themselves: the copy keeps the sentence's words and tags around the
name, so the tagger learns more from the context and less from the names it has seen (Dai
and Adel 2020, "An Analysis of Simple Data Augmentation for Named Entity Recognition").
Measured by 3-fold CV in benchmarks/NER.md (issue 5, fourteenth round).

No crfsuite, no torch: imported by train_ner.py and by the tests.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from akhbar.entities.evaluate import bio_spans  # noqa: E402
from akhbar.entities.features import split_compound  # noqa: E402
from akhbar.entities.gazetteer import default_gazetteer  # noqa: E402

Sentence = list[tuple[str, str]]

#: Mention replacement (``--augment``): each training sentence holding a name of a type in
#: ``types`` is copied ``copies`` times, each such name replaced with probability ``p`` by a
#: name of the same type drawn from ``pools``: "train" (the names of the training sentences
#: themselves: the copy teaches the context, not the name), "lists" (the known-names list, the
#: gazetteer's places and the listed bodies in akhbar/entities/data: names the annotated
#: sentences never hold; measured, not kept).  On by default since round 14 of
#: benchmarks/NER.md: one copy, ``p`` 0.5, the training names (``copies`` 0 turns it off).
AUGMENT: dict[str, Any] = {
    "copies": 1,
    "p": 0.5,
    "types": ["PERSON", "LOCATION", "ORGANIZATION"],
    "pools": ["train"],
    "seed": 7,
}


def list_names() -> dict[str, list[tuple[str, ...]]]:
    """Names by type from the shipped lists (known names, gazetteer places, bodies)."""
    known = ROOT / "akhbar" / "entities" / "data" / "known_names.tsv"
    out: dict[str, set[tuple[str, ...]]] = {}

    def add(kind: str, name: str) -> None:
        words = tuple(w for part in name.split() for w in split_compound(part))
        if words:
            out.setdefault(kind, set()).add(words)

    for line in known.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, name, *_ = line.split("\t")
            add(kind, name)
    for entry in default_gazetteer().entries():
        if entry.type in ("LOCATION", "ORGANIZATION"):
            add(entry.type, entry.urdu)
    return {k: sorted(v) for k, v in out.items()}


def augment_mentions(sents: Sequence[Sentence], cfg: dict[str, Any]) -> list[Sentence]:
    """Copies of ``sents`` with names replaced by others of their type (see :data:`AUGMENT`).

    >>> s = [("کل", "O"), ("علی", "B-PERSON"), ("خان", "I-PERSON"), ("آئے", "O")]
    >>> t = [("احمد", "B-PERSON"), ("بولے", "O")]
    >>> out = augment_mentions([s, t], {**AUGMENT, "copies": 1, "p": 1.0})
    >>> [[w for w, _ in x] for x in out]
    [['کل', 'احمد', 'آئے'], ['علی', 'خان', 'بولے']]
    >>> out[0][1], out[1][1]
    (('احمد', 'B-PERSON'), ('خان', 'I-PERSON'))
    """
    types = set(cfg["types"])
    pools: dict[str, set[tuple[str, ...]]] = {}
    found: list[tuple[Sentence, list[tuple[str, int, int]]]] = []
    for s in sents:
        spans = [sp for sp in bio_spans([t for _, t in s]) if sp[0] in types]
        if spans:
            found.append((s, spans))
        if "train" in cfg["pools"]:
            for kind, a, b in spans:
                pools.setdefault(kind, set()).add(tuple(w for w, _ in s[a:b]))
    if "lists" in cfg["pools"]:
        for kind, names in list_names().items():
            if kind in types:
                pools.setdefault(kind, set()).update(names)
    choices = {k: sorted(v) for k, v in pools.items()}
    rng = random.Random(cfg["seed"])
    out: list[Sentence] = []
    for s, spans in found:
        for _ in range(cfg["copies"]):
            new: Sentence = []
            pos = 0
            changed = False
            for kind, a, b in spans:
                new.extend(s[pos:a])
                old = tuple(w for w, _ in s[a:b])
                names = choices.get(kind, [])
                if len(names) > 1 and rng.random() < cfg["p"]:
                    name = rng.choice(names)
                    while name == old:  # another name than the sentence's own
                        name = rng.choice(names)
                    changed = True
                    new.extend((w, ("B-" if i == 0 else "I-") + kind) for i, w in enumerate(name))
                else:
                    new.extend(s[a:b])
                pos = b
            new.extend(s[pos:])
            if changed:
                out.append(new)
    return out
