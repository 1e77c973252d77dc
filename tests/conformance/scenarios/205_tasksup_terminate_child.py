"""205 tasksup_terminate_child: port of 205_tasksup_terminate_child.exs (the rule is stated
there)."""

from __future__ import annotations

import math

import beampy
from beampy import ANY, DownMessage, Task
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link()
    _, pid = await Task.Supervisor.start_child(sup, beampy.sleep, math.inf)
    T.name(pid, "t")
    ref = beampy.monitor(pid)
    T.p("children", await Task.Supervisor.children(sup))
    T.p("terminate", await Task.Supervisor.terminate_child(sup, pid))
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("task_down", down.reason)
    T.p("children_after", await Task.Supervisor.children(sup))
    T.p("terminate_again", await Task.Supervisor.terminate_child(sup, pid))
    T.done()
