"""051 poll_after_zero: port of 051_poll_after_zero.exs (the rule is stated there).

``receive do {:reply, x} -> x after 0 -> loop end`` is ``receive(("reply", ANY), timeout=0)``
in a loop that catches ``ReceiveTimeout``; it gives up after ``LIMIT`` polls, as the Elixir
code does, so that a runtime that starves the replier fails the trace instead of hanging.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace

LIMIT = 100_000


async def poll() -> Any:
    for _ in range(LIMIT):
        try:
            _, x = await beampy.receive(("reply", ANY), timeout=0)
        except beampy.ReceiveTimeout:
            continue
        return x
    return "gave_up"


async def reply_once() -> None:
    _, sender, i = await beampy.receive(("req", ANY, ANY))
    beampy.send(sender, ("reply", ("pong", i)))


async def forward(r: beampy.Pid, main: beampy.Pid) -> None:
    beampy.send(r, ("req", main, 2))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    # the replier may not have run yet when the loop starts
    beampy.send(beampy.spawn(reply_once), ("req", me, 1))
    T.p("reply", await poll())

    # a reply that comes through a second process
    r = beampy.spawn(reply_once)
    beampy.spawn(forward, r, me)
    T.p("reply", await poll())

    T.flush()
    T.done()
