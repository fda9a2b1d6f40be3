"""Running uvicorn with several worker processes that share the load evenly.

uvicorn's own ``--workers`` hands one listening socket to every worker, and each worker's event
loop accepts every pending connection it can when it wakes: a client that opens its keep-alive
connections at once (a browser, a load balancer, ``wrk``) often lands them all on one worker,
which then does all the work on one core while the other workers idle.  Here each worker opens
its own socket on the same address with ``SO_REUSEPORT`` and the kernel spreads new connections
over the sockets by a hash of their addresses.  (Only processes of the same user can join such a
group of sockets.)

:func:`run_workers` starts the workers (``spawn``: each one imports the app afresh), restarts
one that dies, and stops them all on SIGINT or SIGTERM.

>>> reuse_port_supported()
True
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import time
from types import FrameType
from typing import Any

__all__ = ["bind_reuse_port", "bind_socket", "reuse_port_supported", "run_workers"]

#: Pending connections each worker's socket queues (uvicorn's default).
BACKLOG = 2048
#: Seconds a stopping worker gets to finish its requests before it is killed.
STOP_GRACE = 10.0


def reuse_port_supported() -> bool:
    """Whether this system lets several sockets listen on one port (Linux, the BSDs, macOS)."""
    return hasattr(socket, "SO_REUSEPORT")


def bind_socket(host: str, port: int, *, reuse_port: bool = False) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` as uvicorn binds one (``SO_REUSEADDR``; with
    ``reuse_port``, ``SO_REUSEPORT`` too), not listening yet; OSError if the address cannot
    be had.

    >>> sock = bind_socket("127.0.0.1", 0)
    >>> sock.getsockname()[0]
    '127.0.0.1'
    >>> sock.close()
    """
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def bind_reuse_port(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` that other ``SO_REUSEPORT`` sockets of this
    user may share.

    >>> a = bind_reuse_port("127.0.0.1", 0)
    >>> b = bind_reuse_port("127.0.0.1", a.getsockname()[1])
    >>> a.getsockname() == b.getsockname()
    True
    >>> a.close(); b.close()
    """
    sock = bind_socket(host, port, reuse_port=True)
    try:
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def _worker(app: str, host: str, port: int, options: dict[str, Any]) -> None:
    """One worker process: its own socket, one uvicorn server on it."""
    import uvicorn

    sock = bind_reuse_port(host, port)
    config = uvicorn.Config(app, host=host, port=port, **options)
    uvicorn.Server(config).run(sockets=[sock])


def run_workers(app: str, *, host: str, port: int, workers: int, options: dict[str, Any]) -> None:
    """Serve ``app`` (an import string for ``uvicorn.Config``) from ``workers`` processes, each
    with its own ``SO_REUSEPORT`` socket on ``host``:``port``, until SIGINT or SIGTERM.

    ``options`` are the other ``uvicorn.Config`` arguments.  A worker that exits while the
    server runs is started again (at most once a second).  Raises ``OSError`` when the address
    cannot be bound (checked here first, so the error is one clear message).
    """
    bind_reuse_port(host, port).close()  # the address is free and ours to share, or OSError
    ctx = multiprocessing.get_context("spawn")
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}

    def start() -> multiprocessing.process.BaseProcess:
        proc = ctx.Process(target=_worker, args=(app, host, port, options), name="akhbar-web")
        proc.start()
        return proc

    procs = [start() for _ in range(workers)]
    last_restart = 0.0
    try:
        while not stopping:
            time.sleep(0.2)
            for i, proc in enumerate(procs):
                if not proc.is_alive() and not stopping and time.monotonic() - last_restart > 1:
                    last_restart = time.monotonic()
                    procs[i] = start()
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()  # SIGTERM: uvicorn finishes the requests in flight
        deadline = time.monotonic() + STOP_GRACE
        for proc in procs:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join()
        for s, handler in previous.items():
            signal.signal(s, handler)
