"""Stores built from real files through the real ingest pipeline, shared by the search tests."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from akhbar.pipeline import IngestOptions, ingest
from akhbar.search import Archive, SearchConfig
from akhbar.search.index import sync
from akhbar.store import Store

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT.parent / "shared" / "data" / "news"
SEED = ROOT / "akhbar" / "demo" / "news" / "seed.txt"


def seed_paragraphs() -> list[str]:
    """The seed article's paragraphs (blank-line separated), as in the file."""
    text = SEED.read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def build(db: Path, paths: list[Path], *, index: bool = True) -> Path:
    """A store ingested from ``paths`` and (``index``) its search index, as ingest leaves it."""
    with Store.open(db) as store:
        # (the index is built here, when asked: not by the ingest run itself)
        ingest([str(p) for p in paths], store, IngestOptions(workers=1, sync_index=False))
    if index:
        sync(db)
    return db


def ingested(folder: Path, articles: list[tuple[str, str]]) -> Path:
    """A store (and its index) of ``(id, text)`` articles built by the real pipeline in
    ``folder``."""
    return ingested_rows(folder, [{"id": i, "source": "s", "text": t} for i, t in articles])


#: The fields of the rows :func:`ingested_rows` takes as tuples.
ROW_FIELDS = ("id", "source", "date", "title", "text")


def ingested_rows(folder: Path, rows: Sequence[Mapping[str, str] | Sequence[str]]) -> Path:
    """A store (and its index) built by the real pipeline in ``folder`` from JSON Lines rows:
    dicts, or tuples of :data:`ROW_FIELDS`."""
    src = folder / "news.jsonl"
    src.write_text(
        "".join(
            json.dumps(
                r if isinstance(r, Mapping) else dict(zip(ROW_FIELDS, r, strict=True)),
                ensure_ascii=False,
            )
            + "\n"
            for r in rows
        ),
        encoding="utf-8",
    )
    return build(folder / "store.db", [src])


#: The two ways a search runs: the index (when it is current), and FTS5 in the store.
BACKENDS = ("index", "fts5")


def open_backend(db: Path, backend: str, **config: Any) -> Archive:
    """An archive over ``db`` that searches with ``backend`` (and the given config fields)."""
    archive = Archive.open(db, SearchConfig(use_index=backend == "index", **config))
    assert archive.backend == backend, archive.index_status
    return archive


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One article per paragraph of the seed article (ids p0, p1, …)."""
    folder = tmp_path_factory.mktemp("seed")
    src = folder / "seed.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i, para in enumerate(seed_paragraphs()):
            fh.write(json.dumps({"id": f"p{i}", "source": "seed", "text": para}) + "\n")
    return build(folder / "seed.db", [src])


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Geo and Samaa 2024 (with cross-outlet near-duplicates) and the dated UrduPoint sample."""
    folder = tmp_path_factory.mktemp("real")
    return build(
        folder / "real.db",
        [
            NEWS / "outlets-2024" / "geo_articles.csv",
            NEWS / "outlets-2024" / "samaa_articles.csv",
            NEWS / "urdupoint-2023-sample.csv",
        ],
    )
