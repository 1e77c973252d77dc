"""450 gs_timeout_survives_sys: port of 450_gs_timeout_survives_sys.exs (the rule is stated there).

Elixir's milliseconds are seconds here (300 -> 0.3).
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import sys
from beampy.gen_server import GenServer, NoReply, Ok
from tests.conformance.support.trace import Trace


class Conf450(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        return Ok(main, 0.3)

    def handle_info(self, msg: Any, main: beampy.Pid) -> NoReply:
        if msg == "timeout":
            beampy.send(main, ("ev", "timeout"))
        return NoReply(main)

    def handle_cast(self, request: Any, main: beampy.Pid) -> NoReply:
        return NoReply(main, 0.3)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Conf450, beampy.self())
    T.name(pid, "server")
    await beampy.sleep(0.1)
    T.p("state", await sys.get_state(pid))
    await T.ev(0.15)
    await T.ev()
    GenServer.cast(pid, "arm")
    T.p("suspend", await sys.suspend(pid))
    await T.ev(0.5)
    T.p("resume", await sys.resume(pid))
    await T.ev()
    T.done()
