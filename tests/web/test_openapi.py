"""The OpenAPI document matches the app's routes both ways; the docs page is self-contained."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from starlette.routing import Route
from starlette.testclient import TestClient

from akhbar.web.api import api_routes
from akhbar.web.openapi import docs_html


def _openapi_path(path: str) -> str:
    """A Starlette route path in OpenAPI form (``{x:path}`` → ``{x}``)."""
    return re.sub(r"\{(\w+):\w+\}", r"{\1}", path)


def test_every_api_route_is_documented_and_vice_versa(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    documented = {(p, m.upper()) for p, ops in doc["paths"].items() for m in ops}
    served = set()
    for route in client.app.routes:  # type: ignore[attr-defined]
        if not isinstance(route, Route):
            continue
        path = _openapi_path(route.path)
        if not (path.startswith("/api") or path in ("/healthz", "/openapi.json")):
            continue  # the HTML pages are not part of the API
        served |= {(path, m) for m in (route.methods or ()) if m != "HEAD"}
    assert served == documented
    assert {_openapi_path(r.path) for r in api_routes() if isinstance(r, Route)} == set(
        doc["paths"]
    )


def test_documented_operations_are_complete(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op["summary"], (path, method)
            assert op["operationId"], (path, method)
            for status, resp in op["responses"].items():
                assert resp["description"], (path, status)
                for media in resp.get("content", {}).values():
                    ref = media.get("schema", {}).get("$ref")
                    if ref:
                        assert ref.rsplit("/", 1)[-1] in schemas, ref
            for name in re.findall(r"\{(\w+)\}", path):
                assert any(p["name"] == name and p["in"] == "path" for p in op["parameters"])


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_docs_page_lists_every_path_without_script_or_external_requests(
    client: TestClient,
) -> None:
    r = client.get("/api")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    doc = client.get("/openapi.json").json()
    for path in doc["paths"]:
        assert f"<code>{path}</code>" in r.text
    parser = _Collect()
    parser.feed(r.text)
    assert not [t for t, _ in parser.tags if t in ("script", "iframe", "object", "img")]
    nonce = r.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
    styles = [a for t, a in parser.tags if t == "style"]
    assert styles
    assert all(a.get("nonce") == nonce for a in styles)
    for _, attrs in parser.tags:
        for name in ("href", "src"):
            value = attrs.get(name) or ""
            assert not re.match(r"(?i)\s*(https?:)?//", value), value


def test_docs_page_escapes_everything_from_the_document() -> None:
    doc = {
        "info": {"title": "<script>x</script>", "version": '"1"', "description": "<b>"},
        "paths": {
            "/p/<img>": {
                "get": {
                    "summary": "<i>s</i>",
                    "operationId": '"><svg onload=1>',
                    "parameters": [{"name": "<q>", "in": "query", "schema": {"type": "x"}}],
                    "responses": {"200": {"description": "<u>"}},
                }
            }
        },
    }
    page = docs_html(doc, '"><script>')
    assert "<script>" not in page
    assert "<img>" not in page
    assert "<svg" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "&lt;img&gt;" in page
