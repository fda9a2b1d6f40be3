"""The ingest pipeline: stage functions (:mod:`.prepare`) and the local engine (:mod:`.local`).

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

__all__ = [
    "IngestOptions",
    "IngestSummary",
    "PrepareConfig",
    "ingest",
    "prepare_batch",
    "store_batch",
    "sync_search_index",
]
