"""Self-training data for the NER model: the shared news tagged by a trained model.

    .venv/bin/python scripts/ner_pseudo.py --model akhbar/entities/model --out build/pseudo.tsv
    .venv/bin/python scripts/train_ner.py --pseudo build/pseudo.tsv ...

The news sentences (the same ones the encoder's language model reads, ``train_ner.lm_sentences``)
are tagged by a model (the teacher: model + post-decoding rules, as ``tag_token_sentences``
tags them), and a sentence is kept when the model's own best path holds at least ``--min-prob``
of the probability mass of all paths (the CRF + neural scores' forward algorithm): the
sentences the teacher is sure of.  ``--names-only`` keeps only those naming a person, a place
or an organisation.  Written as CoNLL (``word<TAB>tag``, a blank line between sentences).

The functions need the shipped inference only (numpy); ``main`` reads the news sentences
through ``train_ner`` (the ``train`` extra: python-crfsuite).  Measured by 3-fold CV in
benchmarks/NER.md (issue 5, fifteenth round).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from akhbar.entities.ner import Recognizer  # noqa: E402

NAMES = ("PERSON", "LOCATION", "ORGANIZATION")


def path_probabilities(rec: Recognizer, sents: Sequence[Sequence[str]]) -> list[float]:
    """For each sentence, the probability of the model's best label path (before the rules).

    >>> rec = Recognizer().load()
    >>> p = path_probabilities(rec, [["ایران", "اور", "روس"], []])
    >>> 0.0 < p[0] <= 1.0, p[1]
    (True, 1.0)
    """
    es = rec._emissions_batch(sents)
    paths = rec._viterbi_batch(es)
    trans = rec._trans
    out = []
    for e, path in zip(es, paths, strict=True):
        if not len(e):
            out.append(1.0)
            continue
        best = e[0, path[0]] + sum(
            trans[path[t - 1], path[t]] + e[t, path[t]] for t in range(1, len(path))
        )
        alpha = e[0].copy()
        for t in range(1, len(e)):
            s = alpha[:, None] + trans
            m = s.max(axis=0)
            alpha = m + np.log(np.exp(s - m).sum(axis=0)) + e[t]
        m0 = alpha.max()
        log_z = m0 + np.log(np.exp(alpha - m0).sum())
        out.append(float(np.exp(min(0.0, best - log_z))))
    return out


def select(
    rec: Recognizer,
    sents: Sequence[Sequence[str]],
    min_prob: float,
    *,
    names_only: bool = False,
    batch: int = 512,
) -> tuple[list[tuple[list[str], list[str]]], int]:
    """The sentences whose best path has probability ``min_prob`` or more, with their tags
    (model + rules); with ``names_only``, only those naming a person, place or organisation.
    Also returns how many were that sure (named or not).

    >>> kept, sure = select(Recognizer().load(), [["ایران", "اور", "روس"]], 0.0)
    >>> kept, sure
    ([(['ایران', 'اور', 'روس'], ['B-LOCATION', 'O', 'B-LOCATION'])], 1)
    """
    kept: list[tuple[list[str], list[str]]] = []
    sure = 0
    for i in range(0, len(sents), batch):
        chunk = sents[i : i + batch]
        probs = path_probabilities(rec, chunk)
        tags = rec.tag_token_sentences(chunk)
        for words, p, t in zip(chunk, probs, tags, strict=True):
            if p < min_prob:
                continue
            sure += 1
            if names_only and not any(x[2:] in NAMES for x in t):
                continue
            kept.append((list(words), t))
    return kept, sure


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--model", type=Path, default=None, help="teacher model dir (default: shipped)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--sentences", type=int, default=8000, help="how many to keep at most")
    ap.add_argument("--min-prob", type=float, default=0.9)
    ap.add_argument("--names-only", action="store_true")
    ap.add_argument("--min-words", type=int, default=5)
    ap.add_argument("--max-words", type=int, default=40)
    ap.add_argument("--pool", type=int, default=60000, help="news sentences looked at")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "scripts"))
    from train_ner import lm_sentences

    pool = [s for s in lm_sentences() if args.min_words <= len(s) <= args.max_words]
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    # one copy of each sentence (the express headlines repeat)
    seen: set[tuple[str, ...]] = set()
    uniq = []
    for s in pool:
        key = tuple(s)
        if key not in seen:
            seen.add(key)
            uniq.append(s)
        if len(uniq) >= args.pool:
            break
    rec = Recognizer(args.model).load()
    kept, n_conf = select(rec, uniq, args.min_prob, names_only=args.names_only)
    kept = kept[: args.sentences]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for words, t in kept:
            fh.writelines(f"{w}\t{x}\n" for w, x in zip(words, t, strict=True))
            fh.write("\n")
    ents = sum(x.startswith("B-") for _, t in kept for x in t)
    names = sum(x[2:] in NAMES and x.startswith("B-") for _, t in kept for x in t)
    print(
        f"looked at {len(uniq)} sentences, {n_conf} at p >= {args.min_prob}; wrote {len(kept)} "
        f"({sum(len(w) for w, _ in kept)} words, {ents} entities, {names} names) to {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
