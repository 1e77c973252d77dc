"""622 dynsup_parallel_shutdown: port of 622_dynsup_parallel_shutdown.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.

beampy has no Task yet: ``{Task, :start_link, [fun]}`` is ``(task_start_link, fun)``
(``proc_lib.spawn_link`` and ``("ok", pid)``); time is ``trio.current_time()``.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

import trio

import beampy
from beampy import ANY, DownMessage, DynamicSupervisor, GenServer, Supervisor, proc_lib
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


async def task_start_link(fun: Callable[[], Awaitable[Any]]) -> tuple[str, beampy.Pid]:
    return ("ok", proc_lib.spawn_link(fun))


def child(main: beampy.Pid, id_: str, shutdown: Any) -> dict[str, Any]:
    async def fun() -> None:
        beampy.flag("trap_exit", True)
        beampy.send(main, ("child", id_, beampy.self()))
        await beampy.sleep(math.inf)

    return {"id": id_, "start": (task_start_link, fun), "shutdown": shutdown}


async def run(T: Trace) -> None:  # noqa: N803
    me = beampy.self()
    _, sup = await DynamicSupervisor.start_link(strategy="one_for_one")
    for id_, shutdown in [("s1", 0.3), ("s2", 0.3), ("s3", 0.3), ("brutal", "brutal_kill")]:
        await DynamicSupervisor.start_child(sup, child(me, id_, shutdown))
        _, _, pid = await beampy.receive(("child", id_, ANY))
        T.name(pid, id_)
        beampy.monitor(pid)
    t0 = trio.current_time()
    T.p("stop", await DynamicSupervisor.stop(sup))
    elapsed = trio.current_time() - t0
    downs = []
    for _ in range(4):
        down = await beampy.receive(DownMessage(ANY, ANY, ANY))
        downs.append((down.pid, down.reason))
    T.p("downs", sorted(downs, key=lambda d: T.render(d[0])))
    T.p("took_at_least_300ms", elapsed >= 0.3)
    T.p("took_less_than_800ms", elapsed < 0.8)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await run(T)
    T.done()
