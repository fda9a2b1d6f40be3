"""The web side of ``empty_because``: ``/api/search`` returns the notes (documented in the
OpenAPI description), the page shows them in Urdu and English, escaping every value (a
hostile source name listed, a hostile filter value shown back); no note when hits are found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from akhbar.web.app import create_app
from akhbar.web.pages import MESSAGES
from tests.search.conftest import ingested_rows
from tests.web.test_api import search as api
from tests.web.test_pages import get_page

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
ROWS = [
    ("g1", "geo.tv", "2021-04-13", "روس اور ایران", "روس نے تہران میں ملاقات کی۔"),
    ("g2", "geo.tv", "2021-04-14", "روس کا بیان", "روس نے کہا کہ مذاکرات جاری رہیں گے۔"),
    ("h1", HOSTILE, "2022-01-05", "کرکٹ میچ", "پاکستان نے میچ جیت لیا۔"),
]


@pytest.fixture(scope="module")
def empty_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = ingested_rows(tmp_path_factory.mktemp("empty-web"), ROWS)
    with TestClient(create_app(Path(db)), raise_server_exceptions=False) as c:
        yield c


def test_api_says_which_filter_found_nothing(empty_client: TestClient) -> None:
    body = api(empty_client, q="روس", source="nosuch")
    assert body["total"] == 0
    (note,) = body["empty_because"]
    assert (note["kind"], note["values"]) == ("source", ["nosuch"])
    assert {"value": "geo.tv", "count": 2} in note["known"]
    assert {"value": HOSTILE, "count": 1} in note["known"]
    (note,) = api(empty_client, q="روس", after="2030-01-01")["empty_because"]
    assert (note["kind"], note["first"], note["last"]) == ("date", "2021-04-13", "2022-01-05")
    (note,) = api(empty_client, q="روس lang:en")["empty_because"]
    assert note["kind"] == "language"
    (note,) = api(empty_client, q="روس", entity="پاکستان")["empty_because"]
    assert note["kind"] == "words"
    assert api(empty_client, q="روس", source="geo.tv")["empty_because"] == []


def test_openapi_documents_the_notes(empty_client: TestClient) -> None:
    doc = empty_client.get("/openapi.json").json()
    field = doc["components"]["schemas"]["SearchResult"]["properties"]["empty_because"]
    assert "filter" in field["description"]
    kinds = field["items"]["properties"]["kind"]["enum"]
    assert set(kinds) == {"source", "language", "date", "entity", "filters", "words"}
    body = api(empty_client, q="روس", source="nosuch")
    assert set(body["empty_because"][0]) == set(field["items"]["properties"])


@pytest.mark.parametrize("lang", ["ur", "en"])
def test_the_page_shows_the_notes_escaped(empty_client: TestClient, lang: str) -> None:
    r = empty_client.get("/", params={"q": "روس", "source": "nosuch", "lang": lang})
    assert r.status_code == 200
    # the hostile source name is listed, as text, never as markup
    assert "<script>alert(1)" not in r.text
    assert "<img src=x" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    page = get_page(empty_client, "/", q="روس", source="nosuch", lang=lang)
    assert [e for e in page.elements if e.attrs.get("class") == "empty-because"]
    head = MESSAGES[lang]["empty_source"].split("{values}")[0]
    assert head in r.text
    # a hostile filter value shown back is escaped too
    r = empty_client.get("/", params={"q": "روس", "source": HOSTILE + "x", "lang": lang})
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text
    assert head in r.text


def test_the_page_shows_a_date_note_in_both_languages(empty_client: TestClient) -> None:
    for lang in ("ur", "en"):
        r = empty_client.get("/", params={"q": "روس", "after": "2030-01-01", "lang": lang})
        assert MESSAGES[lang]["empty_date"].split("{range}")[0] in r.text
    r = empty_client.get("/", params={"q": "روس", "after": "2030-01-01", "lang": "en"})
    assert "No article is dated on or after 1 January 2030." in r.text
    assert "The archive runs from 13 April 2021 to 5 January 2022." in r.text


def test_no_note_when_hits_are_found(empty_client: TestClient) -> None:
    r = empty_client.get("/", params={"q": "روس", "source": "geo.tv", "lang": "en"})
    assert r.status_code == 200
    assert "empty-because" not in r.text
