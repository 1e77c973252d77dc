"""427 sys_terminate: port of 427_sys_terminate.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage, ExitMessage, sys
from beampy.gen_server import GenServer, Ok
from tests.conformance.support.trace import Trace


class Ending(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        return Ok(main)

    def terminate(self, reason: Any, main: beampy.Pid) -> None:
        beampy.send(main, ("ev", ("terminate", reason)))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, pid = await GenServer.start(Ending, me)
    T.name(pid, "first")
    ref = beampy.monitor(pid)
    T.p("terminate", await sys.terminate(pid, "bye"))
    await T.ev()
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("down", down.reason)

    beampy.flag("trap_exit", True)
    _, pid2 = await GenServer.start_link(Ending, me)
    T.name(pid2, "second")
    assert await sys.suspend(pid2, 1.0) == "ok"
    T.p("suspended_terminate", await sys.terminate(pid2, "normal", 1.0))
    await T.ev()
    T.p("exit", await beampy.receive(ExitMessage(pid2, ANY)))
    T.done()
