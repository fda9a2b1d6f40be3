"""The analysis version: which analyzer produced the terms, hashes and signatures a store keeps.

The store records it per article (``articles.analysis``), so that a store analyzed by another
analyzer is noticed (``akhbar stats``, search warnings) and brought up to date
(``akhbar reanalyze``) instead of silently missing words whose keys have changed.

Why a number bumped by hand, checked by a pinned digest, rather than a hash computed at run
time:

* a hash of the analyzer's code and data files (what :func:`akhbar.search.spans.fingerprint`
  does for token spans, where re-encoding is cheap) changes with every comment, docstring or
  refactoring that leaves the terms alone, and each change would ask every user to re-analyze
  every article; it also cannot tell an older analyzer from a newer one;
* a number alone is forgotten when someone changes a key rule or a data table; so
  ``tests/text/test_analysis_version.py`` pins a digest of the analyzer's output over a fixed
  probe (the lexicon's words, the demo news and tricky spellings) next to this number: when
  the terms change and the number does not, that test fails and says to bump it.

Version 0 is what articles stored before the version was recorded get (schema 3): unknown,
so outdated.

>>> ANALYSIS_VERSION >= 1
True
"""

from __future__ import annotations

__all__ = ["ANALYSIS_VERSION", "UNRECORDED"]

#: Bump when :func:`akhbar.text.analyzer.terms` (or the tokenizer, normalizer or keys behind
#: it) changes what it returns for some text.  History:
#: 1. the analyzer as of schema 3 (when versions started to be recorded);
#: 2. a ZWNJ after a joining letter is a word break (ہم\u200cآہنگی = ہم آہنگی); a hamza mark on
#:    a letter that carries none, before a letter, is the yeh hamza (مسٔلہ = مسئلہ);
#: 3. a number written with grouping separators is one term without them (2,477 = 2477,
#:    1,27,000 = 127000);
#: 4. an alef typed before the Allah ligature is dropped (عبداﷲ = عبداللہ, not عبدااللہ);
#: 5. a two-word name written joined is its two words (بنگلادیش = بنگلا دیش, عامرخان = عامر خان:
#:    ``data/words_name_splits.tsv``).
ANALYSIS_VERSION = 5

#: The version of articles stored before versions were recorded.
UNRECORDED = 0
