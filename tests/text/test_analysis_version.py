"""The analysis version moves whenever the analyzer's output does.

Stores record which analysis version analyzed each article (``akhbar.text.version``); a change
of terms without a new version would leave users' stores silently out of step with their
queries.  This test pins a digest of the analyzer's output over a fixed probe next to the
version: every lexicon word (keys, heh and hamza rules), the demo news (tokenizer, space-omission
repair, numbers) and spellings that stress each step, through both paths the code uses (the
whole text normalized first, as queries are; and token by token, as ingest does).

When it fails: if the change of terms is intended, bump ``ANALYSIS_VERSION`` in
``akhbar/text/version.py`` (with a line in its history), then re-pin with
``AKHBAR_PIN_ANALYSIS=1 pytest tests/text/test_analysis_version.py`` (which refuses to re-pin
under the same version).
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.resources import files
from pathlib import Path

from akhbar.text.analyzer import terms, token_terms
from akhbar.text.version import ANALYSIS_VERSION
from akhbar.text.words import tokenize

PINNED = Path(__file__).parent / "data" / "analysis_version.json"

#: Spellings that exercise each step of the analyzer (one per line, a comment after ``#``).
TRICKY = """
ہم\u200cآہنگی # ZWNJ after a joining letter
ہم آہنگی # the same compound, spaced
پا\u200cکستان # ZWNJ after a non-joining letter
سابقہ\u200bٹویٹر # zero-width space between words
مسٔلہ # hamza above on a consonant
مسئلہ # yeh hamza
کٴْل # high hamza + sukun (a pesh typed as a mark)
لئے لیے دیئے دئیے # hamza carriers
كيا ايران ہے ه # Arabic keyboard, Arabic heh
امریکہ امریکا اسکول سکول قرآن قران انھوں انہوں # key folds
ڈاکٹرحسن صدرایران پرعمل # space-omission repair
۲۰۲۱ء 3.5 ۱۹:۵۶ 2,000 # digits
1,27,000 ۲٬۴۷۷ 1,2 2,000.50 # grouped numbers lose their separators, a list does not
عبدا\ufdf2 ا\ufdf2 \ufdf2 # the Allah ligature after an alef of the writer's own
https://www.express.pk/story #پاکستان @user # urls, tags
Battle\u00adship COVID-19 don't # Latin
"""


def _probe() -> list[str]:
    lexicon = files("akhbar.text").joinpath("data/lexicon.tsv").read_text(encoding="utf-8")
    words = [line.split("\t", 1)[0] for line in lexicon.splitlines() if line[:1] != "#"]
    demo = files("akhbar").joinpath("demo/news/seed.txt").read_text(encoding="utf-8")
    tricky = [line.split(" # ", 1)[0] for line in TRICKY.strip().splitlines()]
    return [*words, *demo.splitlines(), *tricky]


def digest() -> str:
    """A digest of what the analyzer makes of the probe, by both paths."""
    h = hashlib.blake2b(digest_size=16)
    for text in _probe():
        out = [terms(text), token_terms(tokenize(text))]
        h.update(json.dumps(out, ensure_ascii=False).encode("utf-8") + b"\n")
    return h.hexdigest()


def test_analysis_version_moves_with_the_terms() -> None:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    now = digest()
    if os.environ.get("AKHBAR_PIN_ANALYSIS") == "1" and now != pinned["digest"]:
        assert pinned["version"] < ANALYSIS_VERSION, (
            "the terms changed: bump ANALYSIS_VERSION before re-pinning"
        )
        PINNED.write_text(
            json.dumps({"version": ANALYSIS_VERSION, "digest": now}, indent=2) + "\n",
            encoding="utf-8",
        )
        return
    if now != pinned["digest"]:
        raise AssertionError(
            "the analyzer's terms changed"
            + (
                f" but ANALYSIS_VERSION is still {ANALYSIS_VERSION}: bump it in "
                "akhbar/text/version.py (stores then re-analyze), then re-pin"
                if pinned["version"] == ANALYSIS_VERSION
                else "; re-pin"
            )
            + " with AKHBAR_PIN_ANALYSIS=1 (see this test's docstring)"
        )
    assert pinned["version"] == ANALYSIS_VERSION, "ANALYSIS_VERSION changed: re-pin the digest"
