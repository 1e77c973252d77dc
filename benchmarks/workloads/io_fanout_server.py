"""The io_fanout workload's HTTP/1.1 server, run in its own OS process by every io_fanout client.

``python -m benchmarks.workloads.io_fanout_server`` listens on an ephemeral port of 127.0.0.1,
prints ``PORT <n>`` on stdout, and answers ``GET /item/<i>`` with ``200`` and the body
``item <i>`` 10 ms after the request has arrived (a timer per request, nothing blocks). It keeps
a connection open unless the request says ``Connection: close`` (the raw clients do; the pooled
ones, aiohttp and httpx, reuse their connections). Any other path gets a 404. It exits when its
stdin closes (the client hangs up on it, or dies). On uvloop when it is installed, else on
asyncio: a server costs the same to every client.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from typing import Any

DELAY = 0.010


class Http(asyncio.Protocol):
    __slots__ = ("buf", "loop", "transport")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.buf = b""
        self.transport: Any = None  # uvloop's transports are not asyncio.Transport subclasses

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, _, self.buf = self.buf.partition(b"\r\n\r\n")
            path = head.split(b" ", 2)[1]
            close = b"connection: close" in head.lower()
            self.loop.call_later(DELAY, self.answer, path, close)

    def answer(self, path: bytes, close: bool) -> None:
        t = self.transport
        if t is None or t.is_closing():
            return
        if path.startswith(b"/item/"):
            status, body = b"200 OK", b"item " + path[6:]
        else:
            status, body = b"404 Not Found", b"not found"
        conn = b"Connection: close\r\n" if close else b""
        t.write(b"HTTP/1.1 %s\r\nContent-Length: %d\r\n%s\r\n%s" % (status, len(body), conn, body))
        if close:
            t.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


async def main() -> None:
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = await loop.create_server(lambda: Http(loop), sock=sock, backlog=4096)
    sys.stdout.write(f"PORT {sock.getsockname()[1]}\n")
    sys.stdout.flush()
    eof = loop.create_future()

    def on_stdin() -> None:
        if not os.read(0, 4096) and not eof.done():
            eof.set_result(None)

    loop.add_reader(0, on_stdin)
    await eof
    server.close()


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.run(main())
    except ImportError:
        asyncio.run(main())
