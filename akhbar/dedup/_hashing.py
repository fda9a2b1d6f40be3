"""Stable, vectorised 64-bit hashing of strings and word n-grams (no ``hash()``, no PYTHONHASHSEED).

All constants come from the SplitMix64 sequence of fixed seeds, so hashes are identical across
processes, machines and numpy versions.  Strings are hashed all at once: their UTF-32 code points
are laid end to end in one array, each is multiplied by a random odd 64-bit coefficient of its
position, the products are summed per string (``add.reduceat``, a multilinear hash) and mixed
with the SplitMix64 finaliser.  A word n-gram hashes its words' hashes the same way.
Text repeats its words (Zipf), so each distinct string is hashed once per call
(:func:`hash_words`): a dict maps every string to its first position, in C.

>>> h = hash_strings(["ایک", "دو", "ایک", ""])
>>> h.dtype.name, bool(h[0] == h[2]), bool(h[0] == h[1]), bool(h[3] == hash_strings([""])[0])
('uint64', True, False, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import count

import numpy as np
import numpy.typing as npt

__all__ = ["U64", "constants", "hash_strings", "hash_words", "ngram_hashes", "splitmix64"]

U64 = npt.NDArray[np.uint64]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def splitmix64(x: U64) -> U64:
    """The SplitMix64 finaliser, a bijective 64-bit mixer, applied element-wise (returns a copy).

    >>> splitmix64(np.array([0, 1], dtype=np.uint64)).tolist()
    [0, 6238072747940578789]
    """
    return _mix(x.astype(np.uint64, copy=True))


def _mix(z: U64) -> U64:
    """:func:`splitmix64` in place (``z`` is overwritten and returned)."""
    z ^= z >> np.uint64(30)
    z *= np.uint64(0xBF58476D1CE4E5B9)
    z ^= z >> np.uint64(27)
    z *= np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    return z


def constants(seed: int, count: int) -> U64:
    """``count`` pseudo-random 64-bit constants: the SplitMix64 sequence from ``seed``.

    >>> constants(7, 3).tolist() == constants(7, 5)[:3].tolist()
    True
    """
    with np.errstate(over="ignore"):
        base = np.uint64(seed & 0xFFFFFFFFFFFFFFFF)
        steps = np.arange(1, count + 1, dtype=np.uint64) * _GOLDEN
        return splitmix64(steps + base)


_MAX_POS = 1 << 12
_POS_COEF = constants(0xA4B5A4, _MAX_POS) | np.uint64(1)
_LEN_SALT = constants(0x1E9, 1)[0]
_NGRAM_COEF = constants(0x96A3, 64) | np.uint64(1)


def hash_strings(strings: Sequence[str]) -> U64:
    """Hash every string to a stable 64-bit integer, vectorised over the whole list.

    Different strings collide with probability about 2**-40 or less (multilinear hashing of
    21-bit code points with random odd coefficients, then a bijective mixer).  Positions past
    4096 reuse coefficients, which only weakens the hash of very long strings.

    >>> hash_strings([]).shape
    (0,)
    >>> bool(hash_strings(["ab"])[0] != hash_strings(["ba"])[0])
    True
    """
    return hash_words(strings, len(strings))


def hash_words(words: Iterable[str], n: int) -> U64:
    """:func:`hash_strings` of the ``n`` strings ``words`` yields (any iterable, e.g. a chain of
    documents' word lists): each distinct string is hashed once.

    >>> h = hash_words(iter(["ایک", "دو", "ایک"]), 3)
    >>> h.tolist() == hash_strings(["ایک", "دو", "ایک"]).tolist(), bool(h[0] == h[2])
    (True, True)
    """
    index: dict[str, int] = {}
    # Position of each string's first occurrence (setdefault keeps the first count value).
    first = np.fromiter(map(index.setdefault, words, count()), dtype=np.intp, count=n)
    distinct = _hash_distinct(list(index))
    if len(index) == n:  # no repeats: the distinct strings are the input, in order
        return distinct
    table = np.empty(n, dtype=np.uint64)
    table[np.fromiter(index.values(), dtype=np.intp, count=len(index))] = distinct
    return table[first]


def _hash_distinct(strings: Sequence[str]) -> U64:
    """The vectorised multilinear hash of every string of ``strings``."""
    n = len(strings)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer("".join(strings).encode("utf-32-le"), dtype="<u4")
    lengths = np.fromiter(map(len, strings), dtype=np.intp, count=n)
    starts = np.zeros(n, dtype=np.intp)
    np.cumsum(lengths[:-1], out=starts[1:])
    h = lengths.astype(np.uint64) * _LEN_SALT
    if codes.size:
        pos = np.arange(codes.size, dtype=np.intp) - np.repeat(starts, lengths)
        pos &= _MAX_POS - 1
        products = codes * _POS_COEF[pos]
        nonempty = lengths > 0
        h[nonempty] ^= np.add.reduceat(products, starts[nonempty])
    return splitmix64(h)


def ngram_hashes(
    token_hashes: U64, offsets: npt.NDArray[np.intp], n: int
) -> tuple[U64, npt.NDArray[np.intp]]:
    """Hashes of the word ``n``-grams of many documents at once.

    Document ``i`` owns ``token_hashes[offsets[i]:offsets[i + 1]]``; n-grams never cross
    documents.  A document with fewer than ``n`` (but some) tokens yields one shingle of all
    its tokens.  Returns the concatenated n-gram hashes and their offsets.

    >>> t = hash_strings(["a", "b", "c", "d", "x"])
    >>> h, off = ngram_hashes(t, np.array([0, 4, 5, 5]), 3)
    >>> off.tolist(), len(set(h.tolist()))
    ([0, 2, 3, 3], 3)
    """
    if not 1 <= n <= _NGRAM_COEF.size:
        raise ValueError(f"n must be in 1..{_NGRAM_COEF.size}, got {n}")
    sizes = np.diff(offsets)
    total = token_hashes.size
    # acc[i] = sum_j token_hashes[i + j] * C_j over the j that stay inside the array.
    acc = token_hashes * _NGRAM_COEF[0]
    for j in range(1, min(n, total)):
        acc[: total - j] += token_hashes[j:] * _NGRAM_COEF[j]
    counts = np.where(sizes >= n, sizes - n + 1, np.minimum(sizes, 1))
    out_offsets = np.zeros(len(sizes) + 1, dtype=np.intp)
    np.cumsum(counts, out=out_offsets[1:])
    short = (sizes > 0) & (sizes < n)
    if not short.any() and offsets[0] == 0 and offsets[-1] == total:
        # Every n-gram start but the last n - 1 positions of each document.
        keep = np.ones(total, dtype=np.bool_)
        ends = offsets[1:][sizes > 0]
        for j in range(1, n):
            keep[ends - j] = False
        grams = acc[keep]
    else:
        starts = np.repeat(offsets[:-1], counts) + (
            np.arange(int(out_offsets[-1]), dtype=np.intp) - np.repeat(out_offsets[:-1], counts)
        )
        grams = acc[starts]
        # Recompute short documents' single shingle from their own tokens only.  (No loop
        # when there are none: the mask above is the fast way for that case.)
        for d in np.flatnonzero(short):
            lo, hi = int(offsets[d]), int(offsets[d + 1])
            grams[out_offsets[d]] = token_hashes[lo:hi] @ _NGRAM_COEF[: hi - lo]
    grams ^= np.uint64((n * int(_LEN_SALT)) & 0xFFFFFFFFFFFFFFFF)
    return _mix(grams), out_offsets
