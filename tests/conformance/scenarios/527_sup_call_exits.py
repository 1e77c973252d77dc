"""527 sup_call_exits: port of 527_sup_call_exits.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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


async def catch_exit(f: Callable[[], Awaitable[Any]]) -> Any:
    try:
        return await f()
    except beampy.Exit as e:
        return ("exit", e.reason)


async def run(T: Trace) -> None:  # noqa: N803
    _, sup = await Supervisor.start_link([], strategy="one_for_one", name="named_sup")
    T.name(sup, "sup")
    T.p("whereis", beampy.whereis("named_sup"))
    T.p("which_children_by_name", await Supervisor.which_children("named_sup"))
    T.p("stop", await Supervisor.stop("named_sup"))
    T.p("which_children", await catch_exit(lambda: Supervisor.which_children(sup)))
    T.p("count_children", await catch_exit(lambda: Supervisor.count_children(sup)))
    T.p("terminate_child", await catch_exit(lambda: Supervisor.terminate_child(sup, "x")))
    T.p("restart_child", await catch_exit(lambda: Supervisor.restart_child(sup, "x")))
    T.p("delete_child", await catch_exit(lambda: Supervisor.delete_child(sup, "x")))
    T.p("stop_dead", await catch_exit(lambda: Supervisor.stop(sup)))
    T.p("by_name", await catch_exit(lambda: Supervisor.which_children("named_sup")))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await run(T)
    T.done()
