"""The numpy neural scorer (akhbar.entities.neural) and its use inside the Recognizer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from akhbar.entities.evaluate import read_conll
from akhbar.entities.features import split_compound
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


def _crf_only(tmp: Path) -> Path:
    """A copy of the shipped model without its neural scorer (the CRF alone)."""
    model = tmp / "crf"
    if model.exists():
        return model
    shutil.copytree(Recognizer().load().model_dir, model)
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    neural = meta.pop("neural", None)
    if neural:
        (model / neural["file"]).unlink()
        del meta["files"][neural["file"]]
    (model / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    return model


def _model_with_neural(tmp: Path, weight: float, checksum: bool = True, arch: str = "cnn") -> Path:
    """The shipped CRF with a random neural scorer of ``arch`` added with ``weight``."""
    crf = Recognizer(_crf_only(tmp.parent)).load()
    model = tmp / "model"
    shutil.copytree(crf.model_dir, model)
    arrays = random_arrays(crf.labels, hidden=8, arch=arch)
    np.savez(model / "neural.npz", **arrays)  # type: ignore[arg-type]
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    meta["neural"] = {"file": "neural.npz", "weight": weight}
    if checksum:
        meta["files"]["neural.npz"] = sha256_file(model / "neural.npz")
    (model / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    return model


def test_recognizer_adds_the_neural_scores(tmp_path: Path) -> None:
    words = ["وزیر", "خارجہ", "سرگئی", "لاوروف", "نے", "ماسکو", "میں", "کہا"]
    plain = Recognizer(_crf_only(tmp_path)).emissions(words)
    zero = Recognizer(_model_with_neural(tmp_path / "a", 0.0)).emissions(words)
    assert np.array_equal(plain, zero)
    heavy = Recognizer(_model_with_neural(tmp_path / "b", 50.0)).emissions(words)
    assert not np.allclose(plain, heavy)


def test_neural_file_must_be_checksummed(tmp_path: Path) -> None:
    model = _model_with_neural(tmp_path / "a", 1.0, checksum=False)
    with pytest.raises(ModelError, match="not checksummed"):
        Recognizer(model).load()


def _reference_bilstm(arrays: dict[str, np.ndarray], pre: np.ndarray) -> np.ndarray:
    """A plain per-step BiLSTM (torch's gate order i, f, g, o) over precomputed input
    projections ``pre`` (tokens × 8H: forward then backward), then the output layer."""

    def sigmoid(z: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-z))

    h = arrays["lstm_whh_f"].shape[1]
    outs = []
    for d, whh in ((0, arrays["lstm_whh_f"]), (1, arrays["lstm_whh_b"])):
        seq = pre[:, : 4 * h] if d == 0 else pre[::-1, 4 * h :]
        hh, c, hs = np.zeros(h), np.zeros(h), []
        for x in seq:
            z = x + whh @ hh
            i, f, g, o = z[:h], z[h : 2 * h], z[2 * h : 3 * h], z[3 * h :]
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
            hh = sigmoid(o) * np.tanh(c)
            hs.append(hh)
        outs.append(np.array(hs) if d == 0 else np.array(hs)[::-1])
    out: np.ndarray = np.concatenate(outs, axis=1) @ arrays["out_w"].T + arrays["out_b"]
    return out


def test_bilstm_matches_a_plain_reference() -> None:
    """The batched numpy BiLSTM (both directions, shrinking batch) equals a step-by-step one."""
    arrays = random_arrays(LABELS, hidden=8, arch="lstm")
    s = NeuralScorer(arrays, lambda w: w, lambda w: ("sh=A",))
    assert s.output == "crf"
    assert s.transitions is not None
    out = s.log_probs(SENTS)
    assert [x.shape for x in out] == [(3, 3), (1, 3), (0, 3), (7, 3)]
    for sent, got in zip(SENTS, out, strict=True):
        if not sent:
            continue
        pre = s._word_vectors(sent).astype(np.float64)
        want = _reference_bilstm(
            {
                k: np.asarray(v, np.float64)
                for k, v in arrays.items()
                if k.startswith(("lstm_", "out_"))
            },
            pre,
        )
        assert np.allclose(got, want, atol=1e-5)
        alone = NeuralScorer(arrays, lambda w: w, lambda w: ("sh=A",)).log_probs([sent])[0]
        assert np.allclose(alone, got, atol=1e-5)


def test_crf_scorer_adds_its_transitions(tmp_path: Path) -> None:
    """A CRF-trained scorer's transition scores join the CRF's, times the same weight."""
    crf = Recognizer(_crf_only(tmp_path)).load()
    r = Recognizer(_model_with_neural(tmp_path / "a", 2.0, arch="lstm")).load()
    with np.load(r.model_dir / "neural.npz") as z:
        trans = z["trans"].astype(np.float64)
    assert np.allclose(r._trans, crf._trans + 2.0 * trans)
    words = ["وزیر", "خارجہ", "سرگئی", "لاوروف", "نے", "ماسکو", "میں", "کہا"]
    nn = r._neural.log_probs([words])[0] if r._neural else None
    assert nn is not None
    assert np.allclose(r.emissions(words), crf.emissions(words) + 2.0 * nn)
    assert len(r.tag_tokens(words)) == len(words)


def test_unknown_encoder_is_refused() -> None:
    arrays = random_arrays(LABELS, arch="lstm") | {"arch": np.array("transformer")}
    with pytest.raises(ValueError, match="unknown neural encoder"):
        NeuralScorer(arrays, lambda w: w, lambda w: ("sh=A",))


# -- the shipped scorer against torch ------------------------------------------------------------

FIXTURE = Path(__file__).parent / "data" / "neural_torch_dev.npz"
DEV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ner" / "il-ner-urdu"


def test_shipped_scorer_reproduces_torch_on_dev() -> None:
    """numpy's scores of the shipped scorer equal torch's (same weights, torch's own LSTM) on
    the first 100 IL-NER dev sentences (``scripts/train_ner.py`` writes the fixture)."""
    rec = Recognizer().load()
    neural = rec.meta.get("neural")
    if not neural or rec._neural is None:
        pytest.skip("the shipped model has no neural scorer")
    with np.load(FIXTURE, allow_pickle=False) as z:
        want, lengths, digest = z["scores"], z["lengths"], str(z["neural_sha256"])
    assert digest == rec.meta["files"][neural["file"]], (
        "fixture is of another model: scripts/train_ner.py --torch-fixture-only"
    )
    sents = [
        [w for tok, _ in s for w in split_compound(tok)]
        for s in read_conll(DEV / "dev.txt").sentences[: len(lengths)]
    ]
    assert [len(s) for s in sents] == lengths.tolist()
    got = np.concatenate(rec._neural.log_probs(sents))
    assert got.shape == want.shape
    assert np.allclose(got, want, atol=2e-4), float(np.abs(got - want).max())
    one = np.concatenate([rec._neural.log_probs([s])[0] for s in sents[:20]])
    assert np.allclose(one, want[: len(one)], atol=2e-4)


def test_string_settings_may_be_one_element_arrays() -> None:
    """The exporter writes ``arch`` / ``output`` through ``np.ascontiguousarray`` (1-d)."""
    arrays = random_arrays(LABELS, arch="lstm")
    arrays |= {"arch": np.array(["lstm"]), "output": np.array(["crf"])}
    s = NeuralScorer(arrays, lambda w: w, lambda w: ("sh=A",))
    assert (s.arch, s.output) == ("lstm", "crf")
