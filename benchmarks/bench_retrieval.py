"""Known-item retrieval quality: akhbar vs SQLite FTS5 (unicode61) vs bm25s, plain and Arabic-typed.

    .venv/bin/python scripts/build_retrieval_devset.py /tmp/akhbar-retrieval   # once (~15 s)
    .venv/bin/python benchmarks/bench_retrieval.py /tmp/akhbar-retrieval --write
    .venv/bin/python benchmarks/bench_retrieval.py /tmp/akhbar-retrieval --quick   # every 4th query
    .venv/bin/python benchmarks/bench_retrieval.py /tmp/akhbar-retrieval --index-only  # no peers
    .venv/bin/python benchmarks/bench_retrieval.py DEV --index-only --semantic VECS  # word vectors
    .venv/bin/python benchmarks/bench_retrieval.py DEV --passages  # + passage queries (5, 8, 12)
    .venv/bin/python benchmarks/bench_retrieval.py DEV --passages --titled  # documents with titles

The dev set (see ``scripts/build_retrieval_devset.py``): a headline is the query, its article's
body the one relevant document among ~4,200 shared articles.  Three query files: the headlines
as published, re-typed with the core Arabic-keyboard letters (ی→ي ک→ك ہ→ه ۃ→ة) and with the full
Arabic-layout re-typing (also ے→ي ھ→ه ں→ن ۓ→ئ).  ``--passages`` adds the passage query sets
(``queries-passage-N.jsonl``: N consecutive words from the middle of each article's body, what a
user pastes to find the article a sentence came from), every system on them as on the headlines;
``--titled`` searches the documents with their headlines as titles (``docs-titled.jsonl``), as
ingest stores them from the sources (for passages; a headline query then finds its own title).

Systems, all in the same run on the same documents and queries:

* **akhbar**: :func:`akhbar.search.evaluate.evaluate_retrieval`: a store built with the real
  ingest pipeline, queries through the real search API when it imports (else the interim
  FTS5 ``bm25()`` ranker over an OR of the analyzer terms).
* **FTS5 default**: ``CREATE VIRTUAL TABLE … USING fts5(text)`` (tokenizer unicode61) on the raw
  text; the query is an OR of its double-quoted ``\\w+`` words (an AND of all words would miss
  most targets; raw headlines are not valid FTS5 syntax), ranked by ``rank`` (bm25).
* **bm25s**: ``bm25s.tokenize`` with its defaults (``stemmer=None``) on the raw text,
  ``bm25s.BM25()`` defaults, as a user would run it.

``--ablation`` also scores analyzer and ranking variants (stop words, stemming, phrase and lede
boosts, title/body weights) with an in-memory BM25 that reproduces FTS5's ``bm25()`` formula
(k1 = 1.2, b = 0.75, idf floor 1e-6, column weights multiply term frequencies, document length
over all columns) on the terms the store holds; its baseline row is checked against FTS5's.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.search.evaluate import (  # noqa: E402
    load_queries,
    mrr_at_k,
    summarize,
)
from akhbar.text.analyzer import terms  # noqa: E402
from akhbar.text.stem import STOP_WORDS, stem  # noqa: E402

QUERY_SETS = {
    "plain": "queries.jsonl",
    "arabic": "queries-arabic.jsonl",
    "arabic-full": "queries-arabic-full.jsonl",
    "arabic-layout": "queries-arabic-layout.jsonl",
    "persian-layout": "queries-persian-layout.jsonl",
}
#: The passage query sets (``--passages``), by the passage's length in words.
PASSAGE_SETS = {f"passage-{n}": f"queries-passage-{n}.jsonl" for n in (5, 8, 12)}
_WORD = re.compile(r"\w+")
Ranks = dict[str, int | None]


# --------------------------------------------------------------------------------------------
# Peers
# --------------------------------------------------------------------------------------------


def load_docs(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _raw(doc: dict[str, str]) -> str:
    """The text a peer indexes: the title (``--titled``) and the body."""
    return f"{doc['title']}\n{doc['text']}" if doc.get("title") else doc["text"]


def fts5_default(
    docs: Sequence[dict[str, str]], queries: dict[str, list[dict[str, str]]]
) -> dict[str, Ranks]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, text)")
    conn.executemany("INSERT INTO d (id, text) VALUES (?, ?)", ((d["id"], _raw(d)) for d in docs))
    out: dict[str, Ranks] = {}
    for name, qs in queries.items():
        ranks: Ranks = {}
        for q in qs:
            words = dict.fromkeys(_WORD.findall(q["query"]))
            expr = " OR ".join(f'"{w}"' for w in words)
            ids = (
                [
                    r[0]
                    for r in conn.execute(
                        "SELECT id FROM d WHERE d MATCH ? ORDER BY rank LIMIT 100", (expr,)
                    )
                ]
                if expr
                else []
            )
            ranks[q["qid"]] = ids.index(q["target"]) + 1 if q["target"] in ids else None
        out[name] = ranks
    return out


def bm25s_default(
    docs: Sequence[dict[str, str]], queries: dict[str, list[dict[str, str]]]
) -> dict[str, Ranks]:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([_raw(d) for d in docs], show_progress=False), show_progress=False
    )
    ids = [d["id"] for d in docs]
    out: dict[str, Ranks] = {}
    for name, qs in queries.items():
        toks = bm25s.tokenize([q["query"] for q in qs], return_ids=False, show_progress=False)
        res, scores = retriever.retrieve(toks, k=100, show_progress=False, n_threads=1)
        ranks: Ranks = {}
        for q, row, sc in zip(qs, res, scores, strict=True):
            hits = [ids[i] for i, s in zip(row, sc, strict=True) if s > 0]
            ranks[q["qid"]] = hits.index(q["target"]) + 1 if q["target"] in hits else None
        out[name] = ranks
    return out


# --------------------------------------------------------------------------------------------
# In-memory FTS5-equivalent BM25 for ablations
# --------------------------------------------------------------------------------------------


class FieldBM25:
    """FTS5 ``bm25()`` over weighted fields: tf = sum of weight x count, length over all fields."""

    def __init__(
        self,
        fields: Sequence[Sequence[list[str]]],
        weights: Sequence[float],
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.vocab: dict[str, int] = {}
        n = len(fields[0])
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lens = np.zeros(n)
        present: list[set[int]] = [set() for _ in range(n)]
        for docs, w in zip(fields, weights, strict=True):
            for i, d in enumerate(docs):
                lens[i] += len(d)
                for t, c in Counter(d).items():
                    j = self.vocab.setdefault(t, len(self.vocab))
                    rows.append(i)
                    cols.append(j)
                    vals.append(w * c)
                    present[i].add(j)
        tf = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(self.vocab))).tocoo()
        df = np.zeros(len(self.vocab))
        for s in present:
            df[list(s)] += 1
        idf = np.log((n - df + 0.5) / (df + 0.5))
        idf[idf <= 0] = 1e-6
        norm = k1 * (1 - b + b * lens / max(lens.mean(), 1e-9))
        data = tf.data * (k1 + 1) / (tf.data + norm[tf.row])
        self.m = sp.csc_matrix((data, (tf.row, tf.col)), shape=tf.shape)
        self.idf = idf
        self.n = n

    def scores(self, query: Sequence[str]) -> np.ndarray:
        s = np.zeros(self.n)
        for t in dict.fromkeys(query):
            j = self.vocab.get(t)
            if j is not None:
                col = self.m[:, j]
                s[col.indices] += col.data * self.idf[j]
        return s


def peers_and_table(
    docs_path: Path,
    sets: dict[str, list[dict[str, str]]],
    results: dict[str, dict[str, Ranks]],
) -> dict[str, dict[str, float]]:
    """Add the peers' ranks on ``sets`` to ``results`` (FTS5 default; bm25s when installed),
    print every system's MRR@10 per set as a Markdown table and return it (system → set →
    MRR@10): what the restricted benchmarks (name_variants.py, joined_names.py) report."""
    docs = load_docs(docs_path)
    results["fts5-default"] = fts5_default(docs, sets)
    try:
        results["bm25s"] = bm25s_default(docs, sets)
    except ImportError:
        print("(bm25s not installed: pip install 'akhbar[bench]')", flush=True)
    table: dict[str, dict[str, float]] = {}
    print("\n| system | " + " | ".join(f"{s} (n={len(qs)})" for s, qs in sets.items()) + " |")
    print("|---|" + "---|" * len(sets))
    for name, by_set in results.items():
        row = {s: summarize(list(ranks.values()))["mrr@10"] for s, ranks in by_set.items()}
        table[name] = row
        print(f"| {name} | " + " | ".join(f"{row[s]:.4f}" for s in sets) + " |", flush=True)
    return table


def _rank(s: np.ndarray, t: int) -> int | None:
    if s[t] <= 0:
        return None
    better = int((s > s[t]).sum() + ((s == s[t]) & (np.arange(len(s)) < t)).sum())
    return better + 1 if better < 100 else None


def store_terms(db: Path) -> tuple[list[str], list[list[str]]]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, analyzed_body FROM articles ORDER BY seq").fetchall()
    return [r[0] for r in rows], [r[1].split() for r in rows]


def _bigrams(ts: Sequence[str]) -> list[str]:
    return [f"{a}\x00{b}" for a, b in pairwise(ts)]


def _best(s: np.ndarray, members: Sequence[int]) -> int | None:
    found = [r for m in members if (r := _rank(s, m)) is not None]
    return min(found) if found else None


def ablation(
    db: Path, alias: dict[str, frozenset[str]], queries: dict[str, list[dict[str, str]]]
) -> list[tuple[str, dict[str, dict[str, float]]]]:
    ids, body = store_terms(db)
    idx = {d: i for i, d in enumerate(ids)}
    qterms = {n: [(q, terms(q["query"])) for q in qs] for n, qs in queries.items()}
    nostop = lambda ts: [t for t in ts if t not in STOP_WORDS]  # noqa: E731
    stemmed = lambda ts: [stem(t) for t in ts]  # noqa: E731

    def score(
        name: str, fn: Callable[[list[str]], np.ndarray]
    ) -> tuple[str, dict[str, dict[str, float]]]:
        res: dict[str, dict[str, float]] = {}
        for qname, items in qterms.items():
            for split in ("tune", "test"):
                ranks = [
                    _best(fn(ts), [idx[m] for m in alias.get(q["target"], frozenset())])
                    for q, ts in items
                    if q.get("split") == split
                ]
                res[f"{qname}/{split}"] = {"mrr@10": mrr_at_k(ranks)}
        print(f"  {name:<44}", " ".join(f"{v['mrr@10']:.4f}" for v in res.values()), flush=True)
        return name, res

    rows = []
    base = FieldBM25([body], [1.0])
    rows.append(score("baseline (analyzer terms, FTS5 bm25)", base.scores))
    rows.append(score("stop words dropped from the query only", lambda ts: base.scores(nostop(ts))))
    sw = FieldBM25([[nostop(d) for d in body]], [1.0])
    rows.append(score("stop words dropped (index + query)", lambda ts: sw.scores(nostop(ts))))
    st = FieldBM25([[stemmed(d) for d in body]], [1.0])
    rows.append(score("light stemmer (index + query)", lambda ts: st.scores(stemmed(ts))))
    sst = FieldBM25([[stemmed(nostop(d)) for d in body]], [1.0])
    rows.append(score("stop words + light stemmer", lambda ts: sst.scores(stemmed(nostop(ts)))))
    mix = lambda ts: base.scores(ts) + 0.5 * st.scores(stemmed(ts))  # noqa: E731
    rows.append(score("exact + 0.5 x stemmed (OR of both forms)", mix))
    bg = FieldBM25([[_bigrams(d) for d in body]], [1.0])
    for beta in (0.5, 1.0):
        rows.append(
            score(
                f"+ adjacent-pair phrases x{beta}",
                lambda ts, beta=beta: base.scores(ts) + beta * bg.scores(_bigrams(ts)),
            )
        )
    for n in (30, 60):
        lede = FieldBM25([[d[:n] for d in body]], [1.0])
        rows.append(
            score(
                f"+ lede (first {n} terms) field x0.5",
                lambda ts, lede=lede: base.scores(ts) + 0.5 * lede.scores(ts),
            )
        )
    return rows


def title_weights(
    db: Path, queries: list[dict[str, str]], docs: dict[str, str]
) -> list[tuple[float, float, float]]:
    """Proxy task for the title/body weights: query = the first sentence of a target's body,
    document = its headline (title column) + the body without that sentence (body column)."""
    from akhbar.text.analyzer import terms as an

    ids, body = store_terms(db)
    heads = {q["target"]: q for q in queries}
    titles = [an(heads[i]["headline"]) if i in heads else [] for i in ids]
    rest = []
    leads = {}
    for i, d in zip(ids, body, strict=True):
        if i in heads:
            text = docs[i]
            first = re.split(r"(?<=[۔.!?؟])\s+", text, maxsplit=1)[0]
            lt = an(first)[:25]
            leads[i] = lt
            rest.append(d[len(an(first)) :])
        else:
            rest.append(d)
    idx = {d: i for i, d in enumerate(ids)}
    out = []
    for wt in (0.0, 1.0, 2.0, 3.0, 5.0, 10.0):
        m = FieldBM25([titles, rest], [wt, 1.0])
        ranks = [_rank(m.scores(lt), idx[i]) for i, lt in leads.items() if len(lt) >= 5]
        out.append((wt, 1.0, mrr_at_k(ranks)))
        print(f"  title weight {wt:>4}: MRR@10 {out[-1][2]:.4f} ({len(ranks)} queries)", flush=True)
    return out


#: Variants of the index ranking (``SearchConfig`` fields), the shipped defaults first.
INDEX_VARIANTS: list[tuple[str, dict[str, float]]] = [
    ("shipped (title 3, lead 0.5, pairs 0.25; 2nd stage top 16: coverage 0.2, head 0.6)", {}),
    ("+ split words (ٹی20 → ٹی 20 as two words)", {"split_words": True}),
    ("no second stage", {"rerank_depth": 0}),
    ("no second stage, no lead, no pairs", {"rerank_depth": 0, "lead_boost": 0, "pair_boost": 0}),
    ("2nd stage: coverage only (0.2)", {"head_coverage_boost": 0.0}),
    ("2nd stage: head only (0.6)", {"coverage_boost": 0.0}),
    ("2nd stage: coverage 0.4", {"coverage_boost": 0.4}),
    ("2nd stage: head 0.4", {"head_coverage_boost": 0.4}),
    ("2nd stage: head 0.8", {"head_coverage_boost": 0.8}),
    ("2nd stage: top 8", {"rerank_depth": 8}),
    ("2nd stage: top 32", {"rerank_depth": 32}),
    ("lead 0.3", {"lead_boost": 0.3}),
    ("lead 0.8", {"lead_boost": 0.8}),
    ("pairs 0.15", {"pair_boost": 0.15}),
    ("pairs 0.4", {"pair_boost": 0.4}),
    ("common words widen the match set", {"common_fraction": 1.0}),
    (
        "before 2026-12-03 (no run gain, title boost whole)",
        {"run_boost": 0.0, "title_boost_words": 0},
    ),
    ("2nd stage: no run gain", {"run_boost": 0.0}),
    ("title boost whole (not scaled for long queries)", {"title_boost_words": 0}),
    ("title boost scaled past 1 word", {"title_boost_words": 1}),
    ("title boost scaled past 3 words", {"title_boost_words": 3}),
    ("2nd stage: run gain 0.5", {"run_boost": 0.5}),
    ("2nd stage: run gain 1.5", {"run_boost": 1.5}),
    ("2nd stage: run gain 2", {"run_boost": 2.0}),
    ("2nd stage: run power 2", {"run_power": 2.0}),
    ("2nd stage: run power 2, gain 2", {"run_boost": 2.0, "run_power": 2.0}),
    (
        "no lead, no pairs, no head coverage",
        {"lead_boost": 0, "pair_boost": 0, "head_coverage_boost": 0},
    ),
]


def index_ablation(
    db: Path, alias: dict[str, frozenset[str]], sets: dict[str, list[dict[str, str]]]
) -> list[tuple[str, dict[str, float]]]:
    """MRR@10 of each :data:`INDEX_VARIANTS` ranking through the real search API, on each
    query set of ``sets`` (tune and test: keys ``SET/tune``, ``SET/test``)."""
    from akhbar.search import SearchConfig
    from akhbar.search.evaluate import api_searcher, rank_queries

    rows = []
    for name, overrides in INDEX_VARIANTS:
        search = api_searcher(db, SearchConfig(**overrides))
        res = {}
        for set_name, queries in sets.items():
            ranks = rank_queries(queries, search, alias)
            for split in ("tune", "test"):
                res[f"{set_name}/{split}"] = mrr_at_k(
                    [ranks[q["qid"]] for q in queries if q.get("split") == split]
                )
        print(f"  {name:<44}", " ".join(f"{v:.4f}" for v in res.values()), flush=True)
        rows.append((name, res))
    return rows


#: Query expansion with the word vectors' nearest neighbours (``SearchConfig.expand_*``).
SEMANTIC_VARIANTS: list[tuple[str, dict[str, float]]] = [
    ("no expansion (shipped)", {}),
    ("2 neighbours x0.05", {"expand_neighbours": 2, "expand_boost": 0.05}),
    ("2 neighbours x0.1", {"expand_neighbours": 2, "expand_boost": 0.1}),
    ("2 neighbours x0.2", {"expand_neighbours": 2, "expand_boost": 0.2}),
    ("4 neighbours x0.1", {"expand_neighbours": 4, "expand_boost": 0.1}),
    (
        "1 neighbour x0.3, similarity >= 0.7",
        {"expand_neighbours": 1, "expand_boost": 0.3, "expand_min_similarity": 0.7},
    ),
]
#: Weights of the cosine gain tried in :func:`semantic_ablation`'s second-stage emulation.
COSINE_WEIGHTS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)


def semantic_ablation(
    db: Path, alias: dict[str, frozenset[str]], queries: list[dict[str, str]], vectors: Path
) -> dict[str, Any]:
    """Semantic signals from the word vectors in ``vectors`` (``scripts/train_search_vectors.py
    --out``), MRR@10 on tune / test, plain queries:

    * query expansion through the real search API (:data:`SEMANTIC_VARIANTS`);
    * a second-stage cosine: the API's first 16 hits (its second stage on) gain ``w`` x the
      cosine of the query's and the article's IDF-weighted mean vectors (article: its first 30
      or 60 body terms, or the whole body) and are re-sorted; ``w`` from
      :data:`COSINE_WEIGHTS`, the best on ``tune`` reported with its ``test`` figure.
    """
    import math

    from akhbar.search import Archive, QueryError, SearchConfig, semantic
    from akhbar.search.evaluate import api_searcher, rank_queries

    vs = semantic.load_vectors(vectors)
    semantic._LOADED[:] = [vs]  # the API's expansion uses these vectors
    splits = ("tune", "test")
    out: dict[str, Any] = {"vectors": str(vectors), "expansion": [], "cosine": []}
    for name, overrides in SEMANTIC_VARIANTS:
        ranks = rank_queries(queries, api_searcher(db, SearchConfig(**overrides)), alias)
        res = {
            part: mrr_at_k([ranks[q["qid"]] for q in queries if q.get("split") == part])
            for part in splits
        }
        print(f"  expansion: {name:<40} {res['tune']:.4f} {res['test']:.4f}", flush=True)
        out["expansion"].append((name, res))

    ids, body = store_terms(db)
    n = len(body)
    df: Counter[str] = Counter(t for d in body for t in set(d))
    idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def mean(ts: Sequence[str]) -> np.ndarray:
        v = np.zeros(vs.dims, dtype=np.float32)
        for t in ts:
            if (i := vs.index.get(t)) is not None:
                v += vs.matrix[i] * idf.get(t, 0.0)
        norm = float(np.linalg.norm(v))
        return v / norm if norm > 0 else v

    spans: dict[str, int | None] = {"first 30": 30, "first 60": 60, "body": None}
    art = {k: {i: mean(d[:m]) for i, d in zip(ids, body, strict=True)} for k, m in spans.items()}
    archive = Archive.open(db, SearchConfig(rerank_depth=16))
    rows = []  # (split, [(score, {span: cos})], relevant flags, rank in the API's order)
    for q in queries:
        try:
            hits = archive.search(q["query"], limit=30, facets=False, snippets=False).hits
        except QueryError:
            hits = ()
        qts = [t for t in dict.fromkeys(terms(q["query"])) if df.get(t, 0) <= n / 2]
        qv = mean(qts)
        wanted = alias.get(q["target"]) or frozenset((q["target"],))
        feats = [(h.score, {k: float(qv @ art[k][h.id]) for k in spans}) for h in hits]
        rel = [h.id in wanted for h in hits]
        rows.append((q.get("split"), feats, rel))

    def mrr(w: float, span: str, split: str) -> float:
        ranks: list[int | None] = []
        for part, feats, rel in rows:
            if part != split:
                continue
            top = sorted(
                range(min(16, len(feats))), key=lambda j: -(feats[j][0] + w * feats[j][1][span])
            )
            order = top + list(range(len(top), len(feats)))
            ranks.append(next((r for r, j in enumerate(order, 1) if rel[j]), None))
        return mrr_at_k(ranks)

    base = {part: mrr(0.0, "body", part) for part in splits}
    print(f"  cosine: none {base['tune']:.4f} {base['test']:.4f}", flush=True)
    for span in spans:
        res = [(w, mrr(w, span, "tune"), mrr(w, span, "test")) for w in COSINE_WEIGHTS]
        w, tune, test = max(res, key=lambda r: r[1])
        print(f"  cosine: {span:<9} best on tune w={w}: {tune:.4f} {test:.4f}", flush=True)
        out["cosine"].append({"span": span, "best_w": w, "tune": tune, "test": test, "all": res})
    out["cosine_base"] = base
    return out


def index_title_boosts(
    db: Path, queries: list[dict[str, str]], docs: dict[str, str]
) -> list[tuple[float, float]]:
    """The title boost of the index ranking on the proxy task of :func:`title_weights` (query =
    a target's first sentence, first 25 terms; document = its headline as title + the rest of
    the body): an in-memory tantivy index with the search index's text fields, queried as the
    engine queries free text (body + title x boost + lead x0.5 + pairs x0.25)."""
    import tantivy
    from tantivy import Occur
    from tantivy import Query as TQ

    from akhbar.search.index import LEAD_TERMS, PAIR_JOIN, PAIR_TERMS

    ids, body = store_terms(db)
    heads = {q["target"]: q["headline"] for q in queries}
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("n", fast=True)
    for f in ("title", "body", "lead", "pairs"):
        sb.add_text_field(f, tokenizer_name="whitespace", index_option="freq")
    schema = sb.build()
    index = tantivy.Index(schema)
    writer = index.writer(100_000_000, 1)
    leads: dict[int, list[str]] = {}
    for n, (i, whole) in enumerate(zip(ids, body, strict=True)):
        title: list[str] = []
        d = whole
        if i in heads:
            first = re.split(r"(?<=[۔.!?؟])\s+", docs[i], maxsplit=1)[0]
            ft = terms(first)
            leads[n] = ft[:25]
            title, d = terms(heads[i]), whole[len(ft) :]
        doc = tantivy.Document()
        doc.add_unsigned("n", n)
        doc.add_text("title", " ".join(title))
        doc.add_text("body", " ".join(d))
        doc.add_text("lead", " ".join(d[:LEAD_TERMS]))
        doc.add_text("pairs", " ".join(a + PAIR_JOIN + b for a, b in pairwise(d[:PAIR_TERMS])))
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    out = []
    for boost in (1.0, 2.0, 3.0, 5.0, 8.0):
        ranks = []
        for n, lt in leads.items():
            if len(lt) < 5:
                continue
            parts = []
            for t in dict.fromkeys(lt):
                parts += [
                    (Occur.Should, TQ.term_query(schema, "body", t)),
                    (Occur.Should, TQ.boost_query(TQ.term_query(schema, "title", t), boost)),
                    (Occur.Should, TQ.boost_query(TQ.term_query(schema, "lead", t), 0.5)),
                ]
            for a, b in dict.fromkeys(pairwise(lt)):
                pair = TQ.term_query(schema, "pairs", a + PAIR_JOIN + b)
                parts.append((Occur.Should, TQ.boost_query(pair, 0.25)))
            hits = searcher.search(TQ.boolean_query(parts), 10).hits
            got = searcher.fast_field_values("n", [a for _, a in hits])
            ranks.append(got.index(n) + 1 if n in got else None)
        out.append((boost, mrr_at_k(ranks)))
        print(f"  index title boost {boost:>4}: MRR@10 {out[-1][1]:.4f} ({len(ranks)})", flush=True)
    return out


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def _fmt(m: dict[str, float]) -> str:
    return f"{m['mrr@10']:.4f} | {m['recall@10']:.4f} | {m['recall@100']:.4f} | {m['ndcg@10']:.4f}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("devset", type=Path, help="folder written by scripts/build_retrieval_devset.py")
    ap.add_argument("--quick", action="store_true", help="every 4th query, no ablation")
    ap.add_argument("--ablation", action="store_true", help="also score the variants")
    ap.add_argument(
        "--index-ablation",
        action="store_true",
        help="also score variants of the index ranking (SearchConfig boosts)",
    )
    ap.add_argument(
        "--write", action="store_true", help="write DEVSET/results.json (figures for RETRIEVAL.md)"
    )
    ap.add_argument(
        "--index-only",
        action="store_true",
        help="only akhbar on its search index (no FTS5 path, FTS5 default or bm25s peers)",
    )
    ap.add_argument(
        "--semantic",
        type=Path,
        metavar="VECTORS",
        help="also score semantic signals with the word vectors in this folder "
        "(scripts/train_search_vectors.py --out VECTORS)",
    )
    ap.add_argument(
        "--passages",
        action="store_true",
        help="also the passage query sets (queries-passage-{5,8,12}.jsonl); with "
        "--index-ablation, the variants are scored on passage-8 too",
    )
    ap.add_argument(
        "--titled",
        action="store_true",
        help="documents with their headlines as titles (docs-titled.jsonl; the peers index "
        "title + body): for passage queries (headline queries then find their title)",
    )
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    dev: Path = args.devset
    sets = {**QUERY_SETS, **(PASSAGE_SETS if args.passages else {})}
    queries = {name: load_queries(dev / f) for name, f in sets.items()}
    if args.quick:
        queries = {n: qs[::4] for n, qs in queries.items()}
    docs_path = dev / ("docs-titled.jsonl" if args.titled else "docs.jsonl")
    docs = load_docs(docs_path)
    results: dict[str, dict[str, Ranks]] = {}
    seconds: dict[str, float] = {}
    splits = {q["qid"]: q.get("split", "") for qs in queries.values() for q in qs}

    # akhbar: one store, all three query sets (the evaluation API builds it; we keep it for reuse)
    import tempfile

    from akhbar.search.evaluate import build_store, default_searcher, rank_queries

    tmp = Path(tempfile.mkdtemp(prefix="akhbar-bench-"))
    db = tmp / "eval.db"
    t0 = time.perf_counter()
    _, alias = build_store(docs_path, db, workers=args.workers)
    index_s = time.perf_counter() - t0
    run, ranker = default_searcher(db)
    t0 = time.perf_counter()
    results["akhbar"] = {n: rank_queries(qs, run, alias) for n, qs in queries.items()}
    seconds["akhbar"] = time.perf_counter() - t0
    print(f"akhbar ({ranker}): index {index_s:.1f}s, queries {seconds['akhbar']:.1f}s", flush=True)
    if ranker != "interim-fts5-bm25" and not args.index_only:
        from akhbar.search import SearchConfig
        from akhbar.search.evaluate import api_searcher

        fallback = api_searcher(db, SearchConfig(use_index=False))
        t0 = time.perf_counter()
        results["akhbar-fts5"] = {n: rank_queries(qs, fallback, alias) for n, qs in queries.items()}
        seconds["akhbar-fts5"] = time.perf_counter() - t0
    if not args.index_only:
        t0 = time.perf_counter()
        results["fts5-default"] = fts5_default(docs, queries)
        seconds["fts5-default"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        results["bm25s"] = bm25s_default(docs, queries)
        seconds["bm25s"] = time.perf_counter() - t0
    try:
        import bm25s

        bm25s_version = bm25s.__version__
    except ImportError:
        bm25s_version = None

    table: dict[str, Any] = {}
    print("\nsystem | queries | MRR@10 | Recall@10 | Recall@100 | nDCG@10")
    for system, per in results.items():
        for qname, ranks in per.items():
            for split in ("all", "tune", "test"):
                r = [v for k, v in ranks.items() if split == "all" or splits.get(k) == split]
                m = summarize(r)
                table[f"{system}/{qname}/{split}"] = {
                    "n": len(r),
                    **{k: round(v, 4) for k, v in m.items()},
                }
                if split == "all":
                    print(f"{system} {qname} | {len(r)} | {_fmt(m)}")
    out: dict[str, Any] = {
        "devset_manifest": json.loads((dev / "manifest.json").read_text(encoding="utf-8")),
        "quick": args.quick,
        "docs": docs_path.name,
        "ranker": ranker,
        "bm25s_version": bm25s_version,
        "sqlite_version": sqlite3.sqlite_version,
        "python": platform.python_version(),
        "index_seconds": round(index_s, 1),
        "query_seconds": {k: round(v, 1) for k, v in seconds.items()},
        "results": table,
    }
    if args.ablation and not args.quick:
        print(
            "\nablation (MRR@10: plain/tune plain/test arabic/tune arabic/test full/tune full/test)"
        )
        out["ablation"] = ablation(db, alias, queries)
        heads = {q["qid"]: q["query"] for q in queries["plain"]}
        tq = [{"target": q["target"], "headline": heads[q["qid"]]} for q in queries["plain"]]
        print("\ntitle/body weights (proxy task: body's first sentence -> headline + rest of body)")
        out["title_weights"] = title_weights(db, tq, {d["id"]: d["text"] for d in docs})
    if args.index_ablation and not args.quick:
        scored = {n: queries[n] for n in ("plain", "passage-8") if n in queries}
        print(f"\nindex ranking variants (MRR@10, tune / test: {' / '.join(scored)})")
        out["index_ablation"] = index_ablation(db, alias, scored)
        print("\nindex title boost (proxy task: body's first sentence -> headline + rest of body)")
        heads = {q["qid"]: q["query"] for q in queries["plain"]}
        tq = [{"target": q["target"], "headline": heads[q["qid"]]} for q in queries["plain"]]
        out["index_title_boosts"] = index_title_boosts(db, tq, {d["id"]: d["text"] for d in docs})
    if args.semantic is not None and not args.quick:
        print("\nsemantic signals (MRR@10, plain queries: tune / test)")
        out["semantic"] = semantic_ablation(db, alias, queries["plain"], args.semantic)
    if args.write:
        name = (
            "results" + ("-passages" if args.passages else "") + ("-titled" if args.titled else "")
        )
        (dev / f"{name}{'-quick' if args.quick else ''}.json").write_text(
            json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
