"""Named-entity recognition for Urdu news: a linear-chain CRF plus a neural scorer, in numpy.

The model (``akhbar/entities/model/``) is trained by ``scripts/train_ner.py`` on IL-NER Urdu
(see ``MODEL_CARD.md`` there).  The CRF is stored as TSV (``weights.tsv``: labels, transitions,
attribute × label weights; ``wordclasses.tsv``: the gazetteer / title / number word classes the
features use); the neural scorer (a BiLSTM with its own CRF layer, trained with torch) as numpy
arrays in ``neural.npz`` (:mod:`akhbar.entities.neural`), whose label and transition scores are
added to the CRF's with the weight in ``model.json``.  SHA-256 checksums of every file are in
``model.json`` and verified when the model loads.  Inference is numpy + a Viterbi decoder: no
torch, no TensorFlow, no CRF library.

Types: PERSON, LOCATION, ORGANIZATION, NUMBER, TIME, ARTIFACT.  A title or designation written
right before a person (``data/titles.txt``: صدر, وزیر خارجہ, ڈاکٹر …) is never part of the name:
it goes to the PERSON entity's ``title`` field.  After decoding, a few high-precision rules
(:mod:`akhbar.entities.rules`: a name between a title and ``نے``/``کا``…, a country or a
listed organisation of the gazetteer before a postposition) add entities the model left out;
:meth:`Recognizer.tag_words` and :meth:`Recognizer.tag_sentences` give the model's raw tags
without them.

Entry points: :func:`recognize` (raw text → :class:`Entity` with offsets into the text),
:func:`tag_tokens` (one pre-tokenized sentence → BIO tags), :func:`conll_tag` (CoNLL lines in,
``token<TAB>tag`` lines out), and :class:`Recognizer` to hold a model explicitly.

>>> text = "روس کے وزیر خارجہ سرگئی لاوروف نے صدر ایران ڈاکٹرحسن روحانی سے ملاقات کی۔"
>>> [(e.text, e.type, e.title) for e in recognize(text)]
[('روس', 'LOCATION', None), ('سرگئی لاوروف', 'PERSON', 'وزیر خارجہ'),
 ('حسن روحانی', 'PERSON', 'ڈاکٹر')]
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from akhbar.entities.evaluate import bio_spans
from akhbar.entities.features import (
    BOS,
    EOS,
    OFFSETS,
    PAIR_LEFT,
    PAIR_RIGHT,
    FeatureSet,
    split_compound,
)
from akhbar.entities.neural import FEATURE_PREFIXES, NeuralScorer
from akhbar.entities.rules import DEFAULT_RULES, Rules, known_names
from akhbar.text.keys import match_key
from akhbar.text.normalize import FORMAT_INVISIBLES
from akhbar.text.segment import segment
from akhbar.text.words import Token

__all__ = [
    "Entity",
    "ModelError",
    "Recognizer",
    "conll_lines",
    "conll_tag",
    "default_recognizer",
    "load_titles",
    "recognize",
    "tag_tokens",
]

Array = npt.NDArray[np.float64]

#: Tokens tagged in one batch by :meth:`Recognizer.entities_in_texts` (bounds its memory).
MAX_BATCH_TOKENS = 20_000
#: Tokens of a sentence tagged at once; a longer one (no sentence end in a whole text) is cut.
MAX_SENTENCE_TOKENS = 2_000


def _pieces(tokens: list[Token]) -> list[list[Token]]:
    """A sentence's tokens in pieces of at most :data:`MAX_SENTENCE_TOKENS`.

    >>> [len(p) for p in _pieces([Token("x", 0, 1, "x", "word", False)] * 4001)]
    [2000, 2000, 1]
    """
    n = MAX_SENTENCE_TOKENS
    return [tokens[i : i + n] for i in range(0, len(tokens), n)] or [tokens]


#: The year sign written after a year (``1947ء``): IL-NER, which the model learned from, keeps it
#: on its number as one token; our tokenizer cuts it off.
YEAR_SIGN = "\u0621"


def _year_signs(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each year sign glued to the number before it put back on it, as the
    model's training data writes years (``1962ء`` is one token there): cut off, the sign reads
    as a word and the model runs the dates of a sentence together.

    >>> from akhbar.text.words import tokenize
    >>> [t.text for t in _year_signs(list(tokenize("سن 1962ء اور 1955 ء")))]
    ['سن', '1962ء', 'اور', '1955', 'ء']
    """
    out: list[Token] = []
    for t in tokens:
        prev = out[-1] if out else None
        if (
            t.text == YEAR_SIGN
            and prev is not None
            and prev.kind == "number"
            and prev.end == t.start
        ):
            out[-1] = prev._replace(
                text=prev.text + t.text,
                end=t.end,
                norm=prev.norm + t.norm,
                space_after=t.space_after,
            )
        else:
            out.append(t)
    return out


#: Token kinds the tagger never sees as part of an entity (they are still tagged ``O``).
_SKIP_KINDS = frozenset({"url", "email"})


class ModelError(ValueError):
    """The shipped model is missing, corrupt (checksum mismatch) or inconsistent."""


class Entity(NamedTuple):
    """One entity mention: ``text == original[start:end]``; ``title`` only on PERSON."""

    start: int
    end: int
    text: str
    type: str
    title: str | None = None
    score: float | None = None


def _model_dir() -> Path:
    return Path(str(files("akhbar.entities").joinpath("model")))


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes.

    >>> len(sha256_file(_model_dir() / "model.json"))
    64
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_titles(text: str | None = None, *, features: bool = False) -> list[tuple[str, ...]]:
    """Titles as tuples of word keys, longest first (from ``data/titles.txt`` by default).

    With ``features=True``, only the titles that are model features: an entry whose third
    column is ``rules-only`` was added after the shipped model was trained, so the rules use it
    but the training script leaves it out of the word classes (``c:ti``) until the next model
    is trained with it and the flag is taken off; ``make train-ner`` then trains the shipped
    model again.

    >>> ("وزیر", "خارجہ") in load_titles()
    True
    >>> load_titles("جج\\tjudge\\n# comment")
    [('جج',)]
    >>> load_titles("جج\\tjudge\\nامپائر\\tumpire\\trules-only", features=True)
    [('جج',)]
    """
    if text is None:
        text = files("akhbar.entities").joinpath("data/titles.txt").read_text(encoding="utf-8")
    out = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if features and len(fields) > 2 and fields[2].strip() == "rules-only":
            continue
        out.add(tuple(match_key(w) for w in fields[0].split()))
    return sorted(out, key=lambda t: (-len(t), t))


def bio_label(label: str) -> str:
    """A model label as a BIO tag: a BIOES model's ``S-X`` → ``B-X`` and ``E-X`` → ``I-X``.

    >>> [bio_label(x) for x in ("O", "B-PERSON", "S-PERSON", "E-TIME", "I-TIME")]
    ['O', 'B-PERSON', 'B-PERSON', 'I-TIME', 'I-TIME']
    """
    if label.startswith("S-"):
        return "B-" + label[2:]
    if label.startswith("E-"):
        return "I-" + label[2:]
    return label


def _read_wordclasses(path: Path) -> dict[str, frozenset[str]]:
    classes: dict[str, frozenset[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, names = line.partition("\t")
        classes[key] = frozenset(names.split(","))
    return classes


class _Weights(NamedTuple):
    labels: list[str]
    transitions: Array
    attr_index: dict[str, int]
    state: Array


def _read_weights(path: Path) -> _Weights:
    labels: list[str] = []
    trans: list[tuple[str, str, float]] = []
    rows: dict[str, list[tuple[str, float]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if parts[0] == "L":
            labels.extend(parts[1:])
        elif parts[0] == "T":
            trans.append((parts[1], parts[2], float(parts[3])))
        elif parts[0] == "S":
            rows.setdefault(parts[1], []).append((parts[2], float(parts[3])))
        else:
            raise ModelError(f"{path.name}: unknown line kind {parts[0]!r}")
    lab = {name: i for i, name in enumerate(labels)}
    transitions = np.zeros((len(labels), len(labels)))
    for a, b, w in trans:
        transitions[lab[a], lab[b]] = w
    index: dict[str, int] = {}
    state = np.zeros((len(rows), len(labels)))
    for i, (attr, ws) in enumerate(rows.items()):
        index[attr] = i
        for name, w in ws:
            state[i, lab[name]] = w
    return _Weights(labels, transitions, index, state)


class Recognizer:
    """A loaded NER model (weights, word classes, titles); loads lazily on first use.

    ``rules``: which post-decoding rules of :mod:`akhbar.entities.rules` run after the model
    (default: the shipped ones, ``rules.DEFAULT_RULES``; ``()`` for the model alone).

    >>> r = Recognizer()
    >>> r.tag_tokens(["وزیر", "خارجہ", "سرگئی", "لاوروف", "نے", "کہا"])
    ['O', 'O', 'B-PERSON', 'I-PERSON', 'O', 'O']
    >>> Recognizer(rules=()).tag_tokens(["چیف", "جسٹس", "قاضی", "فائز", "عیسیٰ", "نے", "کہا"])
    ['O', 'O', 'O', 'O', 'O', 'O', 'O']
    """

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        verify: bool = True,
        rules: Iterable[str] | None = None,
    ) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else _model_dir()
        self.verify = verify
        self.rule_names = tuple(DEFAULT_RULES if rules is None else rules)
        self._loaded = False

    # -- loading -------------------------------------------------------------------------

    def _load(self) -> None:
        if self._loaded:
            return
        meta_path = self.model_dir / "model.json"
        if not meta_path.is_file():
            raise ModelError(f"no NER model at {self.model_dir} (run `make train-ner`)")
        meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
        if self.verify:
            for name, digest in meta["files"].items():
                path = self.model_dir / name
                if not path.is_file():
                    raise ModelError(f"model file missing: {path}")
                got = sha256_file(path)
                if got != digest:
                    raise ModelError(f"checksum mismatch for {path}: expected {digest}, got {got}")
        weights = _read_weights(self.model_dir / "weights.tsv")
        if weights.labels != meta["labels"]:
            raise ModelError("labels in weights.tsv and model.json differ")
        ours = {str(k): None if v is None else list(v) for k, v in OFFSETS.items()}
        if "offsets" in meta and meta["offsets"] != ours:
            raise ModelError("model trained with other feature offsets (features.OFFSETS)")
        pairs = bool(meta.get("pairs", False))
        pair_attrs = [a for a in weights.attr_index if a.startswith((PAIR_LEFT, PAIR_RIGHT))]
        if pair_attrs and not pairs:
            raise ModelError("weights.tsv has word-pair features but model.json says pairs: false")
        self.meta = meta
        self.labels = weights.labels
        self._bio_labels = [bio_label(lab) for lab in weights.labels]
        self._trans = weights.transitions
        self._trans_t = np.ascontiguousarray(weights.transitions.T)
        self._label_range = np.arange(len(weights.labels))
        self._index = weights.attr_index
        self._state = weights.state
        self._nlab = len(weights.labels)
        # Word-pair weights, keyed by "a|b" (the attribute without its P+| / P-| prefix): the
        # scores the pair adds to its left word (P+) and to its right word (P-).
        self._pair_index: dict[str, int] = {}
        for a in pair_attrs:
            self._pair_index.setdefault(a[len(PAIR_LEFT) :], len(self._pair_index))
        self._pair_left = np.zeros((len(self._pair_index), self._nlab))
        self._pair_right = np.zeros((len(self._pair_index), self._nlab))
        for a in pair_attrs:
            side = self._pair_left if a.startswith(PAIR_LEFT) else self._pair_right
            side[self._pair_index[a[len(PAIR_LEFT) :]]] = self._state[self._index.pop(a)]
        bias = self._index.get("bias")
        self._bias = self._state[bias] if bias is not None else np.zeros(self._nlab)
        self.features = FeatureSet(
            _read_wordclasses(self.model_dir / "wordclasses.tsv"), pairs=pairs
        )
        self._neural: NeuralScorer | None = None
        self._neural_weight = 0.0
        neural = meta.get("neural")
        if neural:
            if neural["file"] not in meta["files"]:
                raise ModelError(f"{neural['file']} is not checksummed in model.json")
            feats = self.features

            def attrs(word: str) -> list[str]:
                return [a for a in feats.word_attrs(word) if a.startswith(FEATURE_PREFIXES)]

            self._neural = NeuralScorer.load(self.model_dir / neural["file"], feats.key, attrs)
            if self._neural.labels != self.labels:
                raise ModelError(f"labels in {neural['file']} and model.json differ")
            self._neural_weight = float(neural["weight"])
            if self._neural.transitions is not None:  # trained with its own CRF layer
                self._trans = self._trans + self._neural_weight * self._neural.transitions
                self._trans_t = np.ascontiguousarray(self._trans.T)
        self.titles = load_titles()
        self._title_first = {t[0] for t in self.titles}
        self._title_words = max((len(t) for t in self.titles), default=1)
        self.rules = Rules(self.titles, self.features.classes, enabled=self.rule_names)
        self._place_words = max((len(k) for k in self.rules.locations), default=0)
        # The last words of the listed persons (ڈیوڈ کیمرون → کیمرون): after a title, a place
        # spelled so may be the person.
        self._surnames = {
            k[i:] for k, kind in known_names().items() if kind == "PERSON" for i in range(1, len(k))
        }
        self._offsets = sorted(OFFSETS)
        self._word_index: dict[str, int] = {}
        self._store = np.zeros((4096, len(self._offsets), self._nlab))
        self._loaded = True

    def load(self) -> Recognizer:
        """Load (and verify) the model now rather than on first use; returns ``self``.

        >>> Recognizer().load().labels[0]
        'O'
        """
        self._load()
        return self

    # -- scoring ------------------------------------------------------------------------

    def _word_row(self, word: str) -> int:
        """Row of ``word`` in the score store: its scores for the token at offsets -2 … +2."""
        row = self._word_index.get(word)
        if row is not None:
            return row
        if len(self._word_index) >= 500_000:  # bound memory in very long runs
            self._word_index = {}
        row = len(self._word_index)
        if row >= self._store.shape[0]:
            grown = np.zeros((2 * self._store.shape[0], *self._store.shape[1:]))
            grown[:row] = self._store[:row]
            self._store = grown
        m = self._store[row]
        m[:] = 0.0
        index = self._index
        for r, off in enumerate(self._offsets):
            idx = [
                i for a in self.features.offset_attrs(word, off) if (i := index.get(a)) is not None
            ]
            if idx:
                m[r] = self._state[idx].sum(axis=0)
        self._word_index[word] = row
        return row

    def emissions(self, words: Sequence[str]) -> Array:
        """Per-token label scores (n × labels) of one sentence of words.

        >>> Recognizer().emissions(["روس"]).shape[0]
        1
        """
        return self._emissions_batch([words])[0]

    def _emissions_batch(self, sents: Sequence[Sequence[str]]) -> list[Array]:
        """Emission matrices of several sentences, computed in one numpy pass."""
        self._load()
        pad = [self._word_row(BOS)] * 2
        end = [self._word_row(EOS)] * 2
        rows: list[int] = []
        spans = []
        for words in sents:
            rows.extend(pad)
            spans.append((len(rows), len(rows) + len(words)))
            rows.extend(self._word_row(w) for w in words)
            rows.extend(end)
        m = self._store[np.array(rows, dtype=np.intp)]
        total = len(rows)
        e = np.empty((total, self._nlab))
        e[:] = self._bias
        for r, off in enumerate(self._offsets):
            lo, hi = max(0, off), total + min(0, off)
            e[lo - off : hi - off] += m[lo:hi, r]
        if self._pair_index:
            self._add_pairs(e, sents, spans)
        out = [e[a:b] for a, b in spans]
        if self._neural is not None:
            w = self._neural_weight
            for x, lp in zip(out, self._neural.log_probs(sents), strict=True):
                np.add(x, w * lp, out=x)
        return out

    def _add_pairs(
        self, e: Array, sents: Sequence[Sequence[str]], spans: Sequence[tuple[int, int]]
    ) -> None:
        """Add the word-pair scores: one dict lookup per adjacent pair of keys (with padding)."""
        get = self._pair_index.get
        key = self.features.key
        left_rows: list[int] = []
        left_pairs: list[int] = []
        right_rows: list[int] = []
        right_pairs: list[int] = []
        for words, (a, b) in zip(sents, spans, strict=True):
            prev = BOS
            row = a - 1  # the row of ``prev``
            for w in (*words, EOS):
                k = key(w)
                p = get(f"{prev}|{k}")
                if p is not None:
                    if row >= a:
                        left_rows.append(row)
                        left_pairs.append(p)
                    if row + 1 < b:
                        right_rows.append(row + 1)
                        right_pairs.append(p)
                prev = k
                row += 1
        # Each token is the left word of one pair and the right word of one: no repeated rows.
        if left_rows:
            e[left_rows] += self._pair_left[left_pairs]
        if right_rows:
            e[right_rows] += self._pair_right[right_pairs]

    def _viterbi_batch(self, es: Sequence[Array]) -> list[list[int]]:
        """Best label paths of several sentences, stepping through them together.

        Every sentence sees exactly the arithmetic of a one-sentence Viterbi in crfsuite's order
        (``max_i(delta[i] + trans[i, j]) + state[j]``; ties go to the lowest label index).
        """
        if len(es) == 1:
            return [self._viterbi_one(es[0])]
        out: list[list[int]] = [[] for _ in es]
        order = sorted((i for i in range(len(es)) if len(es[i])), key=lambda i: len(es[i]))
        if not order:
            return out
        nlab = self._nlab
        lengths = np.array([len(es[i]) for i in order])
        tmax = int(lengths[-1])
        b = len(order)
        e = np.zeros((tmax, b, nlab))
        for k, i in enumerate(order):
            e[: len(es[i]), k] = es[i]
        back = np.zeros((tmax, b, nlab), dtype=np.intp)
        trans = self._trans[None, :, :]
        delta = e[0].copy()
        final = np.empty((b, nlab))
        s = np.empty((b, nlab, nlab))
        done = 0
        for t in range(1, tmax):
            while lengths[done] == t:  # sentences that ended at t-1 leave the batch
                final[done] = delta[done]
                done += 1
            np.add(delta[done:, :, None], trans, out=s[done:])
            back[t, done:] = s[done:].argmax(axis=1)
            delta[done:] = s[done:].max(axis=1) + e[t, done:]
        final[done:] = delta[done:]
        best = final.argmax(axis=1).tolist()
        backs = back.tolist()
        for k, i in enumerate(order):
            cur = best[k]
            path = [cur]
            for t in range(int(lengths[k]) - 1, 0, -1):
                cur = backs[t][k][cur]
                path.append(cur)
            path.reverse()
            out[i] = path
        return out

    def _viterbi_one(self, e: Array) -> list[int]:
        """Best label path of one sentence: the batch arithmetic on 2-D arrays (less overhead).

        ``s[j, i] = trans[i, j] + delta[i]``; the argmax over ``i`` picks the same (lowest) index
        as the batch, and ``s[j, best]`` is the same float as the batch's max.
        """
        n = len(e)
        if n == 0:
            return []
        trans_t = self._trans_t
        rows = self._label_range
        delta = e[0]
        back: list[list[int]] = []
        for t in range(1, n):
            s = trans_t + delta
            best = s.argmax(axis=1)
            back.append(best.tolist())
            delta = s[rows, best] + e[t]
        cur = int(delta.argmax())
        path = [cur]
        for bp in reversed(back):
            cur = bp[cur]
            path.append(cur)
        path.reverse()
        return path

    def tag_sentences(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        """Raw model tags for several sentences of words at once (faster than one by one).

        >>> Recognizer().tag_sentences([["روس"], []])
        [['B-LOCATION'], []]
        """
        if not sents:
            return []
        self._load()
        labels = self._bio_labels
        paths = self._viterbi_batch(self._emissions_batch(sents))
        return [[labels[i] for i in p] for p in paths]

    def tag_words(self, words: Sequence[str]) -> list[str]:
        """Raw model tags for one sentence of words (no compound splitting, no title fixes).

        >>> Recognizer().tag_words([])
        []
        """
        return self.tag_sentences([words])[0]

    # -- titles -------------------------------------------------------------------------

    def _title_at(self, keys: Sequence[str], i: int) -> int:
        """Length of the longest title starting at ``keys[i]`` (0 if none)."""
        if keys[i] not in self._title_first:
            return 0
        for t in self.titles:
            if tuple(keys[i : i + len(t)]) == t:
                return len(t)
        return 0

    def _title_before(self, keys: Sequence[str], end: int) -> int:
        """Index where a run of titles ending right before ``end`` starts (``end`` if none)."""
        start = end
        while start > 0:
            for t in self.titles:
                k = len(t)
                if start - k >= 0 and tuple(keys[start - k : start]) == t:
                    start -= k
                    break
            else:
                break
        return start

    def _fix_titles(
        self, words: Sequence[str], tags: list[str]
    ) -> tuple[list[str], dict[int, tuple[int, int]]]:
        """Move leading title words out of PERSON spans; find the title run before each person.
        A person that is only a place after its title (``صدر امریکا``) is that place.

        Returns the fixed tags and, per PERSON span start, the (start, end) token range of its
        title.
        """
        titles: dict[int, tuple[int, int]] = {}
        if "B-PERSON" not in tags and "I-PERSON" not in tags:
            return tags, titles
        keys = [match_key(w) for w in words]
        for kind, s, e in bio_spans(tags):
            if kind != "PERSON":
                continue
            start = s
            # A title of several words the model cut in two, its head tagged as another entity
            # or its tail no name's word (no listed person's name holds it), and its
            # tail taken into the name (``[سی] [ای او وسیم خان]``, CEO; ``صدر [مملکت آصف علی
            # زرداری]``, the president of the state): the title is left out whole, with what
            # the model made of its head.  Not when the head is untagged and the tail may be a
            # name: ``وزیر [اعظم سواتی]`` is a minister named Azam, not a prime minister.
            for t in range(max(0, s - self._title_words + 1), s):
                k = self._title_at(keys, t)
                if s < t + k < e and (
                    tags[t] != "O"
                    or not any(self.rules.person_word(keys[j]) for j in range(s, t + k))
                ):
                    for j in range(t, t + k):
                        tags[j] = "O"
                    start = t + k
                    tags[start] = "B-PERSON"
                    break
            while start < e - 1:
                k = self._title_at(keys, start)
                if k == 0 or start + k >= e:
                    break
                for j in range(start, start + k):
                    tags[j] = "O"
                start += k
            if start != s:
                tags[start] = "B-PERSON"
            t0 = self._title_before(keys, start)
            if t0 < start:
                k = self._place_at(keys, start, e)
                if k == e - start and tuple(keys[start:e]) not in self._surnames:
                    # A title and a place only (صدر امریکا, امیر کویت): the office's place, its
                    # holder unnamed; a LOCATION, as IL-NER and UNER annotate a place after a
                    # title.  Not a place that is also the surname of a listed person
                    # (وزیراعظم کیمرون: Cameron, not Cameroon).
                    tags[start] = "B-LOCATION"
                    for j in range(start + 1, e):
                        tags[j] = "I-LOCATION"
                    continue
                # The office's place, right after the title (وزیر اعلیٰ پنجاب مریم نواز, گورنر
                # سندھ کامران ٹیسوری): a LOCATION and part of the title, not of the name.  Only
                # before a name of two words or more, so a one-word surname after a first name
                # that is also a place (وزیر اعظم جارجیا میلونی) stays whole.
                if k and e - (start + k) >= 2:
                    tags[start] = "B-LOCATION"
                    for j in range(start + 1, start + k):
                        tags[j] = "I-LOCATION"
                    start += k
                    tags[start] = "B-PERSON"
                titles[start] = (t0, start)
        return tags, titles

    def _place_at(self, keys: Sequence[str], i: int, end: int) -> int:
        """Words in the longest place of the gazetteer starting at ``keys[i]`` and ending by
        ``end`` (0 if none)."""
        places = self.rules.locations
        for k in range(min(self._place_words, end - i), 0, -1):
            if tuple(keys[i : i + k]) in places:
                return k
        return 0

    # -- public -------------------------------------------------------------------------

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags (``B-PERSON`` …) for one pre-tokenized sentence, one tag per token.

        IL-NER-style compounds (``بنگلہ_دیش``) are split into words for the model and get the
        tag of their first word (or its first entity tag); titles are tagged ``O``.

        >>> Recognizer().tag_tokens(["نئی_دہلی", "میں"])
        ['B-LOCATION', 'O']
        """
        return self.tag_token_sentences([tokens])[0]

    def tag_token_sentences(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        """:meth:`tag_tokens` for several sentences at once (one batched Viterbi).

        >>> sents = [["شہباز", "شریف", "کراچی", "پہنچے"], ["ایران", "اور", "روس"]]
        >>> Recognizer().tag_token_sentences(sents)
        [['B-PERSON', 'I-PERSON', 'B-LOCATION', 'O'], ['B-LOCATION', 'O', 'B-LOCATION']]
        """
        split: list[list[str]] = []
        owners: list[list[int]] = []
        for tokens in sents:
            pieces: list[str] = []
            owner: list[int] = []
            for i, tok in enumerate(tokens):
                # a token may hold spaces (a CoNLL column, a tokenizer's multiword token):
                # the model reads words, as IL-NER's compounds are split at "_"
                for p in (q for w in tok.split() for q in split_compound(w)):
                    pieces.append(p)
                    owner.append(i)
            split.append(pieces)
            owners.append(owner)
        # Bounded memory, as in entities_in_texts: a sentence of more than
        # MAX_SENTENCE_TOKENS words is tagged in pieces, at most MAX_BATCH_TOKENS at once.
        chunks: list[tuple[int, list[str]]] = []
        for k, pieces in enumerate(split):
            step = MAX_SENTENCE_TOKENS
            chunks.extend((k, pieces[i : i + step]) for i in range(0, len(pieces), step))
            if not pieces:
                chunks.append((k, pieces))
        fixed: list[list[str]] = [[] for _ in split]
        for (k, piece), raw in zip(chunks, self._tag_bounded([c for _, c in chunks]), strict=True):
            fixed[k].extend(self._fix_titles(piece, self.rules.apply(piece, raw))[0])
        results = []
        for tokens, owner, tags in zip(sents, owners, fixed, strict=True):
            out = ["O"] * len(tokens)
            seen: set[int] = set()
            for tag, i in zip(tags, owner, strict=True):
                if i not in seen:
                    seen.add(i)
                    out[i] = tag
                elif out[i] == "O" and tag != "O":
                    out[i] = "B-" + tag[2:]
            # A token whose first word continued an entity that its previous token does not hold.
            for i in range(len(out)):
                if out[i].startswith("I-") and (i == 0 or out[i - 1][2:] != out[i][2:]):
                    out[i] = "B-" + out[i][2:]
            results.append(out)
        return results

    def entities_in_sentences(
        self, text: str, sentences: Sequence[Sequence[Token]]
    ) -> list[Entity]:
        """Entities in sentences of tokens from :func:`akhbar.text.words.tokenize` / ``segment``.

        Offsets are the tokens' own (into ``text``).

        >>> from akhbar.text.words import tokenize
        >>> t = "ایران اور روس"
        >>> [e.text for e in Recognizer().entities_in_sentences(t, [tokenize(t)])]
        ['ایران', 'روس']
        """
        return self.entities_in_texts([(text, sentences)])[0]

    def entities_in_texts(
        self, texts: Sequence[tuple[str, Sequence[Sequence[Token]]]]
    ) -> list[list[Entity]]:
        """:meth:`entities_in_sentences` of several texts (an article's paragraphs), their
        sentences tagged in one batch: the same entities, far fewer numpy calls than text by
        text (the neural scorer steps all sentences of a batch together).

        >>> from akhbar.text.words import tokenize
        >>> a, b = "ایران اور روس", "وہ تہران میں ہیں"
        >>> found = Recognizer().entities_in_texts([(a, [tokenize(a)]), (b, [tokenize(b)])])
        >>> [[e.text for e in f] for f in found]
        [['ایران', 'روس'], ['تہران']]
        """
        # A "sentence" longer than MAX_SENTENCE_TOKENS (a text with no sentence end) is tagged
        # in pieces: the model's memory grows with the tokens it holds at once.
        kept = [
            [
                piece
                for toks in sents
                for piece in _pieces(
                    _year_signs([t for t in toks if t.kind not in _SKIP_KINDS and t.text.strip()])
                )
            ]
            for _, sents in texts
        ]
        # The model reads words without the invisible marks at their edges (a right-to-left
        # mark after صدر made it no title); offsets stay the tokens' own.
        words = [[_word(t.text) for t in toks] for sents in kept for toks in sents]
        tagged = iter(self._tag_bounded(words))
        out: list[list[Entity]] = []
        for (text, _), sents in zip(texts, kept, strict=True):
            found = []
            for toks in sents:
                ws = [_word(t.text) for t in toks]
                tags, titles = self._fix_titles(ws, self.rules.apply(ws, next(tagged)))
                for kind, s, e in bio_spans(tags):
                    start, end = _trim(text, toks[s].start, toks[e - 1].end)
                    title = None
                    if kind == "PERSON" and s in titles:
                        t0, t1 = titles[s]
                        a, b = _trim(text, toks[t0].start, toks[t1 - 1].end)
                        title = text[a:b]
                    found.append(Entity(start, end, text[start:end], kind, title))
            out.append(found)
        return out

    def _tag_bounded(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        """:meth:`tag_sentences` in batches of at most :data:`MAX_BATCH_TOKENS` tokens, so a
        long text does not hold the scores of all its tokens at once (about 7 kB a token)."""
        out: list[list[str]] = []
        batch: list[Sequence[str]] = []
        size = 0
        for words in sents:
            if batch and size + len(words) > MAX_BATCH_TOKENS:
                out.extend(self.tag_sentences(batch))
                batch, size = [], 0
            batch.append(words)
            size += len(words)
        out.extend(self.tag_sentences(batch))
        return out

    def recognize(self, text: str) -> list[Entity]:
        """Entities in raw text, with ``(start, end)`` offsets into ``text``.

        >>> [(e.text, e.type) for e in Recognizer().recognize("وہ تہران میں ہیں۔")]
        [('تہران', 'LOCATION')]
        """
        return self.entities_in_sentences(text, [s.tokens for s in segment(text)])

    def conll_tag(self, lines: Iterable[str], *, batch: int = 256) -> Iterator[str]:
        """Tag CoNLL input: one token per line, blank line between sentences.

        Yields exactly one line per input line, so the output lines up with the input: a token
        line gives ``token<TAB>tag``, a blank (or whitespace-only) line an empty line, and a
        comment (a line starting with ``#`` where a sentence starts and holding no tab, as in
        CoNLL-U) is passed through unchanged without joining any sentence.  The token is the
        first tab-separated column when the line has a tab (it may hold spaces), else the first
        space-separated one.  Sentences are tagged ``batch`` at a time.

        >>> list(Recognizer().conll_tag(["روس\\tX", "", "ماسکو"]))
        ['روس\\tB-LOCATION', '', 'ماسکو\\tB-LOCATION']
        >>> list(Recognizer().conll_tag(["# sent 1", "روس", "", "", "  "]))
        ['# sent 1', 'روس\\tB-LOCATION', '', '', '']
        """
        # Output in input order: a str is a line as it is, a list the tokens of a sentence.
        queue: list[str | list[str]] = []
        sent: list[str] = []
        pending = 0
        for raw in lines:
            line = raw.lstrip("\ufeff").rstrip("\r\n")
            token = _conll_token(line)
            if token is not None and not (not sent and _conll_comment(line)):
                if not sent:
                    queue.append(sent)
                sent.append(token)
                continue
            if sent:
                sent = []
                pending += 1
            queue.append(line if token is not None else "")
            if pending >= batch:
                yield from self._conll_flush(queue)
                queue, pending = [], 0
        yield from self._conll_flush(queue)

    def _conll_flush(self, queue: list[str | list[str]]) -> Iterator[str]:
        sents = [item for item in queue if isinstance(item, list)]
        tagged = iter(self.tag_token_sentences(sents))
        for item in queue:
            if isinstance(item, str):
                yield item
                continue
            for tok, tag in zip(item, next(tagged), strict=True):
                yield f"{tok}\t{tag}"


#: Invisible marks a token may carry at its edges (the text core's invisible format characters:
#: directional marks and isolates, joiners, BOM, soft hyphen; and the zero-width space): never
#: the first or last character of an entity.
_EDGE_MARKS = FORMAT_INVISIBLES | {"\u200b"}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the invisible marks at either edge (kept if nothing else).

    >>> _trim("\u200fروس\u200f x", 0, 5)
    (1, 4)
    """
    a, b = start, end
    while a < b and text[a] in _EDGE_MARKS:
        a += 1
    while b > a and text[b - 1] in _EDGE_MARKS:
        b -= 1
    return (a, b) if a < b else (start, end)


def _word(token: str) -> str:
    """A token as the model reads it: without invisible marks at its edges.

    >>> _word("\u200fصدر\u200f") == "صدر", _word("\u200f")
    (True, '\u200f')
    """
    a, b = _trim(token, 0, len(token))
    return token[a:b]


#: A line break of CoNLL input (not the other breaks of ``str.splitlines``: a U+2028 or U+0085
#: inside a token line does not make it two lines).
_CONLL_BREAK = re.compile(r"\r\n|\r|\n")
#: Spaces between the columns of a line without tabs (not NBSP, which may be inside a token).
_CONLL_SPACES = re.compile(r"[ \t\f\v]+")


def conll_lines(text: str) -> list[str]:
    """The lines of CoNLL input text (CRLF, CR or LF ends; a final line end ends no extra line).

    >>> conll_lines("روس\\tX\\r\\n\\r\\nماسکو\\u2028x\\n")
    ['روس\\tX', '', 'ماسکو\\u2028x']
    """
    lines = _CONLL_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _conll_token(line: str) -> str | None:
    """The token of a CoNLL line: its first tab-separated column that is not blank when the
    line has a tab, else its first space-separated column; None for a blank line.

    >>> _conll_token("نئی دہلی\\tB-NEL"), _conll_token("  روس   NNP O"), _conll_token(" \\u00a0 ")
    ('نئی دہلی', 'روس', None)
    """
    if "\t" in line:
        for field in line.split("\t"):
            if field.strip():
                return field.strip()
        return None
    stripped = line.strip()
    return _CONLL_SPACES.split(stripped, maxsplit=1)[0] if stripped else None


def _conll_comment(line: str) -> bool:
    """Whether a line where a sentence would start is a comment (``# text = …``)."""
    return line.lstrip().startswith("#") and "\t" not in line


@cache
def default_recognizer() -> Recognizer:
    """The process-wide recognizer over the shipped model (created once, loaded on first use).

    >>> default_recognizer() is default_recognizer()
    True
    """
    return Recognizer()


def recognize(text: str) -> list[Entity]:
    """Entities in raw Urdu text with offsets into it (shipped model).

    >>> [e.type for e in recognize("پاکستان")]
    ['LOCATION']
    """
    return default_recognizer().recognize(text)


def tag_tokens(tokens: Sequence[str]) -> list[str]:
    """BIO tags with our type names for one pre-tokenized sentence (shipped model).

    >>> tag_tokens(["امریکہ", "نے", "کہا"])
    ['B-LOCATION', 'O', 'O']
    """
    return default_recognizer().tag_tokens(tokens)


def conll_tag(lines: Iterable[str]) -> Iterator[str]:
    """CoNLL in (first column = token, blank line between sentences), ``token<TAB>tag`` out.

    >>> list(conll_tag(["لاہور", ""]))
    ['لاہور\\tB-LOCATION', '']
    """
    return default_recognizer().conll_tag(lines)


def model_info() -> Mapping[str, Any]:
    """The shipped model's metadata (``model.json``: data, date, features, scores).

    >>> "scores" in model_info()
    True
    """
    r = default_recognizer().load()
    return r.meta
