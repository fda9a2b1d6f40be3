"""scripts/ner_augment.py: mention replacement for the NER training keeps every word and tag
outside the names, replaces names only by names of their type, and is reproducible."""

from __future__ import annotations

import doctest
from pathlib import Path
from types import ModuleType

import pytest

from akhbar.entities.evaluate import bio_spans, read_conll
from tests.helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT.parent / "shared" / "data" / "ner" / "il-ner-urdu" / "train.txt"
NAMES = ("PERSON", "LOCATION", "ORGANIZATION")


@pytest.fixture(scope="module")
def aug() -> ModuleType:
    return load_script("ner_augment")


@pytest.fixture(scope="module")
def train() -> list[list[tuple[str, str]]]:
    return [list(s) for s in read_conll(TRAIN).sentences[:1500]]


def test_doctests(aug: ModuleType) -> None:
    result = doctest.testmod(aug)
    assert result.attempted > 0
    assert result.failed == 0


def _outside(sentence: list[tuple[str, str]], kinds: tuple[str, ...] = NAMES) -> list[object]:
    """The sentence with each name of ``kinds`` replaced by its type: what a copy must keep."""
    out: list[object] = []
    pos = 0
    for kind, a, b in bio_spans([t for _, t in sentence]):
        if kind in kinds:
            out += sentence[pos:a]
            out.append(kind)
            pos = b
    return out + sentence[pos:]


def test_copies_change_only_names(aug: ModuleType, train: list[list[tuple[str, str]]]) -> None:
    cfg = {**aug.AUGMENT, "copies": 2, "p": 0.5, "pools": ["train"]}
    copies = aug.augment_mentions(train, cfg)
    with_names = [s for s in train if any(k in NAMES for k, _, _ in bio_spans([t for _, t in s]))]
    assert 0 < len(copies) <= 2 * len(with_names)
    seen = {
        (kind, tuple(w for w, _ in s[a:b]))
        for s in train
        for kind, a, b in bio_spans([t for _, t in s])
        if kind in NAMES
    }
    frames = {tuple(map(str, _outside(s))) for s in with_names}
    for copy in copies:
        tags = [t for _, t in copy]
        assert all(t == "O" or t[:2] in ("B-", "I-") for t in tags)
        assert all(not t.startswith("I-") or i > 0 for i, t in enumerate(tags))
        # every name of the copy is one of the training names of its type ...
        for kind, a, b in bio_spans(tags):
            if kind in NAMES:
                assert (kind, tuple(w for w, _ in copy[a:b])) in seen
        # ... and around the names the copy is one of the sentences, word for word
        assert tuple(map(str, _outside(copy))) in frames
    # reproducible, and another seed gives other copies
    assert aug.augment_mentions(train, cfg) == copies
    assert aug.augment_mentions(train, {**cfg, "seed": cfg["seed"] + 1}) != copies


def test_off_and_types(aug: ModuleType, train: list[list[tuple[str, str]]]) -> None:
    assert aug.augment_mentions(train, {**aug.AUGMENT, "copies": 0}) == []
    assert aug.AUGMENT["copies"] == 1  # the recipe train_ner.py runs by default (round 14)
    only = aug.augment_mentions(
        train, {**aug.AUGMENT, "copies": 1, "p": 1.0, "types": ["ORGANIZATION"]}
    )
    assert only
    frames = {tuple(map(str, _outside(s, ("ORGANIZATION",)))) for s in train}
    for copy in only:  # persons and places kept, organisations replaced
        assert tuple(map(str, _outside(copy, ("ORGANIZATION",)))) in frames
        assert copy not in train


def test_list_pool(aug: ModuleType) -> None:
    names = aug.list_names()
    assert set(names) == set(NAMES)
    assert all(len(v) > 100 for v in names.values())
    assert all(w.strip() == w and w for v in names.values() for name in v for w in name)
