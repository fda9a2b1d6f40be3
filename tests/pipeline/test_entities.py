"""Entities through the whole pipeline: ingest the seed → canonical entities, stored mentions,
idempotent re-ingest, `akhbar annotate` (repeatable, equal to ingest, crash-safe), CLI."""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from akhbar.cli import app
from akhbar.store import Store

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "akhbar" / "demo" / "news" / "seed.txt"
NEWS = ROOT.parent / "shared" / "data" / "news"
URDUPOINT = NEWS / "urdupoint-2023-sample.csv"
runner = CliRunner()


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    _cli("ingest", str(SEED), "--db", str(db), "--workers", "1", "--json")
    return db


def _entity(db: Path, name: str) -> dict[str, object]:
    return json.loads(_cli("entity", name, "--db", str(db), "--json"))  # type: ignore[no-any-return]


def test_seed_gives_one_lavrov_with_both_spellings(seed_db: Path) -> None:
    d = _entity(seed_db, "Lavrov")
    assert d["type"] == "PERSON"
    variants = {v["text"] for v in d["variants"]}  # type: ignore[attr-defined]
    # Both spellings of the surname (waw vs waw-hamza), with the first name, are one entity.
    assert any("لاوروف" in v for v in variants)
    assert any("لاؤروف" in v for v in variants)
    assert "سرگئی لاؤروف" in variants
    total = sum(v["mentions"] for v in d["variants"])  # type: ignore[attr-defined]
    assert total == d["mentions"]
    assert total >= 3
    assert "وزیر خارجہ" in {t["title"] for t in d["titles"]}  # type: ignore[attr-defined]
    with Store.open(seed_db, readonly=True) as store:
        n = store.connection.execute(
            "SELECT count(*) FROM entities WHERE key LIKE '%لاوروف%'"
        ).fetchone()[0]
    assert n == 1


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("لاوروف", id="urdu-surname"),
        pytest.param("لاؤروف", id="hamza-spelling"),
        pytest.param("سرگئی لاوروف", id="full-name"),
        pytest.param("lavrov", id="english-lower-case"),
        pytest.param("Sergei Lavrov", id="english-full-name"),
    ],
)
def test_entity_lavrov_by_any_name(seed_db: Path, name: str) -> None:
    assert _entity(seed_db, name)["name"] == "سرگئی لاوروف"


def test_countries_get_english_name_and_wikidata_id(seed_db: Path) -> None:
    iran = _entity(seed_db, "ایران")
    russia = _entity(seed_db, "Russia")
    assert (iran["english"], iran["wikidata"], iran["type"]) == ("Iran", "Q794", "LOCATION")
    assert (russia["name"], russia["wikidata"]) == ("روس", "Q159")
    assert _entity(seed_db, "Q159")["id"] == russia["id"]


def test_lavrov_cooccurs_with_rouhani_and_zarif(seed_db: Path) -> None:
    d = _entity(seed_db, "لاوروف")
    names = {c["name"] for c in d["cooccurring"]}  # type: ignore[attr-defined]
    assert "حسن روحانی" in names
    assert "محمد جواد ظریف" in names
    assert _entity(seed_db, "ظريف")["name"] == "محمد جواد ظریف"  # Arabic-keyboard yeh
    assert d["months"] == [{"month": "2021-04", "mentions": d["mentions"]}]
    assert len(d["latest"]) == 1  # type: ignore[arg-type]


def test_entities_command_lists_most_mentioned(seed_db: Path) -> None:
    rows = json.loads(_cli("entities", "--db", str(seed_db), "--json", "--top", "3"))
    # the seed names Iran 12 times and Russia 9 times; both come first, in either order (the
    # model finds 8-9 of Iran's, all of Russia's)
    assert {r["name"] for r in rows[:2]} == {"روس", "ایران"}
    assert rows == sorted(rows, key=lambda r: -r["mentions"])
    people = json.loads(_cli("entities", "--db", str(seed_db), "--json", "--type", "PERSON"))
    assert {r["type"] for r in people} == {"PERSON"}
    assert "سرگئی لاوروف" in {r["name"] for r in people}
    table = _cli("entities", "--db", str(seed_db))
    assert "Russia" in table


def test_entity_text_output_and_unknown_name(seed_db: Path) -> None:
    out = _cli("entity", "Lavrov", "--db", str(seed_db))
    assert "سرگئی لاؤروف" in out
    assert "حسن روحانی" in out
    result = runner.invoke(app, ["entity", "Nobody Atall", "--db", str(seed_db)])
    assert result.exit_code == 1
    assert "no entity named" in result.output


def test_mentions_point_into_the_original_paragraphs(seed_db: Path) -> None:
    with Store.open(seed_db, readonly=True) as store:
        (article,) = list(store.iter_articles())
        rows = store.connection.execute(
            "SELECT paragraph, start, end, sentence, text FROM mentions"
        ).fetchall()
    assert len(rows) >= 20
    for p, s, e, sent, text in rows:
        assert article.paragraphs[p][s:e] == text
        sp, ss, se = article.sentences[sent]
        assert sp == p
        assert ss <= s
        assert e <= se


def test_reingest_and_annotate_keep_the_store_consistent(seed_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(seed_db, db)
    with Store.open(db) as store:
        before = store.fingerprint()
    _cli("ingest", str(SEED), "--db", str(db), "--workers", "1", "--json")
    with Store.open(db) as store:
        assert store.fingerprint() == before  # no duplicate mentions, no new entities
    first = json.loads(_cli("annotate", "--db", str(db), "--json"))
    assert first["articles"] == 1
    assert first["resumed"] is False
    with Store.open(db) as store:
        once = store.fingerprint()
        assert store.check() == []
    _cli("annotate", "--db", str(db), "--json")
    with Store.open(db) as store:
        assert store.fingerprint() == once
    # Rebuilding from scratch gives exactly what ingest built (same model).
    assert once == before


def test_no_entities_then_annotate_equals_ingest_with_entities(
    seed_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "plain.db"
    _cli("ingest", str(SEED), "--db", str(db), "--workers", "1", "--no-entities", "--json")
    with Store.open(db) as store:
        assert store.connection.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0
    _cli("annotate", "--db", str(db))
    with Store.open(db) as a, Store.open(seed_db, readonly=True) as b:
        assert a.fingerprint() == b.fingerprint()


def _annotate_cmd(db: Path) -> list[str]:
    exe = Path(sys.executable).parent / "akhbar"
    return [str(exe), "annotate", "--db", str(db), "--batch", "10", "--json"]


def _progress(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            row = conn.execute("SELECT last_seq FROM entity_annotation").fetchone()
            return int(row[0]) if row else -1
    except sqlite3.Error:
        return -1


def test_kill_9_during_annotate_then_rerun_equals_clean_run(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("AKHBAR_CRASH_SEED", "20261125")))
    base = tmp_path / "base.db"
    # The first 200 UrduPoint articles: enough for ~20 batches, small enough to stay quick.
    with URDUPOINT.open(encoding="utf-8", newline="") as f:
        rows = list(itertools.islice(csv.reader(f), 201))
    sample = tmp_path / "urdupoint-200.csv"
    with sample.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    _cli("ingest", str(sample), "--db", str(base), "--workers", "1", "--no-entities")
    clean, crashed = tmp_path / "clean.db", tmp_path / "crashed.db"
    shutil.copy(base, clean)
    shutil.copy(base, crashed)
    subprocess.run(_annotate_cmd(clean), check=True, capture_output=True, timeout=120)
    with Store.open(clean) as store:
        total = store.connection.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert total > 500

    kills = 0
    for _ in range(3):
        proc = subprocess.Popen(
            _annotate_cmd(crashed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        before = _progress(crashed)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None and _progress(crashed) <= before:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        with sqlite3.connect(crashed) as conn:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            # Readers never see a half-built annotation: the live tables are all or nothing.
            live = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
            assert live in (0, total)
    assert kills >= 2
    out = subprocess.run(_annotate_cmd(crashed), check=True, capture_output=True, timeout=120)
    assert json.loads(out.stdout)["resumed"] is True
    with Store.open(clean) as a, Store.open(crashed) as b:
        assert b.check() == []
        assert a.fingerprint() == b.fingerprint()
        assert b.connection.execute("SELECT count(*) FROM entity_annotation").fetchone()[0] == 0


# ---- which annotation made the stored entities (entity_model, schema 4) ---------------------


def _current_annotation() -> str:
    from akhbar.entities.link import annotation_id
    from akhbar.entities.ner import default_recognizer

    return annotation_id(default_recognizer())


def _annotation_stats(db: Path) -> dict[str, Any]:
    """``entities_annotation`` of ``akhbar stats --json``."""
    d: dict[str, Any] = json.loads(_cli("stats", "--db", str(db), "--json"))
    return dict(d["entities_annotation"])


def test_an_ingest_records_the_annotation_and_stats_is_silent(seed_db: Path) -> None:
    with Store.open(seed_db, readonly=True) as store:
        assert store.entity_annotation() == _current_annotation()
    d = _annotation_stats(seed_db)
    assert d == {"recorded": _current_annotation(), "current": _current_annotation(), "warning": ""}


def test_entities_of_another_annotation_are_named_until_annotate(
    seed_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "other.db"
    shutil.copy(seed_db, db)
    with Store.open(db) as store:
        store.record_entity_annotation("0123456789abcdef", replace=True)
    # An ingest of more news keeps the other annotation's mark: the store is now a mix.
    _cli("ingest", str(URDUPOINT), "--db", str(db), "--workers", "1", "--json")
    d = _annotation_stats(db)
    assert d["recorded"] == "0123456789abcdef"
    assert "0123456789abcdef" in d["warning"]
    assert f"akhbar annotate --db {db}" in d["warning"]
    assert f"run `akhbar annotate --db {db}`" in _cli("stats", "--db", str(db))
    _cli("annotate", "--db", str(db))
    assert _annotation_stats(db)["warning"] == ""


def test_a_store_annotated_before_schema_4_is_an_older_akhbar_s(tmp_path: Path) -> None:
    from akhbar.store.store import load_migrations

    db = tmp_path / "old.db"
    with Store.open(db, migrations=load_migrations()[:3]) as old:
        assert old.schema_version() == 3
        old.connection.execute(
            "INSERT INTO articles (id, original_id, content_hash, paragraphs, analysis) "
            "VALUES ('a', 'a', 'h', '[\"ایران\"]', 2)"
        )
        old.connection.execute(
            "INSERT INTO entities (id, type, name, key, mention_count) "
            "VALUES (1, 'LOCATION', 'ایران', 'ایران', 1)"
        )
        old.connection.execute(
            "INSERT INTO mentions (article, paragraph, start, end, sentence, entity, text, type) "
            "VALUES (1, 0, 0, 5, 0, 1, 'ایران', 'LOCATION')"
        )
    with Store.open(db) as store:  # the migration marks the entities' annotation unknown
        assert store.entity_annotation() == ""
    warning = _annotation_stats(db)["warning"]
    assert "an older akhbar" in warning
    assert "akhbar annotate" in warning
    empty = tmp_path / "empty.db"
    with Store.open(empty, migrations=load_migrations()[:3]):
        pass
    with Store.open(empty) as store:  # no entities: nothing to say
        assert store.entity_annotation() is None
    assert _annotation_stats(empty) == {
        "recorded": None,
        "current": None,
        "warning": "",
    }
