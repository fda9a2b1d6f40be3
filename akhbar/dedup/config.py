"""One settings object for near-duplicate detection, shared by batch dedup and the store.

The defaults were chosen by measurement (``benchmarks/DEDUP.md``): word 3-grams of match keys,
128 permutations, Jaccard threshold 0.7, and the LSH banding that minimises the equally
weighted false-positive + false-negative area for that threshold.

>>> c = DedupConfig()
>>> c.ngram, c.num_perm, c.threshold, (c.bands, c.rows)
(3, 128, 0.7, (14, 9))
>>> DedupConfig(threshold=0.8).bands_rows
(9, 13)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from akhbar.dedup.lsh import optimal_params

__all__ = ["DedupConfig"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupConfig:
    """Parameters of shingling, MinHash, LSH and clustering.

    Signatures and band keys are only comparable between articles processed with the same
    ``ngram``, ``num_perm``, ``seed``, ``bands`` and ``rows``: a store should persist
    :meth:`fingerprint` and recompute everything if it changes.
    """

    ngram: int = 3
    num_perm: int = 128
    threshold: float = 0.7
    seed: int = 1
    fp_weight: float = 0.5
    fn_weight: float = 0.5
    bands: int = field(init=False)
    rows: int = field(init=False)

    def __post_init__(self) -> None:
        if self.ngram < 1:
            raise ValueError(f"ngram must be >= 1, got {self.ngram}")
        if not 1 <= self.num_perm <= 1024:
            raise ValueError(f"num_perm must be in 1..1024, got {self.num_perm}")
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1), got {self.threshold}")
        b, r = optimal_params(self.threshold, self.num_perm, self.fp_weight, self.fn_weight)
        object.__setattr__(self, "bands", b)
        object.__setattr__(self, "rows", r)

    @property
    def bands_rows(self) -> tuple[int, int]:
        """``(bands, rows)`` of the LSH banding."""
        return self.bands, self.rows

    def fingerprint(self) -> str:
        """A short string naming everything that signatures and band keys depend on.

        >>> DedupConfig().fingerprint()
        'minhash-v1:ngram=3:perm=128:seed=1:bands=14x9'
        """
        return (
            f"minhash-v1:ngram={self.ngram}:perm={self.num_perm}:seed={self.seed}"
            f":bands={self.bands}x{self.rows}"
        )
