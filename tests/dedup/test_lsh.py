"""LSH: banding parameters, band keys, the in-memory index on real near-duplicates."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from akhbar.dedup import DedupConfig, LSHIndex, band_keys, optimal_params, text_signature
from tests.dedup.synthetic import reorder, spelling

REPO = Path(__file__).resolve().parents[2]


# Expected values printed by datasketch 2.0.0 `datasketch.lsh._optimal_param(t, k, 0.5, 0.5)`.
@pytest.mark.parametrize(
    ("threshold", "num_perm", "expected"),
    [
        pytest.param(0.5, 128, (25, 5), id="t0.5-k128"),
        pytest.param(0.6, 128, (18, 7), id="t0.6-k128"),
        pytest.param(0.7, 64, (8, 8), id="t0.7-k64"),
        pytest.param(0.7, 128, (14, 9), id="t0.7-k128"),
        pytest.param(0.7, 256, (25, 10), id="t0.7-k256"),
        pytest.param(0.75, 128, (11, 11), id="t0.75-k128"),
        pytest.param(0.8, 128, (9, 13), id="t0.8-k128"),
        pytest.param(0.85, 256, (13, 19), id="t0.85-k256"),
        pytest.param(0.9, 128, (5, 25), id="t0.9-k128"),
    ],
)
def test_optimal_params_match_datasketch(threshold, num_perm, expected):
    assert optimal_params(threshold, num_perm) == expected


def test_band_keys_shape_and_sqlite_range(articles):
    cfg = DedupConfig()
    keys = band_keys(text_signature(articles[0][2]), cfg.bands, cfg.rows)
    assert [b for b, _ in keys] == list(range(cfg.bands))
    assert all(-(2**63) <= k < 2**63 for _, k in keys)  # fits SQLite INTEGER
    assert len({k for _, k in keys}) == cfg.bands


def test_band_keys_only_change_in_the_band_that_changed():
    sig = np.arange(100, 228, dtype=np.uint32)
    other = sig.copy()
    other[20] += 1  # slot 20 lies in band 2 when rows = 9
    a, b = band_keys(sig, 14, 9), band_keys(other, 14, 9)
    assert [i for i in range(14) if a[i] != b[i]] == [2]


def test_band_keys_stable_across_processes(articles):
    cfg = DedupConfig()
    body = articles[7][2]
    here = band_keys(text_signature(body), cfg.bands, cfg.rows)
    code = (
        "import sys; from akhbar.dedup import band_keys, text_signature, DedupConfig;"
        "c = DedupConfig(); print(band_keys(text_signature(sys.stdin.read()), c.bands, c.rows))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "99"}
    res = subprocess.run(
        [sys.executable, "-c", code],
        input=body,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
    )
    assert res.stdout.strip() == str(here)


def test_band_keys_reject_too_short_signature():
    with pytest.raises(ValueError, match="need 20 values"):
        band_keys(np.zeros(10, dtype=np.uint32), 4, 5)


def test_lsh_finds_reordered_respelled_copy_and_not_unrelated(articles):
    cfg = DedupConfig()
    rng = random.Random(3)
    idx = LSHIndex(cfg.bands, cfg.rows)
    original = articles[310][2]  # a Geo article
    idx.add("original", text_signature(original))
    idx.add("unrelated", text_signature(articles[1500][2]))
    copy = spelling(reorder(original, rng), rng)
    assert copy != original
    assert idx.query(text_signature(copy)) == ["original"]
    assert idx.query(text_signature(articles[900][2])) == []


def test_index_rejects_duplicate_ids():
    idx = LSHIndex(2, 2)
    sig = np.arange(4, dtype=np.uint32)
    idx.add("a", sig)
    assert "a" in idx
    assert len(idx) == 1
    with pytest.raises(KeyError):
        idx.add("a", sig)


def test_band_keys_of_many_signatures_at_once(articles):
    from akhbar.dedup import band_keys_many, signatures, words

    docs = [words(body) for _, _, body in articles[:300]] + [[]]
    for cfg in (DedupConfig(), DedupConfig(threshold=0.5), DedupConfig(num_perm=64)):
        sigs = signatures(docs, cfg)
        many = band_keys_many(sigs, cfg.bands, cfg.rows)
        assert many == [band_keys(s, cfg.bands, cfg.rows) for s in sigs]
        assert many[-1] == []  # the empty document
    assert band_keys_many(sigs[:0], cfg.bands, cfg.rows) == []
    with pytest.raises(ValueError, match="need"):
        band_keys_many(sigs[:, :10], cfg.bands, cfg.rows)
