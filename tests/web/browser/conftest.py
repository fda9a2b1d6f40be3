"""Browser fixtures: the app on uvicorn (127.0.0.1, a free port, a background thread) and
Debian's chromium driven by Playwright (launched once per session; no browser is downloaded).

Every page a test opens is watched (:class:`Watch`): each request the browser makes (any that
would leave the server's origin is aborted and recorded), console messages, dialogs and
``securitypolicyviolation`` events.  Screenshots go to ``test-artifacts/`` beside this file
(gitignored); their paths are printed in the terminal summary.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from akhbar.web.app import create_app

CHROMIUM = Path(os.environ.get("AKHBAR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "test-artifacts"
_SAVED: list[Path] = []

# Recorded in the page before any script of it runs (init scripts are not subject to its CSP).
_WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The app over ``db`` on uvicorn at ``http://127.0.0.1:PORT`` (stopped afterwards)."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(db), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="akhbar-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server_url(web_db: Path) -> Iterator[str]:
    """The app over ``web_db`` (see :func:`serving`)."""
    with serving(web_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium (Debian's, headless), once per session."""
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (make browser installs it)")
    from playwright.sync_api import sync_playwright

    if ARTIFACTS.exists():  # old screenshots would mislead
        shutil.rmtree(ARTIFACTS)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Watch:
    """What one browser context did: requests made, requests stopped for leaving the origin,
    console messages, dialogs, CSP violations (read from the page with :meth:`csp`)."""

    origin: str
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if url == self.origin or url.startswith(self.origin + "/") or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def csp(self, page: Any) -> list[str]:
        """The CSP violations the page reported."""
        return list(page.evaluate("window.__csp || []"))


def open_context(browser: Any, origin: str, **options: Any) -> tuple[Any, Watch]:
    """A new browser context (RTL-friendly viewport) with its :class:`Watch`."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, **options)
    watch = Watch(origin)
    context.route("**/*", watch.route)
    context.add_init_script(_WATCH_CSP)
    context.set_default_timeout(10_000)

    def on_page(page: Any) -> None:
        page.on("console", lambda m: watch.console.append(f"{m.type}: {m.text}"))

        def on_dialog(d: Any) -> None:
            watch.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", on_dialog)

    context.on("page", on_page)
    return context, watch


@pytest.fixture
def watched(browser: Any, server_url: str) -> Iterator[tuple[Any, Watch]]:
    """A page (JavaScript on) and its watch; after the test, nothing may have left the origin,
    no dialog may have opened and nothing may have been logged as an error."""
    context, watch = open_context(browser, server_url)
    page = context.new_page()
    try:
        yield page, watch
        assert not watch.outside, f"requests left {server_url}: {watch.outside}"
        assert not watch.dialogs, f"dialogs opened: {watch.dialogs}"
        errors = [m for m in watch.console if m.startswith("error")]
        # A 400/404 page logs its own status as a failed resource; anything else is a fault.
        assert all("status of 40" in m for m in errors), errors
    finally:
        context.close()


def save_screenshot(page: Any, name: str) -> Path:
    """A full-page screenshot under ``test-artifacts/`` (listed in the terminal summary)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    _SAVED.append(path)
    return path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say where the screenshots are."""
    if _SAVED:
        terminalreporter.write_sep("-", "browser screenshots")
        for path in _SAVED:
            terminalreporter.write_line(str(path))
