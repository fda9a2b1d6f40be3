"""The numpy neural scorer (akhbar.entities.neural) and its use inside the Recognizer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from akhbar.entities.ner import ModelError, Recognizer, sha256_file
from akhbar.entities.neural import NeuralScorer, random_arrays

LABELS = ["O", "B-PERSON", "I-PERSON"]
SENTS = [["روس", "نے", "کہا"], ["ماسکو"], [], ["ایک", "دو", "تین", "چار", "پانچ", "چھ", "سات"]]


def test_log_probs_are_normalized_and_shaped() -> None:
    s = NeuralScorer.random(LABELS, hidden=8)
    out = s.log_probs(SENTS)
    assert [x.shape for x in out] == [(3, 3), (1, 3), (0, 3), (7, 3)]
    for x in out:
        if len(x):
            assert np.allclose(np.exp(x).sum(axis=1), 1.0, atol=1e-5)
            assert (x <= 0).all()


def test_batch_equals_one_sentence_at_a_time() -> None:
    """Sentences in one batch must not see each other (padding between them)."""
    batch = NeuralScorer.random(LABELS, hidden=8).log_probs(SENTS)
    for sent, got in zip(SENTS, batch, strict=True):
        alone = NeuralScorer.random(LABELS, hidden=8).log_probs([sent])[0]
        assert np.allclose(alone, got, atol=1e-5)


def test_context_matters_within_a_sentence() -> None:
    s = NeuralScorer.random(LABELS, hidden=8)
    a = s.log_probs([["روس", "نے"]])[0][0]
    b = s.log_probs([["روس", "کہا"]])[0][0]
    assert not np.allclose(a, b)


def test_unknown_characters_and_words() -> None:
    out = NeuralScorer.random(LABELS).log_probs([["Zürich", "😀", "x" * 200]])[0]
    assert out.shape == (3, 3)
    assert np.isfinite(out).all()


def _model_with_neural(tmp: Path, weight: float, checksum: bool = True) -> Path:
    shipped = Recognizer().load()
    model = tmp / "model"
    shutil.copytree(shipped.model_dir, model)
    arrays = random_arrays(shipped.labels, hidden=8)
    np.savez(model / "neural.npz", **arrays)  # type: ignore[arg-type]
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    meta["neural"] = {"file": "neural.npz", "weight": weight}
    if checksum:
        meta["files"]["neural.npz"] = sha256_file(model / "neural.npz")
    (model / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    return model


def test_recognizer_adds_the_neural_scores(tmp_path: Path) -> None:
    words = ["وزیر", "خارجہ", "سرگئی", "لاوروف", "نے", "ماسکو", "میں", "کہا"]
    plain = Recognizer().emissions(words)
    zero = Recognizer(_model_with_neural(tmp_path / "a", 0.0)).emissions(words)
    assert np.array_equal(plain, zero)
    heavy = Recognizer(_model_with_neural(tmp_path / "b", 50.0)).emissions(words)
    assert not np.allclose(plain, heavy)


def test_neural_file_must_be_checksummed(tmp_path: Path) -> None:
    model = _model_with_neural(tmp_path, 1.0, checksum=False)
    with pytest.raises(ModelError, match="not checksummed"):
        Recognizer(model).load()
