"""Snippets: the best windows of an article's ORIGINAL text around the query's matches.

How a match is found is how FTS5 found it: each paragraph is re-tokenized
(:func:`akhbar.text.words.tokenize`), each token's analyzer term computed with the same analyzer
as at index time (:func:`akhbar.text.analyzer.token_terms`), the terms cut into FTS5 tokens
(:func:`akhbar.search.fts.fts_tokens`), and every needle (a word's or phrase's FTS5 tokens) is
looked for in that stream.  A match highlights the original tokens it covers, from the first
token's start to the last one's end, so a highlight is always an exact original substring
(``كيا`` typed on an Arabic keyboard highlights ``کیا`` as written in the article).

Windows: around each match, a window of about ``fragment_chars`` characters starting
``context_chars`` before the match, cut at token edges.  Greedily the window with the most needles
not yet shown (then the most matches) is taken, up to ``max_fragments`` non-overlapping windows;
they are shown in document order.  An article with no match in its body (a title-only match, a
filter-only query) gets its lead: the first window of its first non-empty paragraph.

>>> paragraphs = ("پہلا جملہ۔", "روس کے وزیر خارجہ نے کہا۔")
>>> s, title = make_snippet("عنوان", paragraphs, [("وزیر", "خارجہ")])
>>> s.text, [s.text[a:b] for a, b in s.highlights]
('روس کے وزیر خارجہ نے کہا۔', ['وزیر خارجہ'])
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain
from operator import add
from typing import TYPE_CHECKING, cast

import numpy as np
import numpy.typing as npt

from akhbar.search.fts import fts_tokens
from akhbar.search.results import Fragment, Snippet, Span
from akhbar.text.analyzer import SKIPPED_KINDS, token_key
from akhbar.text.keys import _TABLE as KEY_TABLE
from akhbar.text.normalize import (
    compose_hamza,
    map_arabic_letters,
    map_presentation_forms,
    remove_invisibles,
)
from akhbar.text.words import WHITESPACE, Tokens, tokenize

if TYPE_CHECKING:
    from akhbar.search.spans import ArticleSpans

__all__ = [
    "SnippetConfig",
    "SpansMismatch",
    "find_matches",
    "make_snippet",
    "skeleton",
    "skeletons",
]

Needle = tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SnippetConfig:
    """Snippet shape: fragment length, context before a match, how many fragments."""

    fragment_chars: int = 160
    context_chars: int = 40
    max_fragments: int = 3


class SpansMismatch(ValueError):
    """Stored token spans (:mod:`akhbar.search.spans`) that do not fit the text they are read
    with (damaged, or another text's)."""


class _Match:
    __slots__ = ("end", "first", "last", "needle", "start")

    def __init__(self, needle: int, first: int, last: int, start: int, end: int) -> None:
        self.needle, self.first, self.last, self.start, self.end = needle, first, last, start, end


# ---- the paragraph prefilter ----------------------------------------------------------------
#
# Re-tokenizing a paragraph is most of a snippet's cost, and most paragraphs of a hit hold no
# query word.  :func:`skeleton` is a cheap string fold (C-speed translates and regexes, no
# tokenizing) such that the skeleton of every FTS5 token a paragraph yields is a substring of the
# paragraph's skeleton: it applies the matching-key table (which holds the normalizer's letter,
# digit, diacritic and invisible maps and the key folds), folds case, merges the letters the
# key's context rules and the normalizer's compose/heh steps exchange (ا آ أ إ ٱ ہ ھ ه ۃ ة ۂ;
# ی ے ئ ۓ ي ى; و ؤ), drops every non-word character (marks, hamza, punctuation, spaces) and
# collapses runs of ی (یی → ی, as the key does).  Every fold is applied to both sides, so
# merging only lets more paragraphs through, never fewer: a paragraph whose skeleton does not
# hold the skeletons of all the FTS5 tokens of some needle cannot match and is skipped
# untokenized (and so is the title).  One step adds a letter instead of merging: the normalizer
# reads a hamza mark on a letter that carries none as the yeh hamza (مسٔلہ → مسئلہ), so a text
# holding a hamza mark goes through the normalizer's own steps up to compose first (the
# vectorized path below leaves such texts to :func:`skeleton`).
_HAMZA_MARKS = ("\u0654", "\u0674")
_COARSE = {
    **dict.fromkeys(map(ord, "اآأإٱہھهۃةۂۀ"), "ا"),
    **dict.fromkeys(map(ord, "یےئۓيىېۍ"), "ی"),
    **dict.fromkeys(map(ord, "ؤۄ"), "و"),
}
# The key table, then the coarse merge of its output, in one table.
_SKELETON = {
    **_COARSE,
    **{c: v.translate(_COARSE) if isinstance(v, str) else v for c, v in KEY_TABLE.items()},
}
_NON_WORD = re.compile(r"[\W_]+")
_SPACE = re.compile(f"[{re.escape(WHITESPACE)}]")


def skeleton(text: str) -> str:
    """The prefilter's fold of ``text`` (see above); never shown.

    >>> skeleton("لاؤروف، لاوروف") == skeleton("لاوروفلاوروف")
    True
    """
    if _HAMZA_MARKS[0] in text or _HAMZA_MARKS[1] in text:
        text = _composed(text)
    folded = _NON_WORD.sub("", text.translate(_SKELETON).casefold())
    while "یی" in folded:
        folded = folded.replace("یی", "ی")
    return folded


def _composed(text: str) -> str:
    """``text`` through the normalizer's steps up to compose (where a hamza mark may become
    ئ), in the normalizer's order; spaces it makes out of invisibles are dropped by the fold
    anyway."""
    return compose_hamza(map_arabic_letters(map_presentation_forms(remove_invisibles(text))))


# ---- the skeletons of a whole article in one vectorized pass --------------------------------
#
# Every step of :func:`skeleton` but the final ``یی`` collapse maps each character on its own
# (translate, casefold and dropping non-word characters are all per-character), so the fold of
# each Basic Multilingual Plane character is tabulated once (:func:`_fold_table`) and a text's
# skeleton is one numpy gather over its UTF-32 code points, a mask, and the collapse.  Texts with
# a character outside the BMP, a lone surrogate or a character whose fold is longer than one
# character (presentation-form ligatures, ß) take :func:`skeleton` itself; the two agree on
# every text (tests/search/test_snippet_prefilter.py).

_MULTI = 0xFFFFFFFF  # table mark: the fold is longer than one character
_YEH = ord("ی")
_PARAGRAPH_MARK = "\x01"  # joins paragraphs; it is a non-word character, so never in a fold


@cache
def _fold_table() -> npt.NDArray[np.uint32]:
    """Code point → its fold's code point (0: dropped; :data:`_MULTI`: longer than one).

    ``[\\W_]`` drops exactly the characters that are not ``str.isalnum()`` (how ``re`` defines
    a word character, less the underscore), so the fold of a character is computed without a
    regex; tests/search/test_snippet_prefilter.py checks the table against :func:`skeleton`.
    """
    table = np.zeros(0x10000, dtype=np.uint32)
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            table[code] = _MULTI
            continue
        char = chr(code)
        fold = (char.translate(_SKELETON) if code in _SKELETON else char).casefold()
        if len(fold) == 1:
            table[code] = code if fold == char and char.isalnum() else ord(fold) * fold.isalnum()
        else:  # runs of ی collapse in the whole text anyway, so they may collapse here
            kept = re.sub("ی+", "ی", "".join(c for c in fold if c.isalnum()))
            table[code] = ord(kept) if len(kept) == 1 else (_MULTI if kept else 0)
    return table


def skeletons(paragraphs: Sequence[str]) -> list[str]:
    """``[skeleton(p) for p in paragraphs]``, computed for all of them in one pass.

    >>> texts = ["لاؤروف، لاوروف", "", "یییی ک"]
    >>> skeletons(texts) == [skeleton(t) for t in texts]
    True
    """
    if not paragraphs:
        return []
    joined = _PARAGRAPH_MARK.join(paragraphs)
    if joined.count(_PARAGRAPH_MARK) != len(paragraphs) - 1:
        return [skeleton(p) for p in paragraphs]  # a paragraph holds the mark itself
    if _HAMZA_MARKS[0] in joined or _HAMZA_MARKS[1] in joined:
        return [skeleton(p) for p in paragraphs]  # a hamza mark may become a letter
    try:
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate
        return [skeleton(p) for p in paragraphs]
    if codes.size and int(codes.max()) > 0xFFFF:
        return [skeleton(p) for p in paragraphs]
    folded = _fold_table()[codes]
    if (folded == _MULTI).any():
        return [skeleton(p) for p in paragraphs]
    folded[codes == ord(_PARAGRAPH_MARK)] = ord(_PARAGRAPH_MARK)
    kept = folded[folded != 0]
    yeh = kept == _YEH
    repeated = yeh[1:] & yeh[:-1]
    if repeated.any():
        kept = kept[np.concatenate(([True], ~repeated))]
    return str(kept.tobytes().decode("utf-32-le")).split(_PARAGRAPH_MARK)


# ---- the prefilter of a needle of several tokens ----------------------------------------------
#
# A needle of several FTS5 tokens (a phrase, a word the analyzer cuts) matches only where each
# of its tokens is one of the text's FTS5 tokens, so only a text whose skeleton holds the
# skeleton of every one of them (not only of the first) may match.  (Not their joined skeleton:
# the key may drop a token's first letter, ``اسٹار`` → ``سٹار``, so the tokens' skeletons need
# not stand side by side in the text's.)


def _may_hold(fold: str, needles: Sequence[frozenset[str]]) -> bool:
    """Whether a text of skeleton ``fold`` may hold a match of a needle whose FTS5 tokens have
    the skeletons of one of ``needles``; False only when it cannot.

    >>> _may_hold(skeleton("خاتون اسٹار"), [frozenset({"خاتون", "سٹار"})])
    True
    >>> _may_hold(skeleton("خاتون اداکارہ"), [frozenset({"خاتون", "سٹار"})])
    False
    """
    return any(all(part in fold for part in parts) for parts in needles)


#: FTS5 tokens of an analyzer term (``()`` for a token without one), memoized: the terms
#: repeat across paragraphs and queries, so most tokens cost one dict lookup.
_PIECES: dict[str, tuple[str, ...]] = {}
_PIECES_MAX = 1 << 18
#: The same keyed by the token's text (its term is a function of the text), so that the
#: snippet's scan needs neither :class:`Token` records nor the normalized forms.
_TEXT_PIECES: dict[str, tuple[str, ...]] = {}


def _pieces(key: str) -> tuple[str, ...]:
    hit = _PIECES.get(key)
    if hit is None:
        hit = fts_tokens(key) if key else ()
        if len(_PIECES) < _PIECES_MAX:
            _PIECES[key] = hit
    return hit


def _token_pieces(texts: list[str], kinds: list[str]) -> list[tuple[str, ...]]:
    """FTS5 tokens of each token's analyzer term (``()`` for punctuation and symbols).

    Per token this is ``fts_tokens`` of ``token_terms((tok,))`` (its matching key, punctuation
    and symbols skipped, empty keys dropped), memoized by the token's text (a token's kind and
    normalized form are functions of its text, as far as skipping goes), so that a paragraph
    costs one C-level map of dict lookups.
    """
    got = list(map(_TEXT_PIECES.get, texts))
    if None in got:
        for i, cached in enumerate(got):
            if cached is None:
                text = texts[i]
                pieces = () if kinds[i] in SKIPPED_KINDS else _pieces(token_key(text))
                if len(_TEXT_PIECES) < _PIECES_MAX:
                    _TEXT_PIECES[text] = pieces
                got[i] = pieces
    return cast("list[tuple[str, ...]]", got)


def _stream(tokens: Tokens) -> tuple[list[str], list[int]]:
    """FTS5 tokens of the content tokens, and for each the index of the token it came from."""
    out: list[str] = []
    owner: list[int] = []
    for i, pieces in enumerate(_token_pieces(*tokens.columns())):
        out.extend(pieces)
        owner.extend([i] * len(pieces))
    return out, owner


class _Scan:
    """One tokenized paragraph: token offsets and the needles' matches in it."""

    __slots__ = ("ends", "matches", "starts")

    def __init__(self, starts: list[int], ends: list[int], matches: list[_Match]) -> None:
        self.starts, self.ends, self.matches = starts, ends, matches


def _scan(text: str, needles: Sequence[Needle]) -> _Scan | None:
    """Tokenize ``text`` and find the needles; None when it has no token or no match.

    The stream of FTS5 tokens is flattened and searched with C-level list operations; a
    stream position's token is found from the running count of pieces (most tokens give one).
    """
    tokens = tokenize(text)
    if not tokens:
        return None
    texts, kinds = tokens.columns()
    got = _token_pieces(texts, kinds)
    stream = list(chain.from_iterable(got))
    if not stream:
        return None
    heads: dict[str, list[int]] = {}
    for n, needle in enumerate(needles):
        heads.setdefault(needle[0], []).append(n)
    hits: list[tuple[int, int, int]] = []  # needle, first stream position, last
    for head, ns in heads.items():
        pos = -1
        while True:
            try:
                pos = stream.index(head, pos + 1)
            except ValueError:
                break
            for n in ns:
                needle = needles[n]
                k = len(needle)
                if k == 1 or tuple(stream[pos : pos + k]) == needle:
                    hits.append((n, pos, pos + k - 1))
    if not hits:
        return None
    upto = list(accumulate(map(len, got)))  # pieces up to and including each token
    starts = tokens.starts()
    ends = list(map(add, starts, map(len, texts)))
    found = []
    for n, first, last in hits:
        a = bisect_right(upto, first)
        b = a if last == first else bisect_right(upto, last)
        found.append(_Match(n, a, b, starts[a], ends[b]))
    found.sort(key=lambda m: (m.start, -m.end, m.needle))
    return _Scan(starts, ends, found)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)


def find_matches(text: str, needles: Sequence[Needle]) -> tuple[Span, ...]:
    """Spans of ``text`` (merged, in order) where any needle matches as FTS5 would match it.

    >>> find_matches("كيا روس؟", [("کیا",)])
    ((0, 3),)
    """
    needles = [n for n in needles if n]
    if not text or not needles:
        return ()
    scan = _scan(text, needles)
    return _merge([(m.start, m.end) for m in scan.matches]) if scan else ()


def _window(scan: _Scan, m: _Match, cfg: SnippetConfig) -> tuple[int, int]:
    """Token index range [i, j) of the window around match ``m``."""
    starts, ends = scan.starts, scan.ends
    want_start = max(starts[0], m.start - cfg.context_chars)
    i = min(bisect_left(starts, want_start), m.first)
    limit = max(starts[i] + cfg.fragment_chars, m.end)
    j = max(bisect_right(ends, limit), m.last + 1)
    return i, j


def _lead(
    paragraphs: Sequence[str], cfg: SnippetConfig, spans: ArticleSpans | None = None
) -> list[Fragment]:
    """The first window of the first paragraph with a token."""
    for p, text in enumerate(paragraphs):
        # Only the tokens up to the first whitespace after the window's end can be in it (no
        # token holds whitespace, so they are tokenized as in the whole paragraph).
        first = len(text) - len(text.lstrip())
        gap = _SPACE.search(text, first + cfg.fragment_chars)
        cut = gap.start() if gap else len(text)
        if spans is None:
            tokens = tokenize(text, 0, cut)
            if not tokens:
                continue
            starts = tokens.starts()
            ends = list(map(add, starts, map(len, tokens.columns()[0])))
        else:  # the stored tokens of the paragraph that end before the cut
            starts, ends = spans.offsets(p)
            k = bisect_right(ends, cut)
            if not k:
                continue
            starts, ends = starts[:k], ends[:k]
        j = max(bisect_right(ends, starts[0] + cfg.fragment_chars), 1)
        lo, hi = starts[0], ends[j - 1]
        return [Fragment(p, lo, hi, text[lo:hi], ())]
    return []


def make_snippet(
    title: str | None,
    paragraphs: Sequence[str],
    needles: Sequence[Needle],
    config: SnippetConfig | None = None,
    spans: ArticleSpans | None = None,
) -> tuple[Snippet, tuple[Span, ...]]:
    """The snippet of an article for the query's needles, and the highlights in its title.

    ``needles`` are the FTS5 token sequences of the query's words and phrases (see
    :func:`akhbar.search.engine.needles`).  ``spans``, the article's stored token spans
    (:mod:`akhbar.search.spans`: its paragraphs, then its title), spare tokenizing it; the
    snippet is the same.

    >>> s, t = make_snippet("روس", ("ایک", "دو"), [("روس",)])
    >>> s.text, s.highlights, t
    ('ایک', (), ((0, 3),))
    """
    cfg = config or SnippetConfig()
    needles = [n for n in needles if n]
    if spans is not None:
        try:
            scans, title_scan = _stored_scans(spans, title, paragraphs, needles)
            marks = _merge([(m.start, m.end) for m in title_scan.matches]) if title_scan else ()
            return _choose(paragraphs, scans, cfg, spans), marks
        except SpansMismatch:
            pass  # (damaged, or another text's spans: tokenize, as without them)
    scans, title_spans = _tokenized_scans(title, paragraphs, needles)
    return _choose(paragraphs, scans, cfg), title_spans


def _tokenized_scans(
    title: str | None, paragraphs: Sequence[str], needles: Sequence[Needle]
) -> tuple[dict[int, _Scan], tuple[Span, ...]]:
    """The scans of the paragraphs with a match, and the title's highlights, by tokenizing
    the paragraphs that may hold a match (and the title)."""
    parts = [frozenset(skeleton(t) for t in n) for n in dict.fromkeys(needles)]
    # (a needle with a token of empty skeleton may be anywhere: no prefilter then; else the
    # title's skeleton is made in the paragraphs' pass)
    folds = (
        None
        if not needles or any("" in ps for ps in parts)
        else skeletons([*paragraphs, title or ""])
    )
    title_spans: tuple[Span, ...] = ()
    if title and needles and (folds is None or _may_hold(folds[-1], parts)):
        title_spans = find_matches(title, needles)
    scans: dict[int, _Scan] = {}
    if needles:
        for p, text in enumerate(paragraphs):
            if folds is not None and not _may_hold(folds[p], parts):
                continue
            scan = _scan(text, needles)
            if scan is not None:
                scans[p] = scan
    return scans, title_spans


def _stored_scans(
    spans: ArticleSpans, title: str | None, paragraphs: Sequence[str], needles: Sequence[Needle]
) -> tuple[dict[int, _Scan], _Scan | None]:
    """The scans of the paragraphs with a match, and of the title, from stored spans."""
    if not needles:
        return {}, None
    scans: dict[int, _Scan] = {}
    for p, hits in spans.find(needles).items():
        starts, ends = spans.offsets(p)
        found = [_Match(n, a, b, starts[a], ends[b]) for n, a, b in hits]
        found.sort(key=lambda m: (m.start, -m.end, m.needle))
        scans[p] = _Scan(starts, ends, found)
    title_scan = scans.pop(len(paragraphs), None)
    return scans, title_scan if title else None


def _choose(
    paragraphs: Sequence[str],
    scans: dict[int, _Scan],
    cfg: SnippetConfig,
    spans: ArticleSpans | None = None,
) -> Snippet:
    """The snippet from the scans of the paragraphs that hold a match (by paragraph).

    Around each match, a window; greedily, the window showing the most needles not yet
    shown (then the most matches not yet shown) that does not overlap a chosen one, up to
    ``max_fragments``.  Matches are numbered across the article and the matches of a window
    (and those shown) are sets of those numbers as bits of an int, so that a common word's
    dozens of matches cost a few integer operations per window, not a scan of the list."""
    first: dict[int, int] = {}  # paragraph -> the number of its first match
    numbered = 0
    of_needle: dict[int, int] = {}  # needle -> bits of its matches
    # paragraph, i, j (its window's token range), bits of the matches inside it
    candidates: list[tuple[int, int, int, int]] = []
    for p in sorted(scans):
        scan = scans[p]
        base = first[p] = numbered
        numbered += len(scan.matches)
        starts = [m.start for m in scan.matches]  # (in order: matches are sorted by start)
        for k, m in enumerate(scan.matches):
            of_needle[m.needle] = of_needle.get(m.needle, 0) | 1 << (base + k)
        for m in scan.matches:
            i, j = _window(scan, m, cfg)
            lo, hi = scan.starts[i], scan.ends[j - 1]
            inside = 0
            for k in range(bisect_left(starts, lo), len(starts)):
                x = scan.matches[k]
                if x.start > hi:
                    break
                if x.end <= hi:
                    inside |= 1 << (base + k)
            candidates.append((p, i, j, inside))

    chosen: list[tuple[int, int, int, int]] = []
    unshown = list(of_needle.values())  # the matches of each needle not yet shown
    shown = 0
    alive = candidates  # (no overlap with a chosen window, some match not yet shown)
    while alive and len(chosen) < cfg.max_fragments:
        best = None
        best_score = (0, 0)
        for cand in alive:
            new = cand[3] & ~shown
            score = (sum(1 for bits in unshown if new & bits), new.bit_count())
            if score > best_score:
                best, best_score = cand, score
        if best is None:
            break
        chosen.append(best)
        q, a, b, inside = best
        shown |= inside
        unshown = [bits for bits in unshown if not inside & bits]
        alive = [c for c in alive if c[3] & ~shown and not (c[0] == q and c[1] < b and a < c[2])]

    fragments: list[Fragment] = []
    for p, i, j, inside in sorted(chosen, key=lambda c: (c[0], c[1])):
        scan = scans[p]
        lo, hi = scan.starts[i], scan.ends[j - 1]
        bits = inside >> first[p]
        shown_here = [m for k, m in enumerate(scan.matches) if bits >> k & 1]
        marks = _merge([(m.start, m.end) for m in shown_here])
        fragments.append(Fragment(p, lo, hi, paragraphs[p][lo:hi], marks))
    if not fragments:
        fragments = _lead(paragraphs, cfg, spans)
    return Snippet.join(fragments)
