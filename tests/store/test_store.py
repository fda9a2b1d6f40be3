"""Tests for akhbar.store.store: schema migrations, round trips, dedup keys, ids, FTS, isolation."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from akhbar.article import Article, Rejected
from akhbar.store import (
    NotAStoreError,
    SchemaVersionError,
    Store,
    StoreError,
    StoreItem,
    canonical_url,
    load_migrations,
    resolve_db_path,
)
from akhbar.store.store import MIGRATIONS

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "akhbar" / "store" / "schema"


def item(
    aid: str,
    text: str,
    *,
    source: str | None = "src",
    url: str | None = None,
    title: str | None = "عنوان",
    content_hash: str | None = None,
    near: str | None = None,
    band_keys: tuple[tuple[int, int], ...] = (),
    signature: bytes | None = None,
) -> StoreItem:
    """A StoreItem whose content hash defaults to the text itself (tests pick hashes)."""
    return StoreItem(
        article=Article(id=aid, url=url, source=source, title=title, paragraphs=(text,)),
        content_hash=content_hash if content_hash is not None else f"h:{text}",
        analyzed_title=title or "",
        analyzed_body=text,
        band_keys=band_keys,
        signature=signature,
        near_duplicate_of=near,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "t.db") as s:
        yield s


def add(store: Store, *items: StoreItem | Rejected) -> tuple[int, int, int, int]:
    run = store.begin_run(["test"], {})
    result = store.add_batch(run, list(items))
    store.end_run(run)
    return result.counts()


# ---- migrations ------------------------------------------------------------------------------


def test_fresh_store_has_latest_schema_wal_and_fts5(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Store.open(path) as s:
        assert s.schema_version() == len(MIGRATIONS) >= 1
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "articles_fts", "clusters", "lsh_bands", "runs", "ingest_log"} <= tables
    applied = raw.execute("SELECT version, name FROM schema_migrations").fetchall()
    assert applied == [(m.version, m.name) for m in MIGRATIONS]
    assert applied[0] == (1, "initial")
    raw.close()


def test_reopen_applies_nothing_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with Store.open(path) as s:
        add(s, item("1", "متن"))
    with Store.open(path) as s:
        assert s.count() == 1
        assert s.schema_version() == len(MIGRATIONS)
        assert s.check() == []


def test_newer_schema_version_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    raw.close()
    with pytest.raises(SchemaVersionError, match="newer than this akhbar supports"):
        Store.open(path)


def test_missing_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Store.open(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_migrations_apply_in_order_and_a_failing_one_rolls_back(tmp_path: Path) -> None:
    mig_dir = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, mig_dir)
    path = tmp_path / "m.db"
    with Store.open(path, migrations=load_migrations(mig_dir)) as s:
        add(s, item("1", "متن"))
    n = len(MIGRATIONS)  # the shipped migrations; the test's own come after them
    # Version n+1 adds a table, then fails on its second statement: nothing of it may stay.
    (mig_dir / f"{n + 1:04d}_broken.sql").write_text(
        "CREATE TABLE extra_one (a INTEGER);\nINSERT INTO no_such_table VALUES (1);\n",
        encoding="utf-8",
    )
    with pytest.raises(StoreError, match="no such table: no_such_table"):
        Store.open(path, migrations=load_migrations(mig_dir))
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == n
    assert (
        raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra_one'").fetchone()[0]
        == 0
    )
    raw.close()
    # Fixed n+1 plus an n+2 that depends on it: both applied, in order, data kept.
    (mig_dir / f"{n + 1:04d}_broken.sql").unlink()
    (mig_dir / f"{n + 1:04d}_notes.sql").write_text(
        "CREATE TABLE notes (article TEXT REFERENCES articles (id), note TEXT);\n",
        encoding="utf-8",
    )
    (mig_dir / f"{n + 2:04d}_note_index.sql").write_text(
        "CREATE INDEX notes_article ON notes (article);\n", encoding="utf-8"
    )
    with Store.open(path, migrations=load_migrations(mig_dir)) as s:
        assert s.schema_version() == n + 2
        assert s.count() == 1
    raw = sqlite3.connect(path)
    assert raw.execute(
        "SELECT version, name FROM schema_migrations ORDER BY version"
    ).fetchall() == [
        *((m.version, m.name) for m in MIGRATIONS),
        (n + 1, "notes"),
        (n + 2, "note_index"),
    ]
    raw.close()
    # The shipped code knows only version n: the migrated file is "newer".
    with pytest.raises(SchemaVersionError):
        Store.open(path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("این یک فایل متنی است\n" * 200, encoding="utf-8")
    with pytest.raises(
        StoreError, match=r"notes\.txt: not an akhbar store \(not a SQLite database"
    ):
        Store.open(path)
    assert path.read_text(encoding="utf-8").startswith("این")  # left untouched


def test_migration_numbering_gap_is_refused(tmp_path: Path) -> None:
    mig_dir = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, mig_dir)
    skipped = len(MIGRATIONS) + 2
    (mig_dir / f"{skipped:04d}_skipped.sql").write_text("CREATE TABLE x (a);\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"numbered 1\.\.N"):
        load_migrations(mig_dir)


def test_readonly_open_reads_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    with Store.open(path) as s:
        add(s, item("1", "متن"))
    with Store.open(path, readonly=True) as ro:
        assert ro.get("1") is not None
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            ro.begin_run(["x"], {})


# ---- round trip ------------------------------------------------------------------------------


ROUND_TRIP = [
    # Every field set; a fixed +04:30 offset (Tehran), NBSP and ZWNJ inside the text.
    Article(
        id="pars-1",
        url="https://parstoday.ir/ur/news/iran-i1",
        source="parstoday",
        title="ایران\u00a0روس تعاون",
        paragraphs=("پہلا\u00a0پیراگراف۔", "\u00a0", "دوسرا می\u200cخواهم  دو اسپیس"),
        published=datetime(2021, 4, 13, 19, 56, tzinfo=timezone(timedelta(hours=4, minutes=30))),
        tags=("ایران", "روس"),
        category="world",
        author="نامہ نگار",
        lang="ur",
        raw_ref="seed.txt",
        sentences=((0, 0, 14), (2, 0, 5)),
        extra={"note": "خبر", "n": 2},
    ),
    # Only the id: every optional field absent.
    Article(id="bare"),
    # An IANA zone: the instant and the offset survive (the zone *name* is not stored).
    Article(
        id="zoned",
        title="t",
        paragraphs=("a\r\nb\tc ",),
        published=datetime(2024, 3, 10, 12, 0, 0, 123456, tzinfo=ZoneInfo("Asia/Karachi")),
    ),
]


@pytest.mark.parametrize("article", ROUND_TRIP, ids=["full", "bare", "iana-zone"])
def test_round_trip(store: Store, article: Article) -> None:
    add(store, StoreItem(article=article, content_hash=f"h-{article.id}"))
    got = store.get(article.id)
    assert got == article
    assert got is not None
    assert got.paragraphs == article.paragraphs  # exact, NBSP/ZWNJ/CRLF included
    assert got.title == article.title
    assert got.extra == article.extra
    if article.published is not None:
        assert got.published is not None
        assert got.published.utcoffset() == article.published.utcoffset()
    assert list(store.iter_articles()) == [article]


# Any Unicode text except lone surrogates (which UTF-8 cannot hold; see the rejection test).
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
_ARTICLES = st.builds(
    Article,
    id=_TEXT.filter(bool),
    url=st.none() | _TEXT,
    source=st.none() | _TEXT,
    title=st.none() | _TEXT,
    paragraphs=st.lists(_TEXT, max_size=4).map(tuple),
    published=st.none() | st.datetimes(timezones=st.timezones()),
    tags=st.lists(_TEXT, max_size=3).map(tuple),
    category=st.none() | _TEXT,
    lang=st.none() | _TEXT,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=_ARTICLES)
@example(  # an ambiguous local time (found by Hypothesis in CI)
    article=Article(
        id="0",
        published=datetime(1939, 2, 28, 23, tzinfo=ZoneInfo("America/Argentina/Buenos_Aires")),
    )
)
def test_round_trip_property(tmp_path_factory: pytest.TempPathFactory, article: Article) -> None:
    with Store.open(tmp_path_factory.mktemp("rt") / "p.db") as s:
        assert add(s, StoreItem(article=article, content_hash="h")) == (1, 0, 0, 0)
        got = s.get(article.id)
        assert got is not None
        # The time is stored as its instant and offset: a zone's name is not kept.  Compared as
        # such, since datetimes of two zones at an ambiguous local time (a DST change: 1939-02-28
        # 23:00 in Buenos Aires) never compare equal (PEP 495), whatever their instants.
        assert replace(got, published=None) == replace(article, published=None)
        if article.published is None:
            assert got.published is None
        else:
            assert got.published is not None
            assert got.published.timestamp() == article.published.timestamp()
            assert got.published.utcoffset() == article.published.utcoffset()
        assert (got.title, got.paragraphs, got.url) == (
            article.title,
            article.paragraphs,
            article.url,
        )
        if article.published is not None:
            assert got.published is not None
            assert got.published.utcoffset() == article.published.utcoffset()


def test_published_utc_is_sortable_across_offsets(store: Store) -> None:
    # 10:00 at +05:00 is 05:00 UTC, earlier than 06:00 UTC at -03:00 (03:00 local).
    early = datetime(2024, 1, 1, 10, 0, tzinfo=timezone(timedelta(hours=5)))
    late = datetime(2024, 1, 1, 3, 0, tzinfo=timezone(timedelta(hours=-3)))
    for aid, when in (("late", late), ("early", early)):
        art = Article(id=aid, paragraphs=(aid,), published=when)
        add(store, StoreItem(article=art, content_hash=aid))
    stats = store.stats()
    assert stats["published_first_utc"] == "2024-01-01T05:00:00+00:00"
    assert stats["published_last_utc"] == "2024-01-01T06:00:00+00:00"


# ---- idempotency and duplicates -------------------------------------------------------------


def test_re_adding_the_same_items_adds_nothing(store: Store) -> None:
    items = [item(str(i), f"متن {i}", url=f"https://x.pk/{i}") for i in range(5)]
    assert add(store, *items) == (5, 0, 0, 0)
    before = store.fingerprint()
    assert add(store, *items) == (0, 5, 0, 0)
    assert store.count() == 5
    assert store.fingerprint() == before


URL_VARIANTS = [
    # (variant, why it is the same article as https://urdu.geo.tv/latest/388148)
    ("HTTPS://URDU.GEO.TV/latest/388148", "scheme and host case"),
    ("https://urdu.geo.tv/latest/388148/", "trailing slash"),
    ("https://urdu.geo.tv/latest/388148#comments", "fragment"),
    ("https://urdu.geo.tv/latest/388148?utm_source=fb&utm_medium=social", "utm params"),
    ("http://urdu.geo.tv:80/latest/388148", "http and default port"),
    ("  https://urdu.geo.tv/latest/388148?fbclid=abc  ", "click id and whitespace"),
]


@pytest.mark.parametrize(("variant", "why"), URL_VARIANTS, ids=[w for _, w in URL_VARIANTS])
def test_same_url_after_canonicalisation_is_a_duplicate(
    store: Store, variant: str, why: str
) -> None:
    first = item("geo-1", "پہلی خبر", source="geo", url="https://urdu.geo.tv/latest/388148")
    second = item("samaa-9", "دوسری عبارت", source="samaa", url=variant)
    run = store.begin_run(["a", "b"], {})
    result = store.add_batch(run, [first, second])
    assert result.counts() == (1, 1, 0, 0), why
    assert result.outcomes[1].related_id == "geo-1"
    assert result.outcomes[1].reason == "url"
    assert store.get("geo-1") is not None
    assert store.get("samaa-9") is None  # the first seen is kept


CANONICAL = [
    # (input, expected key, why)
    ("https://x.pk/a?b=2&a=1", "https://x.pk/a?a=1&b=2", "query params sorted"),
    ("https://x.pk/a?id=5&utm_campaign=z", "https://x.pk/a?id=5", "non-tracking params kept"),
    ("https://x.pk:8443/a", "https://x.pk:8443/a", "non-default port kept"),
    ("https://x.pk/", "https://x.pk", "root slash"),
    ("https://x.pk/%d8%ae%d8%a8%d8%b1", "https://x.pk/%D8%AE%D8%A8%D8%B1", "escape case"),
    ("https://x.pk/خبر", "https://x.pk/%D8%AE%D8%A8%D8%B1", "raw Urdu path escaped"),
    ("feed.csv:row 3", "feed.csv:row 3", "not a URL: kept"),
    ("https://x.pk/A/B", "https://x.pk/A/B", "path case matters"),
]


@pytest.mark.parametrize(("url", "key", "why"), CANONICAL, ids=[w for _, _, w in CANONICAL])
def test_canonical_url(url: str, key: str, why: str) -> None:
    assert canonical_url(url) == key, why


_URLS = st.builds(
    "{}://{}{}{}{}{}".format,
    st.sampled_from(["http", "https", "HTTPS"]),
    st.sampled_from(["x.pk", "URDU.geo.tv", "a.b.c:8080", "x.pk:443"]),
    st.lists(st.sampled_from(["a", "خبر", "%D8%AE", "B", "", "۲۰۲۴"]), max_size=4).map(
        lambda p: "/" + "/".join(p)
    ),
    st.sampled_from(["", "/"]),
    st.lists(
        st.sampled_from(["a=1", "utm_x=2", "b=", "c=%20d", "q=خبر", "z=1+2", "gclid=9"]),
        max_size=4,
    ).map(lambda q: ("?" + "&".join(q)) if q else ""),
    st.sampled_from(["", "#frag", "#"]),
)


@given(url=_URLS)
def test_canonical_url_is_idempotent(url: str) -> None:
    key = canonical_url(url)
    assert canonical_url(key) == key
    assert "#" not in key
    assert "utm_" not in key


def test_different_paths_are_not_duplicates(store: Store) -> None:
    a = item("1", "ایک", url="https://x.pk/story/1")
    b = item("2", "دو", url="https://x.pk/story/1/2")
    assert add(store, a, b) == (2, 0, 0, 0)


def test_same_content_hash_is_a_duplicate_first_seen_kept(store: Store) -> None:
    a = item("e-1", "متن", source="express", url="https://express.pk/1", content_hash="H")
    b = item("j-7", "متن", source="jang", url="https://jang.com.pk/7", content_hash="H")
    run = store.begin_run(["x"], {})
    result = store.add_batch(run, [a, b])
    assert result.counts() == (1, 1, 0, 0)
    assert result.outcomes[1] == ("duplicate", None, "e-1", "content", None)
    # Offered again in the opposite order, still only the first one is there.
    assert store.add_batch(run, [b, a]).counts() == (0, 2, 0, 0)
    assert [x.id for x in store.iter_articles()] == ["e-1"]


# ---- id collisions ---------------------------------------------------------------------------


def test_id_collision_rule(store: Store) -> None:
    # Row "0" of three CSV files: three different articles, one id.
    geo = item("0", "جیو کی خبر", source="geo")
    samaa = item("0", "سما کی خبر", source="samaa")
    nosrc = item("0", "بے ماخذ خبر", source=None)
    # A different article from samaa also numbered "0" (its qualified id is taken too).
    samaa_again = item("0", "سما کی دوسری خبر", source="samaa")
    run = store.begin_run(["geo.csv", "samaa.csv"], {})
    result = store.add_batch(run, [geo, samaa, nosrc, samaa_again])
    ids = [o.article_id for o in result.outcomes]

    # Suffixes computed independently: 12 hex digits of blake2b(content_hash, digest_size=6).
    def suffix(h: str) -> str:
        return hashlib.blake2b(h.encode(), digest_size=6).hexdigest()

    assert ids == [
        "0",
        "samaa:0",
        f"0#{suffix('h:بے ماخذ خبر')}",
        f"samaa:0#{suffix('h:سما کی دوسری خبر')}",
    ]
    assert store.get("samaa:0") is not None
    assert store.get("samaa:0").paragraphs == ("سما کی خبر",)  # type: ignore[union-attr]
    raw = sqlite3.connect(store.path)
    assert raw.execute("SELECT original_id FROM articles WHERE id = 'samaa:0'").fetchone() == ("0",)
    raw.close()
    # Re-adding them in any order changes nothing: they are duplicates by content.
    assert store.add_batch(run, [samaa_again, nosrc, samaa, geo]).counts() == (0, 4, 0, 0)


def test_one_batch_equals_one_item_per_batch(tmp_path: Path) -> None:
    # add_batch looks the batch's keys up once and keeps them current with its own inserts:
    # the outcomes and the store must be those of offering the items one at a time.
    stored_first = [item("0", "پہلی", source="a", url="https://x.pk/1"), item("a:0", "دوسری")]
    batch = [
        item("0", "تیسری", source="a", url="https://x.pk/2"),  # id and a:0 taken before
        item("0", "چوتھی", source="a", url="HTTP://X.pk/2/"),  # same URL as the item above
        item("0", "پہلی", source="b"),  # same content as a stored article
        item("5", "پانچویں", source=None, url="https://x.pk/5"),
        item("5", "پانچویں", source=None),  # same content as the item above
        item("5", "چھٹی", source=None),  # id taken in this batch
        item("5", "ساتویں", source=None, content_hash="h:چھٹی"),  # hash stored in this batch
        item("", "خالی"),  # unstorable: rejected, not looked up
    ]
    results = []
    for name, cut in (("one.db", [batch]), ("many.db", [[it] for it in batch])):
        with Store.open(tmp_path / name) as s:
            add(s, *stored_first)
            run = s.begin_run(["test"], {})
            outcomes = [o for part in cut for o in s.add_batch(run, part).outcomes]
            results.append((outcomes, s.fingerprint()))
    assert results[0] == results[1]
    assert [o.status for o in results[0][0]] == [
        "stored", "duplicate", "duplicate", "stored", "duplicate", "stored", "duplicate",
        "rejected",
    ]  # fmt: skip


def test_id_rule_is_deterministic_across_stores(tmp_path: Path) -> None:
    items = [item("0", f"خبر {i}", source=s) for i, s in enumerate(["a", "b", "a", "b", "a"])]
    prints = []
    for name in ("one.db", "two.db"):
        with Store.open(tmp_path / name) as s:
            add(s, *items)
            prints.append((s.fingerprint(), [a.id for a in s.iter_articles()]))
    assert prints[0] == prints[1]
    assert len(set(prints[0][1])) == 5


# ---- FTS -------------------------------------------------------------------------------------


def test_fts_finds_the_right_article_and_stays_in_step(store: Store) -> None:
    add(
        store,
        item("a", "لاوروف ماسکو ملاقات", title="روس"),
        item("b", "ایران تہران مذاکرات", title="ایران"),
        item("c", "ماسکو بارش 2.5 انچ", title="موسم"),
    )
    assert store.search_fts("لاوروف") == ["a"]
    assert sorted(store.search_fts("ماسکو")) == ["a", "c"]
    assert store.search_fts("analyzed_title : ایران") == ["b"]
    assert store.search_fts('"2.5"') == ["c"]  # '.' is kept inside a term
    assert store.search_fts("ماسکو NOT بارش") == ["a"]
    raw = sqlite3.connect(store.path)
    assert raw.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == 3
    raw.close()
    assert store.check() == []


def test_fts_rolls_back_with_a_failed_batch(store: Store) -> None:
    add(store, item("a", "پہلا"))
    run = store.begin_run(["x"], {})
    bad = item("b", "دوسرا", near="no-such-article")
    with pytest.raises(StoreError, match="no such article"):
        store.add_batch(run, [item("ok", "تیسرا"), bad])
    assert store.count() == 1
    assert store.search_fts("تیسرا") == []
    assert store.ingest_log(run) == []
    assert store.check() == []


# ---- bad data --------------------------------------------------------------------------------


def test_unstorable_items_become_rejections(store: Store) -> None:
    run = store.begin_run(["x"], {})
    surrogate = item("s", "ٹوٹا \ud800 متن")
    not_json = StoreItem(
        article=Article(id="j", paragraphs=("x",), extra={"when": object()}), content_hash="j"
    )
    empty_id = StoreItem(article=Article(id="", paragraphs=("x",)), content_hash="e")
    result = store.add_batch(
        run, [surrogate, item("ok", "ٹھیک"), not_json, empty_id, Rejected("f:3", "empty text")]
    )
    assert result.counts() == (1, 0, 0, 4)
    reasons = [o.reason for o in result.outcomes]
    assert reasons[0] is not None
    assert reasons[0].startswith("store: paragraphs is not valid Unicode")
    assert reasons[2] is not None
    assert reasons[2].startswith("store: extra is not JSON-serialisable")
    assert reasons[3] == "store: article id is empty or not a string"
    assert reasons[4] == "empty text"
    assert store.stats()["rejections"]["empty text"] == 1
    assert store.count() == 1
    assert store.check() == []


def test_batch_for_unknown_or_finished_run_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="not running"):
        store.add_batch(999, [item("a", "x")])
    run = store.begin_run([], {})
    store.end_run(run)
    with pytest.raises(StoreError, match="not running"):
        store.add_batch(run, [item("a", "x")])
    assert store.count() == 0


def test_constraints_refuse_inconsistent_rows(store: Store) -> None:
    raw = sqlite3.connect(store.path)
    raw.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):  # paragraphs must be a JSON array
        raw.execute(
            "INSERT INTO articles (id, original_id, content_hash, paragraphs) "
            "VALUES ('x', 'x', 'h', 'not json')"
        )
    with pytest.raises(sqlite3.IntegrityError):  # cluster must exist
        raw.execute(
            "INSERT INTO articles (id, original_id, content_hash, paragraphs, cluster_id) "
            "VALUES ('x', 'x', 'h', '[]', 'nope')"
        )
    with pytest.raises(sqlite3.IntegrityError):  # unknown log status
        raw.execute("INSERT INTO ingest_log (run, at, status) VALUES (1, 'now', 'maybe')")
    raw.close()


# ---- near duplicates, LSH and clusters -------------------------------------------------------


def test_lsh_candidates_signatures_and_clusters(store: Store) -> None:
    sig_a = np.arange(8, dtype=np.uint64) * np.uint64(2**61)  # large uint64 values
    big = 2**64 - 3  # an unsigned key above the signed 64-bit range
    a = item("a", "اصل خبر", band_keys=((0, big), (1, 7)), signature=sig_a.tobytes())
    b = item("b", "اصل خبر کچھ فرق", band_keys=((0, big), (1, 8)), near="a")
    c = item("c", "الگ خبر", band_keys=((0, 1), (1, 7)), near="b")  # joins a's cluster via b
    d = item("d", "کچھ اور", band_keys=((0, 2), (1, 9)))
    assert add(store, a, b, c, d) == (2, 0, 2, 0)
    assert store.lsh_candidates([(0, big)]) == ["a", "b"]
    assert store.lsh_candidates([(1, 7), (0, big)]) == ["a", "b", "c"]  # distinct, first seen
    assert store.lsh_candidates([(2, big)]) == []  # same key, other band
    got = store.signatures(["a", "b", "zz"])
    assert list(got) == ["a"]
    assert np.array_equal(np.frombuffer(got["a"], dtype=np.uint64), sig_a)
    assert store.cluster_members("a") == ["a", "b", "c"]
    assert store.get("c").cluster_id == "a"  # type: ignore[union-attr]
    assert store.get("d").cluster_id is None  # type: ignore[union-attr]
    assert [tuple(c) for c in store.clusters()] == [("a", "a", 3)]
    # Moving the canonical out hands the cluster to the earliest remaining member.
    store.set_cluster("a", None)
    assert [tuple(c) for c in store.clusters()] == [("a", "b", 2)]
    store.set_cluster("d", "topic")
    assert store.cluster_members("topic") == ["d"]
    assert store.stats()["clusters"] == 2
    assert store.check() == []


# ---- readers during writes -------------------------------------------------------------------


class _PausingItems:
    """A batch that, when the writer reaches item ``at``, signals and waits (mid-transaction)."""

    def __init__(self, items: list[StoreItem], at: int) -> None:
        self.items, self.at = items, at
        self.reached, self.go = threading.Event(), threading.Event()

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> StoreItem:
        if i == self.at:
            self.reached.set()
            assert self.go.wait(10)
        return self.items[i]


def test_reader_sees_only_whole_batches(tmp_path: Path) -> None:
    path = tmp_path / "iso.db"
    with Store.open(path) as s:
        add(s, item("old", "پرانی خبر"))
    batch = _PausingItems([item(f"n{i}", f"نئی خبر {i}") for i in range(6)], at=4)
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with Store.open(path) as w:
                run = w.begin_run(["t"], {})
                w.add_batch(run, batch)  # type: ignore[arg-type]
                w.end_run(run)
        except BaseException as e:  # surfaced in the main thread
            errors.append(e)
            batch.reached.set()

    t = threading.Thread(target=writer)
    t.start()
    with Store.open(path) as reader:
        assert batch.reached.wait(10)
        # Four articles are inserted but uncommitted: the reader sees none of them.
        assert reader.count() == 1
        assert reader.get("n0") is None
        assert reader.search_fts("نئی") == []
        batch.go.set()
        t.join(10)
        assert not errors, errors
        assert reader.count() == 7
        assert reader.search_fts("نئی", limit=100) == [f"n{i}" for i in range(6)]


def test_concurrent_reader_never_sees_articles_without_index(tmp_path: Path) -> None:
    path = tmp_path / "conc.db"
    Store.open(path).close()
    done = threading.Event()
    seen: list[tuple[int, int, int]] = []

    def reader() -> None:
        raw = sqlite3.connect(path, isolation_level=None)
        while not done.is_set():
            raw.execute("BEGIN")
            n = raw.execute("SELECT count(*) FROM articles").fetchone()[0]
            fts = raw.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
            log = raw.execute("SELECT count(*) FROM ingest_log WHERE status = 'stored'").fetchone()[
                0
            ]
            raw.execute("COMMIT")
            seen.append((n, fts, log))
        raw.close()

    t = threading.Thread(target=reader)
    t.start()
    with Store.open(path) as w:
        run = w.begin_run(["t"], {})
        for b in range(30):
            w.add_batch(run, [item(f"{b}-{i}", f"خبر {b} {i}") for i in range(7)])
    done.set()
    t.join(10)
    assert len(seen) > 5
    for n, fts, log in seen:
        assert n == fts == log, (n, fts, log)
        assert n % 7 == 0  # whole batches only


# ---- stats, log, paths -----------------------------------------------------------------------


def test_stats_and_ingest_log(store: Store) -> None:
    when = datetime(2024, 5, 1, tzinfo=UTC)
    a = StoreItem(
        article=Article(id="a", source="geo", lang="ur", paragraphs=("x",), published=when),
        content_hash="a",
        flags=("short",),
    )
    b = item("b", "y", source="jang")
    run = store.begin_run(["geo.csv", "jang.csv"], {"limit": 5})
    store.add_batch(run, [a, b, a, Rejected("jang.csv:row 2", "no title")])
    store.end_run(run, "completed")
    run2 = store.begin_run(["jang.csv"], {})
    store.add_batch(run2, [Rejected("jang.csv:row 2", "no title")])
    stats = store.stats()
    assert stats["articles"] == 2
    assert stats["sources"] == {"geo": 1, "jang": 1}
    assert stats["languages"] == {"": 1, "ur": 1}
    assert stats["published_first_utc"] == "2024-05-01T00:00:00+00:00"
    assert stats["rejections"] == {"no title": 1}  # same record in two runs counts once
    assert stats["runs"] == 2
    assert store.flags("a") == ("short",)
    log = store.ingest_log(run)
    assert [(e.status, e.article_id, e.related_id) for e in log] == [
        ("stored", "a", None),
        ("stored", "b", None),
        ("duplicate", None, "a"),
        ("rejected", None, None),
    ]
    assert len(store.ingest_log()) == 5
    runs = store.runs()
    assert [(r.status, r.sources, r.options) for r in runs] == [
        ("completed", ("geo.csv", "jang.csv"), {"limit": 5}),
        ("running", ("jang.csv",), {}),
    ]


def test_fingerprint_ignores_runs_and_log_but_not_content(tmp_path: Path) -> None:
    with Store.open(tmp_path / "1.db") as one, Store.open(tmp_path / "2.db") as two:
        add(one, item("a", "x"), item("b", "y"))
        add(two, item("a", "x"))
        add(two, item("a", "x"), item("b", "y"), Rejected("r", "why"))
        assert one.fingerprint() == two.fingerprint()
        two.set_cluster("b", "k")
        assert one.fingerprint() != two.fingerprint()


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("cli.db", {"AKHBAR_DB": "env.db"}, "cli.db"),  # --db wins
        (None, {"AKHBAR_DB": "env.db"}, "env.db"),  # then the environment
        (None, {"AKHBAR_DB": ""}, "akhbar.db"),  # empty variable = unset
        ("", {}, "akhbar.db"),  # empty --db = not given
    ],
    ids=["explicit", "env", "empty-env", "default"],
)
def test_resolve_db_path(explicit: str | None, env: dict[str, str], expected: str) -> None:
    assert resolve_db_path(explicit, env) == Path(expected)


def test_resolve_db_path_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AKHBAR_DB", "/tmp/from-env.db")
    assert resolve_db_path(None) == Path("/tmp/from-env.db")


def test_a_batch_writes_each_stored_items_band_keys_and_one_log_row_per_record(
    store: Store,
) -> None:
    keys = {
        name: tuple((b, (-1) ** b * (2**63 - 1 - 7 * b - i)) for b in range(4))
        for i, name in enumerate("abc")
    }
    items: list[StoreItem | Rejected] = [
        item("a", "ایک", band_keys=keys["a"]),
        Rejected("f.csv:row 2", "empty"),
        item("dup", "ایک", band_keys=keys["c"]),  # same content as "a": not stored
        item("b", "دو", band_keys=keys["b"]),
        item("c", "تین"),  # no band keys
    ]
    assert add(store, *items) == (3, 1, 0, 1)
    rows = store.connection.execute(
        "SELECT a.id, b.band, b.key FROM (SELECT * FROM lsh_bands UNION ALL SELECT * FROM "
        "lsh_recent) b JOIN articles a ON a.seq = b.article"
    ).fetchall()
    assert sorted(rows) == sorted((n, b, k) for n in "ab" for b, k in keys[n])
    assert [(e.status, e.ref) for e in store.ingest_log()] == [
        ("stored", None),
        ("rejected", "f.csv:row 2"),
        ("duplicate", None),
        ("stored", None),
        ("stored", None),
    ]
    assert store.lsh_candidates(keys["b"][:1]) == ["b"]


def test_recent_band_keys_move_to_the_main_table_and_stay_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Band keys go to lsh_recent first and move to lsh_bands in key order once enough wait
    # (schema/0006_lsh_recent.sql); candidates, lookups and the fingerprint read both tables.
    monkeypatch.setattr(Store, "LSH_RECENT_ROWS", 8)
    keys = {n: tuple((b, 1000 * i + b) for b in range(4)) for i, n in enumerate("abcd")}
    with Store.open(tmp_path / "moved.db") as store:

        def count(table: str) -> int:
            return int(store.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        add(store, item("a", "ایک", band_keys=keys["a"]))
        assert (count("lsh_recent"), count("lsh_bands")) == (4, 0)
        assert store.lsh_candidates(keys["a"][:1]) == ["a"]
        add(store, item("b", "دو", band_keys=keys["b"]))  # 8 rows waiting: moved
        assert (count("lsh_recent"), count("lsh_bands")) == (0, 8)
        add(store, item("c", "تین", band_keys=keys["c"]))
        assert (count("lsh_recent"), count("lsh_bands")) == (4, 8)
        # an article sharing a key with one in each table finds both, first seen first
        shared = (keys["a"][0], keys["c"][1])
        assert store.lsh_candidates(shared) == ["a", "c"]
        found = store.lsh_lookup(shared)
        assert [aid for _, aid in found[keys["a"][0]]] == ["a"]
        assert [aid for _, aid in found[keys["c"][1]]] == ["c"]
        before = store.fingerprint()
        assert store.move_recent_bands() == 4
        assert (count("lsh_recent"), count("lsh_bands")) == (0, 12)
        assert store.fingerprint() == before  # where a row waits is not the store's content
        assert store.lsh_candidates(shared) == ["a", "c"]


def test_where_band_keys_wait_does_not_change_the_ingested_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same input ingested with keys moved after every batch and never moved: the same store
    # (near-duplicates found across both tables alike).
    from akhbar.pipeline import IngestOptions, PrepareConfig, ingest

    texts = [
        "پاکستان اور بھارت کے درمیان کرکٹ میچ کل لاہور میں کھیلا جائے گا جس کے ٹکٹ فروخت ہو گئے",
        "ایران اور روس کے وزرائے خارجہ نے ماسکو میں ملاقات کی اور تعاون پر بات کی",
    ]
    rows = []
    for i in range(30):
        text = texts[i % 2] + f" اور آج {i} افراد شریک تھے" * (1 + i % 3)
        rows.append(json.dumps({"id": f"r{i}", "text": text}, ensure_ascii=False))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    options = IngestOptions(
        workers=1, batch_size=4, prepare=PrepareConfig(entities=False), sync_index=False
    )
    prints = []
    for limit in (1, 10**9):
        monkeypatch.setattr(Store, "LSH_RECENT_ROWS", limit)
        with Store.open(tmp_path / f"s{limit}.db") as store:
            summary = ingest([src], store, options)
            assert summary.read == 30
            prints.append(store.fingerprint())
            waiting = store.connection.execute("SELECT count(*) FROM lsh_recent").fetchone()[0]
            assert (waiting == 0) == (limit == 1)
    assert prints[0] == prints[1]


_PLAIN_URLS = st.one_of(
    # What the fast path takes: http(s), a plain host, a path of unreserved characters.
    st.builds(
        "{}{}{}{}".format,
        st.sampled_from(["", " ", "\t"]),
        st.sampled_from(["http://", "https://", "HTTPS://", "hTtP://"]),
        st.sampled_from(["x.pk", "URDU.geo.tv", "a-b.c9", "1.2.3.4", "x"]),
        st.text(alphabet="/aZ09_.~-", max_size=20),
    ),
    # Near misses it must leave to urlsplit.
    st.builds(
        "{}{}{}{}".format,
        st.text(alphabet=" \t", max_size=2),
        st.sampled_from(["http://", "https://", "HTTPS://", "httpſ://", "ftp://", "http:/"]),
        st.text(alphabet="aZ09.-_:@ſK", min_size=0, max_size=12),
        st.text(alphabet="/aZ09_.~-%?#:خ ", max_size=20),
    ),
)


@given(url=_PLAIN_URLS)
def test_canonical_url_fast_path_is_the_general_one(url: str) -> None:
    import akhbar.store.store as store_module

    fast = canonical_url(url)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(store_module, "_SIMPLE_URL", store_module.re.compile(r"(?!)"))
        assert canonical_url(url) == fast


@pytest.mark.parametrize("readonly", [True, False])
def test_a_folder_is_a_clear_error(tmp_path: Path, readonly: bool) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path, readonly=readonly)


@pytest.mark.parametrize("kind", ["empty", "other program"])
def test_reading_a_file_that_is_no_akhbar_store_says_so(tmp_path: Path, kind: str) -> None:
    # Version 0 is not an old akhbar store (those start at 1): "open it for writing to migrate"
    # would be the wrong advice for another program's database.
    path = tmp_path / "x.db"
    path.touch()
    if kind == "other program":
        with sqlite3.connect(path) as raw:
            raw.execute("CREATE TABLE contacts (name TEXT)")
        raw.close()
    with pytest.raises(SchemaVersionError) as caught:
        Store.open(path, readonly=True)
    assert "not an akhbar store" in str(caught.value)
    assert "for writing" not in str(caught.value)


# ---- files that are not akhbar stores: refused, left byte for byte as they were ---------------


def _files(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (side files such as -wal, -shm, .index included) and its bytes."""
    return {
        str(f.relative_to(folder)): f.read_bytes() if f.is_file() else b"<dir>"
        for f in sorted(folder.rglob("*"))
    }


def _foreign_sqlite(path: Path, *, user_version: int = 0, wal: bool = False) -> None:
    with sqlite3.connect(path) as raw:
        if wal:
            raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        raw.execute("INSERT INTO contacts (name) VALUES ('ایک'), ('two')")
        raw.execute(f"PRAGMA user_version = {user_version}")
    raw.close()


def _make_foreign(kind: str, path: Path) -> None:
    if kind == "other program":
        _foreign_sqlite(path)
    elif kind == "other program, WAL":
        _foreign_sqlite(path, wal=True)
    elif kind == "other program, akhbar's version number":
        _foreign_sqlite(path, user_version=len(MIGRATIONS))
    elif kind == "other program, version 1":  # would have got migration 2 only
        _foreign_sqlite(path, user_version=1)
    elif kind == "Rails-style schema_migrations":
        with sqlite3.connect(path) as raw:
            raw.execute("CREATE TABLE schema_migrations (version VARCHAR PRIMARY KEY)")
            raw.execute("INSERT INTO schema_migrations VALUES ('20240101000000')")
            raw.execute("PRAGMA user_version = 1")
        raw.close()
    elif kind == "only a view":  # no tables, yet not empty
        with sqlite3.connect(path) as raw:
            raw.execute("CREATE VIEW v AS SELECT 1 AS one")
        raw.close()
    elif kind == "text file":
        path.write_text("خبر\nnot a database\n", encoding="utf-8")
    elif kind == "zip file":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("a.txt", "x")
    else:
        raise AssertionError(kind)


FOREIGN = [
    "other program",
    "other program, WAL",
    "other program, akhbar's version number",
    "other program, version 1",
    "Rails-style schema_migrations",
    "only a view",
    "text file",
    "zip file",
]


@pytest.mark.parametrize("kind", FOREIGN)
@pytest.mark.parametrize("readonly", [False, True])
def test_a_file_that_is_no_akhbar_store_is_refused_and_left_as_it_was(
    tmp_path: Path, kind: str, readonly: bool
) -> None:
    # Writing used to run the migrations into another program's database (and to switch it to
    # WAL even when a migration then failed); "nothing already stored is lost" covers it too.
    path = tmp_path / "their.sqlite"
    _make_foreign(kind, path)
    before = _files(tmp_path)
    with pytest.raises(NotAStoreError) as caught:
        Store.open(path, readonly=readonly)
    message = str(caught.value)
    assert message.startswith(f"{path}: not an akhbar store"), message
    assert ("nothing was written" in message) is not readonly, message
    assert _files(tmp_path) == before
    assert isinstance(caught.value, SchemaVersionError)  # what read-only opening raised before


def test_another_programs_tables_are_named_in_the_refusal(tmp_path: Path) -> None:
    path = tmp_path / "their.sqlite"
    _foreign_sqlite(path)
    with pytest.raises(NotAStoreError, match=r"another program's SQLite database.*'contacts'"):
        Store.open(path)


@pytest.mark.parametrize("kind", ["new path", "0-byte file", "empty SQLite database"])
def test_a_new_path_or_an_empty_file_becomes_a_store(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "sub" / "s.db"
    if kind != "new path":
        path.parent.mkdir()
        path.touch()
    if kind == "empty SQLite database":
        with sqlite3.connect(path) as raw:
            raw.execute("VACUUM")  # a header, no tables
        raw.close()
        assert path.stat().st_size > 0
    with Store.open(path) as s:
        add(s, item("1", "متن"))
        assert s.schema_version() == len(MIGRATIONS)


def test_an_older_akhbar_store_still_migrates(tmp_path: Path) -> None:
    old_schema = tmp_path / "schema"
    old_schema.mkdir()
    shutil.copy(SCHEMA_DIR / "0001_initial.sql", old_schema)
    path = tmp_path / "old.db"
    with Store.open(path, migrations=load_migrations(old_schema)) as s:
        # The row an akhbar of schema 1 wrote (today's add_batch writes today's columns).
        s.connection.execute(
            "INSERT INTO articles (id, original_id, content_hash, paragraphs) "
            "VALUES ('1', '1', 'h', '[\"متن\"]')"
        )
        assert s.schema_version() == 1
    with Store.open(path) as s:
        assert s.schema_version() == len(MIGRATIONS)
        assert s.count() == 1


def test_a_read_only_file_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "frozen.db"
    with Store.open(path) as s:
        add(s, item("1", "متن"))
    path.chmod(0o444)  # no write bit for anyone: refused even for root, who could write it
    try:
        before = _files(tmp_path)
        with pytest.raises(NotAStoreError, match=r"frozen\.db: the file is read-only"):
            Store.open(path)
        assert _files(tmp_path) == before
        with Store.open(path, readonly=True) as ro:  # reading it is fine
            assert ro.count() == 1
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("readonly", [False, True])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, readonly: bool) -> None:
    path = tmp_path / "pipe.db"
    os.mkfifo(path)
    with pytest.raises(NotAStoreError, match="not a regular file"):
        Store.open(path, readonly=readonly)
