"""NER inference speed: tokens per CPU second of akhbar.entities on IL-NER dev, one core.

    .venv/bin/python benchmarks/bench_ner.py              # shipped model, best of 3 runs
    .venv/bin/python benchmarks/bench_ner.py --repeat 2   # shorter run
    .venv/bin/python benchmarks/bench_ner.py --model /tmp/old_model --model akhbar/entities/model

Measures (1) ``Recognizer.tag_tokens`` on the pre-tokenized IL-NER dev sentences one at a time
(the model alone: features, emission scores, Viterbi, compound and title handling), (2) the
same in batches of 256 sentences (``tag_token_sentences``, as ``conll_tag`` runs), and (3)
``recognize`` on the same sentences as raw text (adds our sentence splitter and tokenizer), one
sentence per call and as 20-sentence documents (one batched Viterbi per document).
Throughput counts IL-NER tokens (compounds count once) per second of this process's CPU time
(``time.process_time``: the machine is shared, wall-clock time is not ours).  The word cache
is warmed by one untimed pass, as it is in a long-running process; a cold first pass is
reported too.  With several ``--model`` directories the models are measured side by side:
every run times each model in turn (alternating), and the best run of each is reported, with
the ratio to the first model.  Run it with one BLAS thread (``OMP_NUM_THREADS=1``, which the
script sets when it is unset).  Figures go to benchmarks/NER.md by hand.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.entities.evaluate import read_conll  # noqa: E402
from akhbar.entities.ner import Recognizer  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "ner" / "il-ner-urdu" / "dev.txt"

CALLS = (
    ("tag_tokens", "tag_tokens, one sentence per call"),
    ("batch", "tag_token_sentences, batches of 256 sentences"),
    ("raw", "recognize(raw text), one sentence per call"),
    ("doc", "recognize(raw text), 20-sentence documents"),
)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5, help="dev passes per timed run")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--model", type=Path, action="append", help="model directory (repeat to compare)"
    )
    args = ap.parse_args()
    sents = [[w for w, _ in s] for s in read_conll(DEV).sentences]
    texts = [" ".join(w.replace("_", " ") for w in s) for s in sents]
    n_tok = sum(len(s) for s in sents)
    batches = [sents[i : i + 256] for i in range(0, len(sents), 256)]
    docs = ["\n\n".join(texts[i : i + 20]) for i in range(0, len(texts), 20)]
    dirs: list[Path | None] = list(args.model) if args.model else [None]
    names = [str(d) if d is not None else "shipped model" for d in dirs]

    recs = []
    for d in dirs:
        rec = Recognizer(d)
        t0 = time.process_time()
        rec.load()
        load_s = time.process_time() - t0
        t0 = time.process_time()
        for s in sents:
            rec.tag_tokens(s)
        cold = n_tok / (time.process_time() - t0)
        recs.append(rec)
        name = names[len(recs) - 1]
        print(f"{name}: load {load_s:.2f} s CPU; cold first pass {cold:,.0f} tokens/s")

    def calls(rec: Recognizer) -> dict[str, Callable[[], Iterable[object]]]:
        return {
            "tag_tokens": lambda: (rec.tag_tokens(s) for s in sents),
            "batch": lambda: (rec.tag_token_sentences(b) for b in batches),
            "raw": lambda: (rec.recognize(t) for t in texts),
            "doc": lambda: (rec.recognize(d) for d in docs),
        }

    best = [dict.fromkeys(calls(recs[0]), 0.0) for _ in recs]
    for _ in range(args.runs):
        for name, _label in CALLS:
            for m, rec in enumerate(recs):  # alternate the models inside every run
                fn = calls(rec)[name]
                t = time.process_time()
                for _ in range(args.repeat):
                    for _x in fn():
                        pass
                rate = n_tok * args.repeat / (time.process_time() - t)
                best[m][name] = max(best[m][name], rate)
    print(f"IL-NER dev: {len(sents)} sentences, {n_tok} tokens; best of {args.runs} runs")
    print(f"× {args.repeat} passes, tokens per CPU second")
    for name, label in CALLS:
        cells = []
        for m in range(len(recs)):
            ratio = f" ({best[m][name] / best[0][name]:.2f}×)" if m else ""
            cells.append(f"{names[m]}: {best[m][name]:,.0f}{ratio}")
        print(f"{label}: " + "; ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
