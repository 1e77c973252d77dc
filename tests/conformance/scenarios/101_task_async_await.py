"""101 task_async_await: port of 101_task_async_await.exs (the rule is stated there)."""

from __future__ import annotations

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def answer() -> int:
    await beampy.receive("go")
    return 42


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    task = Task.async_(answer)
    assert task.pid is not None
    T.name(task.pid, "t")
    T.p("linked", task.pid in beampy.info(beampy.self(), "links"))
    beampy.send(task.pid, "go")
    T.p("result", await Task.await_(task))
    await T.wait_down(task.pid)
    await beampy.sleep(0.02)
    T.flush()
    T.done()
