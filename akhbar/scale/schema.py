"""The Parquet shard format: one row per input record, one file per chunk of a shard.

A *shard* is a run of consecutive input files (one big file, or many small ones) read by one
task; the pipeline cuts its records into *chunks* of consecutive records and writes each chunk
to ``part-SSSSSSSS-CCCCCCCC.parquet`` (shard and chunk numbers, zero-padded, so name order is
input order).  Every record the readers produced has a row —
articles with everything the store needs, rejections with their ref and reason — keyed by
``(shard, position)``: the record's place in the input, which the bulk load sorts and
deduplicates by.

Columns (``schema_version`` 1; a reader refuses other versions):

=================  ======================================  =====================================
column             type                                    meaning
=================  ======================================  =====================================
schema_version     int16                                   this format's version (1)
shard              int32                                   the shard's index in the run's plan
position           int64                                   record's index within its shard
input              string                                  the record's input file (path, URL)
status             string                                  ``article`` or ``rejected``
ref                string                                  where the record came from
                                                           (``file.csv:row 7``, ``a.zip!b.txt``)
reason             string                                  why it was rejected (else null)
id … author, lang  string                                  the :class:`~akhbar.article.Article`
paragraphs, tags   list<string>                            fields, text exactly as read
published          string                                  ISO 8601 with its UTC offset
sentences          list<struct<paragraph, start, end>>     offsets into the paragraphs (int32)
cluster_id         string                                  a cluster the source gave (rare)
extra              string                                  JSON object (sorted keys)
content_hash       string                                  exact-duplicate key
analyzed_title     string                                  analyzer terms, space-joined (FTS)
analyzed_body      string                                  analyzer terms, space-joined (FTS)
flags              list<string>                            quality flags (``too_short`` …)
signature          binary                                  MinHash signature (uint32 LE)
band_keys          list<struct<band: int32, key: int64>>   LSH band keys
mentions           list<struct<paragraph, sentence,        entity mentions, offsets into the
                   start, end: int32, text, type, title,   paragraph (linked by the store)
                   key: string>>
=================  ======================================  =====================================

The file's key-value metadata ``akhbar`` (JSON) repeats ``schema_version`` and holds the chunk's
``shard``, ``chunk``, ``start`` (position of its first row), ``rows``, ``last`` (the shard's
final chunk), ``prepare`` (the settings the rows were computed with) and
``skipped`` (records the readers skipped on purpose while reading the chunk, by reason).

>>> from akhbar.article import Article
>>> from akhbar.store import StoreItem
>>> item = StoreItem(article=Article(id="a", title="خبر", paragraphs=("متن۔",)), content_hash="h")
>>> row = to_row(3, 7, "in.csv", item)
>>> (row["shard"], row["position"], row["status"], row["paragraphs"])
(3, 7, 'article', ['متن۔'])
>>> from_row(row) == item
True
>>> part_name(3, 0), parse_part_name("part-00000003-00000000.parquet")
('part-00000003-00000000.parquet', (3, 0))
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pyarrow as pa

from akhbar.article import Article, Rejected
from akhbar.entities.link import Mention
from akhbar.store import StoreItem

__all__ = [
    "ARROW_SCHEMA",
    "METADATA_KEY",
    "SCHEMA_VERSION",
    "ChunkMeta",
    "SchemaError",
    "from_row",
    "parse_part_name",
    "part_name",
    "to_row",
    "to_table",
]

#: Version of the row format; bumped on any change a reader must know about.
SCHEMA_VERSION = 1
#: Key of the JSON metadata in each Parquet file's footer.
METADATA_KEY = b"akhbar"

_PART = re.compile(r"^part-(\d{8})-(\d{8})\.parquet$")

_STR = pa.string()
_I32 = pa.int32()
ARROW_SCHEMA = pa.schema(
    [
        pa.field("schema_version", pa.int16(), nullable=False),
        pa.field("shard", _I32, nullable=False),
        pa.field("position", pa.int64(), nullable=False),
        pa.field("input", _STR, nullable=False),
        pa.field("status", _STR, nullable=False),
        pa.field("ref", _STR),
        pa.field("reason", _STR),
        pa.field("id", _STR),
        pa.field("url", _STR),
        pa.field("source", _STR),
        pa.field("title", _STR),
        pa.field("paragraphs", pa.list_(_STR)),
        pa.field("published", _STR),
        pa.field("tags", pa.list_(_STR)),
        pa.field("category", _STR),
        pa.field("author", _STR),
        pa.field("lang", _STR),
        pa.field(
            "sentences",
            pa.list_(pa.struct([("paragraph", _I32), ("start", _I32), ("end", _I32)])),
        ),
        pa.field("cluster_id", _STR),
        pa.field("extra", _STR),
        pa.field("content_hash", _STR),
        pa.field("analyzed_title", _STR),
        pa.field("analyzed_body", _STR),
        pa.field("flags", pa.list_(_STR)),
        pa.field("signature", pa.binary()),
        pa.field("band_keys", pa.list_(pa.struct([("band", _I32), ("key", pa.int64())]))),
        pa.field(
            "mentions",
            pa.list_(
                pa.struct(
                    [
                        ("paragraph", _I32),
                        ("sentence", _I32),
                        ("start", _I32),
                        ("end", _I32),
                        ("text", _STR),
                        ("type", _STR),
                        ("title", _STR),
                        ("key", _STR),
                    ]
                )
            ),
        ),
    ]
)
"""The Arrow schema of every shard file (see the module docstring for the meaning)."""


class SchemaError(ValueError):
    """A Parquet file is not an akhbar shard this version can read."""


def part_name(shard: int, chunk: int) -> str:
    """The file name of one chunk: name order is input order."""
    return f"part-{shard:08d}-{chunk:08d}.parquet"


def parse_part_name(name: str) -> tuple[int, int] | None:
    """``(shard, chunk)`` of a shard file name, or ``None`` for any other name."""
    m = _PART.match(name)
    return (int(m.group(1)), int(m.group(2))) if m else None


@dataclass(frozen=True, kw_only=True)
class ChunkMeta:
    """What a shard file's footer says about its chunk (the ``akhbar`` metadata key)."""

    shard: int
    chunk: int
    start: int
    rows: int
    last: bool
    prepare: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    def to_bytes(self) -> bytes:
        """JSON for the Parquet footer."""
        d = {
            "schema_version": self.schema_version,
            "shard": self.shard,
            "chunk": self.chunk,
            "start": self.start,
            "rows": self.rows,
            "last": self.last,
            "prepare": self.prepare,
            "skipped": self.skipped,
        }
        return json.dumps(d, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_metadata(cls, metadata: Mapping[bytes, bytes] | None, where: str) -> ChunkMeta:
        """Parse a footer; raises :class:`SchemaError` naming ``where`` if it is not ours."""
        raw = (metadata or {}).get(METADATA_KEY)
        if raw is None:
            raise SchemaError(f"{where}: not an akhbar shard file (no {METADATA_KEY!r} metadata)")
        try:
            d = json.loads(raw)
            version = int(d["schema_version"])
        except (ValueError, KeyError, TypeError) as e:
            raise SchemaError(f"{where}: unreadable akhbar metadata ({e})") from None
        if version != SCHEMA_VERSION:
            raise SchemaError(
                f"{where}: shard schema version {version}, this akhbar reads {SCHEMA_VERSION}"
            )
        try:
            return cls(
                shard=int(d["shard"]),
                chunk=int(d["chunk"]),
                start=int(d["start"]),
                rows=int(d["rows"]),
                last=bool(d["last"]),
                prepare=dict(d.get("prepare") or {}),
                skipped={str(k): int(v) for k, v in (d.get("skipped") or {}).items()},
            )
        except (ValueError, KeyError, TypeError) as e:
            raise SchemaError(f"{where}: unreadable akhbar metadata ({e})") from None


def safe_text(value: str) -> str:
    """``value`` if it is valid Unicode, else with lone surrogates replaced (for refs only).

    >>> safe_text("a\\udcffb")
    'a\\ufffdb'
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return value


def _unicode_problem(item: StoreItem) -> str | None:
    """The store's reason for refusing text that is not valid Unicode (Parquet refuses it too)."""
    a = item.article
    texts: list[tuple[str, str | None]] = [
        ("id", a.id),
        ("url", a.url),
        ("source", a.source),
        ("title", a.title),
        ("category", a.category),
        ("author", a.author),
        ("lang", a.lang),
        ("raw_ref", a.raw_ref),
        ("analyzed_title", item.analyzed_title),
        ("analyzed_body", item.analyzed_body),
        ("content_hash", item.content_hash),
        ("cluster_id", a.cluster_id),
    ]
    texts += [("paragraphs", p) for p in a.paragraphs]
    texts += [("tags", t) for t in a.tags]
    texts += [("mentions", m.text) for m in item.mentions]
    for what, text in texts:
        if text is None:
            continue
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as e:
            return f"store: {what} is not valid Unicode text ({e.reason})"
    return None


def _base(shard: int, position: int, input_ref: str) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "shard": shard,
        "position": position,
        "input": safe_text(input_ref),
    }


def _rejected_row(shard: int, position: int, input_ref: str, r: Rejected) -> dict[str, Any]:
    return {
        **_base(shard, position, input_ref),
        "status": "rejected",
        "ref": safe_text(r.ref),
        "reason": safe_text(r.reason),
    }


def to_row(shard: int, position: int, input_ref: str, item: StoreItem | Rejected) -> dict[str, Any]:
    """One record as a row of :data:`ARROW_SCHEMA`.

    An article Parquet cannot hold (text with lone surrogates, ``extra`` that is not JSON)
    becomes a rejection with the reason the store gives for it.
    """
    if isinstance(item, Rejected):
        return _rejected_row(shard, position, input_ref, item)
    a = item.article
    ref = a.raw_ref or input_ref
    problem = _unicode_problem(item)
    try:
        extra = json.dumps(a.extra, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as e:
        problem = problem or f"store: extra is not JSON-serialisable: {e}"
    if problem is not None:
        return _rejected_row(shard, position, input_ref, Rejected(ref, problem))
    return {
        **_base(shard, position, input_ref),
        "status": "article",
        "ref": a.raw_ref,
        "reason": None,
        "id": a.id,
        "url": a.url,
        "source": a.source,
        "title": a.title,
        "paragraphs": list(a.paragraphs),
        "published": a.published.isoformat() if a.published else None,
        "tags": list(a.tags),
        "category": a.category,
        "author": a.author,
        "lang": a.lang,
        "sentences": [{"paragraph": p, "start": s, "end": e} for p, s, e in a.sentences],
        "cluster_id": a.cluster_id,
        "extra": extra,
        "content_hash": item.content_hash,
        "analyzed_title": item.analyzed_title,
        "analyzed_body": item.analyzed_body,
        "flags": list(item.flags),
        "signature": item.signature,
        "band_keys": [{"band": b, "key": k} for b, k in item.band_keys],
        "mentions": [m._asdict() for m in item.mentions],
    }


def from_row(row: Mapping[str, Any]) -> StoreItem | Rejected:
    """The record a row holds (inverse of :func:`to_row`)."""
    if row["status"] == "rejected":
        return Rejected(row["ref"] or row["input"], row["reason"] or "rejected")
    if row["status"] != "article":
        raise SchemaError(f"row {row['shard']}/{row['position']}: unknown status {row['status']!r}")
    published = row["published"]
    article = Article(
        id=row["id"],
        url=row["url"],
        source=row["source"],
        title=row["title"],
        paragraphs=tuple(row["paragraphs"] or ()),
        published=datetime.fromisoformat(published) if published else None,
        tags=tuple(row["tags"] or ()),
        category=row["category"],
        author=row["author"],
        lang=row["lang"],
        raw_ref=row["ref"],
        sentences=tuple((s["paragraph"], s["start"], s["end"]) for s in row["sentences"] or ()),
        cluster_id=row["cluster_id"],
        extra=json.loads(row["extra"]) if row["extra"] else {},
    )
    return StoreItem(
        article=article,
        content_hash=row["content_hash"],
        analyzed_title=row["analyzed_title"] or "",
        analyzed_body=row["analyzed_body"] or "",
        flags=tuple(row["flags"] or ()),
        signature=row["signature"],
        band_keys=tuple((k["band"], k["key"]) for k in row["band_keys"] or ()),
        mentions=tuple(Mention(**m) for m in row["mentions"] or ()),
    )


def to_table(rows: Sequence[Mapping[str, Any]], meta: ChunkMeta) -> pa.Table:
    """The Arrow table of one chunk, with its :class:`ChunkMeta` in the schema metadata."""
    schema = ARROW_SCHEMA.with_metadata({METADATA_KEY: meta.to_bytes()})
    return pa.Table.from_pylist(list(rows), schema=schema)
