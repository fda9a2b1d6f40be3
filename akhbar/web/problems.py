"""RFC 9457 problem details: every error the app returns is ``application/problem+json``.

A problem has ``type`` (a URI reference to its explanation on the API docs page), ``title``
(the same for every problem of that type), ``status`` and ``detail`` (what exactly was wrong,
naming the parameter; never a traceback or a server path), and where known ``parameter``.

>>> r = problem(400, "bad-request", "Bad request", "page: expected a whole number", "page")
>>> r.status_code, r.media_type, json.loads(r.body)["type"]
(400, 'application/problem+json', '/api#problem-bad-request')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import orjson
from starlette.responses import JSONResponse

__all__ = ["JSON", "PROBLEM_TYPES", "Problem", "dumps", "problem", "status_slug"]

#: The problem types the API returns: slug → (status, title, when).  The docs page lists them.
PROBLEM_TYPES: dict[str, tuple[int, str, str]] = {
    "bad-request": (400, "Bad request", "a parameter is malformed or out of range"),
    "unauthorized": (401, "Unauthorized", "the API key is missing or wrong"),
    "forbidden": (403, "Forbidden", "ingest is disabled: the server has no API key"),
    "not-found": (404, "Not found", "no such article, entity or page"),
    "method-not-allowed": (405, "Method not allowed", "the path exists, the method does not"),
    "too-large": (413, "Content too large", "the request body is over its bound"),
    "too-long": (414, "Value too long", "the URL, the query or a parameter is over its bound"),
    "unsupported-media-type": (415, "Unsupported media type", "upload needs multipart/form-data"),
    "unprocessable": (422, "Unprocessable content", "the upload held nothing to ingest"),
    "server-error": (500, "Internal server error", "a bug: the server log has the details"),
    "unavailable": (
        503,
        "Service unavailable",
        "an ingest is already running, or too many searches are waiting; try again",
    ),
}


def dumps(data: Any) -> bytes:
    """UTF-8 JSON (non-ASCII kept; a lone surrogate, which UTF-8 cannot hold, becomes ``?``).

    orjson writes it (a tenth of the standard library's time on a search page); what orjson
    refuses (a lone surrogate, a key that is not a string) takes the standard library's path.

    >>> dumps({"q": "روس", "n": [1, 2.5, None]})
    b'{"q":"\\xd8\\xb1\\xd9\\x88\\xd8\\xb3","n":[1,2.5,null]}'
    >>> dumps({"q": "روس\\ud800"})
    b'{"q":"\\xd8\\xb1\\xd9\\x88\\xd8\\xb3?"}'
    """
    try:
        return orjson.dumps(data)
    except TypeError:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8", "replace")


class JSON(JSONResponse):
    """A JSON response rendered by :func:`dumps`."""

    def render(self, content: Any) -> bytes:
        """The body."""
        return dumps(content)


class Problem(JSON):
    """A problem-details response."""

    media_type = "application/problem+json"


def status_slug(status: int) -> str:
    """The problem type of a status without a specific one.

    >>> status_slug(404), status_slug(418)
    ('not-found', 'im-a-teapot')
    """
    for slug, (code, _, _) in PROBLEM_TYPES.items():
        if code == status:
            return slug
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "error"
    return "-".join(phrase.lower().replace("'", "").split())


def problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    parameter: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Problem:
    """A problem-details response (``Cache-Control: no-store``)."""
    body: dict[str, Any] = {
        "type": f"/api#problem-{slug}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if parameter is not None:
        body["parameter"] = parameter
    return Problem(
        body, status_code=status, headers={"Cache-Control": "no-store", **(headers or {})}
    )
