"""Load benchmark of the HTTP API: ``/api/search`` QPS and latency at increasing concurrency.

Starts the app the way ``akhbar serve`` does (127.0.0.1, a free port, ``--workers`` processes
each with its own ``SO_REUSEPORT`` socket, ``--threads`` store threads each, 0: the store work on
the event loop; no access log) over a store (default: the 100k-article store at
``/tmp/s100k/akhbar.db``), then fires ``/api/search`` requests from a separate process (``wrk``
if installed, else ``httpx.AsyncClient``) at each concurrency level for a bounded time, and
reads the server's CPU time per request from ``/proc``.  The queries are words and word pairs
from real headlines (``../shared/data/news/express-headlines-2012-2018.jsonl``), a third of them
with a filter (``source``, ``after``/``before``).  Beside it, as the peers that show what the web
layer costs: the same queries through ``Service.search`` in-process (no HTTP, one thread), and
``/healthz`` over HTTP (the stack with no search).  Then: hostile queries (how long the worst
bounded ones take) and other server shapes (``--alternatives``).  Writes ``benchmarks/WEB.md``.

    .venv/bin/python benchmarks/bench_web.py --levels 1,4,8,16,32 --seconds 15   # writes WEB.md
    .venv/bin/python benchmarks/bench_web.py --db demo.db --seconds 5 --no-write
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import math
import os
import platform
import random
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HEADLINES = ROOT.parent / "shared" / "data" / "news" / "express-headlines-2012-2018.jsonl"
OUT = HERE / "WEB.md"
DEFAULT_DB = Path("/tmp/s100k/akhbar.db")
GOAL_QPS, GOAL_P99_MS = 200.0, 100.0
_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]{2,}")


# ---------------------------------------------------------------------------------- queries --


def query_set(n: int, sources: list[str], seed: int = 7) -> list[dict[str, str]]:
    """``n`` search parameter sets from real headlines: a word (half), two adjacent words (a
    quarter) or a quoted pair (a quarter); a third with a source or date filter."""
    rng = random.Random(seed)
    titles = []
    with HEADLINES.open(encoding="utf-8") as fh:
        for line in fh:
            title = json.loads(line).get("title") or ""
            words = _WORD.findall(title)
            if len(words) >= 2:
                titles.append(words)
    out = []
    for _ in range(n):
        words = rng.choice(titles)
        i = rng.randrange(len(words) - 1)
        roll = rng.random()
        if roll < 0.5:
            q = words[i]
        elif roll < 0.75:
            q = f"{words[i]} {words[i + 1]}"
        else:
            q = f'"{words[i]} {words[i + 1]}"'
        params = {"q": q}
        kind = rng.random()
        if kind < 0.17 and sources:
            params["source"] = rng.choice(sources)
        elif kind < 0.33:
            year = rng.randint(2012, 2024)
            params["after"] = str(year)
            params["before"] = str(year + 2)
        out.append(params)
    return out


# ----------------------------------------------------------------------------------- server --


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    """``akhbar serve``'s own code path (``akhbar.web.app.serve``) with the access log off."""
    env = {**os.environ}
    env.pop("AKHBAR_WEB_API_KEY_ENV", None)
    call = (
        "from akhbar.web.app import serve; "
        f"serve({str(db.resolve())!r}, host='127.0.0.1', port={port}, workers={workers}, "
        f"threads={threads}, log_level='warning', access_log=False)"
    )
    cmd = [sys.executable, "-c", call]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            up = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            up = False
        # Every worker listening (each has its own socket), so the load spreads over all.
        if up and (listening(port) >= workers or time.monotonic() > deadline - 60):
            return proc
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("the server did not answer /healthz within 120 s")


def measure(
    args: argparse.Namespace,
    proc: subprocess.Popen[bytes],
    base: str,
    path: str,
    params: list[dict[str, str]],
    concurrency: int,
    seconds: float,
) -> dict[str, Any]:
    """One load level: latency figures, and the server's CPU per request (the figure that
    holds when other jobs share the machine)."""
    cpu = tree_cpu(proc.pid)
    if args.client == "wrk":
        r = wrk_load(base, path, params, concurrency, seconds)
    else:
        r = asyncio.run(load(base, path, params, concurrency, seconds))
    done = r["requests"] + r["errors"]
    r["cpu_ms"] = (tree_cpu(proc.pid) - cpu) * 1000 / done if done else float("nan")
    print(
        f"{path} c={concurrency:3d}  {r['qps']:8.1f} QPS  p50 {r['p50_ms']:8.1f} ms  "
        f"p99 {r['p99_ms']:8.1f} ms  errors {r['errors']}  "
        f"server CPU {r['cpu_ms']:.2f} ms/request",
        flush=True,
    )
    return r


def listening(port: int) -> int:
    """How many sockets listen on ``port`` (``/proc/net/tcp*``; each worker of ``akhbar serve
    --workers N`` has its own)."""
    count = 0
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if (
                len(fields) > 3
                and fields[3] == "0A"
                and int(fields[1].rsplit(":", 1)[1], 16) == port
            ):
                count += 1
    return count


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its descendants (the
    uvicorn supervisor and its workers), from ``/proc``; 0.0 where ``/proc`` is missing."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0

    def walk(p: int) -> None:
        nonlocal total
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            for task in os.listdir(f"/proc/{p}/task"):
                for child in Path(f"/proc/{p}/task/{task}/children").read_text().split():
                    walk(int(child))
        except (OSError, IndexError, ValueError):
            pass

    walk(pid)
    return total / tick


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ------------------------------------------------------------------------------------- load --


async def load(
    base: str, path: str, params: list[dict[str, str]], concurrency: int, seconds: float
) -> dict[str, Any]:
    """``concurrency`` clients looping over ``params`` for ``seconds``; latencies of the
    requests that finished inside the window."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    counter = iter(range(10**9))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60.0) as client:
        start = time.perf_counter()
        end = start + seconds

        async def worker() -> None:
            while time.perf_counter() < end:
                p = params[next(counter) % len(params)] if params else {}
                t = time.perf_counter()
                try:
                    r = await client.get(path, params=p)
                    await r.aread()
                    ok = r.status_code == 200
                    key = str(r.status_code)
                except httpx.HTTPError as exc:
                    ok, key = False, type(exc).__name__
                done = time.perf_counter()
                if done > end:
                    return
                if ok:
                    latencies.append(done - t)
                else:
                    errors[key] = errors.get(key, 0) + 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return summarize(latencies, errors, min(elapsed, seconds), concurrency)


WRK_SCRIPT = r"""
-- Cycles through the request paths in the file named by the first script argument; prints the
-- summary as one JSON line when done.
local paths, i = {}, 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
end
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i - 1) % #paths + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "mean_us": %f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
"""


def wrk_load(
    base: str, path: str, params: list[dict[str, str]], concurrency: int, seconds: float
) -> dict[str, Any]:
    """The same load from ``wrk`` (C, one thread, ``concurrency`` keep-alive connections): a
    client that takes a small share of the two cores the server also runs on."""
    import tempfile
    import urllib.parse

    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "cycle.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        paths = Path(tmp) / "paths.txt"
        lines = [path + ("?" + urllib.parse.urlencode(p) if p else "") for p in params] or [path]
        paths.write_text("\n".join(lines) + "\n", encoding="utf-8")
        cmd = ["wrk", "-t", "1", "-c", str(concurrency), "-d", f"{seconds:g}s", "--timeout", "10s"]
        cmd += ["-s", str(script), base, "--", str(paths)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60)
    summary = json.loads([x for x in out.stdout.splitlines() if x.startswith("{")][-1])
    secs = summary["duration_us"] / 1e6
    errors = {
        k: summary[k] for k in ("connect", "read", "write", "status", "timeout") if summary[k]
    }
    ok = summary["requests"] - summary["status"]
    return {
        "concurrency": concurrency,
        "requests": ok,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "qps": ok / secs if secs > 0 else 0.0,
        "p50_ms": summary["p50_us"] / 1000,
        "p99_ms": summary["p99_us"] / 1000,
        "mean_ms": summary["mean_us"] / 1000,
    }


def summarize(
    latencies: list[float], errors: dict[str, int], seconds: float, concurrency: int
) -> dict[str, Any]:
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")

    return {
        "concurrency": concurrency,
        "requests": len(lat),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "qps": len(lat) / seconds if seconds > 0 else 0.0,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "mean_ms": statistics.fmean(lat) * 1000 if lat else float("nan"),
    }


def filters_of(params: dict[str, str]) -> dict[str, Any]:
    """The filter keyword arguments of a parameter set."""
    return {k: v for k, v in params.items() if k != "q"}


def in_process(db: Path, params: list[dict[str, str]], seconds: float) -> dict[str, Any]:
    """The same queries through ``Service.search`` in this process, one thread (no HTTP)."""
    from akhbar.web.service import Service, ServiceError

    latencies: list[float] = []
    errors: dict[str, int] = {}
    with Service(db) as service:
        for p in params[:20]:  # warm the page cache like the server's warm-up
            with contextlib.suppress(ServiceError):
                service.search(p["q"], **filters_of(p))
        start = time.perf_counter()
        cpu = time.process_time()
        i = 0
        while time.perf_counter() - start < seconds:
            p = params[i % len(params)]
            i += 1
            t = time.perf_counter()
            try:
                service.search(p["q"], **filters_of(p))
                latencies.append(time.perf_counter() - t)
            except ServiceError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
    out = summarize(latencies, errors, elapsed, 1)
    out["cpu_ms"] = cpu * 1000 / i if i else float("nan")
    return out


def hostile_set() -> dict[str, dict[str, str]]:
    """Queries built to be expensive, each inside the request bounds (1,000 characters, 64
    terms, paging depth 1,000): the most common headline words, many of them required,
    excluded or paired in phrases, and the deepest page."""
    counts: Counter[str] = Counter()
    with HEADLINES.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= 20_000:
                break
            counts.update(_WORD.findall(json.loads(line).get("title") or ""))
    common = [w for w, _ in counts.most_common(128)]

    def fit(words: list[str]) -> str:
        text = ""
        for w in words:
            if len(text) + len(w) + 1 > 1000:
                break
            text = f"{text} {w}" if text else w
        return text

    pairs = [f'"{a} {b}"' for a, b in zip(common[0:64:2], common[1:64:2], strict=True)]
    return {
        "the 64 most common words": {"q": fit(common[:64])},
        "30 common words, all required (+)": {"q": fit(["+" + w for w in common[:30]])},
        "32 quoted pairs of common words": {"q": fit(pairs)},
        "a word and 60 excluded words (-)": {
            "q": fit([common[70]] + ["-" + w for w in common[:60]])
        },
        "the most common word, deepest page": {"q": common[0], "page": "100"},
    }


def hostile(db: Path, base: str) -> list[dict[str, Any]]:
    """Each hostile query: its HTTP status, and its time and CPU through ``Service.search``
    in-process (the median of three runs)."""
    from akhbar.web.service import Service, ServiceError

    out = []
    with Service(db) as service:
        for name, params in hostile_set().items():
            status = httpx.get(f"{base}/api/search", params=params, timeout=120).status_code
            walls, cpus, total = [], [], None
            for _ in range(3):
                t, c = time.perf_counter(), time.process_time()
                try:
                    found = service.search(params["q"], page=int(params.get("page", "1")))
                    total = found["total"]
                except ServiceError:
                    total = None
                walls.append(time.perf_counter() - t)
                cpus.append(time.process_time() - c)
            out.append(
                {
                    "name": name,
                    "status": status,
                    "total": total,
                    "ms": statistics.median(walls) * 1000,
                    "cpu_ms": statistics.median(cpus) * 1000,
                }
            )
    return out


# ------------------------------------------------------------------------------------ report --


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "python": platform.python_version(),
        "os": platform.platform(),
        "load": os.getloadavg(),
    }


def store_info(db: Path) -> dict[str, Any]:
    import sqlite3

    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        sources = [
            r[0]
            for r in conn.execute(
                "SELECT source FROM articles WHERE source IS NOT NULL GROUP BY source "
                "ORDER BY count(*) DESC LIMIT 8"
            )
        ]
    finally:
        conn.close()
    return {"articles": articles, "bytes": db.stat().st_size, "sources": sources}


def fmt(x: float, digits: int = 1) -> str:
    return "–" if math.isnan(x) else f"{x:,.{digits}f}"


def report(
    args: argparse.Namespace,
    info: dict[str, Any],
    host: dict[str, Any],
    levels: list[dict[str, Any]],
    peers: dict[str, dict[str, Any]],
    load_end: tuple[float, ...],
) -> str:
    direct = peers["in_process"]
    lines = [
        "# Web API load benchmark",
        "",
        f"`/api/search` over HTTP on a {info['articles']:,}-article store "
        f"({info['bytes'] / 1e9:.2f} GB), `akhbar serve` (uvicorn) with {args.workers} "
        "worker process(es) "
        "(each with its own `SO_REUSEPORT` socket), "
        + (
            f"{args.threads} store threads each"
            if args.threads
            else "store work on each worker's event loop (`--threads 0`)"
        )
        + ", client "
        + (
            "`wrk` (C, one thread, keep-alive connections)"
            if args.client == "wrk"
            else "`httpx.AsyncClient`"
        )
        + f" in a separate process on the same machine; {args.seconds:g} s per level after a "
        f"{args.warmup:g} s warm-up.",
        f"Queries: {len(peers['queries']['list'])} from real Express headlines (a word, two words "
        "or a quoted pair; a third with a source or date filter), cycled.",
        "",
        f"Goal (issue 6): ≥ {GOAL_QPS:.0f} QPS with p99 ≤ {GOAL_P99_MS:.0f} ms and zero errors.",
        "",
        "| concurrency | QPS | p50 ms | p99 ms | mean ms | requests | errors | server CPU ms "
        "per request | goal |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|:--|",
    ]
    for r in levels:
        met = r["qps"] >= GOAL_QPS and r["p99_ms"] <= GOAL_P99_MS and r["errors"] == 0
        kinds = ", ".join(f"{k}×{v}" for k, v in r["error_kinds"].items())
        lines.append(
            f"| {r['concurrency']} | {fmt(r['qps'])} | {fmt(r['p50_ms'])} | {fmt(r['p99_ms'])} | "
            f"{fmt(r['mean_ms'])} | {r['requests']:,} | {r['errors']}"
            f"{' (' + kinds + ')' if kinds else ''} | {fmt(r['cpu_ms'], 2)} | "
            f"{'met' if met else 'not met'} |"
        )
    if peers["others"]:
        lines += [
            "",
            "## Other server configurations",
            "",
            "The same queries on servers of other shapes (workers × store threads; 0 threads: "
            "the store work runs on each worker's event loop), started afresh and warmed up the "
            "same way.",
            "",
            "| workers × threads | concurrency | QPS | p50 ms | p99 ms | errors | server CPU ms "
            "per request | goal |",
            "|---|---:|---:|---:|---:|---:|---:|:--|",
        ]
        for r in peers["others"]:
            met = r["qps"] >= GOAL_QPS and r["p99_ms"] <= GOAL_P99_MS and r["errors"] == 0
            lines.append(
                f"| {r['workers']} × {r['threads']} | {r['concurrency']} | {fmt(r['qps'])} | "
                f"{fmt(r['p50_ms'])} | {fmt(r['p99_ms'])} | {r['errors']} | "
                f"{fmt(r['cpu_ms'], 2)} | {'met' if met else 'not met'} |"
            )
    best = max(levels, key=lambda r: r["qps"])
    health = peers["healthz"]
    lines += [
        "",
        "## Side by side: what the web layer costs",
        "",
        "| | QPS | p50 ms | p99 ms | CPU ms per request | ratio to in-process |",
        "|---|---:|---:|---:|---:|---:|",
        f"| `Service.search` in-process, 1 thread (no HTTP) | {fmt(direct['qps'])} | "
        f"{fmt(direct['p50_ms'])} | {fmt(direct['p99_ms'])} | {fmt(direct['cpu_ms'], 2)} | 1.00 |",
        f"| `/api/search` over HTTP, concurrency 1 | {fmt(levels[0]['qps'])} | "
        f"{fmt(levels[0]['p50_ms'])} | {fmt(levels[0]['p99_ms'])} | "
        f"{fmt(levels[0]['cpu_ms'], 2)} | {levels[0]['qps'] / direct['qps']:.2f} |",
        f"| `/api/search` over HTTP, best level (c={best['concurrency']}) | {fmt(best['qps'])} | "
        f"{fmt(best['p50_ms'])} | {fmt(best['p99_ms'])} | {fmt(best['cpu_ms'], 2)} | "
        f"{best['qps'] / direct['qps']:.2f} |",
        f"| `/healthz` over HTTP, c={health['concurrency']} (the stack, no search) | "
        f"{fmt(health['qps'])} | {fmt(health['p50_ms'])} | {fmt(health['p99_ms'])} | "
        f"{fmt(health['cpu_ms'], 2)} | {health['qps'] / direct['qps']:.2f} |",
        "",
        "CPU ms per request: the server's processes' CPU time (user + system, from `/proc`) over "
        "the requests served (in-process: this process's); unlike QPS it barely moves when "
        "other jobs share the machine.  "
        f"At concurrency 1 the HTTP median is {levels[0]['p50_ms'] - direct['p50_ms']:+.1f} ms "
        "from the in-process median, and the server's CPU per request "
        f"{levels[0]['cpu_ms'] - direct['cpu_ms']:+.2f} ms from the in-process figure (HTTP, "
        "routing, headers, JSON).  "
        f"The best level serves {best['qps'] / direct['qps']:.2f}× the in-process "
        f"single-thread rate, and `/healthz` (the HTTP stack with the client, no search) "
        f"{health['qps'] / max(best['qps'], 1e-9):.0f}× the best search rate: "
        + (
            "the search, not the web layer, is the bound."
            if health["qps"] > 5 * best["qps"]
            else "the web layer is a large part of the cost."
        ),
        "",
        "## Hostile queries: bounded in size, not cut off in time",
        "",
        "Queries built to be expensive within the request bounds (1,000 characters, 64 terms, "
        "paging depth 1,000), from the most common headline words; HTTP status from the server, "
        "time and CPU through `Service.search` in-process (median of three).",
        "",
        "| query | HTTP status | total | ms | CPU ms |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {h['name']} | {h['status']} | "
            f"{'–' if h['total'] is None else format(h['total'], ',')} | {fmt(h['ms'])} | "
            f"{fmt(h['cpu_ms'])} |"
            for h in peers["worst"]
        ),
        "",
        "No search is stopped by a clock: the index's search cannot be interrupted midway, and "
        "a 503 would break the contract that no input gives a 5xx.  The size bounds keep these "
        "queries, the costliest we built (not a proven worst case), to the times above; they "
        "grow with the store.",
        "",
        "## Machine",
        "",
        f"- CPU: {host['cpu']} ({host['cores']} cores), memory {host['memory']}",
        f"- {host['os']}, Python {host['python']}",
        f"- load average at start {', '.join(f'{x:.2f}' for x in host['load'])}; at end "
        f"{', '.join(f'{x:.2f}' for x in load_end)}"
        + (
            " — **the machine was shared with other jobs during the run: figures are pessimistic**"
            if max(host["load"][0], load_end[0]) > (host["cores"] or 1)
            else ""
        ),
        f"- run {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        *([f"- note: {args.note}"] if args.note else []),
        "",
        "## Command",
        "",
        "```",
        shlex.join([".venv/bin/python", "benchmarks/bench_web.py", *args.argv]),
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=DEFAULT_DB, help="store to serve")
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument(
        "--threads",
        type=int,
        default=0,
        help="store threads per worker (0: the store work runs on the worker's event loop)",
    )
    ap.add_argument("--levels", default="1,4,16,32", help="concurrency levels")
    ap.add_argument("--seconds", type=float, default=20.0, help="measured seconds per level")
    ap.add_argument("--warmup", type=float, default=5.0, help="warm-up seconds before level 1")
    ap.add_argument("--queries", type=int, default=500, help="distinct queries")
    ap.add_argument(
        "--client",
        choices=("wrk", "httpx"),
        default="wrk" if shutil.which("wrk") else "httpx",
        help="load generator (wrk: `apt-get install wrk`; httpx: Python, in this process)",
    )
    ap.add_argument(
        "--alternatives",
        default="2x8,3x0",
        help="other server configurations (WORKERSxTHREADS, comma-separated; empty: none) "
        "measured at --alt-levels beside the main one",
    )
    ap.add_argument("--alt-levels", default="8,16", help="concurrency levels of the alternatives")
    ap.add_argument("--note", default="", help="a line on how the run was made, for WEB.md")
    ap.add_argument("--no-write", action="store_true", help="print, do not write WEB.md")
    args = ap.parse_args()
    args.argv = sys.argv[1:]
    if not args.db.is_file():
        sys.exit(f"no store at {args.db} (pass --db)")
    info = store_info(args.db)
    params = query_set(args.queries, info["sources"])
    host = machine()
    print(f"store {args.db}: {info['articles']:,} articles; load {host['load']}", flush=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(args.db, port, args.workers, args.threads)
    levels = []
    try:
        asyncio.run(load(base, "/api/search", params, 8, args.warmup))
        # The in-process peer runs now, with the server idle and the OS page cache as warm as
        # it is for the levels that follow.
        direct = in_process(args.db, params, args.seconds)
        print(f"in-process  {direct['qps']:8.1f} QPS  p50 {direct['p50_ms']:8.1f} ms", flush=True)
        for c in (int(x) for x in args.levels.split(",")):
            levels.append(measure(args, proc, base, "/api/search", params, c, args.seconds))
        health = measure(args, proc, base, "/healthz", [], 16, min(args.seconds, 10.0))
        worst = hostile(args.db, base)
        for h in worst:
            print(f"hostile: {h['name']}: {h['status']}, {h['ms']:.0f} ms", flush=True)
    finally:
        stop_server(proc)
    others = []
    for config in filter(None, args.alternatives.split(",")):
        workers, threads = (int(x) for x in config.lower().split("x"))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        print(f"server: {workers} worker(s) x {threads} thread(s)", flush=True)
        proc = start_server(args.db, port, workers, threads)
        try:
            asyncio.run(load(base, "/api/search", params, 8, args.warmup))
            for c in (int(x) for x in args.alt_levels.split(",")):
                r = measure(args, proc, base, "/api/search", params, c, args.seconds)
                others.append({**r, "workers": workers, "threads": threads})
        finally:
            stop_server(proc)
    peers = {
        "in_process": direct,
        "healthz": health,
        "queries": {"list": params},
        "worst": worst,
        "others": others,
    }
    text = report(args, info, host, levels, peers, os.getloadavg())
    if args.no_write:
        print(text)
    else:
        write_report(text)
        print(f"wrote {OUT}")


BEGIN, END = "<!-- bench_web.py: generated -->", "<!-- end generated -->"


def write_report(text: str) -> None:
    """Put the generated report into WEB.md between the markers, keeping the hand-written
    notes around them."""
    block = f"{BEGIN}\n{text.rstrip()}\n{END}"
    old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        new = block + "\n"
    OUT.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
