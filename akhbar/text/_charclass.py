"""Building regex character classes from sets of code points (shared by the text modules).

>>> ranges_body([0x61, 0x62, 0x63, 0x78])
'a-cx'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["ranges_body"]


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
