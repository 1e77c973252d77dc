"""402 gs_init_ignore: port of 402_gs_init_ignore.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY
from beampy.gen_server import GenServer, Ignore
from tests.conformance.support.trace import Trace


class Ign(GenServer):
    def init(self, arg: tuple[beampy.Pid, str]) -> Ignore:
        main, label = arg
        beampy.send(main, ("init_pid", label, beampy.self()))
        return Ignore()


async def named_init(T: Trace) -> Any:  # noqa: N803
    _, label, pid = await beampy.receive(("init_pid", ANY, ANY))
    return T.name(pid, label)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    T.p("start", await GenServer.start(Ign, (me, "ignored1")))
    pid1 = await named_init(T)
    await T.wait_down(pid1)
    T.p("alive", beampy.is_alive(pid1))

    beampy.flag("trap_exit", True)
    T.p("start_link", await GenServer.start_link(Ign, (me, "ignored2")))
    pid2 = await named_init(T)
    await T.wait_down(pid2)
    await beampy.sleep(0.02)
    T.flush()
    T.done()
