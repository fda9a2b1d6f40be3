"""Ingest a deterministic stream of real-text articles into a store, in batches.

Used by ``test_crash.py``, which runs it in a subprocess, kills it with SIGKILL at random
moments, re-runs it to completion and compares the store with one from a clean run.

The stream is built from real paragraphs and titles of the 2024 outlet CSVs in
``../shared/data/news/outlets-2024``: new articles (2-5 random paragraphs under a real title),
exact copies of earlier ones from another outlet (same content hash), same-URL re-posts with
different text (URL variants: case, ``http``, trailing slash, fragment, ``utm_*``), near-copies
(one paragraph dropped or added; clustered through MinHash/LSH kept in the store) and
``Rejected`` records.  Every outlet numbers its articles "0", "1", … so ids collide across
outlets.  The driver has no resume logic: re-running it from the start relies on the store's
idempotency alone.

Usage: ``python crash_driver.py DB [--n N] [--batch B] [--seed S] [--cache JSON]``
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from akhbar.article import Article, Rejected
from akhbar.store import Store, StoreItem

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "news" / "outlets-2024"
OUTLETS = ("express", "geo", "jang", "samaa")
HOSTS = {
    "express": "www.express.pk",
    "geo": "urdu.geo.tv",
    "jang": "jang.com.pk",
    "samaa": "urdu.samaa.tv",
}
PKT = timezone(timedelta(hours=5))
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
NEAR_THRESHOLD = 0.5
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[۔؟!])\s+")
_MASK32 = np.uint64(0xFFFFFFFF)
_perm_rng = np.random.default_rng(20240101)
PERM_A = _perm_rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
PERM_B = _perm_rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)


@dataclass(frozen=True)
class Prepared:
    """One stream item before the near-duplicate decision (which needs the store)."""

    article: Article
    content_hash: str
    analyzed_title: str
    analyzed_body: str
    signature: np.ndarray
    band_keys: tuple[tuple[int, int], ...]


def load_corpus() -> tuple[list[str], list[tuple[str, str]]]:
    """Real paragraphs, and (title, label) pairs, from the outlet CSVs, in file order."""
    csv.field_size_limit(sys.maxsize)
    paragraphs: list[str] = []
    seen: set[str] = set()
    titles: list[tuple[str, str]] = []
    for outlet in OUTLETS:
        with (DATA / f"{outlet}_articles.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                low = {k.lower().replace(" ", "_"): v for k, v in row.items() if k}
                titles.append((low.get("title") or "", low.get("gold_label") or ""))
                # The CSVs hold each article on one line: cut it into paragraphs of up to
                # three sentences, as they would appear on the page.
                sentences = _SENTENCE_END.split((low.get("content") or "").strip())
                for k in range(0, len(sentences), 3):
                    para = " ".join(sentences[k : k + 3])
                    if para.strip() and para not in seen:
                        seen.add(para)
                        paragraphs.append(para)
    return paragraphs, titles


def analyze(text: str) -> str:
    """A stand-in analyzer (the real one is akhbar.text): lower-cased word characters."""
    return " ".join(_WORD.findall(text.lower()))


def minhash(terms: list[str]) -> np.ndarray:
    """MinHash over word trigrams with multiply-shift hashing (deterministic across runs)."""
    w = np.array([zlib.crc32(t.encode("utf-8")) for t in terms] or [0], dtype=np.uint64)
    if len(w) >= 3:
        sh = w[:-2] * np.uint64(0x9E3779B97F4A7C15) ^ w[1:-1] * np.uint64(0xC2B2AE3D) ^ w[2:]
    else:
        sh = w
    hashed = (PERM_A[:, None] * sh[None, :] + PERM_B[:, None]) >> np.uint64(32)
    return np.asarray(hashed.min(axis=1) & _MASK32, dtype=np.uint64)


def band_keys(sig: np.ndarray) -> tuple[tuple[int, int], ...]:
    """One unsigned 64-bit key per band of ROWS signature values."""
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append((b, int.from_bytes(digest, "little")))
    return tuple(out)


def prepare(article: Article) -> Prepared:
    """Compute what the store needs from an article (hash, analyzed text, MinHash)."""
    body = article.text
    normalized = " ".join(((article.title or "") + "\n" + body).split())
    content_hash = hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).hexdigest()
    analyzed_body = analyze(body)
    sig = minhash(analyzed_body.split())
    return Prepared(
        article, content_hash, analyze(article.title or ""), analyzed_body, sig, band_keys(sig)
    )


def url_variant(url: str, rng: random.Random) -> str:
    """The same URL as another feed might write it."""
    scheme, rest = url.split("://", 1)
    host, path = rest.split("/", 1)
    forms = [
        f"{scheme.upper()}://{host.upper()}/{path}",
        f"http://{host}/{path}/",
        f"{scheme}://{host}/{path}#comments",
        f"{scheme}://{host}/{path}?utm_source=twitter&utm_medium=social",
    ]
    return rng.choice(forms)


def build_stream(n: int, seed: int) -> list[Prepared | Rejected]:
    """The deterministic stream of ``n`` records."""
    paragraphs, titles = load_corpus()
    rng = random.Random(seed)
    counters = dict.fromkeys(OUTLETS, 0)
    made: list[Article] = []
    out: list[Prepared | Rejected] = []
    start = datetime(2024, 1, 1, 8, 0, tzinfo=PKT)
    for i in range(n):
        outlet = OUTLETS[rng.randrange(len(OUTLETS))]
        r = rng.random()
        if r < 0.02:
            reason = rng.choice(["empty text", "no title", "unparseable date"])
            out.append(Rejected(f"{outlet}.csv:row {i}", reason))
            continue
        aid = str(counters[outlet])
        counters[outlet] += 1
        title, label = titles[rng.randrange(len(titles))]
        if rng.random() < 0.1:
            title = title.replace(" ", "\u00a0", 1)  # NBSP as scraped pages have it
        paras = tuple(paragraphs[rng.randrange(len(paragraphs))] for _ in range(rng.randint(2, 5)))
        url: str | None = f"https://{HOSTS[outlet]}/story/{1_000_000 + i}"
        if rng.random() < 0.05:
            url = None
        if made and r < 0.08:  # exact copy of an earlier article, re-posted by another outlet
            src = made[rng.randrange(len(made))]
            title, paras = src.title or "", src.paragraphs
        elif made and r < 0.13:  # same URL (written differently), different text
            src = made[rng.randrange(len(made))]
            if src.url is not None:
                url = url_variant(src.url, rng)
        elif made and r < 0.18:  # near copy: one paragraph dropped or one added
            src = made[rng.randrange(len(made))]
            title = src.title or ""
            if len(src.paragraphs) > 3 and rng.random() < 0.5:
                drop = rng.randrange(len(src.paragraphs))
                paras = src.paragraphs[:drop] + src.paragraphs[drop + 1 :]
            else:
                paras = (*src.paragraphs, paragraphs[rng.randrange(len(paragraphs))])
        published = None
        if rng.random() < 0.95:
            published = start + timedelta(minutes=37 * i)
        article = Article(
            id=aid,
            url=url,
            source=outlet,
            title=title,
            paragraphs=paras,
            published=published,
            tags=(label,) if label else (),
            category=label or None,
            lang="ur",
            raw_ref=f"{outlet}.csv:row {aid}",
        )
        made.append(article)
        out.append(prepare(article))
    return out


def save_stream(stream: list[Prepared | Rejected], path: Path) -> None:
    """Write the prepared stream as JSON (atomically), so later runs skip preparing it."""
    rows: list[dict[str, Any]] = []
    for x in stream:
        if isinstance(x, Rejected):
            rows.append({"rejected": [x.ref, x.reason]})
        else:
            rows.append(
                {
                    "article": x.article.to_dict(),
                    "content_hash": x.content_hash,
                    "analyzed": [x.analyzed_title, x.analyzed_body],
                    "signature": x.signature.tobytes().hex(),
                    "band_keys": [list(k) for k in x.band_keys],
                }
            )
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def load_stream(path: Path) -> list[Prepared | Rejected]:
    """Inverse of :func:`save_stream`."""
    out: list[Prepared | Rejected] = []
    for row in json.loads(path.read_text(encoding="utf-8")):
        if "rejected" in row:
            out.append(Rejected(*row["rejected"]))
        else:
            out.append(
                Prepared(
                    Article.from_dict(row["article"]),
                    row["content_hash"],
                    row["analyzed"][0],
                    row["analyzed"][1],
                    np.frombuffer(bytes.fromhex(row["signature"]), dtype=np.uint64),
                    tuple((b, k) for b, k in row["band_keys"]),
                )
            )
    return out


def to_item(store: Store, p: Prepared) -> StoreItem:
    """Decide near-duplicates against what the store already holds (first match wins)."""
    near: str | None = None
    if store.find_duplicate(p.article.url, p.content_hash) is not None:
        candidates: list[str] = []  # stored by an earlier run: add_batch will log a duplicate
    else:
        candidates = store.lsh_candidates(p.band_keys)
    sigs = store.signatures(candidates)
    for cand in candidates:
        other = np.frombuffer(sigs[cand], dtype=np.uint64)
        if float(np.mean(other == p.signature)) >= NEAR_THRESHOLD:
            near = cand
            break
    return StoreItem(
        article=p.article,
        content_hash=p.content_hash,
        analyzed_title=p.analyzed_title,
        analyzed_body=p.analyzed_body,
        flags=("short",) if len(p.analyzed_body) < 400 else (),
        signature=p.signature.tobytes(),
        band_keys=p.band_keys,
        near_duplicate_of=near,
    )


def run(db: Path, n: int, batch: int, seed: int, cache: Path | None) -> dict[str, int]:
    """Ingest the stream (from ``cache`` when it exists); returns totals over this run."""
    if cache is not None and cache.exists():
        stream = load_stream(cache)
    else:
        stream = build_stream(n, seed)
        if cache is not None:
            save_stream(stream, cache)
    totals = {"stored": 0, "duplicates": 0, "near_duplicates": 0, "rejected": 0}
    with Store.open(db) as store:
        run_id = store.begin_run([str(DATA / f"{o}_articles.csv") for o in OUTLETS], {"n": n})
        for i in range(0, len(stream), batch):
            items = [
                x if isinstance(x, Rejected) else to_item(store, x) for x in stream[i : i + batch]
            ]
            result = store.add_batch(run_id, items)
            for key, value in zip(totals, result.counts(), strict=True):
                totals[key] += value
            # Progress for the crash test: batch number and how many articles it added.
            print(f"batch {i // batch} new {result.stored + result.near_duplicates}", flush=True)
        store.end_run(run_id)
    return totals


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("db", type=Path)
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache", type=Path, help="prepared stream as JSON (written if missing)")
    args = ap.parse_args(argv)
    totals = run(args.db, args.n, args.batch, args.seed, args.cache)
    print(json.dumps(totals), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
