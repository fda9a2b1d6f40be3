"""The web side of phrase relaxing (the API's ``relaxed_query`` and ``exact``, the page's
notice) and of hostile source names (filter parameters, facet links that round-trip)."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from akhbar.search.query import relax_phrases
from akhbar.web.app import create_app
from tests.search.relax_store import ARTICLES, HOSTILE_SOURCES, build_relax_store
from tests.web.test_pages import Page, get_page

MISSING = '"اصلاحات معاشی"'
#: A phrase that finds nothing, with markup in it (shown back in the notice).
HOSTILE_PHRASE = '"اصلاحات <script>alert(1)</script> معاشی"'


@pytest.fixture(scope="module")
def relax_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = build_relax_store(tmp_path_factory.mktemp("relax-web") / "r.db")
    with TestClient(create_app(Path(db)), raise_server_exceptions=False) as c:
        yield c


def api(client: TestClient, **params: str) -> dict[str, Any]:
    r = client.get("/api/search", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_api_says_when_it_relaxed(relax_client: TestClient) -> None:
    body = api(relax_client, q=MISSING)
    assert body["query"] == MISSING
    assert body["relaxed_query"] == relax_phrases(MISSING)
    assert body["total"] > 0
    same = api(relax_client, q=str(body["relaxed_query"]))
    assert (same["hits"], same["total"], same["facets"]) == (
        body["hits"],
        body["total"],
        body["facets"],
    )
    for flag in ("true", "1"):
        exact = api(relax_client, q=MISSING, exact=flag)
        assert (exact["total"], exact["relaxed_query"], exact["hits"]) == (0, None, [])
    assert api(relax_client, q=MISSING, exact="false")["relaxed_query"] is not None
    r = relax_client.get("/api/search", params={"q": MISSING, "exact": "maybe"})
    assert r.status_code == 400
    assert r.json()["parameter"] == "exact"


def test_api_relaxes_with_filter_parameters_kept(relax_client: TestClient) -> None:
    body = api(relax_client, q=MISSING, source="samaa", facets="entities")
    assert body["relaxed_query"] is not None
    assert {h["source"] for h in body["hits"]} == {"samaa.tv"}
    assert api(relax_client, q=MISSING, source="nosuch")["relaxed_query"] is None


def test_page_notice_is_shown_escaped_in_both_languages(relax_client: TestClient) -> None:
    for lang, words in (("ur", "کا کوئی نتیجہ نہیں ملا"), ("en", "No results for")):
        r = relax_client.get("/", params={"q": HOSTILE_PHRASE, "lang": lang})
        assert r.status_code == 200
        assert "<script>alert" not in r.text
        page = Page(r.text)
        (notice,) = page.all("p", "relaxed")
        assert words in r.text
        shown = r.text[r.text.index('class="relaxed"') :]
        assert escape("<script>alert(1)</script>", quote=False) in shown
        assert len(page.all("li", "hit")) > 0
        assert notice.attrs.get("role") == "status"
        # ... with a link to the exact search, which finds nothing and says nothing of it
        exact = [a for a in page.all("a") if "exact=1" in (a.attrs.get("href") or "")]
        assert len(exact) == 1
        again = get_page(relax_client, exact[0].attrs["href"] or "")
        assert again.all("p", "relaxed") == []
        assert again.all("li", "hit") == []


def test_relaxed_hits_link_to_articles_highlighting_the_words(relax_client: TestClient) -> None:
    page = get_page(relax_client, "/", q=MISSING)
    links = [
        a.attrs.get("href") or ""
        for a in page.all("a")
        if "/articles/" in (a.attrs.get("href") or "")
    ]
    assert links
    for href in links:
        assert parse_qs(urlsplit(href).query)["q"] == [relax_phrases(MISSING)]
        assert get_page(relax_client, href).all("mark")  # the words are marked there
    exact = get_page(relax_client, "/", q='"معاشی اصلاحات"')
    hrefs = [
        a.attrs.get("href") or ""
        for a in exact.all("a")
        if "/articles/" in (a.attrs.get("href") or "")
    ]
    assert [parse_qs(urlsplit(h).query)["q"] for h in hrefs] == [['"معاشی اصلاحات"']]


def test_page_without_relaxing_has_no_notice(relax_client: TestClient) -> None:
    page = get_page(relax_client, "/", q='"معاشی اصلاحات"')
    assert page.all("p", "relaxed") == []
    assert len(page.all("li", "hit")) == 1


@pytest.mark.parametrize("name", HOSTILE_SOURCES)
def test_source_parameter_takes_any_stored_name(relax_client: TestClient, name: str) -> None:
    mine = sorted(aid for aid, (source, *_) in ARTICLES.items() if source == name)
    clean = name.replace("\t", " ")  # (a parameter may not hold control characters)
    body = api(relax_client, q="خبر", source=clean)
    assert sorted(h["id"] for h in body["hits"]) == mine


def test_source_facet_links_round_trip(relax_client: TestClient) -> None:
    page = get_page(relax_client, "/", q="خبر")
    links = {}
    for a in page.all("a"):
        href = a.attrs.get("href") or ""
        source = parse_qs(urlsplit(href).query).get("source")
        if source:
            links[source[0]] = href
    # Every source's facet link (and the hits' source links) leads to that source's articles.
    stored = {source for source, *_ in ARTICLES.values()}
    assert len(links) == len(stored)
    for value, href in links.items():
        (name,) = [s for s in stored if s.replace("\t", " ") == value]
        mine = sorted(aid for aid, (source, *_) in ARTICLES.items() if source == name)
        followed = get_page(relax_client, href)
        assert len(followed.all("li", "hit")) == len(mine), value
        params = {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
        body = api(relax_client, **params)
        assert sorted(h["id"] for h in body["hits"]) == mine


#: پاکستان typed on an Arabic layout (no پ key), with markup beside it.
ARABIC_LAYOUT = "باكستان <i>x</i>"


def test_api_and_page_say_when_letters_an_arabic_keyboard_lacks_were_put_back(
    relax_client: TestClient,
) -> None:
    body = api(relax_client, q=ARABIC_LAYOUT)
    assert body["query"] == ARABIC_LAYOUT
    assert body["restored_query"] == "پاكستان <i>x</i>"
    assert [h["id"] for h in body["hits"]] == ["b"]
    assert api(relax_client, q="پاکستان")["restored_query"] is None  # an Urdu keyboard
    for lang, words in (("ur", "عربی یا فارسی کی بورڈ"), ("en", "Arabic or Persian keyboard")):
        r = relax_client.get("/", params={"q": ARABIC_LAYOUT, "lang": lang})
        assert r.status_code == 200
        assert "<i>x</i>" not in r.text
        (notice,) = Page(r.text).all("p", "restored")
        assert notice.attrs.get("role") == "status"
        shown = r.text[r.text.index('class="restored"') :]
        assert words in shown
        assert escape("پاكستان <i>x</i>", quote=False) in shown
    assert get_page(relax_client, "/", q="پاکستان").all("p", "restored") == []
