"""exact_hash: equal across encoding variants of one text, different for different texts."""

from __future__ import annotations

import pytest

from akhbar.dedup import canonical_text, exact_hash

BASE = "وزیر اعظم نے 25 ارب روپے کے منصوبے کی منظوری دی ہے۔"


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(BASE.replace(" ", "\u00a0"), id="nbsp-for-spaces"),
        pytest.param(BASE.replace("نے ", "نے\u200c "), id="zwnj-after-word"),
        pytest.param(BASE.replace("ی", "ي").replace("ک", "ك"), id="arabic-keyboard-yeh-kaf"),
        pytest.param(BASE.replace("ہ", "ه"), id="arabic-keyboard-heh"),
        pytest.param(BASE.replace("25", "۲۵"), id="urdu-digits"),
        pytest.param(BASE.replace("25", "٢٥"), id="arabic-indic-digits"),
        pytest.param("  " + BASE.replace(" ", "   ") + "\n", id="whitespace-runs"),
        pytest.param(BASE.replace("۔", "."), id="latin-full-stop"),
        pytest.param(BASE.replace("۔", ""), id="no-full-stop"),
    ],
)
def test_same_text_variants_hash_equal(variant):
    assert exact_hash(variant) == exact_hash(BASE)


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(BASE.replace("25", "26"), id="different-number"),
        pytest.param(BASE.replace("منظوری", "مخالفت"), id="different-word"),
        pytest.param(BASE.replace("منصوبے کی", "کی منصوبے"), id="word-order"),
        pytest.param("", id="empty"),
    ],
)
def test_different_texts_hash_different(other):
    assert exact_hash(other) != exact_hash(BASE)


def test_canonical_text_drops_punctuation_and_collapses_space():
    assert canonical_text("سلام ،  دنیا ۔") == "سلام دنیا"


def test_real_articles_hash_distinct(articles):
    bodies = {b for _, _, b in articles[:200] if b.strip()}
    hashes = {exact_hash(b) for b in bodies}
    assert len(hashes) == len({canonical_text(b) for b in bodies})
