"""436 gs_timeouts: port of 436_gs_timeouts.exs (the rule is stated there).

Elixir's milliseconds are seconds here (30 -> 0.03); ``:infinity`` is ``math.inf``.
"""

from __future__ import annotations

import math
from typing import Any

import beampy
from beampy.gen_server import GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


class Timer(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        return Ok(main, 0.03)

    def handle_info(self, msg: Any, main: beampy.Pid) -> NoReply:
        beampy.send(main, ("ev", "timeout" if msg == "timeout" else ("info", msg)))
        return NoReply(main)

    def handle_call(self, request: Any, from_: Any, main: beampy.Pid) -> Reply:
        return Reply("armed", main, request[1])

    def handle_cast(self, request: Any, main: beampy.Pid) -> NoReply:
        return NoReply(main, request[1])


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Timer, beampy.self())
    T.name(pid, "server")
    await T.ev()
    T.p("arm", await GenServer.call(pid, ("arm", 0.1)))
    beampy.send(pid, "first")
    await T.ev()
    await T.ev(0.3)
    T.p("arm_infinity", await GenServer.call(pid, ("arm", math.inf)))
    await T.ev(0.2)
    GenServer.cast(pid, ("arm_after", 0))
    beampy.send(pid, "queued")
    await T.ev()
    await T.ev()
    T.done()
