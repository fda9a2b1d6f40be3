"""Fuzz: thousands of random and hostile inputs against every parameter of the API.

Whatever comes in (FTS5 and SQL syntax, quotes, NUL and other controls, invalid UTF-8, lone
surrogates, bidi marks, huge strings, odd numbers), the answer is a 2xx or a 4xx problem, never a
5xx, and no body shows a traceback.  Seeded, so a failure is reproducible.  At least
``MIN_CASES`` run; then up to ``CASES`` while the time budget lasts (the machine is shared).
"""

from __future__ import annotations

import json
import random
import time
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from akhbar.web.service import BadRequest, Service, ServiceError

SEED = 20240406
CASES = 3000
SECONDS = 180.0
MIN_CASES = 300
ALLOWED = {200, 400, 404, 413, 414}

PIECES = [
    # the query language and FTS5
    '"',
    '""',
    '"روس',
    "OR",
    "AND",
    "NOT",
    "NEAR",
    "NEAR(",
    "NEAR/2",
    "*",
    "^",
    "(",
    ")",
    "{",
    "}",
    "+",
    "-",
    "--",
    ":",
    "title:",
    "source:",
    "lang:",
    "entity:",
    "after:",
    "before:",
    "date:",
    "analyzed_body:",
    "{analyzed_title}:",
    "articles_fts",
    "rank",
    "bm25(",
    "col:*",
    # SQL
    "'",
    "';",
    "' OR '1'='1",
    "; DROP TABLE articles; --",
    "UNION SELECT * FROM entities",
    "%",
    "_",
    "\\",
    "/*",
    "*/",
    "?",
    "?1",
    ":name",
    "@x",
    "$x",
    # markup
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "&amp;",
    "&#0;",
    "]]>",
    # text: Urdu, Arabic keyboard, digits of three scripts, dates
    "روس",
    "لاؤروف",
    "لاوروف",
    "كيا",
    "پاکستان",
    "ایران",
    "کے",
    "۱۳ اپریل ۲۰۲۱",
    "2021-04",
    "13/04/2021",
    "٢٠٢١",
    "9999",
    "0000-00",
    "2021-13",
    "99999999999999999999",
    "-0",
    "1e308",
    # invisible, bidi, controls, odd code points
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ufeff",
    "\x00",
    "\x01",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufffd",
    "\U0001f600",
    "\u0301",
    "\u064b",
    "\ufdfd",
    "\U0010ffff",
    " ",
    "\t",
    "\n",
    "\r\n",
]
FILTERS = ("source", "lang", "entity", "after", "before")
NUMBERS = [
    "",
    "0",
    "1",
    "2",
    "-1",
    "50",
    "51",
    "100",
    "1001",
    "1e3",
    "٢",
    "1.5",
    " 3",
    "0x10",
    "999999999999",
    "NaN",
    "+1",
    "1_0",
]
INVALID_UTF8 = [b"\xed\xa0\x80", b"\xff", b"\xc3", b"\x80\x80", b"\xf4\x90\x80\x80", b"%", b"%zz"]


def hostile(rng: random.Random) -> str:
    """A random string: hostile pieces and random code points, sometimes very long."""
    roll = rng.random()
    if roll < 0.03:
        size = rng.choice([300, 1001, 3000])
        return (rng.choice(PIECES) * size)[:size]
    parts = []
    for _ in range(rng.randint(0, 8)):
        if rng.random() < 0.7:
            parts.append(rng.choice(PIECES))
        else:
            cp = rng.randint(0x20, 0x10FFFF)
            if 0xD800 <= cp <= 0xDFFF:
                cp = 0xFFFD
            parts.append(chr(cp))
        if rng.random() < 0.5:
            parts.append(" ")
    return "".join(parts)


def raw_query(params: dict[str, str], rng: random.Random) -> str:
    """A query string with one value percent-encoded from bytes that are not valid UTF-8."""
    items = [f"{quote(k)}={quote(v, safe='')}" for k, v in params.items()]
    bad = b"".join(rng.choice(INVALID_UTF8) for _ in range(rng.randint(1, 3)))
    key = rng.choice(["q", *FILTERS, "page"])
    items.append(f"{key}=" + "".join(f"%{b:02X}" if b != 0x25 else "%" for b in bad))
    return "&".join(items)


def case(rng: random.Random) -> str:
    """A request URL (path and query) for one fuzz case."""
    kind = rng.random()
    if kind < 0.6:
        params = {"q": hostile(rng)}
        for name in FILTERS:
            if rng.random() < 0.25:
                params[name] = hostile(rng)
        for name in ("page", "per_page"):
            if rng.random() < 0.2:
                params[name] = rng.choice(NUMBERS)
        if rng.random() < 0.1:
            return "/api/search?" + raw_query(params, rng)
        return "/api/search?" + "&".join(
            f"{quote(k)}={quote(v, safe='')}" for k, v in params.items()
        )
    if kind < 0.75:
        params = {"q": hostile(rng)}
        if rng.random() < 0.3:
            params["type"] = rng.choice(["person", "LOCATION", "x", hostile(rng)])
        if rng.random() < 0.3:
            params["limit"] = rng.choice(NUMBERS)
        return "/api/entities?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
    if kind < 0.9:
        return "/api/articles/" + quote(hostile(rng) or "x", safe="")
    return "/api/entities/" + quote(hostile(rng) or "1", safe="")


def test_fuzz_no_server_error_and_no_traceback(client: TestClient) -> None:
    rng = random.Random(SEED)
    started = time.monotonic()
    seen: dict[int, int] = {}
    done = 0
    for done in range(1, CASES + 1):
        url = case(rng)
        r = client.get(url)
        seen[r.status_code] = seen.get(r.status_code, 0) + 1
        assert r.status_code in ALLOWED, (url, r.status_code, r.text[:500])
        assert "Traceback" not in r.text, url
        assert 'File "' not in r.text, url
        if r.status_code >= 400:
            assert r.headers["content-type"] == "application/problem+json", url
            body = json.loads(r.text)
            assert body["status"] == r.status_code, url
            assert body["detail"], url
        if done >= MIN_CASES and time.monotonic() - started > SECONDS:
            break
    # The generator reaches both answers: real results and refusals.
    assert seen.get(200, 0) > done // 10, seen
    assert seen.get(400, 0) > done // 10, seen


@pytest.mark.parametrize(
    "text",
    ["\ud800", "روس\udfff", "a\udc80b", "x\udbff"],  # lone surrogates (only via Python)
)
def test_lone_surrogates_are_bad_requests(service: Service, text: str) -> None:
    with pytest.raises(BadRequest):
        service.search(text)
    for name in ("source", "entity", "after"):
        with pytest.raises(BadRequest):
            service.search("روس", **{name: text})  # type: ignore[arg-type]
    with pytest.raises(ServiceError):
        service.article(text)
    with pytest.raises(BadRequest):
        service.entities(q=text)
