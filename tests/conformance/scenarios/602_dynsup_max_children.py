"""602 dynsup_max_children: port of 602_dynsup_max_children.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.

``{W, arg}`` as a DynamicSupervisor child is ``(W, arg)``; which_children's modules are
classes, shown as the module atoms they stand for.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import DynamicSupervisor, GenServer, Supervisor
from beampy.gen_server import Ok, Stop
from tests.conformance.support.trace import Trace


class W(GenServer):
    @staticmethod
    async def start_link(arg: Any) -> Any:  # type: ignore[override]
        return await GenServer.start_link(W, arg)

    def init(self, arg: Any) -> Ok:
        id_, main = arg
        beampy.flag("trap_exit", True)
        beampy.send(main, ("ev", ("started", id_)))
        return Ok(arg)

    def handle_cast(self, request: Any, s: Any) -> Stop:
        return Stop(request[1], s)

    def terminate(self, reason: Any, s: Any) -> None:
        beampy.send(s[1], ("ev", ("terminated", s[0], reason)))


def spec(id_: str, main: beampy.Pid, **overrides: Any) -> dict[str, Any]:
    return Supervisor.child_spec((W, (id_, main)), id=id_, **overrides)


async def pids(sup: Any) -> dict[Any, Any]:
    return {i: p for i, p, _, _ in await Supervisor.which_children(sup)}


async def pid_of(sup: Any, id_: Any) -> Any:
    return (await pids(sup))[id_]


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, sup = await DynamicSupervisor.start_link(strategy="one_for_one", max_children=2)
    _, c1 = await DynamicSupervisor.start_child(sup, (W, ("c1", me)))
    await DynamicSupervisor.start_child(sup, (W, ("c2", me)))
    await T.evs()
    T.p("third", await DynamicSupervisor.start_child(sup, (W, ("c3", me))))
    await T.evs()
    assert await DynamicSupervisor.terminate_child(sup, c1) == "ok"
    await T.evs()
    _, c4 = await DynamicSupervisor.start_child(sup, (W, ("c4", me)))
    T.name(c4, "c4")
    T.p("after_terminate", ("ok", c4))
    await T.evs()
    T.p("count_children", await DynamicSupervisor.count_children(sup))
    T.done()
