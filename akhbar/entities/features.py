"""Token features for the NER tagger, shared by the training script and the shipped recognizer.

Almost every feature is a function of ONE token seen at a fixed offset (-2 … +2) from the token
being tagged, so the score a token contributes to its neighbours' labels depends only on the
word itself: inference precomputes one small score matrix per distinct word (cached) and a
sentence's emission scores are a sum of shifted rows.  That is what makes pure-Python/numpy
inference fast.  The only conjunctions are the optional word pairs (below): one dict lookup per
adjacent pair of words.

Attributes of one word (:meth:`FeatureSet.word_attrs`), before the offset prefix:

``w=``
    the word's matching key (:func:`akhbar.text.keys.match_key`: spelling variants meet);
``p1=`` … ``p3=``, ``s1=`` … ``s4=``
    prefixes and suffixes of the key (only when the key is longer than the affix);
``sh=``
    script shape: ``A`` Arabic letters, ``L`` Latin, ``D`` digits (any script), ``P``
    punctuation, ``X`` mixed; ``ds=`` the digit pattern of a number (``dddd``, ``dd:dd``);
``len=``
    key length, capped at 8;
``lx=``
    frequency bucket of the word in the shared lexicon (:func:`akhbar.text.lexicon.lexicon`):
    ``0`` unseen, else ``int(log2(count))`` capped at 12 — names are rare words;
``c:NAME``
    membership in a word class of the model (``wordclasses.tsv``): ``ti`` title/designation
    word, ``gz`` one-word gazetteer entry, ``gp`` part of a multiword gazetteer entry, ``co``
    country name, ``nw`` number word, ``mo`` month, ``wd`` weekday, ``tw`` time-of-day word.

Which attributes are used at which offset is :data:`OFFSETS` (all at 0; a subset at ±1, ±2).
Outside the sentence the padding word ``<s>`` / ``</s>`` has the one attribute ``pad``.

With ``pairs=True`` two word-pair attributes join each token (:func:`pair_attrs`):
``P-|a|b`` (the previous word's key and the token's) and ``P+|b|c`` (the token's key and the
next word's).  Both name one *adjacent pair* of keys, so inference looks each pair of a
sentence up once (``"a|b"`` → scores for its left and right word) on top of the per-word cache.

>>> fs = FeatureSet({"ایران": frozenset({"co", "gz"})})
>>> [a for a in fs.word_attrs("ایران") if a.startswith(("w=", "c:", "sh="))]
['w=ایران', 'sh=A', 'c:co', 'c:gz']
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from akhbar.text.keys import match_key
from akhbar.text.lexicon import lexicon

__all__ = [
    "BOS",
    "EOS",
    "OFFSETS",
    "PAIR_LEFT",
    "PAIR_RIGHT",
    "FeatureSet",
    "pair_attrs",
    "split_compound",
]

BOS = "<s>"
EOS = "</s>"

#: Attribute prefixes used at each offset (``None``: every attribute).
OFFSETS: dict[int, tuple[str, ...] | None] = {
    -2: ("w=", "c:", "pad"),
    -1: ("w=", "sh=", "lx=", "c:", "s2=", "pad"),
    0: None,
    1: ("w=", "sh=", "lx=", "c:", "s2=", "pad"),
    2: ("w=", "c:", "pad"),
}

#: Prefix of the pair attribute a token gets from (its key, the next word's key): it scores the
#: LEFT word of the pair.
PAIR_LEFT = "P+|"
#: Prefix of the pair attribute a token gets from (the previous word's key, its key): it scores
#: the RIGHT word of the pair.
PAIR_RIGHT = "P-|"

_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"d+")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def split_compound(token: str) -> list[str]:
    """Split an IL-NER-style compound ``a_b`` into words; a token without ``_`` stays whole.

    >>> split_compound("بنگلہ_دیش")
    ['بنگلہ', 'دیش']
    >>> split_compound("_")
    ['_']
    """
    if "_" not in token:
        return [token]
    parts = [p for p in token.split("_") if p]
    return parts or [token]


def pair_attrs(keys: Sequence[str]) -> list[tuple[str, str]]:
    """Per token, its two word-pair attributes, given the sentence's word keys.

    >>> pair_attrs(["a", "b"])
    [('P-|<s>|a', 'P+|a|b'), ('P-|a|b', 'P+|b|</s>')]
    """
    padded = [BOS, *keys, EOS]
    return [
        (f"{PAIR_RIGHT}{padded[i]}|{padded[i + 1]}", f"{PAIR_LEFT}{padded[i + 1]}|{padded[i + 2]}")
        for i in range(len(keys))
    ]


def _shape(word: str) -> tuple[str, str | None]:
    """Script shape of a word and, for numbers, its digit pattern."""
    has_digit = _DIGIT.search(word) is not None
    has_letter = _LETTER.search(word) is not None
    if has_digit and not has_letter:
        pattern = _DIGIT.sub("d", word)
        pattern = _DIGIT_RUN.sub(lambda m: m.group() if len(m.group()) <= 4 else "d+", pattern)
        return "D", pattern
    if not has_letter:
        return "P", None
    if has_digit:
        return "X", None
    if _ARABIC.search(word):
        return "A", None
    if word.isascii():
        return "L", None
    return "X", None


class FeatureSet:
    """Turns words into CRF attributes, given the model's word classes (key → class names).

    >>> fs = FeatureSet({})
    >>> fs.sentence_attrs(["روس"])[0][:3]
    ['bias', '-2|pad', '-1|pad']
    """

    def __init__(self, classes: Mapping[str, frozenset[str]], *, pairs: bool = False) -> None:
        self.classes = classes
        self.pairs = pairs
        self._lexicon = lexicon()
        self._cache = lru_cache(maxsize=1 << 17)(self._word_attrs)
        self._key_cache = lru_cache(maxsize=1 << 17)(self._key)

    @staticmethod
    def _key(word: str) -> str:
        if word in (BOS, EOS):
            return word
        return match_key(word) or word

    def key(self, word: str) -> str:
        """The word's matching key as the features see it (memoized; padding stays itself).

        >>> FeatureSet({}).key("۲۰۲۱")
        '2021'
        """
        return self._key_cache(word)

    def word_attrs(self, word: str) -> tuple[str, ...]:
        """All attributes of one word, without offset (memoized).

        >>> FeatureSet({}).word_attrs("۲۰۲۱")[:3]
        ('w=2021', 'sh=D', 'ds=dddd')
        """
        return self._cache(word)

    def _word_attrs(self, word: str) -> tuple[str, ...]:
        if word in (BOS, EOS):
            return ("pad",)
        key = self.key(word)
        shape, digits = _shape(word)
        out = [f"w={key}", f"sh={shape}"]
        if digits is not None:
            out.append(f"ds={digits}")
        out.append(f"len={min(len(key), 8)}")
        if shape in ("A", "L", "X"):
            n = len(key)
            out.extend(f"p{i}={key[:i]}" for i in (1, 2, 3) if n > i)
            out.extend(f"s{i}={key[-i:]}" for i in (1, 2, 3, 4) if n > i)
            count = self._lexicon.get(word) or self._lexicon.get(key, 0)
            out.append(f"lx={min(int(math.log2(count)), 12) if count > 0 else 0}")
        out.extend(f"c:{c}" for c in sorted(self.classes.get(key, ())))
        return tuple(out)

    def offset_attrs(self, word: str, offset: int) -> list[str]:
        """The attributes ``word`` contributes when seen at ``offset`` from the tagged token.

        >>> FeatureSet({}).offset_attrs("روس", 2)
        ['2|w=روس']
        """
        keep = OFFSETS[offset]
        attrs = self.word_attrs(word)
        if keep is not None:
            attrs = tuple(a for a in attrs if a.startswith(keep))
        return [f"{offset}|{a}" for a in attrs]

    def sentence_attrs(self, words: Sequence[str]) -> list[list[str]]:
        """Per token, the full attribute list (what the CRF trainer sees).

        >>> len(FeatureSet({}).sentence_attrs(["روس", "نے"]))
        2
        >>> FeatureSet({}, pairs=True).sentence_attrs(["روس", "نے"])[1][-2:]
        ['P-|روس|نے', 'P+|نے|</s>']
        """
        n = len(words)
        out: list[list[str]] = []
        for i in range(n):
            attrs = ["bias"]
            for off in OFFSETS:
                j = i + off
                word = words[j] if 0 <= j < n else (BOS if j < 0 else EOS)
                attrs.extend(self.offset_attrs(word, off))
            out.append(attrs)
        if self.pairs:
            for attrs, pair in zip(out, pair_attrs([self.key(w) for w in words]), strict=True):
                attrs.extend(pair)
        return out
