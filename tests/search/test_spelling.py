"""A search that finds nothing suggests a spelling (``SearchResult.suggested_query``): each word
no article holds as the word one edit away that the most articles hold; on both backends, in
the CLI and on the web."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from akhbar.cli import app
from akhbar.search import parse_query
from akhbar.search.spelling import MIN_LETTERS, VOWEL_BONUS, correct, edits, shown_form

from .conftest import BACKENDS, open_backend

_LETTERS = "ابپتٹجدرسشکلمنوہیے"


def frequencies(held: dict[str, int]) -> Callable[[list[str]], dict[str, int]]:
    """The ``doc_frequencies`` of a store whose articles hold ``held``."""

    def df(terms: list[str]) -> dict[str, int]:
        return {t: held[t] for t in terms if t in held}

    return df


def _damerau_one(a: str, b: str) -> bool:
    """Whether ``b`` is one deletion, insertion, substitution or adjacent swap from ``a``
    (written apart from the module's ``edits``)."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = sorted((a, b), key=len)
    return len(long_) - len(short) == 1 and any(
        long_[:i] + long_[i + 1 :] == short for i in range(len(long_))
    )


def test_a_held_word_or_a_short_one_is_never_corrected() -> None:
    df = frequencies({"پاکستان": 9, "کرکٹ": 4})
    assert correct("پاکستان", df) is None
    assert correct("پاکستن", df) == "پاکستان"
    assert correct("کرک", df) is None  # under MIN_LETTERS
    assert len("کرک") < MIN_LETTERS
    assert correct("xyzzy", df) is None  # not Urdu letters: no Urdu word is one edit away
    assert correct("زبزبزب", df) is None  # nothing held one edit away


def test_a_long_vowel_left_out_counts_more() -> None:
    # انتخابت: انتخاب (a letter added) or انتخابات (an alef left out)
    held = {"انتخاب": 10, "انتخابات": 10 // VOWEL_BONUS + 1}
    assert correct("انتخابت", frequencies(held)) == "انتخابات"
    held["انتخاب"] = VOWEL_BONUS * held["انتخابات"] + 1
    assert correct("انتخابت", frequencies(held)) == "انتخاب"


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet=_LETTERS, min_size=3, max_size=7), st.integers(1, 50), max_size=30
    ),
    st.text(alphabet=_LETTERS, min_size=MIN_LETTERS, max_size=8),
)
def test_a_suggestion_is_held_and_one_edit_away(held: dict[str, int], typed: str) -> None:
    fixed = correct(typed, frequencies(held))
    neighbours = [w for w in held if _damerau_one(typed, w)]
    if typed in held or not neighbours:
        assert fixed is None
        return
    assert fixed in neighbours
    assert fixed in edits(typed)
    # the most held of them, up to the vowel bonus
    assert held[fixed] * VOWEL_BONUS >= max(held[w] for w in neighbours)


def test_a_term_is_shown_as_the_news_writes_it() -> None:
    from akhbar.text.analyzer import terms

    for word in ("امریکہ", "پاکستان", "وزیراعظم"):
        (term,) = terms(word)
        assert terms(shown_form(term)) == [term]


# ---- the engine on the seed, one article per paragraph ------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_query_that_finds_nothing_gets_a_suggestion(seed_db: Path, backend: str) -> None:
    with open_backend(seed_db, backend) as archive:
        assert archive.search("تہران").total > 0
        result = archive.search("تہرن")  # an alef left out
        assert (result.total, result.suggested_query) == (0, "تہران")
        # filters and the required mark stay; the suggestion finds something
        for typed, suggested in (
            ("تہرن source:seed", "تہران source:seed"),
            ("+تہرن", "+تہران"),
            ("لاورف", "لاوروف"),
        ):
            got = archive.search(typed)
            assert got.suggested_query == suggested, typed
            assert archive.search(suggested).total > 0
            assert parse_query(suggested).has_filters == parse_query(typed).has_filters
        # found something, or only excluded words spoiled: no suggestion
        assert archive.search("ایران -تہرن").suggested_query is None
        assert archive.search("تہران").suggested_query is None
        # nothing one edit away, or a filter that leaves nothing: none either
        assert archive.search("زبزبزبز").suggested_query is None
        assert archive.search("تہرن source:nosuch").suggested_query is None
    with open_backend(seed_db, backend, suggest=False) as archive:
        assert archive.search("تہرن").suggested_query is None


def test_cli_prints_the_suggestion(seed_db: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["search", "تہرن", "--db", str(seed_db), "--bidi", "off"])
    assert shown.exit_code == 0, shown.output
    assert "did you mean: تہران" in shown.output
    body = json.loads(runner.invoke(app, ["search", "تہرن", "--db", str(seed_db), "--json"]).output)
    assert (body["total"], body["suggested_query"]) == (0, "تہران")
    batch = runner.invoke(
        app, ["search", "--batch", "-", "--db", str(seed_db), "--json"], input="تہرن\n"
    )
    assert json.loads(batch.output)["suggested_query"] == "تہران"


def test_the_index_counts_a_word_as_the_store_does(real_db: Path) -> None:
    """The index's document frequencies (its term dictionaries, what the engine asks when the
    index serves the search) are the store's FTS5 counts of the title or the body, whichever
    holds the word in more articles; a word none holds is left out on both."""
    exact = {"count_cap": 10**9}  # (counted exactly on FTS5: test_fts5_counts_are_capped)
    with open_backend(real_db, "index") as indexed, open_backend(real_db, "fts5", **exact) as plain:
        conn = plain._conn
        conn.execute("CREATE VIRTUAL TABLE temp.cols USING fts5vocab(main, articles_fts, col)")
        by_column: dict[str, dict[str, int]] = {}
        for term, col, doc in conn.execute("SELECT term, col, doc FROM temp.cols"):
            by_column.setdefault(term, {})[col] = doc
        terms = [*sorted(by_column)[::7], "زبزبزبز", "nosuchword"]
        counts = indexed._doc_frequencies(terms)
        expected = {t: max(by_column[t].values()) for t in terms if t in by_column}
        assert counts == expected
        # (the FTS5 count is of either column: never fewer)
        stored = plain._doc_frequencies(terms)
        assert stored.keys() == counts.keys()
        assert all(counts[t] <= stored[t] for t in counts)


def test_fts5_counts_are_capped(real_db: Path) -> None:
    """On FTS5 a term's articles are counted exactly up to ``count_cap`` and estimated beyond
    from where its ``count_cap``-th article sits (FTS5's vocabulary reads a common word's whole
    posting list: half a second a suggestion on a million articles): the same counts under the
    cap, so the same suggestions there; a count above it at least the cap."""
    cap = 40
    with open_backend(real_db, "fts5", count_cap=cap) as plain:
        conn = plain._conn
        conn.execute("CREATE VIRTUAL TABLE temp.rows USING fts5vocab(main, articles_fts, row)")
        held = dict(conn.execute("SELECT term, doc FROM temp.rows"))
        articles = conn.execute("SELECT max(seq) FROM articles").fetchone()[0]
        terms = [*sorted(held)[::5], "زبزبزبز", "nosuchword", "a b", 'x"y', "ABC"]
        counts = plain._doc_frequencies(terms)
        assert counts.keys() == {t for t in terms if t in held}
        rare = [t for t in counts if held[t] < cap]
        common = [t for t in counts if held[t] >= cap]
        assert len(rare) > 100
        assert len(common) > 10
        assert all(counts[t] == held[t] for t in rare)
        assert all(cap <= counts[t] <= articles for t in common)
        for term in common[:20]:  # the share of the articles up to its cap-th that hold it
            rowids = [
                r
                for (r,) in conn.execute(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid",
                    (f'"{term}"',),
                )
            ]
            assert counts[term] == round(cap * articles / rowids[cap - 1])


def test_a_suggestion_is_checked_without_ranking_its_matches(seed_db: Path) -> None:
    """On FTS5 the suggestion is offered when it finds an article: its first match is read,
    not its whole match set ranked (a common word's, 0.7 s on a million articles); the
    search that found nothing fills the match table once, the suggestion not at all."""
    with open_backend(seed_db, "fts5") as archive:
        filled: list[str] = []
        archive._conn.set_trace_callback(
            lambda sql: filled.append(sql) if "INSERT INTO temp.akhbar_matches" in sql else None
        )
        result = archive.search("تہرن")
        assert (result.total, result.suggested_query) == (0, "تہران")
        assert len(filled) == 1
        assert archive.search("زبزبزبز").suggested_query is None
