"""The pipeline's stages and the bulk load without Ray: planning order, reading, Parquet output,
replay in input order, and every way a Parquet folder can be incomplete."""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from akhbar.article import Article, Rejected
from akhbar.ingest import IngestSettings, read_any
from akhbar.ingest.walk import OUTSIDE_LINK
from akhbar.pipeline import IngestOptions, PrepareConfig, ingest, prepare_batch
from akhbar.scale.bulk import BulkLoadError, bulk_load, read_manifest
from akhbar.scale.chunks import process_chunk
from akhbar.scale.pipeline import MANIFEST, run_serial
from akhbar.scale.schema import METADATA_KEY, ChunkMeta
from akhbar.scale.shards import Chunk, InputFile, Shard, plan_inputs, read_chunks
from akhbar.store import Store, StoreItem

from .conftest import NEWS, OUTLETS, SEED

PKT = timedelta(hours=5)


def _local(db: Path, paths: Sequence[str | Path], options: IngestOptions) -> dict[str, object]:
    with Store.open(db) as store:
        return ingest(list(paths), store, options).to_dict()


def _bulk(db: Path, parquet: Path) -> dict[str, object]:
    with Store.open(db) as store:
        return bulk_load(parquet, store).to_dict()


def _fingerprint(db: Path) -> str:
    with Store.open(db, readonly=True) as store:
        return store.fingerprint()


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, rewrites: Path
) -> tuple[Path, Path, list[Path], dict[str, object]]:
    """The local engine's store and the serial pipeline's Parquet folder for the same input."""
    tmp = tmp_path_factory.mktemp("serial")
    paths = [OUTLETS / "geo_articles.csv", rewrites, SEED]
    options = IngestOptions(batch_size=37)
    local = _local(tmp / "local.db", paths, options)
    summary = run_serial(paths, tmp / "pq", options, shard_files=16)
    assert summary.shards >= 5  # 81 small files in groups of 16, and the CSV
    assert summary.records == local["read"]
    return tmp / "local.db", tmp / "pq", paths, local


def test_plan_reads_in_the_local_engines_order(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "b" / "inner").mkdir(parents=True)
    (src / "__MACOSX").mkdir()
    for rel in ("z.txt", "a.txt", "b/inner/c.txt", "b/d.txt", ".hidden.txt", "__MACOSX/x.txt"):
        (src / rel).write_text(f"خبر {rel}۔", encoding="utf-8")
    (src / "rows.csv").write_text("id,title,content\n1,سرخی,متن۔\n2,,\n", encoding="utf-8")
    os.symlink(src / "b", src / "link")  # a symlinked folder is skipped, as the walk does
    (tmp_path / "secret.txt").write_text("راز کی بات۔", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", src / "out.txt")  # a link out of the folder: skipped too
    expected_skips: Counter[str] = Counter()
    expected = [
        (type(r).__name__, r.raw_ref if isinstance(r, Article) else r.ref)
        for r in read_any([src, SEED], skips=expected_skips)
    ]
    plan = plan_inputs([src, SEED])
    skips = Counter(plan.skipped)
    got = []
    for shard in plan.shards(max_files=2):
        for chunk in read_chunks(shard, size=2):
            skips.update(chunk.skipped)
            got += [
                (type(r).__name__, r.raw_ref if isinstance(r, Article) else r.ref)
                for r in chunk.records
            ]
    assert got == expected
    assert len(got) == 7
    assert skips == expected_skips
    assert skips[OUTSIDE_LINK] == 1


def test_pipeline_then_bulk_load_equals_the_local_engine(
    built: tuple[Path, Path, list[Path], dict[str, object]], tmp_path: Path
) -> None:
    local_db, parquet, _, local = built
    loaded = _bulk(tmp_path / "bulk.db", parquet)
    for key in ("read", "stored", "duplicates", "near_duplicates", "rejected"):
        assert loaded[key] == local[key], key
    assert local["near_duplicates"] >= 1  # the rewrites: this is not a trivial comparison
    assert _fingerprint(tmp_path / "bulk.db") == _fingerprint(local_db)
    # Loading the same folder again adds nothing, like re-ingesting the same input.
    again = _bulk(tmp_path / "bulk.db", parquet)
    assert (again["stored"], again["near_duplicates"]) == (0, 0)
    assert again["duplicates"] == local["read"]
    assert _fingerprint(tmp_path / "bulk.db") == _fingerprint(local_db)


def test_the_default_time_zone_reaches_the_readers(tmp_path: Path) -> None:
    # IngestOptions.settings (akhbar ingest --timezone) is what every engine's readers get:
    # UrduPoint's dates are days without a zone, so they are days in Pakistan.
    rows = tmp_path / "in" / "urdupoint.csv"
    rows.parent.mkdir()
    with (
        (NEWS / "urdupoint-2023-sample.csv").open(encoding="utf-8-sig", newline="") as f,
        rows.open("w", encoding="utf-8", newline="") as out,
    ):
        csv.writer(out).writerows(islice(csv.reader(f), 31))  # the header and 30 rows
    karachi = ZoneInfo("Asia/Karachi")
    options = IngestOptions(settings=IngestSettings(default_tz=karachi))
    _local(tmp_path / "local.db", [rows.parent], options)
    run_serial([rows.parent], tmp_path / "pq", options)
    assert read_manifest(tmp_path / "pq")["options"]["timezone"] == "Asia/Karachi"
    _bulk(tmp_path / "bulk.db", tmp_path / "pq")
    assert _fingerprint(tmp_path / "bulk.db") == _fingerprint(tmp_path / "local.db")
    for db in ("local.db", "bulk.db"):
        with Store.open(tmp_path / db, readonly=True) as store:
            published = [a.published for a in store.iter_articles()]
            options_logged = [r.options for r in store.runs()]
        assert len(published) >= 25
        assert all(p is not None and p.utcoffset() == PKT and p.hour == 0 for p in published)
        assert [o["timezone"] for o in options_logged] == ["Asia/Karachi"]


def _copy(parquet: Path, tmp_path: Path) -> Path:
    out = tmp_path / "pq"
    shutil.copytree(parquet, out)
    return out


def _rewrite_part(path: Path, rows: list[int]) -> None:
    """Rewrite a part file keeping the rows at ``rows`` (repeats allowed), footer adjusted."""
    table = pq.read_table(path)
    meta = json.loads(table.schema.metadata[METADATA_KEY])
    meta["rows"] = len(rows)
    new = table.take(pa.array(rows)).replace_schema_metadata(
        {METADATA_KEY: json.dumps(meta).encode()}
    )
    pq.write_table(new, path)


def test_rows_written_twice_are_loaded_once(
    built: tuple[Path, Path, list[Path], dict[str, object]], tmp_path: Path
) -> None:
    local_db, parquet, _, _ = built
    out = _copy(parquet, tmp_path)
    part = out / read_manifest(out)["shards"][0]["parts"][1]
    n = pq.read_metadata(part).num_rows
    _rewrite_part(part, list(range(n)) + list(range(n))[::-1])
    _bulk(tmp_path / "bulk.db", out)
    assert _fingerprint(tmp_path / "bulk.db") == _fingerprint(local_db)


@pytest.mark.parametrize("damage", ["no manifest", "missing part", "lost row", "other version"])
def test_an_incomplete_folder_is_refused_and_nothing_is_stored(
    built: tuple[Path, Path, list[Path], dict[str, object]], tmp_path: Path, damage: str
) -> None:
    out = _copy(built[1], tmp_path)
    manifest = read_manifest(out)
    last = manifest["shards"][-1]
    part = out / last["parts"][-1]
    if damage == "no manifest":
        (out / MANIFEST).unlink()
        message = "no _akhbar_manifest.json"
    elif damage == "missing part":
        part.unlink()
        message = f"{part.name}: missing"
    elif damage == "lost row":
        first = out / manifest["shards"][0]["parts"][0]
        n = pq.read_metadata(first).num_rows
        _rewrite_part(first, [0, *range(2, n)])
        message = "lacks positions 1..1"
    else:
        manifest["schema_version"] = 2
        (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        message = "schema version 2"
    db = tmp_path / "bulk.db"
    with Store.open(db) as store, pytest.raises(BulkLoadError, match=message):
        bulk_load(out, store)
    with Store.open(db, readonly=True) as store:
        assert store.count() == 0
        assert store.runs() == []


def test_a_url_that_cannot_be_read_is_reported_and_the_shard_goes_on(tmp_path: Path) -> None:
    gone = tmp_path / "gone.csv"
    shard = Shard(
        0, (InputFile(gone.as_uri(), url=True), InputFile(str(SEED / os.listdir(SEED)[0])))
    )
    (chunk,) = read_chunks(shard)
    first, second = chunk.records
    assert isinstance(first, Rejected)
    assert first.ref == gone.as_uri()
    assert "cannot read: FileNotFoundError" in first.reason
    assert isinstance(second, Article)
    assert chunk.inputs == [gone.as_uri(), str(SEED / os.listdir(SEED)[0])]


def test_a_record_that_breaks_the_stage_costs_only_that_record(tmp_path: Path) -> None:
    records = list(read_any(OUTLETS / "geo_articles.csv"))[:12]
    bad = records[5]
    assert isinstance(bad, Article)

    def fragile(
        batch: Sequence[Article | Rejected], config: PrepareConfig
    ) -> list[StoreItem | Rejected]:
        if any(r is bad for r in batch):
            raise RuntimeError("boom")
        return prepare_batch(batch, config)

    chunk = Chunk(0, 0, 0, records, ["geo"] * len(records), True)
    result = process_chunk(chunk, str(tmp_path), PrepareConfig(entities=False), fragile)
    assert result.rows == 12
    assert result.articles == 11
    assert result.rejections == [(bad.raw_ref, "analysis failed: RuntimeError: boom")]
    table = pq.read_table(result.file)
    assert table.column("position").to_pylist() == list(range(12))
    assert ChunkMeta.from_metadata(table.schema.metadata, result.file).rows == 12


@pytest.mark.skipif(
    os.uname().sysname == "Darwin", reason="macOS file systems refuse names that are not UTF-8"
)
def test_a_file_name_that_is_not_utf8_is_stored_as_the_local_engine_stores_it(
    tmp_path: Path,
) -> None:
    """A folder holding a file whose name is not UTF-8: the local engine escapes the name into
    its refs; the pipeline wrote the raw name into the manifest and failed the whole run."""
    folder = tmp_path / "in"
    folder.mkdir()
    seed = next(p for p in sorted(Path(SEED).rglob("*.txt")))
    (folder / "ok.txt").write_bytes(seed.read_bytes())
    with open(os.path.join(os.fsencode(folder), b"bad\xff name.txt"), "wb") as f:
        f.write("یہ ایک سادہ خبر ہے جس میں کچھ الفاظ ہیں۔ ".encode() * 10)
    options = IngestOptions()
    local = _local(tmp_path / "local.db", [folder], options)
    summary = run_serial([folder], tmp_path / "pq", options)
    assert summary.records == local["read"] == 2
    manifest = read_manifest(tmp_path / "pq")
    files = [f for entry in manifest["shards"] for f in entry["files"]]
    assert any("\\xff" in f for f in files)
    assert _bulk(tmp_path / "bulk.db", tmp_path / "pq")["stored"] == local["stored"]
    assert _fingerprint(tmp_path / "bulk.db") == _fingerprint(tmp_path / "local.db")


def test_both_engines_count_rejections_by_kind(tmp_path: Path) -> None:
    # Reasons were grouped by the text before a colon: one summary line per title length,
    # 'title too long (5000 chars > limit 4096)', '… (6000 chars …)'.
    rows = ["id,title,content", "1,سرخی,پہلی خبر کا متن۔"]
    rows += [f"{n},{'ط' * (4096 + n * 1000)},خبر {n} کا متن۔" for n in (2, 3)]
    rows += ["4,,", "5,سرخی"]  # no text; no text and a cell short ('empty text: row has 2 …')
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    options = IngestOptions(prepare=PrepareConfig(entities=False))
    local = _local(tmp_path / "l.db", [path], options)
    serial = run_serial([path], tmp_path / "pq", options).to_dict()
    kinds = {"title too long": 2, "empty text": 2}
    assert local["rejected_by_reason"] == serial["rejected_by_reason"] == kinds
    assert local["stored"] == 1


def test_an_earlier_runs_parquet_inside_the_input_folder_is_not_read(tmp_path: Path) -> None:
    # `--parquet-dir news/pq` then the same run again: the first run's Parquet part and its
    # manifest were read as input (a second copy of every article, a rejected manifest).
    src = tmp_path / "news"
    src.mkdir()
    shutil.copy(next(SEED.iterdir()), src / "seed.txt")
    options = IngestOptions(prepare=PrepareConfig(entities=False))
    first = run_serial([src], src / "pq", options)
    again = run_serial([src], src / "pq", options)
    link = tmp_path / "link"
    link.symlink_to(src / "pq")  # the same folder named another way
    third = run_serial([src], link, options)
    for s in (first, again, third):
        assert (s.records, s.articles, s.files) == (1, 1, 1)
        assert sum(s.rejected.values()) == 0
        assert s.skipped["the run's own Parquet output"] == 1
    assert read_manifest(src / "pq")["records"] == 1
    # an output folder elsewhere skips nothing
    elsewhere = run_serial([src], tmp_path / "out", options)
    assert "the run's own Parquet output" not in elsewhere.skipped
