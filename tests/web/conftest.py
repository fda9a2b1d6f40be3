"""A store for the web tests, built once per session through the real ingest pipeline.

It holds the bundled demo sample (``akhbar/demo/news``: the seed article and 500 "Bend the
Truth" articles), a few hostile articles (markup, script, SQL and FTS5-looking text in titles and
bodies) and, for facets and histograms, a slice of dated, titled outlet articles from
``../shared/data/news`` (UrduPoint 2023 and Express headlines 2012-2018).

Fixtures for every web test (the browser tests too): ``web_db`` (the store's path, read-only by
convention), ``client`` (a Starlette ``TestClient`` on the read-only app), ``service``.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from akhbar.pipeline import IngestOptions, ingest
from akhbar.store import Store
from akhbar.web.app import create_app
from akhbar.web.service import Service

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "akhbar" / "demo" / "news"
NEWS = ROOT.parent / "shared" / "data" / "news"
URDUPOINT = NEWS / "urdupoint-2023-sample.csv"
EXPRESS = NEWS / "express-headlines-2012-2018.jsonl"

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
SQLISH = "'; DROP TABLE articles; -- \" OR 1=1 NEAR(روس ایران) articles_fts MATCH '*' ^title:x"

#: The hostile articles: ids, and a word each that only they hold (to find them by search).
HOSTILE = [
    {
        "id": "xss-script",
        "source": "hostile.test",
        "date": "2021-05-02",
        "title": f"{XSS_SCRIPT} زلزلہ پیما {XSS_IMG}",
        "text": f"پہلا پیراگراف {XSS_SCRIPT} زلزلہ پیما کی خبر۔\n\n{XSS_IMG} دوسرا پیراگراف۔",
    },
    {
        "id": "sql-fts",
        "source": "hostile.test",
        "date": "2021-05-03",
        "title": f"{SQLISH} آتش فشاں",
        "text": (
            f"آتش فشاں پھٹ پڑا۔ {SQLISH}\n\n"
            "<b>bold</b> &amp; &lt;escaped&gt; \u202eRTL override\u202c"
        ),
    },
]
#: Rows taken from the shared data (kept small: the session builds the store once).
URDUPOINT_ROWS = 100
EXPRESS_EVERY = 700


def _write_jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _urdupoint() -> list[dict[str, str]]:
    with URDUPOINT.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))[:URDUPOINT_ROWS]
    return [
        {
            "source": "urdupoint.com",
            "date": r["Date"],
            "title": r["Title"],
            "text": r["News"],
            "url": r["Link"],
        }
        for r in rows
    ]


def _express() -> list[dict[str, str]]:
    out = []
    with EXPRESS.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n % EXPRESS_EVERY == 0:
                r = json.loads(line)
                out.append(
                    {
                        "source": "express.pk",
                        "date": r["date"],
                        "title": r["title"],
                        "text": r["summary"],
                        "url": r["url"],
                    }
                )
    return out


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web tests' store (built once; do not write to it: copy it with
    ``tests.helpers.copy_db``)."""
    folder = tmp_path_factory.mktemp("web")
    inputs = [
        DEMO,
        _write_jsonl(folder / "hostile.jsonl", HOSTILE),
        _write_jsonl(folder / "urdupoint.jsonl", _urdupoint()),
        _write_jsonl(folder / "express.jsonl", _express()),
    ]
    db = folder / "web.db"
    with Store.open(db) as store:
        summary = ingest([str(p) for p in inputs], store, IngestOptions(workers=1))
    assert summary.stored > 600, summary.to_dict()
    return db


@pytest.fixture(scope="session")
def service(web_db: Path) -> Iterator[Service]:
    """A :class:`Service` over ``web_db``."""
    with Service(web_db) as svc:
        yield svc


@pytest.fixture(scope="session")
def client(web_db: Path) -> Iterator[TestClient]:
    """A test client on the read-only app over ``web_db`` (no API key: ingest disabled)."""
    with TestClient(create_app(web_db), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def sql(web_db: Path) -> Iterator[sqlite3.Connection]:
    """A plain read-only SQLite connection to ``web_db``, to check answers independently."""
    conn = sqlite3.connect(f"{web_db.resolve().as_uri()}?mode=ro", uri=True)
    yield conn
    conn.close()
