"""Urdu typed on an Arabic or Persian keyboard: the letters it has no key for, restored.

A standard Arabic keyboard (Arabic 101/102, the macOS and Android Arabic layouts) has no key
for ے ں ہ ھ ی ک پ چ گ ژ ٹ ڈ ڑ: a typist writes ``ي`` for ی and ے, ``ه`` for ہ and ھ, ``ن``
for ں, ``ك`` for ک and گ, and the nearest letter for the others (``ب`` for پ, ``ج`` for چ,
``ز`` for ژ, ``ت`` for ٹ, ``د`` for ڈ, ``ر`` for ڑ): ``باكستان`` for پاکستان, ``روبي`` for
روپے, ``دالر`` for ڈالر.  A Persian keyboard has پ چ ژ گ ی ک but no ے ں ہ ھ ٹ ڈ ڑ.  The
normalizer maps ي ك ه to the Urdu letters they look like, which meets the Urdu text only
where those were meant.

:func:`restore_keyboard` respells such a word as an Urdu word of the lexicon (the word counts of
the shared news, :func:`akhbar.text.lexicon.lexicon`): each ``ب ج ز ک ت د ر`` may be its Urdu
counterpart, each ``ه`` ہ or ھ, a final ``ی`` ے and a final ``ن`` ں.  A word typed next to
others takes the spelling most likely with the words typed before and after it (the shared
news's word pairs, :data:`CONTEXT_FILE`, the neighbours by :func:`typed_key`), at least
:data:`MARGIN` times as likely as the word as typed: ``بري خبر`` stays 'bad news' and ``بري
كمي`` is ``بڑی کمی``, 'a big fall'.  A word alone (or between punctuation) takes the spelling the
lexicon counts at least :data:`RATIO` times as often as the word as typed; where the typed word
is common itself (``بار`` / ``پار``) it stays as typed.  So does a word none of whose spellings
the news writes next to its neighbours, and a run of words that may be letter names (``سي جي
دي بي``: an acronym typed as its letters is the query parser's to read).

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
>>> restore_keyboard("ملك مين كيس كا بحران"), restore_keyboard("كيس كي سماعت")
('ملك ميں گيس كا بحران', 'كيس كي سماعت')
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib.resources import files
from itertools import islice, pairwise, product

__all__ = [
    "CONTEXT_FILE",
    "MARGIN",
    "MAX_SLOTS",
    "MAX_WORDS",
    "MIN_WORDS",
    "RATIO",
    "SMOOTHING",
    "missing_letters",
    "restore_keyboard",
    "typed_key",
]

#: How many times as frequent (in the lexicon) the restored spelling must be as the typed one.
#: Chosen on the retrieval benchmark's ``tune`` queries (benchmarks/RETRIEVAL.md): 1, 3, 5, 10
#: and 20 are within 0.003 MRR@10 of each other on the Arabic-layout queries, but below 10 a
#: short headline typed with only ي ك ه for ی ک ہ loses real words (the C of ``آئی سی سی``
#: becomes ``سے``, ``مان`` ``ماں``, ``بچی`` ``بچے``); 10 changes none of them.
RATIO = 10
#: With a neighbour: how many times as likely (given the words typed next to it) the restored
#: spelling must be as the typed one.  Chosen on the retrieval benchmark's ``tune`` queries.
MARGIN = 3
#: How many occurrences' worth of the background frequency smooth a word's neighbour counts.
SMOOTHING = 200
#: The words typed before and after each spelling, in the shared news (built by
#: ``scripts/build_keyboard_context.py``).
CONTEXT_FILE = "data/keyboard_context.tsv.gz"
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
#: A word: letters and the marks inside it; digits cut it (``تي20`` is the word ``تي`` + 20).
_WORD = re.compile(r"(?:[^\W\d_]|[\u064b-\u065f\u0670\u06d6-\u06ed])+")
#: What stands between two words next to each other: spaces, and quotes (``"سي" "بي"``).
_NEXT_TO = re.compile(r'[\s"“”„«»]*\s[\s"“”„«»]*')
#: Every letter to the one an Arabic layout types for it (after normalizing): the spellings a
#: keyboard may have meant share this key.
_TYPED_KEY = str.maketrans(
    {
        **{urdu: typed for typed, urdu in _COUNTERPART.items()},
        **{urdu: typed for typed, urdu in _FINAL_COUNTERPART.items()},
        "\u06c1": _ARABIC_HEH,  # ہ
        "\u06be": _ARABIC_HEH,  # ھ
        "\u06c3": _ARABIC_HEH,  # ۃ
        "\u06d3": "\u0626",  # ۓ → ئ
    }
)


def typed_key(word: str) -> str:
    """The normalized ``word`` as a keyboard without any of the Urdu letters would type it:
    every spelling such a keyboard may have meant by what it typed has the same key.

    >>> typed_key("بڑی") == typed_key("بری") == "بری"
    True
    >>> typed_key("پہنچے")
    'بهنجی'
    """
    return word.translate(_TYPED_KEY)


@lru_cache(maxsize=4096)
def _key_of(word: str) -> str:
    """The typed key of ``word`` as typed (normalized first): what its neighbours see of it."""
    from akhbar.text.normalize import normalize

    return typed_key(normalize(word))


@cache
def _contexts() -> tuple[dict[str, str], dict[str, str]]:
    """The context table (:data:`CONTEXT_FILE`): the typed key of a word → the spellings written
    after it, and → those written before it, each as the file's ``spelling:count`` list."""
    data = gzip.decompress(files("akhbar.text").joinpath(CONTEXT_FILE).read_bytes())
    after: dict[str, str] = {}
    before: dict[str, str] = {}
    for line in data.decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        side, key, spellings = line.split("\t")
        (after if side == "<" else before)[key] = spellings
    return after, before


@lru_cache(maxsize=8192)
def _next_to(side: str, key: str) -> Mapping[str, int]:
    """How often each spelling is written after (``side`` ``<``) or before (``>``) a word of
    typed key ``key``."""
    table = _contexts()[0 if side == "<" else 1]
    out: dict[str, int] = {}
    for item in table.get(key, "").split():
        spelling, _, count = item.rpartition(":")
        out[spelling] = int(count)
    return out


@cache
def _letter_keys() -> frozenset[str]:
    """The typed keys of the letter names (``پی``, ``ڈی``, ``اے``; not ``کے``, first of all the
    postposition): a run of words typed so may be an acronym typed as its letters, which the
    acronym reading decides (:func:`akhbar.search.query.keyboard_acronym`, by the acronyms the
    news writes), not the words next to them (``دي`` before ``بي`` is 'gave' or D)."""
    from akhbar.text.sentences import LETTER_NAMES

    return frozenset(typed_key(name) for name in LETTER_NAMES if name != "\u06a9\u06d2")  # کے


@cache
def _key_counts() -> tuple[Mapping[str, int], int]:
    """The lexicon's counts by typed key, and their sum."""
    from akhbar.text.lexicon import lexicon

    counts: dict[str, int] = {}
    for word, n in lexicon().items():
        key = typed_key(word)
        counts[key] = counts.get(key, 0) + n
    return counts, sum(counts.values())


def _seen_next_to(spellings: Mapping[str, int], before: str | None, after: str | None) -> bool:
    """Whether the news writes any of ``spellings`` next to a neighbour as typed."""
    return any(
        not spellings.keys().isdisjoint(_next_to(side, key))
        for side, key in (("<", before), (">", after))
        if key is not None
    )


def _log_likelihood(spelling: str, count: int, before: str | None, after: str | None) -> float:
    """log P(spelling) P(word before | spelling) P(word after | spelling), the neighbours by
    their typed keys, each estimate smoothed toward the neighbour's frequency."""
    keys, total = _key_counts()
    score = math.log(count)
    for side, key in (("<", before), (">", after)):
        if key is not None:
            seen = _next_to(side, key).get(spelling, 0)
            background = (keys.get(key, 0) + 1) / total
            score += math.log((seen + SMOOTHING * background) / (count + SMOOTHING))
    return score


@lru_cache(maxsize=4096)
def _restored(
    word: str, missing: frozenset[str], before: str | None = None, after: str | None = None
) -> str:
    """``word`` respelled with the letters of ``missing`` where the lexicon says so; ``before``
    and ``after``: the typed keys of the words typed next to it (None: none, or punctuation)."""
    from akhbar.text.lexicon import lexicon
    from akhbar.text.normalize import normalize_with_offsets

    # A letter of the word as typed may be several characters (آ as ا + U+0653, as some
    # outlets write it) or none (a mark): the lexicon is looked up in the normalized word, and
    # only a letter that is one character of the word as typed is replaced.
    typed, offs = normalize_with_offsets(word)
    slots: list[tuple[int, tuple[str, ...]]] = []
    last = len(typed) - 1
    for i, ch in enumerate(typed):
        if offs[i + 1] - offs[i] != 1:  # composed of several characters, or inserted
            continue
        if word[offs[i]] == _ARABIC_HEH:
            slots.append((i, _HEHS))
        elif _COUNTERPART.get(ch) in missing:
            slots.append((i, (ch, _COUNTERPART[ch])))
        elif i == last and _FINAL_COUNTERPART.get(ch) in missing:
            slots.append((i, (ch, _FINAL_COUNTERPART[ch])))
    if not slots or len(slots) > MAX_SLOTS:
        return word
    counts = lexicon()
    spellings: dict[str, int] = {}
    chars = list(typed)
    for letters in product(*(choices for _, choices in slots)):
        for (i, _), ch in zip(slots, letters, strict=True):
            chars[i] = ch
        spelling = "".join(chars)
        if count := counts.get(spelling, 0):
            spellings[spelling] = count
    if not spellings:
        return word
    if not _seen_next_to(spellings, before, after):  # alone, or no pair seen: the ratio rule
        best = max(spellings, key=spellings.__getitem__)  # the first of the most frequent
        if spellings[best] <= RATIO * spellings.get(typed, 0):
            return word
    else:
        scores = {s: _log_likelihood(s, n, before, after) for s, n in spellings.items()}
        best = max(scores, key=scores.__getitem__)
        if best == typed or (typed in scores and scores[best] - scores[typed] < math.log(MARGIN)):
            return word
    out = list(word)
    for i, _ in slots:  # ه takes the chosen heh: the normalizer alone might choose another
        if best[i] != typed[i] or word[offs[i]] == _ARABIC_HEH:
            out[offs[i]] = best[i]
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
    words = list(islice(_WORD.finditer(text), MAX_WORDS + 1))
    keys = [_key_of(m.group()) for m in words]
    # a word's neighbours: the words typed next to it, spaces between (as the table counts) and
    # quotes (``"a" b`` is ``a b``: what searching a phrase as its words writes)
    spaced = [_NEXT_TO.fullmatch(text[a.end() : b.start()]) is not None for a, b in pairwise(words)]
    # two letter names or more typed next to each other may be an acronym typed as its letters:
    # its letters are the acronym reading's (query.keyboard_acronym), the ratio rule's here
    letters = [key in _letter_keys() for key in keys]
    in_run = [
        letters[i]
        and (
            (i > 0 and spaced[i - 1] and letters[i - 1])
            or (i < len(spaced) and spaced[i] and letters[i + 1])
        )
        for i in range(len(words))
    ]
    out = list(text)
    for i, m in enumerate(words[:MAX_WORDS]):
        before = keys[i - 1] if i and spaced[i - 1] and not in_run[i] else None
        after = keys[i + 1] if i < len(spaced) and spaced[i] and not in_run[i] else None
        out[m.start() : m.end()] = _restored(m.group(), missing, before, after)
    return "".join(out)
