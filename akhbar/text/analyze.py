"""Everything the text core knows about one text, in one JSON-ready record.

:func:`analyze` is what ``akhbar analyze`` prints and what ingest stores per article:
language, sentences with tokens (original offsets, normalized forms), and the numbers and
dates found in the running text.

>>> a = analyze("قرارداد بائیس اکتیس پر عمل کریں۔")
>>> a.language.lang, len(a.sentences), [n.value for n in a.numbers]
('ur', 1, [2231])
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from akhbar.text.dates import DateMatch, find_dates
from akhbar.text.langid import LanguageGuess, identify_language
from akhbar.text.numbers import NumberMatch, find_numbers
from akhbar.text.segment import Sentence, segment

__all__ = ["Analysis", "analyze"]


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
        sentences = []
        for s in self.sentences:
            sentences.append(
                {
                    "start": s.start,
                    "end": s.end,
                    "paragraph": s.paragraph,
                    "text": self.text[s.start : s.end],
                    "tokens": [_jsonable(t) for t in s.tokens],
                }
            )
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
