"""The ingest pipeline: stage functions (:mod:`.prepare`) and the local engine (:mod:`.local`).

>>> from akhbar.pipeline import IngestOptions
>>> IngestOptions().workers
1
"""

from akhbar.pipeline.local import IngestOptions, IngestSummary, ingest
from akhbar.pipeline.prepare import PrepareConfig, prepare_batch

__all__ = ["IngestOptions", "IngestSummary", "PrepareConfig", "ingest", "prepare_batch"]
