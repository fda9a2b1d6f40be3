"""Phrases through the index's ``shingles`` field, which holds only the pairs of the shingle
terms (format 5): every kind of phrase (common and rarer terms in any order) finds exactly the
articles whose stored terms hold it, in a new generation, in one built before the package's list
changed, and in a format-4 generation (every pair).  The expected counts come from the stored
analyzed columns, never from the search code."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pytest

import akhbar.search.index as index_module
from akhbar.search import Archive, SearchConfig
from akhbar.search.index import PAIR_JOIN, _count, open_index, shingle_terms, sync
from akhbar.text.analyzer import terms
from tests.helpers import copy_db

from .conftest import open_backend

#: Phrases of each kind (c: a shingle term, r: any other) taken from the store.
PER_KIND = 6
KINDS = ("cc", "cr", "rc", "rr", "ccc", "ccr", "rcc", "crc", "rcr")


def stored(db: Path) -> list[tuple[list[str], list[str]]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT analyzed_title, analyzed_body FROM articles ORDER BY seq")
        return [((t or "").split(), (b or "").split()) for t, b in rows]


def holds(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def expected(db: Path, phrase: list[str]) -> int:
    """How many articles hold the phrase's terms next to each other, in the title or body."""
    return sum(holds(t, phrase) or holds(b, phrase) for t, b in stored(db))


def phrases(db: Path, common: frozenset[str]) -> Iterator[tuple[str, list[str]]]:
    """``PER_KIND`` phrases of each kind, spread over the store (terms the analyzer gives back
    as they are, so the query means them)."""
    found: dict[str, list[list[str]]] = {k: [] for k in KINDS}
    seen: set[tuple[str, ...]] = set()
    for _, body in islice(stored(db), 0, None, 7):
        for n in (2, 3):
            for i in range(0, len(body) - n + 1, 11):
                phrase = body[i : i + n]
                kind = "".join("c" if w in common else "r" for w in phrase)
                if (
                    kind in found
                    and len(found[kind]) < PER_KIND
                    and tuple(phrase) not in seen
                    and all(terms(w) == [w] for w in phrase)
                ):
                    seen.add(tuple(phrase))
                    found[kind].append(phrase)
    for kind, listed in found.items():
        assert len(listed) == PER_KIND, kind
        for phrase in listed:
            yield kind, phrase


def count(archive: Archive, phrase: list[str]) -> int | None:
    query = '"' + " ".join(phrase) + '"'
    return archive.search(
        query, limit=1, facets=True, snippets=False, relax_phrases=False
    ).total_articles


def check_all(db: Path, common: frozenset[str], backend: str = "index") -> int:
    """Every kind of phrase finds its articles; how many were found in all."""
    total = 0
    with open_backend(db, backend) as archive:
        for kind, phrase in phrases(db, common):
            want = expected(db, phrase)
            assert count(archive, phrase) == want, (kind, phrase)
            total += want
    return total


def shingle_docs(db: Path, a: str, b: str) -> int:
    """How many documents hold the pair ``a b`` as a ``shingles`` term."""
    import tantivy

    index = open_index(db)
    assert index is not None
    query = tantivy.Query.term_query(index.schema, "shingles", a + PAIR_JOIN + b)
    return _count(index.searcher, query)


@pytest.fixture
def real_copy(real_db: Path, tmp_path: Path) -> Path:
    db = copy_db(real_db, tmp_path / "real.db")
    sync(db, rebuild=True)
    return db


def test_the_shingle_terms_are_the_analyzers_and_common() -> None:
    listed = shingle_terms()
    assert len(listed) >= 100
    assert all(terms(t) == [t] for t in listed)
    assert {"کے", "میں", "کی", "سے", "ہے"} <= set(listed)


def test_a_new_generation_keeps_only_the_pairs_of_shingle_terms(real_copy: Path) -> None:
    index = open_index(real_copy)
    assert index is not None
    assert index.format == index_module.FORMAT >= 5
    assert index.shingled == frozenset(shingle_terms())
    meta = json.loads((index.generation / "akhbar-index.json").read_text(encoding="utf-8"))
    assert meta["shingle_terms"] == list(shingle_terms())
    common = frozenset(shingle_terms())
    pairs = {kind: phrase for kind, phrase in phrases(real_copy, common) if len(phrase) == 2}
    assert shingle_docs(real_copy, *pairs["cc"]) >= 1
    for kind in ("cr", "rc", "rr"):
        assert shingle_docs(real_copy, *pairs[kind]) == 0, kind


@pytest.mark.parametrize("backend", ["index", "fts5"])
def test_every_kind_of_phrase_finds_its_articles(real_copy: Path, backend: str) -> None:
    assert check_all(real_copy, frozenset(shingle_terms()), backend) > 2 * PER_KIND * len(KINDS)


def test_a_generation_keeps_its_list_when_the_package_list_changes(
    real_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built_with = frozenset(shingle_terms())
    # The package now lists other terms (as a rebuilt list would): the generation does not.
    other = tuple(t for t in shingle_terms()[::2])
    monkeypatch.setattr(index_module, "shingle_terms", lambda: other)
    index = open_index(real_copy)
    assert index is not None
    assert index.shingled == built_with
    assert check_all(real_copy, built_with) > 0
    # A sync says what a rebuild would bring (`akhbar index` prints it).
    kept = sync(real_copy)
    assert not kept.rebuilt
    assert f"{len(built_with):,} shingle terms" in kept.advice
    assert "--rebuild" in kept.to_dict()["advice"]
    # A generation made now records (and keeps the pairs of) the new list.
    again = sync(real_copy, rebuild=True)
    assert again.rebuilt
    assert again.advice == ""
    index = open_index(real_copy)
    assert index is not None
    assert index.shingled == frozenset(other)
    assert check_all(real_copy, built_with) > 0


def test_a_format_4_generation_holds_every_pair_and_stays_in_use(
    real_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = copy_db(real_db, tmp_path / "real.db")
    with monkeypatch.context() as m:
        m.setattr(index_module, "FORMAT", 4)
        built = sync(db, rebuild=True)
    index = open_index(db)
    assert index is not None
    assert (index.format, index.shingled) == (4, None)
    common = frozenset(shingle_terms())
    pairs = {kind: phrase for kind, phrase in phrases(db, common) if len(phrase) == 2}
    assert shingle_docs(db, *pairs["rr"]) >= 1
    assert check_all(db, common) > 0
    # This version syncs it as it is (readable), and its phrases still run through every pair.
    again = sync(db)
    assert (again.rebuilt, again.path) == (False, built.path)
    with Archive.open(db, SearchConfig()) as archive:
        assert archive.backend == "index"


def test_a_format_5_generation_without_its_list_finds_phrases_by_position(
    real_copy: Path,
) -> None:
    index = open_index(real_copy)
    assert index is not None
    meta_path = index.generation / "akhbar-index.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["shingle_terms"]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    index = open_index(real_copy)
    assert index is not None
    assert index.shingled == frozenset()
    assert check_all(real_copy, frozenset(shingle_terms())) > 0
    with Archive.open(real_copy, SearchConfig()) as archive:
        assert archive.backend == "index"
