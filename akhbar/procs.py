"""Worker processes forked by akhbar (the ingest's analysis pool, the index sync's span pool).

A pool worker calls :func:`exit_with_parent` once (it returns at once; a daemon thread
watches):

>>> import multiprocessing
>>> child = multiprocessing.get_context("fork").Process(target=exit_with_parent)
>>> child.start(); child.join(); child.exitcode
0
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["exit_with_parent"]


def exit_with_parent(every: float = 1.0) -> None:
    """End this worker when the process that forked it is gone (killed with SIGKILL, OOM): its
    siblings hold the task pipe open, so without this they would wait on it forever.  Run it in
    a pool's initializer."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="akhbar-parent-watch", daemon=True).start()
