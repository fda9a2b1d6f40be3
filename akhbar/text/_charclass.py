"""Building regex character classes from sets of code points (shared by the text modules),
and the Arabic letters' joining behaviour, read from the Unicode database.

>>> ranges_body([0x61, 0x62, 0x63, 0x78])
'a-cx'
>>> "م" in JOINS_LEFT, "د" in JOINS_LEFT, "آ" in JOINS_RIGHT, "ء" in JOINS_RIGHT
(True, False, True, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["ARABIC_MARKS", "JOINS_LEFT", "JOINS_RIGHT", "ZWNJ_BREAK", "ranges_body"]


def ranges_body(code_points: Iterable[int]) -> str:
    """The inside of a ``[...]`` class matching exactly ``code_points``, as escaped ranges."""
    cps = sorted(set(code_points))
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        lo, hi = re.escape(chr(cps[i])), re.escape(chr(cps[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "".join(parts)


def _joining() -> tuple[frozenset[str], frozenset[str]]:
    """Letters that join the following letter, and letters that join the preceding one.

    Python's ``unicodedata`` has no Joining_Type, but the Arabic presentation forms (U+FB50..
    U+FDFF, U+FE70..U+FEFF) say it for every letter that has them: a letter with an initial or
    medial form joins to its left (Joining_Type D: م ی ہ), one with a final or medial form to
    its right (D and R: آ د ے); ء (U) has neither.  Letters without presentation forms (rare
    extensions) are in neither set.
    """
    left: set[str] = set()
    right: set[str] = set()
    for cp in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)):
        tag, *parts = unicodedata.decomposition(chr(cp)).split() or ("",)
        if len(parts) != 1:
            continue
        letter = chr(int(parts[0], 16))
        if tag in ("<initial>", "<medial>"):
            left.add(letter)
        if tag in ("<final>", "<medial>"):
            right.add(letter)
    return frozenset(left), frozenset(right)


_JOINING = _joining()
#: Arabic-script letters that join the next letter (a ZWNJ after one is a visible word break).
JOINS_LEFT = _JOINING[0]
#: Arabic-script letters that join the previous letter.
JOINS_RIGHT = _JOINING[1]
#: The marks (category Mn) of the Arabic blocks: what may sit between a letter and a ZWNJ.
ARABIC_MARKS = frozenset(
    chr(cp)
    for cp in (*range(0x0600, 0x0700), *range(0x0750, 0x0780), *range(0x08A0, 0x0900))
    if unicodedata.category(chr(cp)) == "Mn"
)

_LJ = f"[{ranges_body(map(ord, JOINS_LEFT))}]"
_MK = f"[{ranges_body(map(ord, ARABIC_MARKS))}]"
#: A regex of a ZERO WIDTH NON-JOINER that shows as a word break: after a letter that joins the
#: next one (at most two marks between) and before a letter that joins the previous one
#: (ہم\u200cآہنگی looks like ہم آہنگی; پا\u200cکستان looks like پاکستان).  The tokenizer ends a
#: word there and the normalizer makes it a space, so the two agree.
ZWNJ_BREAK = (
    f"(?:(?<={_LJ})|(?<={_LJ}{_MK})|(?<={_LJ}{_MK}{_MK}))\u200c"
    f"(?=[{ranges_body(map(ord, JOINS_RIGHT))}])"
)
