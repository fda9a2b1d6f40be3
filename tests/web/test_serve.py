"""``akhbar serve``: refuses bad settings clearly, and serves on 127.0.0.1 through uvicorn."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
from typer.testing import CliRunner

from akhbar.cli import app

runner = CliRunner()


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no akhbar store" in result.stderr


def test_serve_refuses_an_unset_or_short_api_key(web_db: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(web_db), "--api-key-env", "AKHBAR_NO_SUCH"])
    assert result.exit_code == 2
    assert "AKHBAR_NO_SUCH" in result.stderr
    result = runner.invoke(
        app,
        ["serve", "--db", str(web_db), "--api-key-env", "AKHBAR_SHORT"],
        env={"AKHBAR_SHORT": "abc"},
    )
    assert result.exit_code == 2
    assert "16 characters" in result.stderr


@contextmanager
def _serving(db: Path) -> Iterator[tuple[int, str, httpx.Response, int]]:
    """``akhbar serve --db db`` on a free loopback port, in its own process: the port, the
    first line it wrote to stderr, its first ``/healthz`` answer and its process id; stopped
    afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    script = Path(sys.executable).with_name("akhbar")
    proc = subprocess.Popen(
        [str(script), "serve", "--db", str(db), "--port", str(port)],
        stderr=subprocess.PIPE,
        env={**os.environ, "AKHBAR_WEB_API_KEY_ENV": ""},
    )
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline().decode("utf-8", "replace")
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, "the server exited"
                assert time.monotonic() < deadline, "no answer within 60 s"
                time.sleep(0.3)
        yield port, first, r, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_answers_on_loopback(web_db: Path) -> None:
    with _serving(web_db) as (port, first, r, _):
        assert f"http://127.0.0.1:{port}/" in first
        assert r.status_code == 200
        assert r.json()["articles"] > 0
        assert "server" not in r.headers  # uvicorn's banner is off
        assert r.headers["x-content-type-options"] == "nosniff"
        forbidden = httpx.post(f"http://127.0.0.1:{port}/api/ingest", timeout=5)
        assert forbidden.status_code == 403  # no key: read-only


def test_serve_on_a_port_in_use_is_a_clear_error(web_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", str(web_db), "--port", str(port)])
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"akhbar: error: cannot listen on 127.0.0.1:{port}: ")
    assert "serving" not in result.stderr  # not announced as if it were running


def test_serve_a_store_whose_path_is_not_utf8(web_db: Path, tmp_path: Path) -> None:
    # A Linux file name may hold any bytes; the announcement must not be what fails.
    db = tmp_path / os.fsdecode(b"\xff-store.db")
    shutil.copy(web_db, db)
    with _serving(db) as (port, first, r, _):
        assert first.startswith("akhbar: serving "), first
        assert f"http://127.0.0.1:{port}/" in first
        assert r.json()["articles"] > 0


# ---- the request head is bounded (uvicorn's httptools protocol alone would take any size) ----


def _raw(port: int, head: bytes, body: bytes = b"", *, timeout: float = 10.0) -> bytes:
    """Send ``head`` (and ``body``) on a fresh connection; what came back before it closed
    (b"" for a connection closed or reset without an answer).  Bounded by ``timeout``."""
    deadline = time.monotonic() + timeout
    out = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(head + body)
            while time.monotonic() < deadline:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
                if b"\r\n\r\n" in out and b"connection: close" not in out.lower():
                    break  # a keep-alive answer: its head is enough here
        except (ConnectionResetError, BrokenPipeError):
            pass
    return out


def _refused(answer: bytes, status: int) -> bool:
    """Answered ``status``, or closed without answering (a reset can beat the answer)."""
    return answer == b"" or answer.startswith(b"HTTP/1.1 %d " % status)


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_an_oversized_request_head_is_refused_quickly_and_others_are_served(
    web_db: Path,
) -> None:
    get = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    with _serving(web_db) as (port, _, _, pid), ThreadPoolExecutor(8) as pool:
        started = time.monotonic()
        big = _raw(port, get + b"X-Big: " + b"a" * 1_000_000 + b"\r\n\r\n")
        assert _refused(big, 431), big[:200]
        many = _raw(port, get + b"".join(b"X-%d: v\r\n" % i for i in range(10_000)) + b"\r\n")
        assert _refused(many, 431), many[:200]
        fields = _raw(port, get + b"".join(b"a%d:\r\n" % i for i in range(150)) + b"\r\n")
        assert fields.startswith(b"HTTP/1.1 431 "), fields[:200]  # 150 fields in 1 KB
        long_url = _raw(port, b"GET /?q=" + b"a" * 1_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _refused(long_url, 414), long_url[:200]
        assert time.monotonic() - started < 10
        # Memory stays bounded: 16 clients each sending an 8 MB header at once.
        rss = _rss_kib(pid)
        huge = get + b"X-Huge: " + b"b" * 8_000_000 + b"\r\n\r\n"
        answers = list(pool.map(lambda _: _raw(port, huge), range(16)))
        assert all(_refused(a, 431) for a in answers), [a[:60] for a in answers]
        grown = _rss_kib(pid) - rss
        assert grown < 40_000, f"the server grew by {grown} KiB"  # 16 x 8 MB held: > 128 MB
        # Ordinary requests still pass: 60 headers, an 8 KiB cookie, a body in the head's read.
        normal = b"".join(b"X-Header-%d: value\r\n" % i for i in range(60))
        ok = _raw(port, get + normal + b"Cookie: c=" + b"z" * 8192 + b"\r\n\r\n")
        assert ok.startswith(b"HTTP/1.1 200 "), ok[:200]
        post = b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n"
        too_big = _raw(port, post, b"p" * 200_000)  # the body is not counted as head
        assert _refused(too_big, 413), too_big[:200]
        assert not too_big.startswith(b"HTTP/1.1 431 "), too_big[:200]
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
