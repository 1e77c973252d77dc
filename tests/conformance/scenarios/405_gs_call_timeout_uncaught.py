"""405 gs_call_timeout_uncaught: port of 405_gs_call_timeout_uncaught.exs (rule stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy.gen_server import GenServer, NoReply, Ok
from tests.conformance.support.trace import Trace


class Slow(GenServer):
    def init(self, state: Any) -> Ok:
        return Ok(state)

    def handle_call(self, request: Any, from_: Any, state: Any) -> NoReply:
        return NoReply(state)


async def caller(pid: beampy.Pid) -> None:
    await GenServer.call(pid, "hang", 0.05)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start(Slow, None)
    T.name(pid, "server")
    c = T.name(beampy.spawn(caller, pid), "caller")
    T.p("caller_down", await T.wait_down(c))
    T.p("server_alive", beampy.is_alive(pid))
    T.done()
