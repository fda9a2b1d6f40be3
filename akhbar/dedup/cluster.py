"""Near-duplicate clusters: verify LSH candidates, pick the canonical (earliest added) article.

:func:`decide` is the pure decision the SQLite store calls per new article, with the candidates
it found through its ``(band, key, article)`` rows; :class:`Clusterer` runs the same decision
in memory over an :class:`~akhbar.dedup.lsh.LSHIndex` for batch use and tests.

A new article joins every cluster holding a candidate whose estimated Jaccard is at least the
threshold; if it links several clusters they merge (single linkage), and the canonical of the
merged cluster is the earliest added article among them.  The cluster id is its canonical's id.

>>> from akhbar.dedup.minhash import text_signature
>>> c = Clusterer()
>>> body = "وزیراعظم نے آج اسلام آباد میں کابینہ کے خصوصی اجلاس کی صدارت کی اور اہم فیصلے کیے"
>>> c.add("geo-1", text_signature(body)), c.add("samaa-7", text_signature(body + " ۔"))
('geo-1', 'geo-1')
>>> c.add("other", text_signature("بارش کا امکان ہے")), c.clusters()
('other', {'geo-1': ['geo-1', 'samaa-7'], 'other': ['other']})
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import NamedTuple

from akhbar.dedup.config import DedupConfig
from akhbar.dedup.lsh import LSHIndex
from akhbar.dedup.minhash import Signature, estimate_jaccard

__all__ = ["Candidate", "Clusterer", "Decision", "decide"]


class Candidate(NamedTuple):
    """An already-stored article that shares an LSH band with the new one."""

    article: str  # its id
    signature: Signature
    cluster: str  # id of its cluster's canonical article
    cluster_seq: int  # insertion sequence of that canonical (smaller = added earlier)


class Decision(NamedTuple):
    """Where a new article goes."""

    cluster: str  # canonical id of the cluster it joins (its own id if it matches nothing)
    merge: tuple[str, ...]  # other cluster ids the store must relabel to ``cluster``
    matches: tuple[tuple[str, float], ...]  # verified candidates and their estimated Jaccard


def decide(
    article: str, sig: Signature, candidates: Iterable[Candidate], threshold: float
) -> Decision:
    """Verify ``candidates`` by estimated Jaccard ≥ ``threshold`` and choose the cluster.

    The new article is the latest added, so the canonical is the earliest canonical among the
    matched clusters; ties on ``cluster_seq`` break by cluster id (deterministic).

    >>> import numpy as np
    >>> s = np.arange(8, dtype=np.uint32)
    >>> half = np.array([0, 1, 2, 3, 9, 9, 9, 9], dtype=np.uint32)
    >>> cands = [Candidate("b", s, "b", 5), Candidate("a", s, "a", 2), Candidate("c", half, "c", 1)]
    >>> decide("new", s, cands, 0.7)
    Decision(cluster='a', merge=('b',), matches=(('b', 1.0), ('a', 1.0)))
    >>> decide("new", s, [], 0.7).cluster
    'new'
    """
    matches: list[tuple[str, float]] = []
    clusters: dict[str, int] = {}
    for cand in candidates:
        if cand.article == article:
            continue
        j = estimate_jaccard(sig, cand.signature)
        if j >= threshold:
            matches.append((cand.article, j))
            clusters[cand.cluster] = cand.cluster_seq
    if not clusters:
        return Decision(article, (), tuple(matches))
    ordered = sorted(clusters, key=lambda c: (clusters[c], c))
    return Decision(ordered[0], tuple(ordered[1:]), tuple(matches))


class Clusterer:
    """In-memory incremental near-duplicate clustering (add articles in ingest order).

    ``threshold`` and the LSH banding come from ``config``
    (:class:`~akhbar.dedup.config.DedupConfig`).
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        self.index = LSHIndex(self.config.bands, self.config.rows)
        self._seq: dict[str, int] = {}
        self._parent: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._seq)

    def cluster_of(self, article: str) -> str:
        """The canonical id of the cluster holding ``article``."""
        root = article
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[article] != root:  # path compression
            self._parent[article], article = root, self._parent[article]
        return root

    def add(self, article: str, sig: Signature) -> str:
        """Add an article (ids unique, in ingest order); return its cluster's canonical id."""
        if article in self._seq:
            raise KeyError(f"{article!r} was already added")
        found: list[Hashable] = self.index.query(sig)
        cands = []
        for other in found:
            oid = str(other)
            root = self.cluster_of(oid)
            cands.append(Candidate(oid, self.index.signature(other), root, self._seq[root]))
        decision = decide(article, sig, cands, self.config.threshold)
        self._seq[article] = len(self._seq)
        self._parent[article] = decision.cluster
        for other_root in decision.merge:
            self._parent[other_root] = decision.cluster
        self.index.add(article, sig)
        return decision.cluster

    def clusters(self, min_size: int = 1) -> dict[str, list[str]]:
        """Canonical id → member ids (insertion order), for clusters of at least ``min_size``."""
        out: dict[str, list[str]] = {}
        for article in self._seq:
            out.setdefault(self.cluster_of(article), []).append(article)
        return {k: v for k, v in out.items() if len(v) >= min_size}

    def members(self, canonical: str) -> list[str]:
        """Ids in the cluster whose canonical is ``canonical``."""
        return self.clusters().get(self.cluster_of(canonical), [])
