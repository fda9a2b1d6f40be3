"""The ingest pipeline: stage functions (:mod:`.prepare`) and the local engine (:mod:`.local`).

:func:`reanalyze` brings the analyzed text of a store stored by an older analyzer up to date.
Every engine shares two steps: :func:`prepare_batch` (analysis, anywhere) and
:func:`store_batch` (near-duplicate decisions and the store's write, in input order).

>>> from akhbar.pipeline import IngestOptions
>>> IngestOptions().workers
1
"""

from akhbar.pipeline.local import (
    IngestOptions,
    IngestSummary,
    ingest,
    store_batch,
    sync_search_index,
)
from akhbar.pipeline.prepare import PrepareConfig, prepare_batch
from akhbar.pipeline.reanalysis import ReanalyzeSummary, reanalyze

__all__ = [
    "IngestOptions",
    "IngestSummary",
    "PrepareConfig",
    "ReanalyzeSummary",
    "ingest",
    "prepare_batch",
    "reanalyze",
    "store_batch",
    "sync_search_index",
]
