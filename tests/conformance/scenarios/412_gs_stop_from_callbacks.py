"""412 gs_stop_from_callbacks: port of 412_gs_stop_from_callbacks.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage
from beampy.gen_server import GenServer, Ok, Stop
from tests.conformance.support.trace import Trace


class Stopper(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        return Ok(main)

    def handle_call(self, request: Any, from_: Any, main: beampy.Pid) -> Stop:
        return Stop("normal", main, reply="bye")

    def handle_cast(self, request: Any, main: beampy.Pid) -> Stop:
        return Stop(("shutdown", "done"), main)

    def terminate(self, reason: Any, main: beampy.Pid) -> str:
        beampy.send(main, ("ev", ("terminate", reason)))
        return "ok"


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, s1 = await GenServer.start(Stopper, beampy.self())
    T.name(s1, "s1")
    ref1 = beampy.monitor(s1)
    T.p("call_reply", await GenServer.call(s1, "quit"))
    await T.ev()
    T.p("down", (await beampy.receive(DownMessage(ref1, ANY, ANY))).reason)

    _, s2 = await GenServer.start(Stopper, beampy.self())
    T.name(s2, "s2")
    ref2 = beampy.monitor(s2)
    GenServer.cast(s2, "quit")
    await T.ev()
    T.p("down2", (await beampy.receive(DownMessage(ref2, ANY, ANY))).reason)
    T.done()
