"""212 tasksup_start_child_restart: port of 212_tasksup_start_child_restart.exs (the rule is
stated there).

``which_children``'s modules are the strings beampy keeps (``"Task.Supervised"``), shown as
the module atoms they stand for.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DynamicSupervisor, ExitMessage, Task
from tests.conformance.support.trace import Mod, Trace


async def work(main: beampy.Pid, id_: str) -> Any:
    beampy.send(main, ("run", id_, beampy.self()))
    match await beampy.receive("crash", "stop"):
        case "crash":
            raise beampy.Exit("boom")
        case _:
            return "ok"


async def ran(T: Trace, label: str) -> Any:  # noqa: N803 - the trace helper
    try:
        _, id_, pid = await beampy.receive(("run", ANY, ANY), timeout=2.0)
    except beampy.ReceiveTimeout:
        T.say("no run")
        return None
    T.name(pid, label)
    T.p("ran", (id_, pid))
    return pid


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, sup = await Task.Supervisor.start_link()
    T.name(sup, "sup")

    await Task.Supervisor.start_child(sup, work, me, "temp")
    temp = await ran(T, "temp")
    beampy.send(temp, "crash")
    await T.wait_down(temp)
    await beampy.sleep(0.05)
    T.p("temp_children", await Task.Supervisor.children(sup))

    await Task.Supervisor.start_child(sup, work, me, "tr", restart="transient")
    tr = await ran(T, "tr")
    beampy.send(tr, "crash")
    tr2 = await ran(T, "tr2")
    T.p("tr_children", await Task.Supervisor.children(sup))
    beampy.send(tr2, "stop")
    await T.wait_down(tr2)
    await beampy.sleep(0.05)
    T.p("tr_children_after_normal", await Task.Supervisor.children(sup))

    await Task.Supervisor.start_child(sup, work, me, "perm", restart="permanent")
    perm = await ran(T, "perm")
    beampy.send(perm, "stop")
    perm2 = await ran(T, "perm2")
    beampy.send(perm2, "crash")
    perm3 = await ran(T, "perm3")
    rows = await DynamicSupervisor.which_children(sup)
    T.p("which", [(i, p, t, [Mod(m) for m in ms]) for i, p, t, ms in rows])
    T.p("count", await DynamicSupervisor.count_children(sup))

    beampy.flag("trap_exit", True)
    beampy.send(perm3, "crash")
    try:
        msg = await beampy.receive(ExitMessage(sup, ANY), timeout=2.0)
        T.p("sup_exit", msg.reason)
    except beampy.ReceiveTimeout:
        T.say("sup lives")
    T.flush()
    T.done()
