"""Exact and near-duplicate detection for articles (issue 3).

* :func:`exact_hash` — hash of the canonical (normalized, punctuation-insensitive) word sequence.
* :func:`text_signature` / :func:`signatures` — vectorised MinHash over word n-grams of the
  analyzer's match keys; :func:`band_keys` — the LSH ``(band, key)`` rows a store persists;
  :func:`estimate_jaccard`; :class:`LSHIndex` in memory.
* :func:`decide` / :class:`Clusterer` — verified clustering with the earliest article canonical.
* :class:`DedupConfig` — every parameter, defaults chosen by measurement (benchmarks/DEDUP.md).

>>> cfg = DedupConfig()
>>> a = text_signature("ایک دو تین چار پانچ", cfg)
>>> len(band_keys(a, cfg.bands, cfg.rows)) == cfg.bands
True
"""

from akhbar.dedup.analyzer import shingles, words
from akhbar.dedup.cluster import Candidate, Clusterer, Decision, decide
from akhbar.dedup.config import DedupConfig
from akhbar.dedup.exact import canonical_text, exact_hash, hash_terms
from akhbar.dedup.lsh import (
    LSHIndex,
    band_keys,
    band_keys_many,
    candidate_probability,
    optimal_params,
)
from akhbar.dedup.minhash import (
    Signature,
    estimate_jaccard,
    shingle_hashes,
    signature,
    signature_from_bytes,
    signature_to_bytes,
    signatures,
    signatures_from_hashes,
    text_signature,
)

__all__ = [
    "Candidate",
    "Clusterer",
    "Decision",
    "DedupConfig",
    "LSHIndex",
    "Signature",
    "band_keys",
    "band_keys_many",
    "candidate_probability",
    "canonical_text",
    "decide",
    "estimate_jaccard",
    "exact_hash",
    "hash_terms",
    "optimal_params",
    "shingle_hashes",
    "shingles",
    "signature",
    "signature_from_bytes",
    "signature_to_bytes",
    "signatures",
    "signatures_from_hashes",
    "text_signature",
    "words",
]
