"""The processing stage: an :class:`Article` from a reader → a :class:`StoreItem` for the store.

Pure and executor-agnostic: :func:`prepare_batch` takes a batch of reader records and returns
the same batch analyzed, so the local engine can run it in a process pool and a distributed
engine on its workers.  Per article it computes the sentences (original offsets), the language,
the analyzer terms the FTS index is built from, the exact-duplicate hash, the MinHash signature
with its LSH band keys, quality flags and (``entities=True``, the default) the entity mentions of
its paragraphs (recognized here, in the worker; linked to canonical entities by the store).

``prepare_batch`` is :func:`analyze_batch` (everything computed, as compact :class:`Prepared`
records) followed by :func:`attach` (the records joined to their articles): an engine that
keeps the batch can ship only the ``Prepared`` records back from its workers.

>>> from akhbar.article import Article
>>> a = Article(id="1", title="ایران روس تعاون", paragraphs=("صدرایران نے کہا۔ ٹھیک ہے۔",))
>>> item = prepare_batch([a])[0]
>>> item.article.lang, item.article.sentences, item.analyzed_title
('ur', ((0, 0, 16), (0, 17, 25)), 'ایران روس تعاون')
>>> item.flags
('too_short',)
>>> attach([a], analyze_batch([a])) == [item]
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from akhbar.article import Article, Rejected
from akhbar.dedup import DedupConfig, band_keys_many, hash_terms, signatures
from akhbar.entities.link import Mention, mentions_from_entities
from akhbar.entities.ner import default_recognizer
from akhbar.store import StoreItem
from akhbar.text.analyzer import token_terms
from akhbar.text.langid import identify_language
from akhbar.text.segment import sentence_tokens
from akhbar.text.sentences import split_sentences
from akhbar.text.words import tokenize

__all__ = ["PrepareConfig", "Prepared", "analyze_batch", "attach", "prepare_batch", "warm_up"]

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
    #: Also encode each article's token spans (:func:`akhbar.search.spans.encode`), which the
    #: search index stores: the analysis tokenizes the text anyway, so the index sync after an
    #: ingest need not tokenize it again (:attr:`Prepared.spans`).
    spans: bool = False


class Prepared(NamedTuple):
    """What the processing stage computed for one article (everything but the article itself)."""

    lang: str | None  # the article's language: as the source gave it, else the detected one
    sentences: tuple[tuple[int, int, int], ...]
    content_hash: str
    analyzed_title: str
    analyzed_body: str
    flags: tuple[str, ...]
    signature: bytes | None
    band_keys: tuple[tuple[int, int], ...]
    mentions: tuple[Mention, ...]
    #: The article's token spans (paragraphs, then the title) when asked for
    #: (:attr:`PrepareConfig.spans`), else None.
    spans: bytes | None = None


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


def _lang_sample(article: Article) -> str:
    """``(title + "\\n" + text)[:LANG_SAMPLE]``, joining only the paragraphs the sample needs.

    >>> _lang_sample(Article(id="1", title="سرخی", paragraphs=("ایک", "دو")))
    'سرخی\\nایک\\n\\nدو'
    """
    parts = [article.title or "", "\n"]
    size = len(parts[0]) + 1
    for i, paragraph in enumerate(article.paragraphs):
        if size >= LANG_SAMPLE:
            break
        if i:
            parts.append("\n\n")
            size += 2
        parts.append(paragraph)
        size += len(paragraph)
    return "".join(parts)[:LANG_SAMPLE]


_Analysis = tuple[
    str,
    tuple[tuple[int, int, int], ...],
    list[str],
    list[str],
    tuple[str, ...],
    tuple[Mention, ...],
    bytes | None,
]


def _analyze(article: Article, cfg: PrepareConfig) -> _Analysis:
    if not cfg.entities:
        fast = _analyze_text(article, cfg)
        if fast is not None:
            return fast
    sentences: list[tuple[int, int, int]] = []
    body_terms: list[str] = []
    mentions: list[Mention] = []
    longest = 0
    paragraphs = [(paragraph, sentence_tokens(paragraph)) for paragraph in article.paragraphs]
    if cfg.entities:
        # Every sentence of the article tagged in one call (the same entities as paragraph by
        # paragraph, fewer calls into the model).
        found = default_recognizer().entities_in_texts(
            [(paragraph, [t for _, _, t in parts]) for paragraph, parts in paragraphs]
        )
        first = 0
        for i, ((_, parts), entities) in enumerate(zip(paragraphs, found, strict=True)):
            spans = [(first + j, s, e) for j, (s, e, _) in enumerate(parts)]
            mentions.extend(mentions_from_entities(i, spans, entities))
            first += len(parts)
    for i, (_, parts) in enumerate(paragraphs):
        para_terms = 0
        for start, end, tokens in parts:
            sentences.append((i, start, end))
            terms = token_terms(tokens)
            para_terms += len(terms)
            body_terms += terms
        longest = max(longest, para_terms)
    title_terms = token_terms(tokenize(article.title)) if article.title else []
    lang = identify_language(_lang_sample(article)).lang
    token_spans = None
    if cfg.spans:
        from akhbar.search.spans import encode

        token_spans = encode([*article.paragraphs, article.title or ""])
    return (
        article.lang or lang,
        tuple(sentences),
        title_terms,
        body_terms,
        _flags(lang, len(body_terms), len(article.paragraphs), longest, cfg),
        tuple(mentions),
        token_spans,
    )


def _analyze_text(article: Article, cfg: PrepareConfig) -> _Analysis | None:
    """:func:`_analyze` without entities, with one tokenizer pass over the whole article.

    The title and the paragraphs are tokenized as one text joined by line breaks (tokens never
    hold whitespace and the tokenizer looks at no character beyond a token, so each part gets
    the tokens it gets alone), and a paragraph's terms are taken in one go when its sentences
    are exactly its tokens, cut at token edges (then the sentences' terms, one after the other,
    are the paragraph's).  None when some paragraph is not like that: the caller then takes
    the general path, sentence by sentence.
    """
    title = article.title or ""
    paragraphs = article.paragraphs
    bounds = [(0, len(title))]
    pos = len(title) + 1
    for paragraph in paragraphs:
        end = pos + len(paragraph)
        bounds.append((pos, end))
        pos = end + 1
    whole = tokenize("\n".join((title, *paragraphs)))
    parts = whole.split_at(bounds)
    if parts is None:  # pragma: no cover - a token never holds the joining line break
        return None
    sentences: list[tuple[int, int, int]] = []
    body_terms: list[str] = []
    longest = 0
    for i, paragraph in enumerate(paragraphs):
        spans = split_sentences(paragraph)
        if not spans:
            continue
        tokens = parts[i + 1]
        offset = bounds[i + 1][0]
        cut = tokens.split_at([(s + offset, e + offset) for s, e in spans])
        if cut is None or sum(map(len, cut)) != len(tokens):
            return None  # a token crosses a sentence edge or lies between sentences
        sentences.extend((i, s, e) for s, e in spans)
        terms = token_terms(tokens)
        longest = max(longest, len(terms))
        body_terms += terms
    title_terms = token_terms(parts[0])
    lang = identify_language(_lang_sample(article)).lang
    token_spans = None
    if cfg.spans:  # from the tokens above: paragraphs, then the title
        from akhbar.search.spans import encode_columns

        ranges, lo = [], len(parts[0])
        for i, part in enumerate(parts[1:], 1):
            ranges.append((lo, lo + len(part), bounds[i][0]))
            lo += len(part)
        ranges.append((0, len(parts[0]), 0))
        if lo != len(whole):  # pragma: no cover - the parts hold every token (see above)
            return None
        token_spans = encode_columns(*whole.columns(), whole.starts(), ranges)
    return (
        article.lang or lang,
        tuple(sentences),
        title_terms,
        body_terms,
        _flags(lang, len(body_terms), len(paragraphs), longest, cfg),
        (),
        token_spans,
    )


def _digest(joined: str) -> str:
    # hash_terms(terms) for terms already joined by spaces (the same digest).
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=16).hexdigest()


def analyze_batch(
    records: Sequence[Article | Rejected], config: PrepareConfig | None = None
) -> list[Prepared | Rejected]:
    """The processing stage's results for a batch, without the articles (rejections pass
    through unchanged, in order); :func:`attach` joins them to the articles."""
    cfg = config or PrepareConfig()
    analyzed = [r if isinstance(r, Rejected) else (r, _analyze(r, cfg)) for r in records]
    docs = [a[1][3] or a[1][2] for a in analyzed if not isinstance(a, Rejected)]
    width = 4 * cfg.dedup.num_perm  # bytes of one signature
    raw = b""
    keys: list[list[tuple[int, int]]] = []
    if docs:
        sigs = signatures(docs, cfg.dedup)
        raw = sigs.astype("<u4", copy=False).tobytes()
        keys = band_keys_many(sigs, cfg.dedup.bands, cfg.dedup.rows)
    out: list[Prepared | Rejected] = []
    d = 0
    for a in analyzed:
        if isinstance(a, Rejected):
            out.append(a)
            continue
        article, (lang, sentences, title_terms, body_terms, flags, mentions, spans) = a
        analyzed_title = " ".join(title_terms)
        analyzed_body = " ".join(body_terms)
        if body_terms or title_terms:
            sig: bytes | None = raw[d * width : (d + 1) * width]
            content_hash = _digest(analyzed_body if body_terms else analyzed_title)
            bands = tuple(keys[d])
        else:  # nothing to hash: the id stands in, and no near-duplicate search
            sig, content_hash, bands = None, hash_terms([article.id]), ()
        out.append(
            Prepared(
                lang,
                sentences,
                content_hash,
                analyzed_title,
                analyzed_body,
                flags,
                sig,
                bands,
                mentions,
                spans,
            )
        )
        d += 1
    return out


def attach(
    records: Sequence[Article | Rejected], prepared: Sequence[Prepared | Rejected]
) -> list[StoreItem | Rejected]:
    """Join :func:`analyze_batch` results to the records they came from, as store items."""
    if len(records) != len(prepared):
        raise ValueError(f"{len(prepared)} prepared records for a batch of {len(records)}")
    out: list[StoreItem | Rejected] = []
    for record, p in zip(records, prepared, strict=True):
        if isinstance(p, Rejected) or isinstance(record, Rejected):
            if not (isinstance(p, Rejected) and isinstance(record, Rejected)):
                raise ValueError("prepared records are not in the order of the batch")
            out.append(p)
            continue
        out.append(
            StoreItem(
                article=replace(record, lang=p.lang, sentences=p.sentences),
                content_hash=p.content_hash,
                analyzed_title=p.analyzed_title,
                analyzed_body=p.analyzed_body,
                flags=p.flags,
                signature=p.signature,
                band_keys=p.band_keys,
                mentions=p.mentions,
            )
        )
    return out


def prepare_batch(
    records: Sequence[Article | Rejected], config: PrepareConfig | None = None
) -> list[StoreItem | Rejected]:
    """Analyze a batch of reader records (rejections pass through unchanged, in order)."""
    return attach(records, analyze_batch(records, config))


#: Text that takes every lazily built table of the analysis (the word lexicon's glue scores,
#: the run-together spellings, the hash constants) on its first use.
_WARM_UP_TEXT = "صدرایران نے کہا کہ ڈاکٹرحسن کل آئیں گے۔ The minister said 2,000 ۲۰۲۱ء۔"


def warm_up(config: PrepareConfig | None = None) -> None:
    """Build what the analysis builds on first use, so that forked workers start warm.

    >>> warm_up(PrepareConfig(entities=False))
    """
    article = Article(id="warm-up", title="ایران روس تعاون", paragraphs=(_WARM_UP_TEXT,))
    analyze_batch([article], config)
