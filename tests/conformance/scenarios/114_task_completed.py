"""114 task_completed: port of 114_task_completed.exs (the rule is stated there)."""

from __future__ import annotations

from beampy import Task
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    task = Task.completed("precomputed")
    T.p("pid", task.pid)
    T.p("await", await Task.await_(task))
    T.p("yield", await Task.yield_(Task.completed("other")))
    T.done()
