"""620 dynsup_start_child_results: port of 620_dynsup_start_child_results.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.

The scenario's ``W.start_link(extra, arg)`` is ``V.start_link`` here (shown as ``W``).
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import DynamicSupervisor, GenServer, Supervisor
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


class V(GenServer):
    @staticmethod
    async def start_link(extra: Any, arg: Any) -> Any:  # type: ignore[override]
        return await GenServer.start_link(V, (extra, *arg))

    def init(self, arg: Any) -> Ok:
        extra, id_, main = arg
        beampy.send(main, ("ev", ("started", extra, id_)))
        return Ok(arg)


class Bad:
    @staticmethod
    def ignore(extra: Any) -> Any:
        return "ignore"

    @staticmethod
    def error(extra: Any) -> Any:
        return ("error", "nope")

    @staticmethod
    def raises(extra: Any) -> Any:
        raise RuntimeError("no start")

    @staticmethod
    def exits(extra: Any) -> Any:
        raise beampy.Exit("no_start")

    @staticmethod
    def other(extra: Any) -> Any:
        return "what"


async def run(T: Trace) -> None:  # noqa: N803
    me = beampy.self()
    _, sup = await DynamicSupervisor.start_link(strategy="one_for_one", extra_arguments=["extra"])
    _, w = await DynamicSupervisor.start_child(sup, {"id": "w", "start": (V.start_link, ("w", me))})
    T.name(w, "w")
    T.p("ok", ("ok", w))
    await T.evs()
    for f in ["ignore", "error", "raises", "exits", "other"]:
        T.p(f, await DynamicSupervisor.start_child(sup, {"id": f, "start": (getattr(Bad, f),)}))
    listed = await DynamicSupervisor.which_children(sup)
    T.p("which_children", [(i, p, t, [Mod("W") for _ in ms]) for i, p, t, ms in listed])
    T.p("count_children", await DynamicSupervisor.count_children(sup))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await run(T)
    T.done()
