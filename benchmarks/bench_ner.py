"""NER inference speed: tokens per second of akhbar.entities on IL-NER dev, one core.

    .venv/bin/python benchmarks/bench_ner.py              # best of 3 runs of 5 dev passes
    .venv/bin/python benchmarks/bench_ner.py --repeat 2   # shorter run

Measures (1) ``Recognizer.tag_tokens`` on the pre-tokenized IL-NER dev sentences one at a time
(the model alone: features, emission scores, Viterbi, compound and title handling), (2) the
same in batches of 256 sentences (``tag_token_sentences``, as ``conll_tag`` runs), and (3)
``recognize`` on the same sentences as raw text (adds our sentence splitter and tokenizer), one
sentence per call and as 20-sentence documents (one batched Viterbi per document).
Throughput counts IL-NER tokens (compounds count once).  The word cache is
warmed by one untimed pass, as it is in a long-running process; a cold first pass is reported
too.  Figures go to benchmarks/NER.md by hand.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.entities.evaluate import read_conll  # noqa: E402
from akhbar.entities.ner import Recognizer  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "ner" / "il-ner-urdu" / "dev.txt"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5, help="dev passes per timed run")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sents = [[w for w, _ in s] for s in read_conll(DEV).sentences]
    texts = [" ".join(w.replace("_", " ") for w in s) for s in sents]
    n_tok = sum(len(s) for s in sents)

    rec = Recognizer()
    t0 = time.perf_counter()
    rec.load()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for s in sents:
        rec.tag_tokens(s)
    cold = n_tok / (time.perf_counter() - t0)

    def timed(fn: object) -> float:
        best = 0.0
        for _ in range(args.runs):
            t = time.perf_counter()
            for _ in range(args.repeat):
                for _x in fn():  # type: ignore[operator]
                    pass
            best = max(best, n_tok * args.repeat / (time.perf_counter() - t))
        return best

    tag = timed(lambda: (rec.tag_tokens(s) for s in sents))
    batches = [sents[i : i + 256] for i in range(0, len(sents), 256)]
    batch = timed(lambda: (rec.tag_token_sentences(b) for b in batches))
    raw = timed(lambda: (rec.recognize(t) for t in texts))
    docs = ["\n\n".join(texts[i : i + 20]) for i in range(0, len(texts), 20)]
    doc = timed(lambda: (rec.recognize(d) for d in docs))
    print(f"IL-NER dev: {len(sents)} sentences, {n_tok} tokens; model load {load_s:.2f}s")
    print(f"tag_tokens, cold cache (first pass): {cold:,.0f} tokens/s")
    print(f"tag_tokens, warm (best of {args.runs} × {args.repeat} passes): {tag:,.0f} tokens/s")
    print(f"tag_token_sentences, batches of 256 sentences, warm: {batch:,.0f} tokens/s")
    print(f"recognize(raw text), one sentence per call, warm: {raw:,.0f} tokens/s")
    print(f"recognize(raw text), 20-sentence documents, warm: {doc:,.0f} tokens/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
