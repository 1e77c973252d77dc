"""511 sup_child_lifecycle: port of 511_sup_child_lifecycle.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.

which_children's modules are classes, shown as the module atoms they stand for.
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


def spec(id_: str, main: beampy.Pid, **overrides: Any) -> dict[str, Any]:
    return Supervisor.child_spec((W, (id_, main)), id=id_, **overrides)


async def pids(sup: Any) -> dict[Any, Any]:
    return {i: p for i, p, _, _ in await Supervisor.which_children(sup)}


async def pid_of(sup: Any, id_: Any) -> Any:
    return (await pids(sup))[id_]


def shown(children: list[Any]) -> list[Any]:
    return [(i, p, t, [Mod(m.__name__) for m in mods]) for i, p, t, mods in children]


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, sup = await Supervisor.start_link([spec("a", me)], strategy="one_for_one")
    await T.evs()
    T.p("delete_running", await Supervisor.delete_child(sup, "a"))
    T.p("terminate", await Supervisor.terminate_child(sup, "a"))
    await T.evs()
    T.p("which_children", shown(await Supervisor.which_children(sup)))
    _, pid = await Supervisor.restart_child(sup, "a")
    T.name(pid, "a2")
    T.p("restart_result", ("ok", pid))
    await T.evs()
    T.p("restart_running", await Supervisor.restart_child(sup, "a"))
    T.p("terminate_again", await Supervisor.terminate_child(sup, "a"))
    await T.evs()
    T.p("delete", await Supervisor.delete_child(sup, "a"))
    T.p("delete_again", await Supervisor.delete_child(sup, "a"))
    T.p("terminate_unknown", await Supervisor.terminate_child(sup, "nope"))
    T.p("restart_unknown", await Supervisor.restart_child(sup, "nope"))
    T.p("which_children_end", await Supervisor.which_children(sup))
    T.done()
