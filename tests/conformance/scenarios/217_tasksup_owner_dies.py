"""217 tasksup_owner_dies: port of 217_tasksup_owner_dies.exs (the rule is stated there)."""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage, Task
from tests.conformance.support.trace import Trace


async def waiter() -> str:
    await beampy.receive("go")
    return "done"


async def owner(sup: beampy.Pid, main: beampy.Pid) -> None:
    linked = await Task.Supervisor.async_(sup, waiter)
    nolink = await Task.Supervisor.async_nolink(sup, waiter)
    _, child = await Task.Supervisor.start_child(sup, waiter)
    beampy.send(main, ("tasks", linked.pid, nolink.pid, child))
    await beampy.receive("die")
    raise beampy.Exit("bye")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link()
    T.name(sup, "sup")
    o = T.name(beampy.spawn(owner, sup, beampy.self()), "owner")
    _, linked, nolink, child = await beampy.receive(("tasks", ANY, ANY, ANY))
    T.name(linked, "linked")
    T.name(nolink, "nolink")
    T.name(child, "child")
    lref, nref, cref = (beampy.monitor(pid) for pid in (linked, nolink, child))
    beampy.send(o, "die")
    down = await beampy.receive(DownMessage(lref, ANY, ANY))
    T.p("linked_down", down.reason)
    T.p("owner_alive", beampy.is_alive(o))
    T.p("nolink_alive", beampy.is_alive(nolink))
    T.p("child_alive", beampy.is_alive(child))
    beampy.send(nolink, "go")
    down = await beampy.receive(DownMessage(nref, ANY, ANY))
    T.p("nolink_down", down.reason)
    beampy.send(child, "go")
    down = await beampy.receive(DownMessage(cref, ANY, ANY))
    T.p("child_down", down.reason)
    await beampy.sleep(0.05)
    T.p("children", await Task.Supervisor.children(sup))
    T.flush()
    T.done()
