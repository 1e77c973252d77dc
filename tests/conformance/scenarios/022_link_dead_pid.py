"""022 link_dead_pid: port of 022_link_dead_pid.exs (the rule is stated there).

Linking to a dead pid: a trapping caller gets True and ``ExitMessage(pid, "noproc")``; a
non-trapping caller gets ``beampy.NoProcError`` (Elixir: ErlangError with original :noproc).
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace


async def returns_at_once() -> None:
    return None


async def trapping_linker(main: beampy.Pid, dead: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, ("trap_link_result", beampy.link(dead)))
    try:
        m = await beampy.receive(timeout=1.0)
    except beampy.ReceiveTimeout:
        m = "nothing"
    beampy.send(main, ("trap_got", m))


async def plain_linker(main: beampy.Pid, dead: beampy.Pid) -> None:
    outcome: tuple[str, Any]
    try:
        outcome = ("returned", beampy.link(dead))
    except beampy.NoProcError as err:
        outcome = ("raised", err.reason)
    beampy.send(main, ("plain", outcome))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    dead = T.name(beampy.spawn(returns_at_once), "dead")
    await T.wait_down(dead)

    beampy.spawn(trapping_linker, me, dead)
    _, result = await beampy.receive(("trap_link_result", ANY))
    T.p("trap_link_result", result)
    _, m = await beampy.receive(("trap_got", ANY))
    T.p("trap_got", m)

    beampy.spawn(plain_linker, me, dead)
    _, (how, what) = await beampy.receive(("plain", ANY))
    if how == "raised":
        T.p("plain_link_raised", what)
    else:
        T.p("plain_link", (how, what))
    T.done()
