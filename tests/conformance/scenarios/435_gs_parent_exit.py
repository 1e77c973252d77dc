"""435 gs_parent_exit: port of 435_gs_parent_exit.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage
from beampy.gen_server import GenServer, Ok
from tests.conformance.support.trace import Trace


class Child(GenServer):
    def init(self, arg: tuple[beampy.Pid, bool]) -> Ok:
        main, trap = arg
        beampy.flag("trap_exit", trap)
        return Ok(main)

    def terminate(self, reason: Any, main: beampy.Pid) -> None:
        beampy.send(main, ("ev", ("terminate", reason)))


async def parent(main: beampy.Pid, trap: bool, reason: Any) -> None:
    _, pid = await GenServer.start_link(Child, (main, trap))
    beampy.send(main, ("child", pid))
    await beampy.receive("go")
    raise beampy.Exit(reason)


async def case(T: Trace, label: str, trap: bool, reason: Any) -> None:  # noqa: N803
    p = beampy.spawn(parent, beampy.self(), trap, reason)
    _, pid = await beampy.receive(("child", ANY))
    T.name(pid, "child")
    ref = beampy.monitor(pid)
    beampy.send(p, "go")
    T.p(label, (await beampy.receive(DownMessage(ref, ANY, ANY))).reason)
    await beampy.sleep(0.02)
    T.flush()


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await case(T, "trapping_bye", True, "bye")
    await case(T, "not_trapping_bye", False, "bye")
    await case(T, "trapping_normal", True, "normal")
    await case(T, "trapping_shutdown", True, ("shutdown", "parent_done"))
    T.done()
