"""The page in a real browser (Debian's chromium, headless) against uvicorn on 127.0.0.1.

Every test runs under the ``watched`` fixture's checks (see conftest.py): no request leaves the
server's origin, no dialog opens, no console error.
"""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import quote

from tests.web.browser.conftest import Watch, open_context, save_screenshot
from tests.web.conftest import HOSTILE, XSS_IMG, XSS_SCRIPT

LAVROV = ("لاوروف", "لاؤروف")  # the seed article spells the name both ways


def search_for(page: Any, server_url: str, words: str) -> None:
    """Type ``words`` in the search box and submit the form (Enter)."""
    page.goto(server_url + "/")
    page.fill("#q", words)
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=*")


def test_search_lavrov_shows_both_spellings_highlighted(
    watched: tuple[Any, Watch], server_url: str
) -> None:
    page, watch = watched
    search_for(page, server_url, "لاؤروف")
    marks = page.locator("ol.hits mark").all_inner_texts()
    assert marks
    assert set(marks) == set(LAVROV)
    assert page.locator("html").get_attribute("dir") == "rtl"
    # Right to left: the first hit's headline sits against the right edge of the page.
    box = page.locator(".hit-title").first.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] > 0.8 * 1200
    path = save_screenshot(page, "search-lavrov.png")
    print(f"screenshot: {path}")
    assert path.stat().st_size > 20_000
    assert watch.csp(page) == []


def test_article_highlights_entities_and_links_to_the_entity_timeline(
    watched: tuple[Any, Watch], server_url: str
) -> None:
    page, watch = watched
    page.goto(server_url + "/?q=" + quote("لاؤروف"))
    page.locator("ol.hits .hit-title a").first.click()
    page.wait_for_url("**/articles/**")
    mentions = page.locator("article a.ent")
    assert mentions.count() >= 10
    # The query's words are marked inside the mention links, both spellings.
    assert set(page.locator("article a.ent mark").all_inner_texts()) == set(LAVROV)
    lavrov = page.locator("article a.ent-person", has_text="لاؤروف").first
    assert lavrov.inner_text().endswith("لاؤروف")
    assert watch.csp(page) == []
    save_screenshot(page, "article-seed.png")
    lavrov.click()
    page.wait_for_url("**/entities/*")
    assert "لاوروف" in page.locator("h1").inner_text()
    assert page.locator("svg.chart-svg").count() == 1
    assert page.locator("svg.chart-svg rect.fill").count() >= 1
    assert watch.csp(page) == []


def test_timeline_bars_get_a_tooltip_from_the_script(
    watched: tuple[Any, Watch], server_url: str, sql: sqlite3.Connection
) -> None:
    page, watch = watched
    (entity,) = sql.execute(
        "SELECT m.entity FROM mentions m JOIN articles a ON a.seq = m.article "
        "WHERE a.published_utc IS NOT NULL GROUP BY m.entity "
        "ORDER BY count(DISTINCT substr(a.published_utc, 1, 7)) DESC, m.entity LIMIT 1"
    ).fetchone()
    page.goto(f"{server_url}/entities/{entity}")
    bar = page.locator("svg.chart-svg g.bar:not(.zero)").first
    bar.hover()
    tip = page.locator(".chart-tip")
    tip.wait_for(state="visible")
    assert tip.inner_text() == bar.get_attribute("data-tip")
    save_screenshot(page, "entity-timeline.png")
    # A bar is a link to the search for that entity in that month.
    bar.locator("a").click()
    page.wait_for_url("**/?*after=*")
    assert page.locator("ol.hits li.hit").count() >= 1
    assert watch.csp(page) == []


def test_hostile_article_renders_inert(watched: tuple[Any, Watch], server_url: str) -> None:
    page, watch = watched
    page.goto(f"{server_url}/articles/{HOSTILE[0]['id']}")
    title = page.locator("h1").inner_text()
    assert XSS_SCRIPT in title
    assert XSS_IMG in title
    assert XSS_SCRIPT in page.locator("article").inner_text()
    # Only the page's own script; no element was injected.
    assert page.locator("script").count() == 1
    assert page.locator("script").get_attribute("src") == "/static/akhbar.js"
    assert page.locator("img").count() == 0
    assert page.locator("[onerror]").count() == 0
    # Found by search, the hostile headline is text in the results as well.
    search_for(page, server_url, "زلزلہ پیما")
    assert XSS_SCRIPT in page.locator("ol.hits").inner_text()
    assert page.locator("img").count() == 0
    assert watch.dialogs == []
    assert watch.csp(page) == []


def test_no_request_leaves_the_server_and_no_csp_violation(
    watched: tuple[Any, Watch], server_url: str
) -> None:
    page, watch = watched
    paths = [
        "/",
        "/?q=" + quote("روس"),
        "/?q=" + quote("روس") + "&page=2",
        "/overview",
        "/entities",
        "/entities?type=PERSON",
        "/articles/" + HOSTILE[1]["id"],
        "/?q=" + quote('"unterminated'),
        "/articles/no-such-article",
    ]
    for path in paths:
        page.goto(server_url + path)
        page.wait_for_load_state("load")
        assert watch.csp(page) == [], path
    page.click("a.lang")  # the English interface
    page.wait_for_url("**lang=en*")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert watch.outside == []
    assert all(u.startswith(server_url + "/") for u in watch.requests), watch.requests
    assert server_url + "/static/akhbar.css" in watch.requests
    assert server_url + "/static/akhbar.js" in watch.requests
    assert not [m for m in watch.console if "Content Security Policy" in m]


def test_search_works_without_javascript(browser: Any, server_url: str) -> None:
    context, watch = open_context(browser, server_url, java_script_enabled=False)
    try:
        page = context.new_page()
        search_for(page, server_url, "لاؤروف")
        assert set(page.locator("ol.hits mark").all_inner_texts()) == set(LAVROV)
        # The chart is there (server-drawn SVG); the script did not run.
        assert page.locator("svg.chart-svg rect.fill").count() >= 1
        assert page.locator(".chart-tip").count() == 0
        assert page.locator("html.js").count() == 0
        # Paging is plain links.
        search_for(page, server_url, "پاکستان")
        first = page.locator("ol.hits .hit-title a").first.get_attribute("href")
        page.locator("a[rel=next]").click()
        page.wait_for_url("**page=2*")
        assert page.locator("ol.hits .hit-title a").first.get_attribute("href") != first
        save_screenshot(page, "search-no-javascript.png")
        assert watch.outside == []
        assert watch.dialogs == []
    finally:
        context.close()


def test_an_english_name_and_a_typo_in_the_search_box(
    watched: tuple[Any, Watch], server_url: str
) -> None:
    """``Lavrov`` typed in Latin letters finds the articles naming him, with a notice and his
    name marked in the snippets; a misspelt word finds nothing and offers the spelling, whose
    link finds articles."""
    page, watch = watched
    search_for(page, server_url, "Lavrov")
    notice = page.locator("p.relaxed[role=status]")
    assert notice.count() == 1
    assert "entity:" in notice.inner_text()
    assert page.locator("ol.hits li.hit").count() >= 1
    assert set(page.locator("ol.hits mark").all_inner_texts()) & {
        f"سرگئی {name}" for name in LAVROV
    }
    # a typo: the alef of تہران left out
    search_for(page, server_url, "تہرن")
    assert page.locator("ol.hits li.hit").count() == 0
    link = page.locator("p.suggested a")
    assert link.inner_text() == "تہران"
    link.click()
    page.wait_for_url("**/?q=*")
    assert page.locator("ol.hits li.hit").count() >= 1
    assert page.locator("p.suggested").count() == 0
    assert watch.csp(page) == []
    save_screenshot(page, "search-suggested.png")


def test_a_name_in_another_spelling(watched: tuple[Any, Watch], server_url: str) -> None:
    """``یوکرائن`` also finds the articles that write ``یوکرین`` (the demo sample spells
    Ukraine both ways), says so, and marks both; its link to the search as typed finds fewer,
    and the articles it opens mark the spelling typed only."""
    page, watch = watched
    search_for(page, server_url, "یوکرائن")
    notice = page.locator("p.variants[role=status]")
    assert notice.count() == 1
    assert "یوکرین" in notice.locator("bdi.variant").all_inner_texts()
    found = page.locator("ol.hits li.hit").count()
    assert set(page.locator("ol.hits mark").all_inner_texts()) >= {"یوکرائن", "یوکرین"}
    save_screenshot(page, "search-variants.png")
    notice.locator("a").click()
    page.wait_for_url("**exact=1*")
    assert page.locator("p.variants").count() == 0
    assert 0 < page.locator("ol.hits li.hit").count() < found
    assert set(page.locator("ol.hits mark").all_inner_texts()) == {"یوکرائن"}
    page.locator("ol.hits li.hit h3 a").first.click()
    page.wait_for_url("**/articles/**")
    assert "یوکرین" not in page.locator("mark").all_inner_texts()
    assert watch.csp(page) == []
