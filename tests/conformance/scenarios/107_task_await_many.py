"""107 task_await_many: port of 107_task_await_many.exs (the rule is stated there)."""

from __future__ import annotations

import math
from typing import Any

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def after(ms: int, value: Any) -> Any:
    await beampy.sleep(ms / 1000)
    return value


async def forever() -> None:
    await beampy.sleep(math.inf)


async def quit_normally() -> None:
    raise beampy.Exit("normal")


def named(T: Trace, task: Task, label: str) -> Task:  # noqa: N803
    assert task.pid is not None
    T.name(task.pid, label)
    return task


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    t1 = named(T, Task.async_(after, 120, "first"), "t1")
    t2 = named(T, Task.async_(after, 60, "second"), "t2")
    t3 = named(T, Task.async_(lambda: "third"), "t3")
    T.p("results", await Task.await_many([t1, t2, t3]))

    t4 = named(T, Task.async_(lambda: "quick"), "t4")
    t5 = named(T, Task.async_(forever), "t5")
    try:
        await Task.await_many([t4, t5], 0.05)
    except beampy.Exit as e:
        T.p("timeout_exit", e.reason)
    await Task.shutdown(t5, "brutal_kill")

    t6 = named(T, Task.async_(forever), "t6")
    t7 = named(T, Task.async_(quit_normally), "t7")
    try:
        await Task.await_many([t6, t7])
    except beampy.Exit as e:
        T.p("normal_exit", e.reason)
    await Task.shutdown(t6, "brutal_kill")
    T.done()
