"""Urdu typed on an Arabic or Persian keyboard: the letters it has no key for, restored.

A standard Arabic keyboard (Arabic 101/102, the macOS and Android Arabic layouts) has no key
for ے ں ہ ھ ی ک پ چ گ ژ ٹ ڈ ڑ: a typist writes ``ي`` for ی and ے, ``ه`` for ہ and ھ, ``ن``
for ں, ``ك`` for ک and گ, and the nearest letter for the others (``ب`` for پ, ``ج`` for چ,
``ز`` for ژ, ``ت`` for ٹ, ``د`` for ڈ, ``ر`` for ڑ): ``باكستان`` for پاکستان, ``روبي`` for
روپے, ``دالر`` for ڈالر.  A Persian keyboard has پ چ ژ گ ی ک but no ے ں ہ ھ ٹ ڈ ڑ.  The
normalizer maps ي ك ه to the Urdu letters they look like, which meets the Urdu text only
where those were meant.

:func:`restore_keyboard` respells such a word as the Urdu word the lexicon (the word counts of
the shared news, :func:`akhbar.text.lexicon.lexicon`) counts at least :data:`RATIO` times as
often as the word as typed: each ``ب ج ز ک ت د ر`` may be its Urdu counterpart, each ``ه``
ہ or ھ, a final ``ی`` ے and a final ``ن`` ں.  Where the typed word is common itself (``کی`` /
``کے``, ``بار`` / ``پار``) it stays as typed.

It acts only on a text that shows such a keyboard: an Arabic-keyboard letter (ي ك ه) and none
of the letters only an Urdu keyboard types (ے ں ہ ھ); and only with the letters of a group the
text never types (پ چ ژ گ, which a Persian layout has: a text with a گ keeps its ب; ٹ ڈ ڑ).
A Persian layout types ی ک as Urdu does, so a text of it with no ه shows no Arabic-keyboard
letter; what shows it then is a text of at least :data:`MIN_WORDS` words with none of the
letters only an Urdu keyboard has (ے ں ہ ھ ٹ ڈ ڑ ۃ ۓ), which Urdu of that length almost
always holds: its ے ں ٹ ڈ ڑ are restored (not پ چ ژ گ, which a Persian layout has).  Urdu
typed on an Urdu keyboard is returned unchanged.  Every replacement is one character for
one, so offsets into the text stay valid.  The search query parser, the entity lookup and
``akhbar normalize --keyboard`` run it; stored articles are not changed by it.

>>> restore_keyboard("باكستان كي تيم")
'پاكستان كي ٹيم'
>>> restore_keyboard("روبي كي قيمتون مين اضافه")
'روپے كي قيمتوں ميں اضافه'
>>> restore_keyboard("روپی کی قیمتوں میں")  # typed on an Urdu keyboard: unchanged
'روپی کی قیمتوں میں'
>>> restore_keyboard("دالر کی قیمت مین کمی کا اعلان")  # a Persian layout, no ه
'ڈالر کی قیمت میں کمی کا اعلان'
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice, product

__all__ = ["MAX_SLOTS", "MAX_WORDS", "MIN_WORDS", "RATIO", "missing_letters", "restore_keyboard"]

#: How many times as frequent (in the lexicon) the restored spelling must be as the typed one.
#: Chosen on the retrieval benchmark's ``tune`` queries (benchmarks/RETRIEVAL.md): 1, 3, 5, 10
#: and 20 are within 0.003 MRR@10 of each other on the Arabic-layout queries, but below 10 a
#: short headline typed with only ي ك ه for ی ک ہ loses real words (the C of ``آئی سی سی``
#: becomes ``سے``, ``مان`` ``ماں``, ``بچی`` ``بچے``); 10 changes none of them.
RATIO = 10
#: Most letters of one word that may each be one of two (2 ** 7 spellings looked up at most;
#: 27 words of the 37,318 of the Arabic-layout dev queries have more).
MAX_SLOTS = 7
#: Most words of one text respelled (a query holds at most 64 terms): bounds the lookups a
#: hostile text costs to about 8,000.
MAX_WORDS = 64
#: Fewest words of a text with no Arabic-keyboard letter and no letter only an Urdu keyboard
#: has that is taken for a Persian layout's.  Urdu of that length seldom lacks all of ے ں ہ
#: ھ ٹ ڈ ڑ ۃ ۓ: 6 of the 2,821 retrieval dev headlines do (the restoring changes none of them),
#: and 260 of the 72,664 Express headlines of five words or more (0.4 %; it changes 3 of them,
#: :data:`RATIO` keeps the rest).  Shorter texts (a name, ``مین آف دی میچ``) often lack them
#: and are left as typed.
MIN_WORDS = 5

_KEYBOARD_LETTERS = ("\u064a", "\u0643", "\u0647")  # ي ك ه
_ARABIC_HEH = "\u0647"
_HEHS = ("\u06c1", "\u06be")  # ہ ھ
#: A letter (after normalizing) → the Urdu letter a keyboard without it types as that letter.
_COUNTERPART = {
    "\u0628": "\u067e",  # ب → پ
    "\u062c": "\u0686",  # ج → چ
    "\u0632": "\u0698",  # ز → ژ
    "\u06a9": "\u06af",  # ک → گ
    "\u062a": "\u0679",  # ت → ٹ
    "\u062f": "\u0688",  # د → ڈ
    "\u0631": "\u0691",  # ر → ڑ
}
#: The same for the last letter of a word.
_FINAL_COUNTERPART = {"\u06cc": "\u06d2", "\u0646": "\u06ba"}  # ی → ے, ن → ں
#: Letters a keyboard has or lacks together: پ چ ژ گ (a Persian layout has them, an Arabic one
#: not), ٹ ڈ ڑ (neither has them), ے, ں.  A text that types one letter of a group was typed
#: on a keyboard with the group: its ب stay ب when it holds a گ.
_GROUPS = ("\u067e\u0686\u0698\u06af", "\u0679\u0688\u0691", "\u06d2", "\u06ba")
#: Letters only an Urdu keyboard types (ے ں ہ ھ): a text with one was not typed on an Arabic
#: or Persian layout, whatever other letters it lacks.
_URDU_KEYS = ("\u06d2", "\u06ba", "\u06c1", "\u06be")
#: What a Persian layout lacks of the restorable letters: the groups but پ چ ژ گ (ٹ ڈ ڑ ے ں).
_PERSIAN_MISSING = frozenset("".join(_GROUPS[1:]))
#: Letters only an Urdu keyboard has (ے ں ہ ھ ٹ ڈ ڑ ۃ ۓ): a Persian layout has none of them.
_URDU_ONLY = frozenset(_URDU_KEYS) | _PERSIAN_MISSING | {"\u06c3", "\u06d3"}  # ۃ ۓ
_WORD = re.compile(r"[\w\u064b-\u065f\u0670\u06d6-\u06ed]+")  # marks inside a word too


@lru_cache(maxsize=4096)
def _restored(word: str, missing: frozenset[str]) -> str:
    """``word`` respelled with the letters of ``missing`` where the lexicon says so."""
    from akhbar.text.lexicon import lexicon
    from akhbar.text.normalize import normalize

    typed = normalize(word)
    if len(typed) != len(word):  # a mark or a ligature went: offsets would move
        return word
    slots: list[tuple[int, tuple[str, ...]]] = []
    last = len(typed) - 1
    for i, ch in enumerate(typed):
        if word[i] == _ARABIC_HEH:
            slots.append((i, _HEHS))
        elif _COUNTERPART.get(ch) in missing:
            slots.append((i, (ch, _COUNTERPART[ch])))
        elif i == last and _FINAL_COUNTERPART.get(ch) in missing:
            slots.append((i, (ch, _FINAL_COUNTERPART[ch])))
    if not slots or len(slots) > MAX_SLOTS:
        return word
    counts = lexicon()
    best, best_count = "", RATIO * counts.get(typed, 0)
    chars = list(typed)
    for letters in product(*(choices for _, choices in slots)):
        for (i, _), ch in zip(slots, letters, strict=True):
            chars[i] = ch
        spelling = "".join(chars)
        count = counts.get(spelling, 0)
        if count > best_count:
            best, best_count = spelling, count
    if not best:
        return word
    out = list(word)
    for i, _ in slots:  # ه takes the chosen heh: the normalizer alone might choose another
        if best[i] != typed[i] or word[i] == _ARABIC_HEH:
            out[i] = best[i]
    return "".join(out)


def _has_words(text: str, n: int) -> bool:
    """Whether ``text`` holds at least ``n`` words."""
    return sum(1 for _ in islice(_WORD.finditer(text), n)) >= n


def missing_letters(text: str) -> frozenset[str]:
    """The Urdu letters that the keyboard ``text`` shows (see the module docstring) has no key
    for and that :func:`restore_keyboard` may put back; empty for Urdu typed on an Urdu
    keyboard (or a text too short to tell).

    >>> sorted(missing_letters("بي سي بي"))  # an Arabic layout: no پ چ ژ گ, no ٹ ڈ ڑ, ے, ں
    ['ٹ', 'پ', 'چ', 'ڈ', 'ڑ', 'ژ', 'گ', 'ں', 'ے']
    >>> missing_letters("پي سي بي") == missing_letters("بي سي بي") - set("پچژگ")
    True
    >>> missing_letters("بی سی بی")  # an Urdu keyboard's ی
    frozenset()
    """
    if any(c in text for c in _URDU_KEYS):
        return frozenset()
    if any(c in text for c in _KEYBOARD_LETTERS):
        return frozenset(
            letter
            for group in _GROUPS
            if not any(letter in text for letter in group)
            for letter in group
        )
    if _URDU_ONLY.isdisjoint(text) and _has_words(text, MIN_WORDS):
        return _PERSIAN_MISSING
    return frozenset()


def restore_keyboard(text: str) -> str:
    """``text`` with the Urdu letters its keyboard had no key for put back (see the module
    docstring); the same length as ``text``, unchanged unless the keyboard shows.

    >>> restore_keyboard("بچون كي تعليم")
    'بچوں كي تعليم'
    >>> restore_keyboard("بچون كے")  # a ے typed: an Urdu keyboard, whatever it lacks
    'بچون كے'
    >>> restore_keyboard("جين ني دالر كو ريكارد سطح تك بهنجا ديا")
    'چين نے ڈالر كو ريكارڈ سطح تك پہنچا ديا'
    >>> restore_keyboard("پاكستان كي تيم")  # a پ typed: ب stays ب; no ٹ: ت may be one
    'پاكستان كي ٹيم'
    >>> restore_keyboard("مین آف دی میچ")  # four words: may be an Urdu keyboard's
    'مین آف دی میچ'
    """
    missing = missing_letters(text)
    # (an Arabic ه is restored whatever else the text types: ہ or ھ)
    if not missing and (_ARABIC_HEH not in text or any(c in text for c in _URDU_KEYS)):
        return text
    seen = 0

    def restored(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return _restored(match.group(), missing) if seen <= MAX_WORDS else match.group()

    return _WORD.sub(restored, text)
