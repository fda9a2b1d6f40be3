"""Build the known-item retrieval dev set from the shared news data (deterministic).

    .venv/bin/python scripts/build_retrieval_devset.py OUT_DIR [--data ../shared/data]
                     [--every N] [--distractor-every M]

The task: a headline is the query, its article's body the one relevant document, among every
other shared article as distractors.  Writes into ``OUT_DIR`` (never into the repo: the news sets
carry no license to ship):

* ``docs.jsonl``  — ``{"id", "text"}``: the bodies of ``news/outlets-2024/*.csv`` (``Content``)
  and ``news/urdupoint-2023-sample.csv`` (``News``), plus distractors: every
  ``news/bend-the-truth/**/*.txt`` and ``news/seed/*.txt``.  The Express headline JSONL is left
  out: its rows are a headline plus a one-line summary, not articles.
* ``docs-titled.jsonl`` — the same documents with their headlines as ``title`` (the outlets'
  and UrduPoint's; the distractors have none): a store as ingest builds it from the sources,
  where passage queries (below) meet titles as they would in use.  (Headline queries are
  run on ``docs.jsonl`` only: there, the title *is* the query.)
* ``queries.jsonl`` — ``{"qid", "query", "target", "split"}``: the headline (``Title``) of each
  kept article; ``split`` is ``tune`` or ``test`` (a hash of the qid: half and half), so that
  variants can be chosen on ``tune`` and confirmed on ``test``.
* ``queries-arabic.jsonl`` — the same queries re-typed with Arabic-keyboard letters, core
  mapping: ی→ي, ک→ك, ہ→ه, ۃ→ة (the Urdu letters whose Arabic counterparts are drawn
  the same; what Urdu typed on an Arabic layout or with an Arabic-default font usually shows).
* ``queries-arabic-full.jsonl`` — the strict Arabic-keyboard re-typing: the core mapping plus
  the Urdu letters a standard Arabic layout (Arabic 101/102, macOS and Android Arabic) has no
  key for and which a typist replaces by the nearest key: ے→ي, ھ→ه, ں→ن, ۓ→ئ.  Letters with
  no Arabic neighbour (ٹ ڈ ڑ پ چ گ ژ) are left as they are (typed from a symbol picker or a
  Persian layout, which has پ چ گ ژ).
* ``queries-arabic-layout.jsonl`` — an Arabic layout with no Urdu letters at all: the full
  mapping plus پ→ب, چ→ج, گ→ك, ژ→ز, ٹ→ت, ڈ→د, ڑ→ر (the nearest sound's key; what Urdu
  speakers typing on an Arabic keyboard write).
* ``queries-persian-layout.jsonl`` — a Persian layout: ی ک پ چ ژ گ as in Urdu, ه for ہ ھ ۃ,
  and ے→ی, ں→ن, ٹ→ت, ڈ→د, ڑ→ر, ۓ→ئ.
* ``queries-passage-N.jsonl`` (N = 5, 8, 12: :data:`PASSAGE_WORDS`) — passage queries: the
  N consecutive words at the middle of each kept article's body (what a user pastes to find the
  article a sentence came from), same ``qid`` (suffixed ``#pN``), target and split as the
  headline.  Words are the body's whitespace-separated tokens, with what the query language
  would read as syntax taken off (double quotes, a leading ``+``/``-``, ``OR``, ``field:``).  A
  passage whose words also stand next to each other in another document is dropped (two right
  answers), and counted in the manifest.
* ``manifest.json`` — counts, what was dropped and why, and a checksum of each file.

Cross-outlet near-duplicates, handled honestly by dropping: a query is dropped when its target
body has a near copy anywhere in the collection (word-3-shingle Jaccard >= 0.5, computed with a
plain split independent of akhbar's analyzer), because then two documents are equally right and
a single-target metric would punish a correct answer.  The copies stay in as distractors.  A
query is also dropped when another kept article has the same headline (ambiguous), or when the
headline has fewer than 3 words or the body fewer than 30.

``--every N`` keeps every N-th query (by sorted qid) and ``--distractor-every M`` every M-th
distractor: the small subset the quality gate in ``tests/search/test_evaluate.py`` builds.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ARABIC_CORE",
    "ARABIC_FULL",
    "ARABIC_LAYOUT",
    "PERSIAN_LAYOUT",
    "Doc",
    "build",
    "load_distractors",
    "load_targets",
    "middle_passage",
    "near_copies",
    "passage_queries",
    "to_arabic_keyboard",
]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"

#: Urdu letter → the Arabic letter drawn the same (core re-typing).
ARABIC_CORE = {"ی": "ي", "ک": "ك", "ہ": "ه", "ۃ": "ة"}
#: Core plus the letters an Arabic layout lacks, replaced by the nearest key.
ARABIC_FULL = {**ARABIC_CORE, "ے": "ي", "ھ": "ه", "ں": "ن", "ۓ": "ئ"}
#: Full plus the letters with no Arabic key and no Arabic neighbour drawn alike, typed with the
#: nearest sound's key, as on an Arabic layout with no Urdu letters at all.
ARABIC_LAYOUT = {
    **ARABIC_FULL,
    "پ": "ب",
    "چ": "ج",
    "گ": "ك",
    "ژ": "ز",
    "ٹ": "ت",
    "ڈ": "د",
    "ڑ": "ر",
}
#: A Persian layout: it has ی ک پ چ ژ گ, types ه for ہ and ھ (and ۃ), and the nearest key for
#: the letters it lacks (ے ں ٹ ڈ ڑ).
PERSIAN_LAYOUT = {
    "ے": "ی",
    "ں": "ن",
    "ہ": "ه",
    "ھ": "ه",
    "ۃ": "ه",
    "ۓ": "ئ",
    "ٹ": "ت",
    "ڈ": "د",
    "ڑ": "ر",
}
_CORE_TABLE = str.maketrans(ARABIC_CORE)
_FULL_TABLE = str.maketrans(ARABIC_FULL)
_LAYOUT_TABLE = str.maketrans(ARABIC_LAYOUT)
_PERSIAN_TABLE = str.maketrans(PERSIAN_LAYOUT)

_WORD = re.compile(r"\w+")
# Folds for the near-copy check only (independent of akhbar's analyzer).
_PLAIN_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ه": "ہ", "\u200c": " "})
NEAR_COPY_JACCARD = 0.5
MIN_QUERY_WORDS = 3
MIN_BODY_WORDS = 30
#: Lengths (words) of the passage query sets.
PASSAGE_WORDS = (5, 8, 12)
_FIELD_PREFIX = re.compile(r"^([A-Za-z]+):")


@dataclass(frozen=True)
class Doc:
    """One document: ``id``, ``text`` (the body) and, for targets, the headline ``title``."""

    id: str
    text: str
    title: str = ""


def to_arabic_keyboard(text: str, *, full: bool = False, layout: bool = False) -> str:
    """``text`` re-typed with Arabic-keyboard letters (core mapping, ``full``, or ``layout``:
    every Urdu letter an Arabic layout lacks).

    >>> to_arabic_keyboard("پاکستان کی ٹیم")
    'پاكستان كي ٹيم'
    >>> to_arabic_keyboard("ملکوں کے بھی", full=True)
    'ملكون كي بهي'
    >>> to_arabic_keyboard("پاکستان کی ٹیم", layout=True)
    'باكستان كي تيم'
    """
    table = _LAYOUT_TABLE if layout else _FULL_TABLE if full else _CORE_TABLE
    return text.translate(table)


def _read_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [
            {k.strip().casefold(): (v or "") for k, v in row.items()} for row in csv.DictReader(fh)
        ]


def load_targets(data: Path) -> list[Doc]:
    """Articles with a headline: outlets-2024 (``Title``→``Content``) and UrduPoint (→``News``)."""
    out: list[Doc] = []
    for path in sorted((data / "news" / "outlets-2024").glob("*.csv")):
        outlet = path.stem.removesuffix("_articles")
        for row in _read_csv(path):
            out.append(Doc(f"{outlet}:{row['id']}", row["content"].strip(), row["title"].strip()))
    up = data / "news" / "urdupoint-2023-sample.csv"
    for i, row in enumerate(_read_csv(up), start=1):
        out.append(Doc(f"urdupoint:{i}", row["news"].strip(), row["title"].strip()))
    return out


def load_distractors(data: Path) -> list[Doc]:
    """Every other shared article: bend-the-truth ``.txt`` files and the seed article."""
    news = data / "news"
    paths = sorted((news / "bend-the-truth").rglob("*.txt")) + sorted((news / "seed").glob("*.txt"))
    out = []
    for p in paths:
        text = p.read_text(encoding="utf-8-sig", errors="replace").strip()
        if text:
            out.append(Doc(p.relative_to(news).as_posix(), text))
    return out


def _words(text: str) -> list[str]:
    return _WORD.findall(text.translate(_PLAIN_FOLD).casefold())


def _shingles(text: str) -> set[str]:
    w = _words(text)
    return {" ".join(w[i : i + 3]) for i in range(len(w) - 2)}


def near_copies(docs: Sequence[Doc], threshold: float = NEAR_COPY_JACCARD) -> dict[str, set[str]]:
    """For each doc id, the ids of other docs whose 3-shingle Jaccard is at least ``threshold``.

    Exact: every pair sharing a shingle is scored (shingles shared by more than 200 documents
    are boilerplate and skipped when collecting candidates, never when scoring).

    >>> a = Doc("a", "ایک دو تین چار پانچ چھ سات")
    >>> b = Doc("b", "ایک دو تین چار پانچ چھ آٹھ")
    >>> near_copies([a, b, Doc("c", "کچھ اور بالکل الگ بات ہے")])["a"]
    {'b'}
    """
    sets = [_shingles(d.text) for d in docs]
    index: defaultdict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            index[sh].append(i)
    out: dict[str, set[str]] = {d.id: set() for d in docs}
    for i, s in enumerate(sets):
        shared: Counter[int] = Counter()
        for sh in s:
            posting = index[sh]
            if len(posting) <= 200:
                shared.update(j for j in posting if j > i)
        for j, n in shared.items():
            union = len(s) + len(sets[j]) - n
            if union and n / union >= threshold:
                out[docs[i].id].add(docs[j].id)
                out[docs[j].id].add(docs[i].id)
    return out


def _pasteable(token: str) -> str:
    """A body token as free text of the query language: no double quotes, no leading ``+`` or
    ``-`` (required, excluded), no ``field:`` prefix, no ``OR``; "" when nothing is left."""
    token = _FIELD_PREFIX.sub(r"\1 ", token.replace('"', "")).lstrip("+-")
    if token == "OR" or not any(c.isalnum() for c in token):
        return ""
    return token


def middle_passage(text: str, n: int) -> str:
    """The ``n`` consecutive words at the middle of ``text`` (all of them if it has fewer),
    as a user would paste them into the search box (see :func:`_pasteable`).

    >>> middle_passage('ایک دو "تین" چار -پانچ ۔ چھ سات', 3)
    'تین چار پانچ'
    """
    words = [w for w in (_pasteable(t) for t in text.split()) if w]
    start = max((len(words) - n) // 2, 0)
    return " ".join(words[start : start + n])


def passage_queries(
    kept: Sequence[Doc], docs: Sequence[Doc], n: int
) -> tuple[list[dict[str, str]], int]:
    """One passage query (:func:`middle_passage`, ``n`` words) per article of ``kept``, and how
    many were dropped because the passage's words also stand together in another of ``docs``
    (checked on the plain ``\\w+`` words, independent of akhbar's analyzer)."""
    plain = {d.id: " " + " ".join(_words(d.text)) + " " for d in docs}
    # candidates through the passage's 3-word shingles (the exact check is a substring test)
    postings: defaultdict[str, set[str]] = defaultdict(set)
    for d in docs:
        for sh in _shingles(d.text):
            postings[sh].add(d.id)
    out: list[dict[str, str]] = []
    dropped = 0
    for t in kept:
        passage = middle_passage(t.text, n)
        words = _words(passage)
        shingles = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
        candidates = set.intersection(*(postings[s] for s in shingles)) if shingles else set()
        needle = " " + " ".join(words) + " "
        if any(needle in plain[c] for c in candidates - {t.id}):
            dropped += 1
            continue
        out.append({"qid": f"{t.id}#p{n}", "query": passage, "target": t.id, "split": _split(t.id)})
    return out, dropped


def _split(qid: str) -> str:
    return "tune" if hashlib.blake2b(qid.encode(), digest_size=8).digest()[0] % 2 == 0 else "test"


def _write_jsonl(path: Path, rows: Iterable[dict[str, str]]) -> str:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()[:16]


def build(data: Path, out: Path, *, every: int = 1, distractor_every: int = 1) -> dict[str, object]:
    """Write the dev set into ``out`` (created if missing); returns the manifest."""
    targets = [d for d in load_targets(data) if d.text]
    distractors = load_distractors(data)
    copies = near_copies([*targets, *distractors])
    title_count = Counter(" ".join(_words(t.title)) for t in targets)
    dropped: Counter[str] = Counter()
    kept: list[Doc] = []
    for t in sorted(targets, key=lambda d: d.id):
        if len(_words(t.title)) < MIN_QUERY_WORDS:
            dropped["headline under 3 words"] += 1
        elif len(_words(t.text)) < MIN_BODY_WORDS:
            dropped["body under 30 words"] += 1
        elif title_count[" ".join(_words(t.title))] > 1:
            dropped["headline shared with another article"] += 1
        elif copies[t.id]:
            dropped["body has a near copy (Jaccard >= 0.5)"] += 1
        else:
            kept.append(t)
    kept = kept[::every]
    kept_ids = {t.id for t in kept}
    # Distractors: all other targets' bodies (subsampled with the rest when asked) + the others.
    others = [t for t in sorted(targets, key=lambda d: d.id) if t.id not in kept_ids]
    pool = [*others, *distractors][::distractor_every]
    docs = sorted([*kept, *pool], key=lambda d: d.id)
    out.mkdir(parents=True, exist_ok=True)
    sums = {
        "docs.jsonl": _write_jsonl(
            out / "docs.jsonl", ({"id": d.id, "text": d.text} for d in docs)
        ),
        "docs-titled.jsonl": _write_jsonl(
            out / "docs-titled.jsonl",
            ({"id": d.id, "text": d.text, **({"title": d.title} if d.title else {})} for d in docs),
        ),
    }
    for name, retype in (
        ("queries.jsonl", lambda s: s),
        ("queries-arabic.jsonl", to_arabic_keyboard),
        ("queries-arabic-full.jsonl", lambda s: to_arabic_keyboard(s, full=True)),
        ("queries-arabic-layout.jsonl", lambda s: to_arabic_keyboard(s, layout=True)),
        ("queries-persian-layout.jsonl", lambda s: s.translate(_PERSIAN_TABLE)),
    ):
        sums[name] = _write_jsonl(
            out / name,
            (
                {"qid": t.id, "query": retype(t.title), "target": t.id, "split": _split(t.id)}
                for t in kept
            ),
        )
    passages: dict[str, object] = {}
    for n in PASSAGE_WORDS:
        rows, n_dropped = passage_queries(kept, docs, n)
        name = f"queries-passage-{n}.jsonl"
        sums[name] = _write_jsonl(out / name, rows)
        passages[str(n)] = {
            "queries": len(rows),
            "by_split": dict(sorted(Counter(r["split"] for r in rows).items())),
            "dropped (passage also in another document)": n_dropped,
        }
    manifest: dict[str, object] = {
        "data": str(data),
        "every": every,
        "distractor_every": distractor_every,
        "queries": len(kept),
        "queries_by_split": dict(sorted(Counter(_split(t.id) for t in kept).items())),
        "queries_by_source": dict(sorted(Counter(t.id.split(":")[0] for t in kept).items())),
        "docs": len(docs),
        "dropped": dict(sorted(dropped.items())),
        "passages": passages,
        "sha256_16": sums,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write into (outside the repo)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--every", type=int, default=1, help="keep every N-th query")
    ap.add_argument("--distractor-every", type=int, default=1, help="keep every M-th distractor")
    args = ap.parse_args(argv)
    manifest = build(args.data, args.out, every=args.every, distractor_every=args.distractor_every)
    print(json.dumps(manifest, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
