"""Tests for akhbar.text.keys.match_key: real variant / distinct pairs with pinned floors."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from akhbar.text.keys import match_key, pair_scores
from akhbar.text.lexicon import lexicon

HERE = Path(__file__).resolve().parent / "data"

# Pinned floors: raise them when the key improves, never lower them.
VARIANT_FLOOR = 88  # of 98 pairs in variant_pairs.tsv (misses: see the last block of the file)
MIN_VARIANT_PAIRS = 60
MIN_DISTINCT_PAIRS = 60


def _pairs(name: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        a, b, why = line.split("\t")
        rows.append((a, b, why))
    return rows


VARIANTS = _pairs("variant_pairs.tsv")
DISTINCT = _pairs("distinct_pairs.tsv")


def test_pair_files_are_big_enough_and_commented() -> None:
    assert len(VARIANTS) >= MIN_VARIANT_PAIRS
    assert len(DISTINCT) >= MIN_DISTINCT_PAIRS
    for a, b, why in VARIANTS + DISTINCT:
        assert a != b, why
        assert why.strip(), (a, b)


def test_pair_scores_floor() -> None:
    scores = pair_scores([(a, b) for a, b, _ in VARIANTS], [(a, b) for a, b, _ in DISTINCT])
    print(
        f"\nmatch_key: variants {scores['variants_matched']}/{scores['variants']} share a key, "
        f"distinct {scores['distinct_kept']}/{scores['distinct']} kept apart"
    )
    assert scores["distinct_kept"] == scores["distinct"]
    assert scores["variants_matched"] >= VARIANT_FLOOR


@pytest.mark.parametrize(("a", "b", "why"), DISTINCT, ids=[f"{a}|{b}" for a, b, _ in DISTINCT])
def test_distinct_pair(a: str, b: str, why: str) -> None:
    assert match_key(a) != match_key(b), why


GOLDEN = {
    "arabic-keyboard": ("كيا", "کیا"),
    "arabic-heh-by-lexicon": ("كهانا", "کھانا"),
    "hamza-waw-seed": ("لاؤروف", "لاوروف"),
    "yeh-barree-hamza": ("ہوۓ", "ہوئے"),
    "decomposed-madda-initial": ("ا\u0653پ", "آپ"),
    "final-alef-heh-long-name": ("امریکا", "امریکہ"),
    "prothetic-alef": ("اسکول", "سکول"),
    "diacritics": ("اُردو", "اردو"),
    "digits": ("۲۰۲۱", "2021"),
    "latin-case": ("Trump", "TRUMP"),
    "zero-width-inside": ("پا\u200cکستان", "پاکستان"),
    "hamza-on-consonant": ("مس\u0654لہ", "مسئلہ"),  # a yeh hamza typed as a mark
    "high-hamza-on-consonant": ("مس\u0674لہ", "مسئلہ"),
    "high-hamza-sukun-news": ("ک\u0674\u0652ل", "کل"),  # urdupoint's کٴْل (کُل) stays کل
}


@pytest.mark.parametrize(("a", "b"), GOLDEN.values(), ids=GOLDEN.keys())
def test_same_key(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


def test_key_is_stable_under_itself() -> None:
    # A key looked up again (e.g. a stored key used as a query) gives the same key.
    for a, b, _ in VARIANTS + DISTINCT:
        for w in (a, b):
            assert match_key(match_key(w)) == match_key(w), w


def test_frequent_words_rarely_merge() -> None:
    """Of the 2,000 most frequent lexicon words, only known variant spellings may share a key."""
    words = [w for w, _ in sorted(lexicon().items(), key=lambda kv: -kv[1])[:2000]]
    by_key: dict[str, list[str]] = {}
    for w in words:
        by_key.setdefault(match_key(w), []).append(w)
    merged = sorted(tuple(v) for v in by_key.values() if len(v) > 1)
    print(f"\n{len(merged)} merged groups among the top 2000 words: {merged}")
    variant_set = {frozenset((a, b)) for a, b, _ in VARIANTS}
    unknown = [g for g in merged if not any(frozenset(p) in variant_set for p in _pairs_of(g))]
    # Every merge among frequent words must be a variant listed in variant_pairs.tsv.
    assert unknown == []


def _pairs_of(group: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(group) for b in group[i + 1 :]]


def test_fold_data_is_commented_and_urdu() -> None:
    data = json.loads(
        files("akhbar.text").joinpath("data/keys_folds.json").read_text(encoding="utf-8")
    )
    urdu = set("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھیے")
    for entry in data["entries"]:
        assert entry["note"].strip()
        target = "".join(chr(int(p[2:], 16)) for p in entry["to"].split())
        assert set(target) <= urdu, entry
