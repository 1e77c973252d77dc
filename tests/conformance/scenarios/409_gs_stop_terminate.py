"""409 gs_stop_terminate: port of 409_gs_stop_terminate.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage
from beampy.gen_server import GenServer, Ok
from tests.conformance.support.trace import Trace


class Term(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        return Ok(main)

    def terminate(self, reason: Any, main: beampy.Pid) -> str:
        beampy.send(main, ("ev", ("terminate", reason)))
        return "ok"


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, s1 = await GenServer.start(Term, beampy.self())
    T.name(s1, "s1")
    T.p("stop", await GenServer.stop(s1))
    await T.ev()
    T.p("alive", beampy.is_alive(s1))

    _, s2 = await GenServer.start(Term, beampy.self())
    T.name(s2, "s2")
    ref = beampy.monitor(s2)
    T.p("stop_custom", await GenServer.stop(s2, "custom"))
    await T.ev()
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("down", down.reason)
    T.done()
