"""The JSON endpoints (see :func:`akhbar.web.openapi.openapi_document` for the contract).

Each endpoint reads and checks its parameters, runs one :class:`~akhbar.web.service.Service`
method in a worker thread (bounded by the app's limiter) and returns its dict as JSON.  Bad
input raises a :class:`~akhbar.web.service.ServiceError`, which the app turns into a problem
response (:mod:`akhbar.web.problems`).
"""

from __future__ import annotations

import asyncio
import difflib
import hmac
import re
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TypeVar

import anyio.to_thread
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from akhbar.store import StoreError
from akhbar.web.ids import id_from_path
from akhbar.web.openapi import docs_html, openapi_document
from akhbar.web.problems import JSON
from akhbar.web.service import BadRequest, Service, ServiceError
from akhbar.web.uploads import Upload, UploadLimits, ingest_uploads

__all__ = [
    "API_KEY_HEADER",
    "MAX_STORE_REQUESTS",
    "Admission",
    "Overloaded",
    "WebConfig",
    "api_routes",
    "run_store_work",
]

#: The header that carries the API key of ``POST /api/ingest``.
API_KEY_HEADER = "X-API-Key"

_NUMBER = re.compile(r"[0-9]{1,9}")
T = TypeVar("T")


class Unauthorized(ServiceError):
    """Missing or wrong API key (HTTP 401)."""

    status = 401
    title = "Unauthorized"
    slug = "unauthorized"


class Forbidden(ServiceError):
    """Ingest is switched off (HTTP 403)."""

    status = 403
    title = "Forbidden"
    slug = "forbidden"


class UnsupportedMediaType(ServiceError):
    """Not ``multipart/form-data`` (HTTP 415)."""

    status = 415
    title = "Unsupported media type"
    slug = "unsupported-media-type"


class Overloaded(ServiceError):
    """More store requests than the bound are admitted already (HTTP 503, ``Retry-After``)."""

    status = 503
    title = "Service unavailable"
    slug = "unavailable"
    retry_after = 1


class StoreUnavailable(ServiceError):
    """The store could not be written (HTTP 503)."""

    status = 503
    title = "Service unavailable"
    slug = "unavailable"


#: Store requests a process admits at once, running on a store thread or waiting for one;
#: beyond it a request is answered 503 with ``Retry-After`` at once instead of queueing.  A
#: search takes 4-30 ms of CPU on a 100k-article store (benchmarks/WEB.md) and the GIL runs one
#: at a time, so the last admitted waits well under 2 s; a queue without bound (uvicorn's own
#: limit is 1,000 connections) makes every request wait past its client's timeout, and the
#: server still answers those nobody waits for any more.
MAX_STORE_REQUESTS = 64


@dataclass(slots=True)
class Admission:
    """How many store requests are admitted now (counted on the event loop) and the bound."""

    limit: int
    pending: int = 0


@dataclass(frozen=True, slots=True)
class WebConfig:
    """What the endpoints need besides the request (kept on ``app.state.web``)."""

    service: Service
    db: Path
    api_key: str | None
    uploads: UploadLimits
    #: The threads that run store work (None: the event loop runs it itself, one request at
    #: a time): a fixed pool, so each thread's SQLite connections
    #: (opened on its first request) stay open and warm for the life of the process.
    pool: ThreadPoolExecutor | None
    #: The bound on store requests waiting for ``pool`` (see :data:`MAX_STORE_REQUESTS`).
    admission: Admission


def _config(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.web
    return config


async def run_store_work(request: Request, fn: Callable[[], T]) -> T:
    """``fn()`` on one of the store threads (requests beyond the pool's size wait, up to the
    admission bound; beyond that :class:`Overloaded`), or right here on the event loop when the
    app has no pool (``threads=0``: uvicorn's connection limit is then the bound)."""
    config = _config(request)
    if config.pool is None:
        return fn()
    admission = config.admission
    if admission.pending >= admission.limit:
        raise Overloaded(
            f"the server is busy ({admission.pending} searches admitted); try again in a second"
        )
    admission.pending += 1
    try:
        return await asyncio.get_running_loop().run_in_executor(config.pool, fn)
    finally:
        admission.pending -= 1


#: Names people type for a parameter an endpoint calls otherwise (checked against what the
#: endpoint takes, so each is only suggested where its target exists).
_ALIASES: Mapping[str, tuple[str, ...]] = {
    "query": ("q",),
    "search": ("q",),
    "top": ("per_page", "limit"),
    "limit": ("per_page",),
    "size": ("per_page", "limit"),
    "n": ("per_page", "limit"),
    "count": ("per_page", "limit"),
    "offset": ("page",),
    "start": ("page",),
    "from": ("after",),
    "since": ("after",),
    "to": ("before",),
    "until": ("before",),
    "language": ("lang",),
    "name": ("q",),
    "facet": ("facets",),
}


@cache
def _query_parameters() -> dict[str, tuple[str, ...]]:
    """The query parameters of each GET path, as the OpenAPI document declares them."""
    out: dict[str, tuple[str, ...]] = {}
    for path, ops in openapi_document()["paths"].items():
        get = ops.get("get")
        if get is not None:
            out[path] = tuple(p["name"] for p in get.get("parameters", ()) if p["in"] == "query")
    return out


def _check_parameters(request: Request, path: str) -> None:
    """Refuse a query parameter ``path`` does not take, or one given twice.

    Ignoring it would answer another question than the one asked (``top=5`` returning the
    default 10 hits, ``source=x`` on the stats returning every source's) without a word.
    """
    known = _query_parameters()[path]
    counts = Counter(name for name, _ in request.query_params.multi_items())
    for name, times in counts.items():
        shown = name[:40]
        if name not in known:
            if not known:
                raise BadRequest(f"{path} takes no parameters, got {shown!r}", parameter=shown)
            hint = next((t for t in _ALIASES.get(name.lower(), ()) if t in known), None)
            if hint is None:
                close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
                hint = close[0] if close else None
            said = f" (did you mean {hint!r}?)" if hint else ""
            raise BadRequest(
                f"unknown parameter {shown!r}{said}; {path} takes: {', '.join(known)}",
                parameter=shown,
            )
        if times > 1:
            raise BadRequest(f"{shown}: given {times} times, give it once", parameter=shown)


def _int(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw.strip() == "":
        return default
    raw = raw.strip()
    if not _NUMBER.fullmatch(raw):
        raise BadRequest(f"{name}: expected a whole number, got {raw[:40]!r}", parameter=name)
    return int(raw)


def _str(request: Request, name: str) -> str | None:
    return request.query_params.get(name)


async def search(request: Request) -> Response:
    """``GET /api/search``."""
    _check_parameters(request, "/api/search")
    service = _config(request).service
    call = partial(
        service.search,
        _str(request, "q"),
        source=_str(request, "source"),
        lang=_str(request, "lang"),
        entity=_str(request, "entity"),
        after=_str(request, "after"),
        before=_str(request, "before"),
        page=_int(request, "page", 1),
        per_page=_int(request, "per_page", 10),
        entity_facet=_facets(request),
        exact=_bool(request, "exact"),
    )
    return JSON(await run_store_work(request, call))


def _bool(request: Request, name: str) -> bool:
    """A flag: ``true``/``1`` or ``false``/``0`` (absent or blank: false)."""
    raw = (request.query_params.get(name) or "").strip().lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise BadRequest(f"{name}: expected true or false, got {raw[:40]!r}", parameter=name)


def _facets(request: Request) -> bool:
    """``facets=entities`` asks for the entity facet (the others always come)."""
    raw = request.query_params.get("facets")
    if raw is None or raw.strip() == "":
        return False
    names = {n.strip() for n in raw.split(",") if n.strip()}
    unknown = sorted(names - {"entities"})
    if unknown:
        raise BadRequest(
            f"facets: unknown facet {unknown[0][:40]!r} (known: entities)", parameter="facets"
        )
    return True


async def article(request: Request) -> Response:
    """``GET /api/articles/{article_id}``."""
    _check_parameters(request, "/api/articles/{article_id}")
    service = _config(request).service
    article_id = id_from_path(request.path_params["article_id"])
    return JSON(await run_store_work(request, partial(service.article, article_id)))


async def entities(request: Request) -> Response:
    """``GET /api/entities``."""
    _check_parameters(request, "/api/entities")
    service = _config(request).service
    call = partial(
        service.entities,
        type=_str(request, "type"),
        q=_str(request, "q"),
        limit=_int(request, "limit", 50),
    )
    return JSON(await run_store_work(request, call))


async def entity(request: Request) -> Response:
    """``GET /api/entities/{entity_id}``."""
    _check_parameters(request, "/api/entities/{entity_id}")
    service = _config(request).service
    entity_id: str = request.path_params["entity_id"]
    return JSON(await run_store_work(request, partial(service.entity, entity_id)))


async def stats(request: Request) -> Response:
    """``GET /api/stats``."""
    _check_parameters(request, "/api/stats")
    return JSON(await run_store_work(request, _config(request).service.stats))


async def health(request: Request) -> Response:
    """``GET /healthz``."""
    # Not on the store threads: a load balancer must hear "ok" from a busy server at once, not
    # after the searches queued there (anyio's pool: a thread or two, one connection each).
    return JSON(await anyio.to_thread.run_sync(_config(request).service.health))


async def openapi(request: Request) -> Response:
    """``GET /openapi.json``."""
    return JSON(openapi_document(_config(request).uploads))


async def docs(request: Request) -> Response:
    """``GET /api``: the docs page."""
    nonce = str(getattr(request.state, "csp_nonce", ""))
    return HTMLResponse(docs_html(openapi_document(_config(request).uploads), nonce))


async def ingest(request: Request) -> Response:
    """``POST /api/ingest``: multipart upload, API key required."""
    config = _config(request)
    if config.api_key is None:
        raise Forbidden("ingest is disabled: the server was started without an API key")
    given = request.headers.get(API_KEY_HEADER, "")
    if not hmac.compare_digest(given.encode("utf-8", "replace"), config.api_key.encode("utf-8")):
        raise Unauthorized(f"missing or wrong API key (send it in the {API_KEY_HEADER} header)")
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind != "multipart/form-data":
        raise UnsupportedMediaType("send the files as multipart/form-data")
    lim = config.uploads
    uploads: list[Upload] = []
    source: str | None = None
    zone: str | None = None
    try:
        async with request.form(
            max_files=lim.max_files, max_fields=8, max_part_size=64 * 1024
        ) as form:
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    uploads.append(Upload(value.filename or "", await value.read()))
                elif key == "source":
                    source = value
                elif key == "timezone":
                    zone = value
    except MultiPartException as exc:
        raise BadRequest(f"the upload could not be read: {exc.message}", parameter="file") from None
    call = partial(ingest_uploads, config.db, uploads, source=source, timezone=zone, limits=lim)
    try:
        result = await anyio.to_thread.run_sync(call)
    except StoreError:
        raise StoreUnavailable("the store cannot be written right now") from None
    return JSON(result)


def api_routes() -> list[BaseRoute]:
    """The JSON routes, the OpenAPI document and the docs page."""
    return [
        Route("/api/search", search, methods=["GET"]),
        Route("/api/articles/{article_id:path}", article, methods=["GET"]),
        Route("/api/entities", entities, methods=["GET"]),
        Route("/api/entities/{entity_id}", entity, methods=["GET"]),
        Route("/api/stats", stats, methods=["GET"]),
        Route("/api/ingest", ingest, methods=["POST"]),
        Route("/healthz", health, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/api", docs, methods=["GET"]),
    ]
