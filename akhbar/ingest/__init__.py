"""Readers that turn any Urdu news source into :class:`~akhbar.article.Article` records.

Each reader yields an ``Article`` or a ``Rejected(ref, reason)`` and never raises on bad input.
:func:`read_any` dispatches by format (text, CSV/TSV, JSONL/JSON, HTML, WARC, zip/tar, folders);
the per-format modules can be used directly.  Byte decoding goes through
:mod:`akhbar.ingest.decode`.  The names below are imported lazily, so that importing
``akhbar.ingest.decode`` alone does not pull in trafilatura and fastwarc.

>>> from akhbar.ingest import read_any, IngestSettings
>>> IngestSettings().max_depth
3
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from akhbar.ingest.settings import DEFAULT_SETTINGS, IngestSettings
    from akhbar.ingest.walk import FORMATS, read_any, sniff_format

__all__ = ["DEFAULT_SETTINGS", "FORMATS", "IngestSettings", "read_any", "sniff_format"]

_WHERE = {
    "DEFAULT_SETTINGS": "akhbar.ingest.settings",
    "IngestSettings": "akhbar.ingest.settings",
    "FORMATS": "akhbar.ingest.walk",
    "read_any": "akhbar.ingest.walk",
    "sniff_format": "akhbar.ingest.walk",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'akhbar.ingest' has no attribute {name!r}")
