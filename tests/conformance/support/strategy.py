"""The program of the three strategy scenarios (503, 504, 505), which differ only in the
strategy and the children: each port calls :func:`crash_one_child`.

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


async def crash_one_child(T: Trace, strategy: str, ids: list[str]) -> None:  # noqa: N803
    """Starts one W per id under ``strategy``, crashes "b", and prints which pids stayed."""
    T.start()
    me = beampy.self()
    _, sup = await Supervisor.start_link([spec(i, me) for i in ids], strategy=strategy)
    await T.evs()
    before = await pids(sup)
    T.say("crash b")
    GenServer.cast(before["b"], ("exit", "boom"))
    await T.evs()
    now = await pids(sup)
    for i in ids:
        T.p(f"same_pid {i}", before[i] == now[i])
    T.done()
