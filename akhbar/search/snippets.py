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

from akhbar.search.fts import fts_tokens
from akhbar.search.results import Fragment, Snippet, Span
from akhbar.text.analyzer import SKIPPED_KINDS
from akhbar.text.keys import _TABLE as KEY_TABLE
from akhbar.text.keys import match_key
from akhbar.text.words import Token, tokenize

__all__ = ["SnippetConfig", "find_matches", "make_snippet"]

Needle = tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SnippetConfig:
    """Snippet shape: fragment length, context before a match, how many fragments."""

    fragment_chars: int = 160
    context_chars: int = 40
    max_fragments: int = 3


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
# merging only lets more paragraphs through, never fewer: a paragraph whose skeleton holds no
# needle's first token's skeleton cannot match and is skipped untokenized.
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


def skeleton(text: str) -> str:
    """The prefilter's fold of ``text`` (see above); never shown.

    >>> skeleton("لاؤروف، لاوروف") == skeleton("لاوروفلاوروف")
    True
    """
    folded = _NON_WORD.sub("", text.translate(_SKELETON).casefold())
    while "یی" in folded:
        folded = folded.replace("یی", "ی")
    return folded


#: FTS5 tokens of a token's normalized form (``()`` for a form without a key), memoized: the
#: forms repeat across paragraphs and queries, so most tokens cost one dict lookup.
_PIECES: dict[str, tuple[str, ...]] = {}
_PIECES_MAX = 1 << 18


def _pieces(norm: str) -> tuple[str, ...]:
    hit = _PIECES.get(norm)
    if hit is None:
        key = match_key(norm)
        hit = fts_tokens(key) if key else ()
        if len(_PIECES) < _PIECES_MAX:
            _PIECES[norm] = hit
    return hit


def _stream(tokens: Sequence[Token]) -> tuple[list[str], list[int]]:
    """FTS5 tokens of the content tokens, and for each the index of the token it came from.

    Per token this is ``fts_tokens`` of ``token_terms((tok,))`` (the analyzer's term of one
    token: its matching key, punctuation and symbols skipped, empty keys dropped), inlined and
    memoized because snippets run it over every token of every hit.
    """
    out: list[str] = []
    owner: list[int] = []
    skipped = SKIPPED_KINDS
    memo = _PIECES
    for i, tok in enumerate(tokens):
        if tok.kind in skipped:
            continue
        pieces = memo.get(tok.norm)
        if pieces is None:
            pieces = _pieces(tok.norm)
        if len(pieces) == 1:
            out.append(pieces[0])
            owner.append(i)
        elif pieces:
            out.extend(pieces)
            owner.extend([i] * len(pieces))
    return out, owner


def _matches(tokens: Sequence[Token], needles: Sequence[Needle]) -> list[_Match]:
    stream, owner = _stream(tokens)
    if not stream:
        return []
    heads: dict[str, list[int]] = {}
    for n, needle in enumerate(needles):
        heads.setdefault(needle[0], []).append(n)
    found: list[_Match] = []
    for pos, piece in enumerate(stream):
        starting = heads.get(piece)
        if starting is None:
            continue
        for n in starting:
            needle = needles[n]
            k = len(needle)
            if k == 1 or tuple(stream[pos : pos + k]) == needle:
                a, b = owner[pos], owner[pos + k - 1]
                found.append(_Match(n, a, b, tokens[a].start, tokens[b].end))
    found.sort(key=lambda m: (m.start, -m.end, m.needle))
    return found


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
    return _merge([(m.start, m.end) for m in _matches(tokenize(text), needles)])


def _window(
    tokens: Sequence[Token], starts: list[int], ends: list[int], m: _Match, cfg: SnippetConfig
) -> tuple[int, int]:
    """Token index range [i, j) of the window around match ``m``."""
    want_start = max(tokens[0].start, m.start - cfg.context_chars)
    i = min(bisect_left(starts, want_start), m.first)
    limit = max(tokens[i].start + cfg.fragment_chars, m.end)
    j = max(bisect_right(ends, limit), m.last + 1)
    return i, j


def make_snippet(
    title: str | None,
    paragraphs: Sequence[str],
    needles: Sequence[Needle],
    config: SnippetConfig | None = None,
) -> tuple[Snippet, tuple[Span, ...]]:
    """The snippet of an article for the query's needles, and the highlights in its title.

    ``needles`` are the FTS5 token sequences of the query's words and phrases (see
    :func:`akhbar.search.engine.needles`).

    >>> s, t = make_snippet("روس", ("ایک", "دو"), [("روس",)])
    >>> s.text, s.highlights, t
    ('ایک', (), ((0, 3),))
    """
    cfg = config or SnippetConfig()
    needles = [n for n in needles if n]
    title_spans = find_matches(title or "", needles)

    candidates: list[tuple[int, int, int, list[_Match]]] = []  # paragraph, i, j, matches
    token_lists: dict[int, Sequence[Token]] = {}
    heads = {skeleton(n[0]) for n in needles}
    for p, text in enumerate(paragraphs):
        if not needles:
            break
        if "" not in heads:
            folded = skeleton(text)
            if not any(h in folded for h in heads):
                continue
        tokens = tokenize(text)
        if not tokens:
            continue
        matches = _matches(tokens, needles)
        if not matches:
            continue
        token_lists[p] = tokens
        starts = [t.start for t in tokens]
        ends = [t.end for t in tokens]
        for m in matches:
            i, j = _window(tokens, starts, ends, m, cfg)
            lo, hi = tokens[i].start, tokens[j - 1].end
            inside = [x for x in matches if x.start >= lo and x.end <= hi]
            candidates.append((p, i, j, inside))

    chosen: list[tuple[int, int, int, list[_Match]]] = []
    shown_needles: set[int] = set()
    shown_matches: set[int] = set()
    while candidates and len(chosen) < cfg.max_fragments:
        best = None
        best_score = (0, 0)
        for cand in candidates:
            p, i, j, inside = cand
            if any(p == q and i < b and a < j for q, a, b, _ in chosen):
                continue
            new = [m for m in inside if id(m) not in shown_matches]
            if not new:
                continue
            score = (len({m.needle for m in new} - shown_needles), len(new))
            if score > best_score:
                best, best_score = cand, score
        if best is None:
            break
        chosen.append(best)
        shown_needles.update(m.needle for m in best[3])
        shown_matches.update(id(m) for m in best[3])

    fragments: list[Fragment] = []
    for p, i, j, inside in sorted(chosen, key=lambda c: (c[0], c[1])):
        toks = token_lists[p]
        lo, hi = toks[i].start, toks[j - 1].end
        spans = _merge([(m.start, m.end) for m in inside])
        fragments.append(Fragment(p, lo, hi, paragraphs[p][lo:hi], spans))
    if not fragments:
        for p, text in enumerate(paragraphs):
            lead = tokenize(text)
            if lead:
                ends = [t.end for t in lead]
                j = max(bisect_right(ends, lead[0].start + cfg.fragment_chars), 1)
                lo, hi = lead[0].start, lead[j - 1].end
                fragments.append(Fragment(p, lo, hi, text[lo:hi], ()))
                break
    return Snippet.join(fragments), title_spans
