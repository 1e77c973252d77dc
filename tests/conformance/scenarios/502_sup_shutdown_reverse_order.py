"""502 sup_shutdown_reverse_order: port of 502_sup_shutdown_reverse_order.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, ExitMessage, GenServer, Supervisor
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
    children = [spec(i, me) for i in "abc"]
    _, sup = await Supervisor.start_link(children, strategy="one_for_one")
    T.name(sup, "sup")
    await T.evs()
    T.p("stop", await Supervisor.stop(sup))
    await T.evs()

    beampy.flag("trap_exit", True)
    _, sup2 = await Supervisor.start_link(children, strategy="one_for_one")
    T.name(sup2, "sup2")
    await T.evs()
    beampy.exit(sup2, "shutdown")
    await T.evs()
    T.p("recv", await beampy.receive(ExitMessage(sup2, ANY)))
    T.done()
