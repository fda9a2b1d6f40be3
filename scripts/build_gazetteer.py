"""Build ``akhbar/entities/data/gazetteer.tsv`` from the shared gazetteers (CC0 / MIT).

Inputs (``../shared/data/gazetteer``):

* ``wikidata-en-hi-ur-20150427.tsv`` — 1,666 Wikidata items with English and Urdu labels (CC0);
  no item types.
* ``countries-en-ur.csv`` — 249 countries with ISO code, English and Urdu names (MIT).
* ``akhbar/entities/data/country_aliases.tsv`` (ours) — the common Urdu names of countries the
  list spells otherwise (``امریکہ`` for ``ریاست ہائے متحدہ امریکہ``), each with the English name
  of the list's row it names; an alias gets that row's type and Wikidata id.
* ``akhbar/entities/data/country_wikidata.tsv`` (ours, from Wikidata, CC0) — the Wikidata id of
  each country of the list by ISO code (the shared Wikidata file has only 109 of them): a
  country, and a Wikidata item whose English label is a country's, get that id.
* ``akhbar/entities/data/organizations.tsv`` (ours) — well-known organisations as Urdu news
  writes them (``سلامتی کونسل``, ``آئی ایم ایف``), with the English name and, only where the
  Wikidata file has the item under that label, its id (checked here); type ``ORGANIZATION``.
* ``akhbar/entities/data/places.tsv`` (ours) — well-known places the other inputs lack, as
  Urdu news writes them (``خیبرپختونخوا``, ``کولکتہ``, ``انگلینڈ``), with the English name;
  type ``LOCATION``, no Wikidata id; a row spelled like Wikidata items of unknown type with
  its English name types them ``LOCATION`` instead (they keep their id), and a row spelled like
  any other gazetteer item stops the build.

Output: one row per Urdu label, ``key<TAB>urdu<TAB>type<TAB>wikidata<TAB>english``, where
``key`` is :func:`akhbar.entities.gazetteer.name_key` of the label (match keys of its words
joined by one space: what the linker compares), ``type`` is ``LOCATION`` for countries (the
country list names them; Wikidata items whose English label is a country get it too) and the
places of ``place_types.tsv`` and ``places.tsv``, ``ORGANIZATION`` for the rows of
``organizations.tsv`` (they take the key from a Wikidata item of unknown type, which must then
be the same item; a listed organisation spelled like a place stops the build), and ``ANY`` for
the other Wikidata items (their type is unknown: the linker accepts them for PERSON, LOCATION
and ORGANIZATION mentions). A key that names two different items (``گھوڑا``: knight and horse)
is dropped: a wrong link is worse than none; but a country of the list wins over the other
items of its key, and items of one English name (two provinces named Punjab) keep it without an
id. Countries get the id of ``country_wikidata.tsv`` (a country it lacks: none); a Wikidata
item whose English label is a country's but for an article or stray marks (``The Bahamas``) is
that country. Wikidata items that are pages of a namespace (``Category:Balochistan``) are not
places or people and are left out (that one made ``بلوچستان`` ambiguous).

Run: ``python scripts/build_gazetteer.py [--data DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from akhbar.entities.gazetteer import name_key  # noqa: E402

OUT = ROOT / "akhbar" / "entities" / "data" / "gazetteer.tsv"
ALIASES = ROOT / "akhbar" / "entities" / "data" / "country_aliases.tsv"
PLACES = ROOT / "akhbar" / "entities" / "data" / "place_types.tsv"
ORGANIZATIONS = ROOT / "akhbar" / "entities" / "data" / "organizations.tsv"
EXTRA_PLACES = ROOT / "akhbar" / "entities" / "data" / "places.tsv"
COUNTRY_IDS = ROOT / "akhbar" / "entities" / "data" / "country_wikidata.tsv"
#: English labels of Wikidata items that are pages, not things (``Category:…``).
_NAMESPACES = ("category:", "template:", "portal:", "wikipedia:", "help:", "module:", "l:")
DATA = ROOT.parent / "shared" / "data" / "gazetteer"
HEADER = """\
# Gazetteer for entity linking, built by scripts/build_gazetteer.py from
# ../shared/data/gazetteer: wikidata-en-hi-ur-20150427.tsv (Wikidata, CC0) and
# countries-en-ur.csv (MIT), with our country_aliases.tsv, country_wikidata.tsv, place_types.tsv,
# places.tsv and organizations.tsv.  Columns: key (match keys of the Urdu label's words,
# space-joined), urdu label, type (LOCATION for countries and the places of place_types.tsv
# and places.tsv, ORGANIZATION for the rows of organizations.tsv, ANY for other Wikidata
# items), Wikidata id (may be empty), English name.  Keys naming two different items were
# dropped, unless one of them is a country of the list (it keeps the key) or they share one
# English name (kept without an id).
"""


def english_key(english: str) -> str:
    """An English name as compared with the country list: lower case, letters, digits and
    single spaces only, without a leading article.

    >>> english_key("The Bahamas"), english_key("/Peru\\\\"), english_key("Côte d'Ivoire")
    ('bahamas', 'peru', 'côte divoire')
    """
    kept = "".join(c for c in english.lower() if c.isalnum() or c.isspace())
    words = kept.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def label_key(label: str) -> str:
    """The linker's name key of an Urdu label (match keys of its words, space-joined)."""
    return name_key(label)


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """``(urdu, english)`` rows of an alias or places file (``#`` comments and blank lines
    skipped); a malformed row stops the build with its line."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise SystemExit(f"{path.name}:{n}: expected 'urdu<TAB>english', got {line!r}")
        out.append((parts[0].strip(), parts[1].strip()))
    return out


def read_country_ids(path: Path = COUNTRY_IDS) -> dict[str, str]:
    """ISO code → Wikidata id of ``country_wikidata.tsv``; a malformed row stops the build."""
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or len(parts[0]) != 2 or not re.fullmatch(r"Q[1-9][0-9]*", parts[1]):
            raise SystemExit(f"{path.name}:{n}: expected 'ISO<TAB>Qid<TAB>english', got {line!r}")
        if parts[0] in out or parts[1] in out.values():
            raise SystemExit(f"{path.name}:{n}: {parts[0]} or {parts[1]} is listed twice")
        out[parts[0]] = parts[1]
    return out


def read_aliases(path: Path = ALIASES) -> list[tuple[str, str]]:
    """``(urdu, english)`` rows of the alias file."""
    return read_pairs(path)


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


def read_organizations(path: Path = ORGANIZATIONS) -> list[tuple[str, str, str]]:
    """``(urdu, english, wikidata)`` rows of ``organizations.tsv`` (``wikidata`` may be empty).

    A row needs an Urdu and an English name; a malformed row stops the build with its line.
    """
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0].strip() or not parts[1].strip():
            raise SystemExit(f"{path.name}:{n}: expected 'urdu<TAB>english<TAB>id', got {line!r}")
        out.append((parts[0].strip(), parts[1].strip(), parts[2].strip()))
    return out


def build(
    data: Path,
    aliases: list[tuple[str, str]] | None = None,
    places: list[tuple[str, str, str, str]] | None = None,
    dropped: set[str] | None = None,
    organizations: list[tuple[str, str, str]] | None = None,
    extra_places: list[tuple[str, str]] | None = None,
    country_ids: dict[str, str] | None = None,
) -> list[tuple[str, str, str, str, str]]:
    """Rows ``(key, urdu, type, wikidata, english)`` sorted by key (``places``: the rows of
    ``place_types.tsv``, read from it by default: Wikidata items typed LOCATION, and new rows
    of evidence ``geonames``; ``organizations``: the rows of ``organizations.tsv``, read from
    it by default; ``extra_places``: the rows of ``places.tsv``, read from it by default;
    ``dropped``, if given, receives the keys left out as naming two items; ``country_ids``: ISO
    code → Wikidata id, read from ``country_wikidata.tsv`` by default)."""
    if places is None:
        places = read_places()
    if organizations is None:
        organizations = read_organizations()
    typed = {(qid, urdu) for qid, urdu, _, source in places if source != "geonames"}
    # (a typed row without an id: a label whose items share one English name, see _one_item)
    typed_labels = {urdu for qid, urdu, _, source in places if not qid and source != "geonames"}
    if country_ids is None:
        country_ids = read_country_ids()
    countries: dict[str, tuple[str, str]] = {}  # english_key -> (english, urdu)
    qid_of_country: dict[str, str] = {}
    with (data / "countries-en-ur.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            low = english_key(row["en"])
            countries[low] = (row["en"].strip(), row["ur"].strip())
            if row["iso"].strip() in country_ids:
                qid_of_country[low] = country_ids[row["iso"].strip()]
    items: list[tuple[str, str, str, str]] = []  # (urdu, type, qid, english)
    with (data / "wikidata-en-hi-ur-20150427.tsv").open(encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 6 or not parts[5].strip():
                continue
            qid, english, urdu = parts[0].strip(), parts[1].strip(), parts[5].strip()
            if english.lower().startswith(_NAMESPACES):
                continue
            kind = "LOCATION" if english_key(english) in countries else "ANY"
            if kind == "LOCATION":
                # the item of a country's English label is the country (its id, when listed)
                qid = qid_of_country.setdefault(english_key(english), qid)
                english = countries[english_key(english)][0]  # the list's spelling
            elif (qid, urdu) in typed or urdu in typed_labels:
                kind = "LOCATION"
            items.append((urdu, kind, qid, english))
    for low, (english, urdu) in countries.items():
        items.append((urdu, "LOCATION", qid_of_country.get(low, ""), english))
    for urdu, english in read_aliases() if aliases is None else aliases:
        low = english_key(english)
        if low not in countries:
            raise SystemExit(f"{ALIASES.name}: {english!r} is not a country of the list")
        items.append((urdu, "LOCATION", qid_of_country.get(low, ""), countries[low][0]))
    _add_extra_places(items, read_pairs(EXTRA_PLACES) if extra_places is None else extra_places)
    known = {label_key(item[0]) for item in items}
    for _, urdu, english, source in places:
        if source == "geonames" and label_key(urdu) not in known:
            items.append((urdu, "LOCATION", "", english))
    country_names = {english for english, _ in countries.values()}
    by_key: dict[str, list[tuple[str, str, str, str]]] = {}
    for item in items:
        key = label_key(item[0])
        if key:
            by_key.setdefault(key, []).append(item)
    orgs = _organizations(organizations, by_key)
    rows = []
    for key, org in orgs.items():
        by_key.pop(key, None)  # the listed organisation takes its key
        rows.append(org)
    for key, seen in sorted(by_key.items()):
        chosen = _one_item(seen, country_names)
        if chosen is None:
            if dropped is not None:
                dropped.add(key)
            continue  # one key, two items: ambiguous
        urdu, kind, qid, english = chosen
        if any(s[1] == "LOCATION" for s in seen):
            kind = "LOCATION"
        rows.append((key, urdu, kind, qid, english))
    return sorted(rows)


def _add_extra_places(items: list[tuple[str, str, str, str]], extra: list[tuple[str, str]]) -> None:
    """Add the rows of ``places.tsv`` to ``items`` as places.  A row spelled like Wikidata
    items of unknown type (``ANY``) with its English name types them ``LOCATION`` (they keep
    their id: ``گوا``, Goa); a row spelled like any other item stops the build.

    >>> items = [("گوا", "ANY", "Q1171", "Goa")]
    >>> _add_extra_places(items, [("گوا", "Goa"), ("سکم", "Sikkim")])
    >>> items
    [('گوا', 'LOCATION', 'Q1171', 'Goa'), ('سکم', 'LOCATION', '', 'Sikkim')]
    >>> _add_extra_places(items, [("سکم", "Sikkim")])
    Traceback (most recent call last):
    SystemExit: places.tsv: 'سکم' is spelled like a gazetteer item (Sikkim LOCATION)
    """
    at: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        at.setdefault(label_key(item[0]), []).append(i)
    for urdu, english in extra:
        key = label_key(urdu)
        hits = at.get(key, [])
        if any(items[i][1] != "ANY" or items[i][3].lower() != english.lower() for i in hits):
            seen = ", ".join(f"{items[i][3]} {items[i][2] or items[i][1]}" for i in hits)
            raise SystemExit(
                f"{EXTRA_PLACES.name}: {urdu!r} is spelled like a gazetteer item ({seen})"
            )
        for i in hits:
            items[i] = (items[i][0], "LOCATION", items[i][2], items[i][3])
        if not hits:
            at[key] = [len(items)]
            items.append((urdu, "LOCATION", "", english))


def _organizations(
    organizations: list[tuple[str, str, str]],
    by_key: dict[str, list[tuple[str, str, str, str]]],
) -> dict[str, tuple[str, str, str, str, str]]:
    """Key → gazetteer row of the listed organisations.  An id given must be an item of the
    Wikidata file (so none comes from memory), and the very item of the key if the file has
    one (``یونیسیف`` takes the id of ``یونیسف``'s item: the linker joins the two spellings);
    a key spelled like a place, or two organisations of one key, stop the build."""
    known_ids = {s[2] for seen in by_key.values() for s in seen if s[2]}
    out: dict[str, tuple[str, str, str, str, str]] = {}
    for urdu, english, qid in organizations:
        key = label_key(urdu)
        seen = by_key.get(key, [])
        if any(s[1] != "ANY" for s in seen):
            raise SystemExit(f"{ORGANIZATIONS.name}: {urdu!r} is spelled like a place")
        ids = {s[2] for s in seen if s[2]}
        if qid and (qid not in known_ids or (ids and qid not in ids)):
            raise SystemExit(f"{ORGANIZATIONS.name}: {urdu!r} {qid} is no Wikidata item of it")
        if key in out and out[key][4] != english:
            raise SystemExit(f"{ORGANIZATIONS.name}: {urdu!r} names two organisations")
        if key not in out or (qid and not out[key][3]):
            out[key] = (key, urdu, "ORGANIZATION", qid, english)
    return out


def _one_item(
    seen: list[tuple[str, str, str, str]], country_names: set[str]
) -> tuple[str, str, str, str] | None:
    """The one item ``(urdu, type, qid, english)`` rows of one key name, or None when they
    name several: an item is its Wikidata id, else its English name.  A country of the list
    wins over the other items of its key (``تائیوان``: Taiwan, not Taiyuan, which the Wikidata
    file spells with the same key); items that all have one English name (``پنجاب``, the
    Indian and the Pakistani province) keep it, without an id."""
    named = [s for s in seen if s[3] in country_names and s[1] == "LOCATION"]
    pool = named if named and len({s[3] for s in named}) == 1 else seen
    ids = {s[2] or s[3].lower() for s in pool}
    if len(ids) == 1:
        return max(pool, key=lambda s: bool(s[2]))  # the row with a Wikidata id, if any
    if len({s[3].lower() for s in pool}) == 1:
        urdu, kind, _, english = pool[0]
        return urdu, kind, "", english
    return None


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
