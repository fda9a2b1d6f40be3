"""Token spans of an article, computed once when it is indexed, so that snippets need not
re-tokenize its text at query time.

A snippet finds the query's words in a paragraph by tokenizing it
(:func:`akhbar.text.words.tokenize`) and cutting each token's analyzer term into FTS5 tokens
(its *pieces*); at query time that was most of a snippet's cost.  The search index (format 4 on,
:mod:`akhbar.search.index`) therefore stores with each article, for each paragraph and for the
title, the tokens' offsets, how many pieces each token yields, and a 16-bit hash of every piece
(:func:`encode`).  At query time (:meth:`ArticleSpans.find`) the needles' hashes are looked up
in the article's piece hashes with numpy, every candidate is checked against the real text (its
tokens' pieces computed as the snippet always did: a hash collision is never a match), and only
paragraphs with a match are looked at further.  What a snippet then does with the matches and
token offsets (windows, fragments, highlights) is unchanged, so snippets are identical with
or without stored spans (tests/search/test_snippet_spans.py).

The spans are what the tokenizer and the analyzer gave at indexing time: :func:`fingerprint`
identifies them (the text core's code and data files they use, the Unicode version), the index
records it, and spans made with another tokenizer or analyzer are not used (snippets tokenize
again until ``akhbar index --rebuild``).

Encoding (little-endian, no pickle): a version byte, the width of the token values (1, 2 or 4
bytes), the number of texts ``n`` and the number of pieces (4 bytes each); ``n + 1``
cumulative token counts (4 bytes each); then for every token, in text order, the gap from the
previous token's end (from the text's start for its first token), its length and its number of
pieces (``width`` bytes each); then the hash of every piece (2 bytes each).

>>> spans = ArticleSpans.decode(encode(["روس نے کہا۔", "روس"]), ["روس نے کہا۔", "روس"])
>>> spans.find([("روس",), ("کہا",)])
{0: [(0, 0, 0), (1, 2, 2)], 1: [(0, 0, 0)]}
>>> spans.offsets(0)
([0, 4, 7, 10], [3, 6, 10, 11])
"""

from __future__ import annotations

import hashlib
import re
import struct
import sys
import unicodedata
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from itertools import chain
from operator import add, sub
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from akhbar.search.fts import fts_tokens
from akhbar.search.snippets import _TEXT_PIECES, Needle, SpansMismatch, _token_pieces
from akhbar.text.analyzer import SKIPPED_KINDS, token_key
from akhbar.text.words import Tokens, tokenize

__all__ = [
    "FINGERPRINT_DATA",
    "FINGERPRINT_MODULES",
    "ArticleSpans",
    "SpansMismatch",
    "encode",
    "encode_columns",
    "encode_tokens",
    "fingerprint",
]

_VERSION = 2
_HEAD = struct.Struct("<BBII")
_DTYPES: dict[int, np.dtype[Any]] = {1: np.dtype("<u1"), 2: np.dtype("<u2"), 4: np.dtype("<u4")}
_HASH = np.dtype("<u2")
#: The modules (of the ``akhbar`` package) whose code decides tokens and their pieces.
FINGERPRINT_MODULES = (
    "text/words.py",
    "text/normalize.py",
    "text/keys.py",
    "text/analyzer.py",
    "text/lexicon.py",
    "text/_charclass.py",
    "search/fts.py",
)
#: The data files (under ``akhbar/text/data``, glob patterns) those modules read.
FINGERPRINT_DATA = (
    "words_*",
    "charmap_*",
    "lexicon.tsv",
    "split_pairs.tsv",
    "norm_initials.txt",
    "keys_folds.json",
)


@cache
def fingerprint() -> str:
    """What stored spans depend on: the tokenizer's and the analyzer's code and data files,
    the Unicode database and the encoding's version.  Equal fingerprints, equal spans.

    >>> len(fingerprint())
    16
    """
    h = hashlib.blake2b(digest_size=8)
    h.update(f"{_VERSION} {unicodedata.unidata_version} {sys.version_info[:2]}".encode())
    package = files("akhbar")
    data = package.joinpath("text").joinpath("data")
    found = sorted(
        p.name for p in data.iterdir() if any(_glob(p.name, g) for g in FINGERPRINT_DATA)
    )
    for name in (*FINGERPRINT_MODULES, *(f"text/data/{n}" for n in found)):
        node = package
        for part in name.split("/"):
            node = node.joinpath(part)
        h.update(name.encode() + b"\0" + node.read_bytes())
    return h.hexdigest()


def _glob(name: str, pattern: str) -> bool:
    return name.startswith(pattern[:-1]) if pattern.endswith("*") else name == pattern


def _hash(piece: str) -> int:
    return zlib.crc32(piece.encode("utf-8")) & 0xFFFF


def encode(texts: Sequence[str]) -> bytes:
    """The token spans of ``texts`` (an article's paragraphs, then its title), tokenized here.

    >>> len(encode(["ایک دو"]))
    28
    """
    return encode_tokens([(tokenize(text), 0) for text in texts])


def encode_tokens(parts: Sequence[tuple[Tokens, int]]) -> bytes:
    """:func:`encode` of texts already tokenized: each part is a text's tokens and the offset
    of the text's start in the string they were cut from (0 when each text was tokenized
    alone).  The same bytes as :func:`encode` of the texts, given the same tokens.

    >>> from akhbar.text.words import tokenize
    >>> title, body = "سرخی", "ایک دو"
    >>> both = tokenize(title + "\\n" + body).split_at([(0, 4), (5, 11)])
    >>> encode_tokens([(both[1], 5), (both[0], 0)]) == encode([body, title])
    True
    """
    words: list[str] = []
    kinds: list[str] = []
    starts: list[int] = []
    texts = []
    for tokens, offset in parts:
        w, k = tokens.columns()
        texts.append((len(words), len(words) + len(w), offset))
        words += w
        kinds += k
        starts += tokens.starts()
    return encode_columns(words, kinds, starts, texts)


def encode_columns(
    words: list[str],
    kinds: list[str],
    starts: list[int],
    texts: Sequence[tuple[int, int, int]],
) -> bytes:
    """:func:`encode` from token columns (texts, kinds and start offsets, as
    :meth:`~akhbar.text.words.Tokens.columns` and :meth:`~akhbar.text.words.Tokens.starts`
    give them) of a string holding every text: ``texts`` are, in the encoding's order, each
    text's token range ``(lo, hi)`` in the columns and the offset of its start in the string.
    What the ingest's analysis calls with the one tokenization of a title and its paragraphs
    joined by line breaks, without cutting it into texts.

    >>> from akhbar.text.words import tokenize
    >>> whole = tokenize("سرخی\\nایک دو")
    >>> got = encode_columns(*whole.columns(), whole.starts(), [(1, 3, 5), (0, 1, 0)])
    >>> got == encode(["ایک دو", "سرخی"])
    True
    """
    sizes = list(map(len, words))
    gaps = list(map(sub, starts, [0, *map(add, starts[:-1], sizes[:-1])]))
    for lo, hi, offset in texts:  # a text's first token: from the text's start
        if hi > lo:
            gaps[lo] = starts[lo] - offset
    known = list(map(_TOKEN_COUNTS.get, words))
    if None in known:
        _learn(words, kinds)
        counts = list(map(_TOKEN_COUNTS.__getitem__, words))
    else:
        counts = cast(list[int], known)
    bounds = [0]
    n = len(words)
    if len(texts) == 1 and texts[0][:2] == (0, n):
        bounds.append(n)  # one text of all the tokens: nothing to reorder
        order = words
    elif _rotated(texts, n):
        # The texts after the first one's tokens, then the first (what the analysis gives:
        # the title's tokens come first in the string, last in the encoding): one rotation.
        cut = texts[-1][1]
        bounds += [hi - cut for _, hi, _ in texts[:-1]]
        bounds.append(n)
        order = words[cut:] + words[:cut]
        gaps = gaps[cut:] + gaps[:cut]
        sizes = sizes[cut:] + sizes[:cut]
        counts = counts[cut:] + counts[:cut]
    else:
        order = []
        ordered_gaps: list[int] = []
        ordered_sizes: list[int] = []
        ordered_counts: list[int] = []
        for lo, hi, _ in texts:
            order += words[lo:hi]
            ordered_gaps += gaps[lo:hi]
            ordered_sizes += sizes[lo:hi]
            ordered_counts += counts[lo:hi]
            bounds.append(len(order))
        gaps, sizes, counts = ordered_gaps, ordered_sizes, ordered_counts
    width, values = _narrowest(gaps + sizes + counts)
    return b"".join(
        (
            _HEAD.pack(_VERSION, width, len(texts), sum(counts)),
            _little("I", bounds),
            values,
            *map(_TOKEN_HASHES.__getitem__, order),
        )
    )


def _narrowest(values: list[int]) -> tuple[int, bytes]:
    """``values`` as little-endian unsigned integers of the fewest bytes (1, 2 or 4) that hold
    them all, and that width.  (Tried narrowest first: most articles fit in one byte, and
    ``bytes()`` of a list is several times faster than finding its maximum first.)

    >>> _narrowest([1, 255]), _narrowest([1, 256]), _narrowest([70_000])
    ((1, b'\\x01\\xff'), (2, b'\\x01\\x00\\x00\\x01'), (4, b'p\\x11\\x01\\x00'))
    """
    try:
        return 1, bytes(values)
    except ValueError:  # a value above 255
        pass
    try:
        return 2, _little("H", values)
    except OverflowError:  # a value above 65,535
        return 4, _little("I", values)


def _rotated(texts: Sequence[tuple[int, int, int]], n: int) -> bool:
    """Whether ``texts`` (token ranges) are the tokens from some ``cut`` to ``n`` in order, then
    the first ``cut`` tokens: ``[(cut, a, _), (a, b, _), ..., (z, n, _), (0, cut, _)]``."""
    if len(texts) < 2 or texts[-1][0] != 0:
        return False
    at = texts[-1][1]
    for lo, hi, _ in texts[:-1]:
        if lo != at or hi < lo:
            return False
        at = hi
    return at == n


#: Token text -> how many pieces it yields, and their hashes packed (little-endian u16): the
#: encoding of a token, memoized by its text (as :func:`_token_pieces` memoizes its pieces),
#: so that a text costs a few C-level maps of dict lookups.
_TOKEN_COUNTS: dict[str, int] = {}
_TOKEN_HASHES: dict[str, bytes] = {}
_TOKENS_MAX = 1 << 18
_U16 = struct.Struct("<H")


def _learn(words: list[str], kinds: list[str]) -> None:
    """Memoize the pieces' count and hashes of the tokens not known yet (clearing the memo
    first when it is full).  A token's pieces are those of :func:`_token_pieces`: the FTS5
    tokens of its matching key, none for punctuation and symbols."""
    if len(_TOKEN_COUNTS) >= _TOKENS_MAX:
        _TOKEN_COUNTS.clear()
        _TOKEN_HASHES.clear()
    counts, hashes, pack = _TOKEN_COUNTS, _TOKEN_HASHES, _U16.pack
    for word, kind in zip(words, kinds, strict=True):
        if word in counts:
            continue
        key = "" if kind in SKIPPED_KINDS else token_key(word)
        if key and _ASCII.search(key) is None:
            # No ASCII character: FTS5's ascii tokenizer neither splits nor folds it, so the
            # key is the one piece (fts_tokens(key) == (key,)).
            counts[word] = 1
            hashes[word] = pack(_hash(key))
            continue
        pieces = fts_tokens(key) if key else ()
        counts[word] = len(pieces)
        if len(pieces) == 1:
            hashes[word] = pack(_hash(pieces[0]))
        else:
            hashes[word] = struct.pack(f"<{len(pieces)}H", *map(_hash, pieces))


#: Any ASCII character (a key without one is one FTS5 token, itself).
_ASCII = re.compile("[\x00-\x7f]")


def _little(code: str, values: list[int]) -> bytes:
    """``values`` as little-endian unsigned integers of the ``array`` type ``code``."""
    out = array(code, values)
    if sys.byteorder != "little":  # pragma: no cover - big-endian machines
        out.byteswap()
    return out.tobytes()


assert [array(c).itemsize for c in "BHI"] == [1, 2, 4], "array type sizes this encoding assumes"


class ArticleSpans:
    """The spans of one article's texts (:meth:`decode`), decoded as far as they are used:
    a text's offsets when it is looked at, the pieces' owners when a hash is found."""

    __slots__ = (
        "_bounds",
        "_counts",
        "_gaps",
        "_hashes",
        "_lengths",
        "_offsets",
        "_piece_ends",
        "_texts",
    )

    def __init__(
        self,
        texts: Sequence[str],
        bounds: Sequence[int],
        values: npt.NDArray[Any],
        hashes: npt.NDArray[Any],
    ) -> None:
        """Use :meth:`decode`."""
        tokens = bounds[-1]
        self._texts, self._bounds, self._hashes = texts, bounds, hashes
        self._gaps = values[:tokens]
        self._lengths = values[tokens : 2 * tokens]
        self._counts = values[2 * tokens :]
        self._offsets: dict[int, tuple[list[int], list[int]]] = {}
        self._piece_ends: npt.NDArray[np.int64] | None = None

    @classmethod
    def decode(cls, blob: bytes, texts: Sequence[str]) -> ArticleSpans | None:
        """The spans of ``texts`` stored in ``blob``; None unless ``blob`` is a sound encoding
        of as many texts.  (Whether each text's tokens fit inside it is checked as the text
        is read: :class:`SpansMismatch`.)"""
        try:
            version, width, n, pieces = _HEAD.unpack_from(blob)
            dtype = _DTYPES.get(width)
            if version != _VERSION or dtype is None or n != len(texts):
                return None
            bounds = struct.unpack_from(f"<{n + 1}I", blob, _HEAD.size)
            tokens = bounds[-1]
            at = _HEAD.size + 4 * (n + 1)
            if (
                bounds[0] != 0
                or list(bounds) != sorted(bounds)
                or len(blob) != at + 3 * width * tokens + 2 * pieces
            ):
                return None
            values = np.frombuffer(blob, dtype=dtype, count=3 * tokens, offset=at)
            hashes = np.frombuffer(blob, dtype=_HASH, offset=at + 3 * width * tokens)
        except (struct.error, ValueError):
            return None
        return cls(texts, bounds, values, hashes)

    def offsets(self, i: int) -> tuple[list[int], list[int]]:
        """Start and end offsets of the tokens of text ``i``; raises :class:`SpansMismatch`
        if they do not fit the text."""
        got = self._offsets.get(i)
        if got is None:
            lo, hi = self._bounds[i], self._bounds[i + 1]
            lengths = self._lengths[lo:hi]
            ends = np.cumsum(np.add(self._gaps[lo:hi], lengths, dtype=np.int64))
            if hi > lo and int(ends[-1]) > len(self._texts[i]):
                raise SpansMismatch(f"text {i}: tokens end at {int(ends[-1])}")
            got = self._offsets[i] = ((ends - lengths).tolist(), ends.tolist())
        return got

    def _pieces_up_to(self) -> npt.NDArray[np.int64]:
        """How many pieces the tokens up to each one yield (a running sum of their counts)."""
        if self._piece_ends is None:
            ends = np.cumsum(self._counts, dtype=np.int64)
            if (int(ends[-1]) if len(ends) else 0) != len(self._hashes):
                raise SpansMismatch("piece counts and hashes disagree")
            self._piece_ends = ends
        return self._piece_ends

    def find(self, needles: Sequence[Needle]) -> dict[int, list[tuple[int, int, int]]]:
        """Where each needle matches, by text: ``(needle, first token, last token)``, token
        indices within the text, as the snippet's scan of that text finds them (the pieces
        of the tokens are compared, not only their hashes)."""
        hashes, bounds = self._hashes, self._bounds
        total = len(hashes)
        found: dict[int, list[tuple[int, int, int]]] = {}
        for n, needle in enumerate(needles):
            k = len(needle)
            if not k or k > total:
                continue
            at = (hashes[: total - k + 1] == _hash(needle[0])).nonzero()[0]
            for j in range(1, k):
                if not at.size:
                    break
                at = at[hashes[at + j] == _hash(needle[j])]
            if not at.size:
                continue
            ends = self._pieces_up_to()
            first = ends.searchsorted(at, side="right")
            if k == 1:
                found_one = self._single(needle[0], at, first)
                for text, a in found_one:
                    found.setdefault(text, []).append((n, a, a))
                continue
            firsts = first.tolist()
            lasts = ends.searchsorted(at + (k - 1), side="right").tolist()
            for pos, a, b in zip(at.tolist(), firsts, lasts, strict=True):
                text = bisect_right(bounds, a) - 1
                if bounds[text + 1] <= b or not self._holds(text, pos, a, b, needle):
                    continue
                lo = bounds[text]
                found.setdefault(text, []).append((n, a - lo, b - lo))
        return found

    def _single(
        self, piece: str, at: npt.NDArray[np.intp], tokens: npt.NDArray[np.intp]
    ) -> list[tuple[int, int]]:
        """``(text, token within it)`` of the candidates of a one-piece needle (pieces ``at``
        of ``tokens``) whose token really yields ``piece`` there (a common word has dozens of
        candidates in an article: what is known of them is gathered with numpy first)."""
        bounds, texts = self._bounds, self._texts
        counts = self._counts[tokens]
        skips = (at - self._pieces_up_to()[tokens] + counts).tolist()
        where = (np.asarray(bounds).searchsorted(tokens, side="right") - 1).tolist()
        out = []
        for a, text, skip, count in zip(
            tokens.tolist(), where, skips, counts.tolist(), strict=True
        ):
            starts, ends = self.offsets(text)
            t = a - bounds[text]
            word = texts[text][starts[t] : ends[t]]
            got = _TEXT_PIECES.get(word)
            if got is None:  # (see _holds on the kind)
                got = _token_pieces([word], ["word" if count else "punct"])[0]
            if skip < len(got) and got[skip] == piece:
                out.append((text, t))
        return out

    def _holds(self, text: int, pos: int, a: int, b: int, needle: Needle) -> bool:
        """Whether the pieces of tokens ``a..b`` (of text ``text``) hold ``needle`` from piece
        ``pos`` on, the pieces computed from the text as the snippet's scan computes them."""
        starts, ends = self.offsets(text)
        lo = self._bounds[text]
        string = self._texts[text]
        words = [string[starts[t] : ends[t]] for t in range(a - lo, b - lo + 1)]
        counts = self._counts[a : b + 1].tolist()
        # The kind only matters to a token the memo has not seen: a token that gave no pieces
        # when it was indexed was skipped (or had no key, and then gives none either way).
        got = _token_pieces(words, ["word" if c else "punct" for c in counts])
        skip = pos - (int(self._pieces_up_to()[a]) - counts[0])
        if a == b:
            return got[0][skip : skip + len(needle)] == needle
        return tuple(chain.from_iterable(got))[skip : skip + len(needle)] == needle
