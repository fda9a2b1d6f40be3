"""scripts/build_gazetteer.py: the shipped gazetteer is what the script builds from the shared
data, country aliases take their country's row, and Wikidata pages are not entities."""

from __future__ import annotations

import doctest
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


def test_script_examples(script: ModuleType) -> None:
    result = doctest.testmod(script, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_shipped_gazetteer_is_what_the_script_builds(script: ModuleType) -> None:
    shipped = [
        tuple(line.split("\t"))
        for line in (ROOT / "akhbar/entities/data/gazetteer.tsv").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert shipped == [tuple(r) for r in script.build(DATA)]


@pytest.mark.parametrize(
    ("alias", "english"),
    [
        ("امریکہ", "United States"),
        ("برطانیہ", "United Kingdom"),
        ("ترکیہ", "Turkey"),
        # the shared news's spellings (twenty-second session): تیونس 51 times, تونس twice
        ("تیونس", "Tunisia"),
        ("بنگلا دیش", "Bangladesh"),
        ("نائیجیریا", "Nigeria"),
    ],
)
def test_country_alias_links_like_its_country(alias: str, english: str) -> None:
    entry = default_gazetteer().lookup(name_key(alias), "LOCATION")
    assert entry is not None
    assert (entry.english, entry.type) == (english, "LOCATION")


@pytest.mark.parametrize(
    ("name", "qid"),
    [
        # countries the shared Wikidata file lacks: the ids come from country_wikidata.tsv
        ("امریکہ", "Q30"),
        ("چین", "Q148"),
        ("بنگلہ دیش", "Q902"),
        ("سعودی عرب", "Q851"),
        ("افغانستان", "Q889"),
        ("برطانیہ", "Q145"),
        # the file's item of the English label is the island, not the country
        ("تائیوان", "Q865"),
        # and one it had already
        ("روس", "Q159"),
    ],
)
def test_countries_have_their_wikidata_id(name: str, qid: str) -> None:
    entry = default_gazetteer().lookup(name_key(name), "LOCATION")
    assert entry is not None
    assert entry.wikidata == qid


def test_country_ids_cover_the_list_and_agree_with_the_shared_wikidata_file(
    script: ModuleType,
) -> None:
    import csv

    ids = script.read_country_ids()
    with (DATA / "countries-en-ur.csv").open(encoding="utf-8", newline="") as f:
        countries = {row["iso"].strip(): row["en"].strip() for row in csv.DictReader(f)}
    assert set(countries) - set(ids) == {"AQ"}  # Antarctica: no country item
    assert set(ids) <= set(countries)
    assert len(set(ids.values())) == len(ids)
    # The shared file's items whose English label is a country's name: the same id but for
    # the two whose label names another thing (the island of Taiwan, the region Micronesia).
    by_label = {script.english_key(en): iso for iso, en in countries.items()}
    same, other = 0, set()
    with (DATA / "wikidata-en-hi-ur-20150427.tsv").open(encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            iso = by_label.get(script.english_key(parts[1])) if len(parts) > 1 else None
            if iso in ids:
                if ids[iso] == parts[0].strip():
                    same += 1
                else:
                    other.add((iso, parts[0].strip()))
    assert same >= 100
    assert other == {("TW", "Q22502"), ("FM", "Q3359409")}


def test_a_malformed_country_id_row_stops_the_build(script: ModuleType, tmp_path: Path) -> None:
    bad = tmp_path / "country_wikidata.tsv"
    bad.write_text("# c\nUS\tQ30\tUnited States\nCN\t148\tChina\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"country_wikidata\.tsv:3"):
        script.read_country_ids(bad)
    bad.write_text("US\tQ30\tUnited States\nUM\tQ30\tU.S. Outlying Islands\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="twice"):
        script.read_country_ids(bad)


def test_alias_gets_the_wikidata_id_of_its_country(script: ModuleType) -> None:
    rows = {r[0]: r for r in script.build(DATA)}
    # ترکیہ (Türkiye) names the row of ترکی, which the Wikidata file identifies.
    assert rows[name_key("ترکیہ")][3] == rows[name_key("ترکی")][3] != ""


def test_listed_places_are_locations(script: ModuleType) -> None:
    listed = script.read_pairs(script.EXTRA_PLACES)
    assert len(listed) >= 100
    g = default_gazetteer()
    with_id = 0
    for urdu, english in listed:
        entry = g.lookup(name_key(urdu), "LOCATION")
        assert entry is not None, urdu
        assert (entry.english, entry.type) == (english, "LOCATION"), urdu
        with_id += entry.wikidata is not None
    # the rows that name an untyped Wikidata item (گوا, Goa) keep its id; no id from memory
    assert 10 <= with_id < len(listed) - 50


def test_a_listed_place_types_an_untyped_item_of_its_name(script: ModuleType) -> None:
    before = {r[0]: r for r in script.build(DATA, extra_places=[])}
    after = {r[0]: r for r in script.build(DATA, extra_places=[("گوا", "Goa")])}
    key = name_key("گوا")
    assert before[key][2:] == ("ANY", "Q1171", "Goa")
    assert after[key][2:] == ("LOCATION", "Q1171", "Goa")


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(("روس", "Russia"), id="a-country"),
        pytest.param(("سوات", "Swat"), id="an-untyped-item-of-another-english-name"),
        pytest.param(("گوا", "Goa", "twice"), id="a-row-twice"),
    ],
)
def test_a_listed_place_spelled_like_an_item_stops_the_build(
    script: ModuleType, row: tuple[str, ...]
) -> None:
    rows = [row[:2]] * (2 if len(row) > 2 else 1)
    with pytest.raises(SystemExit, match="spelled like a gazetteer item"):
        script.build(DATA, extra_places=rows)


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


# -- places (place_types.tsv, scripts/build_place_types.py) ------------------------------------


@pytest.fixture(scope="module")
def places_script() -> ModuleType:
    return load_script("build_place_types")


def test_place_types_script_examples(places_script: ModuleType) -> None:
    result = doctest.testmod(places_script, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 6
    assert result.failed == 0


@pytest.mark.parametrize(
    ("urdu", "english"),
    [("ویانا", "Vienna"), ("کابل", "Kabul"), ("کراچی", "Karachi"), ("سندھ", "Sindh")],
)
def test_typed_places_are_locations(urdu: str, english: str) -> None:
    g = default_gazetteer()
    entry = g.lookup(name_key(urdu), "LOCATION")
    assert entry is not None
    assert (entry.english, entry.type) == (english, "LOCATION")
    # a place no longer gives its English name to a person spelled like it
    assert g.lookup(name_key(urdu), "PERSON") is None


@pytest.mark.parametrize("urdu", ["ہوائی", "قصور", "نوکیا", "آکسفورڈ", "ابهر", "اسلام"])
def test_common_words_and_names_stay_untyped(urdu: str) -> None:
    # Hawaii / 'aerial', Kasur / 'fault', Nokia the company, Oxford the university, Abhar / 'rise',
    # Islam (a religion, which the recognizer had read as a place in the news)
    entry = default_gazetteer().lookup(name_key(urdu), "PERSON")
    assert entry is not None
    assert entry.type == "ANY"


def test_every_place_row_is_a_located_gazetteer_row(script: ModuleType) -> None:
    places = script.read_places()
    assert len(places) > 300
    located = {(r[3], r[1]) for r in script.build(DATA) if r[2] == "LOCATION"}
    typed = {(qid, urdu) for qid, urdu, _, source in places if source != "geonames"}
    assert typed <= located
    # the new rows from GeoNames have no Wikidata id, and are places too
    added = {("", urdu) for qid, urdu, _, source in places if source == "geonames"}
    assert added
    assert added <= located


@pytest.mark.parametrize(
    ("urdu", "english"),
    [("اسلام آباد", "Islamabad"), ("کوئٹہ", "Quetta"), ("دہلی", "Delhi")],
)
def test_large_cities_missing_from_wikidata_come_from_geonames(urdu: str, english: str) -> None:
    entry = default_gazetteer().lookup(name_key(urdu), "LOCATION")
    assert entry is not None
    assert (entry.english, entry.type, entry.wikidata) == (english, "LOCATION", None)


def test_a_country_wins_its_key_and_geonames_does_not_bring_the_other_back(
    script: ModuleType,
) -> None:
    # تائیوان is Taiwan and (as تاییوان) Taiyuan in the Wikidata file: the country of the list
    # keeps the key, and GeoNames' Taiyuan must not take it under its name.
    dropped: set[str] = set()
    rows = {r[0]: r for r in script.build(DATA, dropped=dropped)}
    taiwan = rows[name_key("تائیوان")]
    assert (taiwan[2], taiwan[4]) == ("LOCATION", "Taiwan")
    assert taiwan[3].startswith("Q")
    assert name_key("تائیوان") not in dropped


def test_items_of_one_key_merge_only_when_they_are_one_thing(script: ModuleType) -> None:
    dropped: set[str] = set()
    rows = {r[0]: r for r in script.build(DATA, dropped=dropped)}
    # Wikidata spells the country's English name otherwise ("The Bahamas", "/Peru\\"): the
    # same country, with the Wikidata id and the list's name.
    for urdu, english in (("بہاماس", "Bahamas"), ("پیرو", "Peru")):
        row = rows[name_key(urdu)]
        assert (row[2], row[4]) == ("LOCATION", english)
        assert row[3].startswith("Q")
    # Two items of one English name (the Indian and the Pakistani Punjab): the name, no id.
    punjab = rows[name_key("پنجاب")]
    assert (punjab[3], punjab[4]) == ("", "Punjab")
    # Two things: dropped.
    assert {name_key("گھوڑا"), name_key("گجرات")} <= dropped  # knight/horse, Gujrat/Gujarat
    assert name_key("گھوڑا") not in rows


def test_english_key_folds_articles_and_stray_marks(script: ModuleType) -> None:
    key = script.english_key
    assert key("The Gambia") == key("Gambia") == "gambia"
    assert key("/Peru\\") == "peru"
    assert key("The") == "the"  # a single word is kept as it is
    assert key("Bosnia and Herzegovina") == "bosnia and herzegovina"


def test_decide_uses_news_evidence_and_vetoes(places_script: ModuleType) -> None:
    from collections import Counter

    rows = [
        (name_key("غزہ"), "غزہ", "ANY", "Q1", "Gaza"),
        (name_key("فلم"), "فلم", "ANY", "Q2", "film"),
        (name_key("رونالڈو"), "رونالڈو", "ANY", "Q3", "Ronaldo"),
        (name_key("ایران"), "ایران", "LOCATION", "Q4", "Iran"),
    ]
    counts = {
        (name_key("غزہ"),): Counter({"LOCATION": 43, "part-LOCATION": 13, "O": 350}),
        (name_key("فلم"),): Counter({"LOCATION": 50, "O": 10}),
        (name_key("رونالڈو"),): Counter({"LOCATION": 88, "other": 43, "O": 61}),
    }
    places = places_script.decide(rows, counts, None, {}, {})
    assert [(p[1], p[3]) for p in places] == [("غزہ", "news")]


def test_a_malformed_place_row_stops_the_build(script: ModuleType, tmp_path: Path) -> None:
    bad = tmp_path / "place_types.tsv"
    bad.write_text("# c\nQ1\tویانا\tVienna\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"place_types\.tsv:2"):
        script.read_places(bad)


# -- organisations (organizations.tsv) ---------------------------------------------------------


def test_every_listed_organisation_is_an_organization_row(script: ModuleType) -> None:
    orgs = script.read_organizations()
    assert 100 <= len(orgs) <= 250
    rows = {r[0]: r for r in script.build(DATA)}
    ids = {r[3] for r in rows.values() if r[2] != "ORGANIZATION"}
    for urdu, english, qid in orgs:
        row = rows[name_key(urdu)]
        assert (row[2], row[4]) == ("ORGANIZATION", english), urdu
        if qid:  # an id only where the shared Wikidata file has the item
            assert row[3] == qid
        assert row[3] == "" or row[3] in ids or any(q == row[3] for _, _, q in orgs)
        # an organisation is no place and no person
        assert default_gazetteer().lookup(name_key(urdu), "LOCATION") is None
        assert default_gazetteer().lookup(name_key(urdu), "PERSON") is None


def test_organisation_names_are_urdu_script_and_english_latin(script: ModuleType) -> None:
    for urdu, english, qid in script.read_organizations():
        assert all(c.isspace() or "\u0600" <= c <= "\u06ff" or c in "()" for c in urdu), urdu
        assert english.isascii(), english
        assert english[0].isupper() or english.startswith("al-"), english
        assert qid == "" or (qid[0] == "Q" and qid[1:].isdigit())


def test_a_wikidata_item_of_unknown_type_becomes_the_organisation(script: ModuleType) -> None:
    # فیفا is an item of the Wikidata file (type unknown): the listed row keeps its id.
    orgs = [o for o in script.read_organizations() if o[2]]
    assert orgs
    before = {r[0]: r for r in script.build(DATA, organizations=[])}
    after = {r[0]: r for r in script.build(DATA)}
    for urdu, _, qid in orgs:
        key = name_key(urdu)
        if key in before:
            assert (before[key][2], before[key][3]) == ("ANY", qid)
        assert (after[key][2], after[key][3]) == ("ORGANIZATION", qid)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        pytest.param([("ایران", "Iran Inc", "")], "spelled like a place", id="a-place"),
        pytest.param([("نیٹو", "NATO", "Q1")], "no Wikidata item", id="id-from-memory"),
        pytest.param(
            [("فیفا", "FIFA", "Q7795")], "no Wikidata item", id="another-items-id"
        ),  # Q7795 (OPEC) is in the file, but not the item of this label
        pytest.param(
            [("نیٹو", "NATO", ""), ("نیٹو", "Nato Two", "")], "two organisations", id="twice"
        ),
    ],
)
def test_a_wrong_organisation_row_stops_the_build(
    script: ModuleType, rows: list[tuple[str, str, str]], message: str
) -> None:
    with pytest.raises(SystemExit, match=message):
        script.build(DATA, organizations=rows)


def test_a_malformed_organisation_row_stops_the_build(script: ModuleType, tmp_path: Path) -> None:
    bad = tmp_path / "organizations.tsv"
    bad.write_text("# c\nنیٹو\tNATO\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"organizations\.tsv:2"):
        script.read_organizations(bad)
