"""528 sup_task_child: port of 528_sup_task_child.exs (rule stated there).

Elixir's ``{Task, fun}`` is ``(Task, (fn, *args))`` here (a fun closing over the parent is
``runs(tag, parent)``); the class ``Task`` in ids and modules prints as the module ``Task``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage, Supervisor, Task
from tests.conformance.support.trace import Mod, Trace


async def runs(tag: str, parent: beampy.Pid) -> None:
    beampy.send(parent, (tag, beampy.self()))
    if await beampy.receive("go", "fail") == "fail":
        raise beampy.Exit("boom")


def _rows(rows: list[Any]) -> list[Any]:
    def shown(x: Any) -> Any:
        return Mod("Task") if x is Task else x

    return [(shown(i), p, t, [shown(m) for m in ms]) for i, p, t, ms in rows]


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    children = [
        (Task, (runs, "t1", me)),
        Supervisor.child_spec((Task, (runs, "t2", me)), id="t2", restart="transient"),
    ]
    _, sup = await Supervisor.start_link(children, strategy="one_for_one")
    t1 = T.name((await beampy.receive(("t1", ANY)))[1], "t1")
    t2 = T.name((await beampy.receive(("t2", ANY)))[1], "t2")
    T.p("which", _rows(await Supervisor.which_children(sup)))
    T.p("count", await Supervisor.count_children(sup))

    r1 = beampy.monitor(t1)
    beampy.send(t1, "go")
    T.p("t1_down", (await beampy.receive(DownMessage(r1, ANY, ANY))).reason)
    T.p("count_after_t1", await Supervisor.count_children(sup))

    r2 = beampy.monitor(t2)
    beampy.send(t2, "fail")
    T.p("t2_down", (await beampy.receive(DownMessage(r2, ANY, ANY))).reason)
    t2b = T.name((await beampy.receive(("t2", ANY)))[1], "t2b")
    T.p("which_restarted", _rows(await Supervisor.which_children(sup)))

    r3 = beampy.monitor(t2b)
    beampy.send(t2b, "go")
    T.p("t2b_down", (await beampy.receive(DownMessage(r3, ANY, ANY))).reason)
    T.p("count_end", await Supervisor.count_children(sup))
    T.p("stop", await Supervisor.stop(sup))
    T.done()
