"""The neural re-ranker experiment (scripts/train_search_reranker.py; not wired into search):
its numpy scorers reproduce the torch modules it trains, and its training pairs are what its
docstring says."""

from __future__ import annotations

import random
from collections import Counter
from types import ModuleType

import numpy as np
import pytest

from tests.helpers import load_script


def _script() -> ModuleType:
    return load_script("train_search_reranker")


WORDS = ["روس", "ایران", "تعاون", "وزیر", "خارجہ", "لاوروف", "ملاقات", "کہا", "بارش", "کراچی"]


def _idf(term: str) -> float:
    return 1.0 + (len(term) % 3) * 0.5


def test_biencoder_scores_the_same_text_highest_without_torch() -> None:
    rr = _script()
    ids = {w: i + 1 for i, w in enumerate(WORDS)}
    rng = np.random.default_rng(0)
    dim = 8
    arrays = {
        "emb": rng.normal(size=(len(WORDS) + 1, dim)).astype(np.float32),
        "qw": np.zeros(len(WORDS) + 1, dtype=np.float32),
        "dw": np.zeros(len(WORDS) + 1, dtype=np.float32),
        "dmap": np.eye(dim, dtype=np.float32),
    }
    scorer = rr.NumpyBiEncoder(arrays, ids)
    query = ["روس", "ایران", "تعاون"]
    heads = [["بارش", "کراچی"], ["تعاون", "روس", "ایران"], ["روس", "نامعلوم"], []]
    s = scorer.scores(query, heads, _idf)
    assert s.shape == (4,)
    assert s[1] == pytest.approx(1.0, abs=1e-5)  # same words, same weights: cosine 1
    assert s[1] > s[2] > s[0]
    assert s[3] == 0.0  # nothing known: a zero vector, no NaN


@pytest.mark.parametrize("kind", ["biencoder", "knrm"])
def test_numpy_reproduces_torch(kind: str) -> None:
    pytest.importorskip("torch", reason="training needs torch (the train-neural extra)")
    import torch

    rr = _script()
    torch.manual_seed(1)
    ids = {w: i + 1 for i, w in enumerate(WORDS)}
    idf = np.array([0.0] + [_idf(w) for w in WORDS])
    model = rr.torch_model(kind, len(WORDS) + 1, 6, idf)
    with torch.no_grad():  # move every weight off its initial value
        for p in model.parameters():
            p.add_(0.3 * torch.randn_like(p))
    scorer = rr.numpy_scorer(kind, rr.export(kind, model), ids)
    rng = random.Random(2)
    for _ in range(10):
        query = rng.sample([*WORDS, "نیا", "اور"], 4)
        heads = [[rng.choice([*WORDS, "نیا", "دوسرا"]) for _ in range(rng.randint(1, 25))]]
        heads += [rng.sample(WORDS, 3) for _ in range(3)]
        ref = rr.torch_scores(kind, model, ids, query, heads, _idf)
        got = scorer.scores(query, heads, _idf)
        assert np.allclose(ref, got, atol=1e-4), (ref, got)


def test_query_terms_drop_repeats_and_words_in_most_documents() -> None:
    rr = _script()
    df = Counter({"کے": 90, "روس": 3, "ایران": 5})
    assert rr.query_terms(["روس", "کے", "ایران", "روس", "نیا"], df, 100) == ["روس", "ایران", "نیا"]


def test_article_pairs_take_a_run_out_of_the_head() -> None:
    rr = _script()
    article = [f"w{i}" for i in range(120)]
    pairs = rr.article_pairs([article], 60, random.Random(0))
    assert len(pairs) == 3
    for run, head in pairs:
        assert 6 <= len(run) <= 14
        start = article.index(run[0])
        assert article[start : start + len(run)] == run
        assert not set(run) & set(head)
        assert head == (article[:start] + article[start + len(run) :])[:60]
