"""520 sup_auto_shutdown_any: port of 520_sup_auto_shutdown_any.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.

Elixir 1.14's Supervisor.init/2 has no auto_shutdown option, so the scenario's module
returns OTP's flags itself; beampy's Supervisor.init takes ``auto_shutdown=`` (as Elixir
1.15's does), and ``significant=`` as a child_spec override.
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


class Sup(Supervisor):
    def init(self, arg: Any) -> Any:
        children, auto = arg
        return Supervisor.init(children, strategy="one_for_one", auto_shutdown=auto)


async def run(T: Trace) -> None:  # noqa: N803
    me = beampy.self()
    beampy.flag("trap_exit", True)
    children = [
        spec("w", me),
        spec("sig", me, restart="transient", significant=True),
        spec("v", me),
    ]
    _, sup = await Supervisor.start_link(Sup, (children, "any_significant"))
    T.name(sup, "sup")
    await T.evs()
    T.say("sig crashes")
    GenServer.cast(await pid_of(sup, "sig"), ("exit", "boom"))
    await T.evs()
    T.p("count_children", await Supervisor.count_children(sup))
    T.say("sig exits :normal")
    GenServer.cast(await pid_of(sup, "sig"), ("exit", "normal"))
    await T.evs()
    try:
        T.p("recv", await beampy.receive(ExitMessage(sup, ANY), timeout=1.0))
    except beampy.ReceiveTimeout:
        T.say("sup_still_alive")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await run(T)
    T.done()
