"""526 sup_start_child_results: port of 526_sup_start_child_results.exs (rule stated there).

The Elixir module ``W`` is the class ``W`` below; ``Supervisor.child_spec({W, arg}, id: id)`` is
``Supervisor.child_spec((W, arg), id=id)``.

The scenario's ``W`` registers under its id: here it is the class ``Named`` (shown as
``W``).  OTP's ``#child{}`` record in an error is the tuple ``("child", pid, id, start,
restart, significant, shutdown, type, modules)``; the port shows its start as the MFA
it stands for and its shutdown in milliseconds.
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


class Named(GenServer):
    @staticmethod
    async def start_link(arg: Any) -> Any:  # type: ignore[override]
        return await GenServer.start_link(Named, arg, name=arg[0])

    def init(self, arg: Any) -> Ok:
        beampy.send(arg[1], ("ev", ("started", arg[0])))
        return Ok(arg)


class Bad:
    @staticmethod
    def ignore() -> Any:
        return "ignore"

    @staticmethod
    def error() -> Any:
        return ("error", "nope")

    @staticmethod
    def raises() -> Any:
        raise RuntimeError("no start")


def mfa(start: tuple[Any, ...]) -> tuple[Any, ...]:
    """A start ``(fn, *args)`` as the ``{M, F, A}`` it stands for."""
    fn, *args = start
    owner = fn.__qualname__.split(".")[0]
    return (Mod("W" if owner == "Named" else owner), fn.__name__, args)


def shown_result(r: Any) -> Any:
    """OTP's #child{} in an error: the start as an MFA, the shutdown in ms, modules as atoms."""
    match r:
        case ("error", (why, ("child", pid, id_, start, restart, sig, shutdown, type_, mods))):
            mods = [Mod("W" if m is Named else m.__name__) for m in mods]
            child = (
                "child",
                pid,
                id_,
                mfa(start),
                restart,
                sig,
                round(shutdown * 1000),
                type_,
                mods,
            )
            return ("error", (why, child))
    return r


async def run(T: Trace) -> None:  # noqa: N803
    me = beampy.self()
    _, sup = await Supervisor.start_link([], strategy="one_for_one")
    _, w = await Supervisor.start_child(sup, Supervisor.child_spec((Named, ("w", me)), id="w"))
    T.name(w, "w")
    T.p("start_w", ("ok", w))
    await T.evs()
    T.p("ignore", await Supervisor.start_child(sup, {"id": "ig", "start": (Bad.ignore,)}))
    temp = {"id": "igt", "start": (Bad.ignore,), "restart": "temporary"}
    T.p("ignore_temp", await Supervisor.start_child(sup, temp))
    T.p(
        "error",
        shown_result(await Supervisor.start_child(sup, {"id": "er", "start": (Bad.error,)})),
    )
    raises = await Supervisor.start_child(sup, {"id": "ra", "start": (Bad.raises,)})
    T.p("raises", shown_result(raises))
    taken = Supervisor.child_spec((Named, ("w", me)), id="w2")
    T.p("name_taken", shown_result(await Supervisor.start_child(sup, taken)))
    listed = await Supervisor.which_children(sup)
    T.p(
        "which_children",
        [(i, p, t, [Mod("W" if m is Named else m.__name__) for m in ms]) for i, p, t, ms in listed],
    )
    T.p("count_children", await Supervisor.count_children(sup))
    T.p("restart_ignored", await Supervisor.restart_child(sup, "ig"))
    T.p("delete_ignored", await Supervisor.delete_child(sup, "ig"))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await run(T)
    T.done()
