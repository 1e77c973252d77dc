"""203 tasksup_async_linked_crash: port of 203_tasksup_async_linked_crash.exs (the rule is
stated there)."""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage, Task
from tests.conformance.support.trace import Trace


async def boom_on_go() -> None:
    await beampy.receive("go")
    raise beampy.Exit("boom")


async def caller(sup: beampy.Pid, main: beampy.Pid) -> None:
    task = await Task.Supervisor.async_(sup, boom_on_go)
    beampy.send(main, ("task_pid", task.pid))
    await Task.await_(task)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link()
    T.name(sup, "sup")
    c = T.name(beampy.spawn(caller, sup, beampy.self()), "caller")
    _, tpid = await beampy.receive(("task_pid", ANY))
    T.name(tpid, "t")
    cref = beampy.monitor(c)
    beampy.send(tpid, "go")
    down = await beampy.receive(DownMessage(cref, ANY, ANY))
    T.p("caller_down", down.reason)
    T.p("sup_alive", beampy.is_alive(sup))
    T.done()
