"""411 gs_exit_from_non_parent: port of 411_gs_exit_from_non_parent.exs (rule stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy.gen_server import GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


async def worker() -> None:
    await beampy.receive("go")
    raise beampy.Exit("boom")


class Watcher(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        beampy.flag("trap_exit", True)
        return Ok(main)

    def handle_call(self, request: Any, from_: Any, main: beampy.Pid) -> Reply:
        return Reply(beampy.spawn_link(worker), main)

    def handle_info(self, msg: Any, main: beampy.Pid) -> NoReply:
        beampy.send(main, ("ev", ("info", msg)))
        return NoReply(main)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Watcher, beampy.self())
    T.name(pid, "server")
    w = T.name(await GenServer.call(pid, "spawn_worker"), "worker")
    beampy.send(w, "go")
    await T.ev()
    T.p("server_alive", beampy.is_alive(pid))
    T.done()
