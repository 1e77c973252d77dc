"""106 task_await_normal_exit: port of 106_task_await_normal_exit.exs (the rule is stated
there)."""

from __future__ import annotations

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def quit_normally() -> None:
    await beampy.receive("go")
    raise beampy.Exit("normal")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    task = Task.async_(quit_normally)
    assert task.pid is not None
    T.name(task.pid, "t")
    beampy.send(task.pid, "go")
    try:
        await Task.await_(task)
    except beampy.Exit as e:
        T.p("await_exit", e.reason)
    T.p("caller_alive", beampy.is_alive(beampy.self()))
    T.flush()
    T.done()
