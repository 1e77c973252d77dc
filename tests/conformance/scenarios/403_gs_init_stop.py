"""403 gs_init_stop: port of 403_gs_init_stop.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY
from beampy.gen_server import GenServer, Stop
from tests.conformance.support.trace import Trace


class Stopper(GenServer):
    def init(self, arg: tuple[beampy.Pid, str, str]) -> Stop:
        main, label, how = arg
        beampy.send(main, ("init_pid", label, beampy.self()))
        if how == "stop":
            return Stop("bad_config")
        raise RuntimeError("init failed")


async def named_init(T: Trace) -> Any:  # noqa: N803
    _, label, pid = await beampy.receive(("init_pid", ANY, ANY))
    return T.name(pid, label)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    T.p("start", await GenServer.start(Stopper, (me, "stopper1", "stop")))
    await named_init(T)

    beampy.flag("trap_exit", True)
    T.p("start_link", await GenServer.start_link(Stopper, (me, "stopper2", "stop")))
    pid2 = await named_init(T)
    await T.wait_down(pid2)
    await beampy.sleep(0.02)
    T.flush()

    beampy.flag("trap_exit", False)
    T.p("start_raise", await GenServer.start(Stopper, (me, "stopper3", "raise")))
    await named_init(T)
    T.done()
