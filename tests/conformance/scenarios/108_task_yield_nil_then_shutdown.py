"""108 task_yield_nil_then_shutdown: port of 108_task_yield_nil_then_shutdown.exs (the rule is
stated there)."""

from __future__ import annotations

import math

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def forever() -> None:
    await beampy.sleep(math.inf)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    task = Task.async_(forever)
    assert task.pid is not None
    T.name(task.pid, "t")
    T.p("yield", await Task.yield_(task, 0.05))
    T.p("alive_after_yield", beampy.is_alive(task.pid))
    T.p("shutdown", await Task.shutdown(task))
    T.p("task_alive", beampy.is_alive(task.pid))
    await beampy.sleep(0.02)
    T.flush()
    T.done()
