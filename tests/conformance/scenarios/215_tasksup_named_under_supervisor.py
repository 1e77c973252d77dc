"""215 tasksup_named_under_supervisor: port of 215_tasksup_named_under_supervisor.exs (the
rule is stated there).

``{Task.Supervisor, name: n}`` is ``(Task.Supervisor, {"name": n})``; ``which_children``'s
modules hold the TaskSupervisor class, shown as the module atom it stands for.
"""

from __future__ import annotations

import math
from typing import Any

import beampy
from beampy import ANY, DownMessage, Supervisor, Task, TaskSupervisor
from tests.conformance.support.trace import Mod, Trace


def _rows(rows: list[Any]) -> list[Any]:
    return [
        (i, p, t, [Mod("Task.Supervisor") if m is TaskSupervisor else m for m in ms])
        for i, p, t, ms in rows
    ]


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    children = [(Task.Supervisor, {"name": "conf215_tasks"})]
    _, top = await Supervisor.start_link(children, strategy="one_for_one")
    T.name(top, "top")
    tasks = beampy.whereis("conf215_tasks")
    assert tasks is not None
    T.name(tasks, "tasks")
    T.p("which", _rows(await Supervisor.which_children(top)))
    task = await Task.Supervisor.async_("conf215_tasks", lambda: 6 * 7)
    T.p("await", await Task.await_(task))

    _, t = await Task.Supervisor.start_child("conf215_tasks", beampy.sleep, math.inf)
    T.name(t, "t")
    ref = beampy.monitor(t)
    T.p("children", await Task.Supervisor.children("conf215_tasks"))
    beampy.exit(tasks, "kill")
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("t_down", down.reason)

    await beampy.sleep(0.05)
    tasks2 = beampy.whereis("conf215_tasks")
    assert tasks2 is not None
    T.name(tasks2, "tasks2")
    T.p("restarted", tasks2 != tasks)
    T.p("children_new", await Task.Supervisor.children("conf215_tasks"))
    T.p("which_new", _rows(await Supervisor.which_children(top)))

    _, t2 = await Task.Supervisor.start_child("conf215_tasks", beampy.sleep, math.inf)
    T.name(t2, "t2")
    ref2 = beampy.monitor(t2)
    T.p("stop", await Supervisor.stop(top))
    down = await beampy.receive(DownMessage(ref2, ANY, ANY))
    T.p("t2_down", down.reason)
    T.p("name_after", beampy.whereis("conf215_tasks"))
    T.done()
