"""Train the NER model shipped in akhbar/entities/model/ (``make train-ner``).

    .venv/bin/python scripts/train_ner.py                 # train on IL-NER train, write the model
    .venv/bin/python scripts/train_ner.py --ablate        # feature / data ablations on IL-NER dev
    .venv/bin/python scripts/train_ner.py --cv 5          # also a 5-fold estimate on train

Data (``../shared/data/ner``): IL-NER Urdu train/dev (``token<TAB>BIO``, compounds joined by
``_``: split into words with their tags propagated, as our tokenizer sees raw text); optionally
UNER (UTF-16LE, inline tags) and IJCNLP 2008 (IO tags) after mapping their labels, which
``--ablate`` measures and which are used only with ``--extra``.

Learner: a linear-chain CRF (python-crfsuite, L-BFGS with L1+L2; deterministic).  Its weights
are exported to TSV with full float precision; the script then tags IL-NER dev with the exported
model through :class:`akhbar.entities.ner.Recognizer` and stops with an error unless every tag
equals python-crfsuite's own prediction.  The hash of those predictions goes into model.json so
the test suite can check the shipped inference still reproduces them.

Needs the ``train`` extra: ``pip install python-crfsuite``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pycrfsuite  # type: ignore[import-untyped]  # noqa: E402

from akhbar.entities.evaluate import (  # noqa: E402
    PRF,
    TYPES,
    bio_spans,
    read_conll,
    score,
)
from akhbar.entities.features import OFFSETS, FeatureSet, split_compound  # noqa: E402
from akhbar.entities.ner import Recognizer, bio_label, load_titles, sha256_file  # noqa: E402
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


UNER_MAP = {
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
    "NUMBER": "NUMBER",
    "DATE": "TIME",
    "TIME": "TIME",
}
_UNER_TAG = re.compile(r"<(/?)([A-Z]+)>")


def read_uner(path: Path) -> list[Sentence]:
    """UNER: one sentence a line with inline tags → our tokens and BIO tags."""
    text = path.read_bytes().decode("utf-16-le").lstrip("\ufeff")
    out: list[Sentence] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        plain: list[str] = []
        spans: list[tuple[int, int, str]] = []
        pos = 0
        open_at: tuple[int, str] | None = None
        length = 0
        for m in _UNER_TAG.finditer(line):
            chunk = line[pos : m.start()]
            plain.append(chunk)
            length += len(chunk)
            pos = m.end()
            if m.group(1) == "":
                open_at = (length, m.group(2))
            elif open_at is not None:
                spans.append((open_at[0], length, open_at[1]))
                open_at = None
        plain.append(line[pos:])
        sentence = "".join(plain)
        toks = tokenize(sentence)
        tags = ["O"] * len(toks)
        for s, e, kind in spans:
            mapped = UNER_MAP.get(kind)
            if mapped is None:
                continue
            inside = [i for i, t in enumerate(toks) if t.start >= s and t.end <= e]
            for n, i in enumerate(inside):
                tags[i] = ("B-" if n == 0 else "I-") + mapped
        out.append([(t.text, tag) for t, tag in zip(toks, tags, strict=True)])
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

    for title in load_titles():
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
    titles = load_titles()
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


def cross_validate(
    fs: FeatureSet, train: list[Sentence], k: int, extra: Sequence[Sentence] = ()
) -> list[float]:
    """K-fold micro F1 on IL-NER train (``extra`` sentences join every training fold)."""
    order = list(range(len(train)))
    random.Random(SEED).shuffle(order)
    f1s = []
    for fold in range(k):
        held = set(order[fold::k])
        tr = [s for i, s in enumerate(train) if i not in held]
        te = [s for i, s in enumerate(train) if i in held]
        s = dev_eval(fs, [*tr, *extra], te)
        print(fmt_scores(f"fold {fold + 1}/{k}", s), flush=True)
        f1s.append(s["micro"].f1)
    return f1s


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
    args = ap.parse_args(argv)
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
    cv: list[float] = []
    if args.cv:
        cv = cross_validate(fs, train, args.cv, extra)
    data = train + extra

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
        "train_seconds": round(train_seconds, 1),
    }
    (out / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")

    # The exported model must reproduce the trainer's predictions exactly.
    rec = Recognizer(out)
    ours = [rec.tag_words([w for w, _ in s]) for s in dev]
    mismatches = sum(a != b for a, b in zip(ours, crf_pred, strict=True))
    if mismatches:
        print(f"ERROR: exported model differs from crfsuite on {mismatches} dev sentences")
        return 1
    meta["dev_predictions_sha256"] = predictions_digest(crf_pred)

    gold_split = [[t for _, t in s] for s in dev]
    s_split = score(gold_split, ours)
    s_comp = score(
        [[t for _, t in s] for s in dev_c.sentences],
        [rec.tag_tokens([w for w, _ in s]) for s in dev_c.sentences],
    )
    s_raw = raw_text_scores(rec, dev)
    s_train = score(
        [[t for _, t in s] for s in train[:2000]],
        [rec.tag_words([w for w, _ in s]) for s in train[:2000]],
    )
    meta["scores"] = {
        "il_ner_dev_split": {k: prf_dict(v) for k, v in s_split.items()},
        "il_ner_dev_compounds": {k: prf_dict(v) for k, v in s_comp.items()},
        "il_ner_dev_raw_text": {k: prf_dict(v) for k, v in s_raw.items()},
        "il_ner_train_first2000_split": {"micro": prf_dict(s_train["micro"])},
    }
    if cv:
        meta["scores"]["train_cv"] = {
            "folds": len(cv),
            "micro_f1": [round(f, 4) for f in cv],
            "mean": round(sum(cv) / len(cv), 4),
        }
    (out / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    # model.json is not in "files" (it holds them); the card is written from it.
    write_card(meta, out / "MODEL_CARD.md")
    print(fmt_scores("dev (split words)", s_split))
    print(fmt_scores("dev (IL-NER compounds)", s_comp))
    print(fmt_scores("dev (raw text)", s_raw))
    print(f"sizes {sizes}; trained in {train_seconds:.0f}s; total {time.time() - t_start:.0f}s")
    return 0


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
        "full-precision floats; `wordclasses.tsv`; SHA-256 of both in `model.json`, verified "
        "at load.",
        f"- The shipped numpy Viterbi reproduces python-crfsuite's tags on all of IL-NER dev "
        f"(sha256 of the tag sequences: `{meta['dev_predictions_sha256'][:16]}…`, checked by "
        "tests/entities).",
        f"- Trained with lexicon.tsv sha256 `{meta['lexicon_sha256'][:16]}…` (the `lx=` "
        "feature reads `akhbar.text.lexicon` at run time: retrain when it changes).",
        "",
        "## Scores on IL-NER dev (held out; exact span + type, CoNLL-style)",
        "",
        "Split words (what the model sees):",
        "",
        *table(sc["il_ner_dev_split"]),
        "",
        "IL-NER tokens with `_` compounds (via `tag_tokens`):",
        "",
        *table(sc["il_ner_dev_compounds"]),
        "",
        "Raw text (dev words joined by spaces, through `recognize`: our sentence splitter and "
        "tokenizer, character offsets compared):",
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
    lines += [
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
