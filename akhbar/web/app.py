"""The ASGI app: :func:`create_app` over one store, served by ``akhbar serve`` (uvicorn).

Around the routes sits one small ASGI middleware, :class:`Guard`, which

* gives each request a fresh CSP nonce (``request.state.csp_nonce``) and puts the security
  headers on every response, errors included (:func:`security_headers`);
* bounds the request: URL path and query string length (414), body size (413, counted as it
  arrives, whatever ``Content-Length`` claims); a query string of raw bytes that are not
  UTF-8 is a 400;
* turns any exception an endpoint did not handle into a 500 problem without a traceback (the
  traceback goes to the server log).

Bad input is a :class:`~akhbar.web.service.ServiceError` or a Starlette ``HTTPException``; both
become RFC 9457 problem responses (:mod:`akhbar.web.problems`) on API paths and a small
escaped HTML page elsewhere.

>>> from starlette.testclient import TestClient
>>> client = TestClient(create_app(_example_db()))
>>> r = client.get("/api/search", params={"q": '"unterminated'})
>>> r.status_code, r.headers["content-type"], r.json()["title"]
(400, 'application/problem+json', 'Bad request')
>>> csp = r.headers["content-security-policy"]
>>> r.headers["x-content-type-options"], "frame-ancestors 'none'" in csp
('nosniff', True)
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import logging
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from akhbar.web.api import MAX_STORE_REQUESTS, Admission, WebConfig, api_routes
from akhbar.web.problems import PROBLEM_TYPES, problem, status_slug
from akhbar.web.server import bind_reuse_port, bind_socket, reuse_port_supported, run_workers
from akhbar.web.service import Service, ServiceError
from akhbar.web.uploads import UploadLimits

__all__ = [
    "MAX_PATH_CHARS",
    "MAX_QUERY_STRING_BYTES",
    "Guard",
    "create_app",
    "security_headers",
]

log = logging.getLogger("akhbar.web")

#: Longest URL path accepted (characters).
MAX_PATH_CHARS = 2048
#: Longest query string accepted (bytes, percent-encoded as sent).
MAX_QUERY_STRING_BYTES = 8192
#: Body bound of every route but the upload (a GET has no business sending one).
MAX_PLAIN_BODY = 64 * 1024
#: Where problem responses (JSON) are given instead of HTML error pages.
API_PREFIXES = ("/api/", "/healthz", "/openapi.json")


#: The Content-Security-Policy, ``{nonce}`` filled in per request.
_CSP = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_FIXED_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
#: The names of the headers :func:`security_headers` sets (an endpoint's own are replaced).
_SECURITY_NAMES = frozenset({b"content-security-policy", *(name for name, _ in _FIXED_HEADERS)})


def security_headers(nonce: str) -> list[tuple[bytes, bytes]]:
    """The headers every response carries: a strict CSP (scripts and styles only from this
    origin or inline with ``nonce``), no sniffing, no framing, no referrer to other sites.

    >>> headers = dict(security_headers("abc"))
    >>> csp = headers[b"content-security-policy"]
    >>> headers[b"x-frame-options"], b"script-src 'self' 'nonce-abc';" in csp
    (b'DENY', True)
    """
    csp = _CSP.format(nonce=nonce).encode("ascii")
    return [(b"content-security-policy", csp), *_FIXED_HEADERS]


class _BodyTooLarge(Exception):
    pass


def _is_api(path: str) -> bool:
    return path.startswith(API_PREFIXES)


class Guard:
    """Security headers, request bounds and the last-resort 500 (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, max_upload_bytes: int) -> None:
        """Wrap ``app``; ``POST /api/ingest`` bodies may hold up to ``max_upload_bytes``."""
        self.app = app
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope["state"] = {**scope.get("state", {}), "csp_nonce": nonce}
        headers = security_headers(nonce)
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [
                    h for h in message.get("headers", []) if h[0].lower() not in _SECURITY_NAMES
                ]
                message = {**message, "headers": [*kept, *headers]}
            await send(message)

        path: str = scope.get("path", "")
        api = _is_api(path)
        if len(path) > MAX_PATH_CHARS:
            await self._problem(scope, send_secured, api, 414, "the URL path is too long")
            return
        if len(scope.get("query_string", b"")) > MAX_QUERY_STRING_BYTES:
            detail = f"the query string is longer than {MAX_QUERY_STRING_BYTES} bytes"
            await self._problem(scope, send_secured, api, 414, detail)
            return
        try:
            bytes(scope.get("query_string", b"")).decode("utf-8")
        except UnicodeDecodeError:
            # Percent-encoded bytes are decoded leniently later; raw ones would make the URL
            # (and so any page or error page) fail to build.
            detail = "the query string is not UTF-8 (percent-encode its bytes)"
            await self._problem(scope, send_secured, api, 400, detail)
            return
        limit = self.max_upload_bytes if path == "/api/ingest" else MAX_PLAIN_BODY
        length = _content_length(scope)
        if length is not None and length > limit:
            detail = f"the request body is larger than {limit} bytes"
            await self._problem(scope, send_secured, api, 413, detail)
            return
        received = 0

        async def receive_bounded() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, receive_bounded, send_secured)
        except _BodyTooLarge:
            if started:
                raise
            detail = f"the request body is larger than {limit} bytes"
            await self._problem(scope, send_secured, api, 413, detail)
        except Exception as exc:
            if isinstance(exc, ExceptionGroup) and exc.subgroup(_BodyTooLarge) is not None:
                if started:
                    raise
                detail = f"the request body is larger than {limit} bytes"
                await self._problem(scope, send_secured, api, 413, detail)
                return
            log.exception("unhandled error on %s %r", scope.get("method"), path[:200])
            if started:
                raise
            await self._problem(scope, send_secured, api, 500, "an internal error; it was logged")

    @staticmethod
    async def _problem(scope: Scope, send: Send, api: bool, status: int, detail: str) -> None:
        slug = status_slug(status)
        title = PROBLEM_TYPES.get(slug, (status, "Error", ""))[1]
        response = (
            problem(status, slug, title, detail) if api else _html_error(status, title, detail)
        )

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, nothing, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _html_error(status: int, title: str, detail: str) -> Response:
    body = (
        '<!doctype html><html lang="ur" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{status} {escape(title)}</title></head><body>"
        f'<h1>{status} {escape(title)}</h1><p dir="auto">{escape(detail)}</p>'
        '<p><a href="/">akhbar</a></p></body></html>'
    )
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _error_response(request: Request, exc: ServiceError, headers: dict[str, str]) -> Response:
    if _is_api(request.url.path):
        return problem(exc.status, exc.slug, exc.title, exc.detail, exc.parameter, headers)
    render = getattr(request.app.state, "error_page", None)
    response = render(request, exc) if render is not None else None
    if not isinstance(response, Response):
        response = _html_error(exc.status, exc.title, exc.detail)
    response.headers.update(headers)
    return response


async def _service_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    retry = getattr(exc, "retry_after", None)
    return _error_response(request, exc, {"Retry-After": str(retry)} if retry else {})


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = exc.status_code
    slug = status_slug(code)
    known = PROBLEM_TYPES.get(slug)
    title = known[1] if known else str(exc.detail)
    detail = {
        404: f"nothing at {request.url.path[:200]}",
        405: f"{request.method} is not allowed here",
    }.get(code, str(exc.detail))
    cls = type("HTTPError", (ServiceError,), {"status": code, "title": title, "slug": slug})
    return _error_response(request, cls(detail), dict(exc.headers or {}))


def _pages_module() -> Any:
    """``akhbar.web.pages`` (the HTML pages), or None while it does not exist: the one place
    the pages are imported."""
    if importlib.util.find_spec("akhbar.web.pages") is None:
        return None
    return importlib.import_module("akhbar.web.pages")


def page_routes(service: Service) -> list[BaseRoute]:
    """The HTML pages (``akhbar.web.pages.page_routes``, with its static files), or a redirect
    of ``/`` to the API docs while that module is absent."""
    pages = _pages_module()
    if pages is None:
        return [Route("/", lambda request: RedirectResponse("/api"), methods=["GET"])]
    routes: list[BaseRoute] = pages.page_routes(service)
    return routes


def create_app(
    db: str | os.PathLike[str],
    *,
    api_key: str | None = None,
    uploads: UploadLimits | None = None,
    threads: int = 8,
    service: Service | None = None,
    max_store_requests: int = MAX_STORE_REQUESTS,
) -> Starlette:
    """The web app over the store at ``db`` (which must exist): JSON API, docs, pages.

    ``api_key`` switches ``POST /api/ingest`` on (None: read-only).  ``threads`` bounds how many
    API requests run store work at once (each thread keeps its own SQLite connections and
    search index reader).  ``threads=0`` runs the store work on the event loop itself, one
    request at a time per process, with no hand-off between threads: the cheapest way to serve
    CPU-bound searches (a search holds the GIL, so threads add switching, not throughput); run
    one worker process per core for parallelism (benchmarks/WEB.md).  The pages run their
    store work the same way.  ``max_store_requests``: how many requests a process admits to
    the store threads at once, running or waiting; beyond, 503 with ``Retry-After``.
    """
    if threads < 0:
        raise ValueError("threads must be 0 (run on the event loop) or more")
    if max_store_requests < 1:
        raise ValueError("max_store_requests must be 1 or more")
    path = Path(db)
    svc = service or Service(path)
    limits = uploads or UploadLimits()
    if api_key is not None and len(api_key) < 16:
        raise ValueError("the API key must be at least 16 characters long")
    if api_key is not None and not (
        api_key.isascii() and api_key.isprintable() and api_key == api_key.strip()
    ):
        # (else no request could carry it: every upload would be a 401 with nothing saying why)
        raise ValueError(
            "the API key must be printable ASCII with no space at either end "
            "(it travels in the X-API-Key header)"
        )
    handlers: dict[Any, Any] = {ServiceError: _service_error, HTTPException: _http_error}
    app = Starlette(
        routes=[*api_routes(), *page_routes(svc)],
        middleware=[Middleware(Guard, max_upload_bytes=limits.max_bytes)],
        exception_handlers=handlers,
    )
    # Not shut down with the app: idle threads end with the process, and an app may be started
    # again (tests) after a shutdown.
    pool = (
        ThreadPoolExecutor(max_workers=threads, thread_name_prefix="akhbar-store")
        if threads > 0
        else None
    )
    app.state.web = WebConfig(
        service=svc,
        db=path,
        api_key=api_key,
        uploads=limits,
        pool=pool,
        admission=Admission(max_store_requests),
    )
    app.state.service = svc
    pages = _pages_module()
    app.state.error_page = getattr(pages, "error_page", None) if pages is not None else None
    return app


def http_protocol() -> type[asyncio.Protocol] | str:
    """The HTTP/1.1 protocol ``akhbar serve`` gives uvicorn: httptools with a bound on the request
    head (:mod:`akhbar.web.protocol`), or h11 (bounded by its own 16 KiB) without httptools."""
    try:
        from akhbar.web.protocol import BoundedHttpToolsProtocol
    except ImportError:
        return "h11"
    return BoundedHttpToolsProtocol


def _example_db() -> Path:
    """A one-article store in a temporary folder (for the examples)."""
    import tempfile

    from akhbar.article import Article
    from akhbar.pipeline import prepare_batch
    from akhbar.store import Store

    db = Path(tempfile.mkdtemp()) / "a.db"
    with Store.open(db) as store:
        run = store.begin_run([], {})
        arts = [Article(id="1", source="x", title="روس", paragraphs=("لاؤروف نے کہا۔",))]
        store.add_batch(run, prepare_batch(arts))
        store.end_run(run)
    return db


#: Environment variables through which ``akhbar serve`` hands its settings to the app factory
#: (uvicorn's worker processes build the app themselves).
ENV_DB = "AKHBAR_WEB_DB"
ENV_KEY_VAR = "AKHBAR_WEB_API_KEY_ENV"
ENV_THREADS = "AKHBAR_WEB_THREADS"
#: The app factory uvicorn's workers import.
APP_FACTORY = "akhbar.web.app:app_from_env"


def app_from_env() -> Starlette:
    """The app as ``akhbar serve`` configured it (``uvicorn --factory
    akhbar.web.app:app_from_env``): store from ``$AKHBAR_WEB_DB``; the API key from the
    variable named by ``$AKHBAR_WEB_API_KEY_ENV`` (the key itself never passes through here)."""
    db = os.environ.get(ENV_DB)
    if not db:
        raise RuntimeError(f"set {ENV_DB} to the store to serve")
    key_var = os.environ.get(ENV_KEY_VAR)
    api_key = os.environ.get(key_var) if key_var else None
    threads = int(os.environ.get(ENV_THREADS, "8"))
    return create_app(db, api_key=api_key or None, threads=threads)


def serve(
    db: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    api_key_env: str | None = None,
    workers: int = 1,
    threads: int = 8,
    log_level: str = "info",
    access_log: bool = True,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve the store at ``db`` with uvicorn until interrupted (``akhbar serve``).

    Checks first (in this process) that the store opens and the API key, if named, is set and
    long enough, so a mistake is a clear error rather than a worker crash loop; then passes the
    URL to ``announce`` and starts the server.  More than one worker: each has its own socket
    on the port (:mod:`akhbar.web.server`), so connections spread evenly over them.
    """
    import uvicorn

    path = Path(db).resolve()
    api_key = None
    if api_key_env is not None:
        api_key = os.environ.get(api_key_env)
        if not api_key:
            raise ValueError(f"--api-key-env {api_key_env}: that environment variable is not set")
    create_app(path, api_key=api_key, threads=threads)  # fails early on a bad store or key
    try:  # (so a port in use is one clear error, not uvicorn's log after "serving at")
        if workers > 1 and reuse_port_supported():
            bind_reuse_port(host, port).close()
        else:
            bind_socket(host, port).close()
    except OSError as exc:
        raise ValueError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    os.environ[ENV_DB] = str(path)
    os.environ[ENV_THREADS] = str(threads)
    if api_key_env is not None:
        os.environ[ENV_KEY_VAR] = api_key_env
    else:
        os.environ.pop(ENV_KEY_VAR, None)
    if announce is not None:
        shown = f"[{host}]" if ":" in host else host
        announce(f"http://{shown}:{port}/")
    options: dict[str, Any] = {
        "factory": True,
        "log_level": log_level,
        "access_log": access_log,
        "server_header": False,
        "proxy_headers": False,
        "limit_concurrency": 1000,
        "timeout_keep_alive": 5,
        "http": http_protocol(),
    }
    if workers > 1 and reuse_port_supported():
        try:
            run_workers(APP_FACTORY, host=host, port=port, workers=workers, options=options)
        except OSError as exc:
            raise ValueError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    else:
        uvicorn.run(APP_FACTORY, host=host, port=port, workers=workers, **options)
