"""130 yield_many_kill_task: port of 130_yield_many_kill_task.exs (the rule is stated there).

The recording spells out, on Elixir 1.14, what 1.15's ``on_timeout: :kill_task`` does:
``res || Task.shutdown(task, :brutal_kill)`` for each result. The port uses beampy's
``on_timeout="kill_task"``, so the trace checks that the option is that definition.
"""

from __future__ import annotations

import math

import beampy
from beampy import ANY, DownMessage, Task
from tests.conformance.support.trace import Trace


async def forever() -> None:
    await beampy.sleep(math.inf)


async def quit_normally() -> None:
    raise beampy.Exit("normal")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    tasks = [Task.async_(lambda: "fast"), Task.async_(forever), Task.async_(quit_normally)]
    for task, label in zip(tasks, ["t1", "t2", "t3"], strict=True):
        assert task.pid is not None
        T.name(task.pid, label)
    assert tasks[1].pid is not None
    mref = beampy.monitor(tasks[1].pid)
    T.p("results", await Task.yield_many(tasks, 0.05, on_timeout="kill_task"))
    T.p("t2_down", (await beampy.receive(DownMessage(mref, ANY, ANY))).reason)
    await beampy.sleep(0.02)
    T.flush()
    T.done()
