"""510 sup_shutdown_timeout_and_brutal_kill: port of the .exs of that name (rule stated there).

beampy has no Task yet: ``{Task, :start_link, [fun]}`` is ``(task_start_link, fun)``, which
does what Task.start_link does for a supervisor (``proc_lib.spawn_link`` and
``("ok", pid)``).  ``System.monotonic_time`` is ``trio.current_time()`` (virtual time here).
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

import trio

import beampy
from beampy import ANY, DownMessage, Supervisor, proc_lib
from tests.conformance.support.trace import Trace


async def task_start_link(fun: Callable[[], Awaitable[Any]]) -> tuple[str, beampy.Pid]:
    return ("ok", proc_lib.spawn_link(fun))


def child(id_: str, main: beampy.Pid, trap: bool, shutdown: Any) -> dict[str, Any]:
    async def fun() -> None:
        beampy.flag("trap_exit", trap)
        beampy.send(main, ("child", id_, beampy.self()))
        # a trapping child here just ignores the ExitMessage(parent, "shutdown") message
        await beampy.sleep(math.inf)

    return {"id": id_, "start": (task_start_link, fun), "shutdown": shutdown}


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    children = [
        child("coop", me, False, 1.0),
        child("stubborn", me, True, 0.2),
        child("brutal", me, True, "brutal_kill"),
    ]
    _, sup = await Supervisor.start_link(children, strategy="one_for_one")
    T.name(sup, "sup")
    for _ in range(3):
        _, id_, pid = await beampy.receive(("child", ANY, ANY))
        T.name(pid, id_)
        beampy.monitor(pid)
    t0 = trio.current_time()
    assert await Supervisor.stop(sup) == "ok"
    elapsed = trio.current_time() - t0
    for _ in range(3):
        down = await beampy.receive(DownMessage(ANY, ANY, ANY))
        T.p("down", (down.pid, down.reason))
    T.p("stop_took_at_least_200ms", elapsed >= 0.2)
    T.done()
