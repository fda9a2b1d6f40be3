"""Measure the peers (spaCy, urduhack) on a corpus; run inside benchmarks/.venv-peers.

Usage: ``peers_bench.py CORPUS.json`` where CORPUS.json is a JSON list of documents.  The process
loads the peers once, warms them up, then for each line ``pass`` read on stdin times one pass of
every measurement over the corpus and prints one line ``@@result {json}``:
``{"name": {"version": ..., "seconds": [...]}}`` (or ``{"error": ...}``).  It stays alive between
passes so that the peers keep their caches warm, like akhbar in the parent process.  Started by
benchmarks/run.py; not part of the akhbar package.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # keep TensorFlow quiet

WARMUP_DOCS = 50
MARKER = "@@result "


def _spacy() -> dict[str, tuple[str, Callable[[str], Any]]]:
    import spacy

    tokenizer_only = spacy.blank("ur")
    nlp = spacy.blank("ur")
    nlp.add_pipe("sentencizer")

    def tokenize(text: str) -> int:
        return len(tokenizer_only(text))

    def tokenize_and_split(text: str) -> int:
        doc = nlp(text)
        return sum(1 for _ in doc.sents)  # materialize the sentences, as segment() does

    return {
        "spacy tokenizer + sentencizer": (spacy.__version__, tokenize_and_split),
        "spacy tokenizer": (spacy.__version__, tokenize),
    }


def _urduhack() -> dict[str, tuple[str, Callable[[str], Any]]]:
    import urduhack

    return {"urduhack normalize": (urduhack.__version__, urduhack.normalize)}


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        docs: list[str] = json.load(handle)
    benches: dict[str, tuple[str, Callable[[str], Any]]] = {}
    errors: dict[str, Any] = {}
    for name, load in (("spacy", _spacy), ("urduhack", _urduhack)):
        try:
            benches.update(load())
        except Exception:  # a broken peer is reported, not fatal
            errors[name] = {"error": traceback.format_exc(limit=3)}
    for _, fn in benches.values():
        for doc in docs[:WARMUP_DOCS]:
            fn(doc)
    for command in sys.stdin:
        if command.strip() != "pass":
            continue
        results: dict[str, Any] = dict(errors)
        for name, (version, fn) in benches.items():
            started = time.perf_counter()
            for doc in docs:
                fn(doc)
            results[name] = {"version": version, "seconds": [time.perf_counter() - started]}
        print(MARKER + json.dumps(results), flush=True)


if __name__ == "__main__":
    main()
