"""110 task_shutdown_results: port of 110_task_shutdown_results.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, ExitMessage, Task
from tests.conformance.support.trace import Trace


async def trapping(main: beampy.Pid, exit_with: Any) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, "trapping")
    await beampy.receive(ExitMessage(ANY, "shutdown"))
    raise beampy.Exit(exit_with)


async def trapping_task(exit_with: Any) -> Task:
    task = Task.async_(trapping, beampy.self(), exit_with)
    await beampy.receive("trapping")
    return task


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    t0 = Task.async_(lambda: "done")
    assert t0.pid is not None
    T.name(t0.pid, "t0")
    await T.wait_down(t0.pid)
    await beampy.sleep(0.02)
    T.p("replied", await Task.shutdown(t0))

    t1 = await trapping_task("cleaned_up")
    assert t1.pid is not None
    T.name(t1.pid, "t1")
    T.p("custom", await Task.shutdown(t1, 1.0))

    t2 = await trapping_task("shutdown")
    assert t2.pid is not None
    T.name(t2.pid, "t2")
    T.p("plain", await Task.shutdown(t2, 1.0))
    await beampy.sleep(0.02)
    T.flush()
    T.done()
