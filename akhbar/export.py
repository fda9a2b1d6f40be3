"""Export stored articles as JSONL or Parquet, in a form ``akhbar ingest`` reads back.

One record an article, in the store's order (first stored first), with these fields (the
same names and values in JSONL and Parquet; :data:`FIELDS`):

================  =====================================  ==========================================
field             Parquet type                           meaning
================  =====================================  ==========================================
id                string                                 the article's id in the store (stable)
url, source       string                                 as the source gave them
title             string                                 the headline
text              string                                 the paragraphs joined by blank lines
                                                         (``text.split("\\n\\n")``: the paragraphs
                                                         exactly as stored; ``sentences`` and
                                                         ``mentions`` point into them)
published         string                                 ISO 8601 with the source's UTC offset
published_utc     timestamp[us, tz=UTC]                  the same instant in UTC (JSONL: ISO 8601)
tags              list<string>                           tags as the source gave them
category, author  string                                 as the source gave them
lang              string                                 language (the source's, else detected)
raw_ref           string                                 where it was read (file, row, record)
sentences         list<struct<paragraph, start, end>>    sentences: offsets into a paragraph
flags             list<string>                           quality flags: ``too_short``,
                                                         ``boilerplate``, ``not_urdu``
cluster_id        string                                 its near-duplicate cluster, if any
duplicate_of      string                                 the cluster's canonical article (the
                                                         first stored) when it is not this one
mentions          list<struct<paragraph, start, end,     named entities: offsets into a paragraph,
                  text, type, title, entity, name,       the words, the type, a person's title,
                  english, wikidata>>                    and the entity they are linked to
================  =====================================  ==========================================

The readers map ``id``, ``url``, ``source``, ``title``, ``text``, ``published``, ``tags``,
``category`` and ``author`` back, so a round trip (export, ingest into a new store) gives the
same articles with the same ids and dates; the rest is computed again.  A corpus without
near-duplicates keeps the records whose ``duplicate_of`` is null.

>>> import io
>>> from akhbar.article import Article
>>> buf = io.StringIO()
>>> write_jsonl([Article(id="1", title="سرخی", paragraphs=("ایک", "دو"))], buf)
1
>>> row = json.loads(buf.getvalue())
>>> row["text"].split("\\n\\n"), row["duplicate_of"], row["mentions"]
(['ایک', 'دو'], None, [])
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from akhbar.article import Article

if TYPE_CHECKING:
    import pyarrow as pa

    from akhbar.store import Store

__all__ = [
    "FIELDS",
    "export_file",
    "record",
    "records",
    "replacing",
    "write_jsonl",
    "write_parquet",
]

FIELDS = (
    "id",
    "url",
    "source",
    "title",
    "text",
    "published",
    "published_utc",
    "tags",
    "category",
    "author",
    "lang",
    "raw_ref",
    "sentences",
    "flags",
    "cluster_id",
    "duplicate_of",
    "mentions",
)

#: Rows the store is read in, one query each for their flags, clusters and mentions.
_PAGE = 500


def record(
    article: Article,
    *,
    flags: Sequence[str] = (),
    duplicate_of: str | None = None,
    mentions: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """One article as an export record (JSON-ready), with what the store keeps beside it.

    >>> from datetime import datetime, timedelta, timezone
    >>> karachi = timezone(timedelta(hours=5))
    >>> when = datetime(2024, 6, 5, 10, tzinfo=karachi)
    >>> r = record(Article(id="1", paragraphs=("ایک",), published=when))
    >>> r["published"], r["published_utc"]
    ('2024-06-05T10:00:00+05:00', '2024-06-05T05:00:00+00:00')
    """
    utc = article.published_utc
    return {
        "id": article.id,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "text": "\n\n".join(article.paragraphs),
        "published": article.published.isoformat() if article.published else None,
        "published_utc": utc.isoformat() if utc else None,
        "tags": list(article.tags),
        "category": article.category,
        "author": article.author,
        "lang": article.lang,
        "raw_ref": article.raw_ref,
        "sentences": [{"paragraph": p, "start": s, "end": e} for p, s, e in article.sentences],
        "flags": list(flags),
        "cluster_id": article.cluster_id,
        "duplicate_of": duplicate_of if duplicate_of != article.id else None,
        "mentions": [dict(m) for m in mentions],
    }


def records(store: Store) -> Iterator[dict[str, Any]]:
    """Every stored article as an export :func:`record`, with its quality flags, its cluster's
    canonical article and its entity mentions, read a page at a time (memory stays bounded
    however big the store)."""
    conn = store.connection
    last = -1
    while page := store.articles_after(last, _PAGE):
        first, last = page[0][0], page[-1][0]
        span = (first, last)
        flags = {
            seq: json.loads(f)
            for seq, f in conn.execute(
                "SELECT seq, flags FROM articles WHERE seq BETWEEN ? AND ?", span
            )
        }
        canonical = dict(
            conn.execute(
                "SELECT a.seq, c.canonical FROM articles a JOIN clusters c ON c.id = a.cluster_id "
                "WHERE a.seq BETWEEN ? AND ?",
                span,
            ).fetchall()
        )
        mentions: dict[int, list[dict[str, Any]]] = {}
        for seq, *row in conn.execute(
            "SELECT m.article, m.paragraph, m.start, m.end, m.text, e.type, m.title, m.entity, "
            "e.name, e.english, e.wikidata FROM mentions m JOIN entities e ON e.id = m.entity "
            "WHERE m.article BETWEEN ? AND ? ORDER BY m.article, m.paragraph, m.start",
            span,
        ):
            mentions.setdefault(seq, []).append(dict(zip(_MENTION_FIELDS, row, strict=True)))
        for seq, article in page:
            yield record(
                article,
                flags=flags.get(seq, ()),
                duplicate_of=canonical.get(seq),
                mentions=mentions.get(seq, ()),
            )


_MENTION_FIELDS = (
    "paragraph", "start", "end", "text", "type", "title", "entity", "name", "english", "wikidata"
)  # fmt: skip


def _as_record(item: Article | Mapping[str, Any]) -> dict[str, Any]:
    return record(item) if isinstance(item, Article) else dict(item)


def write_jsonl(items: Iterable[Article | Mapping[str, Any]], out: TextIO) -> int:
    """Write one JSON object per line (articles, or :func:`records`); returns the number
    written."""
    n = 0
    for item in items:
        out.write(json.dumps(_as_record(item), ensure_ascii=False) + "\n")
        n += 1
    return n


def _arrow_schema() -> pa.Schema:
    import pyarrow as pa

    text, i32 = pa.string(), pa.int32()
    mention = pa.struct(
        [("paragraph", i32), ("start", i32), ("end", i32), ("text", text), ("type", text),
         ("title", text), ("entity", pa.int64()), ("name", text), ("english", text),
         ("wikidata", text)]
    )  # fmt: skip
    sentence = pa.struct([("paragraph", i32), ("start", i32), ("end", i32)])
    types = {
        "published_utc": pa.timestamp("us", tz="UTC"),
        "tags": pa.list_(text),
        "sentences": pa.list_(sentence),
        "flags": pa.list_(text),
        "mentions": pa.list_(mention),
    }
    return pa.schema([(f, types.get(f, text)) for f in FIELDS])


def write_parquet(
    items: Iterable[Article | Mapping[str, Any]], path: Path, *, batch_rows: int = 2_000
) -> int:
    """Write a Parquet file (needs the ``parquet`` extra: pyarrow), ``batch_rows`` rows a row
    group; returns the rows written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for item in items:
            row = _as_record(item)
            utc = row["published_utc"]
            row["published_utc"] = datetime.fromisoformat(utc) if utc else None
            batch.append(row)
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
    # (the name cut short: a name near the system's limit of 255 bytes leaves no room to add)
    prefix = f".{os.fsdecode(os.fsencode(target.name)[:100])}."
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".partial", dir=target.parent)
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
    items: Iterable[Article | Mapping[str, Any]],
    path: Path,
    fmt: Literal["jsonl", "parquet"] = "jsonl",
) -> int:
    """Write ``items`` (articles, or :func:`records`) to ``path`` as JSONL or Parquet, whole
    or not at all (see :func:`replacing`); returns the number written.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "a.jsonl"
    >>> export_file([Article(id="1", paragraphs=("ایک",))], out)
    1
    >>> json.loads(out.read_text(encoding="utf-8"))["text"]
    'ایک'
    """
    with replacing(path) as part:
        if fmt == "parquet":
            return write_parquet(items, part)
        with open(part, "w", encoding="utf-8", newline="\n") as fh:
            return write_jsonl(items, fh)
