"""Numpy inference for the NER model's neural scorer (trained with torch, shipped as ``.npz``).

The scorer turns every word into a vector once (cached per distinct word): its embedding (a
vocabulary of the shared news, initialised from PPMI-SVD vectors and tuned on IL-NER), a
character CNN over its matching key, and a bag of its word-class / shape attributes, projected to
``H`` dimensions.  A sentence is then encoded by a few residual dilated convolutions (kernel 3)
and a linear layer gives per-token label log-probabilities.  All of it is matrix products over
whole batches of sentences, so numpy is fast without torch.  :class:`akhbar.entities.ner.Recognizer`
adds ``weight`` × these log-probabilities to the CRF's emission scores before its Viterbi.

Arrays in the ``.npz`` (float32 unless said; written by ``scripts/train_ner.py``):
``vocab`` (str), ``wemb`` (V+1 × D, last row unknown word), ``chars`` (str), ``cemb``
(C+1 × 32), ``cconv_w`` (F × 32 × 3), ``cconv_b``, ``feats`` (str), ``femb`` (A+1 × 32),
``proj_w`` (H × D+F+32), ``proj_b``, ``conv{i}_w`` (H × H × 3), ``conv{i}_b``, ``dilations``
(int), ``out_w`` (labels × H), ``out_b``, ``labels`` (str).

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

__all__ = ["FEATURE_PREFIXES", "MAX_CHARS", "NeuralScorer", "random_arrays"]

F32 = npt.NDArray[np.float32]
MAX_CHARS = 24
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
        self._wemb = f32("wemb")
        self._cemb = f32("cemb")
        cw = f32("cconv_w")  # F × 32 × 3 (torch Conv1d layout)
        self._cconv = np.ascontiguousarray(np.concatenate([cw[:, :, k].T for k in range(3)], 0))
        self._cconv_b = f32("cconv_b")
        self._femb = f32("femb")
        self._proj_w = np.ascontiguousarray(f32("proj_w").T)
        self._proj_b = f32("proj_b")
        self.dilations = [int(d) for d in arrays["dilations"]]
        self._convs: list[tuple[F32, F32]] = []
        for i in range(len(self.dilations)):
            w = f32(f"conv{i}_w")  # H × H × 3
            wcat = np.ascontiguousarray(np.concatenate([w[:, :, k].T for k in range(3)], 1))
            self._convs.append((wcat, f32(f"conv{i}_b")))
        self._out_w = np.ascontiguousarray(f32("out_w").T)
        self._out_b = f32("out_b")
        self.hidden = int(self._proj_b.shape[0])
        self._pad = max(self.dilations) if self.dilations else 1
        self._index: dict[str, int] = {}
        self._store = np.zeros((4096, self.hidden), dtype=np.float32)

    @classmethod
    def load(
        cls, path: Path, key: Callable[[str], str], attrs: Callable[[str], Sequence[str]]
    ) -> NeuralScorer:
        """Read the ``.npz`` (no pickles) written by the training script."""
        with np.load(path, allow_pickle=False) as z:
            return cls({k: z[k] for k in z.files}, key, attrs)

    @classmethod
    def random(cls, labels: Sequence[str], hidden: int = 8, seed: int = 0) -> NeuralScorer:
        """A scorer with random weights (for tests and examples)."""
        return cls(random_arrays(labels, hidden, seed), lambda w: w, lambda w: ("sh=A",))

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
        out: F32 = np.maximum(x @ self._proj_w + self._proj_b, 0.0)
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
                grown = np.zeros((max(need, 2 * len(self._store)), self.hidden), np.float32)
                grown[:start] = self._store[:start]
                self._store = grown
            self._store[start:need] = self._word_vectors(new)
            for i, w in enumerate(new):
                index[w] = start + i
        return [index[w] for w in words]

    # -- sentences ----------------------------------------------------------------------

    def log_probs(self, sents: Sequence[Sequence[str]]) -> list[F32]:
        """Label log-probabilities (n × labels) of each sentence, computed in one pass."""
        pad = self._pad
        flat = [w for s in sents for w in s]
        if not flat:
            return [np.zeros((0, len(self.labels)), np.float32) for _ in sents]
        rows = self._rows(flat)
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
        logits = x @ self._out_w + self._out_b
        logits -= logits.max(axis=1, keepdims=True)
        logits -= np.log(np.exp(logits).sum(axis=1, keepdims=True))
        return [logits[a:b] for a, b in spans]


def random_arrays(
    labels: Sequence[str], hidden: int = 8, seed: int = 0
) -> dict[str, npt.NDArray[np.generic]]:
    """Random weights in the ``.npz`` layout (for tests and examples).

    >>> sorted(random_arrays(["O"]))[:3]
    ['cconv_b', 'cconv_w', 'cemb']
    """
    rng = np.random.default_rng(seed)
    d, f, h = 6, 5, hidden

    def r(*shape: int) -> F32:
        return rng.standard_normal(shape).astype(np.float32) * 0.3

    return {
        "labels": np.array(labels),
        "vocab": np.array(["روس"]),
        "wemb": r(2, d).astype(np.float16),
        "chars": np.array(list("روسنےکہا^$")),
        "cemb": r(11, 32),
        "cconv_w": r(f, 32, 3),
        "cconv_b": r(f),
        "feats": np.array(["sh=A"]),
        "femb": r(2, 32),
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
