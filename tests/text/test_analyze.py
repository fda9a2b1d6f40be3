"""Tests for akhbar.text.analyze: the JSON written a sentence at a time is the whole analysis's."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.text.analyze import analyze, iter_json

TEXT = st.one_of(
    st.text(
        alphabet=st.sampled_from(
            list("ابپتٹجچدڈرڑزسکگلمنوہھیےئآءكيهة ٔ")
            + list(" \n\n\u00a0\u200c\u200f\u200e.۔؟!،:\"'\\()-۰۱۲۳١٢٣123abc")
        ),
        max_size=120,
    ),
    st.text(max_size=60),
)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_written_in_pieces_it_is_the_whole_document(text: str) -> None:
    # `akhbar analyze --json` built the analysis of the whole input before writing it (1 MB
    # of news took 350 MB); in pieces it must be byte for byte the same document
    whole = json.dumps(analyze(text).to_dict(), ensure_ascii=False, indent=2)
    assert "".join(iter_json(text)) == whole


def test_memory_stays_that_of_the_text() -> None:
    # the whole analysis of 180 KB of news took 330 times the text at its peak; written in
    # pieces (and each piece let go), about 11 times (the list of its numbers, mostly)
    import tracemalloc

    "".join(iter_json("پہلے ایک بار: ۱۳ اپریل"))  # (data loaded at first use is not counted)

    line = "پاکستان کے وزیر اعظم نے ۱۳ اپریل ۲۰۲۱ کو 2,477 روپے کا اعلان کیا۔ "
    text = "\n\n".join([line * 8] * 200)
    tracemalloc.start()
    try:
        size = sum(len(piece) for piece in iter_json(text))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert size > 20 * len(text)
    assert peak < 20 * len(text.encode()), (peak, len(text))
