"""The JSON API end to end through the ASGI app, checked against the store read independently."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from akhbar.search import MAX_QUERY_CHARS
from akhbar.web.app import MAX_QUERY_STRING_BYTES
from akhbar.web.service import ENTITY_FACET_DEPTH, MAX_DEPTH, MAX_PER_PAGE
from tests.web.conftest import HOSTILE, SQLISH, XSS_IMG, XSS_SCRIPT

# The seed article spells the name both ways: لاوروف and لاؤروف (with hamza).
LAVROV = ("لاوروف", "لاؤروف")


def problem_of(r: httpx.Response, status: int) -> dict[str, Any]:
    """The problem body of ``r``, checked for its RFC 9457 shape and status."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    assert body["type"].startswith("/api#problem-")
    assert body["title"]
    assert body["detail"]
    assert "Traceback" not in r.text
    return body


def search(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/api/search", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    body: dict[str, Any] = r.json()
    return body


# ---- search ------------------------------------------------------------------------------------


def test_search_lavrov_finds_seed_with_highlights_on_the_original_text(client: TestClient) -> None:
    body = search(client, q="لاؤروف")
    assert body["total"] >= 1
    hit = body["hits"][0]
    assert "روس" in (hit["title"] or "")  # the seed's headline: ایران روس اسٹریٹیجک تعاون …
    snippet = hit["snippet"]
    marked = [snippet["text"][s:e] for s, e in snippet["highlights"]]
    assert marked
    assert all(m in LAVROV for m in marked)
    assert set(marked) == set(LAVROV)  # both spellings matched by one query
    # Fragment offsets point into the article's original paragraphs.
    article = client.get(f"/api/articles/{hit['id']}").json()
    for f in snippet["fragments"]:
        paragraph = article["paragraphs"][f["paragraph"]]
        assert paragraph[f["start"] : f["end"]] == f["text"]
        for s, e in f["highlights"]:
            assert paragraph[s:e] in LAVROV


def test_search_title_highlights_point_into_the_title(client: TestClient) -> None:
    body = search(client, q="زلزلہ")
    hits = {h["id"]: h for h in body["hits"]}
    hit = hits["xss-script"]
    assert [hit["title"][s:e] for s, e in hit["title_highlights"]] == ["زلزلہ"]


def test_facets_add_up_to_the_matching_articles(client: TestClient) -> None:
    body = search(client, q="پاکستان")
    n = body["total_articles"]
    assert n >= body["total"] > 10
    for name in ("sources", "months", "languages"):
        assert sum(f["count"] for f in body["facets"][name]) == n, name
    values = [f["value"] for f in body["facets"]["months"] if f["value"] is not None]
    assert values == sorted(values)
    assert len(values) > 3


def test_source_filter_keeps_only_that_source(client: TestClient, sql: sqlite3.Connection) -> None:
    body = search(client, q="پاکستان", source="express.pk", per_page=MAX_PER_PAGE)
    assert body["filters"]["source"] == "express.pk"
    assert body["hits"]
    assert {h["source"] for h in body["hits"]} == {"express.pk"}
    assert [f["value"] for f in body["facets"]["sources"]] == ["express.pk"]


def test_date_filters_bound_the_publication_dates(client: TestClient) -> None:
    body = search(client, q="پاکستان", after="2014", before="2016-07", per_page=MAX_PER_PAGE)
    assert body["hits"]
    lo, hi = datetime(2014, 1, 1, tzinfo=UTC), datetime(2016, 7, 1, tzinfo=UTC)
    for h in body["hits"]:
        assert lo <= datetime.fromisoformat(h["published"]) < hi


def test_filters_alone_list_the_newest_first(client: TestClient) -> None:
    body = search(client, source="urdupoint.com", per_page=20)
    assert body["q"] is None
    assert body["total"] >= 20
    dates = [h["published"] for h in body["hits"]]
    assert dates == sorted(dates, reverse=True)


def test_entity_filter_keeps_articles_mentioning_it(client: TestClient) -> None:
    body = search(client, q="روس", entity="Lavrov")
    assert body["hits"]
    for h in body["hits"]:
        ents = client.get(f"/api/articles/{h['id']}").json()["entities"]
        assert any(e["name"].endswith("لاوروف") for e in ents)


def test_entity_facet_counts_mentions_in_the_top_hits(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    body = search(client, q="روس", facets="entities")
    facet = body["facets"]["entities"]
    assert facet, "no entity facet for روس"
    top = search(client, q="روس", per_page=MAX_PER_PAGE)["hits"]
    top += search(client, q="روس", per_page=MAX_PER_PAGE, page=2)["hits"]
    ids = [h["id"] for h in top[:ENTITY_FACET_DEPTH]]
    marks = ", ".join("?" * len(ids))
    # Counted independently: for each entity, how many of the top hits mention it.
    expected = dict(
        sql.execute(
            "SELECT m.entity, count(DISTINCT m.article) FROM mentions AS m "
            f"JOIN articles AS a ON a.seq = m.article WHERE a.id IN ({marks}) GROUP BY m.entity",
            ids,
        ).fetchall()
    )
    counts = [e["count"] for e in facet]
    assert counts == sorted(counts, reverse=True)
    for e in facet:
        assert e["count"] == expected[e["id"]]
        name = sql.execute("SELECT name FROM entities WHERE id = ?", (e["id"],)).fetchone()[0]
        assert e["name"] == name
    assert counts[0] == max(expected.values())
    # Asked for only: the plain search has no entity facet.
    assert "entities" not in search(client, q="روس")["facets"]


def test_unknown_facet_is_a_400_problem(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "روس", "facets": "entities,<b>"})
    assert problem_of(r, 400)["parameter"] == "facets"


def test_filter_values_cannot_inject_query_syntax(client: TestClient) -> None:
    # Unquoted syntax inside a filter value is part of the value: no such source, no union.
    body = search(client, q="پاکستان", source="express.pk source:urdupoint.com")
    assert body["total"] == 0
    # A double quote in a value is doubled, not an end of the value: still no union.
    either = search(client, q="پاکستان", source='express.pk" OR source:"urdupoint.com')
    assert (either["total"], either["filters"]["source"]) == (
        0,
        'express.pk" OR source:"urdupoint.com',
    )
    assert search(client, q="پاکستان", source="express.pk")["total"] > 0
    problem = problem_of(client.get("/api/search", params={"q": "x", "after": "yesterday"}), 400)
    assert problem["parameter"] == "after"
    assert "date" in problem["detail"]


def test_paging_walks_disjoint_pages(client: TestClient) -> None:
    first = search(client, q="پاکستان", per_page=5, page=1)
    second = search(client, q="پاکستان", per_page=5, page=2)
    assert first["pages"] == min(-(-first["total"] // 5), MAX_DEPTH // 5)
    ids1, ids2 = {h["id"] for h in first["hits"]}, {h["id"] for h in second["hits"]}
    assert len(ids1) == len(ids2) == 5
    assert not ids1 & ids2


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": "روس", "page": "0"}, "page"),
        ({"q": "روس", "page": "-1"}, "page"),
        ({"q": "روس", "page": "1e3"}, "page"),
        ({"q": "روس", "page": "٢"}, "page"),  # Arabic-Indic digit: not an ASCII number
        ({"q": "روس", "page": str(MAX_DEPTH + 1)}, "page"),
        ({"q": "روس", "per_page": "0"}, "per_page"),
        ({"q": "روس", "per_page": str(MAX_PER_PAGE + 1)}, "per_page"),
        ({"q": '"روس'}, "q"),
        ({"q": "OR"}, "q"),
        ({"q": "-روس"}, "q"),
        ({"q": "entity:Nobody_at_all"}, "q"),
        ({"q": "روس", "entity": "Nobody_at_all"}, "entity"),
        ({"q": "روس", "source": "x\u0000y"}, "source"),
        ({}, "q"),
        # q that is no query by itself, the parser reading on into the filters' quotes: q's
        # error (it was named source, after, entity: the first filter its quote ran into)
        ({"q": '"روس', "source": "urdupoint.com"}, "q"),
        ({"q": "روس «", "after": "2021", "before": "2022"}, "q"),
        ({"q": "روس OR", "entity": "روس"}, "q"),
        ({"q": "-روس", "entity": "Nobody_at_all"}, "entity"),
        ({"q": "روس", "after": "2022", "before": "2021"}, "before"),
    ],
)
def test_bad_search_input_is_a_400_problem(
    client: TestClient, params: dict[str, str], parameter: str
) -> None:
    body = problem_of(client.get("/api/search", params=params), 400)
    assert body["parameter"] == parameter


def test_malformed_query_problem_names_the_problem(client: TestClient) -> None:
    body = problem_of(client.get("/api/search", params={"q": 'روس "وزیر'}), 400)
    assert "closing" in body["detail"]
    assert "position 4" in body["detail"]


def test_over_long_query_and_url_are_414(client: TestClient) -> None:
    problem_of(client.get("/api/search", params={"q": "ر" * (MAX_QUERY_CHARS + 1)}), 414)
    problem_of(client.get("/api/search", params={"q": "x", "y": "z" * MAX_QUERY_STRING_BYTES}), 414)
    problem_of(client.get("/api/articles/" + "a" * 5000), 414)


@pytest.mark.parametrize(
    ("path", "params", "named", "hint"),
    [
        ("/api/search", {"q": "روس", "top": "5"}, "top", "per_page"),
        ("/api/search", {"q": "روس", "limit": "5"}, "limit", "per_page"),
        ("/api/search", {"q": "روس", "per-page": "5"}, "per-page", "per_page"),
        ("/api/search", {"query": "روس"}, "query", "q"),
        ("/api/search", {"q": "روس", "from": "2021-01-01"}, "from", "after"),
        ("/api/entities", {"top": "5"}, "top", "limit"),
        ("/api/entities", {"typ": "PERSON"}, "typ", "type"),
        ("/api/entities", {"<script>x": "1"}, "<script>x", None),
        ("/api/stats", {"source": "x"}, "source", None),
        ("/api/entities/1", {"limit": "5"}, "limit", None),
        ("/api/articles/1", {"format": "html"}, "format", None),
    ],
)
def test_an_unknown_parameter_is_a_400_problem_naming_it(
    client: TestClient, path: str, params: dict[str, str], named: str, hint: str | None
) -> None:
    # Ignored, it would answer another question than the one asked (top=5 gave 10 hits).
    body = problem_of(client.get(path, params=params), 400)
    assert body["parameter"] == named
    assert repr(named) in body["detail"]
    if hint is None:
        assert "did you mean" not in body["detail"]
    else:
        assert f"did you mean {hint!r}?" in body["detail"]
    declared = [
        p["name"]
        for p in client.get("/openapi.json")
        .json()["paths"][_openapi_path(path)]["get"]
        .get("parameters", [])
        if p["in"] == "query"
    ]
    # what the path takes, as the OpenAPI document declares it
    if declared:
        assert body["detail"].endswith(f"takes: {', '.join(declared)}")
    else:
        assert "takes no parameters" in body["detail"]


def _openapi_path(path: str) -> str:
    if path.startswith("/api/entities/"):
        return "/api/entities/{entity_id}"
    if path.startswith("/api/articles/"):
        return "/api/articles/{article_id}"
    return path


def test_a_parameter_given_twice_is_a_400_problem(client: TestClient) -> None:
    # Which one would count is not what the user meant either way.
    r = client.get("/api/search?q=%D8%B1%D9%88%D8%B3&source=a&source=b")
    body = problem_of(r, 400)
    assert body["parameter"] == "source"
    assert "2 times" in body["detail"]


def test_every_declared_parameter_is_taken(client: TestClient) -> None:
    # The check reads the OpenAPI document: each parameter it declares passes it.
    ok = {
        "q": "روس",
        "page": "1",
        "per_page": "5",
        "facets": "entities",
        "exact": "false",
        "source": "seed",
        "lang": "ur",
        "after": "2000-01-01",
        "before": "2100-01-01",
    }
    assert client.get("/api/search", params=ok).status_code == 200
    ok = {"type": "PERSON", "q": "Lavrov", "limit": "5"}
    assert client.get("/api/entities", params=ok).status_code == 200


# ---- articles ----------------------------------------------------------------------------------


def test_article_entity_offsets_slice_to_their_text(client: TestClient) -> None:
    hit = search(client, q="لاؤروف")["hits"][0]
    article = client.get(f"/api/articles/{hit['id']}").json()
    assert article["entities"]
    for m in article["entities"]:
        assert article["paragraphs"][m["paragraph"]][m["start"] : m["end"]] == m["text"]
    assert any(m["name"].endswith("لاوروف") and m["type"] == "PERSON" for m in article["entities"])


def test_article_keeps_hostile_text_verbatim_as_json_data(client: TestClient) -> None:
    r = client.get("/api/articles/xss-script")
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    article = r.json()
    assert article["title"] == HOSTILE[0]["title"]
    assert XSS_SCRIPT in article["paragraphs"][0]
    assert XSS_IMG in article["paragraphs"][1]
    sql_article = client.get("/api/articles/sql-fts").json()
    assert SQLISH in sql_article["paragraphs"][0]


def test_article_cluster_members_are_the_other_near_duplicates(
    client: TestClient, sql: sqlite3.Connection
) -> None:
    row = sql.execute(
        "SELECT cluster_id FROM articles WHERE cluster_id IS NOT NULL LIMIT 1"
    ).fetchone()
    assert row is not None, "the demo sample has near-duplicate clusters"
    ids = [r[0] for r in sql.execute("SELECT id FROM articles WHERE cluster_id = ?", row)]
    article = client.get(f"/api/articles/{ids[0]}").json()
    assert article["cluster_id"] == row[0]
    assert sorted(m["id"] for m in article["cluster_members"]) == sorted(ids[1:])


def test_similar_articles_are_earliest_published_first_in_api_page_and_cli(
    tmp_path: Path,
) -> None:
    # The near-duplicate cluster's other members came in stored order (a copy stored first but
    # published days later was listed first); a reader follows the story from its first
    # report, as search shows a cluster by its earliest published copy.  Undated last, ties
    # by the first stored; the web, the API and `akhbar show` alike.
    from typer.testing import CliRunner

    from akhbar.article import Article
    from akhbar.cli import app
    from akhbar.store import Store, StoreItem
    from akhbar.web.app import create_app

    pk, ny = timezone(timedelta(hours=5)), timezone(timedelta(hours=-5))
    dates = {
        "late": datetime(2024, 3, 2, 9, tzinfo=pk),
        "undated": None,
        "first": datetime(2024, 3, 1, 9, tzinfo=pk),  # 04:00 UTC
        "second": datetime(2024, 3, 1, 0, tzinfo=ny),  # 05:00 UTC, written earlier in the day
        "tie": datetime(2024, 3, 2, 9, tzinfo=pk),
    }
    items = [
        StoreItem(
            article=Article(
                id=aid, title=f"خبر {aid}", source="src", paragraphs=(f"متن {aid}",), published=when
            ),
            content_hash=aid,
            near_duplicate_of=None if aid == "late" else "late",
        )
        for aid, when in dates.items()
    ]
    path = tmp_path / "similar.db"
    with Store.open(path) as store:
        run = store.begin_run([], {})
        store.add_batch(run, items)
        store.end_run(run)
    expected = ["first", "second", "late", "tie", "undated"]
    with TestClient(create_app(str(path))) as client:
        api = client.get("/api/articles/late").json()
        assert [m["id"] for m in api["cluster_members"]] == [a for a in expected if a != "late"]
        page = client.get("/articles/tie").text
        shown = [page.index(f"خبر {a}<") for a in expected if a != "tie"]
        assert shown == sorted(shown)
    cli = CliRunner()
    result = cli.invoke(app, ["show", "late", "--db", str(path), "--json"])
    assert json.loads(result.stdout)["cluster_members"] == expected
    result = cli.invoke(app, ["show", "tie", "--db", str(path)])
    listed = result.stdout.split("similar", 1)[1]
    shown = [listed.index(f"  {a}  ") for a in expected if a != "tie"]
    assert shown == sorted(shown)


@pytest.mark.parametrize("article_id", ["nope", "..%2F..%2Fetc%2Fpasswd", "%00", "'; --"])
def test_unknown_article_is_a_404_problem(client: TestClient, article_id: str) -> None:
    body = problem_of(client.get(f"/api/articles/{article_id}"), 404)
    assert body["title"] == "Not found"


# ---- entities ----------------------------------------------------------------------------------


def test_entities_top_list_is_ordered_and_typed(client: TestClient) -> None:
    rows = client.get("/api/entities", params={"limit": 30}).json()["entities"]
    assert len(rows) == 30
    counts = [r["mentions"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    people = client.get("/api/entities", params={"type": "person"}).json()
    assert people["type"] == "PERSON"
    assert {r["type"] for r in people["entities"]} == {"PERSON"}


def test_entities_name_query_resolves_spellings(client: TestClient) -> None:
    for name in ("Lavrov", "لاؤروف", "لاوروف"):
        rows = client.get("/api/entities", params={"q": name}).json()["entities"]
        assert any(r["name"] == "سرگئی لاوروف" for r in rows), name


@pytest.mark.parametrize(
    "params", [{"type": "PLANET"}, {"limit": "0"}, {"limit": "100000"}, {"limit": "ten"}]
)
def test_bad_entities_input_is_a_400_problem(client: TestClient, params: dict[str, str]) -> None:
    problem_of(client.get("/api/entities", params=params), 400)


def test_entity_months_sum_to_its_mentions(client: TestClient, sql: sqlite3.Connection) -> None:
    (lavrov,) = [r for r in client.get("/api/entities", params={"q": "Lavrov"}).json()["entities"]]
    d = client.get(f"/api/entities/{lavrov['id']}").json()
    stored = sql.execute("SELECT count(*) FROM mentions WHERE entity = ?", (lavrov["id"],))
    assert d["mentions"] == stored.fetchone()[0] > 0
    assert sum(m["mentions"] for m in d["months"]) == d["mentions"]
    assert sum(v["mentions"] for v in d["variants"]) == d["mentions"]
    assert {"لاوروف", "لاؤروف"} & {v["text"].split()[-1] for v in d["variants"]}
    assert d["latest"]
    assert d["cooccurring"]


@pytest.mark.parametrize("entity_id", ["999999999", "abc", "-1", "1.5", "9" * 40, "%D9%A1"])
def test_unknown_entity_is_a_404_problem(client: TestClient, entity_id: str) -> None:
    problem_of(client.get(f"/api/entities/{entity_id}"), 404)


# ---- corpus ------------------------------------------------------------------------------------


def test_stats_agree_with_the_store(client: TestClient, sql: sqlite3.Connection) -> None:
    s = client.get("/api/stats").json()
    n = sql.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert s["articles"] == n
    assert sum(x["count"] for x in s["sources"]) == n
    assert sum(m["count"] for m in s["months"]) + s["undated"] == n
    assert [m["value"] for m in s["months"]] == sorted(m["value"] for m in s["months"])
    assert s["clusters"] == sql.execute("SELECT count(*) FROM clusters").fetchone()[0]
    assert set(s["top_entities"]) == {"PERSON", "LOCATION", "ORGANIZATION"}
    assert s["runs"] >= 1
    assert s["recent_runs"][0]["status"] == "completed"
    assert s["published_first"] < s["published_last"]
    # ISO 8601 as the articles' dates are written (not the store's sort key, with .000000)
    for key in ("published_first", "published_last"):
        assert s[key] == datetime.fromisoformat(s[key]).isoformat()


def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


# ---- errors and headers ------------------------------------------------------------------------


def test_unknown_api_path_and_wrong_method_are_problems(client: TestClient) -> None:
    problem_of(client.get("/api/nothing-here"), 404)
    r = client.delete("/api/search")
    problem_of(r, 405)
    assert "GET" in r.headers["allow"]


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    nonces = set()
    for url in ("/api/search?q=روس", "/api/articles/nope", "/api", "/openapi.json", "/nowhere"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "'unsafe-inline'" not in csp
        assert "'unsafe-eval'" not in csp
        nonces.add(csp.split("'nonce-", 1)[1].split("'", 1)[0])
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
        assert r.headers["x-frame-options"] == "DENY"
    assert len(nonces) == 5  # a fresh nonce per request


def test_an_unexpected_error_is_a_500_problem_without_internals(web_db: Any) -> None:
    from akhbar.web.app import create_app

    app = create_app(web_db)

    def broken() -> dict[str, Any]:
        raise RuntimeError("secret /etc/internal/path")

    app.state.web.service.stats = broken
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/stats")
    body = problem_of(r, 500)
    assert "secret" not in r.text
    assert "internal/path" not in r.text
    assert body["title"] == "Internal server error"
    assert r.headers["x-frame-options"] == "DENY"


def test_a_body_on_a_plain_route_is_bounded(client: TestClient) -> None:
    r = client.request("GET", "/api/stats", content=b"x" * (64 * 1024 + 1))
    problem_of(r, 413)
