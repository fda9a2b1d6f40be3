"""How the app is run: store work on the event loop (``threads=0``), the JSON encoder, and
``akhbar serve --workers N`` (one ``SO_REUSEPORT`` socket per worker, all stopped together)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from akhbar.web.app import create_app
from akhbar.web.problems import dumps
from akhbar.web.server import bind_reuse_port
from tests.web.conftest import SQLISH, XSS_SCRIPT

#: Requests answered the same way whichever thread runs the store work: hits, filters,
#: paging, the entity facet, errors (400, 404, 414) and hostile text.
SAME_ANSWERS: list[tuple[str, dict[str, str]]] = [
    ("/api/search", {"q": "لاؤروف"}),
    ("/api/search", {"q": "روس ایران", "page": "2", "per_page": "5"}),
    ("/api/search", {"q": "پاکستان", "facets": "entities"}),
    ("/api/search", {"source": "urdupoint.com"}),
    ("/api/search", {"q": XSS_SCRIPT}),
    ("/api/search", {"q": SQLISH}),
    ("/api/search", {"q": '"unterminated'}),
    ("/api/search", {"q": "x" * 1001}),
    ("/api/articles/no-such-article", {}),
    ("/api/entities", {"type": "PERSON", "limit": "5"}),
    ("/api/stats", {}),
]


def _answer(client: TestClient, path: str, params: dict[str, str]) -> tuple[int, Any]:
    r = client.get(path, params=params)
    return r.status_code, r.json()


def test_store_work_on_the_event_loop_answers_like_the_thread_pool(web_db: Path) -> None:
    with (
        TestClient(create_app(web_db, threads=0)) as inline,
        TestClient(create_app(web_db, threads=2)) as pooled,
    ):
        for path, params in SAME_ANSWERS:
            got = _answer(inline, path, params)
            assert got == _answer(pooled, path, params), (path, params)
            assert got[0] < 500
        statuses = {_answer(inline, p, q)[0] for p, q in SAME_ANSWERS}
        assert {200, 400, 404, 414} <= statuses  # the list above does reach each kind
        page = inline.get("/", params={"q": "لاؤروف"})  # the pages run on their own threads
        assert page.status_code == 200
        assert "<mark>لاؤروف</mark>" in page.text


def test_negative_threads_are_refused(web_db: Path) -> None:
    with pytest.raises(ValueError, match="threads"):
        create_app(web_db, threads=-1)


def test_json_responses_round_trip_through_the_standard_library(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "لاؤروف", "facets": "entities"}).json()
    assert body["hits"]
    encoded = dumps(body)
    assert json.loads(encoded) == body
    assert "لاؤروف".encode() in encoded  # non-ASCII written as UTF-8, not \\u escapes
    # What the fast encoder refuses falls back to the standard library's path.
    assert json.loads(dumps({"q": "a\ud800b", 1: 2})) == {"q": "a?b", "1": 2}


def test_reuse_port_sockets_share_one_address() -> None:
    first = bind_reuse_port("127.0.0.1", 0)
    try:
        port = first.getsockname()[1]
        second = bind_reuse_port("127.0.0.1", port)
        second.close()
        with socket.socket() as plain, pytest.raises(OSError, match="in use"):
            plain.bind(("127.0.0.1", port))  # a socket without SO_REUSEPORT cannot join
    finally:
        first.close()


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        out.update(int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split())
    return out


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_serve_with_two_workers_answers_and_stops_them_all(web_db: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    script = Path(sys.executable).with_name("akhbar")
    cmd = [str(script), "serve", "--db", str(web_db), "--port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--workers", "2", "--threads", "0"],
        stderr=subprocess.DEVNULL,
        env={**os.environ, "AKHBAR_WEB_API_KEY_ENV": ""},
    )
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "two workers did not answer within 90 s"
            children = {c for c in _children(proc.pid) if _alive(c)}
            workers = {c for c in children if b"spawn_main" in _cmdline(c)}
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                if r.status_code == 200 and len(workers) == 2:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        found = httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "لاؤروف"}, timeout=30)
        assert found.status_code == 200
        assert found.json()["total"] >= 1
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    deadline = time.monotonic() + 15
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(c) for c in children), "a worker outlived the server"


def test_serve_with_workers_on_a_taken_port_is_a_clear_error(web_db: Path) -> None:
    from typer.testing import CliRunner

    from akhbar.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            app,
            ["serve", "--db", str(web_db), "--port", str(port), "--workers", "2"],
            env={"AKHBAR_WEB_API_KEY_ENV": ""},
        )
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


# ---- store work: pages on the store threads too, and a bound on what waits for them ---------


def _service_recording(web_db: Path, seen: list[str], gate: threading.Event | None = None) -> Any:
    """A Service whose searches record the thread they ran on (and wait for ``gate``)."""
    from akhbar.web.service import Service

    class Recording(Service):
        def search(self, *args: Any, **kwargs: Any) -> Any:
            seen.append(threading.current_thread().name)
            if gate is not None:
                assert gate.wait(20)
            return super().search(*args, **kwargs)

    return Recording(web_db)


def test_pages_run_their_store_work_on_the_store_threads(web_db: Path) -> None:
    # They ran on anyio's default pool (40 threads, each opening its own SQLite connections
    # and index reader) whatever --threads said.
    seen: list[str] = []
    svc = _service_recording(web_db, seen)
    with TestClient(create_app(web_db, threads=2, service=svc)) as client:
        for q in ["لاؤروف", "روس", "پاکستان", "ایران"]:
            assert client.get("/", params={"q": q}).status_code == 200
            assert client.get("/api/search", params={"q": q}).status_code == 200
    assert len(seen) == 8
    assert all(name.startswith("akhbar-store") for name in seen), set(seen)


def test_store_requests_beyond_the_bound_get_503_with_retry_after(web_db: Path) -> None:
    seen: list[str] = []
    gate = threading.Event()
    svc = _service_recording(web_db, seen, gate)
    app = create_app(web_db, threads=1, service=svc, max_store_requests=2)

    async def scenario() -> tuple[list[httpx.Response], list[httpx.Response], float]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            params = {"q": "روس"}
            admitted = [asyncio.create_task(client.get("/api/search", params=params))]
            admitted.append(asyncio.create_task(client.get("/", params=params)))
            while not seen:  # one runs (held by the gate), the other waits for the thread
                await asyncio.sleep(0.01)
            started = time.monotonic()
            over = [
                await client.get("/api/search", params=params),
                await client.get("/", params=params),
            ]
            waited = time.monotonic() - started
            gate.set()
            return list(await asyncio.gather(*admitted)), over, waited

    try:  # (its own thread: a browser test's Playwright may hold this thread's event loop)
        with ThreadPoolExecutor(1) as one:
            run = one.submit(asyncio.run, asyncio.wait_for(scenario(), 30))
            admitted, over, waited = run.result(timeout=60)
    finally:
        gate.set()
    assert [r.status_code for r in admitted] == [200, 200]
    assert [r.status_code for r in over] == [503, 503]
    assert waited < 2  # refused at once, not queued
    assert all(r.headers["retry-after"] == "1" for r in over)
    assert over[0].json()["type"].endswith("unavailable")
    assert "text/html" in over[1].headers["content-type"]
    assert "سرور اس وقت مصروف ہے" in over[1].text
