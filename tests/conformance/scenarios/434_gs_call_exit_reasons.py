"""434 gs_call_exit_reasons: port of 434_gs_call_exit_reasons.exs (the rule is stated there)."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn

import beampy
from beampy.gen_server import GenServer, Ok, Stop
from tests.conformance.support.trace import Trace


class Ender(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        return Ok(main)

    async def handle_call(self, request: Any, from_: Any, main: beampy.Pid) -> Stop:
        if request != "slow":
            return Stop(request[1], main)
        beampy.send(main, ("ev", "slow_started"))
        await beampy.receive("never")
        raise AssertionError("unreachable")


async def caught(T: Trace, label: str, fn: Callable[[], Awaitable[Any]]) -> None:  # noqa: N803
    try:
        T.p(label + "_returned", await fn())
    except beampy.Exit as e:
        T.p(label, e.reason)


async def slow_caller(pid: beampy.Pid) -> None:
    await GenServer.call(pid, "slow", math.inf)


async def killer(pid: beampy.Pid) -> NoReturn:
    await beampy.sleep(0.03)
    beampy.exit(pid, "kill")
    raise beampy.Exit("normal")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, a = await GenServer.start(Ender, me)
    T.name(a, "a")
    await caught(T, "normal", lambda: GenServer.call(a, ("stop_with", "normal")))
    _, b = await GenServer.start(Ender, me)
    T.name(b, "b")
    await caught(T, "shutdown", lambda: GenServer.call(b, ("stop_with", ("shutdown", "bye"))))
    _, c = await GenServer.start(Ender, me)
    T.name(c, "c")
    beampy.spawn(slow_caller, c)
    await beampy.receive(("ev", "slow_started"))
    beampy.spawn(killer, c)
    await caught(T, "killed", lambda: GenServer.call(c, "queued_behind"))
    await beampy.sleep(0.02)
    T.flush()
    T.done()
