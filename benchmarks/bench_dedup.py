"""Near-duplicate detection: quality and speed of akhbar.dedup, side by side with datasketch.

    .venv/bin/python benchmarks/bench_dedup.py            # full run (~2-3 min), writes DEDUP.md
    .venv/bin/python benchmarks/bench_dedup.py --quick    # a short run, prints only

1. Throughput: MinHash signatures of the 2,541 outlet articles, ours vs datasketch
   ``MinHash.bulk`` with the same shingles and ``num_perm``, best of 5, timed in turns.
2. Parameter choice: word n-gram size and ``num_perm`` on synthetic edits of real articles.
3. Cross-outlet duplicates: reference pairs = exact shingle Jaccard >= t over all pairs (prefix
   filtering makes the all-pairs join exact and cheap), vs LSH predictions of ours and datasketch.
4. Synthetic edits (one row per edit type) + unrelated-pair negatives, ours vs datasketch.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.dedup import (  # noqa: E402
    DedupConfig,
    LSHIndex,
    estimate_jaccard,
    shingle_hashes,
    shingles,
    signatures,
    words,
)
from tests.dedup.synthetic import EDITS, load_articles, make_variant  # noqa: E402

Pair = tuple[int, int]
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def jaccard(a: set[int], b: set[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def all_pairs_above(sets: Sequence[set[int]], t: float) -> dict[Pair, float]:
    """Every pair with exact Jaccard >= t (prefix filtering: exact, no pair is missed)."""
    freq: Counter[int] = Counter()
    for s in sets:
        freq.update(s)
    index: dict[int, list[int]] = {}
    out: dict[Pair, float] = {}
    for i, s in enumerate(sets):
        if not s:
            continue
        ordered = sorted(s, key=lambda e: (freq[e], e))
        prefix = ordered[: len(s) - math.ceil(t * len(s)) + 1]
        cands: set[int] = set()
        for e in prefix:
            cands.update(index.get(e, ()))
            index.setdefault(e, []).append(i)
        for j in cands:
            big, small = max(len(s), len(sets[j])), min(len(s), len(sets[j]))
            if small < t * big:
                continue
            jac = jaccard(s, sets[j])
            if jac >= t:
                out[(j, i)] = jac
    return out


def ours_pairs(sigs: np.ndarray, cfg: DedupConfig) -> tuple[set[Pair], set[Pair]]:
    """(LSH candidate pairs, candidates verified by estimated Jaccard >= threshold)."""
    idx = LSHIndex(cfg.bands, cfg.rows)
    cand: set[Pair] = set()
    ver: set[Pair] = set()
    for i, sig in enumerate(sigs):
        for j in idx.query(sig):
            p = (int(str(j)), i)
            cand.add(p)
            if estimate_jaccard(sig, sigs[int(str(j))]) >= cfg.threshold:
                ver.add(p)
        idx.add(i, sig)
    return cand, ver


def ds_minhashes(shingle_lists: Sequence[list[bytes]], num_perm: int) -> list[MinHash]:
    return MinHash.bulk(shingle_lists, num_perm=num_perm)


def ds_pairs(mhs: Sequence[MinHash], t: float, num_perm: int) -> tuple[set[Pair], set[Pair]]:
    lsh = MinHashLSH(threshold=t, num_perm=num_perm)
    for i, m in enumerate(mhs):
        if len(m.hashvalues) and not m.is_empty():
            lsh.insert(i, m)
    cand: set[Pair] = set()
    for i, m in enumerate(mhs):
        if m.is_empty():
            continue
        for j in lsh.query(m):
            if j != i:
                cand.add((min(i, j), max(i, j)))
    ver = {p for p in cand if mhs[p[0]].jaccard(mhs[p[1]]) >= t}
    return cand, ver


def pr(pred: set[Pair], truth: set[Pair]) -> tuple[float, float]:
    tp = len(pred & truth)
    return (tp / len(pred) if pred else 1.0), (tp / len(truth) if truth else 1.0)


def fmt(p: float, r: float) -> str:
    return f"{p:.3f} / {r:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="short run on a subset, no DEDUP.md")
    args = ap.parse_args()
    quick: bool = args.quick
    t_start = time.perf_counter()
    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    cfg = DedupConfig()
    arts = load_articles()
    if quick:
        arts = arts[::5]
    ids = [a[0] for a in arts]
    t0 = time.perf_counter()
    toks = [words(body) for _, _, body in arts]
    analyze_s = time.perf_counter() - t0
    n_words = sum(map(len, toks))
    say(f"# Dedup benchmark ({'quick' if quick else 'full'} run)")
    say()
    say(
        f"Corpus: {len(arts)} outlet articles, {n_words:,} analyzer words "
        f"(analysis took {analyze_s:.1f} s, not part of any throughput figure below)."
    )
    say(f"Defaults: `{cfg.fingerprint()}`, threshold {cfg.threshold}.")

    # ---- 1. Throughput --------------------------------------------------------------------
    say()
    say("## 1. MinHash throughput (same documents, same shingles, same num_perm; best of 5)")
    say()
    say(
        "| num_perm | ours docs/s | datasketch bulk docs/s | ratio | ratio incl. ds shingle bytes |"
    )
    say("|---|---|---|---|---|")
    shingle_bytes = [[s.encode() for s in shingles(t, cfg.ngram)] for t in toks]
    for num_perm in (64, 128, 256):
        c = DedupConfig(num_perm=num_perm)
        # In turns, so that a change in the machine's load hits both sides alike.
        turns = [
            (
                _timed(lambda c=c: signatures(toks, c)),
                _timed(lambda n=num_perm: ds_minhashes(shingle_bytes, n)),
            )
            for _ in range(5)
        ]
        ours_t = min(t for t, _ in turns)
        ds_t = min(t for _, t in turns)
        build_t = min(
            _timed(lambda: [[s.encode() for s in shingles(t, cfg.ngram)] for t in toks])
            for _ in range(2)
        )
        ours_r, ds_r = len(toks) / ours_t, len(toks) / ds_t
        say(
            f"| {num_perm} | {ours_r:,.0f} | {ds_r:,.0f} | **{ours_r / ds_r:.1f}x** | "
            f"{(ds_t + build_t) / ours_t:.1f}x |"
        )
    say()
    say(
        "Ours starts from the analyzer's word lists and includes hashing words and building "
        "n-gram hashes; datasketch gets the shingles already built and UTF-8 encoded (its "
        "`MinHash.bulk` input), so the first ratio favours datasketch. The last column adds "
        "datasketch's shingle construction."
    )

    # ---- synthetic set ---------------------------------------------------------------------
    rng = random.Random(20241125)
    sets3 = [set(shingle_hashes(t, 3).tolist()) for t in toks]
    near = all_pairs_above(sets3, 0.3)
    in_pair = {i for p in near for i in p}
    pool = [i for i, t in enumerate(toks) if len(t) >= 80 and i not in in_pair]
    originals = rng.sample(pool, 60 if quick else 300)
    syn_docs: list[list[str]] = []
    syn_origin: list[int] = []
    syn_kind: list[str] = []
    for k, i in enumerate(originals):
        syn_docs.append(toks[i])
        syn_origin.append(k)
        syn_kind.append("original")
        donor = arts[originals[(k + 1) % len(originals)]][2]
        for kind in EDITS:
            syn_docs.append(words(make_variant(kind, arts[i][2], rng, donor)))
            syn_origin.append(k)
            syn_kind.append(kind)
    orig_pos = {syn_origin[d]: d for d in range(len(syn_docs)) if syn_kind[d] == "original"}
    positives: dict[str, list[Pair]] = {kind: [] for kind in EDITS}
    for d in range(len(syn_docs)):
        if syn_kind[d] != "original":
            positives[syn_kind[d]].append((orig_pos[syn_origin[d]], d))
    origs = sorted(orig_pos.values())
    negatives = set()
    while len(negatives) < (500 if quick else 3000):
        a, b = rng.sample(origs, 2)
        negatives.add((min(a, b), max(a, b)))

    # ---- 2. Parameters -------------------------------------------------------------------
    say()
    say("## 2. Choosing the shingle size n (exact Jaccard on the synthetic pairs)")
    say()
    say(
        "Mean exact Jaccard of (original, variant) per edit type, and of unrelated pairs "
        "(max and 99.9th percentile), per word n-gram size."
    )
    say()
    say("| n | " + " | ".join(EDITS) + " | unrelated max | unrelated p99.9 |")
    say("|---|" + "---|" * (len(EDITS) + 2))
    for n in (1, 2, 3, 4, 5):
        sets_n = [set(shingle_hashes(d, n).tolist()) for d in syn_docs]
        means = [np.mean([jaccard(sets_n[a], sets_n[b]) for a, b in positives[k]]) for k in EDITS]
        neg = np.array([jaccard(sets_n[a], sets_n[b]) for a, b in negatives])
        say(
            f"| {n} | "
            + " | ".join(f"{m:.3f}" for m in means)
            + f" | {neg.max():.3f} | {np.quantile(neg, 0.999):.3f} |"
        )

    syn_sets = [set(shingle_hashes(d, cfg.ngram).tolist()) for d in syn_docs]
    say()
    say("### num_perm: estimation error and speed")
    say()
    say(
        "RMSE of estimated vs exact Jaccard over all synthetic positive pairs "
        "(theory: sqrt(J(1-J)/k) per pair)."
    )
    say()
    say("| num_perm | RMSE ours | RMSE datasketch | theory at J=0.75 |")
    say("|---|---|---|---|")
    all_pos = [p for k in EDITS for p in positives[k]]
    exact_pos = np.array([jaccard(syn_sets[a], syn_sets[b]) for a, b in all_pos])
    syn_bytes = [[s.encode() for s in shingles(d, cfg.ngram)] for d in syn_docs]
    for num_perm in (64, 128, 256):
        c = DedupConfig(num_perm=num_perm)
        sg = signatures(syn_docs, c)
        est = np.array([estimate_jaccard(sg[a], sg[b]) for a, b in all_pos])
        mh = ds_minhashes(syn_bytes, num_perm)
        est_ds = np.array([mh[a].jaccard(mh[b]) for a, b in all_pos])
        rm = float(np.sqrt(np.mean((est - exact_pos) ** 2)))
        rm_ds = float(np.sqrt(np.mean((est_ds - exact_pos) ** 2)))
        say(f"| {num_perm} | {rm:.4f} | {rm_ds:.4f} | {math.sqrt(0.75 * 0.25 / num_perm):.4f} |")

    # ---- 3. Cross-outlet reference pairs ---------------------------------------------------
    say()
    say("## 3. Real duplicates in the outlet corpus")
    say()
    outlet = [i.split(":")[0] for i in ids]
    truth_all = all_pairs_above(sets3, min(THRESHOLDS))
    say(
        f"Reference: every pair with exact word-3-gram Jaccard >= t, by an exact all-pairs "
        f"join (prefix filtering). {len(truth_all)} pairs >= {min(THRESHOLDS)}:"
    )
    say()
    say("| t | pairs | cross-outlet | same outlet |")
    say("|---|---|---|---|")
    for t in THRESHOLDS:
        ps = [p for p, j in truth_all.items() if j >= t]
        cross = sum(outlet[a] != outlet[b] for a, b in ps)
        say(f"| {t} | {len(ps)} | {cross} | {len(ps) - cross} |")
    sigs = signatures(toks, cfg)
    mhs = ds_minhashes(shingle_bytes, cfg.num_perm)
    say()
    say("Precision / recall against the reference at each threshold (LSH banding from t):")
    say()
    say(
        "| t | bands x rows | ours LSH+verify | ours LSH only | datasketch LSH | "
        "datasketch LSH+verify |"
    )
    say("|---|---|---|---|---|---|")
    for t in THRESHOLDS:
        c = DedupConfig(threshold=t)
        truth = {p for p, j in truth_all.items() if j >= t}
        cand, ver = ours_pairs(sigs, c)
        dcand, dver = ds_pairs(mhs, t, cfg.num_perm)
        say(
            f"| {t} | {c.bands}x{c.rows} | {fmt(*pr(ver, truth))} | {fmt(*pr(cand, truth))} "
            f"| {fmt(*pr(dcand, truth))} | {fmt(*pr(dver, truth))} |"
        )
    say()
    say("Sample of reference pairs by Jaccard band (titles; for the hand check in the notes):")
    say()
    srng = random.Random(7)
    for lo, hi in ((0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)):
        band = sorted(p for p, j in truth_all.items() if lo <= j < hi)
        for a, b in srng.sample(band, min(3, len(band))):
            say(
                f"- J={truth_all[(a, b)]:.2f} `{ids[a]}` «{arts[a][1][:60]}» — "
                f"`{ids[b]}` «{arts[b][1][:60]}»"
            )

    # ---- 4. Synthetic edits --------------------------------------------------------------
    say()
    say(f"## 4. Synthetic edits of {len(originals)} real articles (threshold {cfg.threshold})")
    say()
    say(
        "All originals and variants in one index. Recall per edit type = share of (original, "
        "variant) pairs found; exact J = the pair's true word-3-gram Jaccard. Precision over "
        "every predicted pair (a pair is right when both come from the same original). "
        f"{len(negatives)} random unrelated original pairs are the negatives."
    )
    syn_sig = signatures(syn_docs, cfg)
    syn_mh = ds_minhashes(syn_bytes, cfg.num_perm)
    cand, ver = ours_pairs(syn_sig, cfg)
    dcand, dver = ds_pairs(syn_mh, cfg.threshold, cfg.num_perm)
    say()
    say(
        "| edit | pairs | exact J mean (min) | share exact J >= t | ours LSH+verify | "
        "datasketch LSH | datasketch LSH+verify |"
    )
    say("|---|---|---|---|---|---|---|")
    for kind in EDITS:
        pos = positives[kind]
        ex = [jaccard(syn_sets[a], syn_sets[b]) for a, b in pos]
        above = np.mean([j >= cfg.threshold for j in ex])

        def rec(pred: set[Pair], pos: list[Pair] = pos) -> float:
            return sum(p in pred for p in pos) / len(pos)

        say(
            f"| {kind} | {len(pos)} | {np.mean(ex):.3f} ({min(ex):.3f}) | {above:.3f} | "
            f"{rec(ver):.3f} | {rec(dcand):.3f} | {rec(dver):.3f} |"
        )

    def precision(pred: set[Pair]) -> float:
        good = sum(syn_origin[a] == syn_origin[b] for a, b in pred)
        return good / len(pred) if pred else 1.0

    def fp(pred: set[Pair]) -> int:
        return sum(p in pred for p in negatives)

    say()
    say("| system | predicted pairs | precision | unrelated negatives linked |")
    say("|---|---|---|---|")
    for name, pred in (
        ("ours LSH+verify", ver),
        ("ours LSH only", cand),
        ("datasketch LSH", dcand),
        ("datasketch LSH+verify", dver),
    ):
        say(f"| {name} | {len(pred)} | {precision(pred):.3f} | {fp(pred)} / {len(negatives)} |")

    say()
    say(
        f"Total run time: {time.perf_counter() - t_start:.0f} s; load average at the end "
        + "/".join(f"{x:.1f}" for x in os.getloadavg())
        + " (1/5/15 min, 2 cores)."
    )
    if not quick:
        target = ROOT / "benchmarks" / "DEDUP.md"
        notes = target.read_text(encoding="utf-8").split(RESULTS_MARK)[0] if target.exists() else ""
        target.write_text(
            (notes or "# Dedup\n\n") + RESULTS_MARK + "\n\n" + "\n".join(out) + "\n",
            encoding="utf-8",
        )
        print(f"wrote {target}")


RESULTS_MARK = "<!-- results below are written by benchmarks/bench_dedup.py -->"


def _timed(fn: object) -> float:
    t = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
