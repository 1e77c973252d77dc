"""406 gs_cast_and_info: port of 406_gs_cast_and_info.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy.gen_server import GenServer, NoReply, Ok
from tests.conformance.support.trace import Trace


class Srv(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        return Ok(main)

    def handle_cast(self, request: Any, main: beampy.Pid) -> NoReply:
        beampy.send(main, ("ev", ("cast", request)))
        return NoReply(main)

    def handle_info(self, msg: Any, main: beampy.Pid) -> NoReply:
        beampy.send(main, ("ev", ("info", msg)))
        return NoReply(main)


async def quick() -> None:
    pass


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Srv, beampy.self())
    T.name(pid, "server")
    GenServer.cast(pid, "one")
    beampy.send(pid, "two")
    GenServer.cast(pid, "three")
    await T.ev()
    await T.ev()
    await T.ev()
    T.p("cast_unregistered", GenServer.cast("nobody_registered", "hello"))
    dead = beampy.spawn(quick)
    await T.wait_down(dead)
    T.p("cast_dead", GenServer.cast(dead, "hello"))
    T.done()
