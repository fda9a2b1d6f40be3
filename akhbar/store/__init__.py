"""Persistence: the embedded SQLite store (see :mod:`akhbar.store.store` for the design).

>>> from akhbar.store import Store, StoreItem, resolve_db_path
>>> resolve_db_path("x.db").name
'x.db'
"""

from akhbar.store.store import (
    AnalysisStatus,
    AnalysisUpdate,
    BatchResult,
    ClusterInfo,
    ClusterMember,
    ItemOutcome,
    LogEntry,
    Migration,
    NotAStoreError,
    RunInfo,
    SchemaVersionError,
    Status,
    Store,
    StoreError,
    StoreItem,
    analysis_warning,
    canonical_url,
    load_migrations,
    resolve_db_path,
    utc_text,
)

__all__ = [
    "AnalysisStatus",
    "AnalysisUpdate",
    "BatchResult",
    "ClusterInfo",
    "ClusterMember",
    "ItemOutcome",
    "LogEntry",
    "Migration",
    "NotAStoreError",
    "RunInfo",
    "SchemaVersionError",
    "Status",
    "Store",
    "StoreError",
    "StoreItem",
    "analysis_warning",
    "canonical_url",
    "load_migrations",
    "resolve_db_path",
    "utc_text",
]
