"""How exact the result count is: ``total_is_exact`` in the API, and the page's wording of it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from akhbar.web.app import create_app
from akhbar.web.pages import MESSAGES, Ui
from akhbar.web.service import Service
from tests.web.test_pages import collapsed, get_page, shown_total


def test_a_counted_total_is_marked_exact_and_matches_the_store(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    body = client.get("/api/search", params={"source": "urdupoint.com"}).json()
    assert body["total_is_exact"] is True
    assert body["total"] == collapsed(sql, "source = ?", ("urdupoint.com",))


class _Estimating(Service):
    """The real service, its totals flagged as estimates (what an engine that stops counting
    past a bound reports)."""

    def search(self, q: str | None, **kwargs: Any) -> dict[str, Any]:
        return {**super().search(q, **kwargs), "total_is_exact": False}


def test_an_estimated_total_is_worded_as_one(web_db: Path, sql: sqlite3.Connection) -> None:
    expected = collapsed(sql, "source = ?", ("urdupoint.com",))
    with TestClient(create_app(web_db, service=_Estimating(web_db))) as estimating:
        assert (
            estimating.get("/api/search", params={"q": "پاکستان"}).json()["total_is_exact"] is False
        )
        for lang in ("ur", "en"):
            about = MESSAGES[lang]["results_total_about"].split("{total}")[0].strip()
            assert about  # the wording says "about" before the number
            page = get_page(estimating, "/", source="urdupoint.com", lang=lang)
            heading = next(h for h in page.all("h2") if h.attrs.get("id") == "results-title")
            assert heading.text.strip().startswith(about), heading.text
            assert shown_total(page) == expected
    exact = get_page(TestClient(create_app(web_db)), "/", source="urdupoint.com", lang="en")
    heading = next(h for h in exact.all("h2") if h.attrs.get("id") == "results-title")
    assert heading.text.strip().startswith(Ui("en").num(expected))
