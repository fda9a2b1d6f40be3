"""Train a small neural re-ranker for search's second stage and measure it on the retrieval dev set.

    .venv/bin/pip install -e '.[train-neural]'                       # torch==2.13.0 (CPU)
    .venv/bin/python scripts/train_search_reranker.py --out /tmp/reranker [--model biencoder|knrm]
    .venv/bin/python scripts/train_search_reranker.py --out /tmp/reranker --dev DEV

An experiment, not a shipped model (benchmarks/RETRIEVAL.md, "A learned second stage"): neither
model moved MRR@10 on the dev set's ``tune`` split, so nothing is wired into search.  Kept so the
figures there can be reproduced.

Training data (``../shared/data/news``), never the dev set's queries (the outlets-2024 and
UrduPoint headlines) nor its documents:

* the Express headlines 2012-2018: headline -> its one-line summary (72k pairs; a headline and
  a text that tells the same story in mostly other words);
* self-supervised pairs from the Bend the Truth and FIRE 2020 articles: a run of 6-14 terms
  from the article's first 200 -> the article's first ``--head`` terms without that run.

Both models read the analyzer's terms (:func:`akhbar.text.analyzer.terms`: Arabic-typed
queries give the same terms as plain ones) of the query and of the article's first ``--head``
body terms, what the second stage can read for its first 16 hits.

* ``biencoder``: a query vector and an article vector, each the sum of the terms' embeddings
  weighted by a learned per-term weight (initialised from the IDF), the article's mapped by a
  learned matrix, both unit length; the score is their cosine.  Trained with in-batch
  negatives (InfoNCE, both directions, batch 256).
* ``knrm``: kernel pooling over the query x article term similarity matrix (Xiong et al. 2017,
  K-NRM): exact matches and eight soft-match kernels, over the whole head and over its first
  20 terms, summed over the query terms with a weight learned from the term and its IDF.
  Trained with softmax over the summary, 3 BM25-hard negatives (other Express summaries), 2 of
  the same day and 2 random ones.

Torch (one or two threads, fixed seed) trains; the weights are exported to ``--out``
(``reranker.npz``, ``reranker.json`` with the settings and the npz's SHA-256) and scored in
numpy, checked against torch's scores on a sample (printed).  ``--dev DEV`` (a folder of
``scripts/build_retrieval_devset.py``) builds the dev store as ``bench_retrieval.py`` does,
takes the real search API's first 16 hits of every query (plain and Arabic-typed), re-sorts
them by ``score + w x model`` for each ``w`` of :data:`WEIGHTS`, and prints MRR@10 on ``tune``
and ``test``, the ``w`` chosen on ``tune``, and the numpy scoring's CPU time per query.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.text.analyzer import terms  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SEED = 20261203
#: Weights of the model's score added to the API's score, tried on ``tune``.
WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
#: Hits the second stage re-sorts (``SearchConfig.rerank_depth``).
DEPTH = 16
#: Query terms the models read (the first, after dropping repeats and common words).
MAX_QUERY = 16
#: K-NRM kernel centres (the first, 1.0 with a tiny width, counts exact matches).
MUS = (1.0, 0.9, 0.7, 0.5, 0.3, 0.1, -0.1, -0.3, -0.5)
SIGMA = 0.1
LEAD = 20


# ---- data -----------------------------------------------------------------------------------


def training_pairs(data: Path, head: int, rng: random.Random) -> dict[str, Any]:
    """Express (headline, summary) pairs with their dates, and the articles' term lists."""
    news = data / "news"
    express: list[tuple[list[str], list[str], str]] = []
    seen: set[tuple[str, str]] = set()
    with open(news / "express-headlines-2012-2018.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            title, summary = row.get("title") or "", row.get("summary") or ""
            if (title, summary) in seen:
                continue
            seen.add((title, summary))
            a, b = terms(title), terms(summary)
            if len(a) >= 2 and len(b) >= 3:
                express.append((a, b, str(row.get("date") or "")[:10]))
    articles = [
        terms(p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted((news / "bend-the-truth").rglob("*.txt"))
    ]
    return {"express": express, "articles": [a for a in articles if len(a) >= 80]}


def article_pairs(
    articles: Sequence[list[str]], head: int, rng: random.Random
) -> list[tuple[list[str], list[str]]]:
    """Three (run of terms, head without the run) pairs per article (new ones each epoch)."""
    out = []
    for a in articles:
        for _ in range(3):
            start = rng.randrange(0, min(len(a) - 15, 200))
            n = rng.randint(6, 14)
            out.append((a[start : start + n], (a[:start] + a[start + n :])[:head]))
    return out


class Vocab:
    """Terms seen at least ``min_count`` times in the training text (id 0: unknown), and the
    training collection's document frequencies (summaries and articles are its documents)."""

    def __init__(self, data: dict[str, Any], min_count: int) -> None:
        counts: Counter[str] = Counter()
        df: Counter[str] = Counter()
        for title, summary, _ in data["express"]:
            counts.update(title)
            counts.update(summary)
            df.update(set(summary))
        for a in data["articles"]:
            counts.update(a)
            df.update(set(a))
        self.terms = [t for t, c in counts.most_common() if c >= min_count]
        self.ids = {t: i + 1 for i, t in enumerate(self.terms)}
        self.docs = len(data["express"]) + len(data["articles"])
        self.df = df

    def idf(self, term: str) -> float:
        """BM25's IDF in the training collection."""
        c = self.df.get(term, 0)
        return math.log(1.0 + (self.docs - c + 0.5) / (c + 0.5))


def query_terms(ts: Sequence[str], df: Counter[str], docs: int) -> list[str]:
    """Distinct terms in at most half of the documents (what the second stage weighs), the
    first :data:`MAX_QUERY`."""
    return [t for t in dict.fromkeys(ts) if df.get(t, 0) <= docs / 2][:MAX_QUERY]


# ---- numpy scoring --------------------------------------------------------------------------


def _ids(vocab: dict[str, int], ts: Sequence[str]) -> np.ndarray:
    return np.array([vocab.get(t, 0) for t in ts], dtype=np.int64)


class NumpyBiEncoder:
    """The bi-encoder's scores from exported arrays."""

    def __init__(self, arrays: dict[str, np.ndarray], vocab: dict[str, int]) -> None:
        self.emb = arrays["emb"].astype(np.float32)
        self.qw = np.logaddexp(0.0, arrays["qw"].astype(np.float32))  # softplus
        self.dw = np.logaddexp(0.0, arrays["dw"].astype(np.float32))
        self.qw[0] = self.dw[0] = 0.0  # unknown terms carry nothing
        self.dmap = arrays["dmap"].astype(np.float32)
        self.vocab = vocab

    def _vec(self, ids: np.ndarray, w: np.ndarray) -> np.ndarray:
        v = w[ids] @ self.emb[ids]
        n = float(np.linalg.norm(v))
        return v / n if n > 0 else v

    def scores(self, query: Sequence[str], heads: Sequence[Sequence[str]], _idf: Any) -> np.ndarray:
        """Cosine of the query's and each head's vectors."""
        q = self._vec(_ids(self.vocab, query), self.qw)
        docs = np.stack([self._vec(_ids(self.vocab, h), self.dw) for h in heads]) @ self.dmap.T
        norms = np.linalg.norm(docs, axis=1)
        docs = docs / np.where(norms > 0, norms, 1.0)[:, None]
        return np.asarray(docs @ q, dtype=np.float64)


class NumpyKNRM:
    """The K-NRM scores from exported arrays."""

    def __init__(self, arrays: dict[str, np.ndarray], vocab: dict[str, int]) -> None:
        emb = arrays["emb"].astype(np.float32)
        norms = np.linalg.norm(emb, axis=1, keepdims=True)
        self.unit = emb / np.where(norms > 0, norms, 1.0)
        self.emb = emb
        self.out_w = arrays["out_w"].astype(np.float32).reshape(-1)
        self.out_b = float(arrays["out_b"].reshape(-1)[0])
        self.qw_w = arrays["qw_w"].astype(np.float32).reshape(-1)
        self.qw_b = float(arrays["qw_b"].reshape(-1)[0])
        self.mu = np.array(MUS, dtype=np.float32)
        self.sig = np.array([1e-3] + [SIGMA] * (len(MUS) - 1), dtype=np.float32)
        self.vocab = vocab

    def scores(self, query: Sequence[str], heads: Sequence[Sequence[str]], idf: Any) -> np.ndarray:
        """One score per head."""
        q = _ids(self.vocab, query)
        qidf = np.array([idf(t) for t in query], dtype=np.float32)
        gate = np.concatenate([self.emb[q], qidf[:, None]], 1) @ self.qw_w + self.qw_b
        gate = np.logaddexp(0.0, gate + qidf)
        out = np.zeros(len(heads))
        for c, h in enumerate(heads):
            if not h:
                out[c] = self.out_b * gate.sum()
                continue
            d = _ids(self.vocab, h)
            m = self.unit[q] @ self.unit[d].T
            same = np.array([[a == b for b in h] for a in query])
            unknown = (q[:, None] == 0) | (d[None, :] == 0)
            m = np.where(same, 1.0, np.where(unknown, 0.0, np.minimum(m, 0.95)))
            k = np.exp(-((m[..., None] - self.mu) ** 2) / (2 * self.sig**2))
            lead = (np.arange(len(h)) < LEAD).astype(np.float32)
            phi = np.concatenate(
                [np.log1p(k.sum(1)), np.log1p((k * lead[None, :, None]).sum(1))], 1
            )
            out[c] = float(((phi @ self.out_w + self.out_b) * gate).sum())
        return out


# ---- the models in torch (training only) ---------------------------------------------------


def torch_model(kind: str, n_vocab: int, dim: int, idf: np.ndarray) -> Any:
    """A new torch module of ``kind`` (``biencoder`` or ``knrm``) over ``n_vocab`` term ids (0:
    unknown); ``idf`` (one per id) initialises the bi-encoder's term weights."""
    import torch
    from torch import nn
    from torch.nn import functional as F

    class BiEncoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(n_vocab, dim, padding_idx=0)
            nn.init.normal_(self.emb.weight, std=0.1)
            self.qw = nn.Embedding(n_vocab, 1)
            self.dw = nn.Embedding(n_vocab, 1)
            start = torch.log(torch.expm1(torch.from_numpy(idf).float().clamp(min=0.05)))
            with torch.no_grad():
                self.qw.weight[:, 0] = start
                self.dw.weight[:, 0] = start
            self.dmap = nn.Linear(dim, dim, bias=False)
            with torch.no_grad():
                self.dmap.weight.copy_(torch.eye(dim))
            self.scale = nn.Parameter(torch.tensor(3.0))

        def enc(self, ids: Any, side: str) -> Any:
            table = self.qw if side == "q" else self.dw
            w = F.softplus(table(ids)).squeeze(-1) * (ids > 0)
            v = (self.emb(ids) * w[..., None]).sum(-2)
            return F.normalize(self.dmap(v) if side == "d" else v, dim=-1)

    mu = torch.tensor(MUS)
    sig = torch.tensor([1e-3] + [SIGMA] * (len(MUS) - 1))

    class KNRM(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(n_vocab, dim)
            nn.init.normal_(self.emb.weight, std=0.3)
            self.out = nn.Linear(2 * len(MUS), 1)
            self.qw = nn.Linear(dim + 1, 1)

        def forward(self, q: Any, qoov: Any, qidf: Any, qmask: Any, d: Any, doov: Any) -> Any:
            qq = torch.where(q > 0, q, -qoov)
            dd = torch.where(d > 0, d, -doov)
            eq = F.normalize(self.emb(q), dim=-1)
            ed = F.normalize(self.emb(d), dim=-1)
            m = torch.einsum("bqe,bcle->bcql", eq, ed)
            same = (qq[:, None, :, None] == dd[:, :, None, :]) & (qq[:, None, :, None] != 0)
            unknown = (q[:, None, :, None] == 0) | (d[:, :, None, :] == 0)
            zero = torch.zeros_like(m)
            m = torch.where(same, torch.ones_like(m), torch.where(unknown, zero, m.clamp(max=0.95)))
            dmask = (dd != 0).float()
            k = torch.exp(-((m[..., None] - mu) ** 2) / (2 * sig**2)) * dmask[:, :, None, :, None]
            lead = (torch.arange(d.shape[2]) < LEAD).float()[None, None, None, :, None]
            phi = torch.cat([torch.log1p(k.sum(3)), torch.log1p((k * lead).sum(3))], -1)
            gate = self.qw(torch.cat([self.emb(q), qidf[..., None]], -1)).squeeze(-1)
            gate = F.softplus(gate + qidf) * qmask
            return (self.out(phi).squeeze(-1) * gate[:, None, :]).sum(-1)

    return BiEncoder() if kind == "biencoder" else KNRM()


def export(kind: str, model: Any) -> dict[str, np.ndarray]:
    """The module's weights as the numpy arrays :class:`NumpyBiEncoder` / :class:`NumpyKNRM`
    read."""

    def a(t: Any) -> np.ndarray:
        return np.array(t.detach().numpy(), dtype=np.float32)

    if kind == "biencoder":
        return {
            "emb": a(model.emb.weight),
            "qw": a(model.qw.weight)[:, 0],
            "dw": a(model.dw.weight)[:, 0],
            "dmap": a(model.dmap.weight),
        }
    return {
        "emb": a(model.emb.weight),
        "out_w": a(model.out.weight),
        "out_b": a(model.out.bias),
        "qw_w": a(model.qw.weight),
        "qw_b": a(model.qw.bias),
    }


def pad(ids: dict[str, int], seqs: Sequence[Sequence[str]], length: int | None = None) -> Any:
    """Term lists as a zero-padded tensor of ids."""
    import torch

    length = length or max(1, *(len(s) for s in seqs))
    x = torch.zeros(len(seqs), length, dtype=torch.long)
    for i, s in enumerate(seqs):
        row = [ids.get(t, 0) for t in s[:length]]
        if row:
            x[i, : len(row)] = torch.tensor(row)
    return x


def pack(
    ids: dict[str, int], idf: Any, rows: Sequence[tuple[Sequence[str], Sequence[Sequence[str]]]]
) -> tuple[Any, ...]:
    """K-NRM's inputs for ``(query terms, [candidate term lists])`` rows (as many candidates
    each): term ids, and per-row ids of unknown terms (so that an unknown word still matches
    itself exactly), query IDFs and masks."""
    import torch

    nq = max(len(r[0]) for r in rows)
    nc = len(rows[0][1])
    nl = max(1, *(len(x) for r in rows for x in r[1]))
    q = torch.zeros(len(rows), nq, dtype=torch.long)
    qo = torch.zeros_like(q)
    qi = torch.zeros(len(rows), nq)
    qm = torch.zeros(len(rows), nq)
    d = torch.zeros(len(rows), nc, nl, dtype=torch.long)
    do = torch.zeros_like(d)
    for i, (qs, docs) in enumerate(rows):
        oov: dict[str, int] = {}
        for j, t in enumerate(qs):
            v = ids.get(t, 0)
            q[i, j], qo[i, j] = v, (0 if v else oov.setdefault(t, len(oov) + 1))
            qi[i, j], qm[i, j] = idf(t), 1.0
        for c, doc in enumerate(docs):
            for j, t in enumerate(doc[:nl]):
                v = ids.get(t, 0)
                d[i, c, j], do[i, c, j] = v, (0 if v else oov.setdefault(t, len(oov) + 1))
    return q, qo, qi, qm, d, do


def torch_scores(
    kind: str,
    model: Any,
    ids: dict[str, int],
    query: Sequence[str],
    heads: Sequence[Sequence[str]],
    idf: Any,
) -> np.ndarray:
    """The module's scores of ``heads`` for ``query`` (what the numpy scorers reproduce)."""
    import torch

    with torch.no_grad():
        if kind == "biencoder":
            q = model.enc(pad(ids, [query]), "q")
            d = model.enc(pad(ids, heads), "d")
            return np.asarray((d @ q[0]).numpy(), dtype=np.float64)
        return np.asarray(model(*pack(ids, idf, [(query, heads)]))[0].numpy(), dtype=np.float64)


def numpy_scorer(kind: str, arrays: dict[str, np.ndarray], ids: dict[str, int]) -> Any:
    """The numpy scorer of ``kind`` over exported ``arrays``."""
    return NumpyBiEncoder(arrays, ids) if kind == "biencoder" else NumpyKNRM(arrays, ids)


def train(data: dict[str, Any], vocab: Vocab, args: argparse.Namespace) -> dict[str, np.ndarray]:
    """Train the chosen model with torch; its weights as numpy arrays (checked: numpy's scores
    equal torch's on a sample of the training rows)."""
    import torch
    from torch.nn import functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    idf = np.zeros(len(vocab.terms) + 1)
    for t, i in vocab.ids.items():
        idf[i] = vocab.idf(t)
    model = torch_model(args.model, len(vocab.terms) + 1, args.dim, idf)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    express = data["express"]
    ids = vocab.ids
    if args.model == "biencoder":
        pairs = [(t, s) for t, s, _ in express]
        for epoch in range(args.epochs):
            batch_data = pairs + article_pairs(data["articles"], args.head, rng)
            rng.shuffle(batch_data)
            total, steps, started = 0.0, 0, time.process_time()
            for b in range(0, len(batch_data) - args.batch + 1, args.batch):
                chunk = batch_data[b : b + args.batch]
                q = model.enc(pad(ids, [x[0][:MAX_QUERY] for x in chunk]), "q")
                d = model.enc(pad(ids, [x[1][: args.head] for x in chunk]), "d")
                s = model.scale.exp() * q @ d.T
                lab = torch.arange(len(chunk))
                loss = (F.cross_entropy(s, lab) + F.cross_entropy(s.T, lab)) / 2
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item()
                steps += 1
            cpu = time.process_time() - started
            print(f"epoch {epoch}: loss {total / steps:.4f} ({cpu:.0f} s CPU)", flush=True)
        check_rows = [
            (express[i][0], [express[j][1] for j in (i, i + 1, i + 2)]) for i in range(20)
        ]
    else:
        negatives = _bm25_negatives(express, 15)
        by_day: dict[str, list[int]] = {}
        for i, (_, _, day) in enumerate(express):
            by_day.setdefault(day, []).append(i)
        order = list(range(len(express)))
        for epoch in range(args.epochs):
            rng.shuffle(order)
            total, steps, started = 0.0, 0, time.process_time()
            for b in range(0, len(order), 32):
                rows = []
                for i in order[b : b + 32]:
                    qs = query_terms(express[i][0], vocab.df, vocab.docs)
                    if not qs:
                        continue
                    hard = rng.sample(list(negatives[i]), 3)
                    day = [j for j in by_day[express[i][2]] if j != i]
                    same_day = rng.sample(day, min(2, len(day)))
                    rand = [rng.randrange(len(express)) for _ in range(7 - 3 - len(same_day))]
                    rows.append((qs, [express[j][1] for j in [i, *hard, *same_day, *rand]]))
                if not rows:
                    continue
                s = model(*pack(ids, vocab.idf, rows))
                loss = F.cross_entropy(s, torch.zeros(len(rows), dtype=torch.long))
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item()
                steps += 1
            cpu = time.process_time() - started
            print(f"epoch {epoch}: loss {total / steps:.4f} ({cpu:.0f} s CPU)", flush=True)
        check_rows = [
            (query_terms(express[i][0], vocab.df, vocab.docs), [express[j][1] for j in (i, i + 1)])
            for i in range(20)
        ]
    arrays = export(args.model, model)
    scorer = numpy_scorer(args.model, arrays, ids)
    worst = max(
        float(
            np.abs(
                torch_scores(args.model, model, ids, q, docs, vocab.idf)
                - scorer.scores(q, docs, vocab.idf)
            ).max()
        )
        for q, docs in check_rows
        if q
    )
    print(f"numpy vs torch: largest score difference {worst:.2e}", flush=True)
    return arrays


def _bm25_negatives(express: Sequence[tuple[list[str], list[str], str]], k: int) -> np.ndarray:
    """For each headline, the ``k`` other summaries BM25 ranks highest for it."""
    import scipy.sparse as sp

    vocab: dict[str, int] = {}
    summaries = [[vocab.setdefault(t, len(vocab)) for t in s] for _, s, _ in express]
    titles = [[vocab.setdefault(t, len(vocab)) for t in t_] for t_, _, _ in express]
    n, nv = len(express), len(vocab)
    lens = np.array([len(s) for s in summaries], dtype=np.float64)
    df = np.zeros(nv)
    for s in summaries:
        df[list(set(s))] += 1
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    rows, cols, vals = [], [], []
    for i, s in enumerate(summaries):
        norm = 1.2 * (0.25 + 0.75 * lens[i] / lens.mean())
        for j, c in Counter(s).items():
            rows.append(i)
            cols.append(j)
            vals.append(idf[j] * c * 2.2 / (c + norm))
    docs = sp.csr_matrix((vals, (rows, cols)), shape=(n, nv)).T.tocsr()
    qr = [i for i, t in enumerate(titles) for _ in set(t)]
    qc = [j for t in titles for j in set(t)]
    queries = sp.csr_matrix((np.ones(len(qr)), (qr, qc)), shape=(n, nv))
    out = np.zeros((n, k), dtype=np.int64)
    for a in range(0, n, 500):
        m = (queries[a : a + 500] @ docs).toarray()
        for r in range(m.shape[0]):
            m[r, a + r] = -1.0
            top = np.argpartition(-m[r], k)[:k]
            out[a + r] = top[np.argsort(-m[r, top])]
    return out


# ---- the dev set ----------------------------------------------------------------------------


def evaluate(dev: Path, scorer: Any, head: int) -> dict[str, Any]:
    """MRR@10 of the API's first 16 hits re-sorted by ``score + w x model`` (see the module
    docstring)."""
    import sqlite3
    import tempfile

    from akhbar.search import Archive, QueryError
    from akhbar.search.evaluate import build_store, load_queries, mrr_at_k

    tmp = Path(tempfile.mkdtemp(prefix="akhbar-reranker-"))
    db = tmp / "eval.db"
    _, alias = build_store(dev / "docs.jsonl", db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    heads = {
        i: (b or "").split()[:head]
        for i, b in conn.execute("SELECT id, analyzed_body FROM articles")
    }
    df: Counter[str] = Counter()
    for (b,) in conn.execute("SELECT analyzed_body FROM articles"):
        df.update(set((b or "").split()))
    n = len(heads)

    def idf(t: str) -> float:
        c = df.get(t, 0)
        return math.log(1.0 + (n - c + 0.5) / (c + 0.5))

    archive = Archive.open(db)
    out: dict[str, Any] = {}
    for name, file in (("plain", "queries.jsonl"), ("arabic", "queries-arabic.jsonl")):
        rows = []
        cpu = 0.0
        for q in load_queries(dev / file):
            try:
                hits = archive.search(q["query"], limit=DEPTH, facets=False, snippets=False).hits
            except QueryError:
                hits = ()
            wanted = alias.get(q["target"]) or frozenset((q["target"],))
            qs = query_terms(terms(q["query"]), df, n)
            started = time.process_time()
            model = (
                scorer.scores(qs, [heads.get(h.id, []) for h in hits], idf)
                if qs and hits
                else np.zeros(len(hits))
            )
            cpu += time.process_time() - started
            rows.append(
                (q["split"], [h.score for h in hits], [h.id in wanted for h in hits], model)
            )
        table = {}
        for w in WEIGHTS:
            ranks: dict[str, list[int | None]] = {"tune": [], "test": []}
            for split, scores, rel, model in rows:
                s = np.asarray(scores) + w * model
                order = sorted(range(len(s)), key=lambda i: (-s[i], i))
                ranks[split].append(next((r for r, i in enumerate(order, 1) if rel[i]), None))
            table[w] = {k: round(mrr_at_k(v), 4) for k, v in ranks.items()}
            print(f"  {name} w={w:<5} tune {table[w]['tune']:.4f} test {table[w]['test']:.4f}")
        # How often the model prefers the target to the first hit where the API misses it
        # (target in the first 16, not first), and to the second hit where the API finds it.
        prefers = {"miss": [0, 0], "found": [0, 0]}
        for split, _, rel, model in rows:
            r = next((i for i, x in enumerate(rel) if x), None)
            if split != "tune" or r is None or len(rel) < 2:
                continue
            key, other = ("found", 1) if r == 0 else ("miss", 0)
            prefers[key][0] += int(model[r] > model[other])
            prefers[key][1] += 1
        share = {k: round(a / max(b, 1), 3) for k, (a, b) in prefers.items()}
        print(
            f"  {name}: model prefers the target (tune) in misses {share['miss']}, "
            f"found {share['found']} ({prefers['miss'][1]} / {prefers['found'][1]} queries)"
        )
        best = max(WEIGHTS, key=lambda w: (table[w]["tune"], -w))
        out[name] = {
            "by_weight": table,
            "chosen_on_tune": best,
            "tune": table[best]["tune"],
            "test": table[best]["test"],
            "scoring_ms_cpu_per_query": round(1000 * cpu / len(rows), 3),
            "prefers_target_on_tune": share,
        }
        print(f"{name}: chosen w={best}: tune {table[best]['tune']} test {table[best]['test']}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path, required=True, help="folder for the exported weights")
    ap.add_argument("--model", choices=("biencoder", "knrm"), default="biencoder")
    ap.add_argument("--dev", type=Path, help="retrieval dev set to measure on")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--dim", type=int, default=0, help="embedding size (0: 64, knrm 32)")
    ap.add_argument("--head", type=int, default=60, help="leading body terms the model reads")
    ap.add_argument("--epochs", type=int, default=0, help="0: 4 (biencoder), 1 (knrm)")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=0.0, help="0: 2e-3 (biencoder), 3e-3 (knrm)")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--load", action="store_true", help="measure the weights already in --out, no training"
    )
    args = ap.parse_args(argv)
    knrm = args.model == "knrm"
    args.dim = args.dim or (32 if knrm else 64)
    args.epochs = args.epochs or (1 if knrm else 4)
    args.lr = args.lr or (3e-3 if knrm else 2e-3)
    started = time.perf_counter()
    data = training_pairs(args.data, args.head, random.Random(SEED))
    vocab = Vocab(data, args.min_count)
    print(
        f"{len(data['express'])} Express pairs, {len(data['articles'])} articles, "
        f"{len(vocab.terms)} terms ({time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    npz = args.out / "reranker.npz"
    if args.load:
        with np.load(npz) as z:
            arrays = {k: z[k] for k in z.files if k != "vocab"}
            vocab.terms = [str(t) for t in z["vocab"]]
            vocab.ids = {t: i + 1 for i, t in enumerate(vocab.terms)}
    else:
        arrays = train(data, vocab, args)
        args.out.mkdir(parents=True, exist_ok=True)
        np.savez(npz, vocab=np.array(vocab.terms), **arrays)
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    meta: dict[str, Any] = {
        "settings": settings,
        "seed": SEED,
        "sha256": hashlib.sha256(npz.read_bytes()).hexdigest(),
    }
    if args.dev is not None:
        scorer = numpy_scorer(args.model, arrays, vocab.ids)
        meta["dev"] = evaluate(args.dev, scorer, args.head)
    (args.out / "reranker.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
