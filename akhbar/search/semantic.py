"""Distributional word vectors for search: which analyzer terms are used alike in Urdu news.

The vectors (``data/search_vectors.*``, trained by ``scripts/train_search_vectors.py``: PPMI of
co-occurrence within a few terms in the shared news, truncated SVD, unit rows, float16) are
loaded once, on first use, and checked against the SHA-256 sums their card states.  Search uses
them only when a :class:`~akhbar.search.engine.SearchConfig` setting asks for it
(``expand_neighbours``): each free-text word of a query then also looks, weighted low, for the
words closest to it (:func:`neighbours`).  Measured on the retrieval dev set
(benchmarks/RETRIEVAL.md); off by default.

>>> vs = WordVectors(["ڈالر", "روپے", "بارش"],
...                  np.array([[1, 0], [0.8, 0.6], [0, 1]], dtype=np.float16))
>>> [(w, round(s, 2)) for w, s in vs.neighbours("ڈالر", 2)]
[('روپے', 0.8), ('بارش', 0.0)]
>>> [w for w, _ in vs.neighbours("ڈالر", 2, min_similarity=0.5)]
['روپے']
>>> vs.neighbours("سونا", 2)
[]
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["DATA", "VectorsError", "WordVectors", "load_vectors", "word_vectors"]

#: Where the shipped vectors are.
DATA = Path(__file__).resolve().parent / "data"
_STEM = "search_vectors"


class VectorsError(RuntimeError):
    """The word vectors are missing, damaged or inconsistent (the message says which file)."""


class WordVectors:
    """Terms and their unit-length vectors (rows of ``matrix``, in ``words`` order)."""

    def __init__(self, words: Sequence[str], matrix: np.ndarray) -> None:
        if matrix.ndim != 2 or matrix.shape[0] != len(words):
            raise VectorsError(
                f"{len(words)} words but a matrix of shape {matrix.shape} (one row a word)"
            )
        self.words = tuple(words)
        self.index = {w: i for i, w in enumerate(self.words)}
        #: float32 for the products (float16 on disk).
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        self._cache: dict[tuple[str, int, float], list[tuple[str, float]]] = {}

    @property
    def dims(self) -> int:
        """Dimensions of a vector."""
        return int(self.matrix.shape[1])

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def neighbours(
        self, word: str, k: int, min_similarity: float = -1.0
    ) -> list[tuple[str, float]]:
        """The ``k`` words most similar to ``word`` (cosine, best first, the word itself left
        out) with a similarity of at least ``min_similarity``; none for an unknown word.
        Cached per word (a query's words repeat across queries)."""
        key = (word, k, min_similarity)
        found = self._cache.get(key)
        if found is not None:
            return found
        i = self.index.get(word)
        out: list[tuple[str, float]] = []
        if i is not None and k > 0:
            sims = self.matrix @ self.matrix[i]
            sims[i] = -np.inf
            k = min(k, len(self.words) - 1)
            top = np.argpartition(-sims, k - 1)[:k] if k > 0 else np.array([], dtype=np.int64)
            top = top[np.argsort(-sims[top], kind="stable")]
            out = [
                (self.words[j], float(sims[j])) for j in top.tolist() if sims[j] >= min_similarity
            ]
        if len(self._cache) > 1 << 16:
            self._cache.clear()
        self._cache[key] = out
        return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_vectors(folder: Path = DATA) -> WordVectors:
    """The vectors in ``folder`` (``search_vectors.{npy,txt,json}``), checked against the
    card's SHA-256 sums and sizes."""
    card_path = folder / f"{_STEM}.json"
    npy, txt = folder / f"{_STEM}.npy", folder / f"{_STEM}.txt"
    for p in (card_path, npy, txt):
        if not p.is_file():
            raise VectorsError(
                f"{p}: missing (train it with `make train-search-vectors`, or leave "
                "SearchConfig.expand_neighbours at 0)"
            )
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        sums = card["sha256"]
    except (ValueError, KeyError, TypeError) as e:
        raise VectorsError(f"{card_path}: not a vectors card ({e})") from None
    for p in (npy, txt):
        if _sha256(p) != sums.get(p.name):
            raise VectorsError(f"{p}: SHA-256 differs from {card_path.name} (damaged or stale)")
    matrix = np.load(npy, allow_pickle=False)
    words = txt.read_text(encoding="utf-8").split("\n")
    if words and words[-1] == "":
        words.pop()
    if matrix.shape != (card.get("words"), card.get("dims")):
        raise VectorsError(
            f"{npy}: shape {matrix.shape}, the card says {card.get('words')} x {card.get('dims')}"
        )
    return WordVectors(words, matrix)


_LOADED: list[WordVectors] = []
_LOCK = threading.Lock()


def word_vectors() -> WordVectors:
    """The shipped vectors, loaded once per process."""
    with _LOCK:
        if not _LOADED:
            _LOADED.append(load_vectors())
        return _LOADED[0]
