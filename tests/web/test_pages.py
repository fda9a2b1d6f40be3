"""The HTML pages through the ASGI app (no browser): status, language, escaping, CSP, charts.

Expected values come from the store read independently (the ``sql`` fixture) or from the
hostile inputs themselves, never from the page under test.
"""

from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urljoin, urlsplit

import httpx
import pytest
from starlette.testclient import TestClient

from akhbar.article import Article
from akhbar.entities.gazetteer import name_key
from akhbar.entities.link import Mention
from akhbar.store import Store, StoreItem
from akhbar.web.app import create_app
from akhbar.web.pages import MESSAGES, Ui, annotated, bar_chart, marked, month_series
from tests.web.conftest import HOSTILE, SQLISH, XSS_IMG, XSS_SCRIPT

LAVROV = ("لاوروف", "لاؤروف")  # the seed article spells the name both ways


class Element:
    """One start tag as parsed, with the text inside it (for the few elements that matter)."""

    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs, self.text = tag, attrs, ""


class Page(HTMLParser):
    """A tolerant parse: every start tag, and the text of <mark>, <a>, <script>, <h1>, <text>."""

    KEEP_TEXT = frozenset({"mark", "a", "script", "h1", "h2", "title", "text", "code", "dd"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, dict(attrs))
        self.elements.append(el)
        if tag in self.KEEP_TEXT:
            self._open.append(el)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i]
                break

    def handle_data(self, data: str) -> None:
        for el in self._open:
            el.text += data

    def all(self, tag: str, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and (cls is None or cls in (e.attrs.get("class") or "").split())
        ]


def get_page(client: TestClient, url: str, status: int = 200, **params: Any) -> Page:
    r = client.get(url, params=params) if params else client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    check_secure(r)
    return Page(r.text)


def check_secure(r: httpx.Response) -> None:
    """CSP present and strict; every script carries this response's nonce; no inline handler,
    no style attribute, no inline <style>, every asset from this origin."""
    csp = r.headers["content-security-policy"]
    assert "script-src" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce, csp
    page = Page(r.text)
    scripts = page.all("script")
    assert scripts, "the page's own script is missing"
    for s in scripts:
        assert s.attrs.get("nonce") == nonce.group(1)
        assert (s.attrs.get("src") or "").startswith("/static/")
        assert not s.text.strip()  # no inline code
    for el in page.elements:
        for name, value in el.attrs.items():
            assert not name.startswith("on"), (el.tag, name, value)
            assert name != "style", (el.tag, value)
            if name in ("src", "srcset", "action") or (name == "href" and el.tag == "link"):
                assert (value or "").startswith("/"), (el.tag, name, value)
    assert not page.all("style")
    assert not page.all("iframe")
    assert not page.all("object")
    assert not page.all("embed")


def html_tag(page: Page) -> dict[str, str | None]:
    return page.all("html")[0].attrs


def seed_id(sql: sqlite3.Connection) -> str:
    row = sql.execute(
        "SELECT id FROM articles WHERE title LIKE '%اسٹریٹیجک تعاون%' ORDER BY seq LIMIT 1"
    ).fetchone()
    assert row, "the seed article is missing from the web store"
    return str(row[0])


def lavrov_id(sql: sqlite3.Connection) -> int:
    row = sql.execute(
        "SELECT id FROM entities WHERE name LIKE '%لاوروف%' ORDER BY mention_count DESC LIMIT 1"
    ).fetchone()
    assert row
    return int(row[0])


def busiest_entity(sql: sqlite3.Connection) -> int:
    """The entity mentioned in the most distinct months (for a real timeline)."""
    row = sql.execute(
        "SELECT m.entity FROM mentions m JOIN articles a ON a.seq = m.article "
        "WHERE a.published IS NOT NULL GROUP BY m.entity "
        "ORDER BY count(DISTINCT substr(a.published, 1, 7)) DESC, m.entity LIMIT 1"
    ).fetchone()
    assert row
    return int(row[0])


# ---- every page ---------------------------------------------------------------------------------


def test_every_page_is_urdu_right_to_left_and_secure(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    urls = [
        "/",
        "/?q=لاؤروف",
        "/?q=روس&page=2",
        "/?source=urdupoint.com",
        f"/articles/{seed_id(sql)}",
        "/articles/xss-script",
        "/entities",
        "/entities?type=PERSON",
        "/entities?q=Lavrov",
        f"/entities/{lavrov_id(sql)}",
        "/overview",
    ]
    for url in urls:
        page = get_page(client, url)
        assert html_tag(page) == {"lang": "ur", "dir": "rtl"}, url
        assert any(e.attrs.get("href") == "/static/akhbar.css" for e in page.all("link"))


def test_english_interface_is_left_to_right_and_keeps_the_language_in_links(
    client: TestClient,
) -> None:
    page = get_page(client, "/", q="روس", lang="en")
    assert html_tag(page) == {"lang": "en", "dir": "ltr"}
    assert any(a.text.strip() == MESSAGES["en"]["nav_search"] for a in page.all("a"))
    pager = [a for a in page.all("a") if a.attrs.get("rel") == "next"]
    assert pager
    assert parse_qs(urlsplit(pager[0].attrs["href"] or "").query)["lang"] == ["en"]


def test_messages_have_every_key_and_the_same_placeholders_in_both_languages() -> None:
    assert MESSAGES["ur"].keys() == MESSAGES["en"].keys()
    for key, text in MESSAGES["ur"].items():
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", MESSAGES["en"][key]))
        if key not in ("other_language", "chart_label"):  # "English"; "{label}: {n}"
            assert re.search(r"[\u0600-\u06ff]", text), f"{key}: not Urdu"


def test_a_count_of_one_is_said_in_the_singular_in_both_languages(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    """``1 article``, ``1 mention``, ``1 result`` (``1 خبر``), not ``1 articles``: the pages pick
    a message's form for one when its count is 1."""
    one = sql.execute(
        "SELECT e.id FROM entities e WHERE e.mention_count = 1 ORDER BY e.id LIMIT 1"
    ).fetchone()
    assert one is not None  # the web store has entities mentioned once
    for lang in ("en", "ur"):
        said = MESSAGES[lang]
        text = client.get(f"/entities/{one[0]}", params={"lang": lang}).text
        assert said["mentions_n#one"].format(n=Ui(lang).num(1)) in text, lang
        assert said["articles_n#one"].format(n=Ui(lang).num(1)) in text, lang
        assert said["articles_n"].format(n=Ui(lang).num(1)) not in text, lang
        # a word of the hostile articles that one article alone holds (counted by the API)
        word = next(
            w
            for w in ("پیما", "فشاں", "پھٹ", "زلزلہ")
            if client.get("/api/search", params={"q": w}).json()["total"] == 1
        )
        text = client.get("/", params={"q": word, "lang": lang}).text
        assert said["results_total#one"].format(total=Ui(lang).num(1)) in text, lang
        assert said["results_total"].format(total=Ui(lang).num(1)) not in text, lang
    assert MESSAGES["en"]["articles_n#one"] != MESSAGES["en"]["articles_n"]


# ---- search -------------------------------------------------------------------------------------


def test_search_highlights_both_spellings_in_marks(client: TestClient) -> None:
    page = get_page(client, "/", q="لاؤروف")
    marks = [m.text for m in page.all("mark")]
    assert marks
    assert all(m in LAVROV for m in marks), marks
    assert set(marks) == set(LAVROV)
    # The query is echoed in the search box; the entity it names is offered as a link.
    assert page.all("input", None)[0].attrs.get("value") == "لاؤروف"
    assert any(
        (a.attrs.get("href") or "").startswith("/entities/") and "لاوروف" in a.text
        for a in page.all("a", "chip")
    )


def test_an_article_page_marks_what_its_search_matched(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    # A search by the form's entity filter: the hit's snippet marks how the article names
    # the entity; its article page marked only q's words (here none: nothing was marked).
    lid = lavrov_id(sql)
    page = get_page(client, "/", entity=f"#{lid}")
    links = [
        a.attrs.get("href") or ""
        for a in page.all("a")
        if (a.attrs.get("href") or "").startswith("/articles/")
        and "q" in parse_qs(urlsplit(a.attrs.get("href") or "").query)
    ]
    assert links
    article = get_page(client, links[0])
    marks = {m.text for m in article.all("mark")}
    aid = unquote(urlsplit(links[0]).path.removeprefix("/articles/")).removeprefix("~")
    named = {
        r[0]
        for r in sql.execute(
            "SELECT m.text FROM mentions m JOIN articles a ON a.seq = m.article "
            "WHERE a.id = ? AND m.entity = ?",
            (aid, lid),
        )
    }
    assert named
    assert marks
    assert marks <= named | set(LAVROV), (marks, named)


def shown_total(page: Page) -> int:
    """The number of hits the results heading announces (in Urdu digits)."""
    heading = [h for h in page.all("h2") if h.attrs.get("id") == "results-title"]
    assert heading
    digits = heading[0].text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    found = re.search(r"\d[\d٬,]*", digits)
    assert found, heading[0].text
    return int(re.sub(r"\D", "", found.group()))


def collapsed(sql: sqlite3.Connection, where: str, params: tuple[Any, ...] = ()) -> int:
    """Articles matching ``where`` with each near-duplicate cluster counted once."""
    row = sql.execute(
        "SELECT count(DISTINCT coalesce(cluster_id, 'article:' || id)) FROM articles "
        f"WHERE {where}",
        params,
    ).fetchone()
    return int(row[0])


def article_links(page: Page) -> set[str]:
    hrefs = {a.attrs.get("href") or "" for a in page.all("a")}
    return {h for h in hrefs if h.startswith("/articles/") and "#" not in h}


def links_with(page: Page, parameter: str) -> list[str]:
    """The page's link targets whose query string has ``parameter``, in page order."""
    hrefs = [a.attrs.get("href") or "" for a in page.all("a")]
    return [h for h in hrefs if parameter in parse_qs(urlsplit(h).query)]


def test_search_results_match_the_store_and_page_through(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    first = get_page(client, "/", source="urdupoint.com")
    second = get_page(client, "/", source="urdupoint.com", page="2")
    expected = collapsed(sql, "source = ?", ("urdupoint.com",))
    assert expected > 10  # more than one page
    assert shown_total(first) == shown_total(second) == expected
    assert len(first.all("li", "hit")) == 10
    assert article_links(first)
    assert article_links(second)
    assert not article_links(first) & article_links(second)


def test_a_page_past_the_last_says_so_and_links_the_last_page(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    # It said "Nothing found" under "N results", with "page 3 of 2".
    expected = collapsed(sql, "source = ?", ("urdupoint.com",))
    last = -(-expected // 10)
    past = client.get("/", params={"source": "urdupoint.com", "page": str(last + 1)})
    assert past.status_code == 200
    assert MESSAGES["ur"]["no_results"] not in past.text
    page = Page(past.text)
    assert shown_total(page) == expected
    assert not page.all("li", "hit")
    links = [a for a in page.all("a") if a.text.strip() == MESSAGES["ur"]["page_last"]]
    assert len(links) == 1
    href = links[0].attrs["href"] or ""
    assert parse_qs(urlsplit(href).query) == {"source": ["urdupoint.com"], "page": [str(last)]}
    assert len(get_page(client, href).all("li", "hit")) == expected - 10 * (last - 1)


def test_entity_facet_links_narrow_the_search_to_that_entity(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    page = get_page(client, "/", q="روس")
    links = links_with(page, "entity")
    assert links, "no entity facet on the search page"
    link = links[0]
    ref = parse_qs(urlsplit(link).query)["entity"][0]
    assert re.fullmatch(r"#\d+", ref)
    assert parse_qs(urlsplit(link).query)["q"] == ["روس"]
    narrowed = get_page(client, link)
    mentioning = {
        r[0]
        for r in sql.execute(
            "SELECT a.id FROM articles AS a JOIN mentions AS m ON m.article = a.seq "
            "WHERE m.entity = ?",
            (int(ref[1:]),),
        )
    }
    shown = article_links(narrowed)
    assert shown
    assert {unquote(x.rsplit("/", 1)[-1].split("?")[0]) for x in shown} <= mentioning


def test_entity_facet_links_narrow_an_entity_search_further(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    # On a search of one entity (the entity page's "all articles" link), a name of the facet
    # is that entity and this one; it was this one alone (the filter was put in its place).
    first = busiest_entity(sql)
    page = get_page(client, "/", entity=f"#{first}")
    facet = [
        link
        for link in links_with(page, "entity")
        if "entity:#" in parse_qs(urlsplit(link).query).get("q", [""])[0]
    ]
    assert len(facet) > 1, "no entity facet on the entity search"

    def mentioning(*entities: int) -> int:
        where = " AND ".join(
            ["seq IN (SELECT article FROM mentions WHERE entity = ?)"] * len(entities)
        )
        return collapsed(sql, where, entities)

    wider = 0
    for link in facet[:4]:
        params = parse_qs(urlsplit(link).query)
        assert params["entity"] == [f"#{first}"]
        named = re.fullmatch(r"entity:#(\d+)", params["q"][0])
        assert named, params
        other = int(named.group(1))
        assert shown_total(get_page(client, link)) == mentioning(first, other) > 0
        wider += mentioning(other) > mentioning(first, other)
    assert wider, "no facet entity is mentioned without the first: the test shows nothing"


def test_month_bars_link_to_a_date_filter_that_finds_that_month(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    page = get_page(client, "/", source="urdupoint.com")
    bars = links_with(page, "after")
    assert bars, "no clickable month bar"
    link = bars[len(bars) // 2]
    month = parse_qs(urlsplit(link).query)["after"][0]
    assert re.fullmatch(r"\d{4}-\d{2}", month)
    expected = collapsed(sql, "source = 'urdupoint.com' AND substr(published, 1, 7) = ?", (month,))
    filtered = get_page(client, link)
    assert shown_total(filtered) == expected > 0
    # Each bar's height follows its count: the busiest month has the tallest bar.
    busiest = sql.execute(
        "SELECT substr(published, 1, 7) AS m FROM articles WHERE source = 'urdupoint.com' "
        "AND published_utc IS NOT NULL GROUP BY m ORDER BY count(*) DESC, m LIMIT 1"
    ).fetchone()[0]
    groups = page.all("g", "bar")
    heights = [float(e.attrs["height"] or 0) for e in page.all("rect", "fill")]
    assert len(groups) == len(heights)
    tallest = groups[heights.index(max(heights))].attrs.get("data-tip") or ""
    assert Ui("ur").month(busiest) in tallest


def test_month_bars_keep_the_date_filters_that_cut_into_their_month(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    # With after=the 10th, the bar of that month counts the 10th on; its link asked for the
    # whole month (after=YYYY-MM), which found more than the bar said.  So for before=.
    days = sorted(
        {
            r[0]
            for r in sql.execute(
                "SELECT substr(published, 1, 10) FROM articles "
                "WHERE source = 'urdupoint.com' AND published_utc IS NOT NULL"
            )
        }
    )
    by_month: dict[str, list[str]] = {}
    for day in days:
        by_month.setdefault(day[:7], []).append(day)
    split = [m for m, ds in sorted(by_month.items()) if len(ds) > 1]
    assert len(split) > 1, "no two months with articles on several days"
    first, last = split[0], split[-1]
    after, before = by_month[first][1], by_month[last][-1]
    page = get_page(client, "/", source="urdupoint.com", after=after, before=before)
    for month, bound in ((first, "after"), (last, "before")):
        tip = Ui("ur").month(month)
        bars = [g for g in page.all("g", "bar") if (g.attrs.get("data-tip") or "").startswith(tip)]
        assert len(bars) == 1, tip
        link = [a for a in page.all("a") if a.attrs.get("aria-label") == bars[0].attrs["data-tip"]]
        assert len(link) == 1
        expected = collapsed(
            sql,
            "source = 'urdupoint.com' AND substr(published, 1, 7) = ? "
            "AND substr(published, 1, 10) >= ? AND substr(published, 1, 10) < ?",
            (month, after, before),
        )
        whole = collapsed(sql, "source = 'urdupoint.com' AND substr(published, 1, 7) = ?", (month,))
        assert 0 < expected < whole, (month, bound)
        assert shown_total(get_page(client, link[0].attrs["href"] or "")) == expected


def test_removing_a_filter_keeps_a_search_as_typed(client: TestClient) -> None:
    # Each filter chip's link (the search without that filter) kept q and the other filters
    # but not exact=1, so relaxing and other spellings came back on.
    filters = {"source": "urdupoint.com", "after": "2021", "entity": "#1"}
    page = get_page(client, "/", q="روس", exact="1", **filters)
    hrefs = [a.attrs.get("href") or "" for a in page.all("a", "chip")]
    chips = [h for h in hrefs if h.startswith("/?")]  # (not the name suggestions)
    assert len(chips) == len(filters)
    for href in chips:
        params = parse_qs(urlsplit(href).query)
        assert params.pop("exact") == ["1"]
        assert params.pop("q") == ["روس"]
        assert len(params) == len(filters) - 1
    typed = get_page(client, "/", q="روس", **filters)
    assert not [h for a in typed.all("a", "chip") if "exact" in (h := a.attrs.get("href") or "")]


def test_hostile_queries_are_echoed_escaped(client: TestClient) -> None:
    for q in [XSS_SCRIPT, XSS_IMG, SQLISH, '"' + XSS_SCRIPT, "</title><script>alert(1)</script>"]:
        r = client.get("/", params={"q": q})
        assert r.status_code in (200, 400), (q, r.status_code)
        check_secure(r)
        assert "<script>alert" not in r.text
        assert "<img src=x" not in r.text
        page = Page(r.text)
        assert not page.all("img")
        assert page.all("input")[0].attrs.get("value") == q  # round-trips as text
        assert len(page.all("script")) == 1


def test_malformed_query_is_an_urdu_400_page_with_the_message_escaped(client: TestClient) -> None:
    q = '"<b>unterminated'
    page = get_page(client, "/", status=400, q=q)
    assert html_tag(page) == {"lang": "ur", "dir": "rtl"}
    assert any(MESSAGES["ur"]["error_400_title"] in h.text for h in page.all("h1"))
    detail = [c.text for c in page.all("code", "detail")]
    assert detail
    assert "unterminated phrase" in detail[0]
    assert not page.all("b")
    for params in ({"q": "x", "page": "abc"}, {"q": "x", "page": "999999"}, {"after": "x" * 300}):
        r = client.get("/", params=params)
        assert 400 <= r.status_code < 500, params
        assert 'lang="ur" dir="rtl"' in r.text


def test_unknown_ids_are_urdu_404_pages(client: TestClient) -> None:
    for url in [
        "/articles/no-such-article",
        "/articles/%3Cscript%3E",
        "/entities/999999999",
        "/entities/abc",
        "/entities/-1",
    ]:
        page = get_page(client, url, status=404)
        assert html_tag(page) == {"lang": "ur", "dir": "rtl"}
        assert any(MESSAGES["ur"]["error_404_title"] in h.text for h in page.all("h1"))
        assert len(page.all("script")) == 1


# ---- article and entity pages -------------------------------------------------------------------


def test_article_page_links_every_mention_to_its_entity(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    article = seed_id(sql)
    page = get_page(client, f"/articles/{article}")
    links = page.all("a", "ent")
    expected = sql.execute(
        "SELECT m.text, m.entity FROM mentions m JOIN articles a ON a.seq = m.article "
        "WHERE a.id = ? ORDER BY m.paragraph, m.start",
        (article,),
    ).fetchall()
    assert expected
    assert [(a.text, a.attrs["href"]) for a in links] == [
        (text, f"/entities/{entity}") for text, entity in expected
    ]
    # Arriving from a search, the query's matches are marked too (inside mention links).
    page = get_page(client, f"/articles/{article}", q="لاؤروف")
    marks = [m.text for m in page.all("mark")]
    assert marks
    assert set(marks) == set(LAVROV)


def test_hostile_article_renders_as_text(client: TestClient) -> None:
    hostile = HOSTILE[0]
    r = client.get("/articles/" + hostile["id"])
    assert r.status_code == 200
    check_secure(r)
    page = Page(r.text)
    assert len(page.all("script")) == 1
    assert not page.all("img")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    titles = [h.text for h in page.all("h1")]
    assert titles
    assert XSS_SCRIPT in titles[0]
    assert XSS_IMG in titles[0]
    # The RTL-override article keeps its control character inside its own paragraph.
    r = client.get("/articles/" + HOSTILE[1]["id"])
    assert r.status_code == 200
    # (the reader decodes the text's HTML entities: the page shows '<b>bold</b> & <escaped>',
    # escaped once)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;escaped&gt;" in r.text


def test_entity_page_timeline_matches_the_mentions_per_month(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    entity = busiest_entity(sql)
    page = get_page(client, f"/entities/{entity}")
    svg = page.all("svg", "chart-svg")
    assert svg
    assert svg[0].attrs.get("role") == "img"
    months = dict(
        sql.execute(
            "SELECT substr(a.published, 1, 7), count(*) FROM mentions m "
            "JOIN articles a ON a.seq = m.article WHERE m.entity = ? "
            "AND a.published_utc IS NOT NULL GROUP BY 1",
            (entity,),
        ).fetchall()
    )
    assert len(months) >= 2
    bars = page.all("g", "bar")
    nonzero = [b for b in bars if "zero" not in (b.attrs.get("class") or "")]
    assert len(nonzero) == len(months)
    heights = [float(r.attrs["height"] or 0) for r in page.all("rect", "fill")]
    assert len(heights) == len(bars)
    # The tallest bar is the month with the most mentions (a tie may pick either).
    top = max(months.values())
    tips = [b.attrs.get("data-tip") or "" for b in bars]
    tallest = tips[heights.index(max(heights))]
    assert Ui("ur").num(top) in tallest
    # Co-occurring entities link to their own pages.
    co = [
        a for a in page.all("a", "ent-name") if (a.attrs.get("href") or "").startswith("/entities/")
    ]
    assert co


def test_every_entity_page_links_a_search_that_finds_its_articles(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    """Every entity page offers a search of its articles, even for a name two entities share
    (امریکہ the place and امریکا the person have one key): then the link names ``#ID``."""
    for (entity,) in sql.execute("SELECT id FROM entities ORDER BY mention_count DESC LIMIT 40"):
        page = get_page(client, f"/entities/{entity}")
        links = [
            a.attrs.get("href") or ""
            for a in page.all("a")
            if "entity" in parse_qs(urlsplit(a.attrs.get("href") or "").query)
        ]
        assert links, entity
        for link in links[:2]:  # the button and the first month bar
            r = client.get(link)
            assert r.status_code == 200, (entity, link, r.text[-300:])
        value = parse_qs(urlsplit(links[0]).query)["entity"][0]
        found = client.get("/api/search", params={"q": "", "entity": value, "per_page": 50})
        assert found.status_code == 200, (entity, value, found.text[-300:])
        expected = sql.execute(
            "SELECT count(DISTINCT article) FROM mentions WHERE entity = ?", (entity,)
        ).fetchone()[0]
        assert found.json()["total_articles"] == expected, (entity, value)


def test_entities_list_and_overview_show_the_store(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    page = get_page(client, "/entities", type="LOCATION")
    names = [a.text for a in page.all("a", "ent-name")]
    top = sql.execute(
        "SELECT name FROM entities WHERE type = 'LOCATION' ORDER BY mention_count DESC, id LIMIT 3"
    ).fetchall()
    assert names[:3] == [n for (n,) in top]
    page = get_page(client, "/overview")
    articles = sql.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert page.all("dd")[0].text == Ui("ur").num(articles)
    assert page.all("svg", "chart-svg")


def test_static_files_are_served_with_the_font_licence(client: TestClient) -> None:
    css = client.get("/static/akhbar.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "font-display: swap" in css.text
    assert "Noto Nastaliq Urdu" in css.text
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.text)  # no remote asset
    font = client.get("/static/fonts/NotoNastaliqUrdu-Regular.woff2")
    assert font.status_code == 200
    assert font.content[:4] == b"wOF2"
    assert 50_000 < len(font.content) < 400_000
    licence = client.get("/static/fonts/LICENSE")
    assert licence.status_code == 200
    assert "SIL Open Font License" in licence.text
    js = client.get("/static/akhbar.js")
    assert js.status_code == 200
    assert "eval(" not in js.text
    assert "innerHTML" not in js.text
    assert client.get("/static/../service.py").status_code == 404


# ---- the pieces ---------------------------------------------------------------------------------


def test_marked_escapes_each_slice_and_survives_bad_spans() -> None:
    text = "<i>روس</i>"
    assert str(marked(text, [(3, 6)])) == "&lt;i&gt;<mark>روس</mark>&lt;/i&gt;"
    # Out of range, reversed, overlapping and empty spans never break the text.
    out = str(marked(text, [(-5, 2), (8, 99), (5, 4), (1, 3), (2, 2)]))
    assert re.sub(r"</?mark>", "", out) == "&lt;i&gt;روس&lt;/i&gt;"
    assert out == "<mark>&lt;i</mark><mark>&gt;</mark>روس&lt;/<mark>i&gt;</mark>"


@pytest.mark.parametrize(
    ("mentions", "marks", "expected"),
    [
        # A mark inside a mention sits inside its link.
        (
            [{"start": 0, "end": 3, "entity": 1, "type": "PERSON", "name": "<n>"}],
            [(1, 2)],
            '<a class="ent ent-person" href="/entities/1" title="&lt;n&gt;">'
            "a<mark>b</mark>c</a> &lt;d&gt;",
        ),
        # Overlapping mentions: the later one is cut, never nested.
        (
            [
                {"start": 0, "end": 3, "entity": 1, "type": "X", "name": "a"},
                {"start": 2, "end": 5, "entity": 2, "type": "LOCATION", "name": "b"},
            ],
            [],
            '<a class="ent ent-other" href="/entities/1" title="a">abc</a> &lt;d&gt;',
        ),
    ],
)
def test_annotated_paragraph(
    mentions: list[dict[str, Any]], marks: list[tuple[int, int]], expected: str
) -> None:
    assert str(annotated("abc <d>", mentions, marks)) == expected


def test_month_series_and_chart_layout() -> None:
    series = month_series({"2020-11": 2, "2021-02": 5, "undated": 9, "2021-13": 1})
    assert series == [("2020-11", 2), ("2020-12", 0), ("2021-01", 0), ("2021-02", 5)]
    points = [(k, n, None, k) for k, n in series]
    rtl = bar_chart(points, rtl=True)
    ltr = bar_chart(points, rtl=False)
    assert rtl.bars[0].x > rtl.bars[-1].x
    assert ltr.bars[0].x < ltr.bars[-1].x
    assert all(b.x >= 0 and b.x + b.width <= rtl.width for b in rtl.bars)
    tallest = max(rtl.bars, key=lambda b: b.height)
    assert tallest.count == 5
    assert tallest.y == pytest.approx(rtl.top)
    assert [b.height for b in rtl.bars if not b.count] == [0.0, 0.0]
    assert [label for _, label in rtl.ticks] == ["2020", "2021"]
    assert bar_chart([], rtl=True).bars == ()


def asgi_get(client: TestClient, path: str, query: bytes = b"") -> httpx.Response:
    """GET ``path`` exactly as a server hands it to the app (already percent-decoded, once):
    the test client decodes a URL's path twice, so it cannot ask for ``/articles/a?b``."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": quote(path).encode("ascii"),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    portal = client.portal
    assert portal is not None, "asgi_get needs the client opened with 'with'"
    portal.call(client.app, scope, receive, send)
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]]
    return httpx.Response(start["status"], headers=headers, content=body)


def test_language_link_leads_back_to_the_same_path(client: TestClient) -> None:
    # Ids may hold any character; the link to the other language must name the same path,
    # each character percent-encoded once, and never become a link to another host.
    for path in [
        "/articles/q?x#y z",
        "/articles/back\\slash",
        "/articles/a%2Fb",
        "/articles/../etc/passwd",
        "/articles/x/./y",
        "//evil.example/x",
    ]:
        r = asgi_get(client, path)
        assert r.status_code == 404, (path, r.status_code)
        links = [a.attrs.get("href") or "" for a in Page(r.text).all("a", "lang")]
        assert len(links) == 1
        # As a browser follows it from this page (dot segments resolved, RFC 3986 5.2).
        parts = urlsplit(urljoin("http://testserver" + quote(path), links[0]))
        assert parts.netloc == "testserver", links[0]
        assert unquote(parts.path) == path, links[0]
        assert parse_qs(parts.query) == {"lang": ["en"]}


def test_a_query_string_that_is_not_utf8_is_a_400_everywhere(client: TestClient) -> None:
    # Raw bytes in the query string (a server may pass them on): a 400, never a 500.
    for path in ["/", "/entities", "/overview", "/nope", "/api/search", "/api/nope"]:
        r = asgi_get(client, path, b"q=\xff\xfe&page=1")
        assert r.status_code == 400, (path, r.status_code, r.text[:300])
        if path.startswith("/api/"):
            assert r.headers["content-type"] == "application/problem+json"
            assert r.json()["status"] == 400
        else:
            assert r.headers["content-type"].startswith("text/html")
        assert "Traceback" not in r.text
        assert "content-security-policy" in r.headers


def test_entity_page_shows_each_latest_article_with_its_mention_in_context(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    entity = busiest_entity(sql)
    variants = {t for (t,) in sql.execute("SELECT text FROM mentions WHERE entity = ?", (entity,))}
    page = get_page(client, f"/entities/{entity}")
    contexts = page.all("p", "item-context")
    assert len(contexts) == len(page.all("li", "item")) - len(page.all("li", "entity-item"))
    marks = [m.text for m in page.all("mark")]
    assert marks
    assert set(marks) <= variants


def test_mention_context_is_escaped(tmp_path: Path) -> None:
    # A mention in a sentence full of markup: the context shows it as text, the mention marked.
    text = '<script>alert(1)</script> شہباز شریف <img src=x onerror="alert(2)">'
    start = text.index("شہباز")
    end = start + len("شہباز شریف")
    mention = Mention(0, 0, start, end, text[start:end], "PERSON", None, name_key("شہباز شریف"))
    art = Article(id="x", paragraphs=(text,), sentences=((0, 0, len(text)),))
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        run = store.begin_run([], {})
        store.add_batch(run, [StoreItem(article=art, content_hash="h", mentions=(mention,))])
        store.end_run(run)
    with TestClient(create_app(db)) as c:
        r = c.get("/entities/1")
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text
    assert "<img src=x" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>شہباز شریف</mark> &lt;img" in r.text


def test_article_page_lists_the_other_members_of_its_cluster(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    # The members are article items without a mention context (the entity page's have one).
    row = sql.execute(
        "SELECT cluster_id FROM articles WHERE cluster_id IS NOT NULL GROUP BY cluster_id "
        "HAVING count(*) >= 2 ORDER BY cluster_id LIMIT 1"
    ).fetchone()
    assert row is not None, "the web fixture has a near-duplicate cluster"
    ids = [i for (i,) in sql.execute("SELECT id FROM articles WHERE cluster_id = ?", row)]
    page = get_page(client, f"/articles/{quote(ids[0], safe='')}")
    links = {unquote((a.attrs.get("href") or "").rsplit("/", 1)[-1]) for a in page.all("a")}
    assert set(ids[1:]) <= links
    assert not page.all("p", "item-context")
