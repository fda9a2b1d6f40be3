"""A small store for the phrase-relaxing and source-quoting tests: articles whose words are
known, and sources with hostile names (quotes, backslashes, colons, Urdu, spaces, a tab, a
zero-width non-joiner, query syntax)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from akhbar.article import Article
from akhbar.pipeline import prepare_batch
from akhbar.search.index import sync
from akhbar.store import Store

#: Source names a ``source:`` filter must be able to select, each exactly.
HOSTILE_SOURCES = (
    'say "hi" \\ tv:x',
    'اردو "خبر" نیوز',
    'x" OR source:y',
    'a""b',
    "tab\there",
    "zw\u200cnj.site",
    '"',
    "\\",
)


def _day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


#: id → (source, title, body, published).  "معاشی اصلاحات" stands in that order (never
#: "اصلاحات معاشی"); "میچ جیت" only in b.
ARTICLES = {
    "a": ("geo.tv", "اعلان", "حکومت نے معاشی اصلاحات کا اعلان کیا۔ خبر۔", _day(2024, 1, 5)),
    "b": (
        "samaa.tv",
        "کرکٹ",
        "پاکستان نے میچ جیت لیا، معاشی حالات پر بات۔ خبر۔",
        _day(2024, 2, 10),
    ),
    "c": (HOSTILE_SOURCES[0], "موسم", "لاہور میں بارش اور اصلاحات کی بات۔ خبر۔", _day(2023, 3, 1)),
    "d": (HOSTILE_SOURCES[1], "بارش", "کراچی میں بارش، معاشی خبریں۔ خبر۔", _day(2023, 4, 1)),
    "e": (HOSTILE_SOURCES[2], "برف", "مری میں برف۔ خبر۔", None),
    "f": (HOSTILE_SOURCES[3], "گرمی", "ملتان میں گرمی۔ خبر۔", None),
    "g": (HOSTILE_SOURCES[4], "سردی", "کوئٹہ میں سردی۔ خبر۔", None),
    "h": (HOSTILE_SOURCES[5], "ہوا", "پشاور میں تیز ہوا۔ خبر۔", None),
    "i": (HOSTILE_SOURCES[6], "دھند", "لاہور میں دھند۔ خبر۔", None),
    "j": (HOSTILE_SOURCES[7], "اولے", "سوات میں اولے۔ خبر۔", None),
}


def build_relax_store(db: Path) -> Path:
    """The store of :data:`ARTICLES` at ``db``, with its search index."""
    arts = [
        Article(id=aid, source=source, title=title, paragraphs=(body,), published=pub, lang="ur")
        for aid, (source, title, body, pub) in ARTICLES.items()
    ]
    with Store.open(db) as store:
        run = store.begin_run([], {})
        store.add_batch(run, prepare_batch(arts))
        store.end_run(run)
    sync(db)
    return db
