"""The ingest pipeline: stage functions (:mod:`.prepare`) and the local engine (:mod:`.local`).

Every engine shares two steps: :func:`prepare_batch` (analysis, anywhere) and
:func:`store_batch` (near-duplicate decisions and the store's write, in input order).
:func:`reanalyze` (:mod:`.reanalysis`) brings the articles an older analyzer analyzed up to date.

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
