"""Reading plain text, CSV and JSONL must not pay for the HTML and WARC libraries."""

from __future__ import annotations

import subprocess
import sys


def test_pipeline_import_leaves_trafilatura_and_fastwarc_out() -> None:
    code = (
        "import sys, akhbar.pipeline, akhbar.ingest.walk; "
        "print(sorted(m for m in ('trafilatura', 'fastwarc', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
