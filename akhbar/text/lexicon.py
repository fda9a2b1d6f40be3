"""The Urdu word-frequency lexicon shipped in ``data/lexicon.tsv``.

Built by ``scripts/build_lexicon.py`` from the shared corpora (word counts only, no running
text).  Loaded once, on first use, into a read-only mapping.

>>> lexicon()["کے"] > lexicon()["ڈاکٹر"] > 0
True
>>> "ڈاکٹرحسن" in lexicon()
False
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType

__all__ = ["lexicon"]


@cache
def lexicon() -> Mapping[str, int]:
    """Return the word → corpus count mapping (read-only, loaded once)."""
    text = files("akhbar.text").joinpath("data/lexicon.tsv").read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, _, count = line.partition("\t")
        counts[word] = int(count)
    return MappingProxyType(counts)
