"""Whether ``make train-ner`` would train the shipped model again, as far as a cheap check can
tell: the word classes the model reads (``akhbar/entities/model/wordclasses.tsv``), other than
the news clusters (PPMI-SVD, minutes to build), are what ``scripts/train_ner.py`` builds today
from the data files (titles, countries, gazetteer words, number, month, weekday and time
words).  An edit of one of those files after training changes what a retrain learns: a title
added for the rules alone is flagged ``rules-only`` in ``titles.txt`` until a model trained with
it ships."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
WORDCLASSES = ROOT / "akhbar" / "entities" / "model" / "wordclasses.tsv"
GAZETTEER = ROOT.parent / "shared" / "data" / "gazetteer"


def _shipped() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in WORDCLASSES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, names = line.split("\t")[:2]
            out[key] = set(names.split(","))
    return out


@pytest.mark.skipif(not GAZETTEER.is_dir(), reason="needs ../shared/data/gazetteer")
def test_the_shipped_word_classes_are_what_the_training_script_builds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))  # its sibling modules (ner_augment)
    train_ner = load_script("train_ner")
    built = train_ner.build_wordclasses(clusters=False, mined=False)
    shipped = _shipped()
    names = {n for classes in built.values() for n in classes}
    if not names >= {"ti", "co", "nw", "mo", "wd"}:  # not an AssertionError: no xfail
        raise RuntimeError(f"the training script built no such classes: {sorted(names)}")

    def keys(classes: dict[str, set[str]], name: str) -> set[str]:
        return {k for k, v in classes.items() if name in v}

    differ = {name: sorted(keys(built, name) ^ keys(shipped, name)) for name in sorted(names)}
    assert {name: words for name, words in differ.items() if words} == {}


def test_the_lexicon_is_the_one_the_model_was_trained_with() -> None:
    # The model's frequency-bucket feature (lx=) reads akhbar/text/data/lexicon.tsv at run
    # time: an edited lexicon changes its tags without a retrain (the card records the file).
    meta = json.loads((WORDCLASSES.parent / "model.json").read_text(encoding="utf-8"))
    lexicon = ROOT / "akhbar" / "text" / "data" / "lexicon.tsv"
    assert hashlib.sha256(lexicon.read_bytes()).hexdigest() == meta["lexicon_sha256"]
