"""Synthetic near-duplicates of real articles, shared by the tests and benchmarks/bench_dedup.py.

Each edit mimics what happens between outlets or scrapes of one story; all are seeded and
deterministic.  Sentences are cut at ``۔ ؟ ! ?`` (the articles are single-paragraph).
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
OUTLETS = ("express", "geo", "jang", "samaa")
_SENT = re.compile(r"(?<=[۔؟!?])\s+")
_URDU_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك", "ہ": "ه"})


def load_articles(data: Path = DATA) -> list[tuple[str, str, str]]:
    """``(id, title, body)`` of the 2,541 outlet articles (headers differ by file)."""
    csv.field_size_limit(1 << 30)
    out = []
    for outlet in OUTLETS:
        path = data / "news" / "outlets-2024" / f"{outlet}_articles.csv"
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                r = {k.lower(): v for k, v in row.items()}
                out.append((f"{outlet}:{r['id']}", r["title"] or "", r["content"] or ""))
    return out


def sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(text.strip()) if s]


def truncate(text: str, rng: random.Random) -> str:
    """Drop the last ~15% of the sentences (a feed that cuts the story short)."""
    s = sentences(text)
    keep = max(1, round(len(s) * 0.85))
    return " ".join(s[:keep])


def reorder(text: str, rng: random.Random) -> str:
    """Cut into 4 paragraphs at sentence boundaries and shuffle them."""
    s = sentences(text)
    k = max(1, len(s) // 4)
    paras = [" ".join(s[i : i + k]) for i in range(0, len(s), k)]
    rng.shuffle(paras)
    return "\n\n".join(paras)


def spelling(text: str, rng: random.Random) -> str:
    """Arabic-keyboard letters, ZWNJ after some words, NBSP spaces, Urdu digits."""
    t = text.translate(_ARABIC_KEYBOARD).translate(_URDU_DIGITS)
    parts = t.split(" ")
    out = []
    for w in parts:
        r = rng.random()
        out.append(w + "\u200c" if r < 0.1 else w)
    return "".join(w + ("\u00a0" if rng.random() < 0.2 else " ") for w in out).strip()


def insert(text: str, rng: random.Random, donor: str = "") -> str:
    """Insert ~10% more sentences (at least one), taken from another article, at random places."""
    s = sentences(text)
    n = max(1, round(len(s) * 0.1))
    extra = sentences(donor)[:n] or ["یہ ایک اضافی جملہ ہے۔"]
    for e in extra:
        s.insert(rng.randrange(len(s) + 1), e)
    return " ".join(s)


def delete(text: str, rng: random.Random) -> str:
    """Delete ~10% of the sentences (at least one) at random places."""
    s = sentences(text)
    if len(s) < 3:
        return text
    n = max(1, round(len(s) * 0.1))
    drop = set(rng.sample(range(len(s)), n))
    return " ".join(x for i, x in enumerate(s) if i not in drop)


def combined(text: str, rng: random.Random) -> str:
    """A light rewrite: reorder + spelling variants + one deleted sentence."""
    return spelling(reorder(delete(text, rng), rng), rng)


EDITS: dict[str, Callable[[str, random.Random], str]] = {
    "truncate": truncate,
    "reorder": reorder,
    "spelling": spelling,
    "insert": insert,
    "delete": delete,
    "combined": combined,
}


def make_variant(kind: str, text: str, rng: random.Random, donor: str) -> str:
    """Apply edit ``kind`` (a key of :data:`EDITS`) to ``text``."""
    if kind == "insert":
        return insert(text, rng, donor)
    return EDITS[kind](text, rng)
