"""Urdu typed on a keyboard without ے and ں: the word endings it could not type, restored.

A standard Arabic keyboard (Arabic 101/102, the macOS and Android Arabic layouts) and a Persian
one have no key for ے (bari ye) nor for ں (noon ghunna), so a typist writes ``ي`` (or ``ی``) for
ے and ``ن`` for ں: ``روپي`` for روپے, ``قيمتون`` for قیمتوں, ``مين`` for میں.  The normalizer
maps ``ي`` to the letter it looks like (ی), which meets the Urdu text only where ی was meant.
:func:`restore_endings` puts ے and ں back at the end of a word where the typed form is rare
Urdu and the other one common (the word-frequency lexicon, :func:`akhbar.text.lexicon.lexicon`):
at least :data:`RATIO` times as frequent.  Where both are common (کی / کے, اپنی / اپنے: the
gender and number of a word) the word stays as typed.

It acts only on a text that shows the keyboard: an Arabic-keyboard letter (ي ك ه) and no ے at
all (for the ye endings), or no ں at all (for the noon endings); Urdu typed on an Urdu keyboard
is returned unchanged.  Every replacement is one character for one, so offsets into the text
stay valid.  The search query parser runs it on every query (a user's keyboard is the usual
case); stored articles are not changed by it.

>>> restore_endings("روپي كي قيمتون مين اضافه")
'روپے كي قيمتوں ميں اضافه'
>>> restore_endings("روپی کی قیمتوں میں")  # typed on an Urdu keyboard: unchanged
'روپی کی قیمتوں میں'
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["RATIO", "restore_endings"]

#: How many times as frequent (in the lexicon) the restored spelling must be as the typed one.
#: Chosen on the retrieval benchmark's ``tune`` queries typed with a full Arabic mapping (3 and
#: 10 about equal there; 3 already changes a query of the ي-ك-ه mapping, whose ے was typed).
RATIO = 10

_KEYBOARD_LETTERS = ("\u064a", "\u0643", "\u0647")  # ي ك ه
_BARI_YE = "\u06d2"  # ے
_NOON_GHUNNA = "\u06ba"  # ں
_YE_LIKE = "\u064a\u06cc\u0649"  # ي ی ى: what such a keyboard types for ے
_NOON = "\u0646"
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def _restored(word: str, ye: bool, noon: bool) -> str:
    """``word`` with its last letter made ے or ں, when the lexicon says so."""
    last = word[-1]
    if ye and last in _YE_LIKE:
        target = _BARI_YE
    elif noon and last == _NOON:
        target = _NOON_GHUNNA
    else:
        return word
    from akhbar.text.lexicon import lexicon
    from akhbar.text.normalize import normalize

    typed = normalize(word)
    if not typed or typed[-1] not in "\u06cc\u0646":  # normalized away (a mark, a ligature)
        return word
    counts = lexicon()
    if counts.get(typed[:-1] + target, 0) > RATIO * counts.get(typed, 0):
        return word[:-1] + target
    return word


def restore_endings(text: str) -> str:
    """``text`` with the ے and ں a keyboard without them could not type put back (see the
    module docstring); the same length as ``text``, unchanged unless the keyboard shows.

    >>> restore_endings("بچون كے")  # a ے typed: the keyboard has one; no ں: the noon ends
    'بچوں كے'
    >>> restore_endings("ايراني شهري")  # ایرانے is no word
    'ايراني شهري'
    """
    if not any(c in text for c in _KEYBOARD_LETTERS):
        return text
    ye, noon = _BARI_YE not in text, _NOON_GHUNNA not in text
    if not (ye or noon):
        return text
    return _WORD.sub(lambda m: _restored(m.group(), ye, noon), text)
