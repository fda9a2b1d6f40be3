"""Showing hits in a terminal: highlights as styles, right-to-left lines in visual order.

Most terminals print characters in the order they come (logical order), so an Urdu line reads
backwards; a few (Konsole, mlterm, recent VTE with BiDi on) reorder by themselves.  For the first
kind, :func:`visual_line` wraps the text into lines of the terminal's width *first* (a wrapped
right-to-left paragraph must continue on the next line, not start there) and then reorders each
line with the Unicode bidirectional algorithm's implicit rules (levels from the characters'
bidi classes, weak digits and neutrals resolved, runs reversed from the highest level down,
brackets mirrored on right-to-left levels).  Styles travel with their characters, so highlights
stay on the right words.  No markup is ever built from article text: everything is
:class:`rich.text.Text` with style spans, and control characters in it are shown as U+FFFD
(:func:`terminal_safe`), never sent to the terminal.

Explicit embeddings and isolates (LRE, RLI, …) are not interpreted (news text does not use
them); the base direction is that of the first strong character, as in UBA rule P2.

>>> visual_line(Text("روس abc 12")).plain
'abc 12 سور'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from rich.cells import cell_len
from rich.text import Text

from akhbar.search.results import Hit, Span

__all__ = ["HIGHLIGHT", "hit_text", "terminal_safe", "visual_line", "wrap_visual"]

#: The style of a highlighted match.
HIGHLIGHT = "bold yellow"

_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")
# C0 controls but tab and newline, DEL and C1 controls (ESC and CSI start terminal escape
# sequences): shown as U+FFFD, one character for one, so highlight offsets still fit.
_UNSAFE = {c: "\ufffd" for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))}


def terminal_safe(text: str) -> str:
    """``text`` with every character a terminal could act on (``ESC``, ``CSI``, other control
    characters but tab and newline) replaced by U+FFFD: article text is never a terminal command.

    >>> terminal_safe("روس\x1b]0;x\x07 \x9b2J")
    'روس\ufffd]0;x\ufffd \ufffd2J'
    """
    return text.translate(_UNSAFE)


_RTL = frozenset({"R", "AL"})
_NUMERIC = frozenset({"EN", "AN"})


def _levels(text: str) -> tuple[list[int], int]:
    classes = [unicodedata.bidirectional(c) for c in text]
    base = 0
    for cls in classes:
        if cls == "L":
            break
        if cls in _RTL:
            base = 1
            break
    # Strong and numeric types; everything else is neutral (None) for now.
    kinds: list[str | None] = []
    last_strong = "R" if base else "L"
    for cls in classes:
        if cls in _RTL:
            kinds.append("R")
            last_strong = "R"
        elif cls == "L":
            kinds.append("L")
            last_strong = "L"
        elif cls in _NUMERIC:
            # W2/W7: European digits after a left-to-right letter are left-to-right.
            kinds.append("L" if (cls == "EN" and last_strong == "L") else "N")
        else:
            kinds.append(None)
    # N1/N2: neutrals take the direction of their neighbours when both agree (digits count as
    # right-to-left for this), else the base direction.
    n = len(kinds)
    edge = "R" if base else "L"
    resolved: list[str] = []
    i = 0
    while i < n:
        kind = kinds[i]
        if kind is not None:
            resolved.append(kind)
            i += 1
            continue
        j = i
        while j < n and kinds[j] is None:
            j += 1
        before = (kinds[i - 1] or edge) if i > 0 else edge
        after = (kinds[j] or edge) if j < n else edge
        b = "R" if before == "N" else before
        a = "R" if after == "N" else after
        resolved.extend([b if b == a else edge] * (j - i))
        i = j
    levels = []
    for k in resolved:
        if base == 0:
            levels.append({"L": 0, "R": 1, "N": 2}[k])
        else:
            levels.append({"L": 2, "R": 1, "N": 2}[k])
    return levels, base


def visual_order(text: str) -> list[int]:
    """The logical index of the character shown at each visual position (one line).

    >>> visual_order("ab جی")
    [0, 1, 2, 4, 3]
    """
    if not text:
        return []
    levels, _ = _levels(text)
    order = list(range(len(text)))
    top = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def visual_line(line: Text) -> Text:
    """One line reordered for display; styles stay with their characters.

    >>> visual_line(Text("(روس)")).plain
    '(سور)'
    """
    plain = line.plain
    if not plain:
        return line.copy()
    levels, _ = _levels(plain)
    styles: list[str] = [""] * len(plain)
    for span in line.spans:
        for k in range(span.start, min(span.end, len(plain))):
            styles[k] = str(span.style)
    out = Text(style=line.style, end="")
    for k in visual_order(plain):
        ch = plain[k]
        if levels[k] % 2:
            ch = ch.translate(_MIRROR)
        out.append(ch, styles[k] or None)
    return out


def _wrap(text: Text, width: int) -> Iterator[Text]:
    """Logical lines of at most ``width`` cells, broken at spaces (a longer word is cut)."""
    plain = text.plain
    for para_start, para in _paragraphs(plain):
        start = 0
        while start < len(para):
            end = start
            best = -1
            while end < len(para) and cell_len(para[start : end + 1]) <= width:
                end += 1
                if end < len(para) and para[end] == " ":
                    best = end
            if end >= len(para):
                cut = len(para)
            elif best > start:
                cut = best
            else:
                cut = max(end, start + 1)
            yield text[para_start + start : para_start + cut]
            start = cut
            while start < len(para) and para[start] == " ":
                start += 1


def _paragraphs(plain: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in plain.split("\n"):
        yield pos, line
        pos += len(line) + 1


def wrap_visual(text: Text, width: int, *, reorder: bool) -> Text:
    """``text`` wrapped to ``width`` cells; with ``reorder``, each line in visual order and
    right-aligned when it is a right-to-left line.

    >>> print(wrap_visual(Text("روس اور چین"), 8, reorder=True).plain)
     روا سور
         نیچ
    """
    lines: list[Text] = []
    width = max(width, 8)
    for line in _wrap(text, width):
        if reorder:
            _, base = _levels(line.plain)
            shown = visual_line(line)
            if base:
                shown = Text(" " * max(width - cell_len(shown.plain), 0), end="") + shown
            lines.append(shown)
        else:
            lines.append(line)
    return Text("\n", end="").join(lines)


def _styled(text: str, spans: tuple[Span, ...]) -> Text:
    out = Text(terminal_safe(text), end="")
    for s, e in spans:
        out.stylize(HIGHLIGHT, s, e)
    return out


def hit_text(rank: int, hit: Hit, width: int, *, reorder: bool) -> Text:
    """A hit as terminal text: headline, one line of metadata, the snippet.

    >>> from akhbar.search.results import Snippet
    >>> h = Hit("a1", "[bold]روس", None, "x", None, "ur", 1.5, Snippet("متن", (), ()), (), 2, None)
    >>> print(hit_text(1, h, 40, reorder=False).plain)
    1.  [bold]روس
        x · a1 · 2 similar · 1.50
        متن
    """
    parts: list[Text] = []
    head = _styled(hit.title or "(no title)", hit.title_highlights)
    head.stylize("bold")
    for s, e in hit.title_highlights:
        head.stylize(HIGHLIGHT, s, e)
    title = wrap_visual(head, width - 4, reorder=reorder).split("\n")
    lead = f"{rank}. ".ljust(4)
    parts.extend(Text(lead if i == 0 else "    ", end="") + ln for i, ln in enumerate(title))
    meta = [hit.source or "-"]
    if hit.published:
        meta.append(hit.published.date().isoformat())
    meta.append(hit.id)
    if hit.similar:
        meta.append(f"{hit.similar} similar")
    meta.append(f"{hit.score:.2f}")
    parts.append(Text("    " + terminal_safe(" · ".join(meta)), style="dim", end=""))
    body = wrap_visual(
        _styled(hit.snippet.text, hit.snippet.highlights), width - 4, reorder=reorder
    )
    parts.extend(Text("    ", end="") + ln for ln in body.split("\n"))
    return Text("\n", end="").join(parts)
