"""218 tasksup_stop_with_tasks: port of 218_tasksup_stop_with_tasks.exs (the rule is stated
there)."""

from __future__ import annotations

import beampy
from beampy import ANY, ExitMessage, Supervisor, Task
from tests.conformance.support.trace import Trace


async def waiter() -> str:
    await beampy.receive("go")
    return "done"


async def stubborn(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, ("ev", "trapping"))
    await beampy.receive("never")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    beampy.flag("trap_exit", True)
    _, sup = await Task.Supervisor.start_link()
    T.name(sup, "sup")
    linked = await Task.Supervisor.async_(sup, waiter)
    nolink = await Task.Supervisor.async_nolink(sup, waiter)
    trapping = await Task.Supervisor.async_nolink(sup, stubborn, me, shutdown=0.1)
    await T.ev()
    assert linked.pid is not None
    assert nolink.pid is not None
    assert trapping.pid is not None
    T.name(linked.pid, "linked")
    T.name(nolink.pid, "nolink")
    T.name(trapping.pid, "stubborn")
    T.p("stop", await Supervisor.stop(sup))
    T.p("linked", await Task.yield_(linked, 0.0))
    T.p("nolink", await Task.yield_(nolink, 0.0))
    T.p("stubborn", await Task.yield_(trapping, 0.0))
    try:
        msg = await beampy.receive(ExitMessage(linked.pid, ANY), timeout=0.0)
        T.p("linked_exit", msg.reason)
    except beampy.ReceiveTimeout:
        T.say("no linked EXIT")
    try:
        msg = await beampy.receive(ExitMessage(sup, ANY), timeout=0.0)
        T.p("sup_exit", msg.reason)
    except beampy.ReceiveTimeout:
        T.say("no sup EXIT")
    T.flush()
    T.done()
