"""525 sup_nested_intensity: port of 525_sup_nested_intensity.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.

A sub-supervisor's options are bound with ``functools.partial`` (keyword-only in Python).
"""

from __future__ import annotations

import functools
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


async def run(T: Trace) -> None:  # noqa: N803
    me = beampy.self()
    beampy.flag("trap_exit", True)
    sub_start = functools.partial(
        Supervisor.start_link, strategy="one_for_one", max_restarts=1, max_seconds=5
    )
    sub = {"id": "sub", "start": (sub_start, [spec("w", me)]), "type": "supervisor"}
    _, top = await Supervisor.start_link(
        [spec("a", me), sub], strategy="one_for_one", max_restarts=1, max_seconds=5
    )
    T.name(top, "top")
    await T.evs()
    for round_ in (1, 2):
        for n in (1, 2):
            T.p("crash", (round_, n))
            GenServer.cast(await pid_of(await pid_of(top, "sub"), "w"), ("exit", "boom"))
            await T.evs()
    try:
        T.p("recv", await beampy.receive(ExitMessage(top, ANY), timeout=1.0))
    except beampy.ReceiveTimeout:
        T.say("top_still_alive")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await run(T)
    T.done()
