"""140 task_await_many_trapping: port of 140_task_await_many_trapping.exs (the rule is stated
there)."""

from __future__ import annotations

import math

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def forever() -> None:
    await beampy.sleep(math.inf)


async def boom_later() -> None:
    await beampy.sleep(0.03)
    raise beampy.Exit("boom")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.flag("trap_exit", True)
    t1, t2 = Task.async_(forever), Task.async_(boom_later)
    assert t1.pid is not None
    assert t2.pid is not None
    T.name(t1.pid, "t1")
    T.name(t2.pid, "t2")
    try:
        await Task.await_many([t1, t2])
    except beampy.Exit as e:
        T.p("await_many_exit", e.reason)
    T.p("shutdown_t1", await Task.shutdown(t1))
    await beampy.sleep(0.02)
    T.flush()
    T.done()
