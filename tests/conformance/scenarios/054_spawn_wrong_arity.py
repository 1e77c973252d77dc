"""054 spawn_wrong_arity: port of 054_spawn_wrong_arity.exs (the rule is stated there).

Mappings:
  * ``fn x -> x end``                          -> ``async def one_arg(x)``
  * ``spawn_link(one_arg)``                    -> ``beampy.spawn_link(one_arg)``
  * ``spawn_monitor(:erlang, :apply, [f, a])`` -> ``beampy.spawn_monitor(f, *a)``
  * a call with the wrong number of arguments raises ``TypeError`` in Python; the reason
    ``{{:badarity, {fun, args}}, stacktrace}`` is printed by its tag ``:badarity`` on the
    Elixir side, so ``tag`` maps a ``TypeError`` reason to ``"badarity"``.
  * ``opaque(fun)`` (hides the fun's arity from the Erlang compiler) has no counterpart.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage, ExitMessage
from tests.conformance.support.trace import Trace


def tag(why: Any) -> Any:
    return "badarity" if isinstance(why, TypeError) else why


async def one_arg(x: Any) -> Any:
    return x


async def spawner(T: Trace, main: beampy.Pid) -> None:  # noqa: N803 - T as in Elixir
    beampy.flag("trap_exit", True)

    # spawn_link/1 with a fun of arity 1
    child = beampy.spawn_link(one_arg)
    exit_msg = await beampy.receive(ExitMessage(child, ANY))
    T.emit(main, ("spawn_link_exit", tag(exit_msg.reason)))

    # applied to too few and to too many arguments
    _, mref = beampy.spawn_monitor(one_arg)
    down = await beampy.receive(DownMessage(mref, ANY, ANY))
    T.emit(main, ("too_few_down", tag(down.reason)))

    _, mref = beampy.spawn_monitor(one_arg, 1, 2)
    down = await beampy.receive(DownMessage(mref, ANY, ANY))
    T.emit(main, ("too_many_down", tag(down.reason)))

    _, sender = await beampy.receive(("ping", ANY))
    beampy.send(sender, "pong")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    pid, smref = beampy.spawn_monitor(spawner, T, me)
    T.name(pid, "spawner")
    await T.ev()
    await T.ev()
    await T.ev()
    beampy.send(pid, ("ping", me))
    try:
        await beampy.receive("pong", timeout=1.0)
    except beampy.ReceiveTimeout:
        T.p("spawner", "no_pong")
    else:
        T.p("spawner", "pong")
    down = await beampy.receive(DownMessage(smref, ANY, ANY))
    T.p("spawner_down", down.reason)
    T.done()
