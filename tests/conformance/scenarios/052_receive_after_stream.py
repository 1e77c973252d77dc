"""052 receive_after_stream: port of 052_receive_after_stream.exs (the rule is stated there).

``receive do {:n, i} -> ... after t -> ... end`` is ``receive(("n", ANY), timeout=t)`` with
``ReceiveTimeout`` as the ``after`` branch; the Elixir recursion is a loop.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace

N = 2000
LIMIT = 10_000


async def sends_stream(to: beampy.Pid) -> None:
    for i in range(1, N + 1):
        beampy.send(to, ("n", i))


async def sends_stream_pausing(to: beampy.Pid) -> None:
    for i in range(1, N + 1):
        beampy.send(to, ("n", i))
        if i % 100 == 0:
            await beampy.sleep(0.002)


async def take() -> list[Any]:
    """Blocking waits with a timeout that does not fire while the stream lasts."""
    got: list[Any] = []
    while True:
        try:
            _, i = await beampy.receive(("n", ANY), timeout=1.0)
        except beampy.ReceiveTimeout:
            return [*got, "timeout"]
        got.append(i)
        if i == N:
            return got


async def take_polling() -> list[Any]:
    """An ``after 0`` poll first; when it finds nothing, a blocking wait."""
    got: list[Any] = []
    while True:
        try:
            _, i = await beampy.receive(("n", ANY), timeout=0)
        except beampy.ReceiveTimeout:
            try:
                _, i = await beampy.receive(("n", ANY), timeout=1.0)
            except beampy.ReceiveTimeout:
                return [*got, "timeout"]
        got.append(i)
        if i == N:
            return got


async def take_retrying() -> list[Any]:
    """A short timeout that fires during the sender's pauses; the loop just goes on."""
    got: list[Any] = []
    timeouts = 0
    while True:
        try:
            _, i = await beampy.receive(("n", ANY), timeout=0.001)
        except beampy.ReceiveTimeout:
            if timeouts >= LIMIT:
                return [*got, "gave_up"]
            timeouts += 1
            continue
        got.append(i)
        if i == N:
            return got


def report(T: Trace, got: list[Any]) -> None:  # noqa: N803 - T as in Elixir
    T.p("count", len(got))
    T.p("sum", sum(i for i in got if isinstance(i, int)))
    T.p("first", got[0] if got else None)
    T.p("last", got[-1] if got else None)
    T.p("in_order", got == list(range(1, N + 1)))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.spawn(sends_stream, beampy.self())
    report(T, await take())
    beampy.spawn(sends_stream, beampy.self())
    report(T, await take_polling())
    beampy.spawn(sends_stream_pausing, beampy.self())
    report(T, await take_retrying())
    await beampy.sleep(0.05)
    T.flush()
    T.done()
