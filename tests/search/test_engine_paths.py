"""The engine's query paths give the same hits, totals and facets: with or without facets, with
or without the covering index (FTS5), and the index's page, ``similar`` and total equal a
brute-force ground truth (every match read, collapsed by the store's clusters)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from akhbar.search import Archive, SearchResult
from akhbar.search.engine import SEARCH_INDEX
from akhbar.search.query import parse_query

from .conftest import BACKENDS, open_backend

QUERIES = [
    "عمران خان",  # two free words
    '"وزیر اعظم"',  # a phrase
    "پاکستان -کرکٹ",  # an exclusion
    "حکومت source:geo",  # a filter
    "بجٹ after:2023-01 before:2024-07",  # a date range
    "source:samaa",  # filters only: newest first
    "کے",  # a word in most articles
]


@pytest.fixture(scope="module")
def real(real_db: Path) -> Iterator[Archive]:
    with open_backend(real_db, "fts5") as archive:
        yield archive


@pytest.fixture(scope="module")
def real_index(real_db: Path) -> Iterator[Archive]:
    # Without the second ranking stage: the page must be tantivy's order, collapsed
    # (test_index_ranking.py checks the second stage).
    with open_backend(real_db, "index", rerank_depth=0) as archive:
        yield archive


@pytest.fixture(scope="module")
def indexed(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """A copy of the store with the covering index the engine uses when present."""
    copy = tmp_path_factory.mktemp("indexed") / "real.db"
    shutil.copy(real_db, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute(
            f"CREATE INDEX {SEARCH_INDEX} "
            "ON articles (seq, cluster_id, published_utc, source, lang)"
        )
    with open_backend(copy, "fts5") as archive:
        assert SEARCH_INDEX in archive._articles
        yield archive


def page(result: SearchResult) -> list[tuple[Any, ...]]:
    return [(h.id, round(h.score, 9), h.similar, h.snippet.text) for h in result.hits]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("query", QUERIES)
def test_facets_do_not_change_hits_or_total(real_db: Path, backend: str, query: str) -> None:
    with open_backend(real_db, backend) as archive:
        with_facets = archive.search(query, limit=20)
        without = archive.search(query, limit=20, facets=False)
    assert page(with_facets) == page(without)
    assert with_facets.total == without.total
    assert with_facets.facets is not None
    assert without.facets is None


@pytest.mark.parametrize("query", QUERIES)
def test_covering_index_changes_nothing(real: Archive, indexed: Archive, query: str) -> None:
    for facets, offset in ((True, 0), (False, 0), (True, 5)):
        a = real.search(query, limit=10, offset=offset, facets=facets)
        b = indexed.search(query, limit=10, offset=offset, facets=facets)
        assert page(a) == page(b)
        assert (a.total, a.total_articles, a.facets) == (b.total, b.total_articles, b.facets)


@pytest.mark.parametrize("backend", BACKENDS)
def test_matches_of_one_query_do_not_leak_into_the_next(real_db: Path, backend: str) -> None:
    with open_backend(real_db, backend) as archive:
        first = archive.search("عمران خان")
        archive.search("source:samaa")
        archive.search("ایسا لفظ جو کہیں نہیں zzqqxx")
        again = archive.search("عمران خان")
    assert page(again) == page(first)
    assert (again.total, again.facets) == (first.total, first.facets)


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_match_gives_zero_total_and_empty_facets(real_db: Path, backend: str) -> None:
    with open_backend(real_db, backend) as archive:
        result = archive.search("zzqqxxnotaword")
    assert (result.total, result.total_articles, result.hits) == (0, 0, ())
    assert result.facets is not None
    assert result.facets.sources == ()


def window_truth(
    archive: Archive, query: str, limit: int, offset: int
) -> tuple[list[tuple[int, int]], int]:
    """The page as ``(seq, similar)`` and the total, by the window-function SQL the engine used
    before (row_number per cluster over the whole match set), independent of ``_page``; each
    cluster's place is its best-ranked member's, its ``seq`` the earliest published member's
    (undated last, ties by the first stored)."""
    from akhbar.search.query import parse_query

    from_where, params, ranked, _ = archive._match_set(parse_query(query))
    cfg = archive.config
    score = f"bm25(articles_fts, {cfg.title_weight}, {cfg.body_weight})" if ranked else "0.0"
    order = "score, seq" if ranked else "pub DESC NULLS LAST, seq DESC"
    sql = (
        f"WITH m AS (SELECT a.seq AS seq, a.cluster_id AS cid, a.published_utc AS pub, "
        f"{score} AS score {from_where}), "
        "r AS (SELECT seq, pub, score, row_number() OVER (PARTITION BY cid, CASE WHEN cid IS "
        f"NULL THEN seq END ORDER BY {order}) AS rn, count(*) OVER (PARTITION BY cid, CASE "
        "WHEN cid IS NULL THEN seq END) AS n, first_value(seq) OVER (PARTITION BY cid, CASE "
        "WHEN cid IS NULL THEN seq END ORDER BY pub IS NULL, pub, seq) AS shown FROM m) "
        f"SELECT shown, n - 1, count(*) OVER () FROM r WHERE rn = 1 ORDER BY {order}"
    )
    rows = archive._conn.execute(sql, params).fetchall()
    total = rows[0][2] if rows else 0
    return [(r[0], r[1]) for r in rows[offset : offset + limit]], total


def seqs(archive: Archive, result: SearchResult) -> list[tuple[int, int]]:
    out = []
    for h in result.hits:
        (seq,) = archive._conn.execute("SELECT seq FROM articles WHERE id = ?", (h.id,)).fetchone()
        out.append((seq, h.similar))
    return out


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("limit", "offset"), [(10, 0), (7, 13), (50, 0)])
def test_page_equals_window_function_ground_truth(
    real: Archive, query: str, limit: int, offset: int
) -> None:
    result = real.search(query, limit=limit, offset=offset, snippets=False)
    expected, total = window_truth(real, query, limit, offset)
    assert seqs(real, result) == expected
    assert result.total == total


@pytest.fixture(scope="module")
def clustered_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty near-copies of one report (one cluster) and a few other articles: the page has to
    read past the first window of best-ranked rows to find ten clusters."""
    from .conftest import build, seed_paragraphs

    folder = tmp_path_factory.mktemp("clustered")
    src = folder / "c.jsonl"
    base = " ".join(seed_paragraphs()[:4])
    with src.open("w", encoding="utf-8") as fh:
        for i in range(40):
            text = f"{base} اضافہ {i}"
            fh.write(json.dumps({"id": f"copy{i}", "source": "s", "text": text}) + "\n")
        for i, para in enumerate(seed_paragraphs()[4:]):
            fh.write(json.dumps({"id": f"other{i}", "source": "s", "text": para}) + "\n")
    return build(folder / "c.db", [src])


CLUSTERED_QUERIES = ("لاوروف روس", "source:s", "اضافہ")


def test_page_reads_past_a_window_eaten_by_one_cluster(clustered_db: Path) -> None:
    with open_backend(clustered_db, "fts5") as clustered:
        (members,) = clustered._conn.execute(
            "SELECT count(*) FROM articles WHERE cluster_id IS NOT NULL"
        ).fetchone()
        assert members >= 33  # more than the first window (32 rows) of a 10-hit page
        for query in CLUSTERED_QUERIES:
            for limit, offset in ((10, 0), (3, 2)):
                result = clustered.search(query, limit=limit, offset=offset, snippets=False)
                expected, total = window_truth(clustered, query, limit, offset)
                assert seqs(clustered, result) == expected, query
                assert result.total == total


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_clusters_hit_shows_its_earliest_published_match(tmp_path: Path, backend: str) -> None:
    """Copies of one report stored newest first: the hit showed the best-ranked copy (on a
    tie, the first stored; for filters alone, the newest), not the report as first published;
    it shows the earliest published copy that matches (the cluster keeps its place)."""
    from .conftest import build, seed_paragraphs

    src = tmp_path / "c.jsonl"
    base = " ".join(seed_paragraphs()[:4])
    with src.open("w", encoding="utf-8") as fh:
        for i in range(6):  # copy0 on 2021-04-26, …, copy5 on 2021-04-01 (first stored last)
            day = 26 - 5 * i
            row = {"id": f"copy{i}", "source": f"s{i % 2}", "text": f"{base} اضافہ {i}"}
            fh.write(json.dumps({**row, "published": f"2021-04-{day:02d}T10:00:00+05:00"}) + "\n")
        fh.write(json.dumps({"id": "late", "source": "s0", "text": base}) + "\n")  # undated
    db = build(tmp_path / "c.db", [src])
    with open_backend(db, backend) as archive:
        (cid,) = archive._conn.execute(
            "SELECT cluster_id FROM articles WHERE id = 'copy0'"
        ).fetchone()
        assert cid is not None
        members = {
            r[0]
            for r in archive._conn.execute("SELECT id FROM articles WHERE cluster_id = ?", (cid,))
        }
        assert {"copy0", "copy5"} <= members
        cases = {
            "لاوروف روس": "copy5",
            "source:s0 OR source:s1": "copy5",
            "source:s0": "copy4",  # (copy5 is s1's)
            "لاوروف before:2021-04-10": "copy5",
            "لاوروف after:2021-04-10": "copy3",
        }
        for query, first in cases.items():
            hits = [h for h in archive.search(query, limit=20).hits if h.cluster_id == cid]
            assert [h.id for h in hits] == [first], query
            assert hits[0].published is not None


# ---- the index: page, similar and total against every match, collapsed independently ----------


def index_truth(
    archive: Archive, query: str, limit: int, offset: int
) -> tuple[list[tuple[int, int]], int, int]:
    """``[(seq, similar)]`` of the page, the total and the matching articles: every match of the
    compiled query read at once (scores from tantivy), ordered by score then seq (or, for
    filters only, by the store's publication time then seq, newest first), collapsed by the
    store's cluster ids — none of the engine's windowing, cluster keys or aggregations; a
    cluster's ``seq`` is its earliest published match's."""
    assert archive._index is not None
    compiled, ranked, _ = archive._index.compile(parse_query(query))
    searcher = archive._index.index.searcher
    n = searcher.search(compiled, 1, count=True).count or 0
    if n == 0:
        return [], 0, 0
    hits = searcher.search(compiled, n, count=False).hits
    found = searcher.fast_field_values("seq", [a for _, a in hits])
    score = {int(s): float(sc) for (sc, _), s in zip(hits, found, strict=True) if s is not None}
    marks = ", ".join("?" * len(score))
    meta = {
        seq: (cid, pub)
        for seq, cid, pub in archive._conn.execute(
            f"SELECT seq, cluster_id, published_utc FROM articles WHERE seq IN ({marks})",
            list(score),
        )
    }
    if ranked:
        order = sorted(score, key=lambda s: (-score[s], s))
    else:
        order = sorted(score, key=lambda s: (meta[s][1] is not None, meta[s][1] or "", s))
        order.reverse()
    size = Counter(cid for cid, _ in meta.values() if cid is not None)
    # a cluster's hit shows its earliest published match (undated last, then the first stored)
    shown: dict[str, int] = {}
    for seq in sorted(meta, key=lambda s: (meta[s][1] is None, meta[s][1] or "", s)):
        shown.setdefault(meta[seq][0], seq)
    seen: set[str] = set()
    collapsed = []
    for seq in order:
        cid = meta[seq][0]
        if cid is not None:
            if cid in seen:
                continue
            seen.add(cid)
        collapsed.append((shown[cid] if cid is not None else seq, size[cid] - 1 if cid else 0))
    return collapsed[offset : offset + limit], len(collapsed), len(score)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("limit", "offset"), [(10, 0), (7, 13), (50, 0)])
def test_index_page_equals_every_match_collapsed(
    real_index: Archive, query: str, limit: int, offset: int
) -> None:
    result = real_index.search(query, limit=limit, offset=offset, snippets=False)
    expected, total, articles = index_truth(real_index, query, limit, offset)
    assert seqs(real_index, result) == expected
    assert (result.total, result.total_articles) == (total, articles)


def test_index_page_reads_past_a_window_eaten_by_one_cluster(clustered_db: Path) -> None:
    with open_backend(clustered_db, "index", rerank_depth=0) as clustered:
        for query in CLUSTERED_QUERIES:
            for limit, offset in ((10, 0), (3, 2), (1, 0)):
                result = clustered.search(query, limit=limit, offset=offset, snippets=False)
                expected, total, articles = index_truth(clustered, query, limit, offset)
                assert seqs(clustered, result) == expected, query
                assert result.total == total
                assert total < articles - 30  # the forty copies are one hit


@pytest.mark.parametrize("query", QUERIES)
def test_index_and_fts5_find_the_same_articles(
    real: Archive, real_index: Archive, query: str
) -> None:
    """Ranking differs; the match set, the total and the facets do not."""
    a = real.search(query, limit=5)
    b = real_index.search(query, limit=5)
    assert (a.total, a.total_articles, a.facets) == (b.total, b.total_articles, b.facets)


@pytest.mark.parametrize("query", ["کرکٹ", "source:samaa", "پاکستان after:2020"])
def test_index_facets_counted_one_way_or_three_ways_agree(
    real_db: Path, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One aggregation over the combined ``facet`` field, or (an archive with too many
    source × month × language combinations) one per facet: the same counts."""
    from akhbar.search import index_search

    with open_backend(real_db, "index") as archive:
        combined = archive.search(query, limit=3)
    monkeypatch.setattr(index_search, "_COMBINED_FACETS", 0)
    with open_backend(real_db, "index") as archive:
        separate = archive.search(query, limit=3)
    assert combined.facets is not None
    assert combined.facets.months
    assert (separate.facets, separate.total) == (combined.facets, combined.total)


@pytest.mark.parametrize("query", QUERIES)
def test_counting_on_a_thread_changes_nothing(real_db: Path, query: str) -> None:
    """The total and the facets counted on the worker thread while the page is made, or
    after it on the caller's: the same result, with facets or without."""
    with (
        open_backend(real_db, "index") as threaded,
        open_backend(real_db, "index", parallel_counts=False) as inline,
    ):
        for facets, offset in ((True, 0), (False, 0), (True, 7)):
            a = threaded.search(query, limit=10, offset=offset, facets=facets)
            b = inline.search(query, limit=10, offset=offset, facets=facets)
            assert page(a) == page(b)
            assert (a.total, a.total_articles, a.facets) == (b.total, b.total_articles, b.facets)
            assert a.total_articles is not None
            assert a.total <= a.total_articles


# ---- a word the analyzer cuts in several terms ------------------------------------------------

#: Words written without their space (``سے بعد``, ``ٹی 20``, a URL with ``:``): with
#: ``split_words`` each is its words on either backend, as if typed with the space.
SPLIT_WORDS = ["سےبعد", "روپےسندھ", "محمددوسری", "a:b:c"]


@pytest.mark.parametrize("query", SPLIT_WORDS)
def test_a_split_word_finds_the_same_articles_on_both_backends(
    real: Archive, real_index: Archive, query: str
) -> None:
    words = parse_query(query).clauses[0].alternatives[0].terms
    assert len(words) > 1  # the analyzer does cut it
    a = real.search(query, limit=5)
    b = real_index.search(query, limit=5)
    assert (a.total, a.total_articles, a.facets) == (b.total, b.total_articles, b.facets)
    # as if typed with the spaces
    spaced = real.search(" ".join(words), limit=5)
    assert (a.total, a.total_articles) == (spaced.total, spaced.total_articles)


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_hit_of_a_split_word_highlights_what_matched(real_db: Path, backend: str) -> None:
    """A hit that holds only one of the words (``بعد`` of ``سےبعد``) still shows it marked;
    the common word (``سے``) that did not take part in matching is not marked."""
    from akhbar.search.fts import fts_tokens
    from akhbar.text.analyzer import terms

    with open_backend(real_db, backend) as archive:
        result = archive.search("سےبعد", limit=40)
    assert len(result.hits) == 40
    for hit in result.hits:
        marked = [hit.snippet.text[s:e] for s, e in hit.snippet.highlights]
        marked += [(hit.title or "")[s:e] for s, e in hit.title_highlights]
        assert marked, hit.id
        for text in marked:
            found = {p for t in terms(text) for p in fts_tokens(t)}
            assert "بعد" in found, (hit.id, text)


# ---- pages far beyond the matches ---------------------------------------------------------------


def test_a_page_far_beyond_the_matches_is_empty_not_a_crash(real_db: Path) -> None:
    """tantivy allocates its top-n heap up front: a deep ``offset`` must not reach it (a 10^9
    offset used to abort the process with a 32 GB allocation).  In a child process, so that a
    regression fails this test instead of killing the run."""
    import subprocess
    import sys

    code = (
        "import sys, json; from akhbar.search import Archive, SearchConfig\n"
        "with Archive.open(sys.argv[1], SearchConfig(use_index=True)) as a:\n"
        "    assert a.backend == 'index'\n"
        "    out = [(q, a.search(q, limit=10, offset=10**9).total,\n"
        "            len(a.search(q, limit=10, offset=10**9).hits)) for q in sys.argv[2:]]\n"
        "print(json.dumps(out))\n"
    )
    queries = ["عمران خان", "source:samaa", "کے"]
    done = subprocess.run(
        [sys.executable, "-c", code, str(real_db), *queries],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout)
    with open_backend(real_db, "index") as archive:
        totals = [archive.search(q, limit=0).total for q in queries]
    assert got == [[q, t, 0] for q, t in zip(queries, totals, strict=True)]


@pytest.mark.parametrize("query", ["کے", "source:samaa"])
def test_the_last_page_of_a_match_set_as_large_as_the_index(
    real_index: Archive, query: str
) -> None:
    """Pages whose window reaches every document of the index (the window is capped there):
    the same hits as every match read at once, collapsed."""
    total = real_index.search(query, limit=0).total
    for offset in (max(total - 7, 0), total, total + 100):
        result = real_index.search(query, limit=10, offset=offset, snippets=False)
        expected, want_total, _ = index_truth(real_index, query, 10, offset)
        assert seqs(real_index, result) == expected
        assert result.total == want_total == total
