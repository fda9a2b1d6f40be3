"""Export stored articles as JSONL or Parquet, in a form ``akhbar ingest`` reads back.

Each record has the fields the JSONL/Parquet readers map automatically (``id``, ``url``,
``source``, ``title``, ``text``, ``published``, ``tags``, ``category``, ``author``) plus the derived
``lang`` and ``cluster_id``.  ``text`` is the paragraphs joined by blank lines, so a round trip
(export, ingest into a new store) gives the same articles.

>>> import io
>>> from akhbar.article import Article
>>> buf = io.StringIO()
>>> write_jsonl([Article(id="1", title="سرخی", paragraphs=("ایک", "دو"))], buf)
1
>>> record(Article(id="1", paragraphs=("ایک", "دو")))["text"]
'ایک\\n\\nدو'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from akhbar.article import Article

__all__ = ["FIELDS", "record", "write_jsonl", "write_parquet"]

FIELDS = (
    "id",
    "url",
    "source",
    "title",
    "text",
    "published",
    "tags",
    "category",
    "author",
    "lang",
    "cluster_id",
)


def record(article: Article) -> dict[str, Any]:
    """One article as an export record (JSON-ready)."""
    return {
        "id": article.id,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "text": "\n\n".join(article.paragraphs),
        "published": article.published.isoformat() if article.published else None,
        "tags": list(article.tags),
        "category": article.category,
        "author": article.author,
        "lang": article.lang,
        "cluster_id": article.cluster_id,
    }


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    """Write one JSON object per line; returns the number written."""
    n = 0
    for article in articles:
        out.write(json.dumps(record(article), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_parquet(articles: Iterable[Article], path: Path, *, batch_rows: int = 10_000) -> int:
    """Write a Parquet file (needs the ``parquet`` extra: pyarrow); returns the rows written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(f, pa.list_(pa.string()) if f == "tags" else pa.string()) for f in FIELDS])
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for article in articles:
            batch.append(record(article))
            if len(batch) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
