"""scripts/build_gazetteer.py: the shipped gazetteer is what the script builds from the shared
data, country aliases take their country's row, and Wikidata pages are not entities."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from akhbar.entities.gazetteer import default_gazetteer, name_key
from tests.helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "gazetteer"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script("build_gazetteer")


def test_shipped_gazetteer_is_what_the_script_builds(script: ModuleType) -> None:
    shipped = [
        tuple(line.split("\t"))
        for line in (ROOT / "akhbar/entities/data/gazetteer.tsv").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert shipped == [tuple(r) for r in script.build(DATA)]


@pytest.mark.parametrize(
    ("alias", "english"),
    [("امریکہ", "United States"), ("برطانیہ", "United Kingdom"), ("ترکیہ", "Turkey")],
)
def test_country_alias_links_like_its_country(alias: str, english: str) -> None:
    entry = default_gazetteer().lookup(name_key(alias), "LOCATION")
    assert entry is not None
    assert (entry.english, entry.type) == (english, "LOCATION")


def test_alias_gets_the_wikidata_id_of_its_country(script: ModuleType) -> None:
    rows = {r[0]: r for r in script.build(DATA)}
    # ترکیہ (Türkiye) names the row of ترکی, which the Wikidata file identifies.
    assert rows[name_key("ترکیہ")][3] == rows[name_key("ترکی")][3] != ""


def test_alias_of_an_unknown_country_stops_the_build(script: ModuleType) -> None:
    with pytest.raises(SystemExit, match="not a country"):
        script.build(DATA, aliases=[("اٹلانٹس", "Atlantis")])


def test_wikidata_pages_are_not_entities(script: ModuleType) -> None:
    rows = script.build(DATA)
    assert not [r for r in rows if r[4].lower().startswith(("category:", "template:", "l:"))]
    # Category:Balochistan no longer makes the province's name ambiguous.
    entry = default_gazetteer().lookup(name_key("بلوچستان"), "LOCATION")
    assert entry is not None
    assert entry.english == "Balochistan"
