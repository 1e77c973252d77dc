"""201 tasksup_async_children: port of 201_tasksup_async_children.exs (the rule is stated
there)."""

from __future__ import annotations

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def hello() -> str:
    await beampy.receive("go")
    return "hello"


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link()
    T.name(sup, "sup")
    task = await Task.Supervisor.async_(sup, hello)
    assert task.pid is not None
    T.name(task.pid, "t")
    T.p("children_running", await Task.Supervisor.children(sup))
    T.p("linked", task.pid in beampy.info(beampy.self(), "links"))
    beampy.send(task.pid, "go")
    T.p("result", await Task.await_(task))
    await T.wait_down(task.pid)
    T.p("children_after", await Task.Supervisor.children(sup))
    T.done()
