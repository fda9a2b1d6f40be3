"""akhbar: the open-source Urdu news engine.

``akhbar.open(db)`` opens a store for searching (imported lazily, so ``import akhbar`` stays
light): ``with akhbar.open("akhbar.db") as archive: archive.search("لاوروف")``.

>>> import akhbar
>>> akhbar.__version__
'0.1.0'
>>> akhbar.open.__name__
'open_archive'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "open"]

if TYPE_CHECKING:
    from akhbar.search.engine import open_archive as open


def __getattr__(name: str) -> Any:
    if name == "open":
        from akhbar.search.engine import open_archive

        return open_archive
    raise AttributeError(f"module 'akhbar' has no attribute {name!r}")
