"""Train the NER model shipped in akhbar/entities/model/ (``make train-ner``).

    .venv/bin/python scripts/train_ner.py --pretrain-lm build/ner-lm.pt  # the encoder, on news
    .venv/bin/python scripts/train_ner.py --lm build/ner-lm.pt  # train on IL-NER, write the model
    .venv/bin/python scripts/train_ner.py --ablate        # feature / data ablations on IL-NER dev
    .venv/bin/python scripts/train_ner.py --cv 5          # also a 5-fold estimate on train
    .venv/bin/python scripts/train_ner.py --lm build/ner-lm.pt --pseudo news.tsv --out DIR
        # self-training: news tagged by scripts/ner_pseudo.py joins the data (NER.md round 15)

Data (``../shared/data/ner``): IL-NER Urdu train/dev (``token<TAB>BIO``, compounds joined by
``_``: split into words with their tags propagated, as our tokenizer sees raw text); optionally
UNER (UTF-16LE, inline tags) and IJCNLP 2008 (IO tags) after mapping their labels, which
``--ablate`` measures and which are used only with ``--extra``.

Learner: a linear-chain CRF (python-crfsuite, L-BFGS with L1+L2; deterministic).  Its weights
are exported to TSV with full float precision; the script then tags IL-NER dev with the exported
model through :class:`akhbar.entities.ner.Recognizer` and stops with an error unless every tag
equals python-crfsuite's own prediction.  The hash of those predictions goes into model.json so
the test suite can check the shipped inference still reproduces them.

Then (``--neural``, the default) a neural scorer is trained with torch (a BiLSTM with its own
CRF layer over news word vectors, a character CNN and word-class attributes) and shipped as
``neural.npz`` for numpy inference (:mod:`akhbar.entities.neural`); its scores are added to the
CRF's.  Its numpy tags must equal torch's on all but 0.5% of dev sentences (float32 near-ties).
With ``--lm`` the scorer's encoder starts from a language model trained on the shared news by
``--pretrain-lm`` (:meth:`NeuralTrainer.pretrain`; benchmarks/NER.md, round 12).

Needs the ``train-neural`` extra (``pip install -e '.[train-neural]'``: python-crfsuite, scipy,
CPU torch); ``--no-neural`` trains the CRF alone with the ``train`` extra.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import math
import random
import re
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:  # the `train` extra: imported where a CRF is trained, so that the data
    # building functions (build_wordclasses, lm_sentences) run in the core install
    import pycrfsuite  # type: ignore[import-untyped]
from ner_augment import AUGMENT, augment_mentions  # noqa: E402

from akhbar.entities.evaluate import (  # noqa: E402
    PRF,
    TYPES,
    bio_spans,
    read_conll,
    read_uner,
    score,
)
from akhbar.entities.features import OFFSETS, FeatureSet, split_compound  # noqa: E402
from akhbar.entities.ner import Recognizer, bio_label, load_titles, sha256_file  # noqa: E402
from akhbar.entities.neural import _text, dequantize_rows  # noqa: E402
from akhbar.text.keys import match_key  # noqa: E402
from akhbar.text.words import tokenize  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
NER = DATA / "ner"
MODEL = ROOT / "akhbar" / "entities" / "model"
TEXT_DATA = ROOT / "akhbar" / "text" / "data"
SEED = 20240501

#: CRF hyper-parameters: L1 keeps the model small (c1=0 gives a ~10x larger file for +0.2 F1);
#: 150 L-BFGS iterations scored 84.10 on dev vs 83.64 for 300 (early stopping acts as extra
#: regularization), and train twice as fast.  With the word pairs (``--pairs --c1 0.03 --c2
#: 0.03``) 3-fold CV is +0.74 higher; not the default yet (benchmarks/NER.md, issue 5 round 2).
PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}

Sentence = list[tuple[str, str]]

#: Extra training corpus used by default.  ``uner-names`` (UNER restricted to names) and the
#: word classes mined from the news (:func:`mine_name_classes`, ``--mined``) were measured by
#: 3-fold CV on IL-NER train and did not help (benchmarks/NER.md), so both are off by default.
DEFAULT_EXTRA = "none"
DEFAULT_MINED = False
#: Word-pair features (``P-|prev|word``, ``P+|word|next``, see features.py): +0.3 micro F1 on
#: 3-fold CV on train, every fold up; +0.74 with c1=c2=0.03 (benchmarks/NER.md).  Off by
#: default: the shipped model changes its spans on the shared news enough to make the
#: hand-checked link pairs (tests/entities/data/link_pairs.tsv) stale.
DEFAULT_PAIRS = False
#: The neural scorer added to the CRF's scores (torch at training, numpy at inference;
#: ``--neural``, needs the ``train-neural`` extra): a BiLSTM with its own CRF layer, +1.68 micro
#: F1 on 3-fold CV on train (every fold up) and +NEWDEV on dev (benchmarks/NER.md, issue 5
#: round 3).  ``--no-neural`` trains the CRF alone (no torch needed).
DEFAULT_NEURAL = True
#: Label scheme the CRF is trained with: "bio" or "bioes" (inference maps BIOES back to BIO).
SCHEME = "bio"


# ---------------------------------------------------------------------------------------------
# Corpora


def split_sentence(sent: Sentence) -> Sentence:
    """Split ``_`` compounds into words; B-X → B-X I-X …, I-X → I-X …, O → O …"""
    out: Sentence = []
    for tok, tag in sent:
        parts = split_compound(tok)
        out.append((parts[0], tag))
        cont = "O" if tag == "O" else "I-" + tag[2:]
        out.extend((p, cont) for p in parts[1:])
    return out


#: UNER types whose conventions differ from IL-NER's (one span for "چار سو ترپن", "سنہ
#: دوہزارچھ"): sentences holding them are dropped by :func:`read_uner_names`.
UNER_CLASH = ("NUMBER", "DATE", "TIME")


def read_uner_names(path: Path, clash: set[str]) -> list[Sentence]:
    """UNER restricted to what agrees with IL-NER: PERSON / LOCATION / ORGANIZATION spans.

    DESIGNATION → O (IL-NER leaves titles outside names, as UNER does around the person);
    sentences with a NUMBER / DATE / TIME annotation, a digit or a word in ``clash`` (number,
    month, weekday and time words: IL-NER tags ``ایک``, ``دو``, ``جنوری`` as NUMBER / TIME,
    UNER often leaves them untagged) are dropped whole.
    """
    kept = []
    for sent in read_uner(path):
        if any(t[2:] in UNER_CLASH for _, t in sent):
            continue
        if any(_NUMBER_KEY.match(match_key(w) or "x") or match_key(w) in clash for w, _ in sent):
            continue
        kept.append(sent)
    return kept


IJCNLP_MAP = {
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
    "NUMBER": "NUMBER",
    "TIME": "TIME",
}
_SENT_NO = re.compile(r"^[\d۰-۹٠-٩]+۔?$")


def read_ijcnlp(path: Path) -> list[Sentence]:
    """IJCNLP 2008: ``token<TAB>TAG`` IO tags, numbered sentences; re-tokenized with ours."""
    out: list[Sentence] = []
    cur: list[tuple[str, str]] = []
    lines = [*path.read_text(encoding="utf-8-sig").splitlines(), ""]
    for line in lines:
        if not line.strip():
            if cur:
                tags: Sentence = []
                prev = "O"
                for k, (tok, kind) in enumerate(cur):
                    if k == 0 and _SENT_NO.match(tok):
                        continue
                    mapped = IJCNLP_MAP.get(kind, "O")
                    for t in tokenize(tok) or []:
                        if mapped == "O" or t.kind == "punct":
                            tags.append((t.text, "O"))
                            prev = "O"
                        else:
                            tags.append((t.text, ("I-" if prev == mapped else "B-") + mapped))
                            prev = mapped
                out.append(tags)
                cur = []
            continue
        tok, _, kind = line.partition("\t")
        cur.append((tok.strip(), kind.strip()))
    return out


# ---------------------------------------------------------------------------------------------
# Word classes (gazetteer, titles, number / month / weekday / time words)


def _strings(node: Any, keys: tuple[str, ...]) -> Iterable[str]:
    """Every string under any of ``keys`` anywhere in a JSON tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in keys:
                if isinstance(v, str):
                    yield v
                elif isinstance(v, list):
                    yield from (x for x in v if isinstance(x, str))
            yield from _strings(v, keys)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, keys)


def build_wordclasses(clusters: bool = True, mined: bool = True) -> dict[str, set[str]]:
    classes: dict[str, set[str]] = {}
    if clusters:
        for key, ids in build_clusters().items():
            classes.setdefault(key, set()).update(ids)
    if mined:
        for key, names in mine_name_classes(news_paragraphs()).items():
            classes.setdefault(key, set()).update(names)

    def add(word: str, name: str) -> None:
        key = match_key(word)
        if key:
            classes.setdefault(key, set()).add(name)

    for title in load_titles(features=True):
        for key in title:
            classes.setdefault(key, set()).add("ti")
    with open(DATA / "gazetteer" / "countries-en-ur.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            words = row["ur"].split()
            for w in words:
                add(w, "co")
    with open(DATA / "gazetteer" / "wikidata-en-hi-ur-20150427.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            words = (row.get("ur") or "").split()
            if len(words) == 1:
                add(words[0], "gz")
            else:
                for w in words:
                    add(w, "gp")
    sources = {
        "number_words.json": ("nw", ("word",)),
        "months.json": ("mo", ("ur", "en")),
        "weekdays.json": ("wd", ("ur", "en")),
        "time_words.json": ("tw", ("word",)),
    }
    for name, (cls, keys) in sources.items():
        tree = json.loads((TEXT_DATA / name).read_text(encoding="utf-8"))
        for s in _strings(tree, keys):
            if len(s.split()) == 1:
                add(s, cls)
    return classes


def news_texts() -> list[str]:
    """The shared unlabelled Urdu news texts (outlets 2024, UrduPoint, Express headlines, BET)."""
    news = DATA / "news"
    csv.field_size_limit(1 << 30)
    texts: list[str] = []
    for path in sorted((news / "outlets-2024").glob("*.csv")):
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                texts.append(row.get("Content") or row.get("content") or "")
    with open(news / "urdupoint-2023-sample.csv", encoding="utf-8") as fh:
        texts.extend(row.get("News") or "" for row in csv.DictReader(fh))
    with open(news / "express-headlines-2012-2018.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            texts.append(f"{row.get('title') or ''}۔ {row.get('summary') or ''}")
    texts.extend(
        p.read_text(encoding="utf-8") for p in sorted((news / "bend-the-truth").rglob("*.txt"))
    )
    return texts


_NEWS_CACHE: list[list[str | None]] = []


def news_paragraphs() -> list[list[str | None]]:
    """Each news paragraph as word keys; ``None`` marks punctuation and numbers (boundaries).

    Numbers keep their key for the clusters; :data:`_NUMBER_KEY` tells them apart.  Computed
    once per run (tokenizing the news is the slow part).
    """
    if not _NEWS_CACHE:
        for text in news_texts():
            for para in text.split("\n"):
                keys: list[str | None] = []
                for t in tokenize(para):
                    if t.kind in ("word", "latin", "number"):
                        keys.append(sys.intern(match_key(t.text)))
                    elif t.text.strip():
                        keys.append(None)
                if any(k is not None for k in keys):
                    _NEWS_CACHE.append(keys)
    return _NEWS_CACHE


def news_sentences() -> Iterable[list[str]]:
    """Unlabelled Urdu text for word clusters: the shared news sets + IL-NER train words."""
    for para in news_paragraphs():
        words = [k for k in para if k is not None]
        if words:
            yield words
    for sent in read_conll(NER / "il-ner-urdu" / "train.txt").sentences:
        yield [match_key(w) for tok, _ in sent for w in split_compound(tok)]


def load_patterns() -> dict[str, list[tuple[str, ...]]]:
    """``akhbar/entities/data/name_patterns.txt``: kind → word-key tuples."""
    path = ROOT / "akhbar" / "entities" / "data" / "name_patterns.txt"
    out: dict[str, list[tuple[str, ...]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, words = line.split("\t")[:2]
        out.setdefault(kind, []).append(tuple(match_key(w) for w in words.split()))
    return out


_NUMBER_KEY = re.compile(r"^[\d.,:/]+$")

#: Mined classes: name → (min count in the slot, min share of the word's news occurrences).
MINED = {"pt": (5, 0.05), "pf": (5, 0.05), "pl": (5, 0.05), "sp": (5, 0.05), "op": (5, 0.05)}


MINED_PREFIXES = ("c:pt", "c:pf", "c:pl", "c:sp", "c:op", "c:os")


def number_words(fs: FeatureSet) -> set[str]:
    """Keys of the number, month, weekday and time words in a feature set's word classes."""
    return {k for k, v in fs.classes.items() if v & {"nw", "mo", "wd", "tw"}}


def mine_name_classes(
    paras: Iterable[Sequence[str | None]], thresholds: dict[str, tuple[int, float]] | None = None
) -> dict[str, set[str]]:
    """Person / organisation word classes mined from unlabelled news by patterns (deterministic).

    ``pt`` a word of the 1-3-word slot right after a title (titles.txt) and before a stop word
    (name_patterns.txt), ``pf`` / ``pl`` its first / last word; ``sp`` a word of the slot before
    a "said" pattern (``نے کہا``); ``op`` a word of the slot before an organisation word
    (``پارٹی``, ``کمیشن`` …), ``os`` the organisation words themselves.  A word joins a class
    when it fills the slot at least ``count`` times and in at least ``share`` of its occurrences.
    """
    thresholds = thresholds or MINED
    pats = load_patterns()
    stop = {p[0] for p in pats["stop"]}
    titles = load_titles(features=True)
    title_first = {t[0] for t in titles}
    said = pats["said"]
    org = pats["org"]
    said_first = {p[0] for p in said}
    org_first = {p[0] for p in org}
    total: Counter[str] = Counter()
    slots: dict[str, Counter[str]] = {k: Counter() for k in ("pt", "pf", "pl", "sp", "op")}

    def boundary(w: str | None) -> bool:
        return w is None or w in stop or _NUMBER_KEY.match(w) is not None

    def title_at(words: Sequence[str | None], i: int) -> int:
        if words[i] not in title_first:
            return 0
        for t in titles:
            if tuple(words[i : i + len(t)]) == t:
                return len(t)
        return 0

    def back_slot(words: Sequence[str | None], i: int) -> list[str]:
        """The 1-3 words before ``i`` back to a boundary (empty if longer or none)."""
        j = i
        while j > 0 and i - j < 4 and not boundary(words[j - 1]) and not title_at(words, j - 1):
            j -= 1
        if (
            j == i
            or i - j > 3
            or (j > 0 and not (boundary(words[j - 1]) or title_at(words, j - 1)))
        ):
            return []
        return [w for w in words[j:i] if w is not None]

    for words in paras:
        n = len(words)
        total.update(w for w in words if w is not None)
        for i, w in enumerate(words):
            if w is None:
                continue
            if w in title_first and (k := title_at(words, i)):
                if i > 0 and title_at(words, i - 1):
                    continue  # inside a run of titles: counted from its first title
                j = i + k
                while j < n and (k2 := title_at(words, j)):
                    j += k2
                name: list[str] = []
                while j < n and len(name) < 4 and not boundary(words[j]) and not title_at(words, j):
                    name.append(words[j])  # type: ignore[arg-type]
                    j += 1
                if 1 <= len(name) <= 3 and (j == n or boundary(words[j])):
                    slots["pt"].update(name)
                    slots["pf"][name[0]] += 1
                    slots["pl"][name[-1]] += 1
            if w in said_first:
                for p in said:
                    if tuple(words[i : i + len(p)]) == p:
                        slots["sp"].update(back_slot(words, i))
                        break
            if w in org_first:
                for p in org:
                    if tuple(words[i : i + len(p)]) == p:
                        slots["op"].update(back_slot(words, i))
                        break
    out: dict[str, set[str]] = {}
    for cls, counter in slots.items():
        min_count, share = thresholds[cls]
        for w, c in counter.items():
            if c >= min_count and c >= share * total[w] and w not in stop:
                out.setdefault(w, set()).add(cls)
    for p in org:
        for w in p:
            out.setdefault(w, set()).add("os")
    return out


def build_clusters(
    min_count: int = 5, n_context: int = 1000, dims: int = 64, ks: tuple[int, ...] = (64, 256)
) -> dict[str, list[str]]:
    """Distributional word clusters: PPMI of ±1 neighbours → SVD → spherical k-means.

    Brown-style: words that occur in the same contexts (names after ``صدر``, places before
    ``میں``) share a cluster id, so the tagger generalises to names it never saw labelled.
    Deterministic (fixed seeds).  Returns key → ["k64:ID", "k256:ID"].
    """
    import numpy as np
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
    from scipy.sparse.linalg import svds  # type: ignore[import-untyped]

    sents = list(news_sentences())
    counts = Counter(w for s in sents for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    vid = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:n_context])}
    pairs: Counter[tuple[int, int]] = Counter()
    for s in sents:
        for i, w in enumerate(s):
            r = vid.get(w)
            if r is None:
                continue
            if i > 0 and (c := ctx.get(s[i - 1])) is not None:
                pairs[(r, c)] += 1
            if i + 1 < len(s) and (c := ctx.get(s[i + 1])) is not None:
                pairs[(r, n_context + c)] += 1
    rows = np.array([k[0] for k in pairs], dtype=np.int64)
    cols = np.array([k[1] for k in pairs], dtype=np.int64)
    vals = np.array(list(pairs.values()), dtype=np.float64)
    total = vals.sum()
    row_sum = np.bincount(rows, weights=vals, minlength=len(vocab))
    col_sum = np.bincount(cols, weights=vals, minlength=2 * n_context) ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    pmi = np.log(vals * total / (row_sum[rows] * col_sum[cols]))
    keep = pmi > 0
    m = csr_matrix((pmi[keep], (rows[keep], cols[keep])), shape=(len(vocab), 2 * n_context))
    rng = np.random.default_rng(SEED)
    u, sv, _ = svds(m, k=dims, v0=rng.standard_normal(min(m.shape)))
    x = u * np.sqrt(sv)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-12
    out: dict[str, list[str]] = {w: [] for w in vocab}
    for k in ks:
        cent = x[rng.choice(len(vocab), size=k, replace=False)]
        for _ in range(20):
            assign = (x @ cent.T).argmax(axis=1)
            for j in range(k):
                members = x[assign == j]
                if len(members):
                    c = members.sum(axis=0)
                    cent[j] = c / (np.linalg.norm(c) + 1e-12)
        for w, a in zip(vocab, assign.tolist(), strict=True):
            out[w].append(f"k{k}:{a}")
    print(f"clusters: {len(sents)} sentences, {len(vocab)} words, k={ks}", flush=True)
    return out


def write_wordclasses(classes: dict[str, set[str]], path: Path) -> None:
    lines = [
        "# Word classes used as NER features: match_key(word) TAB comma-separated classes.",
        "# ti title/designation (akhbar/entities/data/titles.txt), co country, gz one-word",
        "# Wikidata label, gp word of a multiword Wikidata label (../shared/data/gazetteer),",
        "# nw number word, mo month, wd weekday, tw time word (akhbar/text/data/*.json);",
        "# k64:N / k256:N distributional cluster of the word in the shared news;",
        "# mined from the shared news by the patterns in akhbar/entities/data/name_patterns.txt:",
        "# pt word of the name slot after a title, pf / pl its first / last word, sp word before",
        "# 'said' (نے کہا), op word before an organisation word, os the organisation word.",
        "# Written by scripts/train_ner.py; the model's weights depend on it (checksummed).",
    ]
    lines += [f"{k}\t{','.join(sorted(v))}" for k, v in sorted(classes.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Training, export, evaluation


AttrFilter = Callable[[str], bool]


def featurize(
    fs: FeatureSet, sents: Sequence[Sentence], keep: AttrFilter | None = None
) -> list[list[list[str]]]:
    out = []
    for sent in sents:
        xseq = fs.sentence_attrs([w for w, _ in sent])
        if keep is not None:
            xseq = [[a for a in attrs if keep(a)] for attrs in xseq]
        out.append(xseq)
    return out


def to_bioes(tags: Sequence[str]) -> list[str]:
    """BIO → BIOES: a one-word entity is ``S-X``, the last word of a longer one ``E-X``."""
    out = []
    for i, t in enumerate(tags):
        nxt = tags[i + 1] if i + 1 < len(tags) else "O"
        cont = nxt.startswith("I-") and nxt[2:] == t[2:]
        if t.startswith("B-"):
            out.append(("B-" if cont else "S-") + t[2:])
        elif t.startswith("I-"):
            out.append(("I-" if cont else "E-") + t[2:])
        else:
            out.append(t)
    return out


def train_crf(
    xs: Sequence[list[list[str]]], ys: Sequence[list[str]], path: Path, params: dict[str, Any]
) -> pycrfsuite.Tagger:
    import pycrfsuite  # type: ignore[import-untyped]

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, to_bioes(y) if SCHEME == "bioes" else y)
    trainer.set_params(params)
    trainer.train(str(path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def export_weights(tagger: pycrfsuite.Tagger, path: Path) -> dict[str, int]:
    info = tagger.info()
    labels = sorted(info.labels, key=lambda s: (s != "O", s[2:], s[:1]))
    lines = [
        "# akhbar NER weights (linear-chain CRF): L labels; T from to weight (transition);",
        "# S attribute label weight (state feature).  Attribute = offset|feature, see",
        "# akhbar/entities/features.py.  Written by scripts/train_ner.py; zero weights left out.",
        "L\t" + "\t".join(labels),
    ]
    for (a, b), w in sorted(info.transitions.items()):
        lines.append(f"T\t{a}\t{b}\t{w!r}")
    n_state = 0
    attrs = set()
    for (attr, label), w in sorted(info.state_features.items()):
        if w != 0.0:
            lines.append(f"S\t{attr}\t{label}\t{w!r}")
            n_state += 1
            attrs.add(attr)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"state_features": n_state, "attributes": len(attrs), "labels": len(labels)}


def predictions_digest(tag_seqs: Iterable[Sequence[str]]) -> str:
    h = hashlib.sha256()
    for tags in tag_seqs:
        h.update((" ".join(tags) + "\n").encode())
    return h.hexdigest()


def prf_dict(s: PRF) -> dict[str, float | int]:
    return {
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
        "gold": s.gold,
        "predicted": s.predicted,
        "correct": s.correct,
    }


def raw_text_scores(rec: Recognizer, sents: Sequence[Sentence]) -> dict[str, PRF]:
    """Score recognize() on raw text: each dev sentence's words joined by spaces (`_` → space)."""
    gold_spans: list[set[tuple[str, int, int]]] = []
    pred_spans: list[set[tuple[str, int, int]]] = []
    for sent in sents:
        text = ""
        starts = []
        ends = []
        for w, _ in sent:
            if text:
                text += " "
            starts.append(len(text))
            text += w
            ends.append(len(text))
        tags = [t for _, t in sent]
        gold_spans.append({(k, starts[s], ends[e - 1]) for k, s, e in bio_spans(tags)})
        pred_spans.append({(e.type, e.start, e.end) for e in rec.recognize(text)})
    return score_spans(gold_spans, pred_spans)


def score_spans(
    gold: Sequence[set[tuple[str, int, int]]], pred: Sequence[set[tuple[str, int, int]]]
) -> dict[str, PRF]:
    g: Counter[str] = Counter()
    p: Counter[str] = Counter()
    c: Counter[str] = Counter()
    for gs, ps in zip(gold, pred, strict=True):
        g.update(k for k, _, _ in gs)
        p.update(k for k, _, _ in ps)
        c.update(k for k, _, _ in gs & ps)

    def prf(gn: int, pn: int, cn: int) -> PRF:
        pr = cn / pn if pn else 0.0
        rc = cn / gn if gn else 0.0
        return PRF(pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0, gn, pn, cn)

    out = {t: prf(g[t], p[t], c[t]) for t in TYPES if g[t] or p[t]}
    out["micro"] = prf(g.total(), p.total(), c.total())
    return out


def fmt_scores(name: str, s: dict[str, PRF]) -> str:
    parts = [f"{name:28s} micro F1 {s['micro'].f1 * 100:6.2f}"]
    for t in ("PERSON", "LOCATION", "ORGANIZATION", "NUMBER", "TIME", "ARTIFACT"):
        if t in s:
            parts.append(f"{t[:3]} {s[t].f1 * 100:5.1f}")
    return "  ".join(parts)


def dev_eval(
    fs: FeatureSet,
    train: Sequence[Sentence],
    dev: Sequence[Sentence],
    keep: AttrFilter | None = None,
    params: dict[str, Any] | None = None,
) -> dict[str, PRF]:
    with tempfile.TemporaryDirectory() as tmp:
        tagger = train_crf(
            featurize(fs, train, keep),
            [[t for _, t in s] for s in train],
            Path(tmp) / "m.crfsuite",
            params or PARAMS,
        )
        pred = [[bio_label(t) for t in tagger.tag(x)] for x in featurize(fs, dev, keep)]
    return score([[t for _, t in s] for s in dev], pred)


def ablate(
    fs: FeatureSet, train: list[Sentence], dev: list[Sentence], only: set[str] | None = None
) -> None:
    """Train one model per variant on IL-NER train, print dev scores (``only``: variant ids)."""

    def drop(*prefixes: str) -> AttrFilter:
        return lambda a: not a.split("|", 1)[-1].startswith(prefixes)

    def only_offsets(offs: set[str]) -> AttrFilter:
        return lambda a: a == "bias" or a.split("|", 1)[0] in offs

    variants: list[tuple[str, str, AttrFilter | None]] = [
        ("all", "all features", None),
        ("clusters", "- clusters (c:k64/k256)", drop("c:k")),
        ("classes", "- word classes (c:) incl. clusters", drop("c:")),
        ("gazetteer", "- gazetteer (c:gz/gp/co)", drop("c:gz", "c:gp", "c:co")),
        ("titles", "- titles (c:ti)", drop("c:ti")),
        ("mined", "- mined name classes (c:pt/pf/pl/sp/op/os)", drop(*MINED_PREFIXES)),
        ("lexicon", "- lexicon freq (lx=)", drop("lx=")),
        ("affixes", "- affixes (p*/s*)", drop("p1=", "p2=", "p3=", "s1=", "s2=", "s3=", "s4=")),
        ("shape", "- shape/len/digits", drop("sh=", "len=", "ds=")),
        ("ctx2", "- context ±2", only_offsets({"-1", "0", "1"})),
        ("ctx1", "- context ±1, ±2", only_offsets({"0"})),
    ]
    for vid, name, keep in variants:
        if only is None or vid in only:
            t0 = time.time()
            s = dev_eval(fs, train, dev, keep)
            print(fmt_scores(name, s), f"({time.time() - t0:.0f}s)", flush=True)
    extras = {
        "uner": "+ UNER",
        "ijcnlp": "+ IJCNLP",
        "both": "+ UNER + IJCNLP",
        "uner-names": "+ UNER names only",
    }
    if only is not None and not (only & set(extras)):
        return
    uner = read_uner(NER / "uner" / "uner.txt")
    ijc = read_ijcnlp(NER / "ijcnlp2008" / "ijnlp.txt")
    names = read_uner_names(NER / "uner" / "uner.txt", number_words(fs))
    data = {"uner": uner, "ijcnlp": ijc, "both": uner + ijc, "uner-names": names}
    for vid, name in extras.items():
        if only is None or vid in only:
            t0 = time.time()
            s = dev_eval(fs, train + data[vid], dev)
            print(fmt_scores(name, s), f"({time.time() - t0:.0f}s)", flush=True)


def grid(fs: FeatureSet, train: list[Sentence], dev: list[Sentence]) -> None:
    for c1 in (0.01, 0.05, 0.1, 0.2):
        for c2 in (0.001, 0.01, 0.1):
            p = dict(PARAMS, c1=c1, c2=c2)
            print(fmt_scores(f"c1={c1} c2={c2}", dev_eval(fs, train, dev, params=p)), flush=True)


def combined_eval(
    fs: FeatureSet,
    train: Sequence[Sentence],
    test: Sequence[Sentence],
    vectors: tuple[list[str], Any],
    weights: Sequence[float] = (0.0, 0.5, 1.0, 1.5, 2.0),
    save: Path | None = None,
) -> dict[str, PRF]:
    """CRF + neural scorer trained on ``train``; prints test scores per neural weight and
    returns those at ``NEURAL["weight"]``.

    ``save``: also write the test words, gold tags and predicted tags (CRF alone and at
    ``NEURAL["weight"]``) as JSON, so post-decoding passes can be scored without retraining.
    """
    gold = [[t for _, t in s] for s in test]
    with tempfile.TemporaryDirectory() as tmp:
        tagger = train_crf(
            featurize(fs, train), [[t for _, t in s] for s in train], Path(tmp) / "m", PARAMS
        )
        labels, trans, crf_em = crf_emissions(tagger, fs, test)
    nt = NeuralTrainer(fs, vectors[0], vectors[1], labels)
    net = nt.train(train, NEURAL)
    lp = nt.log_probs(net, [[w for w, _ in s] for s in test])
    nn_trans = nt.transitions(net)
    out: dict[str, PRF] = {}
    kept: dict[str, list[list[str]]] = {}
    for w in sorted({*weights, NEURAL["weight"]}):
        tags = combined_tags(labels, trans, crf_em, lp, w, nn_trans)
        sc = score(gold, tags)
        print(fmt_scores(f"  neural weight {w}", sc), flush=True)
        if w == NEURAL["weight"]:
            out = sc
            kept["combined"] = tags
        if w == 0.0:
            kept["crf"] = tags
    if save is not None:
        import numpy as np

        record = {"words": [[w for w, _ in s] for s in test], "gold": gold, **kept}
        save.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        # ... and both scorers' scores, to measure other ways of combining them offline.
        np.savez_compressed(
            save.with_suffix(".npz"),
            labels=np.array(labels),
            trans=trans,
            nn_trans=nn_trans if nn_trans is not None else np.zeros_like(trans),
            lengths=np.array([len(e) for e in crf_em]),
            crf_em=np.concatenate(crf_em),
            lp=np.concatenate(lp),
        )
    zero = [e * 0 for e in crf_em]
    alone = combined_tags(labels, trans * 0, zero, lp, 1.0, nn_trans)
    print(fmt_scores("  neural alone", score(gold, alone)), flush=True)
    if SECOND_SCORER:
        second_scorer_eval(fs, train, test, vectors, labels, trans, crf_em, lp, nn_trans)
    return out


#: A second neural scorer measured on top of the first in CV (``--second-scorer``, measurement
#: only: the shipped inference reads one scorer): NEURAL settings that differ from the first's.
SECOND_SCORER: dict[str, Any] = {}
#: The CNN scorer of issue 5 round 3 (a): dilated convolutions, per-token softmax, 8 epochs.
CNN_SCORER: dict[str, Any] = {"arch": "cnn", "loss": "softmax", "epochs": 8, "dropout": 0.4}


def second_scorer_eval(
    fs: FeatureSet,
    train: Sequence[Sentence],
    test: Sequence[Sentence],
    vectors: tuple[list[str], Any],
    labels: list[str],
    trans: Any,
    crf_em: list[Any],
    lp: list[Any],
    nn_trans: Any,
    weights: Sequence[float] = (0.25, 0.5, 1.0),
) -> None:
    """Train the :data:`SECOND_SCORER` network and print the test scores of CRF + first scorer
    (at ``NEURAL["weight"]``) + ``w`` × the second one's scores, for each ``w``."""
    gold = [[t for _, t in s] for s in test]
    first = dict(NEURAL)
    NEURAL.update(SECOND_SCORER)
    try:
        nt = NeuralTrainer(fs, vectors[0], vectors[1], labels)
        net = nt.train(train, NEURAL)
        lp2 = nt.log_probs(net, [[w for w, _ in s] for s in test])
        trans2 = nt.transitions(net)
    finally:
        NEURAL.clear()
        NEURAL.update(first)
    w1 = NEURAL["weight"]
    base_trans = trans + w1 * nn_trans if nn_trans is not None else trans
    for w in weights:
        t = base_trans + w * trans2 if trans2 is not None else base_trans
        tags = [
            [bio_label(labels[i]) for i in viterbi(ce + w1 * a + w * b, t)]
            for ce, a, b in zip(crf_em, lp, lp2, strict=True)
        ]
        print(fmt_scores(f"  + second scorer weight {w}", score(gold, tags)), flush=True)


def fold_order(n: int) -> list[int]:
    """The sentence order that :func:`cross_validate` deals into folds (``order[k::folds]``)."""
    order = list(range(n))
    random.Random(SEED).shuffle(order)
    return order


def cross_validate(
    fs: FeatureSet,
    train: list[Sentence],
    k: int,
    extra: Sequence[Sentence] = (),
    vectors: tuple[list[str], Any] | None = None,
    only: int | None = None,
    save: Path | None = None,
) -> list[float]:
    """K-fold micro F1 on IL-NER train (``extra`` sentences join every training fold).

    ``only``: run that fold alone (0-based), e.g. to spread the folds over processes.
    ``save``: a directory for each fold's held-out predictions (``fold{K}.json``, with the
    neural scorer only; see :func:`combined_eval`).
    """
    order = fold_order(len(train))
    f1s = []
    for fold in range(k) if only is None else [only]:
        held = set(order[fold::k])
        tr = [s for i, s in enumerate(train) if i not in held]
        te = [s for i, s in enumerate(train) if i in held]
        if AUGMENT["copies"]:
            tr = [*tr, *augment_mentions(tr, AUGMENT)]
        if vectors is not None:
            dump = None
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                dump = save / f"fold{fold}.json"
            s = combined_eval(fs, [*tr, *extra], te, vectors, save=dump)
        else:
            s = dev_eval(fs, [*tr, *extra], te)
        print(fmt_scores(f"fold {fold + 1}/{k}", s), flush=True)
        f1s.append(s["micro"].f1)
    return f1s


# ---------------------------------------------------------------------------------------------
# Neural scorer (torch at training only; numpy at inference: akhbar/entities/neural.py)

#: Neural scorer settings, chosen by 3-fold CV on IL-NER train (benchmarks/NER.md, issue 5
#: round 3): embeddings of the shared news (PPMI-SVD, ±2 neighbours), a character CNN and a
#: bag of word-class attributes into a bidirectional LSTM (``arch``, H=128 per direction)
#: trained with its own CRF layer (``loss``); its label and transition scores are added to the
#: CRF's with weight ``weight``.  The previous scorer (``--neural-arch cnn --neural-loss
#: softmax --epochs 8 --neural-weight 0.5 --neural-config '{"dropout": 0.4}'``: 3 residual
#: dilated convolutions, per-token softmax) scored 0.5 lower on CV.
NEURAL: dict[str, Any] = {
    "arch": "lstm",
    "loss": "crf",
    "epochs": 20,
    "hidden": 128,
    "dilations": [1, 2, 4],
    "word_dim": 100,
    "char_dim": 64,
    "dropout": 0.5,
    "word_dropout": 0.1,
    "lr": 2e-3,
    "batch": 32,
    # Seed 2 since the mention replacement (scripts/ner_augment.py): seeds 1 and 2 were both
    # trained with and without it, and 2 chosen on IL-NER dev (benchmarks/NER.md, round 14).
    "seed": 2,
    "weight": 1.0,
}


#: Language-model pretraining of the neural encoder (``--pretrain-lm``).  Also measured, not
#: kept (benchmarks/NER.md, round 13): every news word a target through an adaptive softmax
#: (``--lm-config '{"targets": 0, "adaptive": [2000, 8000]}'``), and the pretrained encoder
#: fine-tuned at a lower learning rate (``--neural-config '{"encoder_lr": 0.3}'``).
LM: dict[str, Any] = {
    "targets": 5000,
    "epochs": 1,
    "batch": 64,
    "lr": 2e-3,
    "max_len": 60,
    "seed": 1,
    "threads": 1,
}


def checkpoint_digest(ckpt: dict[str, Any]) -> str:
    """SHA-256 of a ``--pretrain-lm`` checkpoint's content: its tensors (names, types, shapes,
    values) and settings.  The file's own hash also depends on its name, which ``torch.save``
    writes into the archive (``lm.pt`` holds ``lm/data.pkl``), so the same checkpoint saved at
    another path hashes differently; this does not."""
    h = hashlib.sha256()
    for name in sorted(ckpt["state"]):
        tensor = ckpt["state"][name].detach().contiguous().cpu()
        h.update(f"{name} {tensor.dtype} {tuple(tensor.shape)}\n".encode())
        h.update(tensor.numpy().tobytes())
    rest = {k: ckpt[k] for k in ("chars", "feats", "lm", "cfg", "sentences", "tokens")}
    h.update(json.dumps(rest, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()


def lm_meta(path: Path) -> dict[str, Any]:
    """What the model card says of a ``--pretrain-lm`` checkpoint."""
    import torch

    ckpt = torch.load(path, weights_only=False)
    return {
        "sha256": sha256_file(path),
        "content_sha256": checkpoint_digest(ckpt),
        "sentences": ckpt["sentences"],
        "tokens": ckpt["tokens"],
        "config": ckpt["lm"],
    }


def lm_sentences() -> list[list[str]]:
    """Every sentence of the shared news as the words the recognizer reads (shuffled with a
    fixed seed: the express headlines come in date order)."""
    from akhbar.text.sentences import split_sentences

    out: list[list[str]] = []
    for text in news_texts():
        for para in text.split("\n"):
            for s in split_sentences(para):
                toks = [
                    t.text
                    for t in tokenize(para[s.start : s.end])
                    if t.text.strip() and t.kind not in ("url", "email")
                ]
                if toks:
                    out.append(toks)
    random.Random(SEED).shuffle(out)
    return out


def build_vectors(
    min_count: int = 3, n_context: int = 2000, dims: int = 100
) -> tuple[list[str], Any]:
    """Word vectors of the shared news: PPMI of ±1/±2 neighbours (by side) → SVD, unit length."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.linalg import svds

    sents = list(news_sentences())
    counts = Counter(w for s in sents for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    vid = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:n_context])}
    pairs: Counter[tuple[int, int]] = Counter()
    for s in sents:
        ids = [vid.get(w) for w in s]
        cs = [ctx.get(w) for w in s]
        n = len(s)
        for i in range(n):
            r = ids[i]
            if r is None:
                continue
            for d, base in ((-1, 0), (1, 1), (-2, 2), (2, 3)):
                j = i + d
                if 0 <= j < n and (c := cs[j]) is not None:
                    pairs[(r, base * n_context + c)] += 1
    rows = np.array([k[0] for k in pairs], dtype=np.int64)
    cols = np.array([k[1] for k in pairs], dtype=np.int64)
    vals = np.array(list(pairs.values()), dtype=np.float64)
    total = vals.sum()
    row_sum = np.bincount(rows, weights=vals, minlength=len(vocab))
    col_sum = np.bincount(cols, weights=vals, minlength=4 * n_context) ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    pmi = np.log(vals * total / (row_sum[rows] * col_sum[cols]))
    keep = pmi > 0
    m = csr_matrix((pmi[keep], (rows[keep], cols[keep])), shape=(len(vocab), 4 * n_context))
    rng = np.random.default_rng(SEED)
    u, sv, _ = svds(m, k=dims, v0=rng.standard_normal(min(m.shape)))
    x = u * np.sqrt(sv)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-12
    print(f"vectors: {len(vocab)} words × {dims}", flush=True)
    return vocab, x.astype(np.float32)


def crf_emissions(
    tagger: pycrfsuite.Tagger, fs: FeatureSet, sents: Sequence[Sentence]
) -> tuple[list[str], Any, list[Any]]:
    """python-crfsuite's labels (export order), transitions and per-sentence emission scores."""
    import numpy as np

    info = tagger.info()
    labels = sorted(info.labels, key=lambda s: (s != "O", s[2:], s[:1]))
    li = {lab: i for i, lab in enumerate(labels)}
    state: dict[str, Any] = {}
    for (attr, lab), w in info.state_features.items():
        state.setdefault(attr, np.zeros(len(labels)))[li[lab]] += w
    trans = np.zeros((len(labels), len(labels)))
    for (a, b), w in info.transitions.items():
        trans[li[a], li[b]] = w
    ems = []
    zero = np.zeros(len(labels))
    for x in featurize(fs, sents):
        ems.append(np.array([sum((state.get(a, zero) for a in attrs), zero) for attrs in x]))
    return labels, trans, ems


def viterbi(e: Any, trans: Any) -> list[int]:
    """Best label path (``max_i(delta[i] + trans[i, j]) + e[t, j]``, lowest index on ties)."""
    n = len(e)
    if n == 0:
        return []
    delta = e[0]
    back = []
    for t in range(1, n):
        s = delta[:, None] + trans
        back.append(s.argmax(axis=0))
        delta = s.max(axis=0) + e[t]
    cur = int(delta.argmax())
    path = [cur]
    for b in reversed(back):
        cur = int(b[cur])
        path.append(cur)
    return path[::-1]


def combined_tags(
    labels: list[str],
    trans: Any,
    crf_em: list[Any],
    nn_lp: list[Any],
    w: float,
    nn_trans: Any = None,
) -> list[list[str]]:
    """Viterbi over CRF emissions + ``w`` × the neural scores (and ``w`` × its transitions)."""
    if nn_trans is not None:
        trans = trans + w * nn_trans
    return [
        [bio_label(labels[i]) for i in viterbi(ce + w * lp, trans)]
        for ce, lp in zip(crf_em, nn_lp, strict=True)
    ]


def quantize_rows(w: Any) -> tuple[Any, Any]:
    """Word vectors as int8 with one float16 scale per row (a quarter of float32's bytes)."""
    import numpy as np

    scale = (np.abs(w).max(axis=1) / 127.0).astype(np.float16)
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(w / scale.astype(np.float32)[:, None]), -127, 127).astype(np.int8)
    return q, scale


def crf_log_z(em: Any, trans: Any, mask: Any) -> Any:
    """Log partition function of a linear-chain CRF per sentence (torch; em: B × T × L)."""
    import torch

    alpha = em[:, 0]
    for t in range(1, em.shape[1]):
        nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, t]
        m = mask[:, t].unsqueeze(1)
        alpha = nxt * m + alpha * (1 - m)
    return torch.logsumexp(alpha, dim=1)


def crf_path_score(em: Any, trans: Any, tags: Any, mask: Any) -> Any:
    """Score of the gold label path per sentence (emissions + transitions, padding masked)."""
    s = (em.gather(2, tags.unsqueeze(2)).squeeze(2) * mask).sum(1)
    return s + (trans[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]).sum(1)


def length_batches(lengths: Sequence[int], size: int, rng: random.Random) -> list[list[int]]:
    """One epoch's batches of ``size`` item indices: the items shuffled, each run of 20 batches
    sorted by length (little padding), the batches shuffled.

    >>> b = length_batches([3, 1, 2, 5, 4], 2, random.Random(0))
    >>> sorted(i for x in b for i in x), all(len(x) <= 2 for x in b)
    ([0, 1, 2, 3, 4], True)
    """
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunks = [
        sorted(order[k : k + size * 20], key=lambda i: lengths[i])
        for k in range(0, len(order), size * 20)
    ]
    batches = [c[k : k + size] for c in chunks for k in range(0, len(c), size)]
    rng.shuffle(batches)
    return batches


class NeuralTrainer:
    """Trains the neural scorer with torch (one thread, fixed seed: deterministic on CPU)."""

    def __init__(self, fs: FeatureSet, vocab: list[str], vectors: Any, labels: list[str]) -> None:
        from akhbar.entities.neural import FEATURE_PREFIXES, MAX_CHARS

        self.fs = fs
        self.vocab = vocab
        self.vectors = vectors
        self.labels = labels
        self.vid = {w: i for i, w in enumerate(vocab)}
        self.prefixes = FEATURE_PREFIXES
        self.max_chars = MAX_CHARS
        self.types: dict[str, int] = {}
        self.chars: dict[str, int] = {}
        self.feats: dict[str, int] = {}
        self.wid: list[int] = []
        self.cid: list[list[int]] = []
        self.fid: list[list[int]] = []
        self.frozen = False
        self.tabs: dict[str, Any] = {}

    def _type(self, w: str) -> int:
        i = self.types.get(w)
        if i is None:
            i = self.types[w] = len(self.types)
            k = self.fs.key(w)
            self.wid.append(self.vid.get(k, len(self.vocab)))
            attrs = [a for a in self.fs.word_attrs(w) if a.startswith(self.prefixes)]
            text = ("^" + k + "$")[: self.max_chars]
            if self.frozen:  # after training: unseen characters / attributes are dropped
                self.cid.append([self.chars.get(c, 0) for c in text])
                self.fid.append([f for a in attrs if (f := self.feats.get(a))])
            else:
                self.cid.append([self.chars.setdefault(c, len(self.chars) + 1) for c in text])
                self.fid.append([self.feats.setdefault(a, len(self.feats) + 1) for a in attrs])
        return i

    def _tables(self) -> None:
        import torch

        cid = torch.zeros(len(self.cid), max(len(c) for c in self.cid), dtype=torch.long)
        for i, c in enumerate(self.cid):
            cid[i, : len(c)] = torch.tensor(c)
        fid = torch.zeros(len(self.fid), max(1, *(len(f) for f in self.fid)), dtype=torch.long)
        for i, f in enumerate(self.fid):
            if f:
                fid[i, : len(f)] = torch.tensor(f)
        self.tabs.update(wid=torch.tensor(self.wid), cid=cid, fid=fid)

    def _net(self, cfg: dict[str, Any], n_labels: int) -> Any:
        """The network (untrained): word vectors, a character CNN and a bag of word-class
        attributes into a BiLSTM (or dilated CNN), a linear layer to ``n_labels`` scores."""
        import torch
        from torch import nn

        tabs = self.tabs
        nv = len(self.vocab)
        hid, wdim, cdim = cfg["hidden"], cfg["word_dim"], cfg["char_dim"]
        n_chars, n_feats = len(self.chars), len(self.feats)
        vectors = torch.from_numpy(self.vectors[:, :wdim])

        class Net(nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.wemb = nn.Embedding(nv + 1, wdim)
                with torch.no_grad():
                    self.wemb.weight[:nv] = vectors
                    self.wemb.weight[nv] = 0
                self.cemb = nn.Embedding(n_chars + 1, 32, padding_idx=0)
                self.cconv = nn.Conv1d(32, cdim, 3, padding=1)
                self.femb = nn.EmbeddingBag(n_feats + 1, 32, mode="sum", padding_idx=0)
                if cfg["arch"] == "lstm":
                    self.rnn = nn.LSTM(wdim + cdim + 32, hid, batch_first=True, bidirectional=True)
                    self.out = nn.Linear(2 * hid, n_labels)
                else:
                    self.proj = nn.Linear(wdim + cdim + 32, hid)
                    self.convs = nn.ModuleList(
                        [nn.Conv1d(hid, hid, 3, padding=d, dilation=d) for d in cfg["dilations"]]
                    )
                    self.out = nn.Linear(hid, n_labels)
                # Transition scores of the CRF output layer (loss "crf"; unused with "softmax").
                self.trans = nn.Parameter(torch.zeros(n_labels, n_labels))
                self.drop = nn.Dropout(cfg["dropout"])

            def encode(self, ids: Any, mask: Any) -> Any:
                """The hidden states (batch x time x 2H for the BiLSTM), before ``out``."""
                b, t = ids.shape
                flat = ids.reshape(-1)
                w = tabs["wid"][flat]
                if self.training and cfg["word_dropout"] > 0:
                    unk = torch.rand(w.shape) < cfg["word_dropout"]
                    w = torch.where(unk, torch.full_like(w, nv), w)
                ch = tabs["cid"][flat]
                c = self.cconv(self.cemb(ch).transpose(1, 2))
                c = c.masked_fill((ch == 0).unsqueeze(1), -1e4).max(dim=2).values
                x = torch.cat([self.wemb(w), c, self.femb(tabs["fid"][flat])], dim=-1)
                if cfg["arch"] == "lstm":
                    packed = nn.utils.rnn.pack_padded_sequence(
                        self.drop(x).reshape(b, t, -1),
                        mask.sum(1).long(),
                        batch_first=True,
                        enforce_sorted=False,
                    )
                    y, _ = self.rnn(packed)
                    y, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=t)
                    return y
                h = torch.relu(self.proj(self.drop(x))).reshape(b, t, -1)
                x = (h * mask.unsqueeze(-1)).transpose(1, 2)
                m = mask.unsqueeze(1)
                for conv in self.convs:
                    x = (x + torch.relu(conv(self.drop(x)))) * m
                return x.transpose(1, 2)

            def forward(self, ids: Any, mask: Any) -> Any:
                return self.out(self.drop(self.encode(ids, mask)))

        return Net()

    def _read_pretrained(self, path: str | None) -> dict[str, Any] | None:
        """A checkpoint of :meth:`pretrain`: its character and attribute ids are taken first,
        so that the rows of its embeddings mean the same characters and attributes here."""
        if not path:
            return None
        import torch

        ckpt: dict[str, Any] = torch.load(path, weights_only=False)
        if self.types or self.chars or self.feats:
            raise RuntimeError("a pretrained checkpoint is read before any word is seen")
        self.chars = {c: i + 1 for i, c in enumerate(ckpt["chars"])}
        self.feats = {f: i + 1 for i, f in enumerate(ckpt["feats"])}
        return ckpt

    @staticmethod
    def _load_pretrained(net: Any, ckpt: dict[str, Any]) -> None:
        """Copy the pretrained encoder into ``net`` (embedding tables: their first rows)."""
        import torch

        own = net.state_dict()
        with torch.no_grad():
            for name, value in ckpt["state"].items():
                if name not in own or name.startswith(("out.", "trans")):
                    continue
                target = own[name]
                if target.shape == value.shape:
                    target.copy_(value)
                elif target.dim() == 2 and target.shape[1:] == value.shape[1:]:
                    n = min(target.shape[0], value.shape[0])
                    target[:n].copy_(value[:n])
                else:
                    raise RuntimeError(
                        f"pretrained {name}: {tuple(value.shape)} vs {tuple(target.shape)}"
                    )

    def pretrain(
        self, sents: Sequence[Sequence[str]], cfg: dict[str, Any], lm: dict[str, Any]
    ) -> dict[str, Any]:
        """Train the encoder of :meth:`_net` as a language model on unlabelled sentences: the
        forward LSTM's state at each word predicts the next word, the backward one's the word
        before (a softmax over the ``lm["targets"]`` most frequent news words and one class
        for the others).  Returns a checkpoint for ``cfg["init"]`` (after ``torch.save``)."""
        import torch
        from torch import nn
        from torch.nn import functional as F

        torch.set_num_threads(lm.get("threads", 1))
        torch.manual_seed(lm["seed"])
        rng = random.Random(lm["seed"])
        cap = lm["max_len"]
        data = [[self._type(w) for w in s[:cap]] for s in sents if len(s) >= 2]
        self.frozen = True
        self._tables()
        # Targets: the ``k`` most frequent news words (vector rows are by frequency; 0 = all
        # of them) and one class for the rest.  With ``adaptive`` cut-offs the output is an
        # adaptive softmax (frequent words in the head, rarer ones in smaller clusters).
        k = lm["targets"] or len(self.vocab)
        target_of = torch.clamp(self.tabs["wid"], max=k)
        hid = cfg["hidden"]
        net = self._net(cfg, 1)
        cutoffs = lm.get("adaptive")
        heads: Any
        if cutoffs:
            heads = nn.ModuleList(
                [
                    nn.AdaptiveLogSoftmaxWithLoss(hid, k + 1, list(cutoffs), div_value=4.0)
                    for _ in range(2)
                ]
            )
        else:
            heads = nn.ModuleList([nn.Linear(hid, k + 1), nn.Linear(hid, k + 1)])

        def token_loss(head: Any, y: Any, tgt: Any, keep: Any) -> Any:
            """Each position's negative log-likelihood of its target (0 where not ``keep``
            with the adaptive softmax, which scores only the kept positions)."""
            y, tgt = y.reshape(-1, hid), tgt.reshape(-1)
            if not cutoffs:
                return F.cross_entropy(head(y), tgt, reduction="none")
            sel = keep.reshape(-1) > 0
            out = torch.zeros(tgt.shape[0])
            out[sel] = -head(y[sel], tgt[sel]).output
            return out

        params = [*net.parameters(), *heads.parameters()]
        bs = lm["batch"]
        n_batches = math.ceil(len(data) / bs) * lm["epochs"]
        opt = torch.optim.Adam(params, lr=lm["lr"])
        sched = torch.optim.lr_scheduler.OneCycleLR(
            opt, max_lr=lm["lr"], total_steps=n_batches, pct_start=0.05
        )
        step = 0
        t0 = time.time()
        for _epoch in range(lm["epochs"]):
            net.train()
            batches = length_batches([len(s) for s in data], bs, rng)
            total, count = 0.0, 0
            for b in batches:
                ids, _, mask = self._pad([(data[i], []) for i in b])
                y = net.drop(net.encode(ids, mask))
                tgt = target_of[ids]
                pair = mask[:, 1:]
                fwd = token_loss(heads[0], y[:, :-1, :hid], tgt[:, 1:], pair)
                bwd = token_loss(heads[1], y[:, 1:, hid:], tgt[:, :-1], pair)
                loss = ((fwd + bwd) * pair.reshape(-1)).sum() / (2 * pair.sum())
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(params, 5.0)
                opt.step()
                sched.step()
                step += 1
                total += loss.item()
                count += 1
                if step % 500 == 0:
                    print(
                        f"  lm step {step}/{n_batches} loss {total / count:.4f}"
                        f" ({time.time() - t0:.0f}s)",
                        flush=True,
                    )
                    total, count = 0.0, 0
        net.eval()
        return {
            "chars": sorted(self.chars, key=self.chars.__getitem__),
            "feats": sorted(self.feats, key=self.feats.__getitem__),
            "state": {n: v.detach().clone() for n, v in net.state_dict().items()},
            "lm": dict(lm),
            "cfg": dict(cfg),
            "sentences": len(data),
            "tokens": sum(map(len, data)),
        }

    def train(self, sents: Sequence[Sentence], cfg: dict[str, Any]) -> Any:
        import torch
        from torch import nn
        from torch.nn import functional as F

        torch.set_num_threads(1)
        torch.manual_seed(cfg["seed"])
        rng = random.Random(cfg["seed"])
        li = {lab: i for i, lab in enumerate(self.labels)}
        init = self._read_pretrained(cfg.get("init"))
        data = [([self._type(w) for w, _ in s], [li[t] for _, t in s]) for s in sents if s]
        self.frozen = True
        self._tables()
        n_labels = len(self.labels)
        net = self._net(cfg, n_labels)
        if init is not None:
            self._load_pretrained(net, init)
            print(f"  neural encoder from {cfg['init']}", flush=True)
        bs = cfg["batch"]
        n_batches = math.ceil(len(data) / bs)
        # ``encoder_lr``: the pretrained encoder's learning rate as a share of the rest's.
        scale = cfg.get("encoder_lr", 1.0) if init is not None else 1.0
        loaded = set(init["state"]) if init else set()
        loaded = {n for n in loaded if not n.startswith(("out.", "trans"))}
        groups = [
            [p for n, p in net.named_parameters() if n not in loaded],
            [p for n, p in net.named_parameters() if n in loaded],
        ]
        lrs = [cfg["lr"], cfg["lr"] * scale]
        opt = torch.optim.Adam(
            [{"params": g, "lr": lr} for g, lr in zip(groups, lrs, strict=True) if g]
        )
        sched = torch.optim.lr_scheduler.OneCycleLR(
            opt,
            max_lr=[lr for g, lr in zip(groups, lrs, strict=True) if g],
            total_steps=cfg["epochs"] * n_batches,
            pct_start=0.1,
        )
        for epoch in range(cfg["epochs"]):
            net.train()
            batches = length_batches([len(x) for x, _ in data], bs, rng)
            total = 0.0
            for b in batches:
                ids, tags, mask = self._pad([data[i] for i in b])
                em = net(ids, mask)
                if cfg["loss"] == "crf":
                    nll = crf_log_z(em, net.trans, mask) - crf_path_score(em, net.trans, tags, mask)
                    loss = nll.sum() / mask.sum()
                else:
                    ce = F.cross_entropy(
                        em.reshape(-1, n_labels), tags.reshape(-1), reduction="none"
                    )
                    loss = (ce * mask.reshape(-1)).sum() / mask.sum()
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(net.parameters(), 5.0)
                opt.step()
                sched.step()
                total += loss.item()
            print(
                f"  neural epoch {epoch + 1}/{cfg['epochs']} loss {total / n_batches:.4f}",
                flush=True,
            )
        net.eval()
        with torch.no_grad():  # shipped quantized: predict with exactly the shipped values
            q, scale = quantize_rows(net.wemb.weight.detach().numpy())
            net.wemb.weight.copy_(torch.from_numpy(dequantize_rows(q, scale)))
        return net

    @staticmethod
    def _pad(batch: Sequence[tuple[list[int], list[int]]]) -> tuple[Any, Any, Any]:
        import torch

        t = max(len(x) for x, _ in batch)
        ids = torch.zeros(len(batch), t, dtype=torch.long)
        tags = torch.zeros(len(batch), t, dtype=torch.long)
        mask = torch.zeros(len(batch), t)
        for r, (x, y) in enumerate(batch):
            ids[r, : len(x)] = torch.tensor(x)
            tags[r, : len(y)] = torch.tensor(y)
            mask[r, : len(x)] = 1
        return ids, tags, mask

    def transitions(self, net: Any) -> Any:
        """The CRF output layer's transition scores (numpy float64), or None (softmax loss)."""
        if NEURAL["loss"] != "crf":
            return None
        return net.trans.detach().numpy().astype("float64")

    def log_probs(self, net: Any, sents: Sequence[Sequence[str]]) -> list[Any]:
        """Torch's per-token label scores (float64 numpy arrays), for checks and CV.

        Log-probabilities with the softmax loss; the raw label scores with the CRF loss.
        """
        import numpy as np
        import torch

        out: list[Any] = [np.zeros((0, len(self.labels)))] * len(sents)
        order = sorted((i for i in range(len(sents)) if sents[i]), key=lambda i: len(sents[i]))
        ids_all = [[self._type(w) for w in s] for s in sents]
        self._tables()  # the network reads the tables through self.tabs (updated in place)
        with torch.no_grad():
            for k in range(0, len(order), 256):
                b = order[k : k + 256]
                ids, _, mask = self._pad([(ids_all[i], []) for i in b])
                em = net(ids, mask)
                if NEURAL["loss"] != "crf":
                    em = torch.log_softmax(em, dim=-1)
                lp = em.numpy().astype(np.float64)
                for r, i in enumerate(b):
                    out[i] = lp[r, : len(sents[i])]
        return out

    def export(self, net: Any, path: Path) -> None:
        """Write the numpy weights read by :class:`akhbar.entities.neural.NeuralScorer`."""
        import numpy as np

        sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
        q, scale = quantize_rows(sd["wemb.weight"])
        arrays: dict[str, Any] = {
            "labels": np.array(self.labels),
            "vocab": np.array(self.vocab),
            "wemb_q": q,
            "wemb_scale": scale,
            "chars": np.array(sorted(self.chars, key=self.chars.__getitem__)),
            "cemb": sd["cemb.weight"],
            "cconv_w": sd["cconv.weight"],
            "cconv_b": sd["cconv.bias"],
            "feats": np.array(sorted(self.feats, key=self.feats.__getitem__)),
            "femb": sd["femb.weight"],
            "out_w": sd["out.weight"],
            "out_b": sd["out.bias"],
            "arch": np.array(NEURAL["arch"]),
            "output": np.array("crf" if NEURAL["loss"] == "crf" else "log_softmax"),
        }
        if NEURAL["loss"] == "crf":
            arrays["trans"] = sd["trans"]
        if NEURAL["arch"] == "lstm":
            # Input projections of both directions (biases b_ih + b_hh) applied per word at
            # inference; the recurrent weights stepped per token.
            arrays["proj_w"] = np.concatenate(
                [sd["rnn.weight_ih_l0"], sd["rnn.weight_ih_l0_reverse"]]
            )
            arrays["proj_b"] = np.concatenate(
                [
                    sd["rnn.bias_ih_l0"] + sd["rnn.bias_hh_l0"],
                    sd["rnn.bias_ih_l0_reverse"] + sd["rnn.bias_hh_l0_reverse"],
                ]
            )
            arrays["lstm_whh_f"] = sd["rnn.weight_hh_l0"]
            arrays["lstm_whh_b"] = sd["rnn.weight_hh_l0_reverse"]
        else:
            arrays["proj_w"] = sd["proj.weight"]
            arrays["proj_b"] = sd["proj.bias"]
            arrays["dilations"] = np.array([c.dilation[0] for c in net.convs])
            for i in range(len(net.convs)):
                arrays[f"conv{i}_w"] = sd[f"convs.{i}.weight"]
                arrays[f"conv{i}_b"] = sd[f"convs.{i}.bias"]
        # np.savez stamps the zip entries with the current time: write them with a fixed one so
        # that the file (and its checksum) is the same on every run.
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, arr in arrays.items():
                info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with zf.open(info, "w") as fh:
                    np.lib.format.write_array(fh, np.ascontiguousarray(arr), allow_pickle=False)


TORCH_FIXTURE = ROOT / "tests" / "entities" / "data" / "neural_torch_dev.npz"
FIXTURE_SENTENCES = 100


def torch_reference_scores(path: Path, fs: FeatureSet, sents: Sequence[Sequence[str]]) -> Any:
    """Label scores of a shipped BiLSTM ``neural.npz``, computed by torch modules loaded with
    its weights, one sentence at a time (the reference the numpy inference is tested against).
    """
    import numpy as np
    import torch
    from torch import nn

    from akhbar.entities.neural import FEATURE_PREFIXES, MAX_CHARS

    torch.set_num_threads(1)
    with np.load(path, allow_pickle=False) as z:
        a = {k: z[k] for k in z.files}
    if _text(a, "arch", "cnn") != "lstm":
        raise SystemExit("the torch reference covers the BiLSTM scorer only")

    def t(name: str) -> Any:
        return torch.from_numpy(np.ascontiguousarray(a[name], dtype=np.float32))

    vocab = {str(w): i for i, w in enumerate(a["vocab"])}
    chars = {str(c): i + 1 for i, c in enumerate(a["chars"])}
    feats = {str(f): i + 1 for i, f in enumerate(a["feats"])}
    wemb = torch.from_numpy(dequantize_rows(a["wemb_q"], a["wemb_scale"]))
    cemb = nn.Embedding.from_pretrained(t("cemb"), padding_idx=0)
    cw = t("cconv_w")
    cconv = nn.Conv1d(32, cw.shape[0], 3, padding=1)
    femb = nn.EmbeddingBag.from_pretrained(t("femb"), mode="sum")
    h = a["lstm_whh_f"].shape[1]
    lstm = nn.LSTM(a["proj_w"].shape[1], h, batch_first=True, bidirectional=True)
    out = nn.Linear(2 * h, a["out_w"].shape[0])
    with torch.no_grad():
        cconv.weight.copy_(cw)
        cconv.bias.copy_(t("cconv_b"))
        for sfx, rows in (("l0", slice(0, 4 * h)), ("l0_reverse", slice(4 * h, 8 * h))):
            getattr(lstm, f"weight_ih_{sfx}").copy_(t("proj_w")[rows])
            getattr(lstm, f"bias_ih_{sfx}").copy_(t("proj_b")[rows])
            getattr(lstm, f"bias_hh_{sfx}").zero_()
        lstm.weight_hh_l0.copy_(t("lstm_whh_f"))
        lstm.weight_hh_l0_reverse.copy_(t("lstm_whh_b"))
        out.weight.copy_(t("out_w"))
        out.bias.copy_(t("out_b"))
    results = []
    with torch.no_grad():
        for sent in sents:
            keys = [fs.key(w) for w in sent]
            wid = torch.tensor([vocab.get(k, len(vocab)) for k in keys])
            char_vecs = []
            for k in keys:
                ch = torch.tensor([[chars.get(c, 0) for c in ("^" + k + "$")[:MAX_CHARS]]])
                c = cconv(cemb(ch).transpose(1, 2))
                c = c.masked_fill((ch == 0).unsqueeze(1), -1e4).max(dim=2).values
                char_vecs.append(c[0])
            ids: list[int] = []
            offsets: list[int] = []
            for w in sent:
                offsets.append(len(ids))
                attrs = [x for x in fs.word_attrs(w) if x.startswith(FEATURE_PREFIXES)]
                ids.extend(f for x in attrs if (f := feats.get(x)))
            bag = femb(torch.tensor(ids, dtype=torch.long), torch.tensor(offsets))
            x = torch.cat([wemb[wid], torch.stack(char_vecs), bag], dim=1)
            y, _ = lstm(x.unsqueeze(0))
            results.append(out(y[0]).numpy())
    return results


def write_torch_fixture(model: Path, fs: FeatureSet, dev: Sequence[Sentence]) -> None:
    """torch's scores of the shipped scorer on the first dev sentences, for tests/entities."""
    import numpy as np

    sents = [[w for w, _ in s] for s in dev[:FIXTURE_SENTENCES]]
    scores = torch_reference_scores(model / "neural.npz", fs, sents)
    np.savez_compressed(
        TORCH_FIXTURE,
        scores=np.concatenate(scores).astype(np.float32),
        lengths=np.array([len(s) for s in sents]),
        neural_sha256=np.array(sha256_file(model / "neural.npz")),
    )
    print(f"wrote {TORCH_FIXTURE.relative_to(ROOT)} ({len(sents)} dev sentences)")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--ablate",
        nargs="?",
        const="",
        default=None,
        help="run ablations on dev, write nothing (optional comma-separated variant ids)",
    )
    ap.add_argument("--iterations", type=int, default=0, help="override max_iterations")
    ap.add_argument("--grid", action="store_true", help="c1/c2 grid on dev, write nothing")
    ap.add_argument("--cv", type=int, default=0, help="k-fold estimate on train (k models)")
    ap.add_argument(
        "--cv-fold", type=int, default=None, help="run only this fold of --cv (0-based), then stop"
    )
    ap.add_argument(
        "--cv-predictions",
        type=Path,
        default=None,
        help="directory for each CV fold's held-out words, gold and predicted tags (JSON)",
    )
    ap.add_argument(
        "--extra", choices=("none", "uner", "ijcnlp", "both", "uner-names"), default=DEFAULT_EXTRA
    )
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument(
        "--mined",
        action=argparse.BooleanOptionalAction,
        default=DEFAULT_MINED,
        help="use the person / organisation classes mined from the news",
    )
    ap.add_argument(
        "--pairs",
        action=argparse.BooleanOptionalAction,
        default=DEFAULT_PAIRS,
        help="word-pair features (previous/next word key with the token's)",
    )
    ap.add_argument("--scheme", choices=("bio", "bioes"), default=SCHEME, help="CRF label scheme")
    ap.add_argument("--c1", type=float, default=PARAMS["c1"], help="L1 regularization")
    ap.add_argument("--c2", type=float, default=PARAMS["c2"], help="L2 regularization")
    ap.add_argument(
        "--neural",
        action=argparse.BooleanOptionalAction,
        default=DEFAULT_NEURAL,
        help="add the neural scorer (needs torch, the train extra)",
    )
    ap.add_argument("--neural-weight", type=float, default=NEURAL["weight"])
    ap.add_argument(
        "--torch-fixture-only",
        action="store_true",
        help=f"only write {TORCH_FIXTURE.name} for the model in --out (torch's dev scores)",
    )
    ap.add_argument("--epochs", type=int, default=NEURAL["epochs"], help="neural epochs")
    ap.add_argument("--neural-arch", choices=("cnn", "lstm"), default=NEURAL["arch"])
    ap.add_argument("--neural-loss", choices=("softmax", "crf"), default=NEURAL["loss"])
    ap.add_argument("--neural-config", default="{}", help="JSON overriding other NEURAL settings")
    ap.add_argument(
        "--pretrain-lm",
        type=Path,
        help="train the neural encoder as a language model on the shared news, save the "
        "checkpoint there (for --neural-config '{\"init\": PATH}') and stop",
    )
    ap.add_argument("--lm-config", default="{}", help="JSON overriding LM settings")
    ap.add_argument(
        "--augment", default="{}", help="JSON overriding AUGMENT (mention replacement) settings"
    )
    ap.add_argument(
        "--without-fold",
        type=int,
        default=None,
        help="train the model on IL-NER train minus this fold of the 3-fold CV split (a "
        "teacher for scripts/ner_pseudo.py inside CV)",
    )
    ap.add_argument(
        "--pseudo",
        type=Path,
        action="append",
        default=[],
        help="CoNLL sentences tagged by a model (scripts/ner_pseudo.py) joining the training "
        "data (each CV training fold too)",
    )
    ap.add_argument(
        "--lm",
        type=Path,
        help="start the neural encoder from this --pretrain-lm checkpoint (make train-ner does)",
    )
    ap.add_argument(
        "--rescore-only",
        action="store_true",
        help="re-score the model in --out on dev (with the current rules), rewrite its "
        "model.json scores and card, train nothing",
    )
    ap.add_argument(
        "--second-scorer",
        choices=("none", "cnn", "lstm-seed2"),
        default="none",
        help="with --cv: also train a second scorer (the round-3 CNN, or the same BiLSTM with "
        "seed 2: a two-seed ensemble) and score CRF + both (measurement)",
    )
    args = ap.parse_args(argv)
    if args.second_scorer == "cnn":
        SECOND_SCORER.update(CNN_SCORER)
    elif args.second_scorer == "lstm-seed2":
        SECOND_SCORER.update(seed=2)
    NEURAL["weight"] = args.neural_weight
    NEURAL["epochs"] = args.epochs
    NEURAL["arch"] = args.neural_arch
    NEURAL["loss"] = args.neural_loss
    NEURAL.update(json.loads(args.neural_config))
    AUGMENT.update(json.loads(args.augment))
    if args.lm is not None:
        NEURAL["init"] = str(args.lm)
    globals()["SCHEME"] = args.scheme
    PARAMS["c1"] = args.c1
    PARAMS["c2"] = args.c2
    t_start = time.time()

    train_c = read_conll(NER / "il-ner-urdu" / "train.txt")
    dev_c = read_conll(NER / "il-ner-urdu" / "dev.txt")
    print(f"IL-NER train {len(train_c.sentences)} sentences, repairs {dict(train_c.repairs)}")
    print(f"IL-NER dev {len(dev_c.sentences)} sentences, repairs {dict(dev_c.repairs)}")
    train = [split_sentence(s) for s in train_c.sentences]
    dev = [split_sentence(s) for s in dev_c.sentences]
    if args.without_fold is not None:
        if args.cv:
            ap.error("--without-fold trains one model; it does not go with --cv")
        held = set(fold_order(len(train))[args.without_fold :: 3])
        train = [s for i, s in enumerate(train) if i not in held]
        print(f"without fold {args.without_fold}: {len(train)} training sentences", flush=True)

    if args.rescore_only:
        # Re-score the model in --out on dev (e.g. after the post-decoding rules changed) and
        # rewrite its model.json scores and card; the weights and their checksums stay as they are.
        rec = Recognizer(args.out).load()
        meta = json.loads((args.out / "model.json").read_text(encoding="utf-8"))
        meta["rules"] = list(rec.rule_names)
        meta["scores"] = {**meta["scores"], **dev_scores(rec, dev, dev_c.sentences, train)}
        (args.out / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
        write_card(meta, args.out / "MODEL_CARD.md")
        return 0
    if args.torch_fixture_only:
        rec = Recognizer(args.out).load()
        write_torch_fixture(args.out, rec.features, dev)
        return 0
    classes = build_wordclasses(mined=args.mined)
    fs = FeatureSet({k: frozenset(v) for k, v in classes.items()}, pairs=args.pairs)
    if args.iterations:
        PARAMS["max_iterations"] = args.iterations
    if args.ablate is not None:
        ablate(fs, train, dev, set(args.ablate.split(",")) if args.ablate else None)
        return 0
    if args.grid:
        grid(fs, train, dev)
        return 0
    extra: list[Sentence] = []
    if args.extra in ("uner", "both"):
        extra += read_uner(NER / "uner" / "uner.txt")
    if args.extra in ("ijcnlp", "both"):
        extra += read_ijcnlp(NER / "ijcnlp2008" / "ijnlp.txt")
    if args.extra == "uner-names":
        extra += read_uner_names(NER / "uner" / "uner.txt", number_words(fs))
    for path in args.pseudo:
        pseudo = read_conll(path).sentences
        extra += pseudo
        print(f"pseudo-labelled: {len(pseudo)} sentences from {path}", flush=True)
    vectors = build_vectors() if args.neural else None
    if args.pretrain_lm is not None:
        import torch

        assert vectors is not None, "--pretrain-lm needs --neural"
        lm = {**LM, **json.loads(args.lm_config)}
        sents = lm_sentences()
        if lm.get("limit"):
            sents = sents[: lm["limit"]]
        print(f"LM: {len(sents)} sentences, {sum(map(len, sents))} tokens", flush=True)
        nt = NeuralTrainer(fs, vectors[0], vectors[1], [])
        ckpt = nt.pretrain(sents, NEURAL, lm)
        torch.save(ckpt, args.pretrain_lm)
        print(f"wrote {args.pretrain_lm} in {time.time() - t_start:.0f}s")
        return 0
    cv: list[float] = []
    if args.cv:
        cv = cross_validate(
            fs, train, args.cv, extra, vectors, args.cv_fold, save=args.cv_predictions
        )
        if args.cv_fold is not None:
            return 0
    data = train + extra
    if AUGMENT["copies"]:
        data += augment_mentions(train, AUGMENT)
        print(f"augmented: {len(data) - len(train) - len(extra)} sentences", flush=True)

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_wordclasses(classes, out / "wordclasses.tsv")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.time()
        tagger = train_crf(
            featurize(fs, data), [[t for _, t in s] for s in data], Path(tmp) / "m.crfsuite", PARAMS
        )
        train_seconds = time.time() - t0
        sizes = export_weights(tagger, out / "weights.tsv")
        crf_pred = [[bio_label(t) for t in tagger.tag(x)] for x in featurize(fs, dev)]
        if vectors is not None:
            labels_crf, trans_crf, crf_em = crf_emissions(tagger, fs, dev)
    neural_meta: dict[str, Any] | None = None
    (out / "neural.npz").unlink(missing_ok=True)
    if vectors is not None:
        t0 = time.time()
        nt = NeuralTrainer(fs, vectors[0], vectors[1], labels_crf)
        net = nt.train(data, NEURAL)
        nt.export(net, out / "neural.npz")
        train_seconds += time.time() - t0
        lp = nt.log_probs(net, [[w for w, _ in s] for s in dev])
        crf_pred = combined_tags(
            labels_crf, trans_crf, crf_em, lp, NEURAL["weight"], nt.transitions(net)
        )
        config = dict(NEURAL)
        init = config.pop("init", None)
        neural_meta = {
            "file": "neural.npz",
            "weight": NEURAL["weight"],
            "config": config,
            "torch": version("torch"),
            "vocab": len(vectors[0]),
            "pretrained": lm_meta(Path(init)) if init else None,
        }

    labels = (out / "weights.tsv").read_text(encoding="utf-8").split("\nL\t", 1)[1]
    labels_list = labels.split("\n", 1)[0].split("\t")
    lexicon_path = TEXT_DATA / "lexicon.tsv"
    meta: dict[str, Any] = {
        "name": "akhbar-ner-urdu",
        "trained": dt.date.today().isoformat(),
        "learner": f"linear-chain CRF (python-crfsuite {version('python-crfsuite')}, L-BFGS)",
        "params": PARAMS,
        "labels": labels_list,
        "data": {
            "train": "IL-NER Urdu train.txt (split compounds)",
            "extra": args.extra,
            "extra_sentences": len(extra),
            "augment": dict(AUGMENT) if AUGMENT["copies"] else None,
            "augmented": len(data) - len(train) - len(extra),
            "train_sentences": len(data),
            "train_tokens": sum(len(s) for s in data),
            "repairs_train": dict(train_c.repairs),
            "repairs_dev": dict(dev_c.repairs),
        },
        "size": sizes,
        "lexicon_sha256": sha256_file(lexicon_path),
        "mined": MINED if args.mined else None,
        "offsets": {str(k): v for k, v in OFFSETS.items()},
        "pairs": args.pairs,
        "scheme": args.scheme,
        "files": {
            "weights.tsv": sha256_file(out / "weights.tsv"),
            "wordclasses.tsv": sha256_file(out / "wordclasses.tsv"),
        },
        "neural": neural_meta,
        "train_seconds": round(train_seconds, 1),
    }
    if neural_meta is not None:
        meta["files"]["neural.npz"] = sha256_file(out / "neural.npz")
    (out / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")

    # The exported model must reproduce the trainer's predictions exactly (with the neural
    # scorer: numpy float32 vs torch may flip a near-tie, so at most 0.5% of sentences).
    rec = Recognizer(out)
    ours = [rec.tag_words([w for w, _ in s]) for s in dev]
    mismatches = sum(a != b for a, b in zip(ours, crf_pred, strict=True))
    if neural_meta is not None:
        print(f"numpy vs torch: {mismatches} of {len(dev)} dev sentences differ")
        meta["neural"]["dev_sentences_differing_from_torch"] = mismatches
        crf_pred = ours if mismatches <= len(dev) // 200 else crf_pred
        mismatches = 0 if mismatches <= len(dev) // 200 else mismatches
    if mismatches:
        print(f"ERROR: exported model differs from crfsuite on {mismatches} dev sentences")
        return 1
    meta["dev_predictions_sha256"] = predictions_digest(crf_pred)

    meta["rules"] = list(rec.load().rule_names)
    meta["scores"] = dev_scores(rec, dev, dev_c.sentences, train)
    if cv:
        meta["scores"]["train_cv"] = {
            "folds": len(cv),
            "micro_f1": [round(f, 4) for f in cv],
            "mean": round(sum(cv) / len(cv), 4),
        }
    (out / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    # model.json is not in "files" (it holds them); the card is written from it.
    write_card(meta, out / "MODEL_CARD.md")
    if neural_meta is not None and out.resolve() == MODEL.resolve():
        write_torch_fixture(out, fs, dev)
    print(f"sizes {sizes}; trained in {train_seconds:.0f}s; total {time.time() - t_start:.0f}s")
    return 0


def dev_scores(
    rec: Recognizer,
    dev: Sequence[Sentence],
    dev_compounds: Sequence[Sentence],
    train: Sequence[Sentence],
) -> dict[str, Any]:
    """The scores model.json records: dev as split words (the model's raw tags, and with the
    post-decoding rules), as IL-NER compounds through ``tag_tokens`` and as raw text through
    ``recognize`` (both with the rules, as shipped), and the first 2,000 train sentences."""
    gold_split = [[t for _, t in s] for s in dev]
    raw = [rec.tag_words([w for w, _ in s]) for s in dev]
    s_split = score(gold_split, raw)
    s_rules = score(
        gold_split,
        [rec.rules.apply([w for w, _ in s], t) for s, t in zip(dev, raw, strict=True)],
    )
    s_comp = score(
        [[t for _, t in s] for s in dev_compounds],
        [rec.tag_tokens([w for w, _ in s]) for s in dev_compounds],
    )
    s_raw = raw_text_scores(rec, dev)
    s_train = score(
        [[t for _, t in s] for s in train[:2000]],
        [rec.tag_words([w for w, _ in s]) for s in train[:2000]],
    )
    print(fmt_scores("dev (split words)", s_split))
    print(fmt_scores("dev (split words + rules)", s_rules))
    print(fmt_scores("dev (IL-NER compounds)", s_comp))
    print(fmt_scores("dev (raw text)", s_raw))
    return {
        "il_ner_dev_split": {k: prf_dict(v) for k, v in s_split.items()},
        "il_ner_dev_split_rules": {k: prf_dict(v) for k, v in s_rules.items()},
        "il_ner_dev_compounds": {k: prf_dict(v) for k, v in s_comp.items()},
        "il_ner_dev_raw_text": {k: prf_dict(v) for k, v in s_raw.items()},
        "il_ner_train_first2000_split": {"micro": prf_dict(s_train["micro"])},
    }


def _checkpoint_hashes(pretrained: dict[str, Any]) -> str:
    """The card's words for the LM checkpoint's hashes (:func:`checkpoint_digest`)."""
    content = pretrained.get("content_sha256")
    if not content:
        return f"sha256 `{pretrained['sha256'][:16]}…`"
    return (
        f"content sha256 `{content[:16]}…` (its tensors and settings, which "
        "`scripts/train_ner.py --pretrain-lm` writes again to the bit; the file's own hash "
        "also depends on the name it was saved under)"
    )


def write_card(meta: dict[str, Any], path: Path) -> None:
    def table(scores: dict[str, dict[str, Any]]) -> list[str]:
        rows = ["| type | P | R | F1 | gold |", "|---|---:|---:|---:|---:|"]
        for k, v in scores.items():
            rows.append(
                f"| {k} | {v['precision'] * 100:.2f} | {v['recall'] * 100:.2f} | "
                f"{v['f1'] * 100:.2f} | {v['gold']} |"
            )
        return rows

    sc = meta["scores"]
    mined_note = (
        "; person / organisation classes mined from the shared news by the patterns in "
        "`akhbar/entities/data/name_patterns.txt` (words after a title up to a stop word, "
        "before `نے کہا`, before an organisation word such as `پارٹی`; thresholds "
        f"{json.dumps(meta['mined'])}: min count, min share of the word's occurrences)."
        if meta.get("mined")
        else ". Person / organisation classes mined from the news (`--mined`) are not used "
        "in this model (3-fold CV on train: no gain; see benchmarks/NER.md)."
    )
    lines = [
        "# Model card: akhbar-ner-urdu",
        "",
        f"Trained {meta['trained']} by `scripts/train_ner.py` (`make train-ner`). "
        f"Learner: {meta['learner']}, params `{json.dumps(meta['params'])}`.",
        "",
        "## Data",
        f"- IL-NER Urdu (CC-BY 4.0) train split: {meta['data']['train_sentences']} sentences, "
        f"{meta['data']['train_tokens']} tokens after splitting `_` compounds into words "
        "(B-X on the first word, I-X on the rest), of which "
        f"{meta['data']['extra_sentences']} from the extra corpus `{meta['data']['extra']}`. "
        "`uner-names`: UNER (Urdu news, BBC-style) restricted to what agrees with IL-NER "
        "conventions: its PERSON / LOCATION / ORGANIZATION spans, DESIGNATION → O, sentences "
        "with a NUMBER / DATE / TIME annotation, a digit or a number / month / weekday / time "
        "word dropped whole. UNER and IJCNLP 2008 mapped in full (numbers and dates too) each "
        "lowered IL-NER dev micro F1 by ~2.5 points (other NUMBER/TIME conventions; see "
        "benchmarks/NER.md).",
        *(
            [
                f"- Mention replacement (`scripts/ner_augment.py`, settings "
                f"`{json.dumps(meta['data']['augment'])}`): {meta['data']['augmented']} "
                "copies of the train sentences that name a person, place or organisation, "
                "each name replaced with probability p by another name of its type from "
                "the train sentences (counted in the sentences above)."
            ]
            if meta["data"].get("augment")
            else []
        ),
        f"- Malformed tags repaired (train): {meta['data']['repairs_train']}; "
        f"(dev): {meta['data']['repairs_dev']}. `-X` → B-X/I-X (O on punctuation); `-` → O.",
        "- IL-NER types mapped: NEP→PERSON, NEL→LOCATION, NEO→ORGANIZATION, NEN→NUMBER, "
        "NETI→TIME, NEAR→ARTIFACT. IL-NER leaves titles (صدر, ڈاکٹر, وزیراعظم) outside the "
        "name; so does the model, and `recognize` attaches them as `title`.",
        "- Word classes (`wordclasses.tsv`): titles (`akhbar/entities/data/titles.txt`), "
        "countries (MIT) and Wikidata en-hi-ur labels (CC0) from ../shared/data/gazetteer, "
        "number/month/weekday/time words from `akhbar/text/data`; distributional clusters "
        "(k64/k256) of the shared news" + mined_note,
        "",
        "## Features",
        "Per token, only functions of one word at offsets -2…+2 (see "
        "`akhbar/entities/features.py`): match key, prefixes 1-3, suffixes 1-4, script shape, "
        "digit pattern, length, lexicon frequency bucket, word classes; ±1: key, shape, "
        "frequency, suffix-2, classes; ±2: key, classes; plus a bias (exact lists: "
        f"`{json.dumps(meta.get('offsets', {}), ensure_ascii=False)}`). "
        + (
            "Word-pair features: the keys of (previous word, token) `P-|a|b` and of (token, next "
            "word) `P+|b|c`; inference caches one score matrix per word and looks each adjacent "
            "pair up once."
            if meta.get("pairs")
            else "No word-pair features, so inference caches one score matrix per word."
        ),
        "",
        "## Files",
        f"- `weights.tsv`: {meta['size']['state_features']} non-zero state weights over "
        f"{meta['size']['attributes']} attributes, {meta['size']['labels']} labels, "
        "full-precision floats; `wordclasses.tsv`; SHA-256 of every file in `model.json`, "
        "verified at load.",
        (
            "- The shipped numpy inference reproduces the trainer's tags (python-crfsuite + "
            "torch) on IL-NER dev (see the neural scorer below; sha256 of the numpy tag "
            f"sequences: `{meta['dev_predictions_sha256'][:16]}…`, checked by tests/entities, "
            "which also compare numpy's neural scores with torch's on 100 dev sentences)."
            if meta.get("neural")
            else "- The shipped numpy Viterbi reproduces python-crfsuite's tags on all of IL-NER "
            f"dev (sha256 of the tag sequences: `{meta['dev_predictions_sha256'][:16]}…`, "
            "checked by tests/entities)."
        ),
        *(
            [
                f"- `neural.npz`: neural scorer (torch {meta['neural']['torch']} at training, "
                "numpy at inference; `akhbar/entities/neural.py`): news word vectors "
                f"({meta['neural']['vocab']} words, tuned; int8 with a float16 scale per "
                "word), character CNN, word-class "
                "bag, "
                + (
                    "a bidirectional LSTM"
                    if meta["neural"]["config"].get("arch") == "lstm"
                    else "residual dilated convolutions"
                )
                + (
                    ", trained with its own CRF output layer; its label scores and transition "
                    "scores are added to the CRF's"
                    if meta["neural"]["config"].get("loss") == "crf"
                    else ", softmax; its log-probabilities are added to the CRF emissions"
                )
                + f" with weight {meta['neural']['weight']}. "
                + (
                    "Its encoder (word vectors, character CNN, attribute bag, LSTM) was first "
                    "trained as a language model on the shared news (`--pretrain-lm`: "
                    f"{meta['neural']['pretrained']['sentences']} sentences, "
                    f"{meta['neural']['pretrained']['tokens']} tokens; the forward LSTM "
                    "predicts the next word, the backward one the word before, among the "
                    f"{meta['neural']['pretrained']['config']['targets']} most frequent news "
                    "words and one class for the rest; settings "
                    f"`{json.dumps(meta['neural']['pretrained']['config'])}`, checkpoint "
                    + _checkpoint_hashes(meta["neural"]["pretrained"])
                    + "), then trained on IL-NER. "
                    if meta["neural"].get("pretrained")
                    else ""
                )
                + "Config "
                f"`{json.dumps(meta['neural']['config'])}`; numpy and torch tags differ on "
                f"{meta['neural'].get('dev_sentences_differing_from_torch', '?')} dev sentences."
            ]
            if meta.get("neural")
            else []
        ),
        f"- Trained with lexicon.tsv sha256 `{meta['lexicon_sha256'][:16]}…` (the `lx=` "
        "feature reads `akhbar.text.lexicon` at run time: retrain when it changes).",
        "",
        "## Scores on IL-NER dev (held out; exact span + type, CoNLL-style)",
        "",
        "Split words (what the model sees; its raw tags, `tag_words`):",
        "",
        *table(sc["il_ner_dev_split"]),
        "",
        *(
            [
                "Split words, the model's tags + the post-decoding rules "
                f"({', '.join(meta.get('rules', []))}; `akhbar/entities/rules.py`, run by "
                "`tag_tokens` and `recognize`):",
                "",
                *table(sc["il_ner_dev_split_rules"]),
                "",
            ]
            if "il_ner_dev_split_rules" in sc
            else []
        ),
        "IL-NER tokens with `_` compounds (via `tag_tokens`, with the rules):",
        "",
        *table(sc["il_ner_dev_compounds"]),
        "",
        "Raw text (dev words joined by spaces, through `recognize`: our sentence splitter and "
        "tokenizer, character offsets compared; with the rules):",
        "",
        *table(sc["il_ner_dev_raw_text"]),
        "",
    ]
    if "train_cv" in sc:
        cv = sc["train_cv"]
        lines += [
            f"{cv['folds']}-fold cross-validation on train: micro F1 {cv['micro_f1']} "
            f"(mean {cv['mean']}).",
            "",
        ]
    else:
        lines += [
            "3-fold cross-validation on train of this recipe (`--cv 3`, one fold per process "
            "with `--cv-fold K`): benchmarks/NER.md, issue 5 round 3.",
            "",
        ]
    lines += [
        "## Post-decoding rules",
        "After the Viterbi decoding, `tag_tokens` and `recognize` run the rules of "
        "`akhbar/entities/rules.py` (word lists in `akhbar/entities/data/rules.txt`): "
        "they turn `O` tokens into entities the model left out and never remove its spans; "
        "`person_digits` ends a PERSON span before a word with a digit, which becomes a NUMBER "
        "(`محمد رضوان 48.01`: no IL-NER person holds a digit), and `person_tail` one that ends "
        "in a word for a government (`مودی سرکار`). "
        "`time_words`: a month or weekday at the end of a name span, before a postposition, "
        "leaves it (`[نریندر مودی] اتوار سے`), a month as a TIME span (`[غلام علی] [دسمبر] "
        "میں`), and a span that is only such words is retyped so (`[جنوری] میں` TIME, `منگل "
        "کو` none). "
        "`not_place`: a place span that is one common noun of a list (`ہوٹل` 'hotel', `کرپشن`, "
        "`مسجد`; KIND `not_place` of `rules.txt`) is none. "
        "`organization_person`: a PERSON span that starts with a listed organisation and goes "
        "on after it is that organisation, then the person (`[پی سی بی] [نجم سیٹھی]`; no "
        "IL-NER sentence has one, so the scores here do not change with it). "
        "`title_person`: 1-3 words between a title and `نے`/`کا`/`کی`/`کے`/`کو`/a "
        "comma (`سے` before `ملاقات` …) become a PERSON; `title_extend`: a function word or "
        "`بن` between a title and the model's person joins it (`صدر جو بائیڈن`); "
        "`gazetteer_location`: a gazetteer country before a postposition (also one written "
        "glued to the next word, `بھارت کیخلاف`: `data/glued_postpositions.tsv`) or a word "
        "for a city, province or district (`لندن شہر`) becomes a "
        "LOCATION (`place_event`: also before an event noun, `آستانہ اجلاس`, `پلوامہ حملے`); "
        "`gazetteer_organization`: a listed organisation (`data/organizations.tsv`) before a "
        "postposition becomes an ORGANIZATION, its last word also in brackets (`مسلم لیگ (ن)`) "
        "or glued (`پیپلزپارٹی`), and taking in a place the model tagged at its start "
        "(`[پاکستان] کرکٹ بورڈ`: with `organization_person`, where a rule retypes a span of "
        "the model), and retyping a person or place span of the model that is exactly a listed "
        "organisation (`حماس`, `لاہور ہائیکورٹ`), and taking a title off an organisation span "
        "of the model before a listed body or person (`چیئرمین [پی سی بی]`), or before a listed "
        "body and a name, which becomes a PERSON (`چیئرمین [ایف بی آر] [طارق باجوہ]`); "
        "`organization_event`: also before an event noun (`سارک اجلاس`); "
        "`organization_noun`: also before a common noun for its people or doings "
        "(`مسلم لیگ ن قیادت`, `پی سی بی حکام`); "
        "`known_name`: a person's or place's name of two words or more that this model itself "
        "tags with one type in the shared news (`data/known_names.tsv`, built by "
        "`scripts/build_known_names.py` after training: `ڈونلڈ ٹرمپ`, `سرفراز احمد`) becomes "
        "an entity where the model left it out, or grows to it from a part the model tagged, "
        "or takes the listed type where the model tagged the whole name with another name type "
        "(`سری دیوی` a place; not a body named after a listed place, nor an ARTIFACT), and a "
        "listed person right after a body's span is the person, also where the model ran the "
        "span on over the name (`[پاکستان کرکٹ بورڈ] [محسن نقوی]`); "
        "`known_prefix`: so are the first two words alone of a listed person of three or more "
        "(`بلاول بھٹو` of `بلاول بھٹو زرداری`), both words of other listed names or shared "
        "name words, no initials, no given name second that goes on (`لیاقت علی`); "
        "`known_pair`: a PERSON span that is listed persons one after the other (names listed "
        "without commas, unlisted pieces of one or two words between them allowed in five "
        "words or more) is those persons (`[سنی لیون] [اکشے کمار]`). "
        "`known_surname`: a one-word place span that ends the names of two listed persons or "
        "more, and is no place or given name, is that person (`کوہلی`, `سنگاکارا`); "
        "`surname_context`: such a surname alone, untagged, after a word that is no name "
        "part and before `نے`, `کو` or a genitive is the person (`جب کہ [دھونی] نے`), when "
        "the persons it ends are tagged in at least 5% of its occurrences in the news. "
        "Kept because they do not lower micro F1 on IL-NER dev or on the 3-fold CV of this "
        "recipe (benchmarks/NER.md, issue 5 rounds 4, 7, 8 and the twelfth to fourteenth "
        "sessions; `known_name` also raises UNER, news annotated by other people, from 65.93 "
        "to 69.04 on its person, place and organisation spans); "
        "`Recognizer(rules=())` turns them off.",
        "",
        "## Limits",
        "- IL-NER is Indian news (names and places of India); Pakistani and international news "
        "differs. Titles are left out of names by convention; NUMBER/TIME follow IL-NER "
        "(numbers and dates, not money or percent as units).",
        "- Anchor: Stanza's Urdu NER (also IL-NER) reports 85.21 micro F1 on IL-NER test; we "
        "have no test split, so dev is the held-out estimate.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
