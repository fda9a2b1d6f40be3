"""scripts/ner_pseudo.py: the probability of the recognizer's best label path, checked against
every path of short sentences, and the selection of sure sentences."""

from __future__ import annotations

import doctest
import itertools
from types import ModuleType

import numpy as np
import pytest

from akhbar.entities.ner import Recognizer
from tests.helpers import load_script

SENTENCES = [
    ["ایران"],
    ["ڈاکٹر", "حسن", "روحانی"],
    ["لاؤروف", "نے", "کہا"],
    ["کل", "تہران", "میں"],
]


@pytest.fixture(scope="module")
def pseudo() -> ModuleType:
    return load_script("ner_pseudo")


@pytest.fixture(scope="module")
def rec() -> Recognizer:
    return Recognizer().load()


def test_doctests(pseudo: ModuleType) -> None:
    result = doctest.testmod(pseudo)
    assert result.attempted > 0
    assert result.failed == 0


def _brute_force(rec: Recognizer, words: list[str]) -> tuple[float, list[int]]:
    """The best path's probability and the path, by scoring every label path."""
    e = rec.emissions(words)
    trans = rec._trans
    n, nlab = e.shape
    scores = {}
    for path in itertools.product(range(nlab), repeat=n):
        s = e[0, path[0]] + sum(trans[path[t - 1], path[t]] + e[t, path[t]] for t in range(1, n))
        scores[path] = s
    best = max(scores, key=scores.__getitem__)
    values = np.array(list(scores.values()))
    log_z = values.max() + np.log(np.exp(values - values.max()).sum())
    return float(np.exp(scores[best] - log_z)), list(best)


def test_path_probability_equals_every_path_scored(pseudo: ModuleType, rec: Recognizer) -> None:
    got = pseudo.path_probabilities(rec, SENTENCES)
    for words, p in zip(SENTENCES, got, strict=True):
        want, best = _brute_force(rec, words)
        # (float32 neural scores: a batch and one sentence differ in the last digits)
        assert p == pytest.approx(want, rel=1e-6)
        # the path it is the probability of is the one the recognizer tags
        assert [rec._bio_labels[i] for i in best] == rec.tag_words(words)


def test_select_keeps_sure_sentences_with_their_tags(pseudo: ModuleType, rec: Recognizer) -> None:
    probs = pseudo.path_probabilities(rec, SENTENCES)
    cut = sorted(probs)[1]  # keeps all but the least sure
    kept, sure = pseudo.select(rec, SENTENCES, cut, batch=3)
    assert sure == sum(p >= cut for p in probs) == len(kept)
    assert [w for w, _ in kept] == [s for s, p in zip(SENTENCES, probs, strict=True) if p >= cut]
    assert [t for _, t in kept] == rec.tag_token_sentences([w for w, _ in kept])
    named, _ = pseudo.select(rec, SENTENCES, 0.0, names_only=True)
    assert named
    assert all(any(x[2:] in pseudo.NAMES for x in t) for _, t in named)
    assert len(named) <= len(SENTENCES)
    assert pseudo.select(rec, [], 0.0) == ([], 0)
