"""The Parquet row format: every field of a stored record survives the round trip."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
import pytest

from akhbar.article import Article, Rejected
from akhbar.entities.link import Mention
from akhbar.ingest import read_any
from akhbar.pipeline import prepare_batch
from akhbar.scale.schema import (
    ARROW_SCHEMA,
    SCHEMA_VERSION,
    ChunkMeta,
    SchemaError,
    from_row,
    parse_part_name,
    part_name,
    to_row,
    to_table,
)
from akhbar.store import Store, StoreItem

from .conftest import OUTLETS, SEED


def _through_parquet(items: list[StoreItem | Rejected]) -> list[StoreItem | Rejected]:
    rows = [to_row(5, i, "in.csv", it) for i, it in enumerate(items)]
    meta = ChunkMeta(shard=5, chunk=0, start=0, rows=len(rows), last=True)
    buf = io.BytesIO()
    pq.write_table(to_table(rows, meta), buf)
    table = pq.read_table(io.BytesIO(buf.getvalue()))
    assert table.schema.remove_metadata() == ARROW_SCHEMA
    assert ChunkMeta.from_metadata(table.schema.metadata, "x") == meta
    return [from_row(r) for r in table.to_pylist()]


def test_every_field_survives_parquet() -> None:
    article = Article(
        id="a1",
        url="https://urdu.example.pk/خبر/1",
        source="example",
        title="ایران روس تعاون",
        paragraphs=("پہلا پیراگراف۔", "دوسرا\u00a0پیراگراف\u200c۔"),
        published=datetime(2021, 4, 13, 19, 56, tzinfo=ZoneInfo("Asia/Tehran")),
        tags=("ایران", "روس"),
        category="دنیا",
        author="نامہ نگار",
        lang="ur",
        raw_ref="dump.zip!a/b.csv:row 7",
        sentences=((0, 0, 14), (1, 0, 16)),
        cluster_id="c1",
        extra={"gold_label": "1", "nested": {"k": [1, 2]}},
    )
    item = StoreItem(
        article=article,
        content_hash="h" * 32,
        analyzed_title="ایران روس تعاون",
        analyzed_body="پہلا پیراگراف دوسرا پیراگراف",
        flags=("too_short",),
        signature=bytes(range(256)) * 2,
        band_keys=((0, -(2**63)), (1, 2**63 - 1), (13, 0)),
        mentions=(Mention(0, 0, 0, 4, "پہلا", "PERSON", None, "key"),),
    )
    rejected = Rejected("feed.jsonl:line 3", "malformed JSON: Expecting value")
    back = _through_parquet([item, rejected])
    assert back == [item, rejected]
    got = back[0]
    assert isinstance(got, StoreItem)
    assert got.article.extra == article.extra  # not part of Article's equality
    assert got.article.published is not None
    assert got.article.published.isoformat() == "2021-04-13T19:56:00+04:30"


def test_real_analyzed_articles_survive_parquet() -> None:
    records = list(read_any([SEED, OUTLETS / "geo_articles.csv"]))[:40]
    items = prepare_batch(records)
    assert sum(len(it.mentions) for it in items if isinstance(it, StoreItem)) > 20
    back = _through_parquet(items)
    assert back == items
    assert [b.article.extra for b in back if isinstance(b, StoreItem)] == [
        it.article.extra for it in items if isinstance(it, StoreItem)
    ]


@pytest.mark.parametrize(
    ("article", "column"),
    [
        (Article(id="s", title="a\udcffb", paragraphs=("متن",)), "title"),
        (Article(id="e", paragraphs=("متن",), extra={"x": {1, 2}}), "extra"),
    ],
)
def test_unstorable_articles_get_the_stores_reason(
    tmp_path: Path, article: Article, column: str
) -> None:
    item = StoreItem(article=article, content_hash="h")
    (back,) = _through_parquet([item])
    assert isinstance(back, Rejected)
    with Store.open(tmp_path / "s.db") as store:
        run = store.begin_run([], {})
        (outcome,) = store.add_batch(run, [item]).outcomes
    assert outcome.status == "rejected"
    assert outcome.reason is not None
    assert back.reason.split(":")[:2] == outcome.reason.split(":")[:2]
    assert column in back.reason


def test_a_file_of_another_version_or_origin_is_refused() -> None:
    meta = ChunkMeta(shard=0, chunk=0, start=0, rows=0, last=True, schema_version=99)
    with pytest.raises(SchemaError, match="version 99"):
        ChunkMeta.from_metadata({b"akhbar": meta.to_bytes()}, "x.parquet")
    with pytest.raises(SchemaError, match="not an akhbar shard"):
        ChunkMeta.from_metadata({b"pandas": b"{}"}, "x.parquet")
    assert SCHEMA_VERSION == 1


def test_part_names_sort_in_input_order() -> None:
    names = [part_name(s, c) for s, c in [(0, 0), (0, 1), (0, 10), (2, 0), (10, 3)]]
    assert sorted(names) == names
    assert [parse_part_name(n) for n in names] == [(0, 0), (0, 1), (0, 10), (2, 0), (10, 3)]
    assert parse_part_name("part-1-2.parquet") is None
    assert parse_part_name("_akhbar_manifest.json") is None
