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
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TextIO

from akhbar.article import Article

__all__ = ["FIELDS", "export_file", "record", "replacing", "write_jsonl", "write_parquet"]

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


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A file to write in place of ``path``, put there only when the block ends without error.

    The data goes to a hidden file beside ``path`` (same folder, so the rename is atomic),
    renamed over ``path`` at the end: an export interrupted (Ctrl-C, a full disk, a bad row)
    leaves no half-written file under the name asked for, and an older file there is kept as
    it was.  A symlink is written through (its target is replaced); a ``path`` that is not a
    regular file (``/dev/stdout``, a named pipe) is written directly, as nothing can be
    renamed over it.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "a.jsonl"
    >>> with replacing(out) as part:
    ...     _ = part.write_text("{}\\n")
    ...     out.exists()
    False
    >>> out.read_text()
    '{}\\n'
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        yield path
        return
    target = Path(os.path.realpath(path))
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    part = Path(name)
    try:
        yield part
        if mode is None:  # a new file gets the permissions open() gives one
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(part, 0o666 & ~umask)
        else:
            os.chmod(part, stat.S_IMODE(mode))
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def export_file(
    articles: Iterable[Article], path: Path, fmt: Literal["jsonl", "parquet"] = "jsonl"
) -> int:
    """Write ``articles`` to ``path`` as JSONL or Parquet, whole or not at all (see
    :func:`replacing`); returns the number written.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "a.jsonl"
    >>> export_file([Article(id="1", paragraphs=("ایک",))], out)
    1
    >>> json.loads(out.read_text(encoding="utf-8"))["text"]
    'ایک'
    """
    with replacing(path) as part:
        if fmt == "parquet":
            return write_parquet(articles, part)
        with open(part, "w", encoding="utf-8", newline="\n") as fh:
            return write_jsonl(articles, fh)
