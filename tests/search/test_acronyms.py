"""An acronym typed as the names of its letters (``پی سی بی``, ``آئی ایم ایف``) is one name:
it finds the articles that write it, not every article holding its letters (``پی``, ``سی``,
``بی`` are in most acronyms and are words too), and, like a name, its other names
(``پاکستان کرکٹ بورڈ``); on the index its letters still rank as the words typed would."""

from __future__ import annotations

from pathlib import Path

import pytest

from akhbar.search import SearchResult

from .conftest import BACKENDS, ingested, open_backend

ARTICLES = [
    ("a1", "پی سی بی نے قومی ٹیم کے نئے کپتان کا اعلان کر دیا۔"),
    ("a2", "پاکستان کرکٹ بورڈ (پی سی بی) کے چیئرمین نے اجلاس طلب کر لیا۔"),
    ("a3", "پاکستان کرکٹ بورڈ نے ڈومیسٹک سیزن کا شیڈول جاری کر دیا۔"),
    # every letter of پی سی بی, none of them the acronym
    ("a4", "پی ٹی آئی اور بی جے پی کے رہنماؤں نے سی پیک پر بات کی۔"),
    ("a5", "آئی ایم ایف نے پاکستان کے ساتھ قرض پروگرام پر مذاکرات مکمل کر لیے۔"),
    ("a6", "لاہور میں بارش سے موسم خوشگوار ہو گیا۔"),
    ("a7", "پی آئی اے کی پرواز فنی خرابی کے باعث منسوخ کر دی گئی۔"),
]


@pytest.fixture(scope="module")
def acronyms_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles above through the real pipeline (the linker makes پی سی بی and
    پاکستان کرکٹ بورڈ one body: a2 gives the acronym in brackets after the name)."""
    return ingested(tmp_path_factory.mktemp("acronyms"), ARTICLES)


def ids(result: SearchResult) -> set[str]:
    return {h.id for h in result.hits}


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_acronym_finds_the_articles_writing_it_not_its_letters(
    acronyms_db: Path, backend: str
) -> None:
    with open_backend(acronyms_db, backend) as a:
        typed = a.search("پی سی بی", exact=True)  # as typed: no other names
        assert ids(typed) == {"a1", "a2"}
        assert typed.total == 2
        # Arabic-keyboard letters are the same acronym
        assert ids(a.search("پي سي بي", exact=True)) == {"a1", "a2"}
        # the letters as words (quoted each) still find every article holding them
        assert {"a1", "a2", "a4"} <= ids(a.search('"پی" "سی" "بی"', exact=True))


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_acronym_typed_without_some_urdu_letters_finds_the_one_meant(
    acronyms_db: Path, backend: str
) -> None:
    # no ے key: اے (A) is typed اي (E); no پ key: پی (P) is typed بي (B); the acronym is
    # the one the news writes (PIA, PCB), not the letters typed (پی آئی ای, بی سی بی)
    with open_backend(acronyms_db, backend) as a:
        result = a.search("پي آئي اي", exact=True)
        assert ids(result) == {"a7"}
        assert result.restored_query == "پي آئي اے"  # (what was searched, shown)
        assert [h.id for h in a.search("پي آئي اي پرواز", exact=True).hits] == ["a7"]
        assert ids(a.search("بي سي بي", exact=True)) == {"a1", "a2"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_acronym_meets_its_other_names(acronyms_db: Path, backend: str) -> None:
    with open_backend(acronyms_db, backend) as a:
        result = a.search("پی سی بی")
        assert ids(result) == {"a1", "a2", "a3"}
        assert dict(result.variants) == {"پی سی بی": ("پاکستان کرکٹ بورڈ",)}
        # and the name typed as words its acronym (a run of words: on the index only)
        assert ("a1" in ids(a.search("پاکستان کرکٹ بورڈ"))) == (backend == "index")


def test_an_acronym_ranks_with_the_other_words(acronyms_db: Path) -> None:
    with open_backend(acronyms_db, "index") as a:
        assert [h.id for h in a.search("پی سی بی کپتان").hits][:1] == ["a1"]
        assert [h.id for h in a.search("آئی ایم ایف قرض").hits] == ["a5"]
        # a word the article lacks does not stop the acronym from finding it
        assert [h.id for h in a.search("آئی ایم ایف معاہدہ").hits] == ["a5"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_acronym_no_article_writes_is_run_as_its_letters(
    acronyms_db: Path, backend: str
) -> None:
    # (a4 holds جے and سی, never next to each other; a1 and a2 hold سی)
    with open_backend(acronyms_db, backend) as a:
        assert a.search("جے سی", relax_phrases=False).total == 0
        result = a.search("جے سی")
        assert (result.relaxed_query, ids(result)) == ('"جے" "سی"', {"a1", "a2", "a4"})


PHONES = [
    ("b1", "ایپل کے سی ای او نے نیا آئی فون متعارف کرا دیا۔"),
    ("b2", "کمپنی کے سی ای او نے استعفیٰ دے دیا۔"),
    ("b3", "موسم سرما میں گیس کی لوڈشیڈنگ بڑھ گئی۔"),
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_letter_that_starts_a_word_is_not_the_acronyms(
    tmp_path_factory: pytest.TempPathFactory, backend: str
) -> None:
    # آئی of آئی فون (iPhone) typed after سی ای او (CEO): the acronym is سی ای او, and
    # آئی فون the words; taken as the acronym سی ای او آئی, which nothing writes, the
    # search would find only what holds فون
    db = ingested(tmp_path_factory.mktemp(f"phones-{backend}"), PHONES)
    with open_backend(db, backend) as a:
        result = a.search("سی ای او آئی فون", exact=True)
        assert ids(result) == {"b1", "b2"}
        assert result.hits[0].id == "b1"
