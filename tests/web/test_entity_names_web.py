"""The web side of searching names typed in Latin letters (the API's ``entity_query`` and
``exact``, the page's notice and its entity suggestions for a Latin name) and of spelling
suggestions (``suggested_query``, the page's "did you mean" link)."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from starlette.testclient import TestClient

from tests.web.test_pages import Page, get_page
from tests.web.test_relax_web import api


def test_api_searches_an_english_name_as_its_entity(client: TestClient) -> None:
    body = api(client, q="Lavrov", facets="entities")
    assert body["query"] == "Lavrov"
    assert body["entity_query"]
    assert body["entity_query"].startswith("entity:")
    assert body["relaxed_query"] is None
    assert body["total"] > 0
    same = api(client, q=str(body["entity_query"]), exact="true", facets="entities")
    assert (same["hits"], same["total"], same["facets"]) == (
        body["hits"],
        body["total"],
        body["facets"],
    )
    # the entity facet counts the same hits: Lavrov is mentioned in every one of them
    assert any(
        e["count"] == body["total"] and ("لاوروف" in e["name"] or "لاؤروف" in e["name"])
        for e in body["facets"]["entities"]
    )
    exact = api(client, q="Lavrov", exact="true")
    assert (exact["total"], exact["entity_query"], exact["hits"]) == (0, None, [])


def test_page_notice_and_suggestions_for_a_latin_name(client: TestClient) -> None:
    for lang, words in (("ur", "لاطینی حروف"), ("en", "Latin letters")):
        r = client.get("/", params={"q": "Lavrov", "lang": lang})
        assert r.status_code == 200
        page = Page(r.text)
        (notice,) = page.all("p", "relaxed")
        assert notice.attrs.get("role") == "status"
        assert words in r.text
        assert len(page.all("li", "hit")) > 0
        # the entity the name means is offered as a link to its page
        chips = [a for a in page.all("a", "chip") if "/entities/" in (a.attrs.get("href") or "")]
        assert chips
        exact = [a for a in page.all("a") if "exact=1" in (a.attrs.get("href") or "")]
        assert len(exact) == 1
        again = get_page(client, exact[0].attrs["href"] or "")
        assert again.all("p", "relaxed") == []
        assert again.all("li", "hit") == []


def test_hostile_latin_text_is_shown_escaped(client: TestClient) -> None:
    r = client.get("/", params={"q": "Lavrov <script>alert(1)</script>"})
    assert r.status_code == 200
    assert "<script>alert" not in r.text


def test_api_and_page_suggest_a_spelling(client: TestClient) -> None:
    source = api(client, q="وزیراعظم")["hits"][0]["source"]
    body = api(client, q="وزیراعطم", source=source)
    assert body["total"] == 0
    assert body["suggested_query"] is not None
    assert body["suggested_query"].startswith("وزیراعظم ")  # then the source filter
    assert api(client, q="وزیراعظم")["suggested_query"] is None
    page = get_page(client, "/", q="وزیراعطم <i>x</i>", source=source)
    (notice,) = page.all("p", "suggested")
    assert notice.attrs.get("role") == "status"
    (link,) = [a for a in page.all("a") if "وزیراعظم" in unquote(a.attrs.get("href") or "")]
    params = parse_qs(urlsplit(link.attrs.get("href") or "").query)
    assert params["q"] == ["وزیراعظم <i>x</i>"]
    assert params["source"] == [source]  # the filter stays a parameter, not part of q
    r = client.get("/", params={"q": "وزیراعطم <i>x</i>"})
    assert "<i>x</i>" not in r.text
    assert get_page(client, "/", q="وزیراعظم").all("p", "suggested") == []
