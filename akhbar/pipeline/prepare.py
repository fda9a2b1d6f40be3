"""The processing stage: an :class:`Article` from a reader → a :class:`StoreItem` for the store.

Pure and executor-agnostic: :func:`prepare_batch` takes a batch of reader records and returns
the same batch analyzed, so the local engine can run it in a process pool and a distributed
engine on its workers.  Per article it computes the sentences (original offsets), the language,
the analyzer terms the FTS index is built from, the exact-duplicate hash, the MinHash signature
with its LSH band keys, quality flags and (``entities=True``, the default) the entity mentions of
its paragraphs (recognized here, in the worker; linked to canonical entities by the store).

>>> from akhbar.article import Article
>>> a = Article(id="1", title="ایران روس تعاون", paragraphs=("صدرایران نے کہا۔ ٹھیک ہے۔",))
>>> item = prepare_batch([a])[0]
>>> item.article.lang, item.article.sentences, item.analyzed_title
('ur', ((0, 0, 16), (0, 17, 25)), 'ایران روس تعاون')
>>> item.flags
('too_short',)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from akhbar.article import Article, Rejected
from akhbar.dedup import DedupConfig, band_keys, hash_terms, signature_to_bytes, signatures
from akhbar.entities.link import Mention, mentions_from_entities
from akhbar.entities.ner import default_recognizer
from akhbar.store import StoreItem
from akhbar.text.analyzer import token_terms
from akhbar.text.langid import identify_language
from akhbar.text.segment import segment
from akhbar.text.words import tokenize

__all__ = ["PrepareConfig", "prepare_batch"]

#: How many characters of an article the language identifier looks at.
LANG_SAMPLE = 600


@dataclass(frozen=True, kw_only=True)
class PrepareConfig:
    """Settings of the processing stage (one object, shared by every executor)."""

    dedup: DedupConfig = field(default_factory=DedupConfig)
    #: Fewer body terms than this flags the article ``too_short``.
    min_terms: int = 30
    #: Several paragraphs (``min_paragraphs``) and none with at least this many terms: the
    #: article looks like page chrome (menus, link lists) and is flagged ``boilerplate``.
    min_paragraph_terms: int = 8
    min_paragraphs: int = 3
    #: Recognize entity mentions (NER) — the slowest step; off for a quick text-only ingest
    #: (``akhbar annotate`` can add them later).
    entities: bool = True


def _flags(
    lang: str, body_terms: int, paragraphs: int, longest_paragraph: int, cfg: PrepareConfig
) -> tuple[str, ...]:
    flags = []
    if body_terms < cfg.min_terms:
        flags.append("too_short")
    if paragraphs >= cfg.min_paragraphs and longest_paragraph < cfg.min_paragraph_terms:
        flags.append("boilerplate")
    if lang != "ur":
        flags.append("not_urdu")
    return tuple(flags)


def _analyze(
    article: Article, cfg: PrepareConfig
) -> tuple[Article, list[str], list[str], tuple[str, ...], tuple[Mention, ...]]:
    sentences: list[tuple[int, int, int]] = []
    body_terms: list[str] = []
    mentions: list[Mention] = []
    longest = 0
    for i, paragraph in enumerate(article.paragraphs):
        para_terms = 0
        segs = segment(paragraph)
        if cfg.entities and segs:
            spans = [(len(sentences) + j, s.start, s.end) for j, s in enumerate(segs)]
            found = default_recognizer().entities_in_sentences(paragraph, [s.tokens for s in segs])
            mentions.extend(mentions_from_entities(i, spans, found))
        for sent in segs:
            sentences.append((i, sent.start, sent.end))
            terms = token_terms(sent.tokens)
            para_terms += len(terms)
            body_terms.extend(terms)
        longest = max(longest, para_terms)
    title_terms = token_terms(tokenize(article.title)) if article.title else []
    sample = ((article.title or "") + "\n" + article.text)[:LANG_SAMPLE]
    lang = identify_language(sample).lang
    enriched = replace(article, lang=article.lang or lang, sentences=tuple(sentences))
    return (
        enriched,
        title_terms,
        body_terms,
        _flags(lang, len(body_terms), len(article.paragraphs), longest, cfg),
        tuple(mentions),
    )


def prepare_batch(
    records: Sequence[Article | Rejected], config: PrepareConfig | None = None
) -> list[StoreItem | Rejected]:
    """Analyze a batch of reader records (rejections pass through unchanged, in order)."""
    cfg = config or PrepareConfig()
    analyzed = [r if isinstance(r, Rejected) else _analyze(r, cfg) for r in records]
    docs = [a[2] or a[1] for a in analyzed if not isinstance(a, Rejected)]
    sigs = iter(signatures(docs, cfg.dedup)) if docs else iter(())
    out: list[StoreItem | Rejected] = []
    for a in analyzed:
        if isinstance(a, Rejected):
            out.append(a)
            continue
        article, title_terms, body_terms, flags, mentions = a
        sig = next(sigs)
        hashed = body_terms or title_terms
        out.append(
            StoreItem(
                article=article,
                content_hash=hash_terms(hashed) if hashed else hash_terms([article.id]),
                analyzed_title=" ".join(title_terms),
                analyzed_body=" ".join(body_terms),
                flags=flags,
                signature=signature_to_bytes(sig) if hashed else None,
                band_keys=tuple(band_keys(sig, cfg.dedup.bands, cfg.dedup.rows)) if hashed else (),
                mentions=mentions,
            )
        )
    return out
