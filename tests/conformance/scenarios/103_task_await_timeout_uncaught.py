"""103 task_await_timeout_uncaught: port of 103_task_await_timeout_uncaught.exs (the rule is
stated there).

``Process.sleep(:infinity)`` is ``beampy.sleep(math.inf)``.
"""

from __future__ import annotations

import math

import beampy
from beampy import ANY, DownMessage, Task
from tests.conformance.support.trace import Trace


async def forever() -> None:
    await beampy.sleep(math.inf)


async def caller(main: beampy.Pid) -> None:
    task = Task.async_(forever)
    beampy.send(main, ("task_pid", task.pid))
    await beampy.receive("go")
    await Task.await_(task, 0.05)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    c = T.name(beampy.spawn(caller, beampy.self()), "caller")
    _, tpid = await beampy.receive(("task_pid", ANY))
    T.name(tpid, "t")
    cref = beampy.monitor(c)
    tref = beampy.monitor(tpid)
    beampy.send(c, "go")
    T.p("caller_down", (await beampy.receive(DownMessage(cref, ANY, ANY))).reason)
    T.p("task_down", (await beampy.receive(DownMessage(tref, ANY, ANY))).reason)
    T.done()
