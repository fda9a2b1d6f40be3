"""Runs of query words: the longest stretch of a query's words that stands, in the query's
order and next to each other, in an article's body.

A passage pasted from an article (a sentence, a few lines) stands whole in its article and
nowhere else; its words are mostly common ones, and another article may hold more of them early
(where the index's lead, pairs and head signals look).  The run tells them apart, and the
second ranking stage weighs it (:meth:`akhbar.search.index_search.IndexSearch._rerank`).

One exception: text right after a link label (``مزید پڑھیں:``, ``یہ بھی پڑھیں``: the labels of
kind ``link`` in the page-chrome list that ingest reads, ``akhbar/ingest/data/chrome_labels.tsv``)
is another article's headline linked from this one, so a headline
typed as a query would find the linking article as a whole run.  The first :data:`LINK_TERMS`
terms after such a label do not count.

>>> longest_run(["کے", "بعد", "ملک", "میں"], "اس کے بعد ملک میں بارش".split())
4
>>> longest_run(["ملک", None, "میں"], "ملک میں".split())  # None: something else stood there
1
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files

from akhbar.text.analyzer import terms

__all__ = ["LINK_LABELS", "LINK_TERMS", "longest_run"]

#: How many terms after a link label are taken as the linked headline (headlines of the
#: retrieval dev set: 95 % have at most 18 terms).
LINK_TERMS = 20


def _load_labels() -> tuple[tuple[str, ...], ...]:
    raw = files("akhbar.ingest").joinpath("data/chrome_labels.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in raw.splitlines() if line.strip() and line[0] != "#")
    labels = (tuple(terms(row[0])) for row in rows if len(row) > 1 and row[1] == "link")
    return tuple(dict.fromkeys(label for label in labels if label))


#: The link labels as analyzer terms.
LINK_LABELS = _load_labels()
_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _label in LINK_LABELS:
    _BY_FIRST.setdefault(_label[0], []).append(_label)


def longest_run(words: Sequence[str | None], body: Sequence[str]) -> int:
    """The most consecutive ``words`` (query order; None breaks a run) found next to each other
    in ``body`` (an article's terms), leaving out the terms a link label introduces.

    >>> longest_run(["ملک", "میں", "بارش"], "ملک میں آج بارش".split())
    2
    >>> longest_run(["ملک", "میں", "بارش"], "خبر مزید پڑھیں ملک میں بارش".split())
    0
    """
    wanted = {w for w in words if w is not None}
    # (one comprehension finds the few terms that matter: far quicker than a loop over all)
    seen = wanted | _BY_FIRST.keys()
    positions: dict[str, list[int]] = {}
    skip_to = 0  # terms before this index belong to a link label or its linked headline
    for i in [i for i, term in enumerate(body) if term in seen]:
        term = body[i]
        for label in _BY_FIRST.get(term, ()):
            if tuple(body[i : i + len(label)]) == label:
                skip_to = max(skip_to, i + len(label) + LINK_TERMS)
        if i >= skip_to and term in wanted:
            positions.setdefault(term, []).append(i)
    best = 0
    ends: dict[int, int] = {}  # body index -> length of the run ending there
    for word in words:
        if word is None:
            ends = {}
            continue
        ends = {i: ends.get(i - 1, 0) + 1 for i in positions.get(word, ())}
        best = max(best, *ends.values()) if ends else best
    return best
