"""102 task_await_timeout_caught: port of 102_task_await_timeout_caught.exs (the rule is stated
there).

Elixir's 50 ms is 0.05 s; the trace shows the timeout back in milliseconds.
"""

from __future__ import annotations

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def late() -> str:
    await beampy.receive("go")
    return "late_result"


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    task = Task.async_(late)
    assert task.pid is not None
    T.name(task.pid, "t")
    try:
        await Task.await_(task, 0.05)
    except beampy.Exit as e:
        T.p("await_exit", e.reason)
    T.p("task_alive", beampy.is_alive(task.pid))
    beampy.send(task.pid, "go")
    T.p("task_down", await T.wait_down(task.pid))
    await beampy.sleep(0.02)
    T.flush()
    T.done()
