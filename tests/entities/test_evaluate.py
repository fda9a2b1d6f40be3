"""Tests for akhbar.entities.evaluate: the IL-NER reader (tag repairs) and the span scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from akhbar.entities.evaluate import bio_spans, parse_conll, read_conll, score

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
IL_NER = DATA / "ner" / "il-ner-urdu"


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        pytest.param(["B-PERSON", "I-PERSON", "O"], [("PERSON", 0, 2)], id="b-i"),
        pytest.param(["I-LOCATION", "I-LOCATION"], [("LOCATION", 0, 2)], id="i-starts-chunk"),
        pytest.param(["B-TIME", "B-TIME"], [("TIME", 0, 1), ("TIME", 1, 2)], id="b-after-b"),
        pytest.param(
            ["B-PERSON", "I-NUMBER"], [("PERSON", 0, 1), ("NUMBER", 1, 2)], id="type-change"
        ),
        pytest.param(["O", "O"], [], id="none"),
        pytest.param(["B-ARTIFACT"], [("ARTIFACT", 0, 1)], id="at-end"),
    ],
)
def test_bio_spans_follow_conlleval(tags: list[str], spans: list[tuple[str, int, int]]) -> None:
    assert bio_spans(tags) == spans


def test_score_counts_exact_spans_only() -> None:
    gold = [["B-PERSON", "I-PERSON", "O", "B-LOCATION"], ["B-NUMBER"]]
    pred = [["B-PERSON", "O", "O", "B-LOCATION"], ["B-NUMBER"]]
    s = score(gold, pred)
    # 3 gold spans, 3 predicted, 2 exact (the truncated person does not count).
    assert (s["micro"].gold, s["micro"].predicted, s["micro"].correct) == (3, 3, 2)
    assert s["micro"].f1 == pytest.approx(2 / 3)
    assert s["PERSON"].f1 == 0.0
    assert s["LOCATION"].f1 == 1.0


def test_score_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError, match="lengths differ"):
        score([["O", "O"]], [["O"]])


@pytest.mark.parametrize(
    ("lines", "tags", "repairs"),
    [
        pytest.param(["برطانیہ\t-NEL"], ["B-LOCATION"], {"-NEL": 1}, id="bare-type-starts"),
        pytest.param(
            ["گنگا\tB-NEL", "دریا\t-NEL"],
            ["B-LOCATION", "I-LOCATION"],
            {"-NEL": 1},
            id="bare-type-continues",
        ),
        pytest.param(["،\t-NEL"], ["O"], {"-NEL": 1}, id="bare-type-on-punct"),
        pytest.param(["پی\t-"], ["O"], {"-": 1}, id="bare-dash"),
        pytest.param(["x\tB-FOO"], ["O"], {"unknown:B-FOO": 1}, id="unknown-type"),
        pytest.param(["\ufeffروس\tB-NEL"], ["B-LOCATION"], {}, id="bom-and-mapping"),
    ],
)
def test_parse_conll_repairs(lines: list[str], tags: list[str], repairs: dict[str, int]) -> None:
    corpus = parse_conll(lines)
    assert [t for _, t in corpus.sentences[0]] == tags
    assert dict(corpus.repairs) == repairs


def test_il_ner_files_read_with_known_repairs() -> None:
    train = read_conll(IL_NER / "train.txt")
    dev = read_conll(IL_NER / "dev.txt")
    # Sizes from ../shared/data/README.md; repairs counted by hand with grep (see NER.md).
    assert len(train.sentences) == 8720
    assert len(dev.sentences) == 1094
    assert dict(train.repairs) == {"-NEL": 4, "-NEO": 1, "-NEP": 2, "-": 5}
    assert dict(dev.repairs) == {"-": 3}
