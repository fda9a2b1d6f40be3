"""Runs of query words in an article's terms (:mod:`akhbar.search.runs`), against a brute-force
reference, and the link labels' data."""

from __future__ import annotations

from importlib.resources import files

from hypothesis import given
from hypothesis import strategies as st

from akhbar.search.runs import LINK_LABELS, LINK_TERMS, longest_run
from akhbar.text.analyzer import terms

#: A small vocabulary, so that random queries and bodies share words and runs.
VOCAB = ["ملک", "میں", "کے", "بعد", "بارش", "روس", "خبر"]


def _reference(words: list[str | None], body: list[str]) -> int:
    """Every start in the query and the body, extended while the words agree."""
    best = 0
    for i in range(len(body)):
        for j in range(len(words)):
            n = 0
            while (
                i + n < len(body)
                and j + n < len(words)
                and words[j + n] is not None
                and body[i + n] == words[j + n]
            ):
                n += 1
            best = max(best, n)
    return best


@given(
    st.lists(st.one_of(st.sampled_from(VOCAB), st.none()), max_size=10),
    st.lists(st.sampled_from(VOCAB), max_size=40),
)
def test_longest_run_is_the_reference(words: list[str | None], body: list[str]) -> None:
    assert longest_run(words, body) == _reference(words, body)


@given(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=40), st.data())
def test_a_slice_of_the_body_runs_whole(body: list[str], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(body) - 1))
    j = data.draw(st.integers(i + 1, len(body)))
    assert longest_run(body[i:j], body) == j - i


def test_the_terms_a_link_label_introduces_do_not_count() -> None:
    headline = terms("چیمپئنز ٹرافی کا شیڈول جاری")
    text = terms("پی سی بی کا اعلان۔ مزید پڑھیں: چیمپئنز ٹرافی کا شیڈول جاری۔ اجلاس کل ہوگا")
    assert _reference(headline, text) == len(headline)  # the words do stand there
    # only the terms before the label count (the rest is within LINK_TERMS of it)
    before = text[: text.index("مزید")]
    assert len(text) - len(before) < LINK_TERMS
    assert longest_run(headline, text) == _reference(headline, before) < len(headline)
    # past the linked headline's terms, the article's own words count again
    after = [*text, *["خبر"] * LINK_TERMS, *headline]
    assert longest_run(headline, after) == len(headline)
    # without the label, the same words count
    plain = terms("پی سی بی کا اعلان۔ چیمپئنز ٹرافی کا شیڈول جاری")
    assert longest_run(headline, plain) == len(headline)


def test_link_labels_are_analyzer_terms_of_the_chrome_label_file() -> None:
    raw = files("akhbar.ingest").joinpath("data/chrome_labels.tsv").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]
    lines = [row[0] for row in rows if row[1] == "link"]
    assert "مزید پڑھیں" in lines
    assert "یہ بھی پڑھیں" in lines
    assert LINK_LABELS  # every label is searchable text
    for line in lines:
        assert tuple(terms(line)) in LINK_LABELS, line
    # and only those: a share button or a tags heading introduces no other article
    assert len(LINK_LABELS) == len({tuple(terms(line)) for line in lines})
