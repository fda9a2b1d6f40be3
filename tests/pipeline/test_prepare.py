"""The processing stage against its definition, written with the slow public pieces."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pytest

from akhbar.article import Article, Rejected
from akhbar.dedup import (
    DedupConfig,
    band_keys,
    hash_terms,
    shingle_hashes,
    signature,
    signature_to_bytes,
)
from akhbar.ingest import read_any
from akhbar.pipeline.prepare import PrepareConfig, analyze_batch, attach, prepare_batch
from akhbar.store import StoreItem
from akhbar.text.analyzer import token_terms
from akhbar.text.langid import identify_language
from akhbar.text.segment import segment
from akhbar.text.words import tokenize

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT.parent / "shared" / "data" / "news"
NO_NER = PrepareConfig(entities=False)


def reference(article: Article, cfg: PrepareConfig) -> StoreItem:
    """One article at a time: segment, terms from Token records, language of the whole text."""
    sentences, body, longest = [], [], 0
    for i, paragraph in enumerate(article.paragraphs):
        para = 0
        for s in segment(paragraph):
            sentences.append((i, s.start, s.end))
            terms = token_terms(list(s.tokens))
            para += len(terms)
            body += terms
        longest = max(longest, para)
    title = token_terms(list(tokenize(article.title))) if article.title else []
    lang = identify_language(((article.title or "") + "\n" + article.text)[:600]).lang
    flags = []
    if len(body) < cfg.min_terms:
        flags.append("too_short")
    if len(article.paragraphs) >= cfg.min_paragraphs and longest < cfg.min_paragraph_terms:
        flags.append("boilerplate")
    if lang != "ur":
        flags.append("not_urdu")
    hashed = body or title
    sig = signature(shingle_hashes(hashed, cfg.dedup.ngram), cfg.dedup)
    return StoreItem(
        article=replace(article, lang=article.lang or lang, sentences=tuple(sentences)),
        content_hash=hash_terms(hashed) if hashed else hash_terms([article.id]),
        analyzed_title=" ".join(title),
        analyzed_body=" ".join(body),
        flags=tuple(flags),
        signature=signature_to_bytes(sig) if hashed else None,
        band_keys=tuple(band_keys(sig, cfg.dedup.bands, cfg.dedup.rows)) if hashed else (),
    )


EDGE_CASES: list[Article | Rejected] = [
    Article(id="no-terms", paragraphs=("۔۔۔ !!", "؟")),
    Article(id="title-only", title="صرف سرخی", paragraphs=("…",)),
    Rejected("x.csv:row 3", "empty"),
    Article(id="english", title="Minister", paragraphs=("The minister said prices will fall.",)),
    Article(id="lang-given", lang="pa", paragraphs=("پنجابی لکھت۔",)),
    Article(id="long-title", title="س" * 700, paragraphs=("ایک۔", "دو۔")),
    Article(id="paras", paragraphs=("ایک دو", "تین", "چار پانچ", "چھ")),
    # The whole-article tokenizer pass must give each part the tokens it gets alone, and hand
    # paragraphs whose tokens are not exactly their sentences' to the sentence-by-sentence path.
    Article(id="soft-hyphen", paragraphs=("\u00adکہا گیا۔ ٹھیک ہے۔", "دو")),
    Article(id="between", paragraphs=("ایک بات۔ \u200e دوسری بات۔", "\u200b", " ")),
    Article(id="glued", title="سرخی\nدوسری", paragraphs=("دیکھیں www.express.pkپر", "ڈاکٹرحسن")),
    Article(id="edges", title=" ", paragraphs=("ایک ", " دو", "https://x.pk/a,b۔ تین")),
]


@pytest.mark.skipif(not NEWS.is_dir(), reason="shared data not available")
@pytest.mark.parametrize(
    "path",
    [
        "outlets-2024",
        "urdupoint-2023-sample.csv",
        "bend-the-truth",
        "express-headlines-2012-2018.jsonl",
    ],
)
def test_batch_is_the_per_article_definition(path: str) -> None:
    records = list(itertools.islice(read_any([NEWS / path]), 0, 1500, 5)) + EDGE_CASES
    for cfg in (NO_NER, PrepareConfig(entities=False, dedup=DedupConfig(threshold=0.5))):
        expected = [r if isinstance(r, Rejected) else reference(r, cfg) for r in records]
        assert prepare_batch(records, cfg) == expected
        assert attach(records, analyze_batch(records, cfg)) == expected


def test_attach_refuses_results_of_another_batch() -> None:
    records: list[Article | Rejected] = EDGE_CASES[:3]
    prepared = analyze_batch(records, NO_NER)
    with pytest.raises(ValueError, match="prepared records"):
        attach(records[:2], prepared)
    with pytest.raises(ValueError, match="order"):
        attach(records[::-1], prepared[::-1][:1] + prepared[1:])
