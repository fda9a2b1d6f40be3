"""How the app is run: store work on the event loop (``threads=0``), the JSON encoder, and
``akhbar serve --workers N`` (one ``SO_REUSEPORT`` socket per worker, all stopped together)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
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
