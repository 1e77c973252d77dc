"""112 task_ignore: port of 112_task_ignore.exs (the rule is stated there)."""

from __future__ import annotations

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def boom() -> None:
    await beampy.receive("go")
    raise beampy.Exit("boom")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    task = Task.async_(boom)
    assert task.pid is not None
    T.name(task.pid, "t1")
    T.p("ignore_running", Task.ignore(task))
    beampy.send(task.pid, "go")
    T.p("task_down", await T.wait_down(task.pid))
    await beampy.sleep(0.02)
    T.p("caller_alive", beampy.is_alive(beampy.self()))
    T.flush()

    t2 = Task.async_(lambda: "v")
    assert t2.pid is not None
    T.name(t2.pid, "t2")
    await T.wait_down(t2.pid)
    await beampy.sleep(0.02)
    T.p("ignore_done", Task.ignore(t2))
    T.flush()
    T.done()
