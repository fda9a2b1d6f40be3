"""MinHash signatures: determinism, Jaccard estimates against exact Jaccard on real text."""

from __future__ import annotations

import math
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from akhbar.dedup import (
    DedupConfig,
    estimate_jaccard,
    shingles,
    signature,
    signature_from_bytes,
    signature_to_bytes,
    signatures,
    text_signature,
    words,
)
from tests.dedup.synthetic import delete, insert, truncate

REPO = Path(__file__).resolve().parents[2]


def test_signature_same_in_other_processes_whatever_the_hash_seed(articles):
    # Python's str hash() is randomized per process; our shingle hashes must not depend on it.
    body = articles[3][2]
    here = signature_to_bytes(text_signature(body)).hex()
    code = (
        "import sys; from akhbar.dedup import text_signature, signature_to_bytes;"
        "print(signature_to_bytes(text_signature(sys.stdin.read())).hex())"
    )
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        res = subprocess.run(
            [sys.executable, "-c", code],
            input=body,
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            check=True,
        )
        assert res.stdout.strip() == here, f"PYTHONHASHSEED={seed}"


def _exact(a: list[str], b: list[str], n: int) -> float:
    # Independent path: string shingles and Python sets, no hashing involved.
    sa, sb = set(shingles(a, n)), set(shingles(b, n))
    return len(sa & sb) / len(sa | sb)


@pytest.mark.parametrize("num_perm", [64, 128, 256])
def test_estimate_close_to_exact_jaccard_on_real_pairs(articles, num_perm):
    cfg = DedupConfig(num_perm=num_perm)
    rng = random.Random(5)
    pairs = []
    for k in range(0, 400, 10):
        body, donor = articles[k][2], articles[k + 1][2]
        pairs.append((body, truncate(body, rng)))
        pairs.append((body, delete(insert(body, rng, donor), rng)))
        pairs.append((body, donor))  # unrelated: J near 0
    errors = []
    for a, b in pairs:
        wa, wb = words(a), words(b)
        exact = _exact(wa, wb, cfg.ngram)
        sig_a, sig_b = signatures([wa, wb], cfg)
        est = estimate_jaccard(sig_a, sig_b)
        # 4 standard errors of a binomial over num_perm slots, plus slack for hash collisions.
        tol = 4 * math.sqrt(exact * (1 - exact) / num_perm) + 0.02
        assert abs(est - exact) <= tol, (exact, est)
        errors.append(est - exact)
    # No bias: the mean error over 120 pairs is far below one slot's weight.
    assert abs(float(np.mean(errors))) < 0.01


def test_batch_and_single_signatures_agree(articles):
    docs = [words(articles[k][2]) for k in range(5)] + [[]]
    batch = signatures(docs)
    for d, row in zip(docs, batch, strict=True):
        single = text_signature(" ".join(d))
        assert (single == row).all()


def test_empty_text_signature_is_all_max():
    sig = text_signature(" ۔ ")
    assert sig.dtype == np.uint32
    assert (sig == 0xFFFFFFFF).all()


def test_signature_bytes_round_trip(articles):
    sig = text_signature(articles[0][2])
    data = signature_to_bytes(sig)
    assert len(data) == 4 * sig.size
    assert (signature_from_bytes(data) == sig).all()
    with pytest.raises(ValueError, match="multiple of 4"):
        signature_from_bytes(b"abc")


def test_seed_changes_signature_but_not_estimates(articles):
    a, b = words(articles[0][2]), words(articles[1][2])
    s1 = signatures([a, b], DedupConfig(seed=1))
    s2 = signatures([a, b], DedupConfig(seed=2))
    assert not (s1[0] == s2[0]).all()
    assert estimate_jaccard(s1[0], s1[0]) == estimate_jaccard(s2[0], s2[0]) == 1.0


def test_signature_of_hash_array_ignores_repeats():
    h = np.array([5, 9, 5, 7], dtype=np.uint64)
    assert (signature(h) == signature(np.array([7, 9, 5], dtype=np.uint64))).all()


def _reference_hash(word: str) -> int:
    """The string hash written out in plain Python (the module docstring's definition)."""
    from akhbar.dedup import _hashing as h

    mask = (1 << 64) - 1
    acc = sum(ord(c) * int(h._POS_COEF[i % h._MAX_POS]) for i, c in enumerate(word)) & mask
    z = (acc ^ (len(word) * int(h._LEN_SALT))) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    return z ^ (z >> 31)


def test_word_hashes_follow_the_definition_with_repeats(articles):
    from itertools import chain

    from akhbar.dedup._hashing import hash_strings, hash_words

    docs = [words(body) for _, _, body in articles[:60]] + [[], ["", "ا", ""], ["x" * 5000]]
    flat = list(chain.from_iterable(docs))
    assert len(set(flat)) < len(flat) / 3  # real text repeats its words
    expected = [_reference_hash(w) for w in flat]
    assert hash_strings(flat).tolist() == expected
    assert hash_words(chain.from_iterable(docs), len(flat)).tolist() == expected
    distinct = list(dict.fromkeys(flat))
    assert hash_strings(distinct).tolist() == [_reference_hash(w) for w in distinct]


def test_batch_signatures_follow_the_per_document_definition(articles):
    from akhbar.dedup import shingle_hashes

    docs = [words(body) for _, _, body in articles[:200]] + [[], ["ایک"], ["ایک", "دو"]]
    cfg = DedupConfig()
    batch = signatures(docs, cfg)
    for doc, sig in zip(docs, batch, strict=True):
        assert (sig == signature(shingle_hashes(doc, cfg.ngram), cfg)).all()


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6])
def test_ngram_hashes_of_a_batch_are_each_documents_own(n):
    from akhbar.dedup._hashing import hash_strings, ngram_hashes

    rng = random.Random(n)
    for sizes in ([0, 1, 2, 5, 0, 9], [1], [2], [0], [7, 7, 3], [n + 2] * 4):
        docs = [[f"w{rng.randrange(6)}" for _ in range(k)] for k in sizes]
        flat = [w for d in docs for w in d]
        offsets = np.cumsum([0, *sizes])
        grams, out = ngram_hashes(hash_strings(flat), offsets, n)
        for i, d in enumerate(docs):
            alone, _ = ngram_hashes(hash_strings(d), np.array([0, len(d)]), n)
            assert grams[out[i] : out[i + 1]].tolist() == alone.tolist()
            assert len(alone) == (max(len(d) - n + 1, 1) if d else 0)
