"""A tiny HTTP/1.1 server and client on trio sockets, for the examples of docs/seeds.md.

The seed texts fan out to OSINT services over HTTP; the examples do the same
against a server they start themselves on 127.0.0.1, so that their timeouts,
kills and errors are real ones. Nothing here needs more than trio.

The server is plain trio code next to the beampy runtime: :func:`run` starts
both, and passes the server's port (an ephemeral one) to the first process.
Each connection is answered in a trio task of its own. The paths it knows:

=======================  ===========================================================
``/fast/<name>``         200 at once, body ``<name>: ok``
``/slow/<name>``         200 after 30 s: past every timeout the examples use. A client
                         that hangs up before is counted (see ``/hangups``)
``/delay/<ms>/<name>``   200 after ``<ms>`` milliseconds
``/fail/<name>``         500 at once
``/reset/<name>``        reads the request, then resets the connection (no answer)
``/flaky/<key>/<n>``     500 for the first ``<n>`` requests with this key, then 200
``/notify/<event>``      records the event, 204
``/events``              the events recorded so far, one a line, in arrival order
``/stats``               ``served <n> peak <m>``: requests answered, most at once
``/hangups/<n>``         waits (5 s at most) until ``<n>`` clients have hung up on
                         ``/slow``, then answers ``hung up: <count>``
=======================  ===========================================================

The client is :func:`get`: one connection per request (``Connection: close``),
no pool, no redirects, no TLS. A 500 is an answer like any other
(``Response(500, ...)``); a reset or a connection closed without an answer
raises :class:`ConnectionError`.
"""

from __future__ import annotations

import contextlib
import socket
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

import trio

import beampy

T = TypeVar("T")

SLOW_SECONDS = 30.0
_REASONS = {200: "OK", 204: "No Content", 404: "Not Found", 500: "Internal Server Error"}


class Response(NamedTuple):
    """An HTTP answer: its status code and its body, decoded as UTF-8."""

    status: int
    body: str


# -- the server -----------------------------------------------------------------------


@dataclass
class _State:
    flaky: dict[str, int] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)
    hangups: int = 0
    in_flight: int = 0
    peak: int = 0
    served: int = 0


def run(main: Callable[..., Awaitable[T]], *args: Any) -> T:
    """Like ``beampy.run(main, port, *args)``, with the server running alongside.

    The server is plain trio, outside the runtime (it stands for the rest of
    the internet): ``main`` gets its port as its first argument. When ``main``
    ends, every process is stopped, then the server. Returns what ``main``
    returned; raises what it raised (``beampy.Exit`` for an abnormal exit).
    """
    results: list[T] = []

    async def first(port: int) -> None:
        results.append(await main(port, *args))

    async def host() -> Any:
        async with trio.open_nursery() as nursery:
            port = await nursery.start(serve)
            async with beampy.open_runtime() as rt:
                reason = await rt.wait_exit(rt.spawn(first, port))
            nursery.cancel_scope.cancel()
        return reason

    reason = trio.run(host)
    if results:
        return results[0]
    if isinstance(reason, BaseException) and not isinstance(reason, beampy.Exit):
        raise reason
    raise beampy.Exit(reason)


async def serve(*, task_status: trio.TaskStatus[int] = trio.TASK_STATUS_IGNORED) -> None:
    """Serves on 127.0.0.1 (an ephemeral port) until cancelled: ``await nursery.start(serve)``."""
    listeners = await trio.open_tcp_listeners(0, host="127.0.0.1")
    state = _State()

    async def handler(stream: trio.SocketStream) -> None:
        await _answer(stream, state)

    task_status.started(listeners[0].socket.getsockname()[1])
    await trio.serve_listeners(handler, listeners)


async def _answer(stream: trio.SocketStream, state: _State) -> None:
    async with stream:
        request = b""
        while b"\r\n\r\n" not in request:
            try:
                chunk = await stream.receive_some(4096)
            except trio.BrokenResourceError:
                return
            if not chunk:
                return
            request += chunk
        _method, path, _version = request.split(b"\r\n", 1)[0].decode().split(" ")
        state.in_flight += 1
        state.peak = max(state.peak, state.in_flight)
        try:
            answer = await _route(path, state, stream)
        finally:
            state.in_flight -= 1
        if answer is None:  # /reset: an RST instead of an answer (or nobody left to answer)
            linger = struct.pack("ii", 1, 0)
            stream.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            return
        status, body = answer
        state.served += 1
        payload = body.encode()
        head = (
            f"HTTP/1.1 {status} {_REASONS[status]}\r\n"
            f"Content-Length: {len(payload)}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Connection: close\r\n\r\n"
        )
        with contextlib.suppress(trio.BrokenResourceError):  # the client went away
            await stream.send_all(head.encode() + payload)


async def _route(path: str, state: _State, stream: trio.SocketStream) -> tuple[int, str] | None:
    match path.strip("/").split("/"):
        case ["fast", name]:
            return 200, f"{name}: ok"
        case ["slow", name]:
            with trio.move_on_after(SLOW_SECONDS):
                # a client sends nothing after its request: b"" (or a reset) is its hang-up
                with contextlib.suppress(trio.BrokenResourceError):
                    await stream.receive_some(1)
                state.hangups += 1
                return None
            return 200, f"{name}: ok, at last"
        case ["hangups", n]:
            with trio.move_on_after(5.0):
                while state.hangups < int(n):
                    await trio.sleep(0.01)
            return 200, f"hung up: {state.hangups}"
        case ["delay", ms, name]:
            await trio.sleep(int(ms) / 1000)
            return 200, f"{name}: ok"
        case ["fail", name]:
            return 500, f"{name}: internal error"
        case ["reset", _name]:
            return None
        case ["flaky", key, n]:
            seen = state.flaky[key] = state.flaky.get(key, 0) + 1
            if seen <= int(n):
                return 500, f"{key}: failure {seen} of {n}"
            return 200, f"{key}: ok after {seen - 1} failures"
        case ["notify", event]:
            state.events.append(event)
            return 204, ""
        case ["events"]:
            return 200, "".join(f"{event}\n" for event in state.events)
        case ["stats"]:
            return 200, f"served {state.served} peak {state.peak}"
    return 404, f"no such path: {path}"


# -- the client -----------------------------------------------------------------------


async def get(port: int, path: str) -> Response:
    """``GET path`` from the local server on ``port``; returns its :class:`Response`.

    Raises:
        ConnectionError: the connection was reset, or closed with no answer.
    """
    try:
        stream = await trio.open_tcp_stream("127.0.0.1", port)
        async with stream:
            request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            await stream.send_all(request.encode())
            raw = b""
            while chunk := await stream.receive_some(65536):
                raw += chunk
    except (trio.BrokenResourceError, OSError) as e:
        raise ConnectionError(f"GET {path}: connection reset") from e
    if not raw:
        raise ConnectionError(f"GET {path}: connection closed without an answer")
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return Response(status, body.decode())
