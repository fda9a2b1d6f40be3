"""Quality floor on synthetic near-duplicates of real articles (floors pinned from measurement).

The full evaluation with datasketch side by side is ``benchmarks/bench_dedup.py`` (DEDUP.md);
this is a smaller, fast version of its section 4 with the default configuration.
"""

from __future__ import annotations

import random

import pytest

from akhbar.dedup import Clusterer, DedupConfig, signatures, words
from tests.dedup.synthetic import EDITS, make_variant

# Measured on this sample (seed 11, 60 originals; recall = same cluster as the original).
# Full-run figures are in benchmarks/DEDUP.md.
# Floors sit a little below the measured recall so that noise does not fail them, while a real
# regression (analyzer folding lost, wrong banding) does.
FLOORS = {
    "truncate": 0.80,  # measured 0.867
    "reorder": 0.95,  # measured 1.000
    "spelling": 0.95,  # measured 1.000
    "insert": 0.85,  # measured 0.900
    "delete": 0.75,  # measured 0.800
    "combined": 0.70,  # measured 0.817 (variants also join through sibling variants)
}


@pytest.fixture(scope="module")
def synthetic(articles):
    rng = random.Random(11)
    pool = [i for i, a in enumerate(articles) if len(a[2].split()) >= 120]
    picked = rng.sample(pool, 60)
    docs, origin, kind = [], [], []
    for k, i in enumerate(picked):
        docs.append(words(articles[i][2]))
        origin.append(k)
        kind.append("original")
        donor = articles[picked[(k + 1) % len(picked)]][2]
        for edit in EDITS:
            docs.append(words(make_variant(edit, articles[i][2], rng, donor)))
            origin.append(k)
            kind.append(edit)
    return docs, origin, kind


def test_recall_per_edit_type_and_no_false_merges(synthetic):
    docs, origin, kind = synthetic
    cfg = DedupConfig()
    sigs = signatures(docs, cfg)
    cl = Clusterer(cfg)
    canon = {}
    for d, sig in enumerate(sigs):
        canon[d] = cl.add(str(d), sig)
    orig_doc = {origin[d]: d for d in range(len(docs)) if kind[d] == "original"}
    recall = {}
    for edit in EDITS:
        ds = [d for d in range(len(docs)) if kind[d] == edit]
        recall[edit] = sum(cl.cluster_of(str(d)) == str(orig_doc[origin[d]]) for d in ds) / len(ds)
    # Precision: no cluster mixes two different originals' families.
    for members in cl.clusters().values():
        assert len({origin[int(m)] for m in members}) == 1, members
    for edit, floor in FLOORS.items():
        assert recall[edit] >= floor, (edit, recall[edit], recall)
