"""``akhbar serve``: refuses bad settings clearly, and serves on 127.0.0.1 through uvicorn."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
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
def _serving(db: Path) -> Iterator[tuple[int, str, httpx.Response]]:
    """``akhbar serve --db db`` on a free loopback port, in its own process: the port, the
    first line it wrote to stderr, and its first ``/healthz`` answer; stopped afterwards."""
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
        yield port, first, r
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_answers_on_loopback(web_db: Path) -> None:
    with _serving(web_db) as (port, first, r):
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
    with _serving(db) as (port, first, r):
        assert first.startswith("akhbar: serving "), first
        assert f"http://127.0.0.1:{port}/" in first
        assert r.json()["articles"] > 0
