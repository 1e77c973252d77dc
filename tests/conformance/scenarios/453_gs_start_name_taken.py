"""453 gs_start_name_taken: port of 453_gs_start_name_taken.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import Agent, DynamicSupervisor, Supervisor
from beampy.gen_server import GenServer, Ok
from tests.conformance.support.trace import Trace


class Holder(GenServer):
    def init(self, arg: Any) -> Ok:
        return Ok(arg)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.flag("trap_exit", True)
    _, holder = await GenServer.start(Holder, "first", name="taken")
    T.name(holder, "holder")
    before = len(beampy.list())
    T.p("genserver", await GenServer.start_link(Holder, "second", name="taken"))
    T.p("genserver_nolink", await GenServer.start(Holder, "second", name="taken"))
    T.p("agent", await Agent.start_link(lambda: "state", name="taken"))
    T.p("supervisor", await Supervisor.start_link([], strategy="one_for_one", name="taken"))
    T.p("dynamic_supervisor", await DynamicSupervisor.start_link(name="taken"))
    T.p("same_count", len(beampy.list()) == before)
    await beampy.sleep(0.05)
    T.flush()
    await GenServer.stop(holder)
    _, again = await GenServer.start_link(Holder, "third", name="taken")
    T.name(again, "again")
    T.p("after_stop", beampy.whereis("taken"))
    T.done()
