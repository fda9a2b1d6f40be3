"""Matching keys: one key for the spelling variants of a word, distinct keys for distinct words.

``match_key`` is what the index, the query parser and dedup compare, so that Arabic-keyboard
spellings (``كيا``), hamza carriers (``لئے``/``لیے``, ``لاؤروف``/``لاوروف``), heh forms, diacritics,
alef forms and common transliteration variants of foreign names (``امریکا``/``امریکہ``,
``اسکول``/``سکول``) meet.  Keys are never shown.  Folds that would merge frequent distinct Urdu
words are left out on purpose (measured on the lexicon; see ``data/keys_folds.json``): ے is never
folded with ی (``کے``/``کی``), final ا never with ے/ی (``کا``/``کے``), word-initial آ never with ا
(``آپ``/``اپ``), ھ never with ہ after an aspirating consonant (``کھا``/``کہا``).

Speed: one ``str.translate`` (a table compiled at import from the normalizer's maps and
``data/keys_folds.json``) and two compiled regexes; only words with an Arabic heh ه (resolved per
word with the lexicon) or a decomposed hamza/madda take a slower path.

>>> match_key("لاؤروف") == match_key("لاوروف")
True
>>> match_key("کے") == match_key("کی")
False
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

from akhbar.text import normalize as _norm

__all__ = ["match_key", "pair_scores"]


def _load_folds() -> dict[int, str]:
    data = json.loads(
        files("akhbar.text").joinpath("data/keys_folds.json").read_text(encoding="utf-8")
    )
    return {int(e["from"][2:], 16): _norm._cps(e["to"]) for e in data["entries"]}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for step in (
        _norm._INVISIBLES,
        _norm._PRESENTATION,
        _norm._ARABIC_LETTERS,
        _norm._DIACRITICS,
        _norm._DIGIT_TABLES["ascii"],
        _load_folds(),
    ):
        table = _norm._fuse(table, step)
    table[0x200B] = ""  # a key is one word: a zero-width space inside it is just dropped
    return table


_TABLE = _build_table()
_NEEDS_TABLE = re.compile(_norm._char_class(set(_TABLE)))
# Characters that need the slow path first: Arabic heh (lexicon choice ہ/ھ) and the marks that
# compose with a letter (ا+ٓ is آ, which stays distinct from ا word-initially).
_SLOW = ("\u0647", "\u0653", "\u0654", "\u0655", "\u0674")
_SLOW_AT = re.compile(f"[{''.join(_SLOW)}]")
_ASPIRATING = "بپتٹجچدڈکگڑ"

# Inside the word: medial آ → ا (قرآن/قران: madda left out; word-initial آ stays: آپ ≠ اپ);
# ھ after a letter that is not aspirated → ہ (انھوں/انہوں, جنھیں/جنہیں; یھ/وھ typos);
# ییے → یے after the hamza fold (دیئے/دئیے/دیے, چاہیئے/چاہیے).
_INNER = re.compile(rf"(?<=.)آ|(?<![{_ASPIRATING}])ھ|یی(?=ے)")
_INNER_MAP = {"آ": "ا", "ھ": "ہ", "یی": "ی"}
# At the word's edges: a prothetic ا before s + consonant in long loanwords (اسکول/سکول,
# اسٹیڈیم/سٹیڈیم: at least 5 letters) and final ہ → ا in words of at least 6 letters
# (امریکہ/امریکا, افریقہ/افریقا).  Shorter words are left alone: کہ ≠ کا, یہ ≠ یا,
# کرایہ (rent) ≠ کرایا (had done), اسکا ≠ سکا.
_EDGE = re.compile(r"\Aا(?=س[ٹکپ]..)|(?<=.....)ہ\Z")
_EDGE_MAP = {"ا": "", "ہ": "ا"}


def match_key(word: str) -> str:
    """The key under which spelling variants of ``word`` meet (never shown to people).

    Memoized (words repeat: a token stream hits the cache most of the time).

    >>> match_key("امریکہ") == match_key("امريكا")
    True
    >>> match_key("دیئے") == match_key("دیے") == match_key("دئیے")
    True
    >>> match_key("ہے") == match_key("ہی")
    False
    """
    return _match_key(word)


@lru_cache(maxsize=1 << 18)
def _match_key(word: str) -> str:
    if word.isascii():
        return word.lower()
    if _SLOW_AT.search(word):
        word = _norm.resolve_arabic_heh(_norm.compose_hamza(_norm.map_arabic_letters(word)))
    key = word.translate(_TABLE) if _NEEDS_TABLE.search(word) else word
    if "آ" in key[1:] or "ھ" in key or "یی" in key:
        key = _INNER.sub(lambda m: _INNER_MAP[m.group()], key)
    if key[-1:] == "ہ" or key[:2] == "اس":
        key = _EDGE.sub(lambda m: _EDGE_MAP[m.group()], key)
    return key.casefold()


def pair_scores(
    variant_pairs: Iterable[tuple[str, str]], distinct_pairs: Iterable[tuple[str, str]]
) -> dict[str, int]:
    """Count how many variant pairs share a key and how many distinct pairs keep two keys.

    For benchmarks and the quality gate in ``tests/text/test_keys.py``.

    >>> pair_scores([("لئے", "لیے")], [("کے", "کی")])
    {'variants': 1, 'variants_matched': 1, 'distinct': 1, 'distinct_kept': 1}
    """
    variants = list(variant_pairs)
    distinct = list(distinct_pairs)
    return {
        "variants": len(variants),
        "variants_matched": sum(match_key(a) == match_key(b) for a, b in variants),
        "distinct": len(distinct),
        "distinct_kept": sum(match_key(a) != match_key(b) for a, b in distinct),
    }
