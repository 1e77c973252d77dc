"""506 sup_permanent_and_temporary: port of 506_sup_permanent_and_temporary.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import GenServer, Supervisor
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
    children = [
        spec("perm", me, restart="permanent"),
        spec("temp", me, restart="temporary"),
    ]
    _, sup = await Supervisor.start_link(children, strategy="one_for_one")
    await T.evs()
    T.say("perm exits :normal")
    GenServer.cast(await pid_of(sup, "perm"), ("exit", "normal"))
    await T.evs()
    T.say("temp exits :boom")
    GenServer.cast(await pid_of(sup, "temp"), ("exit", "boom"))
    await T.evs()
    T.p("which_children_ids", [i for i, _, _, _ in await Supervisor.which_children(sup)])
    T.p("count_children", await Supervisor.count_children(sup))
    T.done()
