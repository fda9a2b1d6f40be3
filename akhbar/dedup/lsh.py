"""Locality-sensitive hashing over MinHash signatures: banding parameters, band keys, an index.

A signature of ``bands * rows`` values is cut into ``bands`` bands; two articles become
candidates when all ``rows`` values of at least one band agree, which happens with probability
``1 - (1 - s**rows)**bands`` for Jaccard similarity ``s``.  :func:`band_keys` is a pure function
so that the SQLite store can persist ``(band, key, article)`` rows and find candidates across
ingest runs; :class:`LSHIndex` does the same in memory.

>>> import numpy as np
>>> idx = LSHIndex(bands=2, rows=2)
>>> idx.add("a", np.array([1, 2, 3, 4], dtype=np.uint32))
>>> idx.query(np.array([1, 2, 9, 9], dtype=np.uint32))
['a']
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from akhbar.dedup._hashing import constants, splitmix64

__all__ = [
    "EMPTY_VALUE",
    "LSHIndex",
    "band_keys",
    "band_keys_many",
    "candidate_probability",
    "optimal_params",
]

EMPTY_VALUE = 0xFFFFFFFF  # every slot of the signature of an empty shingle set
_ROW_COEF = constants(0xBA4D, 1024) | np.uint64(1)
_BAND_SALT = constants(0x5A17, 1)[0]
_GRID = 1001  # integration points on [0, 1]


def candidate_probability(s: float, bands: int, rows: int) -> float:
    """Probability that two sets of Jaccard ``s`` share at least one band.

    >>> round(candidate_probability(0.7, 14, 9), 3)
    0.438
    """
    return float(1.0 - (1.0 - s**rows) ** bands)


@lru_cache(maxsize=64)
def optimal_params(
    threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5
) -> tuple[int, int]:
    """``(bands, rows)`` with ``bands * rows <= num_perm`` minimising the weighted error area.

    The false-positive area is the candidate probability integrated over ``[0, threshold]``,
    the false-negative area is its complement integrated over ``[threshold, 1]`` (the standard
    computation, as in datasketch's ``_optimal_param``; trapezoid rule, all pairs at once).

    >>> optimal_params(0.5, 128)
    (25, 5)
    >>> optimal_params(0.9, 128)
    (5, 25)
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be in (0, 1), got {threshold}")
    bs, rs = [], []
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            bs.append(b)
            rs.append(r)
    b_arr = np.array(bs, dtype=np.float64)[:, None]
    r_arr = np.array(rs, dtype=np.float64)[:, None]

    def area(lo: float, hi: float, false_negative: bool) -> npt.NDArray[np.float64]:
        n = max(2, round((hi - lo) * (_GRID - 1)) + 1)
        s = np.linspace(lo, hi, n)[None, :]
        p = 1.0 - (1.0 - s**r_arr) ** b_arr
        y = 1.0 - p if false_negative else p
        return np.asarray(np.trapezoid(y, s, axis=1), dtype=np.float64)

    error = fp_weight * area(0.0, threshold, False) + fn_weight * area(threshold, 1.0, True)
    best = int(np.argmin(error))  # first minimum: fewest bands among ties, deterministic
    return bs[best], rs[best]


def band_keys(sig: npt.NDArray[np.uint32], bands: int, rows: int) -> list[tuple[int, int]]:
    """The ``(band, key)`` pairs of a signature; ``key`` is a signed 64-bit int (SQLite INTEGER).

    Pure and stable across processes.  The signature of an empty text has no band keys, so
    empty articles never become near-duplicate candidates (exact hashing still groups them).

    >>> sig = np.arange(8, dtype=np.uint32)
    >>> ks = band_keys(sig, 2, 4)
    >>> [b for b, _ in ks], ks == band_keys(sig.copy(), 2, 4)
    ([0, 1], True)
    >>> band_keys(np.full(8, EMPTY_VALUE, dtype=np.uint32), 2, 4)
    []
    """
    if bands * rows > sig.shape[0]:
        raise ValueError(f"{bands} bands x {rows} rows need {bands * rows} values, got {len(sig)}")
    if rows > _ROW_COEF.shape[0]:
        raise ValueError(f"rows must be <= {_ROW_COEF.shape[0]}")
    if bool(np.all(sig == EMPTY_VALUE)):
        return []
    m = sig[: bands * rows].astype(np.uint64).reshape(bands, rows)
    folded = m @ _ROW_COEF[:rows]
    folded ^= np.arange(bands, dtype=np.uint64) * _BAND_SALT
    keys = splitmix64(folded).view(np.int64).tolist()
    return list(enumerate(keys))


def band_keys_many(
    sigs: npt.NDArray[np.uint32], bands: int, rows: int
) -> list[list[tuple[int, int]]]:
    """:func:`band_keys` of every row of a ``(n, num_perm)`` signature matrix, in one pass.

    >>> sigs = np.stack([np.arange(8, dtype=np.uint32), np.full(8, EMPTY_VALUE, np.uint32)])
    >>> many = band_keys_many(sigs, 2, 4)
    >>> many == [band_keys(sigs[0], 2, 4), []]
    True
    """
    if sigs.ndim != 2:
        raise ValueError(f"expected a 2-d signature matrix, got shape {sigs.shape}")
    if bands * rows > sigs.shape[1]:
        raise ValueError(
            f"{bands} bands x {rows} rows need {bands * rows} values, got {sigs.shape[1]}"
        )
    if rows > _ROW_COEF.shape[0]:
        raise ValueError(f"rows must be <= {_ROW_COEF.shape[0]}")
    n = sigs.shape[0]
    if n == 0:
        return []
    m = sigs[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    folded = m @ _ROW_COEF[:rows]
    folded ^= np.arange(bands, dtype=np.uint64) * _BAND_SALT
    keys = splitmix64(folded).view(np.int64).tolist()
    empty = np.all(sigs == EMPTY_VALUE, axis=1).tolist()
    band_ids = range(bands)
    return [
        [] if e else list(zip(band_ids, k, strict=True)) for e, k in zip(empty, keys, strict=True)
    ]


class LSHIndex:
    """In-memory LSH index: article ids under their band keys, plus their signatures.

    ``query`` returns candidates in the order they were added (deterministic), without
    verification; :mod:`akhbar.dedup.cluster` verifies them by estimated Jaccard.
    """

    def __init__(self, bands: int, rows: int) -> None:
        self.bands = bands
        self.rows = rows
        self._buckets: dict[tuple[int, int], list[Hashable]] = {}
        self._sigs: dict[Hashable, npt.NDArray[np.uint32]] = {}
        self._order: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: object) -> bool:
        return key in self._sigs

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._sigs)

    def signature(self, key: Hashable) -> npt.NDArray[np.uint32]:
        """The signature stored for ``key``."""
        return self._sigs[key]

    def add(self, key: Hashable, sig: npt.NDArray[np.uint32]) -> None:
        """Index ``sig`` under ``key`` (ids must be unique)."""
        if key in self._sigs:
            raise KeyError(f"{key!r} is already in the index")
        self._order[key] = len(self._order)
        self._sigs[key] = sig
        for bk in band_keys(sig, self.bands, self.rows):
            self._buckets.setdefault(bk, []).append(key)

    def query(self, sig: npt.NDArray[np.uint32]) -> list[Hashable]:
        """Ids sharing at least one band with ``sig``, in insertion order."""
        found: set[Hashable] = set()
        for bk in band_keys(sig, self.bands, self.rows):
            found.update(self._buckets.get(bk, ()))
        return sorted(found, key=self._order.__getitem__)
