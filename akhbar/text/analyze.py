"""Everything the text core knows about one text, in one JSON-ready record.

:func:`analyze` is what ``akhbar analyze`` prints and what ingest stores per article:
language, sentences with tokens (original offsets, normalized forms), and the numbers and
dates found in the running text.

>>> a = analyze("قرارداد بائیس اکتیس پر عمل کریں۔")
>>> a.language.lang, len(a.sentences), [n.value for n in a.numbers]
('ur', 1, [2231])
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from akhbar.text.dates import DateMatch, find_dates
from akhbar.text.langid import LanguageGuess, identify_language
from akhbar.text.numbers import NumberMatch, find_numbers
from akhbar.text.segment import Sentence, iter_segment, segment
from akhbar.text.sentences import split_paragraphs, split_sentences

__all__ = ["Analysis", "analyze", "iter_json"]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: _jsonable(v) for k, v in value._asdict().items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Analysis:
    """The result of :func:`analyze`; offsets everywhere point into ``text``."""

    text: str
    language: LanguageGuess
    sentences: list[Sentence]
    numbers: list[NumberMatch]
    dates: list[DateMatch]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: sentences carry their text and tokens, values in ISO 8601."""
        sentences = [_sentence(self.text, s) for s in self.sentences]
        return {
            "language": _jsonable(self.language),
            "paragraphs": len({s.paragraph for s in self.sentences}),
            "sentences": sentences,
            "numbers": [_jsonable(n) for n in self.numbers],
            "dates": [_jsonable(d) for d in self.dates],
        }


def analyze(text: str) -> Analysis:
    """Analyze ``text``: language, sentences and tokens, numbers and dates."""
    return Analysis(
        text=text,
        language=identify_language(text),
        sentences=segment(text),
        numbers=find_numbers(text),
        dates=find_dates(text),
    )


def _sentence(text: str, s: Sentence) -> dict[str, Any]:
    return {
        "start": s.start,
        "end": s.end,
        "paragraph": s.paragraph,
        "text": text[s.start : s.end],
        "tokens": [_jsonable(t) for t in s.tokens],
    }


def _dumps(value: Any, depth: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` writes it ``depth`` levels down a document."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


def iter_json(text: str) -> Iterator[str]:
    """``json.dumps(analyze(text).to_dict(), ensure_ascii=False, indent=2)`` in pieces, a
    sentence at a time: the tokens of one paragraph are made at once, so memory stays that of
    the text however long it is (``akhbar analyze --json`` on a whole corpus).

    >>> text = "قرارداد بائیس اکتیس پر عمل کریں۔\\n\\nدوسرا"
    >>> doc = json.dumps(analyze(text).to_dict(), ensure_ascii=False, indent=2)
    >>> "".join(iter_json(text)) == doc
    True
    """
    paragraphs = sum(1 for s, e in split_paragraphs(text) if split_sentences(text[s:e]))
    yield "{\n"
    yield f'  "language": {_dumps(_jsonable(identify_language(text)), 1)},\n'
    yield f'  "paragraphs": {paragraphs},\n'
    sentences = (_sentence(text, s) for s in iter_segment(text))
    yield from _json_list("sentences", sentences, ",")
    yield from _json_list("numbers", map(_jsonable, find_numbers(text)), ",")
    yield from _json_list("dates", map(_jsonable, find_dates(text)), "")
    yield "}"


def _json_list(key: str, items: Iterable[Any], comma: str) -> Iterator[str]:
    """A list of a top-level key, as ``json.dumps(indent=2)`` writes it, an item at a time."""
    yield f'  "{key}": ['
    first = True
    for item in items:
        yield ("\n    " if first else ",\n    ") + _dumps(item, 2)
        first = False
    yield f"]{comma}\n" if first else f"\n  ]{comma}\n"
