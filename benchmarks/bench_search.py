"""Search speed at scale: our engine vs plain SQLite FTS5 and tantivy over the same texts.

    .venv/bin/python benchmarks/bench_search.py                       # 1,000,000 articles
    .venv/bin/python benchmarks/bench_search.py --size 100000 --dir /tmp/s100k
    .venv/bin/python benchmarks/bench_search.py --reuse /tmp/s1m      # measure an existing build
    .venv/bin/python benchmarks/bench_search.py --size 1000000 --dir /tmp/s1m --build-only
    .venv/bin/python benchmarks/bench_search.py --reuse /tmp/s100k --search-index \
        --engines ours,ours+facets,fts5,tantivy --classes 2-word --queries 100

Build: ``--size`` synthetic articles (3–8 real paragraphs of the shared news sampled at random,
:func:`bench_ingest.synthesize`, so the vocabulary is real) in chunks of ``--chunk``, each chunk
ingested through the real pipeline (``ingest(..., IngestOptions(workers=2))``) into one store;
the build is resumable (``build.json`` in the work directory records finished chunks).  Build
rate (articles/s per chunk) and store bytes per article are reported.

Peers, built from the texts in our store (the same articles, title + paragraphs): plain SQLite
FTS5 (``unicode61``, raw text, default options) and tantivy (Python binding, default tokenizer,
title and body as text fields).

Our search index (``akhbar index``, tantivy fed with the store's analyzer terms) is built
beside the store after it; its build rate and size are reported next to the peers'.

Peers, built from the texts in our store (the same articles, title + paragraphs): plain SQLite
FTS5 (``unicode61``, raw text, default options) and tantivy (Python binding, default tokenizer,
title and body as text fields).

Queries: windows of real headline words from the express JSONL (1, 2 and 4 consecutive words
and quoted 2-word phrases; fixed seed), ``--queries`` per class, every query run ``--repeat``
times after two warm-up passes (every class once before any is measured, so the first engine
does not pay a cold page cache its peers do not; then the class once more); p50/p95/p99 of the
per-run latencies, and the mean CPU time per query (``time.process_time``: the process's CPU,
every thread included, which is what a loaded or concurrent server pays).  Every engine is
measured in its own subprocess (peak RSS is that process's).  Free words are alternatives (OR)
in every engine, as in ours.  Engines: ``ours`` (``Archive.search`` on the index: top 10 with
snippets, no facets), ``ours+facets`` (the real page: + facets and total over every match),
``ours+facets-nosnip`` (without snippets), ``ours+source`` / ``ours+date`` (a ``source:`` /
date-range filter, with facets), ``ours-fts5+facets`` (the same call on the store's FTS5, the
fallback when the index is behind), ``fts5`` and ``tantivy`` (top-10 ids and scores only).
Figures go into SEARCH.md between its markers.

Bulk build (``--bulk``): see :func:`build_bulk`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"
HEADLINES = NEWS / "express-headlines-2012-2018.jsonl"
OUT = Path(__file__).with_name("SEARCH.md")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import synthesize  # noqa: E402

from akhbar.pipeline import IngestOptions, ingest  # noqa: E402
from akhbar.store import Store  # noqa: E402

CLASSES = ("1-word", "2-word", "4-word", "phrase")
#: The covering index proposed as a schema migration (the engine uses it when present).
SEARCH_INDEX_SQL = "articles_search ON articles (seq, cluster_id, published_utc, source, lang)"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---- build ----------------------------------------------------------------------------------


def store_bytes(db: Path) -> int:
    return sum(f.stat().st_size for f in db.parent.glob(db.name + "*"))


def build_ours(work: Path, size: int, chunk: int) -> dict[str, Any]:
    """Our store through the real ingest, chunk by chunk (resumable)."""
    db = work / "akhbar.db"
    state_path = work / "build.json"
    state: dict[str, Any] = (
        json.loads(state_path.read_text()) if state_path.exists() else {"chunks": []}
    )
    chunks = (size + chunk - 1) // chunk
    for c in range(len(state["chunks"]), chunks):
        per = min(chunk, size - c * chunk)
        path = work / f"chunk-{c}.jsonl"
        synthesize(per, path, seed=c)
        log(f"chunk {c + 1}/{chunks}: ingesting {per} articles")

        def progress(s: Any, c: int = c) -> None:
            if s.read % 10240 == 0:
                log(f"  chunk {c + 1}: {s.read} read, {s.rate:.0f}/s")

        with Store.open(db) as store:
            s = ingest([path], store, IngestOptions(workers=2), progress=progress)
        path.unlink()
        state["chunks"].append(
            {
                "articles": s.read,
                "stored": s.stored + s.near_duplicates,
                "near_duplicates": s.near_duplicates,
                "seconds": s.seconds,
                "rate": s.rate,
                "path": "plain",
            }
        )
        state_path.write_text(json.dumps(state, indent=1))
        log(
            f"chunk {c + 1}/{chunks}: {s.rate:.0f} articles/s, store {store_bytes(db) / 1e9:.2f} GB"
        )
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        state["articles"] = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    state["bytes"] = store_bytes(db)
    state_path.write_text(json.dumps(state, indent=1))
    return state


class MemoPrepare:
    """``prepare_batch`` (entities off) with each paragraph's analysis memoized.

    The synthetic articles are made of paragraphs drawn from a pool of ~20k real ones, and the
    body analysis is per paragraph (sentences, then analyzer terms of their tokens), so an
    article's sentences and body terms are the concatenation of its paragraphs' — computed once
    per distinct paragraph.  Everything else (title terms, language, flags, content hash,
    MinHash signature and LSH band keys) is computed per article as ``prepare_batch`` does;
    :meth:`check` compares the items with ``prepare_batch``'s field by field.
    """

    def __init__(self) -> None:
        from akhbar.pipeline import PrepareConfig

        self.config = PrepareConfig(entities=False)
        self.memo: dict[str, tuple[list[tuple[int, int]], list[str], int]] = {}

    def _paragraph(self, text: str) -> tuple[list[tuple[int, int]], list[str], int]:
        hit = self.memo.get(text)
        if hit is None:
            from akhbar.text.analyzer import token_terms
            from akhbar.text.segment import sentence_tokens

            spans: list[tuple[int, int]] = []
            terms: list[str] = []
            for start, end, tokens in sentence_tokens(text):
                spans.append((start, end))
                terms += token_terms(tokens)
            hit = (spans, terms, len(terms))
            self.memo[text] = hit
        return hit

    def __call__(self, records: list[Any]) -> list[Any]:
        from dataclasses import replace

        from akhbar.article import Rejected
        from akhbar.dedup import band_keys_many, signatures
        from akhbar.pipeline.prepare import _digest, _flags, _lang_sample
        from akhbar.store import StoreItem
        from akhbar.text.analyzer import token_terms
        from akhbar.text.langid import identify_language
        from akhbar.text.words import tokenize

        cfg = self.config
        analyzed: list[Any] = []
        for r in records:
            if isinstance(r, Rejected):
                analyzed.append(r)
                continue
            sentences: list[tuple[int, int, int]] = []
            body: list[str] = []
            longest = 0
            for i, paragraph in enumerate(r.paragraphs):
                spans, terms, n = self._paragraph(paragraph)
                sentences += [(i, a, b) for a, b in spans]
                body += terms
                longest = max(longest, n)
            title = token_terms(tokenize(r.title)) if r.title else []
            lang = identify_language(_lang_sample(r)).lang
            article = replace(r, lang=r.lang or lang, sentences=tuple(sentences))
            flags = _flags(lang, len(body), len(r.paragraphs), longest, cfg)
            analyzed.append((article, title, body, flags))
        docs = [a[2] or a[1] for a in analyzed if not isinstance(a, Rejected)]
        sigs = signatures(docs, cfg.dedup)
        raw = sigs.astype("<u4", copy=False).tobytes()
        keys = band_keys_many(sigs, cfg.dedup.bands, cfg.dedup.rows)
        width = 4 * cfg.dedup.num_perm
        out: list[Any] = []
        d = 0
        for a in analyzed:
            if isinstance(a, Rejected):
                out.append(a)
                continue
            article, title, body, flags = a
            assert body, "every synthetic article has body text"
            joined = " ".join(body)
            out.append(
                StoreItem(
                    article=article,
                    content_hash=_digest(joined),
                    analyzed_title=" ".join(title),
                    analyzed_body=joined,
                    flags=flags,
                    signature=raw[d * width : (d + 1) * width],
                    band_keys=tuple(keys[d]),
                )
            )
            d += 1
        return out

    def check(self, records: list[Any]) -> None:
        """Raise unless the items equal ``prepare_batch``'s (entities off) for ``records``."""
        from akhbar.pipeline import prepare_batch

        mine = self(records)
        theirs = prepare_batch(records, self.config)
        for a, b in zip(mine, theirs, strict=True):
            if a != b:
                raise AssertionError(f"memoized analysis differs from prepare_batch: {a} != {b}")


def build_bulk(work: Path, size: int, chunk: int) -> dict[str, Any]:
    """Our store, chunks after those already built, through the bulk path: the same synthetic
    chunks (same seeds) read with the real reader, analyzed by :class:`MemoPrepare` (checked
    against ``prepare_batch`` on each chunk's first 300 articles; entity recognition off) and
    written by the local engine's own store step (near-duplicate decisions against the store,
    then ``Store.add_batch``: rows, FTS5, LSH bands, ingest log, one transaction per batch)."""
    from akhbar.ingest import read_any
    from akhbar.pipeline import IngestSummary, store_batch

    db = work / "akhbar.db"
    state_path = work / "build.json"
    state: dict[str, Any] = (
        json.loads(state_path.read_text()) if state_path.exists() else {"chunks": []}
    )
    prep = MemoPrepare()
    threshold = prep.config.dedup.threshold
    chunks = (size + chunk - 1) // chunk
    for c in range(len(state["chunks"]), chunks):
        per = min(chunk, size - c * chunk)
        path = work / f"chunk-{c}.jsonl"
        synthesize(per, path, seed=c)
        log(f"chunk {c + 1}/{chunks}: bulk-loading {per} articles")
        records = list(read_any([path]))
        prep.check(records[:300])
        summary = IngestSummary()
        t0 = time.perf_counter()
        with Store.open(db) as store:
            summary.run_id = store.begin_run(
                [str(path)], {"bench_search": "bulk", "entities": False}
            )
            for i in range(0, len(records), 500):
                store_batch(store, summary.run_id, prep(records[i : i + 500]), threshold, summary)
                if (i // 500) % 20 == 0:
                    rate = (i + 500) / (time.perf_counter() - t0)
                    log(f"  chunk {c + 1}: {i + 500} stored, {rate:.0f}/s")
            store.end_run(summary.run_id)
        seconds = time.perf_counter() - t0
        path.unlink()
        state["chunks"].append(
            {
                "articles": len(records),
                "stored": summary.stored + summary.near_duplicates,
                "near_duplicates": summary.near_duplicates,
                "seconds": seconds,
                "rate": len(records) / seconds,
                "path": "bulk",
            }
        )
        state_path.write_text(json.dumps(state, indent=1))
        log(f"chunk {c + 1}/{chunks}: {len(records) / seconds:.0f} articles/s")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        state["articles"] = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    state["bytes"] = store_bytes(db)
    state_path.write_text(json.dumps(state, indent=1))
    return state


def _store_texts(db: Path) -> Iterator[tuple[int, str, str]]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    for seq, title, paragraphs in conn.execute(
        "SELECT seq, title, paragraphs FROM articles ORDER BY seq"
    ):
        yield seq, title or "", "\n\n".join(json.loads(paragraphs))
    conn.close()


def build_index(work: Path) -> dict[str, Any]:
    """Our search index beside the store (``akhbar index``: :func:`akhbar.search.index.sync`)."""
    from akhbar.search.index import index_path, sync

    done = work / "index.json"
    if done.exists():
        info: dict[str, Any] = json.loads(done.read_text())
        return info
    t0 = time.perf_counter()
    stats = sync(work / "akhbar.db")
    seconds = time.perf_counter() - t0
    root = index_path(work / "akhbar.db")
    size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
    info = {"articles": stats.documents, "seconds": seconds, "bytes": size}
    if stats.added == stats.documents:  # built here from scratch: a build rate
        done.write_text(json.dumps(info))
    return info


def build_fts5(work: Path) -> dict[str, Any]:
    """Plain FTS5 peer: raw title + body, unicode61 (the default tokenizer)."""
    path = work / "plain_fts5.db"
    if path.exists():
        done: dict[str, Any] = json.loads((work / "plain_fts5.json").read_text())
        return done
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    t0 = time.perf_counter()
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, body)")
    n = 0
    batch: list[tuple[int, str, str]] = []
    for row in _store_texts(work / "akhbar.db"):
        batch.append(row)
        if len(batch) >= 2000:
            with conn:
                conn.executemany("INSERT INTO f (rowid, title, body) VALUES (?, ?, ?)", batch)
            n += len(batch)
            batch.clear()
            if n % 100_000 == 0:
                log(f"  fts5: {n}")
    with conn:
        conn.executemany("INSERT INTO f (rowid, title, body) VALUES (?, ?, ?)", batch)
    n += len(batch)
    conn.close()
    tmp.rename(path)
    info = {"articles": n, "seconds": time.perf_counter() - t0, "bytes": path.stat().st_size}
    (work / "plain_fts5.json").write_text(json.dumps(info))
    return info


def build_tantivy(work: Path) -> dict[str, Any]:
    """tantivy peer: title and body as text fields (default tokenizer), rowid stored."""
    import tantivy

    path = work / "tantivy"
    done = work / "tantivy.json"
    if done.exists():
        info: dict[str, Any] = json.loads(done.read_text())
        return info
    path.mkdir(exist_ok=True)
    for f in path.iterdir():
        f.unlink()
    t0 = time.perf_counter()
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("seq", stored=True, indexed=True)
    sb.add_text_field("title", stored=False)
    sb.add_text_field("body", stored=False)
    index = tantivy.Index(sb.build(), path=str(path))
    writer = index.writer(heap_size=512_000_000, num_threads=2)
    n = 0
    for seq, title, body in _store_texts(work / "akhbar.db"):
        writer.add_document(tantivy.Document(seq=seq, title=title, body=body))
        n += 1
        if n % 100_000 == 0:
            log(f"  tantivy: {n}")
    writer.commit()
    writer.wait_merging_threads()
    size = sum(f.stat().st_size for f in path.iterdir())
    info = {"articles": n, "seconds": time.perf_counter() - t0, "bytes": size}
    done.write_text(json.dumps(info))
    return info


# ---- queries --------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def query_sets(n: int, seed: int = 7) -> dict[str, list[list[str]]]:
    """``n`` word lists per class, windows of consecutive words of real express headlines."""
    rng = random.Random(seed)
    heads: list[list[str]] = []
    with HEADLINES.open(encoding="utf-8") as fh:
        for line in fh:
            words = _WORD.findall(json.loads(line).get("title") or "")
            words = [w for w in words if not w.isascii()]
            if len(words) >= 4:
                heads.append(words)
    out: dict[str, list[list[str]]] = {}
    for cls, k in (("1-word", 1), ("2-word", 2), ("4-word", 4), ("phrase", 2)):
        qs = []
        for _ in range(n):
            h = rng.choice(heads)
            i = rng.randrange(len(h) - k + 1)
            qs.append(h[i : i + k])
        out[cls] = qs
    return out


def ours_text(words: list[str], cls: str) -> str:
    return '"' + " ".join(words) + '"' if cls == "phrase" else " ".join(words)


Runner = Callable[[list[str], str], int]


def _ours(work: Path, variant: str, backend: str = "index") -> Runner:
    from akhbar.search import Archive, SearchConfig

    # No query cache: every query is measured run from its text, parsed and compiled afresh
    # (the warm-up and the repeats would otherwise all be cache hits, which a peer lacks).
    config = SearchConfig(use_index=backend == "index", query_cache=0)
    archive = Archive.open(work / "akhbar.db", config)
    archive.search("پاکستان", 1)
    assert archive.backend == backend, archive.index_status
    suffix = {"source": " source:geo", "date": " after:2022-01 before:2023-07"}.get(variant, "")
    facets = variant != "plain"
    snippets = variant != "nosnip"

    def run(words: list[str], cls: str) -> int:
        r = archive.search(ours_text(words, cls) + suffix, 10, facets=facets, snippets=snippets)
        return r.total

    return run


def _fts5(work: Path) -> Runner:
    conn = sqlite3.connect(f"{(work / 'plain_fts5.db').resolve().as_uri()}?mode=ro", uri=True)
    sql = "SELECT rowid, bm25(f) FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT 10"

    def run(words: list[str], cls: str) -> int:
        quoted = ['"' + w.replace('"', '""') + '"' for w in words]
        expr = '"' + " ".join(words) + '"' if cls == "phrase" else " OR ".join(quoted)
        return len(conn.execute(sql, (expr,)).fetchall())

    return run


def _tantivy(work: Path) -> Runner:
    import tantivy

    index = tantivy.Index.open(str(work / "tantivy"))
    index.reload()
    searcher = index.searcher()

    def run(words: list[str], cls: str) -> int:
        text = '"' + " ".join(words) + '"' if cls == "phrase" else " ".join(words)
        q = index.parse_query(text, ["title", "body"])
        return len(searcher.search(q, 10).hits)

    return run


ENGINES = {
    "ours": lambda w: _ours(w, "plain"),
    "ours+facets": lambda w: _ours(w, "facets"),
    "ours+facets-nosnip": lambda w: _ours(w, "nosnip"),
    "ours+source": lambda w: _ours(w, "source"),
    "ours+date": lambda w: _ours(w, "date"),
    "ours-fts5+facets": lambda w: _ours(w, "facets", "fts5"),
    "fts5": _fts5,
    "tantivy": _tantivy,
}


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def measure(work: Path, engine: str, n: int, repeat: int, classes: list[str]) -> dict[str, Any]:
    """Latencies of one engine over every class (run in its own process)."""
    run = ENGINES[engine](work)
    out: dict[str, Any] = {"engine": engine, "classes": {}}
    sets = {cls: qs for cls, qs in query_sets(n).items() if cls in classes}
    # Warm-up: every query of every class once before anything is measured, so that each
    # engine (the first one too) is measured on a page cache its own queries have warmed.
    for cls, qs in sets.items():
        for q in qs:
            run(q, cls)
    for cls, qs in sets.items():
        for q in qs:  # and the class once more, right before it is measured
            run(q, cls)
        times: list[float] = []
        per_query: list[float] = []
        cpu0 = time.process_time()
        for q in qs:
            ts = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                run(q, cls)
                ts.append((time.perf_counter() - t0) * 1000)
            times.extend(ts)
            per_query.append(statistics.median(ts))
        cpu = (time.process_time() - cpu0) * 1000 / len(times)
        out["classes"][cls] = {
            "cpu": cpu,
            "queries": len(qs),
            "p50": pct(times, 50),
            "p95": pct(times, 95),
            "p99": pct(times, 99),
            "max": max(times),
            "mean": statistics.fmean(times),
            "slowest": [
                " ".join(qs[i]) for i in sorted(range(len(qs)), key=lambda i: -per_query[i])[:3]
            ],
        }
        p50, p99 = pct(times, 50), pct(times, 99)
        log(f"  {engine} {cls}: p50 {p50:.2f} p99 {p99:.2f} ms, cpu {cpu:.2f} ms/query")
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# ---- report ---------------------------------------------------------------------------------


def report(
    work: Path, build: dict[str, Any], peers: dict[str, Any], res: dict[str, Any], cmd: str
) -> str:
    n = build["articles"]
    plain = [c for c in build["chunks"] if c["path"] == "plain"]
    lines = [
        "# Search benchmark",
        "",
        f"{dt.date.today()} · {platform.machine()}, {os.cpu_count()} cores (shared), Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version} · {n:,} articles",
        "",
        f"    {cmd}",
        "",
        "## Build",
        "",
        "| index | articles | build articles/s | bytes/article | size |",
        "|---|---:|---:|---:|---:|",
    ]
    if plain:
        rate = sum(c["articles"] for c in plain) / sum(c["seconds"] for c in plain)
        lines.append(
            f"| ours, real ingest ({len(plain)} chunk(s)) | {n:,} | {rate:,.0f} | "
            f"{build['bytes'] / n:,.0f} | {build['bytes'] / 1e9:.2f} GB |"
        )
    bulk = [c for c in build["chunks"] if c["path"] != "plain"]
    if bulk:
        rate = sum(c["articles"] for c in bulk) / sum(c["seconds"] for c in bulk)
        lines.append(
            f"| ours, store bulk-loaded ({len(bulk)} chunk(s); analysis memoized, no entities) | "
            f"{sum(c['articles'] for c in bulk):,} | {rate:,.0f} | "
            f"{build['bytes'] / n:,.0f} | {build['bytes'] / 1e9:.2f} GB |"
        )
    for name, info in peers.items():
        lines.append(
            f"| {name} | {info['articles']:,} | {info['articles'] / info['seconds']:,.0f} | "
            f"{info['bytes'] / info['articles']:,.0f} | {info['bytes'] / 1e9:.2f} GB |"
        )
    lines += [
        "",
        "Per chunk (articles/s, path): "
        + ", ".join(f"{c['rate']:,.0f} ({c['path']})" for c in build["chunks"]),
        "",
        "## Query latency, ms (p50 / p95 / p99), top 10",
        "",
        "| class | " + " | ".join(res) + " | ours+facets / fts5 (p50) |",
        "|---|" + "---:|" * (len(res) + 1),
    ]
    for cls in CLASSES:
        cells = []
        for e in res.values():
            c = e["classes"].get(cls)
            cells.append(f"{c['p50']:.1f} / {c['p95']:.1f} / {c['p99']:.1f}" if c else "—")
        try:
            ours = res["ours+facets"]["classes"][cls]["p50"]
            ratio = f"{ours / res['fts5']['classes'][cls]['p50']:.1f}×"
        except KeyError:
            ratio = "—"
        lines.append(f"| {cls} | " + " | ".join(cells) + f" | {ratio} |")
    lines += [
        "",
        "CPU time per query, ms (mean; the query process, all its threads: what a loaded or "
        "concurrent server pays):",
        "",
        "| class | " + " | ".join(res) + " |",
        "|---|" + "---:|" * len(res),
    ]
    for cls in CLASSES:
        cpus = [e["classes"].get(cls, {}).get("cpu") for e in res.values()]
        lines.append(
            f"| {cls} | " + " | ".join("—" if c is None else f"{c:.1f}" for c in cpus) + " |"
        )
    lines += [
        "",
        "| | " + " | ".join(res) + " |",
        "|---|" + "---:|" * len(res),
        "| peak RSS of the query process, MB | "
        + " | ".join(f"{e['peak_rss_mb']:.0f}" for e in res.values())
        + " |",
        "",
        "Slowest queries (2-word, ours+facets): "
        + " · ".join(
            res.get("ours+facets", {}).get("classes", {}).get("2-word", {}).get("slowest", [])
        ),
        "",
    ]
    return "\n".join(lines)


BEGIN, END = "<!-- bench_search.py: generated -->", "<!-- end generated -->"


def write_report(text: str) -> None:
    """Put the generated figures into SEARCH.md between the markers, keeping the notes around."""
    block = f"{BEGIN}\n{text}\n{END}"
    old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        new = block + "\n" + old
    OUT.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/akhbar-bench-search"))
    ap.add_argument("--reuse", type=Path, help="measure the build in this directory")
    ap.add_argument("--chunk", type=int, default=100_000)
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument(
        "--bulk",
        action="store_true",
        help="build the missing chunks by the bulk path (memoized paragraph analysis, no NER)",
    )
    ap.add_argument(
        "--search-index",
        action="store_true",
        help="add the proposed covering index (see SEARCH.md) to our store before measuring",
    )
    ap.add_argument("--queries", type=int, default=300, help="queries per class")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--classes", default=",".join(CLASSES))
    ap.add_argument("--results", type=Path, nargs="*", help="merge earlier results.json files")
    ap.add_argument("--no-write", action="store_true", help="print the report only")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    args = ap.parse_args()
    work: Path = args.reuse or args.dir
    if args.measure:
        print(
            json.dumps(
                measure(work, args.measure, args.queries, args.repeat, args.classes.split(","))
            )
        )
        return
    work.mkdir(parents=True, exist_ok=True)
    if args.reuse:
        build = json.loads((work / "build.json").read_text())
    elif args.bulk:
        build = build_bulk(work, args.size, args.chunk)
    else:
        build = build_ours(work, args.size, args.chunk)
    log(f"ours: {build['articles']} articles, {build['bytes'] / build['articles']:.0f} B/article")
    if args.search_index:
        with sqlite3.connect(work / "akhbar.db") as conn:
            conn.execute(f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX_SQL}")
    peers = {
        "ours: search index (tantivy, from the store's terms)": build_index(work),
        "plain FTS5 (unicode61)": build_fts5(work),
        "tantivy": build_tantivy(work),
    }
    log(f"peers: {peers}")
    if args.build_only:
        return
    results: dict[str, Any] = {}
    for engine in [e for e in args.engines.split(",") if e]:
        log(f"measuring {engine}")
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--reuse",
                str(work),
                "--measure",
                engine,
                "--queries",
                str(args.queries),
                "--repeat",
                str(args.repeat),
                "--classes",
                args.classes,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        sys.stderr.write(out.stderr)
        results[engine] = json.loads(out.stdout.strip().splitlines()[-1])
        (work / "results.partial.json").write_text(json.dumps(results, ensure_ascii=False))
    for earlier in args.results or []:
        for name, value in json.loads(Path(earlier).read_text()).items():
            results.setdefault(name, value)
    (work / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    cmd = "`.venv/bin/python benchmarks/bench_search.py " + " ".join(sys.argv[1:]) + "`"
    text = report(work, build, peers, results, cmd)
    print(text)
    if not args.no_write:
        write_report(text)


if __name__ == "__main__":
    main()
