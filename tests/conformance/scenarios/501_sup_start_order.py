"""501 sup_start_order: port of 501_sup_start_order.exs (rule stated there).

Elixir's module ``W`` is the class ``W``; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.  which_children's modules are classes, shown
as the module atoms they stand for (``Mod("W")``).
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import GenServer, Supervisor
from beampy.gen_server import Ok, Stop
from tests.conformance.support.trace import Mod, Trace


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


def shown(children: list[Any]) -> list[Any]:
    return [(i, p, t, [Mod(m.__name__) for m in mods]) for i, p, t, mods in children]


def spec(id_: str, main: beampy.Pid) -> dict[str, Any]:
    return Supervisor.child_spec((W, (id_, main)), id=id_)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, sup = await Supervisor.start_link([spec(i, me) for i in "abc"], strategy="one_for_one")
    T.name(sup, "sup")
    await T.evs()
    children = await Supervisor.which_children(sup)
    for id_, pid, _, _ in children:
        T.name(pid, id_)
    T.p("which_children", shown(children))
    T.p("count_children", await Supervisor.count_children(sup))
    T.done()
