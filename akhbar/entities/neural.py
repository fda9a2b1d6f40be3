"""Numpy inference for the NER model's neural scorer (trained with torch, shipped as ``.npz``).

The scorer turns every word into a vector once (cached per distinct word): its embedding (a
vocabulary of the shared news, initialised from PPMI-SVD vectors and tuned on IL-NER), a
character CNN over its matching key, and a bag of its word-class / shape attributes, projected
by one linear layer.  A sentence is then encoded by either

* ``arch == "lstm"``: a bidirectional LSTM (torch's ``nn.LSTM``; the projection above is the
  LSTM's input projection of both directions, so a sentence only steps the recurrences, all
  sentences of a call side by side), or
* ``arch == "cnn"``: a few residual dilated convolutions (kernel 3) over ReLU(projection),

and a linear layer gives per-token label scores: log-probabilities for a scorer trained with
cross-entropy (``output == "log_softmax"``), raw scores for one trained with its own CRF layer
(``output == "crf"``, with the CRF's transition scores ``trans``).  All of it is matrix
products over whole batches of sentences, so numpy is fast without torch.
:class:`akhbar.entities.ner.Recognizer` adds ``weight`` × these scores to the CRF's emission
scores (and ``weight`` × ``trans`` to its transitions) before its Viterbi.

Arrays in the ``.npz`` (float32 unless said; written by ``scripts/train_ner.py``; no pickles):
``labels`` (str), ``vocab`` (str), ``wemb_q`` (int8, V+1 × D, last row the unknown word) with
``wemb_scale`` (float16, one per row; or a float ``wemb``), ``chars`` (str), ``cemb``
(C+1 × 32), ``cconv_w`` (F × 32 × 3), ``cconv_b``, ``feats`` (str), ``femb`` (A+1 × 32),
``proj_w`` (P × D+F+32), ``proj_b``, ``out_w`` (labels × H'), ``out_b``, optional ``arch``,
``output`` (str) and ``trans`` (labels × labels).  LSTM: P = 8H (input weights of the forward
then the backward direction, biases ``b_ih + b_hh``), ``lstm_whh_f``, ``lstm_whh_b``
(4H × H), H' = 2H.  CNN: P = H, ``conv{i}_w`` (H × H × 3), ``conv{i}_b``, ``dilations``
(int), H' = H.

>>> import numpy as np
>>> s = NeuralScorer.random(["O", "B-PERSON", "I-PERSON"], hidden=8)
>>> e = s.log_probs([["روس", "نے"], ["کہا"]])
>>> [x.shape for x in e], bool(np.allclose(np.exp(e[0]).sum(axis=1), 1.0))
([(2, 3), (1, 3)], True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["FEATURE_PREFIXES", "MAX_CHARS", "NeuralScorer", "dequantize_rows", "random_arrays"]

F32 = npt.NDArray[np.float32]
MAX_CHARS = 24
#: Sentences stepped together by the BiLSTM (longest first): large enough to amortise numpy's
#: per-call cost, small enough for one step's arrays to stay in the CPU cache.
LSTM_CHUNK = 64
#: Attribute prefixes of :meth:`FeatureSet.word_attrs` that the scorer's feature bag reads.
FEATURE_PREFIXES = ("sh=", "ds=", "len=", "lx=", "c:")


class NeuralScorer:
    """Per-token label log-probabilities from the shipped numpy weights."""

    def __init__(
        self,
        arrays: Mapping[str, npt.NDArray[np.generic]],
        key: Callable[[str], str],
        attrs: Callable[[str], Sequence[str]],
    ) -> None:
        def f32(name: str) -> F32:
            return np.ascontiguousarray(arrays[name], dtype=np.float32)

        self.labels = [str(x) for x in arrays["labels"]]
        self._key = key
        self._attrs = attrs
        self._vocab = {str(w): i for i, w in enumerate(arrays["vocab"])}
        self._chars = {str(c): i + 1 for i, c in enumerate(arrays["chars"])}
        self._feats = {str(a): i + 1 for i, a in enumerate(arrays["feats"])}
        if "wemb_q" in arrays:  # int8 rows with a float16 scale each
            self._wemb = dequantize_rows(arrays["wemb_q"], arrays["wemb_scale"])
        else:
            self._wemb = f32("wemb")
        self._cemb = f32("cemb")
        cw = f32("cconv_w")  # F × 32 × 3 (torch Conv1d layout)
        self._cconv = np.ascontiguousarray(np.concatenate([cw[:, :, k].T for k in range(3)], 0))
        self._cconv_b = f32("cconv_b")
        self._femb = f32("femb")
        self._proj_w = np.ascontiguousarray(f32("proj_w").T)
        self._proj_b = f32("proj_b")
        self.arch = _text(arrays, "arch", "cnn")
        if self.arch not in ("cnn", "lstm"):
            raise ValueError(f"unknown neural encoder {self.arch!r}")
        self.dilations = [int(d) for d in arrays["dilations"]] if self.arch == "cnn" else []
        self._convs: list[tuple[F32, F32]] = []
        for i in range(len(self.dilations)):
            w = f32(f"conv{i}_w")  # H × H × 3
            wcat = np.ascontiguousarray(np.concatenate([w[:, :, k].T for k in range(3)], 1))
            self._convs.append((wcat, f32(f"conv{i}_b")))
        if self.arch == "lstm":
            # torch's bidirectional nn.LSTM (gates i, f, g, o): the input projection of both
            # directions is folded into the per-word vectors (``proj``: 8H rows, forward then
            # backward, biases b_ih + b_hh), so a sentence only runs the recurrences.
            whh = [f32("lstm_whh_f"), f32("lstm_whh_b")]  # 4H × H each
            self.hidden = h = int(whh[0].shape[1])
            # sigmoid(z) = tanh(z / 2) / 2 + 1 / 2: one tanh over all four gates (i, f, g, o)
            # of the pre-activations times ``scale`` (1 for g), then ``* mul + add``.
            self._gate_scale = np.full(4 * h, 0.5, dtype=np.float32)
            self._gate_scale[2 * h : 3 * h] = 1.0
            self._gate_add = np.where(self._gate_scale == 1.0, 0.0, 0.5).astype(np.float32)
            self._gate_mul = self._gate_scale  # 0.5 for i, f, o; 1 for g
            # 2 × H × 4H, the scale folded in
            self._whh = np.ascontiguousarray(np.stack([w.T * self._gate_scale for w in whh]))
            width = 8 * h
        else:
            self.hidden = int(self._proj_b.shape[0])
            width = self.hidden
        self._out_w = np.ascontiguousarray(f32("out_w").T)
        self._out_b = f32("out_b")
        #: "log_softmax": per-token label log-probabilities (trained with cross-entropy);
        #: "crf": raw label scores of a network trained with its own CRF layer, whose
        #: transition scores are :attr:`transitions`.
        self.output = _text(arrays, "output", "log_softmax")
        self.transitions: F32 | None = f32("trans") if "trans" in arrays else None
        if self.output == "crf" and self.transitions is None:
            raise ValueError("a CRF-trained scorer needs its transition scores ('trans')")
        self._pad = max(self.dilations) if self.dilations else 1
        self._index: dict[str, int] = {}
        self._store = np.zeros((4096, width), dtype=np.float32)

    @classmethod
    def load(
        cls, path: Path, key: Callable[[str], str], attrs: Callable[[str], Sequence[str]]
    ) -> NeuralScorer:
        """Read the ``.npz`` (no pickles) written by the training script."""
        with np.load(path, allow_pickle=False) as z:
            return cls({k: z[k] for k in z.files}, key, attrs)

    @classmethod
    def random(
        cls, labels: Sequence[str], hidden: int = 8, seed: int = 0, *, arch: str = "cnn"
    ) -> NeuralScorer:
        """A scorer with random weights (for tests and examples)."""
        arrays = random_arrays(labels, hidden, seed, arch=arch)
        return cls(arrays, lambda w: w, lambda w: ("sh=A",))

    # -- per-word vectors ---------------------------------------------------------------

    def _word_vectors(self, words: Sequence[str]) -> F32:
        """Projected vectors of words not cached yet (one batch of matrix products)."""
        n = len(words)
        keys = [self._key(w) for w in words]
        unk = len(self._wemb) - 1
        wid = np.array([self._vocab.get(k, unk) for k in keys], dtype=np.intp)
        # Character CNN: chars of "^key$" (first MAX_CHARS), kernel 3 with zero padding, max.
        seqs = [[self._chars.get(c, 0) for c in ("^" + k + "$")[:MAX_CHARS]] for k in keys]
        width = max(len(s) for s in seqs)
        cid = np.zeros((n, width + 2), dtype=np.intp)
        for i, s in enumerate(seqs):
            cid[i, 1 : 1 + len(s)] = s
        valid = cid[:, 1:-1] != 0  # unknown characters count as padding, as in training
        ce = self._cemb[cid]  # n × (W+2) × 32, row 0 of cemb is the zero padding
        ce[:, 0] = 0.0
        ce[cid == 0] = 0.0
        x3 = np.concatenate([ce[:, :-2], ce[:, 1:-1], ce[:, 2:]], axis=2)  # n × W × 96
        conv = x3 @ self._cconv + self._cconv_b
        conv[~valid] = -1e4
        chars = conv.max(axis=1)
        bag = np.zeros((n, self._femb.shape[1]), dtype=np.float32)
        for i, w in enumerate(words):
            ids = [j for a in self._attrs(w) if (j := self._feats.get(a)) is not None]
            if ids:
                bag[i] = self._femb[ids].sum(axis=0)
        x = np.concatenate([self._wemb[wid], chars, bag], axis=1)
        out: F32 = x @ self._proj_w + self._proj_b
        if self.arch == "cnn":
            np.maximum(out, 0.0, out=out)
        return out

    def _rows(self, words: Sequence[str]) -> list[int]:
        index = self._index
        new = [w for w in dict.fromkeys(words) if w not in index]
        if new:
            if len(index) + len(new) > 500_000:  # bound memory in very long runs
                index.clear()
            start = len(index)
            need = start + len(new)
            if need > len(self._store):
                grown = np.zeros(
                    (max(need, 2 * len(self._store)), self._store.shape[1]), np.float32
                )
                grown[:start] = self._store[:start]
                self._store = grown
            self._store[start:need] = self._word_vectors(new)
            for i, w in enumerate(new):
                index[w] = start + i
        return [index[w] for w in words]

    # -- sentences ----------------------------------------------------------------------

    def log_probs(self, sents: Sequence[Sequence[str]]) -> list[F32]:
        """Per-token label scores (n × labels) of each sentence, computed in one pass.

        Log-probabilities for a scorer trained with cross-entropy (``output == "log_softmax"``);
        for one trained with its own CRF layer (``output == "crf"``) the raw label scores, to be
        decoded with :attr:`transitions`.
        """
        flat = [w for s in sents for w in s]
        if not flat:
            return [np.zeros((0, len(self.labels)), np.float32) for _ in sents]
        rows = self._rows(flat)
        if self.arch == "lstm":
            return self._lstm(sents, rows)
        return self._cnn(sents, rows)

    def _logits(self, x: F32) -> F32:
        logits: F32 = x @ self._out_w + self._out_b
        if self.output == "log_softmax":
            logits -= logits.max(axis=1, keepdims=True)
            logits -= np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return logits

    def _lstm(self, sents: Sequence[Sequence[str]], rows: list[int]) -> list[F32]:
        """Both LSTM directions of all sentences stepped together, in chunks of similar length.

        Sentences are sorted longest first and cut into chunks of :data:`LSTM_CHUNK`; within a
        chunk every step reads the input rows of the sentences still running (a prefix) by
        index and writes their outputs straight into the token rows: no padded copies.
        """
        h = self.hidden
        lengths = [len(s) for s in sents]
        starts = np.cumsum([0, *lengths])
        g = self._store[np.array(rows, dtype=np.intp)]  # tokens × 8H
        g[:, : 4 * h] *= self._gate_scale
        g[:, 4 * h :] *= self._gate_scale
        y = np.empty((len(rows), 2 * h), dtype=np.float32)
        order = sorted((i for i in range(len(sents)) if lengths[i]), key=lambda i: -lengths[i])
        for k in range(0, len(order), LSTM_CHUNK):
            chunk = order[k : k + LSTM_CHUNK]
            self._lstm_chunk(
                g, y, np.array([starts[i] for i in chunk]), [lengths[i] for i in chunk]
            )
        logits = self._logits(y)
        return [logits[starts[i] : starts[i + 1]] for i in range(len(sents))]

    def _lstm_chunk(self, g: F32, y: F32, first: npt.NDArray[np.intp], lengths: list[int]) -> None:
        """Run sentences (first token rows ``first``, ``lengths`` non-increasing) through both
        directions; outputs go to ``y`` (forward in the first H columns, backward in the rest)."""
        h = self.hidden
        b = len(lengths)
        last = first + np.array(lengths) - 1
        hcur = np.zeros((2, b, h), dtype=np.float32)
        c = np.zeros((2, b, h), dtype=np.float32)
        whh, mul, add = self._whh, self._gate_mul, self._gate_add
        if b == 1:
            self._lstm_one(g, y, int(first[0]), lengths[0])
            return
        active = b
        for t in range(lengths[0]):
            while lengths[active - 1] <= t:
                active -= 1
            fwd = first[:active] + t  # token rows the forward direction reads at step t
            bwd = last[:active] - t  # and the backward direction
            z = hcur[:, :active] @ whh
            z[0] += g[fwd, : 4 * h]
            z[1] += g[bwd, 4 * h :]
            np.tanh(z, out=z)
            z *= mul
            z += add  # now the gates i, f, g, o
            ca = c[:, :active]
            ca *= z[..., h : 2 * h]
            ca += z[..., :h] * z[..., 2 * h : 3 * h]
            hn = np.tanh(ca)
            hn *= z[..., 3 * h :]
            hcur[:, :active] = hn
            y[fwd, :h] = hn[0]
            y[bwd, h:] = hn[1]

    def _lstm_one(self, g: F32, y: F32, first: int, n: int) -> None:
        """:meth:`_lstm_chunk` for one sentence: its inputs copied once in step order, outputs
        kept per step and copied out at the end (fewer numpy calls per step)."""
        h = self.hidden
        x = np.empty((n, 2, 1, 4 * h), dtype=np.float32)
        x[:, 0, 0] = g[first : first + n, : 4 * h]
        x[:, 1, 0] = g[first : first + n, 4 * h :][::-1]
        hs = np.zeros((n + 1, 2, 1, h), dtype=np.float32)  # hs[t + 1]: outputs of step t
        c = np.zeros((2, 1, h), dtype=np.float32)
        whh, mul, add = self._whh, self._gate_mul, self._gate_add
        for t in range(n):
            z = hs[t] @ whh
            z += x[t]
            np.tanh(z, out=z)
            z *= mul
            z += add  # now the gates i, f, g, o
            c *= z[..., h : 2 * h]
            c += z[..., :h] * z[..., 2 * h : 3 * h]
            hn = hs[t + 1]
            np.tanh(c, out=hn)
            hn *= z[..., 3 * h :]
        y[first : first + n, :h] = hs[1:, 0, 0]
        y[first : first + n, h:] = hs[n:0:-1, 1, 0]

    def _cnn(self, sents: Sequence[Sequence[str]], rows: list[int]) -> list[F32]:
        """Residual dilated convolutions over all sentences at once (padding between them)."""
        pad = self._pad
        total = pad + sum(len(s) + pad for s in sents)
        x = np.zeros((total, self.hidden), dtype=np.float32)
        keep = np.zeros((total, 1), dtype=np.float32)
        spans = []
        pos, k = pad, 0
        idx = np.array(rows, dtype=np.intp)
        for s in sents:
            n = len(s)
            x[pos : pos + n] = self._store[idx[k : k + n]]
            keep[pos : pos + n] = 1.0
            spans.append((pos, pos + n))
            pos += n + pad
            k += n
        h = self.hidden
        for (wcat, b), d in zip(self._convs, self.dilations, strict=True):
            y = x @ wcat  # total × 3H: the taps for x[t-d], x[t], x[t+d]
            z = y[:, h : 2 * h] + b
            z[d:] += y[:-d, :h]
            z[:-d] += y[d:, 2 * h :]
            x = x + np.maximum(z, 0.0) * keep
        logits = self._logits(x)
        return [logits[a:b] for a, b in spans]


def _text(arrays: Mapping[str, npt.NDArray[np.generic]], name: str, default: str) -> str:
    """A string setting stored as a 0-d or one-element array (``default`` when absent).

    >>> _text({"arch": np.array(["lstm"])}, "arch", "cnn"), _text({}, "arch", "cnn")
    ('lstm', 'cnn')
    """
    if name not in arrays:
        return default
    return str(np.asarray(arrays[name]).reshape(-1)[0])


def dequantize_rows(q: npt.NDArray[np.generic], scale: npt.NDArray[np.generic]) -> F32:
    """int8 rows times their float16 scale, as float32 (the shipped word vectors).

    >>> dequantize_rows(np.array([[127, -64]], np.int8), np.array([0.5], np.float16)).tolist()
    [[63.5, -32.0]]
    """
    out: F32 = q.astype(np.float32) * scale.astype(np.float32)[:, None]
    return out


def random_arrays(
    labels: Sequence[str], hidden: int = 8, seed: int = 0, *, arch: str = "cnn"
) -> dict[str, npt.NDArray[np.generic]]:
    """Random weights in the ``.npz`` layout (for tests and examples).

    ``arch="lstm"`` gives a BiLSTM encoder with a CRF output layer (``trans``).

    >>> sorted(random_arrays(["O"]))[:3]
    ['cconv_b', 'cconv_w', 'cemb']
    >>> random_arrays(["O"], 4, arch="lstm")["lstm_whh_f"].shape
    (16, 4)
    """
    rng = np.random.default_rng(seed)
    d, f, h = 6, 5, hidden

    def r(*shape: int) -> F32:
        return rng.standard_normal(shape).astype(np.float32) * 0.3

    arrays: dict[str, npt.NDArray[np.generic]] = {
        "labels": np.array(labels),
        "vocab": np.array(["روس"]),
        "wemb": r(2, d).astype(np.float16),
        "chars": np.array(list("روسنےکہا^$")),
        "cemb": r(11, 32),
        "cconv_w": r(f, 32, 3),
        "cconv_b": r(f),
        "feats": np.array(["sh=A"]),
        "femb": r(2, 32),
    }
    if arch == "lstm":
        return arrays | {
            "arch": np.array("lstm"),
            "output": np.array("crf"),
            "proj_w": r(8 * h, d + f + 32),
            "proj_b": r(8 * h),
            "lstm_whh_f": r(4 * h, h),
            "lstm_whh_b": r(4 * h, h),
            "out_w": r(len(labels), 2 * h),
            "out_b": r(len(labels)),
            "trans": r(len(labels), len(labels)),
        }
    return arrays | {
        "proj_w": r(h, d + f + 32),
        "proj_b": r(h),
        "dilations": np.array([1, 2]),
        "conv0_w": r(h, h, 3),
        "conv0_b": r(h),
        "conv1_w": r(h, h, 3),
        "conv1_b": r(h),
        "out_w": r(len(labels), h),
        "out_b": r(len(labels)),
    }
