"""Stored token spans (:mod:`akhbar.search.spans`): what they encode is what the tokenizer gives,
what they find is what the snippet's scan finds, and snippets made from them are exactly the
snippets made by tokenizing — on generated text, on real articles and through the index."""

from __future__ import annotations

import json
import random
import sqlite3
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import akhbar
from akhbar.article import Article
from akhbar.pipeline.prepare import PrepareConfig, Prepared, analyze_batch
from akhbar.search import engine, snippets, spans
from akhbar.search.index import open_index, sync
from akhbar.search.query import parse_query
from akhbar.search.snippets import SnippetConfig, make_snippet
from akhbar.search.spans import ArticleSpans, encode, encode_tokens
from akhbar.text.words import Tokens, tokenize
from tests.helpers import copy_db

from .conftest import open_backend
from .test_snippet_prefilter import ALPHABET, full_lead


def decoded(texts: list[str]) -> ArticleSpans:
    got = ArticleSpans.decode(encode(texts), texts)
    assert got is not None
    return got


def scan_matches(text: str, needles: list[tuple[str, ...]]) -> list[tuple[int, int, int]]:
    """``(needle, first token, last token)`` of the snippet's own scan (by tokenizing)."""
    scan = snippets._scan(text, needles)
    return [] if scan is None else [(m.needle, m.first, m.last) for m in scan.matches]


def own_needles(texts: list[str], rng: random.Random) -> list[tuple[str, ...]]:
    """Needles from the texts' own FTS5 tokens (single, and runs of two or three), and one
    that is nowhere."""
    stream = [p for t in texts for p in snippets._stream(tokenize(t))[0]]
    out: list[tuple[str, ...]] = [("نہیںملتا",)]
    for _ in range(4):
        if stream:
            i = rng.randrange(len(stream))
            out.append(tuple(stream[i : i + rng.randint(1, 3)]))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + "\t\u3000", max_size=80), max_size=4), st.randoms())
def test_spans_give_the_tokenizers_offsets_and_the_scans_matches(
    texts: list[str], rng: random.Random
) -> None:
    stored = decoded(texts)
    needles = own_needles(texts, rng)
    found = stored.find(needles)
    for i, text in enumerate(texts):
        tokens = tokenize(text)
        starts = tokens.starts()
        ends = [s + len(w) for s, w in zip(starts, tokens.columns()[0], strict=True)]
        assert stored.offsets(i) == (starts, ends)
        want = scan_matches(text, needles)
        got = sorted(found.get(i, []), key=lambda m: (starts[m[1]], -ends[m[2]], m[0]))
        assert got == want


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=ALPHABET + "\t\u3000", max_size=120), max_size=3),
    st.integers(min_value=1, max_value=60),
)
def test_the_lead_from_spans_is_cut_as_from_the_whole_paragraph(
    paragraphs: list[str], chars: int
) -> None:
    cfg = SnippetConfig(fragment_chars=chars)
    stored = decoded([*paragraphs, ""])
    got = [(f.paragraph, f.start, f.end) for f in snippets._lead(paragraphs, cfg, stored)]
    assert got == full_lead(paragraphs, chars)


def reference_encoding(texts: list[str]) -> bytes:
    """The encoding as the module docstring lays it out, token by token from the tokenizer's
    records and the snippet's pieces (no memo, no batching)."""
    gaps: list[int] = []
    lengths: list[int] = []
    counts: list[int] = []
    hashes: list[int] = []
    bounds = [0]
    for text in texts:
        end = 0
        for tok in tokenize(text):
            gaps.append(tok.start - end)
            lengths.append(len(tok.text))
            end = tok.start + len(tok.text)
            pieces = snippets._token_pieces([tok.text], [tok.kind])[0]
            counts.append(len(pieces))
            hashes += [zlib.crc32(p.encode("utf-8")) & 0xFFFF for p in pieces]
        bounds.append(len(gaps))
    values = gaps + lengths + counts
    top = max(values, default=0)
    width, code = (1, "B") if top < 256 else (2, "H") if top < 65536 else (4, "I")
    return b"".join(
        (
            struct.pack("<BBII", spans._VERSION, width, len(texts), len(hashes)),
            struct.pack(f"<{len(bounds)}I", *bounds),
            struct.pack(f"<{len(values)}{code}", *values),
            struct.pack(f"<{len(hashes)}H", *hashes),
        )
    )


def joined_parts(title: str, paragraphs: list[str]) -> list[tuple[Tokens, int]]:
    """The title and paragraphs tokenized as one text joined by line breaks (as the ingest's
    analysis tokenizes them), cut back into texts, paragraphs first, with their offsets."""
    bounds = [(0, len(title))]
    for p in paragraphs:
        start = bounds[-1][1] + 1
        bounds.append((start, start + len(p)))
    parts = tokenize("\n".join([title, *paragraphs])).split_at(bounds)
    assert parts is not None
    return [*((parts[i + 1], bounds[i + 1][0]) for i in range(len(paragraphs))), (parts[0], 0)]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=ALPHABET + "\t", max_size=40),
    st.lists(st.text(alphabet=ALPHABET + "\t\u3000", max_size=80), max_size=4),
)
def test_the_encoding_is_the_documented_one_however_the_text_was_tokenized(
    title: str, paragraphs: list[str]
) -> None:
    texts = [*paragraphs, title]
    want = reference_encoding(texts)
    assert encode(texts) == want
    assert encode_tokens(joined_parts(title, paragraphs)) == want


def test_real_articles_encode_alike_from_one_tokenization(real_db: Path) -> None:
    with sqlite3.connect(real_db) as conn:
        rows = conn.execute("SELECT title, paragraphs FROM articles ORDER BY seq").fetchall()
    assert len(rows) > 1500
    articles = []
    wanted = []
    for i, (title, paragraphs) in enumerate(rows[::5]):
        paras = json.loads(paragraphs)
        want = reference_encoding([*paras, title or ""])
        assert encode([*paras, title or ""]) == want
        assert encode_tokens(joined_parts(title or "", paras)) == want
        articles.append(Article(id=str(i), title=title, paragraphs=tuple(paras)))
        wanted.append(want)
    # What the ingest's analysis encodes (from its one tokenization of the whole article).
    got = analyze_batch(articles, PrepareConfig(entities=False, spans=True))
    assert all(isinstance(p, Prepared) for p in got)
    assert [p.spans for p in got if isinstance(p, Prepared)] == wanted


def test_wide_values_and_long_texts_are_encoded() -> None:
    long_word = "ب" * 300  # a token longer than a byte can say
    texts = ["ایک" + " " * 70_000 + long_word + " دو", "", long_word]
    stored = decoded(texts)
    assert stored.find([(long_word,)]) == {0: [(0, 1, 1)], 2: [(0, 0, 0)]}
    assert stored.offsets(0) == ([0, 70_003, 70_304], [3, 70_303, 70_306])


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],  # a piece hash cut short
        lambda b: b[:9],  # the counts cut short
        lambda b: bytes([9]) + b[1:],  # another version
        lambda b: b[:1] + bytes([3]) + b[2:],  # a width that does not exist
        lambda b: b"",
    ],
)
def test_damaged_spans_are_refused(damage: Callable[[bytes], bytes]) -> None:
    texts = ["روس نے کہا۔", "عنوان"]
    blob = encode(texts)
    assert ArticleSpans.decode(blob, texts) is not None
    assert ArticleSpans.decode(damage(blob), texts) is None


def test_spans_of_other_texts_are_refused() -> None:
    texts = ["روس نے کہا۔", "عنوان"]
    blob = encode(texts)
    assert ArticleSpans.decode(blob, texts[:1]) is None  # another number of texts
    # Texts shorter than their stored tokens: found when read, and the snippet tokenizes.
    other = ["روس", "عنوان"]
    stored = ArticleSpans.decode(blob, other)
    assert stored is not None
    with pytest.raises(snippets.SpansMismatch):
        stored.offsets(0)
    paragraphs = ("روس",)
    got = make_snippet("عنوان", paragraphs, [("روس",)], None, ArticleSpans.decode(blob, other))
    assert got == make_snippet("عنوان", paragraphs, [("روس",)])
    assert got[0].highlights == ((0, 3),)


def test_a_hash_collision_is_not_a_match() -> None:
    texts = ["ایک دو تین"]
    stored = decoded(texts)
    # Make every stored piece hash equal to the needle's: only the comparison of the real
    # pieces stands between the collision and a match.
    stored._hashes = stored._hashes.copy()
    stored._hashes[:] = spans._hash("چار")
    assert stored.find([("چار",)]) == {}
    stored._hashes[:] = spans._hash("دو")
    assert stored.find([("دو",)]) == {0: [(0, 1, 1)]}


def test_the_fingerprint_covers_what_tokens_and_pieces_depend_on() -> None:
    """Every akhbar module the tokenizer, the analyzer's keys and the FTS5 pieces import is
    fingerprinted, and every data file they name exists."""
    import ast

    root = Path(akhbar.__file__).parent
    todo = ["text/words.py", "text/analyzer.py", "search/fts.py"]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            mods = []
            if isinstance(node, ast.ImportFrom) and node.module:
                mods = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                mods = [node.value]  # importlib.import_module("akhbar.text.normalize")
            for mod in mods:
                if mod.startswith("akhbar."):
                    path = mod.removeprefix("akhbar.").replace(".", "/") + ".py"
                    if (root / path).is_file():
                        todo.append(path)
    assert seen <= set(spans.FINGERPRINT_MODULES), seen - set(spans.FINGERPRINT_MODULES)
    data = {p.name for p in (root / "text" / "data").iterdir()}
    for pattern in spans.FINGERPRINT_DATA:
        assert any(spans._glob(n, pattern) for n in data), pattern


def real_cases(db: Path, seed: int) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """Articles with queries of words of titles (some quoted) and of phrases of their own
    text (some with a random last word), as the engine makes needles of them."""
    rng = random.Random(seed)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT title, paragraphs FROM articles WHERE title IS NOT NULL ORDER BY seq LIMIT 400"
        ).fetchall()
    words = [w for title, _ in rows for w in str(title).split()]
    cases = []
    for title, paragraphs in rows:
        paras = tuple(json.loads(paragraphs))
        own = " ".join(paras).split()
        if rng.random() < 0.5 or len(own) < 4:
            query = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        else:
            i = rng.randrange(len(own) - 3)
            phrase = own[i : i + rng.randint(2, 3)]
            if rng.random() < 0.3:
                phrase[-1] = rng.choice(words)
            query = " ".join(phrase).replace('"', "")
        if rng.random() < 0.3:
            query = '"' + query + '"'
        try:
            wanted = engine.needles(parse_query(query))
        except ValueError:
            continue
        cases.append((str(title), paras, wanted))
    return cases


def test_real_snippets_from_spans_equal_those_from_tokenizing(real_db: Path) -> None:
    cases = real_cases(real_db, 11)
    cfg = SnippetConfig()
    tokenized = [make_snippet(t, p, n, cfg) for t, p, n in cases]
    stored = [make_snippet(t, p, n, cfg, decoded([*p, t])) for t, p, n in cases]
    assert len(cases) > 350
    assert stored == tokenized
    assert sum(bool(s.highlights) for s, _ in stored) > 150  # the cases do match bodies
    assert sum(bool(t) for _, t in stored) > 50  # and titles
    assert sum(not s.highlights for s, _ in stored) > 20  # and some show the lead


def test_the_index_stores_spans_and_search_results_are_the_same_without(
    real_db: Path, tmp_path: Path
) -> None:
    copy = copy_db(real_db, tmp_path / "real.db")
    stats = sync(copy)
    index = open_index(copy)
    assert index is not None
    assert index.spans
    queries = ["پاکستان", "وزیر اعظم", '"قومی اسمبلی"', "عمران خان", "حکومت -پنجاب"]
    with open_backend(copy, "index") as archive:
        assert archive._index is not None
        assert len(archive._index.spans([1, 2, 3])) == 3
        fast = [archive.search(q, limit=20) for q in queries]
    # The same index, its spans made by "another tokenizer": they are not used.
    meta = Path(stats.path) / "akhbar-index.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    meta.write_text(json.dumps({**data, "spans": "another"}), encoding="utf-8")
    index = open_index(copy)
    assert index is not None
    assert not index.spans
    with open_backend(copy, "index") as archive:
        assert archive._index is not None
        assert archive._index.spans([1, 2, 3]) == {}
        slow = [archive.search(q, limit=20) for q in queries]
    assert fast == slow
    assert sum(len(r.hits) for r in fast) > 60


def test_an_index_of_format_3_is_used_and_synced_without_spans(
    real_db: Path, tmp_path: Path
) -> None:
    copy = copy_db(real_db, tmp_path / "real.db")
    first = sync(copy)
    with open_backend(copy, "index") as archive:
        want = archive.search("وزیر اعظم", limit=10)
    meta = Path(first.path) / "akhbar-index.json"
    meta.write_text(json.dumps({"format": 3}), encoding="utf-8")
    index = open_index(copy)
    assert index is not None
    assert index.format == 3
    assert not index.spans
    again = sync(copy)
    assert not again.rebuilt
    assert again.path == first.path
    with open_backend(copy, "index") as archive:
        assert archive.search("وزیر اعظم", limit=10) == want


def reference_choose(
    paragraphs: tuple[str, ...], scans: dict[int, snippets._Scan], cfg: SnippetConfig
) -> list[tuple[int, int, int, tuple[tuple[int, int], ...]]]:
    """The snippet's greedy choice of windows written plainly (lists of matches, no bits):
    ``(paragraph, start, end, highlights)`` of each fragment."""
    candidates = []
    for p in sorted(scans):
        scan = scans[p]
        for m in scan.matches:
            i, j = snippets._window(scan, m, cfg)
            lo, hi = scan.starts[i], scan.ends[j - 1]
            inside = [x for x in scan.matches if x.start >= lo and x.end <= hi]
            candidates.append((p, i, j, inside))
    chosen: list[tuple[int, int, int, list[snippets._Match]]] = []
    shown_needles: set[int] = set()
    shown: set[int] = set()
    while candidates and len(chosen) < cfg.max_fragments:
        best, best_score = None, (0, 0)
        for cand in candidates:
            p, i, j, inside = cand
            if any(p == q and i < b and a < j for q, a, b, _ in chosen):
                continue
            new = [m for m in inside if id(m) not in shown]
            score = (len({m.needle for m in new} - shown_needles), len(new))
            if new and score > best_score:
                best, best_score = cand, score
        if best is None:
            break
        chosen.append(best)
        shown_needles.update(m.needle for m in best[3])
        shown.update(id(m) for m in best[3])
    out = []
    for p, i, j, inside in sorted(chosen, key=lambda c: (c[0], c[1])):
        lo, hi = scans[p].starts[i], scans[p].ends[j - 1]
        out.append((p, lo, hi, snippets._merge([(m.start, m.end) for m in inside])))
    return out


def test_common_words_many_matches_a_paragraph(real_db: Path) -> None:
    """Needles of the commonest words (dozens of matches an article: the greedy choice of
    windows is put to work) give the same snippets from spans as by tokenizing, and the
    windows the plain greedy choice gives."""
    with sqlite3.connect(real_db) as conn:
        rows = conn.execute(
            "SELECT title, paragraphs FROM articles WHERE title IS NOT NULL ORDER BY seq LIMIT 150"
        ).fetchall()
    needles = [("کے",), ("میں",), ("کی",), ("ہے",)]
    cfg = SnippetConfig()
    many = 0
    for title, paragraphs in rows:
        paras = tuple(json.loads(paragraphs))
        stored = decoded([*paras, str(title)])
        tokenized = make_snippet(str(title), paras, needles, cfg)
        assert make_snippet(str(title), paras, needles, cfg, stored) == tokenized
        scans, _ = snippets._tokenized_scans(str(title), paras, needles)
        got = [(f.paragraph, f.start, f.end, f.highlights) for f in tokenized[0].fragments]
        if scans:
            assert got == reference_choose(paras, scans, cfg)
        many += sum(len(s.matches) for s in scans.values()) >= 20
    assert many > 50
