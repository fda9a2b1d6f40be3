"""Tests for akhbar.search.evaluate: metrics against hand-computed values, the evaluation path
end to end on a small real set, and the retrieval quality gate (pinned MRR@10 floors)."""

from __future__ import annotations

import importlib.util
import json
import math
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from akhbar.search.evaluate import (
    RetrievalReport,
    build_store,
    default_searcher,
    evaluate_retrieval,
    fts_match_expression,
    load_queries,
    mrr_at_k,
    ndcg_at_k,
    rank_queries,
    recall_at_k,
    run_eval_cli,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"

# ---- metrics: expected values computed by hand ------------------------------------------------

METRIC_CASES = [
    # (ranks, k, mrr, recall, ndcg)
    pytest.param([1], 10, 1.0, 1.0, 1.0, id="one-query-found-first"),
    pytest.param([None], 10, 0.0, 0.0, 0.0, id="one-query-not-found"),
    pytest.param([2], 10, 0.5, 1.0, 1 / math.log2(3), id="second-place"),
    # (1/1 + 1/2 + 1/4 + 0) / 4 = 0.4375; 3 of 4 within 10; (1 + 1/log2 3 + 1/log2 5) / 4
    pytest.param(
        [1, 2, 4, None],
        10,
        0.4375,
        0.75,
        (1 + 1 / math.log2(3) + 1 / math.log2(5)) / 4,
        id="four-queries-mixed",
    ),
    # rank 11 is outside the cutoff for all three
    pytest.param([11, 1], 10, 0.5, 0.5, 0.5, id="rank-just-past-cutoff"),
    # rank 10 is inside: 1/10, and nDCG 1/log2(11)
    pytest.param([10], 10, 0.1, 1.0, 1 / math.log2(11), id="rank-at-cutoff"),
    pytest.param([3, 50], 100, (1 / 3 + 1 / 50) / 2, 1.0, (0.5 + 1 / math.log2(51)) / 2, id="k100"),
    pytest.param([], 10, 0.0, 0.0, 0.0, id="no-queries"),
]


@pytest.mark.parametrize(("ranks", "k", "mrr", "recall", "ndcg"), METRIC_CASES)
def test_metrics_match_hand_computed_values(
    ranks: list[int | None], k: int, mrr: float, recall: float, ndcg: float
) -> None:
    assert mrr_at_k(ranks, k) == pytest.approx(mrr)
    assert recall_at_k(ranks, k) == pytest.approx(recall)
    assert ndcg_at_k(ranks, k) == pytest.approx(ndcg)


def test_report_groups_by_split() -> None:
    report = RetrievalReport(
        ranks={"a": 1, "b": None, "c": 2}, splits={"a": "tune", "b": "tune", "c": "test"}
    )
    assert report.by_split()["tune"]["mrr@10"] == pytest.approx(0.5)
    assert report.by_split()["test"]["mrr@10"] == pytest.approx(0.5)
    assert report.metrics["recall@10"] == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("hits", "relevant", "expected"),
    [
        pytest.param(["x", "t", "y"], None, 2, id="target-itself"),
        pytest.param(["x", "y"], None, None, id="target-missing"),
        # the target's exact copy was kept instead of it: the copy counts
        pytest.param(["x", "copy"], {"t": frozenset({"copy"})}, 2, id="resolved-copy"),
        # a near-duplicate cluster shows as one hit: any member counts, the first one wins
        pytest.param(["m2", "t"], {"t": frozenset({"t", "m2"})}, 1, id="cluster-member"),
    ],
)
def test_rank_queries_resolves_targets(
    hits: list[str], relevant: dict[str, frozenset[str]] | None, expected: int | None
) -> None:
    ranks = rank_queries(
        [{"qid": "q", "query": "خبر", "target": "t"}], lambda q, n: hits[:n], relevant
    )
    assert ranks == {"q": expected}


def test_match_expression_quotes_every_term() -> None:
    # FTS5 operators typed by a user must stay plain words: every term is double-quoted
    assert fts_match_expression('OR "NEAR" کے') == '"or" OR "near" OR "کے"'
    assert fts_match_expression("۔۔۔") == ""


def test_load_queries_refuses_incomplete_lines(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"qid": "1", "query": "خبر"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="target"):
        load_queries(path)


# ---- end to end on small real sets --------------------------------------------------------------


def _devset_module() -> ModuleType:
    path = ROOT / "scripts" / "build_retrieval_devset.py"
    spec = importlib.util.spec_from_file_location("build_retrieval_devset", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_arabic_retyping_is_the_documented_mapping() -> None:
    dev = _devset_module()
    # core: ی ک ہ ۃ only; ے ھ ں stay
    assert dev.to_arabic_keyboard("کہے بھی ملکوں") == "كهے بھي ملكوں"
    # full: also ے→ي, ھ→ه, ں→ن
    assert dev.to_arabic_keyboard("کہے بھی ملکوں", full=True) == "كهي بهي ملكون"
    # layout: also the letters an Arabic layout has no key for, by the nearest sound's key
    assert dev.to_arabic_keyboard("پچھلے گاڑی ٹیم", layout=True) == "بجهلي كاري تيم"
    # a Persian layout has ی ک پ چ ژ گ; ه for ہ ھ, the nearest key for ے ں ٹ ڈ ڑ
    assert "پچھلے گاڑی ٹیم میں".translate(str.maketrans(dev.PERSIAN_LAYOUT)) == "پچهلی گاری تیم مین"


@pytest.fixture(scope="module")
def gate_devset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gate subset: every 8th dev query, every 3rd distractor (~350 queries, ~800 docs)."""
    out = tmp_path_factory.mktemp("devset-gate")
    _devset_module().build(DATA, out, every=8, distractor_every=3)
    return out


@pytest.fixture(scope="module")
def small_devset(gate_devset: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every 5th gate query, with the documents it needs plus every 8th other one."""
    out = tmp_path_factory.mktemp("devset-small")
    queries = load_queries(gate_devset / "queries.jsonl")[::5]
    targets = {q["target"] for q in queries}
    lines = (gate_devset / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [ln for i, ln in enumerate(lines) if json.loads(ln)["id"] in targets or i % 8 == 0]
    (out / "docs.jsonl").write_text("\n".join(docs) + "\n", encoding="utf-8")
    (out / "queries.jsonl").write_text(
        "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries), encoding="utf-8"
    )
    return out


def test_cli_path_end_to_end(small_devset: Path) -> None:
    report = json.loads(
        run_eval_cli(small_devset / "docs.jsonl", small_devset / "queries.jsonl", as_json=True)
    )
    docs = (small_devset / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    assert report["queries"] == len(load_queries(small_devset / "queries.jsonl"))
    assert report["docs"] == len(docs)
    assert report["ranker"] == "akhbar.search/index"
    assert report["unresolved_targets"] == []
    assert set(report["metrics"]) == {"mrr@10", "recall@10", "recall@100", "ndcg@10"}
    # a headline finds its own article among ~170: far from chance (about 0.03)
    assert report["metrics"]["mrr@10"] >= 0.85
    text = run_eval_cli(small_devset / "docs.jsonl", small_devset / "queries.jsonl")
    assert text.splitlines()[0].startswith("ranker akhbar.search/index:")


# ---- quality gate ------------------------------------------------------------------------------

# Measured on the gate subset (every 8th dev query, every 3rd distractor) with the real
# search API; see benchmarks/RETRIEVAL.md for the full dev set.
# Raise these when ranking improves; never lower them to make a change pass.
GATE_FLOORS = {
    "queries.jsonl": 0.945,  # measured 0.9507 (353 queries; 0.9474 on 2026-12-03)
    "queries-arabic.jsonl": 0.945,  # measured 0.9507
    # measured 0.9521 since the keyboard repair reads the words typed next to each word (0.9481
    # before; 0.9381 before the letters such a keyboard lacks were restored, on 2026-12-03)
    "queries-arabic-full.jsonl": 0.945,
    # an Arabic layout with no Urdu letters at all (پ typed ب, ٹ typed ت ...): measured 0.9507
    # (0.9438 without the words next to each word)
    "queries-arabic-layout.jsonl": 0.945,
    # a Persian layout (ه for ہ ھ, ی for ے, ت د ر for ٹ ڈ ڑ): measured 0.9521 (0.9458 without
    # the words next to each word; 0.9330 before a text of five words or more with no letter
    # only an Urdu keyboard has was restored too)
    "queries-persian-layout.jsonl": 0.945,
    # 8 words from the middle of each article's body, pasted (345 queries): measured 0.9698
    # (before the run gain and the title scaling of 2026-12-03: 0.8215)
    "queries-passage-8.jsonl": 0.95,
}


@pytest.fixture(scope="module")
def gate_store(gate_devset: Path) -> tuple[Path, Path, dict[str, frozenset[str]]]:
    db = gate_devset / "gate.db"
    _, relevant = build_store(gate_devset / "docs.jsonl", db, workers=2)
    return gate_devset, db, relevant


@pytest.mark.parametrize("queries", list(GATE_FLOORS))
def test_retrieval_quality_gate(
    gate_store: tuple[Path, Path, dict[str, frozenset[str]]], queries: str
) -> None:
    folder, db, relevant = gate_store
    run, ranker = default_searcher(db)
    assert ranker == "akhbar.search/index"
    qs = load_queries(folder / queries)
    ranks = list(rank_queries(qs, run, relevant).values())
    assert len(ranks) >= 300
    assert mrr_at_k(ranks, 10) >= GATE_FLOORS[queries]


def test_evaluate_retrieval_with_a_custom_ranker(small_devset: Path) -> None:
    # a ranker that returns nothing scores zero: the figures come from the ranks, not a constant
    report = evaluate_retrieval(
        small_devset / "docs.jsonl",
        small_devset / "queries.jsonl",
        search=lambda db: lambda q, n: [],
        workers=1,
    )
    assert report.queries >= 50
    assert report.metrics == {"mrr@10": 0.0, "recall@10": 0.0, "recall@100": 0.0, "ndcg@10": 0.0}


def test_load_queries_reads_integer_ids_and_refuses_a_repeated_qid(tmp_path: Path) -> None:
    """Integer ``qid``/``target`` (common in JSONL from other tools) are the ids the ingest
    gives integer document ids; a repeated qid would silently drop a query from the figures."""
    path = tmp_path / "q.jsonl"
    lines = [
        {"qid": 1, "query": "خبر", "target": 1001},
        {"qid": "2", "query": "روس", "target": "d2"},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    got = load_queries(path)
    assert [(q["qid"], q["target"]) for q in got] == [("1", "1001"), ("2", "d2")]
    path.write_text(json.dumps({"qid": True, "query": "خبر", "target": 1}) + "\n")
    with pytest.raises(ValueError, match="qid"):
        load_queries(path)
    path.write_text("".join(json.dumps(x) + "\n" for x in [lines[1], lines[1]]))
    with pytest.raises(ValueError, match="twice"):
        load_queries(path)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b'{"qid": "1", "query": "\xd8\xae\xd8\xa8\xd8\xb1", "target": "d"}\nnot json\n', 2),
        (b'{"qid": "1", "query": "x", "target": "d"}\n\n{"qid": "2", "query": \n', 3),
        (b'{"qid": "1", "query": "x", "target": "d"}\n{"qid": "2", "query": "\xff"}\n', 2),
    ],
)
def test_load_queries_errors_name_the_file_and_line(
    tmp_path: Path, content: bytes, line: int
) -> None:
    path = tmp_path / "q.jsonl"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}:line {line}: "):
        load_queries(path)
    # asked to go on: the same line is named and left out, the others are read
    skipped: list[str] = []
    assert [q["qid"] for q in load_queries(path, skipped)] == ["1"]
    assert len(skipped) == 1
    assert skipped[0].startswith(f"{path}:line {line}: ")


def test_load_queries_reads_a_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    # Windows editors save UTF-8 with a BOM; the ingest and `search --batch` read such files.
    path = tmp_path / "q.jsonl"
    path.write_text('{"qid": "1", "query": "خبر", "target": "d"}\n', encoding="utf-8-sig")
    assert [q["qid"] for q in load_queries(path)] == ["1"]


def test_a_document_id_used_for_two_documents_is_an_error_naming_both_lines(
    tmp_path: Path,
) -> None:
    # The figures would silently measure against one of the two; an exact copy is fine.
    docs = tmp_path / "docs.jsonl"
    rows = [
        {"id": "d1", "text": "پاکستان کی پہلی خبر لاہور سے"},
        {"id": "d1", "text": "پاکستان کی پہلی خبر لاہور سے"},
        {"id": "d2", "text": "کراچی میں بارش کی خبر"},
        {"id": "d1", "text": "بالکل دوسری خبر اسلام آباد سے"},
    ]
    docs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    queries = tmp_path / "queries.jsonl"
    queries.write_text(json.dumps({"qid": "1", "query": "لاہور", "target": "d1"}) + "\n")
    with pytest.raises(ValueError, match=r"docs\.jsonl:line 4: document id 'd1'.*line 1"):
        evaluate_retrieval(docs, queries, workers=1)
