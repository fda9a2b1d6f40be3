"""HTTP/1.1 for ``akhbar serve``: uvicorn's httptools protocol with a bound on a request's head.

uvicorn's httptools protocol (the fast one, chosen by default when httptools is installed) sets
no limit on a request line and its headers: httptools gathers a header of any length (by
repeated ``bytes +=``), uvicorn keeps every header in a list, so one client can make a worker
hold a 100 MB header or a million tiny ones until the connection ends.  (The h11 protocol has
``h11_max_incomplete_event_size``, 16 KiB by default, but parses in pure Python.)
:class:`BoundedHttpToolsProtocol` keeps the parser and counts: the bytes received while a
request's head is incomplete (at most :data:`MAX_HEAD_BYTES`) and its header fields (at most
:data:`MAX_HEADERS`).  Beyond either the request gets ``431 Request Header Fields Too Large``
(``414 URI Too Long`` when the request line alone is over) and the connection is closed; the
application never sees it.  The count is checked after each read, so a worker holds at most one
read (256 KiB, asyncio's) beyond the bound.

>>> MAX_HEAD_BYTES, MAX_HEADERS
(65536, 100)
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

__all__ = ["MAX_HEADERS", "MAX_HEAD_BYTES", "BoundedHttpToolsProtocol"]

#: Bytes a request line and its headers may take.  The app accepts a 2,048-character path and
#: an 8 KiB query string (``akhbar.web.app``), about 20 KB percent-encoded; browsers send a few
#: KB of headers, more with many cookies (nginx allows 32 KiB, Node 16 KiB, h11 16 KiB).
MAX_HEAD_BYTES = 64 * 1024
#: Header fields a request may carry (Apache's ``LimitRequestFields``; browsers send ~20).
MAX_HEADERS = 100


class _Refused(Exception):
    """Raised from a parser callback to stop parsing a request that is over a bound."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's :class:`HttpToolsProtocol` that refuses a request head over the bounds above."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True  # reading a request line and headers (or waiting for a request)
        self._head_bytes = 0  # bytes received since the current head began
        self._refusal: int | None = None  # the status a refused request gets

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._in_head and self._refusal is None and not self.transport.is_closing():
            # Counted after parsing: a read may end one request's body and begin the next head
            # (counted whole: a pipelining client may be refused a little early), but it never
            # counts a body that arrived in the same read as its head.
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES or len(self.headers or ()) > MAX_HEADERS:
                self._refuse(414 if not self.headers else 431)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True

    def on_headers_complete(self) -> None:
        # (Fields are counted here and after each read, not per field: no cost per header.)
        if len(self.headers) > MAX_HEADERS:
            self._refusal = 431
            raise _Refused  # httptools stops and raises; uvicorn then calls send_400_response
        self._in_head = False
        self._head_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_head = True
        super().on_message_complete()

    def send_400_response(self, msg: str) -> None:
        if self._refusal is None:
            super().send_400_response(msg)
        else:
            self._refuse(self._refusal)

    def _refuse(self, status: int) -> None:
        """Answer ``status`` and close (just close while an earlier response is being sent)."""
        self._refusal = status
        if self.cycle is None or self.cycle.response_complete:
            what = "request line" if status == 414 else "request headers"
            msg = (
                f"The {what} are over the bound ({MAX_HEAD_BYTES} bytes, {MAX_HEADERS} fields)."
                if status == 431
                else f"The {what} is over the bound ({MAX_HEAD_BYTES} bytes)."
            ).encode("ascii")
            self.transport.write(
                b"".join(
                    [
                        STATUS_LINE[status],
                        *(n + b": " + v + b"\r\n" for n, v in self.server_state.default_headers),
                        b"content-type: text/plain; charset=utf-8\r\n",
                        b"content-length: " + str(len(msg)).encode("ascii") + b"\r\n",
                        b"connection: close\r\n\r\n",
                        msg,
                    ]
                )
            )
        self.transport.close()
