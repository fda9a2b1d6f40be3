"""``POST /api/ingest``: off without a key, guarded by it, bounded, and safe with file names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from akhbar.web.app import create_app
from akhbar.web.uploads import UploadLimits
from tests.helpers import copy_db

KEY = "k" * 12 + "-test-key-0123"
HEADERS = {"X-API-Key": KEY}
LIMITS = UploadLimits(max_bytes=64 * 1024, max_files=3)


def jsonl(*rows: dict[str, str]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


NEW = jsonl(
    {
        "id": "upload-1",
        "source": "uploaded.test",
        "title": "کوہ پیماؤں کی نئی مہم",
        "text": "ژوغاستان میں کوہ پیماؤں کی نئی مہم شروع ہو گئی۔",
    }
)


@pytest.fixture
def writable(web_db: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    db = copy_db(web_db, tmp_path / "copy.db")
    with TestClient(create_app(db, api_key=KEY, uploads=LIMITS)) as c:
        yield c, tmp_path


def test_ingest_is_forbidden_without_a_configured_key(client: TestClient) -> None:
    r = client.post("/api/ingest", files={"file": ("a.jsonl", NEW)}, headers=HEADERS)
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"X-API-Key": KEY + "x"}])
def test_ingest_needs_the_right_key(
    writable: tuple[TestClient, Path], headers: dict[str, str]
) -> None:
    client, _ = writable
    r = client.post("/api/ingest", files={"file": ("a.jsonl", NEW)}, headers=headers)
    assert r.status_code == 401
    assert client.get("/api/articles/upload-1").status_code == 404


def test_ingest_stores_and_search_sees_it(writable: tuple[TestClient, Path]) -> None:
    client, _ = writable
    # Search once first, so a worker thread holds an archive opened before the upload.
    assert client.get("/api/search", params={"q": "ژوغاستان"}).json()["total"] == 0
    r = client.post(
        "/api/ingest",
        files={"file": ("نئی خبریں.jsonl", NEW)},
        data={"source": "uploaded.test"},
        headers=HEADERS,
    )
    assert r.status_code == 200, r.text
    summary = r.json()
    assert summary["stored"] == 1
    assert summary["status"] == "completed"
    assert summary["files"] == [{"name": "نئی خبریں.jsonl", "bytes": len(NEW)}]
    assert "/tmp" not in r.text  # no server paths
    found = client.get("/api/search", params={"q": "ژوغاستان"}).json()
    assert [h["id"] for h in found["hits"]] == ["upload-1"]
    assert found["hits"][0]["source"] == "uploaded.test"
    # The same file again: a duplicate, nothing new.
    again = client.post("/api/ingest", files={"file": ("b.jsonl", NEW)}, headers=HEADERS)
    assert again.json()["duplicates"] == 1
    assert again.json()["stored"] == 0


@pytest.mark.parametrize(
    "name",
    ["../../x.txt", "..", "a/b.txt", "..\\..\\x.txt", ".hidden", "C:evil.txt", "a\x00b.txt", ""],
)
def test_ingest_refuses_path_tricks(writable: tuple[TestClient, Path], name: str) -> None:
    client, tmp = writable
    # The body is written by hand: HTTP clients quote or strip such names before sending.
    boundary = "akhbar-test-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + NEW
        + f"\r\n--{boundary}--\r\n".encode()
    )
    content_type = f"multipart/form-data; boundary={boundary}"
    r = client.post("/api/ingest", content=body, headers={**HEADERS, "Content-Type": content_type})
    assert r.status_code == 400, (name, r.text)
    assert r.json()["parameter"] == "file"
    assert not list(tmp.parent.glob("x.txt"))
    assert not (tmp / "x.txt").exists()
    assert client.get("/api/articles/upload-1").status_code == 404


def test_ingest_bounds_count_size_and_type(writable: tuple[TestClient, Path]) -> None:
    client, _ = writable
    files = [("file", (f"{i}.jsonl", NEW)) for i in range(LIMITS.max_files + 1)]
    assert client.post("/api/ingest", files=files, headers=HEADERS).status_code == 400
    big = b"x" * (LIMITS.max_bytes + 1)
    r = client.post("/api/ingest", files={"file": ("big.txt", big)}, headers=HEADERS)
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    r = client.post("/api/ingest", content=NEW, headers={**HEADERS, "Content-Type": "text/plain"})
    assert r.status_code == 415
    r = client.post("/api/ingest", data={"source": "x"}, headers=HEADERS)
    assert r.status_code in (400, 415)  # no file part at all
    assert client.get("/api/articles/upload-1").status_code == 404


def test_a_short_api_key_is_refused(web_db: Path) -> None:
    with pytest.raises(ValueError, match="16 characters"):
        create_app(web_db, api_key="short")


@pytest.mark.parametrize("key", ["ключ-ключ-ключ-ключ", "k" * 16 + " ", "k" * 16 + "\n"])
def test_an_api_key_no_header_can_carry_is_refused_at_start(web_db: Path, key: str) -> None:
    # A header value is ASCII and servers strip the spaces around it: such a key could never
    # match, and every upload would be a 401 with nothing saying why.
    with pytest.raises(ValueError, match="printable ASCII"):
        create_app(web_db, api_key=key)


DATED = jsonl(
    {
        "id": "upload-dated",
        "title": "کوہ پیماؤں کی واپسی",
        "text": "ژوغاستان سے کوہ پیما واپس آ گئے۔",
        "published": "2024-06-05 10:15",
    }
)


@pytest.mark.parametrize(
    ("zone", "published"),
    [
        ("Asia/Karachi", "2024-06-05T10:15:00+05:00"),
        ("+05:30", "2024-06-05T10:15:00+05:30"),
        ("", "2024-06-05T10:15:00+00:00"),
    ],
)
def test_ingest_timezone_is_the_zone_of_dates_written_without_one(
    writable: tuple[TestClient, Path], zone: str, published: str
) -> None:
    client, _ = writable
    r = client.post(
        "/api/ingest",
        files={"file": ("d.jsonl", DATED)},
        data={"timezone": zone},
        headers=HEADERS,
    )
    assert r.status_code == 200, r.text
    assert r.json()["stored"] == 1
    got = client.get("/api/articles/upload-dated").json()["published"]
    assert datetime.fromisoformat(got) == datetime.fromisoformat(published)
    assert datetime.fromisoformat(got).utcoffset() == datetime.fromisoformat(published).utcoffset()


@pytest.mark.parametrize("zone", ["Mars/Olympus", "PST", "+25:00", "../../etc/passwd", "x" * 500])
def test_a_bad_timezone_is_a_400_naming_the_field_and_nothing_is_stored(
    writable: tuple[TestClient, Path], zone: str
) -> None:
    client, _ = writable
    before = client.get("/api/stats").json()
    r = client.post(
        "/api/ingest",
        files={"file": ("d.jsonl", DATED)},
        data={"timezone": zone},
        headers=HEADERS,
    )
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["parameter"] == "timezone"
    assert "not a time zone" in problem["detail"]
    assert len(problem["detail"]) < 200
    assert client.get("/api/articles/upload-dated").status_code == 404
    assert client.get("/api/stats").json() == before
