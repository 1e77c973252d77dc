"""104 task_crash_kills_caller: port of 104_task_crash_kills_caller.exs (the rule is stated
there)."""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage, Task
from tests.conformance.support.trace import Trace


async def boom() -> None:
    await beampy.receive("go")
    raise beampy.Exit("boom")


async def caller(main: beampy.Pid) -> None:
    task = Task.async_(boom)
    beampy.send(main, ("task_pid", task.pid))
    await Task.await_(task)
    beampy.send(main, "await_returned")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    c = T.name(beampy.spawn(caller, beampy.self()), "caller")
    _, tpid = await beampy.receive(("task_pid", ANY))
    T.name(tpid, "t")
    cref = beampy.monitor(c)
    tref = beampy.monitor(tpid)
    beampy.send(tpid, "go")
    T.p("task_down", (await beampy.receive(DownMessage(tref, ANY, ANY))).reason)
    T.p("caller_down", (await beampy.receive(DownMessage(cref, ANY, ANY))).reason)
    T.flush()
    T.done()
