"""The UD Urdu dev treebank as a segmentation gold standard (CoNLL 2018 style scoring).

The raw text is rebuilt from the ``# text`` lines: 10 sentences per paragraph joined by a space,
paragraphs separated by a blank line.  Sentences and tokens are compared as spans over the
non-whitespace characters, so the scores do not depend on how whitespace is distributed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
UD_DEV = DATA / "ud" / "ur_udtb-ud-dev.conllu"
SENTENCES_PER_PARAGRAPH = 10


@dataclass(frozen=True)
class Gold:
    """Raw text rebuilt from the treebank, with gold sentence and token spans (in ``text``)."""

    text: str
    sentences: list[tuple[int, int]]
    tokens: list[tuple[int, int]]


def load_ud(path: Path = UD_DEV) -> Gold:
    """Rebuild the raw text and the gold sentence/token character spans from a CoNLL-U file."""
    sents: list[tuple[str, list[str]]] = []
    text_line = ""
    forms: list[str] = []
    skip_until = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            text_line = line[len("# text = ") :]
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if forms:
                sents.append((text_line, forms))
            text_line, forms, skip_until = "", [], 0
        else:
            cols = line.split("\t")
            tid = cols[0]
            if "." in tid:  # empty node
                continue
            if "-" in tid:  # multiword token: its surface form is the token
                hi = int(tid.split("-")[1])
                forms.append(cols[1])
                skip_until = hi
                continue
            if int(tid) <= skip_until:
                continue
            forms.append(cols[1])
    if forms:
        sents.append((text_line, forms))

    parts: list[str] = []
    sentences: list[tuple[int, int]] = []
    tokens: list[tuple[int, int]] = []
    pos = 0
    for i, (stext, sforms) in enumerate(sents):
        if i:
            sep = "\n\n" if i % SENTENCES_PER_PARAGRAPH == 0 else " "
            parts.append(sep)
            pos += len(sep)
        parts.append(stext)
        sentences.append((pos, pos + len(stext)))
        cursor = 0
        for form in sforms:
            at = stext.find(form, cursor)
            if at < 0:
                raise ValueError(f"{path}: token {form!r} not found in sentence text {stext!r}")
            tokens.append((pos + at, pos + at + len(form)))
            cursor = at + len(form)
        pos += len(stext)
    return Gold("".join(parts), sentences, tokens)


def _nonspace_index(text: str) -> list[int]:
    """For every character position, how many non-whitespace characters precede it."""
    idx = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        idx[i] = n
        if not ch.isspace():
            n += 1
    idx[len(text)] = n
    return idx


def span_f1(
    text: str, gold: Iterable[tuple[int, int]], system: Iterable[tuple[int, int]]
) -> tuple[float, float, float]:
    """Precision, recall and F1 of system spans against gold spans, over non-whitespace chars."""
    idx = _nonspace_index(text)

    def norm(spans: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        out = set()
        for s, e in spans:
            a, b = idx[s], idx[e]
            if b > a:
                out.add((a, b))
        return out

    g, s = norm(gold), norm(system)
    tp = len(g & s)
    p = tp / len(s) if s else 0.0
    r = tp / len(g) if g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def boundary_errors(
    text: str, gold: Iterable[tuple[int, int]], system: Iterable[tuple[int, int]], width: int = 30
) -> tuple[list[str], list[str]]:
    """Sentence ends found but not in the gold (false splits) and gold ends missed, in context.

    Ends are compared over non-whitespace characters, as :func:`span_f1` does; each error is
    shown as ``left context ‖ right context`` around the end.
    """
    idx = _nonspace_index(text)
    gold_ends = {idx[e]: e for _, e in gold}
    sys_ends = {idx[e]: e for _, e in system}

    def show(e: int) -> str:
        return f"{text[max(0, e - width) : e]} ‖ {text[e : e + width]}".replace("\n", "⏎")

    false = [show(sys_ends[k]) for k in sorted(sys_ends.keys() - gold_ends.keys())]
    missed = [show(gold_ends[k]) for k in sorted(gold_ends.keys() - sys_ends.keys())]
    return false, missed
