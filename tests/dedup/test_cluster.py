"""Clustering: verified merges, the earliest article is canonical, threshold configurable."""

from __future__ import annotations

import numpy as np
import pytest

from akhbar.dedup import Candidate, Clusterer, DedupConfig, decide


def _sig(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.uint32)


def _words(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def _text(tokens: list[str]) -> str:
    return " ".join(tokens)


def test_canonical_is_earliest_and_merges_two_clusters():
    from akhbar.dedup import text_signature

    shared = _words("ل", 60)
    left = shared + _words("ب", 6)
    right = shared + _words("ج", 6)
    # "a" and "c" share only part of their text with each other but each is close to "bridge".
    a = _text(_words("الف", 40) + left)
    c = _text(right + _words("د", 40))
    bridge = _text(_words("الف", 20) + shared + _words("د", 20))
    cl = Clusterer(DedupConfig(threshold=0.5))
    assert cl.add("a", text_signature(a)) == "a"
    assert cl.add("c", text_signature(c)) == "c"  # too far from "a": its own cluster
    assert cl.add("bridge", text_signature(bridge)) == "a"  # links both: earliest wins
    assert cl.cluster_of("c") == "a"
    assert cl.clusters() == {"a": ["a", "c", "bridge"]}
    assert cl.members("c") == ["a", "c", "bridge"]


def test_later_copy_never_becomes_canonical():
    from akhbar.dedup import text_signature

    body = _text(_words("خبر", 80))
    cl = Clusterer()
    ids = ["first", "second", "third"]
    got = [cl.add(i, text_signature(body + " " + i)) for i in ids]
    assert got == ["first", "first", "first"]
    assert cl.clusters(min_size=2) == {"first": ids}


def test_threshold_is_configurable():
    from akhbar.dedup import text_signature

    base = _words("و", 60)
    a = _text(base)
    b = _text(base[:45] + _words("ز", 15))  # 3-gram Jaccard about 0.6
    loose, strict = Clusterer(DedupConfig(threshold=0.5)), Clusterer(DedupConfig(threshold=0.8))
    for cl in (loose, strict):
        cl.add("a", text_signature(a, cl.config))
    assert loose.add("b", text_signature(b, loose.config)) == "a"
    assert strict.add("b", text_signature(b, strict.config)) == "b"


def test_decide_verifies_candidates_and_orders_by_sequence():
    s = _sig(list(range(10)))
    near = _sig([*range(8), 99, 99])  # estimated J = 0.8
    far = _sig([*range(5), 99, 99, 99, 99, 99])  # 0.5
    cands = [
        Candidate("x", near, "k", 7),
        Candidate("y", far, "m", 0),
        Candidate("z", s, "j", 3),
    ]
    d = decide("new", s, cands, threshold=0.75)
    assert d.cluster == "j"  # earliest among the *verified* clusters
    assert d.merge == ("k",)
    assert dict(d.matches) == {"x": 0.8, "z": 1.0}
    assert decide("new", s, cands, threshold=0.95).merge == ()


def test_decide_ignores_itself_and_rejects_repeated_ids():
    s = _sig([1, 2, 3, 4])
    assert decide("a", s, [Candidate("a", s, "a", 0)], 0.5).cluster == "a"
    cl = Clusterer()
    cl.add("a", np.arange(128, dtype=np.uint32))
    with pytest.raises(KeyError):
        cl.add("a", np.arange(128, dtype=np.uint32))
