"""Write ``akhbar/text/data/charclasses.json``: the tokenizer's character classes.

``akhbar.text.words`` builds its regular expression from character classes computed from
Python's Unicode database (letters of Arabic and Latin script, other letters, marks,
punctuation, symbols); walking the 65,536 code points takes ~0.1 s of every import.  This
script stores the result with the Unicode version it was computed for; the module uses the
file only when that version is the running Python's (else it computes the classes itself), and
``tests/text/test_words.py`` fails when the shipped file is stale.

Run: ``python scripts/build_charclasses.py``.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from akhbar.text.words import CHAR_CLASSES_FILE, _char_classes  # noqa: E402

OUT = ROOT / "akhbar" / "text" / "data" / CHAR_CLASSES_FILE


def main() -> None:
    """Compute the classes and write the file."""
    data = {"unidata": unicodedata.unidata_version, "classes": _char_classes()}
    OUT.write_text(json.dumps(data, ensure_ascii=True, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} (Unicode {data['unidata']})")


if __name__ == "__main__":
    main()
