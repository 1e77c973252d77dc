"""206 tasksup_max_children: port of 206_tasksup_max_children.exs (the rule is stated there).

``inspect(e.__struct__)`` is the exception's class name here (RuntimeError in both).
"""

from __future__ import annotations

import math

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link(max_children=1)
    _, pid = await Task.Supervisor.start_child(sup, beampy.sleep, math.inf)
    T.name(pid, "t")
    T.p("second_start", await Task.Supervisor.start_child(sup, lambda: "ok"))
    try:
        await Task.Supervisor.async_(sup, lambda: "ok")
        T.say("async returned")
    except Exception as e:
        T.say("async raised " + type(e).__name__)
    assert await Task.Supervisor.terminate_child(sup, pid) == "ok"
    res, _pid = await Task.Supervisor.start_child(sup, lambda: "ok")
    T.p("after_free_start", res)
    T.done()
