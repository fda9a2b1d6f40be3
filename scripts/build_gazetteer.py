"""Build ``akhbar/entities/data/gazetteer.tsv`` from the shared gazetteers (CC0 / MIT).

Inputs (``../shared/data/gazetteer``):

* ``wikidata-en-hi-ur-20150427.tsv`` — 1,666 Wikidata items with English and Urdu labels (CC0);
  no item types.
* ``countries-en-ur.csv`` — 249 countries with ISO code, English and Urdu names (MIT).
* ``akhbar/entities/data/country_aliases.tsv`` (ours) — the common Urdu names of countries the
  list spells otherwise (``امریکہ`` for ``ریاست ہائے متحدہ امریکہ``), each with the English name
  of the list's row it names; an alias gets that row's type and Wikidata id.

Output: one row per Urdu label, ``key<TAB>urdu<TAB>type<TAB>wikidata<TAB>english``, where
``key`` is :func:`akhbar.entities.gazetteer.name_key` of the label (match keys of its words
joined by one space: what the linker compares), ``type`` is ``LOCATION`` for countries (the
country list names them; Wikidata items whose English label is a country get it too) and the
places of ``place_types.tsv``, and ``ANY`` for the other Wikidata items (their type is
unknown: the linker accepts them for PERSON, LOCATION and ORGANIZATION mentions).  A key
that names two different items (``گھوڑا``: knight and horse) is dropped: a wrong link is
worse than none.  Countries missing from the Wikidata file keep their English name and get
no id.  Wikidata items that are pages
of a namespace (``Category:Balochistan``) are not places or people and are left out (that one
made ``بلوچستان`` ambiguous).

Run: ``python scripts/build_gazetteer.py [--data DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from akhbar.entities.gazetteer import name_key  # noqa: E402

OUT = ROOT / "akhbar" / "entities" / "data" / "gazetteer.tsv"
ALIASES = ROOT / "akhbar" / "entities" / "data" / "country_aliases.tsv"
PLACES = ROOT / "akhbar" / "entities" / "data" / "place_types.tsv"
#: English labels of Wikidata items that are pages, not things (``Category:…``).
_NAMESPACES = ("category:", "template:", "portal:", "wikipedia:", "help:", "module:", "l:")
DATA = ROOT.parent / "shared" / "data" / "gazetteer"
HEADER = """\
# Gazetteer for entity linking, built by scripts/build_gazetteer.py from
# ../shared/data/gazetteer: wikidata-en-hi-ur-20150427.tsv (Wikidata, CC0) and
# countries-en-ur.csv (MIT).  Columns: key (match keys of the Urdu label's words, space-joined),
# urdu label, type (LOCATION for countries and the places of place_types.tsv, ANY for other
# Wikidata items), Wikidata id (may be empty), English name.  Keys naming two different items
# were dropped.
"""


def label_key(label: str) -> str:
    """The linker's name key of an Urdu label (match keys of its words, space-joined)."""
    return name_key(label)


def read_aliases(path: Path = ALIASES) -> list[tuple[str, str]]:
    """``(urdu, english)`` rows of the alias file (``#`` comments and blank lines skipped)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise SystemExit(f"{path.name}:{n}: expected 'urdu<TAB>english', got {line!r}")
        out.append((parts[0].strip(), parts[1].strip()))
    return out


def read_places(path: Path = PLACES) -> list[tuple[str, str, str, str]]:
    """``(wikidata, urdu, english, evidence)`` of the rows of ``place_types.tsv``."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 5 or not all(parts[1:4]):
            raise SystemExit(f"{path.name}:{n}: expected 5 tab-separated fields, got {line!r}")
        out.append((parts[0], parts[1], parts[2], parts[3]))
    return out


def build(
    data: Path,
    aliases: list[tuple[str, str]] | None = None,
    places: list[tuple[str, str, str, str]] | None = None,
    dropped: set[str] | None = None,
) -> list[tuple[str, str, str, str, str]]:
    """Rows ``(key, urdu, type, wikidata, english)`` sorted by key (``places``: the rows of
    ``place_types.tsv``, read from it by default: Wikidata items typed LOCATION, and new rows
    of evidence ``geonames``; ``dropped``, if given, receives the keys left out as naming two
    items)."""
    if places is None:
        places = read_places()
    typed = {(qid, urdu) for qid, urdu, _, source in places if source != "geonames"}
    countries: dict[str, tuple[str, str]] = {}  # english (lower) -> (english, urdu)
    with (data / "countries-en-ur.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            countries[row["en"].strip().lower()] = (row["en"].strip(), row["ur"].strip())
    items: list[tuple[str, str, str, str]] = []  # (urdu, type, qid, english)
    qid_of_country: dict[str, str] = {}
    with (data / "wikidata-en-hi-ur-20150427.tsv").open(encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 6 or not parts[5].strip():
                continue
            qid, english, urdu = parts[0].strip(), parts[1].strip(), parts[5].strip()
            if english.lower().startswith(_NAMESPACES):
                continue
            kind = "LOCATION" if english.lower() in countries else "ANY"
            if kind == "LOCATION":
                qid_of_country[english.lower()] = qid
            elif (qid, urdu) in typed:
                kind = "LOCATION"
            items.append((urdu, kind, qid, english))
    for low, (english, urdu) in countries.items():
        items.append((urdu, "LOCATION", qid_of_country.get(low, ""), english))
    for urdu, english in read_aliases() if aliases is None else aliases:
        low = english.lower()
        if low not in countries:
            raise SystemExit(f"{ALIASES.name}: {english!r} is not a country of the list")
        items.append((urdu, "LOCATION", qid_of_country.get(low, ""), countries[low][0]))
    known = {label_key(item[0]) for item in items}
    for _, urdu, english, source in places:
        if source == "geonames" and label_key(urdu) not in known:
            items.append((urdu, "LOCATION", "", english))
    by_key: dict[str, set[tuple[str, str, str]]] = {}
    first: dict[str, tuple[str, str, str, str]] = {}
    for urdu, kind, qid, english in items:
        key = label_key(urdu)
        if not key:
            continue
        by_key.setdefault(key, set()).add((qid or english.lower(), kind, english))
        if key not in first or (qid and not first[key][2]):
            first[key] = (urdu, kind, qid, english)
    rows = []
    for key, seen in sorted(by_key.items()):
        if len({s[0] for s in seen}) > 1:
            if dropped is not None:
                dropped.add(key)
            continue  # one key, two items: ambiguous
        urdu, kind, qid, english = first[key]
        if any(s[1] == "LOCATION" for s in seen):
            kind = "LOCATION"
        rows.append((key, urdu, kind, qid, english))
    return rows


def main() -> None:
    """Write the gazetteer file."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    rows = build(args.data)
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} entries to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
