"""Reading IL-NER-style CoNLL files and scoring NER output (CoNLL-style exact span match).

IL-NER (the Indian-languages NER set) writes ``token<TAB>tag`` with tags ``B-NEP``, ``I-NEL`` …
and a blank line between sentences.  :func:`read_conll` maps its types to ours
(:data:`IL_NER_TYPES`) and repairs the few malformed tags (``-NEL`` without ``B``/``I``; a bare
``-``), counting every repair so the caller can report them.

:func:`bio_spans` follows ``conlleval``: a chunk starts at ``B-X``, or at ``I-X`` after anything
that is not ``B-X``/``I-X``; :func:`score` counts exact (type, start, end) matches.

>>> bio_spans(["B-PERSON", "I-PERSON", "O", "I-LOCATION"])
[('PERSON', 0, 2), ('LOCATION', 3, 4)]
>>> s = score([["B-PERSON", "O"]], [["B-PERSON", "O"]])
>>> s["micro"].f1
1.0
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from akhbar.text.words import tokenize

__all__ = [
    "IL_NER_TYPES",
    "PRF",
    "TYPES",
    "Corpus",
    "bio_spans",
    "parse_conll",
    "parse_inline_tagged",
    "read_conll",
    "read_uner",
    "score",
]

#: Our entity types, in report order.
TYPES = ("PERSON", "LOCATION", "ORGANIZATION", "NUMBER", "TIME", "ARTIFACT")

#: IL-NER type names → ours.
IL_NER_TYPES = {
    "NEP": "PERSON",
    "NEL": "LOCATION",
    "NEO": "ORGANIZATION",
    "NEN": "NUMBER",
    "NETI": "TIME",
    "NEAR": "ARTIFACT",
}


class Corpus(NamedTuple):
    """Sentences of (token, tag) pairs with our tag names, and the repairs made while reading."""

    sentences: list[list[tuple[str, str]]]
    repairs: Counter[str]


class PRF(NamedTuple):
    """Precision, recall, F1 and the counts behind them."""

    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int
    correct: int


def _is_punct(token: str) -> bool:
    return not any(c.isalnum() for c in token)


def parse_conll(lines: Iterable[str]) -> Corpus:
    """Parse ``token<TAB>tag`` lines (IL-NER tag names or ours) into a :class:`Corpus`.

    Malformed tags: ``-X`` (no B/I) becomes ``I-X`` right after an ``X`` token (continuing it),
    else ``B-X``, except on punctuation, where it becomes ``O``; a bare ``-`` or an unknown tag
    becomes ``O``.  Each repair is counted under ``"-X"``, ``"-"`` or ``"unknown:TAG"``.

    >>> c = parse_conll(["ہندوستان\\tB-NEL", "اور\\tO", "برطانیہ\\t-NEL", "", "پی\\t-"])
    >>> c.sentences
    [[('ہندوستان', 'B-LOCATION'), ('اور', 'O'), ('برطانیہ', 'B-LOCATION')], [('پی', 'O')]]
    >>> dict(c.repairs)
    {'-NEL': 1, '-': 1}
    """
    sentences: list[list[tuple[str, str]]] = []
    repairs: Counter[str] = Counter()
    current: list[tuple[str, str]] = []
    for raw in lines:
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, _, tag = line.partition("\t")
        tag = tag.strip()
        token = token.strip()
        if tag == "O":
            current.append((token, "O"))
            continue
        prefix, _, kind = tag.partition("-")
        kind = IL_NER_TYPES.get(kind, kind)
        if prefix in ("B", "I") and kind in TYPES:
            current.append((token, f"{prefix}-{kind}"))
        elif prefix == "" and kind in TYPES:
            repairs[tag] += 1
            if _is_punct(token):
                current.append((token, "O"))
            else:
                prev = current[-1][1] if current else "O"
                current.append((token, f"I-{kind}" if prev[2:] == kind else f"B-{kind}"))
        else:
            repairs["-" if tag == "-" else f"unknown:{tag}"] += 1
            current.append((token, "O"))
    if current:
        sentences.append(current)
    return Corpus(sentences, repairs)


def read_conll(path: str | Path) -> Corpus:
    """Read an IL-NER-style file (UTF-8, BOM allowed) with :func:`parse_conll`.

    >>> read_conll.__name__
    'read_conll'
    """
    with open(path, encoding="utf-8-sig") as fh:
        return parse_conll(fh)


#: UNER's type names → ours (``DESIGNATION``, a title, is left out: IL-NER and we keep titles
#: outside names).
UNER_TYPES = {
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
    "NUMBER": "NUMBER",
    "DATE": "TIME",
    "TIME": "TIME",
}
_INLINE_TAG = re.compile(r"<(/?)([A-Z]+)>")


def parse_inline_tagged(
    lines: Iterable[str], types: Mapping[str, str] = UNER_TYPES
) -> list[list[tuple[str, str]]]:
    """Sentences written one a line with inline tags (``<PERSON>…</PERSON>``, as UNER writes
    them) → our tokens (:func:`akhbar.text.words.tokenize`) with BIO tags of the ``types`` they
    map to; a tag not in ``types`` is left out (its words are ``O``), and so is a token that
    does not lie wholly inside the tagged text.

    >>> parse_inline_tagged(["<PERSON>شعیب ملک</PERSON> نے <DESIGNATION>کپتان</DESIGNATION>"])
    [[('شعیب', 'B-PERSON'), ('ملک', 'I-PERSON'), ('نے', 'O'), ('کپتان', 'O')]]
    """
    out: list[list[tuple[str, str]]] = []
    for line in lines:
        if not line.strip():
            continue
        plain: list[str] = []
        spans: list[tuple[int, int, str]] = []
        pos = length = 0
        open_at: tuple[int, str] | None = None
        for m in _INLINE_TAG.finditer(line):
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
        toks = list(tokenize("".join(plain)))
        tags = ["O"] * len(toks)
        for start, end, kind in spans:
            mapped = types.get(kind)
            if mapped is None:
                continue
            inside = [i for i, t in enumerate(toks) if t.start >= start and t.end <= end]
            for n, i in enumerate(inside):
                tags[i] = ("B-" if n == 0 else "I-") + mapped
        out.append([(t.text, tag) for t, tag in zip(toks, tags, strict=True)])
    return out


def read_uner(path: str | Path) -> list[list[tuple[str, str]]]:
    """Read UNER (UTF-16 little-endian, BOM allowed, CRLF, one sentence a line with inline
    tags) with :func:`parse_inline_tagged`.

    >>> read_uner.__name__
    'read_uner'
    """
    text = Path(path).read_bytes().decode("utf-16-le").lstrip("\ufeff")
    return parse_inline_tagged(text.splitlines())


def bio_spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """Chunks ``(type, start, end)`` (token indices, end exclusive) of a BIO tag sequence.

    >>> bio_spans(["O", "B-TIME", "I-TIME", "B-TIME", "I-NUMBER"])
    [('TIME', 1, 3), ('TIME', 3, 4), ('NUMBER', 4, 5)]
    """
    spans: list[tuple[str, int, int]] = []
    kind: str | None = None
    start = 0
    for i, tag in enumerate(tags):
        prefix, _, t = tag.partition("-")
        if kind is not None and (prefix != "I" or t != kind):
            spans.append((kind, start, i))
            kind = None
        if prefix in ("B", "I") and kind is None:
            kind, start = t, i
    if kind is not None:
        spans.append((kind, start, len(tags)))
    return spans


def _prf(gold: int, predicted: int, correct: int) -> PRF:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f, gold, predicted, correct)


def score(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> dict[str, PRF]:
    """Exact-span scores per type and ``"micro"`` over all types, from parallel tag sequences.

    >>> s = score([["B-PERSON", "I-PERSON", "B-LOCATION"]], [["B-PERSON", "O", "B-LOCATION"]])
    >>> round(s["micro"].f1, 3), s["PERSON"].correct, s["LOCATION"].f1
    (0.5, 0, 1.0)
    """
    g_count: Counter[str] = Counter()
    p_count: Counter[str] = Counter()
    c_count: Counter[str] = Counter()
    for g_tags, p_tags in zip(gold, predicted, strict=True):
        if len(g_tags) != len(p_tags):
            raise ValueError(f"sentence lengths differ: {len(g_tags)} gold vs {len(p_tags)}")
        g = set(bio_spans(g_tags))
        p = set(bio_spans(p_tags))
        g_count.update(s[0] for s in g)
        p_count.update(s[0] for s in p)
        c_count.update(s[0] for s in g & p)
    kinds = [t for t in TYPES if g_count[t] or p_count[t]]
    kinds += sorted((set(g_count) | set(p_count)) - set(TYPES))
    out = {t: _prf(g_count[t], p_count[t], c_count[t]) for t in kinds}
    out["micro"] = _prf(g_count.total(), p_count.total(), c_count.total())
    return out
