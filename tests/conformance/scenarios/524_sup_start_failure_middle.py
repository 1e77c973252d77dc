"""524 sup_start_failure_middle: port of 524_sup_start_failure_middle.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.

Elixir's ``raise`` in a start function is a RuntimeError, its ``exit(:no_start)`` is
``raise beampy.Exit("no_start")``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ExitMessage, GenServer, Supervisor
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


class BadServer(GenServer):
    def init(self, main: Any) -> Stop:
        return Stop("bad_init")


class Bad:
    @staticmethod
    async def stop_init(main: Any) -> Any:
        return await GenServer.start_link(BadServer, main)

    @staticmethod
    def raises(main: Any) -> Any:
        raise RuntimeError("no start")

    @staticmethod
    def exits(main: Any) -> Any:
        raise beampy.Exit("no_start")

    @staticmethod
    def other(main: Any) -> Any:
        return "what"

    @staticmethod
    def ignore(main: Any) -> Any:
        return "ignore"


def bad(f: str, main: Any) -> dict[str, Any]:
    return {"id": "b", "start": (getattr(Bad, f), main)}


async def run(T: Trace) -> None:  # noqa: N803
    me = beampy.self()
    beampy.flag("trap_exit", True)
    for f in ["stop_init", "raises", "exits", "other"]:
        T.p("case", f)
        result = await Supervisor.start_link(
            [spec("a", me), bad(f, me), spec("c", me)], strategy="one_for_one"
        )
        T.p("result", result)
        await T.evs()
        for m in T.drain():
            match m:
                case ExitMessage(reason=reason):
                    T.p("exit", reason)
                case other:
                    T.p("other", other)
    T.say("case ignore")
    _, sup = await Supervisor.start_link(
        [spec("a", me), bad("ignore", me), spec("c", me)], strategy="one_for_one"
    )
    await T.evs()
    listed = await Supervisor.which_children(sup)
    T.p("which_children", [(i, isinstance(p, beampy.Pid) or p) for i, p, _, _ in listed])
    T.p("count_children", await Supervisor.count_children(sup))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await run(T)
    T.done()
