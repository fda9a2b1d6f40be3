"""Retrieval evaluation: known-item MRR@10, Recall@10/100 and nDCG@10 over a temporary store.

``akhbar eval retrieval --docs DOCS.jsonl --queries QUERIES.jsonl`` calls :func:`run_eval_cli`.
Documents are ``{"id", "text"}`` lines (``title`` and any other article field may be present:
they go through the real ingest pipeline, so the store is built exactly as ``akhbar ingest``
builds it); queries are ``{"qid", "query", "target"}`` lines, ``target`` being the id of the one
relevant document (an optional ``split`` field groups the figures).

Why the store's ingest log matters: ingest keeps the first of two exact copies and may rename an
id that is already taken, so a target id is resolved through the log to the article that stands
for it in the store (a copy counts as the target: it *is* the same text).  A target the store
rejected stays unresolved and counts as not found.

Ranking goes through the real search API (``akhbar.open(db).search(query, limit=100)``) when it
exists; until then (and on request, for ablations) through :func:`fts_searcher`: FTS5 ``bm25()``
with per-column weights on an OR of the query's analyzer terms, each term double-quoted.

>>> ranks = [1, 2, None, 20]
>>> mrr_at_k(ranks, 10), recall_at_k(ranks, 10), recall_at_k(ranks, 100)
(0.375, 0.5, 0.75)
"""

from __future__ import annotations

import codecs
import json
import math
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from akhbar.text.analyzer import terms

if TYPE_CHECKING:
    from akhbar.search.engine import SearchConfig

__all__ = [
    "DEFAULT_WEIGHTS",
    "QueryFn",
    "RetrievalReport",
    "SearchFactory",
    "api_searcher",
    "build_store",
    "default_searcher",
    "evaluate_retrieval",
    "fts_match_expression",
    "fts_searcher",
    "load_queries",
    "mrr_at_k",
    "ndcg_at_k",
    "rank_queries",
    "recall_at_k",
    "run_eval_cli",
    "summarize",
]

#: A ranker over one store: ``(query, limit) -> ids, best first``.
QueryFn = Callable[[str, int], Sequence[str]]
#: Makes a :data:`QueryFn` for the store at a path (the evaluation builds the store first).
SearchFactory = Callable[[Path], QueryFn]

#: bm25() column weights (title, body) of the interim ranker.
DEFAULT_WEIGHTS = (2.0, 1.0)
#: How deep the evaluation asks for results (Recall@100 needs 100).
DEPTH = 100


# --------------------------------------------------------------------------------------------
# Metrics (one relevant document per query; ``rank`` is 1-based, None = not retrieved)
# --------------------------------------------------------------------------------------------


def mrr_at_k(ranks: Sequence[int | None], k: int = 10) -> float:
    """Mean reciprocal rank, counting only ranks up to ``k`` (0 for an empty list).

    >>> mrr_at_k([1, 4, None], 10)  # (1 + 1/4 + 0) / 3
    0.4166666666666667
    >>> mrr_at_k([11], 10)
    0.0
    """
    if not ranks:
        return 0.0
    return sum(1.0 / r for r in ranks if r is not None and r <= k) / len(ranks)


def recall_at_k(ranks: Sequence[int | None], k: int = 10) -> float:
    """Share of queries whose relevant document is within the first ``k``.

    >>> recall_at_k([1, 10, 11, None], 10)
    0.5
    """
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def ndcg_at_k(ranks: Sequence[int | None], k: int = 10) -> float:
    """Mean nDCG@k with one relevant document (gain 1; the ideal DCG is 1).

    >>> ndcg_at_k([1, 3], 10)  # (1 + 1/log2(4)) / 2
    0.75
    """
    if not ranks:
        return 0.0
    return sum(1.0 / math.log2(r + 1) for r in ranks if r is not None and r <= k) / len(ranks)


def summarize(ranks: Sequence[int | None]) -> dict[str, float]:
    """The four reported figures for a list of ranks.

    >>> summarize([1, None])
    {'mrr@10': 0.5, 'recall@10': 0.5, 'recall@100': 0.5, 'ndcg@10': 0.5}
    """
    return {
        "mrr@10": mrr_at_k(ranks, 10),
        "recall@10": recall_at_k(ranks, 10),
        "recall@100": recall_at_k(ranks, 100),
        "ndcg@10": ndcg_at_k(ranks, 10),
    }


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


@dataclass
class RetrievalReport:
    """Figures of one evaluation run plus every query's rank (None = not in the first 100).

    >>> r = RetrievalReport(ranks={"q1": 1, "q2": None})
    >>> r.metrics["mrr@10"], r.queries
    (0.5, 2)
    """

    ranks: dict[str, int | None]
    splits: dict[str, str] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)
    docs: int = 0
    stored: int = 0
    index_seconds: float = 0.0
    query_seconds: float = 0.0
    ranker: str = ""
    #: Query lines left out (``file:line: problem``), and document lines the ingest rejected
    #: (``file:line …: reason``): the figures are over the rest.
    skipped_queries: list[str] = field(default_factory=list)
    skipped_docs: list[str] = field(default_factory=list)

    @property
    def queries(self) -> int:
        """Number of queries evaluated."""
        return len(self.ranks)

    @property
    def metrics(self) -> dict[str, float]:
        """MRR@10, Recall@10, Recall@100, nDCG@10 over all queries."""
        return summarize(list(self.ranks.values()))

    def by_split(self) -> dict[str, dict[str, float]]:
        """The figures per ``split`` value of the queries (empty when they carry none)."""
        groups: dict[str, list[int | None]] = {}
        for qid, rank in self.ranks.items():
            if qid in self.splits:
                groups.setdefault(self.splits[qid], []).append(rank)
        return {name: summarize(r) for name, r in sorted(groups.items())}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (what ``akhbar eval retrieval --json`` prints)."""
        return {
            "ranker": self.ranker,
            "queries": self.queries,
            "docs": self.docs,
            "stored": self.stored,
            "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
            "by_split": {
                s: {k: round(v, 4) for k, v in m.items()} for s, m in self.by_split().items()
            },
            "unresolved_targets": self.unresolved,
            "skipped_queries": self.skipped_queries,
            "skipped_docs": self.skipped_docs,
            "index_seconds": round(self.index_seconds, 2),
            "query_seconds": round(self.query_seconds, 2),
            "ranks": self.ranks,
        }


# --------------------------------------------------------------------------------------------
# Store and rankers
# --------------------------------------------------------------------------------------------


def build_store(
    docs_path: Path, db_path: Path, *, workers: int = 2, rejected: list[str] | None = None
) -> tuple[int, dict[str, frozenset[str]]]:
    """Ingest ``docs_path`` into a new store at ``db_path`` with the real pipeline, and build
    its search index.  Each document line the ingest rejects is added to ``rejected`` (when
    given) as ``ref: reason``.

    Raises ``ValueError`` (naming both lines) when one id names two different documents.

    Returns the number of records read and, per input id, the ids that count as that document
    in the store: the article that stands for it (itself, a renamed id, or the earlier exact
    copy it duplicated) and the other members of its near-duplicate cluster, since search shows
    a cluster as one hit (its earliest published matching member).
    """
    from akhbar.pipeline import IngestOptions, ingest
    from akhbar.search.index import sync
    from akhbar.store import Store

    with Store.open(db_path) as store:
        summary = ingest([docs_path], store, IngestOptions(workers=workers))
        alias: dict[str, str] = {}
        where: dict[str, str | None] = {}
        for entry in store.ingest_log(summary.run_id):
            if entry.status == "rejected" and rejected is not None:
                rejected.append(f"{entry.ref or docs_path}: {entry.reason}")
            if entry.input_id is None:
                continue
            resolved = entry.article_id or (
                entry.related_id if entry.status == "duplicate" else None
            )
            if resolved is None:
                continue
            first = alias.setdefault(entry.input_id, resolved)
            if first != resolved:  # (an exact copy under the same id resolves to the first)
                raise ValueError(
                    f"{entry.ref}: document id {entry.input_id!r} was already used by another "
                    f"document ({where[entry.input_id]}); a target must name one document"
                )
            where.setdefault(entry.input_id, entry.ref)
    sync(db_path)  # the search index, as `akhbar ingest` leaves it
    members: dict[str, set[str]] = {}
    of: dict[str, str] = {}
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        for aid, cid in conn.execute(
            "SELECT id, cluster_id FROM articles WHERE cluster_id IS NOT NULL"
        ):
            members.setdefault(cid, set()).add(aid)
            of[aid] = cid
    finally:
        conn.close()
    relevant = {
        iid: frozenset(members[of[aid]]) if aid in of else frozenset((aid,))
        for iid, aid in alias.items()
    }
    return summary.read, relevant


def fts_match_expression(query: str) -> str:
    """An FTS5 expression: the query's distinct analyzer terms, each double-quoted, OR-ed.

    >>> fts_match_expression("ملک، ملک کا \\"نام\\"")
    '"ملک" OR "کا" OR "نام"'
    """
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in dict.fromkeys(terms(query)))


def fts_searcher(weights: tuple[float, float] = DEFAULT_WEIGHTS) -> SearchFactory:
    """The interim ranker: FTS5 ``bm25(articles_fts, title_weight, body_weight)``.

    >>> callable(fts_searcher((3.0, 1.0)))
    True
    """
    w_title, w_body = weights
    sql = (
        f"SELECT a.id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
        f"WHERE articles_fts MATCH ? "
        f"ORDER BY bm25(articles_fts, {float(w_title)!r}, {float(w_body)!r}), articles_fts.rowid "
        f"LIMIT ?"
    )

    def factory(db_path: Path) -> QueryFn:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)

        def run(query: str, limit: int) -> list[str]:
            expr = fts_match_expression(query)
            if not expr:
                return []
            return [r[0] for r in conn.execute(sql, (expr, limit))]

        return run

    return factory


def api_searcher(db_path: Path, config: SearchConfig | None = None) -> QueryFn:
    """The real search API: ``akhbar.open(db).search(query, limit=...)`` → hit ids.

    Facets and snippets are switched off (they do not change the ranking).  A query the
    parser refuses (``QueryError``: a headline with unbalanced syntax) returns no hits, as it
    would for a user.  ``config`` (e.g. ``SearchConfig(use_index=False)``: the FTS5 path)
    replaces the default settings.
    """
    from akhbar.search import Archive, QueryError

    archive = Archive.open(db_path, config)

    def run(query: str, limit: int) -> list[str]:
        try:
            result = archive.search(query, limit=limit, facets=False, snippets=False)
        except QueryError:
            return []
        return [h.id for h in result.hits]

    return run


def default_searcher(db_path: Path) -> tuple[QueryFn, str]:
    """The real search API if it imports, else the interim FTS5 ranker; plus which one (and,
    for the API, what it searched: ``akhbar.search/index`` or ``akhbar.search/fts5``)."""
    try:
        from akhbar.search import Archive
    except ImportError:
        return fts_searcher()(db_path), "interim-fts5-bm25"
    with Archive.open(db_path) as probe:
        backend = probe.backend
    return api_searcher(db_path), f"akhbar.search/{backend}"


# --------------------------------------------------------------------------------------------
# Running queries
# --------------------------------------------------------------------------------------------


def load_queries(path: Path, skipped: list[str] | None = None) -> list[dict[str, str]]:
    """Query lines ``{"qid", "query", "target"[, "split"]}``; blank lines are skipped.

    ``qid`` and ``target`` may be strings or integers (read as their decimal strings, as the
    ingest reads an integer document ``id``).  A line that is not a JSON object with those
    fields, or whose ``qid`` was seen before, is an error; with ``skipped``, it is added there
    (``file:line: problem``) and left out, and the rest are read (a report says how many).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "q.jsonl"
    >>> _ = p.write_text('{"qid": 7, "query": "خبر", "target": 12}\\n{oops\\n', encoding="utf-8")
    >>> bad: list[str] = []
    >>> load_queries(p, bad)
    [{'qid': '7', 'query': 'خبر', 'target': '12'}]
    >>> [b.partition("q.jsonl:")[2] for b in bad]
    ['line 2: not JSON (Expecting property name enclosed in double quotes at column 2)']
    """
    out = []
    seen: set[str] = set()
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    # Split the bytes, not the text: a query may hold U+2028 or U+0085, which str.splitlines
    # would take for line ends.
    for n, raw in enumerate(data.splitlines(), start=1):
        try:
            row = _query_line(raw, seen)
        except ValueError as exc:
            if skipped is None:
                raise ValueError(f"{path}:line {n}: {exc}") from None
            skipped.append(f"{path}:line {n}: {exc}")
            continue
        if row is not None:
            seen.add(row["qid"])
            out.append(row)
    return out


def _query_line(raw: bytes, seen: set[str]) -> dict[str, str] | None:
    """One query line read (None for a blank one), or ValueError saying what is wrong."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if not line.strip():
        return None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:  # (a line of thousands of nested brackets)
        raise ValueError("not JSON (nested too deep)") from None
    if not isinstance(row, dict):
        raise ValueError("a query line is a JSON object")
    for key in ("qid", "target"):
        value = row.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            row[key] = str(value)
    missing = [k for k in ("qid", "query", "target") if not isinstance(row.get(k), str)]
    if missing:
        raise ValueError(f"query line lacks {', '.join(missing)}")
    if row["qid"] in seen:
        raise ValueError(f"qid {row['qid']!r} is used twice")
    return row


def rank_queries(
    queries: Iterable[Mapping[str, str]],
    search: QueryFn,
    relevant: Mapping[str, frozenset[str]] | None = None,
    depth: int = DEPTH,
) -> dict[str, int | None]:
    """The 1-based rank of each query's target in ``search``'s first ``depth`` results.

    ``relevant`` maps a target id to the store ids that count as it (see :func:`build_store`);
    without it, only the target id itself counts.

    >>> fake = lambda q, n: ["a", "b", "c"][:n]
    >>> qs = [{"qid": "1", "query": "x", "target": "b"}, {"qid": "2", "query": "y", "target": "z"}]
    >>> rank_queries(qs, fake)
    {'1': 2, '2': None}
    >>> rank_queries(qs, fake, {"z": frozenset({"c", "z"})})
    {'1': 2, '2': 3}
    """
    ranks: dict[str, int | None] = {}
    for q in queries:
        wanted = relevant.get(q["target"]) if relevant is not None else None
        wanted = wanted or frozenset((q["target"],))
        ranked = list(search(q["query"], depth))
        ranks[q["qid"]] = next((i for i, h in enumerate(ranked, 1) if h in wanted), None)
    return ranks


def evaluate_retrieval(
    docs_path: str | Path,
    queries_path: str | Path,
    *,
    search: SearchFactory | None = None,
    workers: int = 2,
    db_path: str | Path | None = None,
) -> RetrievalReport:
    """Build a temporary store from ``docs_path`` and rank every query of ``queries_path``.

    ``search`` makes the ranker from the store's path (default: the real search API, else the
    interim FTS5 ranker); ``db_path`` keeps the store at that path instead of a temporary one.
    A malformed query line is left out and a rejected document line is not stored: the report
    names both (``skipped_queries``, ``skipped_docs``).
    """
    skipped_queries: list[str] = []
    skipped_docs: list[str] = []
    queries = load_queries(Path(queries_path), skipped_queries)
    if not queries:  # figures over no queries would read as a ranker that finds nothing
        why = ""
        if skipped_queries:
            n = len(skipped_queries)
            why = f" ({n} {_lines(n)} skipped, the first: {skipped_queries[0]})"
        raise ValueError(f"{queries_path}: no queries in the file{why}")
    with tempfile.TemporaryDirectory(prefix="akhbar-eval-") as tmp:
        db = Path(db_path) if db_path is not None else Path(tmp) / "eval.db"
        started = time.perf_counter()
        read, relevant = build_store(Path(docs_path), db, workers=workers, rejected=skipped_docs)
        index_seconds = time.perf_counter() - started
        if search is None:
            run, name = default_searcher(db)
        else:
            run, name = search(db), getattr(search, "__name__", "custom")
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            stored = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        started = time.perf_counter()
        ranks = rank_queries(queries, run, relevant)
        query_seconds = time.perf_counter() - started
    return RetrievalReport(
        ranks=ranks,
        splits={q["qid"]: q["split"] for q in queries if isinstance(q.get("split"), str)},
        unresolved=sorted(q["target"] for q in queries if q["target"] not in relevant),
        docs=read,
        stored=stored,
        index_seconds=index_seconds,
        query_seconds=query_seconds,
        ranker=name,
        skipped_queries=skipped_queries,
        skipped_docs=skipped_docs,
    )


def format_report(report: RetrievalReport) -> str:
    """A small text table of the figures (overall, then per split).

    >>> print(format_report(RetrievalReport(ranks={"q": 2}, ranker="x")))
    ranker x: 1 queries, 0 docs (0 stored)
    set      mrr@10  recall@10  recall@100  ndcg@10
    all      0.5000     1.0000      1.0000   0.6309
    """
    head = f"{'set':<6} {'mrr@10':>8} {'recall@10':>10} {'recall@100':>11} {'ndcg@10':>8}"
    lines = [
        f"ranker {report.ranker}: {report.queries} queries, {report.docs} docs "
        f"({report.stored} stored)",
        head,
    ]
    rows = [("all", report.metrics), *report.by_split().items()]
    for name, m in rows:
        lines.append(
            f"{name:<6} {m['mrr@10']:>8.4f} {m['recall@10']:>10.4f} "
            f"{m['recall@100']:>11.4f} {m['ndcg@10']:>8.4f}"
        )
    if report.unresolved:
        n = len(report.unresolved)
        lines.append(f"{n} target{'s' * (n != 1)} not in the store (counted as misses)")
    if report.skipped_queries:
        n = len(report.skipped_queries)
        lines.append(f"{n} malformed query {_lines(n)} skipped")
    if report.skipped_docs:
        n = len(report.skipped_docs)
        lines.append(f"{n} document {_lines(n)} rejected (not in the store)")
    return "\n".join(lines)


def _lines(n: int) -> str:
    """``line`` or ``lines``, as ``n`` asks."""
    return "line" if n == 1 else "lines"


def run_eval_cli(
    docs: str | Path,
    queries: str | Path,
    as_json: bool = False,
    *,
    workers: int = 2,
    warn: Callable[[str], None] | None = None,
) -> str:
    """What ``akhbar eval retrieval --docs DOCS --queries QUERIES [--json]`` prints; ``warn``
    is told each line skipped (``file:line: problem``)."""
    report = evaluate_retrieval(docs, queries, workers=workers)
    if warn is not None:
        for line in (*report.skipped_queries, *report.skipped_docs):
            warn(line)
    if as_json:
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    return format_report(report)
