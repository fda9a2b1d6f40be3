"""Train the word vectors of search's semantic second stage (``make train-search-vectors``).

    .venv/bin/python scripts/train_search_vectors.py            # write akhbar/search/data/
    .venv/bin/python scripts/train_search_vectors.py --out DIR  # elsewhere (experiments)

Distributional vectors, the approach of ``scripts/train_ner.py``'s word clusters with a wider
context: the analyzer's terms (what the index holds and queries are cut into) of the shared
Urdu news; a term x context-term matrix of co-occurrences within ``--window`` terms of each
other in one paragraph; positive PMI (context distribution smoothed by ^0.75); a truncated SVD
to ``--dims`` dimensions; rows scaled to unit length.  Deterministic (fixed seed).

Text (``../shared/data/news``): the Express headlines 2012-2018 (headline and summary as one
paragraph: which words a headline uses for which words of a report), the bodies of the
outlets-2024 and UrduPoint articles (never their headlines: those are the retrieval
benchmark's queries), the Bend the Truth articles.  The vectors are derived counts, not text.

Output: ``search_vectors.npy`` (float16, ``(words, dims)``) and ``search_vectors.txt`` (one
term a line, row order; most frequent first) and ``search_vectors.json`` (settings, sizes,
SHA-256 of both files, which :mod:`akhbar.search.semantic` checks at load).  Needs scipy (the
``train`` extra).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import pickle
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.text.analyzer import terms  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "akhbar" / "search" / "data"
SEED = 20261125


def news_texts(data: Path) -> Iterator[str]:
    """The shared news paragraphs (see the module docstring for which)."""
    news = data / "news"
    csv.field_size_limit(1 << 30)
    with open(news / "express-headlines-2012-2018.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            yield f"{row.get('title') or ''}۔ {row.get('summary') or ''}"
    for path in sorted((news / "outlets-2024").glob("*.csv")):
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                yield from (row.get("Content") or row.get("content") or "").split("\n")
    with open(news / "urdupoint-2023-sample.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield from (row.get("News") or "").split("\n")
    for p in sorted((news / "bend-the-truth").rglob("*.txt")):
        yield from p.read_text(encoding="utf-8").split("\n")


def corpus(data: Path, cache: Path | None) -> list[list[str]]:
    """Each paragraph as analyzer terms (cached in ``cache`` when given: tokenizing is slow)."""
    if cache is not None and cache.exists():
        with open(cache, "rb") as fh:
            cached: list[list[str]] = pickle.load(fh)
        return cached
    paras = [ts for text in news_texts(data) if (ts := terms(text))]
    if cache is not None:
        with open(cache, "wb") as fh:
            pickle.dump(paras, fh)
    return paras


def train(
    paras: list[list[str]],
    *,
    words: int,
    contexts: int,
    window: int,
    dims: int,
    min_count: int,
    power: float,
) -> tuple[list[str], np.ndarray]:
    """The vocabulary (most frequent first) and its unit-length vectors (float32)."""
    from scipy.sparse import coo_matrix  # type: ignore[import-untyped]
    from scipy.sparse.linalg import svds  # type: ignore[import-untyped]

    counts = Counter(t for p in paras for t in p)
    vocab = [w for w, c in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if c >= min_count]
    vocab = vocab[:words]
    vid = {w: i for i, w in enumerate(vocab)}
    # One array of term ids, -1 between paragraphs (and for terms outside the vocabulary).
    ids = np.fromiter(
        (vid.get(t, -1) for p in paras for t in (*p, "\x00")), dtype=np.int64, count=-1
    )
    sep = np.fromiter((i for p in paras for i in ([0] * len(p) + [1])), dtype=np.int64)
    pid = np.cumsum(sep)
    rows_l: list[np.ndarray] = []
    cols_l: list[np.ndarray] = []
    for d in range(1, window + 1):
        a, b = ids[:-d], ids[d:]
        ok = (a >= 0) & (b >= 0) & (pid[:-d] == pid[d:])
        a, b = a[ok], b[ok]
        # symmetric: each word is the other's context (contexts: the most frequent terms)
        m = b < contexts
        rows_l.append(a[m])
        cols_l.append(b[m])
        m = a < contexts
        rows_l.append(b[m])
        cols_l.append(a[m])
    rows = np.concatenate(rows_l)
    cols = np.concatenate(cols_l)
    mat = coo_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(vocab), contexts)
    ).tocsr()
    mat.sum_duplicates()
    coo = mat.tocoo()
    total = coo.data.sum()
    row_sum = np.asarray(mat.sum(axis=1)).ravel()
    col_sum = np.asarray(mat.sum(axis=0)).ravel() ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = coo_matrix(
        (pmi[keep], (coo.row[keep], coo.col[keep])), shape=(len(vocab), contexts)
    ).tocsr()
    rng = np.random.default_rng(SEED)
    u, sv, _ = svds(ppmi, k=dims, v0=rng.standard_normal(min(ppmi.shape)))
    order = np.argsort(-sv)
    x = u[:, order] * (sv[order] ** power)
    # a fixed sign per dimension (svds may flip them between runs)
    x *= np.sign(x.sum(axis=0) + 1e-12)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-12
    return vocab, x.astype(np.float32)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write(vocab: list[str], vecs: np.ndarray, out: Path, meta: dict[str, object]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "search_vectors.npy", vecs.astype(np.float16), allow_pickle=False)
    (out / "search_vectors.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    meta = {
        **meta,
        "words": len(vocab),
        "dims": int(vecs.shape[1]),
        "sha256": {
            name: sha256(out / name) for name in ("search_vectors.npy", "search_vectors.txt")
        },
    }
    (out / "search_vectors.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, help="pickle of the tokenized corpus (reused if there)")
    ap.add_argument("--words", type=int, default=40_000)
    ap.add_argument("--contexts", type=int, default=20_000)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--dims", type=int, default=64)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--power", type=float, default=0.5, help="singular values ^ power")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    paras = corpus(args.data, args.cache)
    n_terms = sum(map(len, paras))
    print(f"corpus: {len(paras)} paragraphs, {n_terms} terms ({time.perf_counter() - t0:.0f}s)")
    vocab, vecs = train(
        paras,
        words=args.words,
        contexts=args.contexts,
        window=args.window,
        dims=args.dims,
        min_count=args.min_count,
        power=args.power,
    )
    meta = {
        "trained_by": "scripts/train_search_vectors.py",
        "paragraphs": len(paras),
        "terms": n_terms,
        "window": args.window,
        "contexts": args.contexts,
        "min_count": args.min_count,
        "power": args.power,
        "seed": SEED,
    }
    write(vocab, vecs, args.out, meta)
    print(
        f"{len(vocab)} words x {vecs.shape[1]} dims -> {args.out} ({time.perf_counter() - t0:.0f}s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
