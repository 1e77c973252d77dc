"""109 task_yield_many: port of 109_task_yield_many.exs (the rule is stated there)."""

from __future__ import annotations

import math

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def forever() -> None:
    await beampy.sleep(math.inf)


async def quit_normally() -> None:
    raise beampy.Exit("normal")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    tasks = [Task.async_(lambda: 1), Task.async_(forever), Task.async_(quit_normally)]
    for task, label in zip(tasks, ["t1", "t2", "t3"], strict=True):
        assert task.pid is not None
        T.name(task.pid, label)
    T.p("yield_many", await Task.yield_many(tasks, 0.1))
    T.p("shutdown_t2", await Task.shutdown(tasks[1], "brutal_kill"))
    T.done()
