"""Word vectors for search (akhbar.search.semantic), the query expansion they drive (off by
default), and the training script's PPMI-SVD."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from akhbar.search import Archive, SearchConfig, semantic
from akhbar.search.semantic import VectorsError, WordVectors, load_vectors
from akhbar.text.analyzer import terms
from tests.helpers import load_script

from .conftest import build


def write_vectors(folder: Path, words: list[str], matrix: np.ndarray) -> Path:
    """The three files ``load_vectors`` reads, with a card of their true sums."""
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "search_vectors.npy", matrix.astype(np.float16), allow_pickle=False)
    (folder / "search_vectors.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    sums = {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in ("search_vectors.npy", "search_vectors.txt")
    }
    card = {"words": len(words), "dims": int(matrix.shape[1]), "sha256": sums}
    (folder / "search_vectors.json").write_text(json.dumps(card), encoding="utf-8")
    return folder


def unit(rows: list[list[float]]) -> np.ndarray:
    m = np.array(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


# ---- loading --------------------------------------------------------------------------------


def test_load_round_trip_and_neighbours(tmp_path: Path) -> None:
    words = ["علیحدگی", "طلاق", "شادی", "بارش"]
    m = unit([[1, 0, 0], [0.9, 0.1, 0], [0.6, 0.8, 0], [0, 0, 1]])
    vs = load_vectors(write_vectors(tmp_path, words, m))
    assert len(vs) == 4
    assert vs.dims == 3
    assert "طلاق" in vs
    near = vs.neighbours("علیحدگی", 2)
    assert [w for w, _ in near] == ["طلاق", "شادی"]
    assert near[0][1] > near[1][1] > 0.5
    assert [w for w, _ in vs.neighbours("علیحدگی", 3, min_similarity=0.7)] == ["طلاق"]
    assert vs.neighbours("نامعلوم", 3) == []
    assert vs.neighbours("علیحدگی", 0) == []


def test_damaged_file_is_named(tmp_path: Path) -> None:
    folder = write_vectors(tmp_path, ["الف", "ب"], unit([[1, 0], [0, 1]]))
    (folder / "search_vectors.txt").write_text("الف\nج\n", encoding="utf-8")
    with pytest.raises(VectorsError, match=r"search_vectors\.txt: SHA-256 differs"):
        load_vectors(folder)


def test_missing_file_says_how_to_make_it(tmp_path: Path) -> None:
    folder = write_vectors(tmp_path, ["الف", "ب"], unit([[1, 0], [0, 1]]))
    (folder / "search_vectors.npy").unlink()
    with pytest.raises(VectorsError, match=r"search_vectors\.npy: missing.*train-search-vectors"):
        load_vectors(folder)


def test_card_disagreeing_with_the_matrix_is_refused(tmp_path: Path) -> None:
    folder = write_vectors(tmp_path, ["الف", "ب"], unit([[1, 0], [0, 1]]))
    card = json.loads((folder / "search_vectors.json").read_text(encoding="utf-8"))
    card["words"] = 3
    (folder / "search_vectors.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(VectorsError, match="the card says 3 x 2"):
        load_vectors(folder)
    with pytest.raises(VectorsError, match="one row a word"):
        WordVectors(["الف"], np.zeros((2, 2)))


# ---- query expansion through the search API ------------------------------------------------


@pytest.fixture
def split_db(tmp_path: Path) -> Path:
    src = tmp_path / "a.jsonl"
    rows = [
        {"id": "talaq", "text": "معروف اداکارہ نے شوہر سے طلاق کی تصدیق کر دی ہے۔"},
        {"id": "rain", "text": "لاہور میں آج شام تیز بارش کا امکان ہے۔"},
        {"id": "split", "text": "دونوں جماعتوں کی علیحدگی کا اعلان آج کیا گیا۔"},
    ]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return build(tmp_path / "a.db", [src])


def test_expansion_finds_a_neighbour_only_when_asked(
    split_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (query,) = terms("علیحدگی")
    (near,) = terms("طلاق")
    (far,) = terms("بارش")
    vs = WordVectors([query, near, far], unit([[1, 0.2], [0.9, 0.3], [-0.2, 1]]))
    monkeypatch.setattr(semantic, "word_vectors", lambda: vs)
    with Archive.open(split_db) as plain:
        assert plain.backend == "index"
        assert [h.id for h in plain.search(query, snippets=False).hits] == ["split"]
    cfg = SearchConfig(expand_neighbours=2, expand_boost=0.2, expand_min_similarity=0.5)
    with Archive.open(split_db, cfg) as expanded:
        ids = [h.id for h in expanded.search(query, snippets=False).hits]
    # the article with the word itself first, the neighbour's next, the unrelated one never
    assert ids == ["split", "talaq"]


def test_default_search_never_loads_vectors(
    split_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> WordVectors:
        raise AssertionError("vectors loaded with expansion off")

    monkeypatch.setattr(semantic, "word_vectors", refuse)
    with Archive.open(split_db) as archive:
        assert [h.id for h in archive.search("طلاق", snippets=False).hits] == ["talaq"]


# ---- training ------------------------------------------------------------------------------


def _trainer() -> object:
    return load_script("train_search_vectors")


def test_training_puts_words_of_the_same_contexts_together(tmp_path: Path) -> None:
    pytest.importorskip("scipy", reason="training needs scipy (the train extra)")
    train = _trainer()
    rng = np.random.default_rng(0)
    ctx_a = [f"a{i}" for i in range(6)]
    ctx_b = [f"b{i}" for i in range(6)]
    paras = []
    for _ in range(300):
        # x and y share contexts; z has others
        for w in ("x", "y"):
            paras.append([rng.choice(ctx_a), w, rng.choice(ctx_a)])
        paras.append([rng.choice(ctx_b), "z", rng.choice(ctx_b)])
    vocab, vecs = train.train(  # type: ignore[attr-defined]
        paras, words=100, contexts=100, window=1, dims=4, min_count=1, power=0.5
    )
    at = {w: i for i, w in enumerate(vocab)}
    sim = vecs @ vecs.T
    assert sim[at["x"], at["y"]] > 0.9
    assert sim[at["x"], at["y"]] > sim[at["x"], at["z"]] + 0.5
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    folder = tmp_path / "out"
    train.write(vocab, vecs, folder, {"test": True})  # type: ignore[attr-defined]
    loaded = load_vectors(folder)
    assert loaded.words == tuple(vocab)
    assert loaded.neighbours("x", 1)[0][0] == "y"
