"""214 tasksup_terminate_shutdown: port of 214_tasksup_terminate_shutdown.exs (the rule is
stated there)."""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage, ExitMessage, Task
from tests.conformance.support.trace import Trace


async def stubborn(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, ("ev", "trapping"))
    await beampy.receive("never")


async def tidy(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, ("ev", "trapping"))
    await beampy.receive(ExitMessage(ANY, "shutdown"))
    raise beampy.Exit("cleaned_up")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, sup = await Task.Supervisor.start_link()
    _, a = await Task.Supervisor.start_child(sup, stubborn, me, shutdown=0.1)
    await T.ev()
    _, b = await Task.Supervisor.start_child(sup, stubborn, me, shutdown="brutal_kill")
    await T.ev()
    _, c = await Task.Supervisor.start_child(sup, tidy, me)
    await T.ev()
    T.name(a, "a")
    T.name(b, "b")
    T.name(c, "c")
    T.p("children", await Task.Supervisor.children(sup))
    for pid, label in [(a, "a"), (b, "b"), (c, "c")]:
        ref = beampy.monitor(pid)
        T.p("terminate_" + label, await Task.Supervisor.terminate_child(sup, pid))
        down = await beampy.receive(DownMessage(ref, ANY, ANY))
        T.p("down_" + label, down.reason)
    T.p("not_a_child", await Task.Supervisor.terminate_child(sup, me))
    T.p("children_after", await Task.Supervisor.children(sup))
    T.done()
