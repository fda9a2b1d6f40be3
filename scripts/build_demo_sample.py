"""Bundle the demo sample: the 'Real' articles of the Bend the Truth corpus (Amjad et al. 2020).

Writes ``akhbar/demo/bend-the-truth-real.tar.gz`` deterministically (sorted members, fixed
mtime), so rebuilding gives the same bytes.  Terms: free to use with a citation (see NOTICE).
"""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT.parent / "shared" / "data" / "news" / "bend-the-truth" / "labelled"
OUT = ROOT / "akhbar" / "demo" / "news" / "bend-the-truth-real.tar.gz"


def main() -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for split in ("Train", "Test"):
            for path in sorted((SRC / split / "Real").glob("*.txt")):
                data = path.read_bytes()
                info = tarfile.TarInfo(f"bend-the-truth/{split.lower()}/{path.name}")
                info.size, info.mtime, info.mode = len(data), 0, 0o644
                tar.addfile(info, io.BytesIO(data))
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(buf.getvalue())
    print(f"{OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
