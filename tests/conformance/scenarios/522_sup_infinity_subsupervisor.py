"""522 sup_infinity_subsupervisor: port of 522_sup_infinity_subsupervisor.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.

``{Supervisor, :start_link, [children, [strategy: :one_for_one]]}`` is
``(functools.partial(Supervisor.start_link, strategy="one_for_one"), children)``;
``System.monotonic_time`` is ``trio.current_time()`` (virtual time here).
"""

from __future__ import annotations

import functools
from typing import Any

import trio

import beampy
from beampy import ANY, DownMessage, GenServer, Supervisor
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


class Slow(GenServer):
    @staticmethod
    async def start_link(arg: Any) -> Any:  # type: ignore[override]
        return await GenServer.start_link(Slow, arg)

    def init(self, arg: Any) -> Ok:
        id_, main = arg
        beampy.flag("trap_exit", True)
        beampy.send(main, ("ev", ("started", id_)))
        return Ok(arg)

    async def terminate(self, reason: Any, s: Any) -> None:
        await beampy.sleep(1.5)
        beampy.send(s[1], ("ev", ("terminated", s[0], reason)))


async def run(T: Trace) -> None:  # noqa: N803
    me = beampy.self()
    slow = Supervisor.child_spec((Slow, ("slow", me)), id="slow", shutdown=3.0)
    sub = {
        "id": "sub",
        "start": (functools.partial(Supervisor.start_link, strategy="one_for_one"), [slow]),
        "type": "supervisor",
    }
    a = Supervisor.child_spec((Slow, ("a", me)), id="a", shutdown=3.0)
    _, top = await Supervisor.start_link([a, sub], strategy="one_for_one")
    await T.evs()
    [(_, subpid, _, _), _] = await Supervisor.which_children(top)
    T.name(subpid, "sub")
    ref = beampy.monitor(subpid)
    t0 = trio.current_time()
    T.p("stop", await Supervisor.stop(top))
    elapsed = trio.current_time() - t0
    await T.evs()
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("sub_down", down.reason)
    T.p("took_at_least_3000ms", elapsed >= 3.0)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await run(T)
    T.done()
