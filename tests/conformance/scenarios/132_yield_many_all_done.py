"""132 yield_many_all_done: port of 132_yield_many_all_done.exs (the rule is stated there).

``System.monotonic_time`` is trio's clock (``trio.current_time()``), which beampy's timers use.
"""

from __future__ import annotations

from typing import Any

import trio

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def after(ms: int, value: Any) -> Any:
    await beampy.sleep(ms / 1000)
    return value


async def boom_after(ms: int) -> None:
    await beampy.sleep(ms / 1000)
    raise beampy.Exit("boom")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.flag("trap_exit", True)
    tasks = [Task.async_(after, 100, "slow"), Task.async_(boom_after, 50)]
    tasks.append(Task.async_(lambda: "quick"))
    pids = [task.pid for task in tasks]
    for pid, label in zip(pids, ["t1", "t2", "t3"], strict=True):
        assert pid is not None
        T.name(pid, label)
    started = trio.current_time()
    T.p("results", await Task.yield_many(tasks, 5.0))
    T.p("before_timeout", trio.current_time() - started < 2.0)
    await beampy.sleep(0.02)
    exits = T.drain()
    T.p("exits", sorted(exits, key=lambda e: pids.index(e.pid)))
    T.done()
