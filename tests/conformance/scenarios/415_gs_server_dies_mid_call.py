"""415 gs_server_dies_mid_call: port of 415_gs_server_dies_mid_call.exs (rule stated there)."""

from __future__ import annotations

import math
from typing import Any, NoReturn

import beampy
from beampy import ANY
from beampy.gen_server import GenServer, Ok
from tests.conformance.support.trace import Trace


class Fragile(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        return Ok(main)

    async def handle_call(self, request: Any, from_: Any, main: beampy.Pid) -> NoReturn:
        if request == "crash":
            raise beampy.Exit("boom")
        if request == "raise":
            raise RuntimeError("bad call")
        beampy.send(main, ("ev", "blocking"))
        await beampy.sleep(math.inf)
        raise AssertionError("unreachable")


async def blocked_caller(main: beampy.Pid, s2: beampy.Pid) -> None:
    try:
        await GenServer.call(s2, "block")
    except beampy.Exit as e:
        beampy.send(main, ("caller_exit", e.reason))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, s1 = await GenServer.start(Fragile, me)
    T.name(s1, "s1")
    try:
        await GenServer.call(s1, "crash")
    except beampy.Exit as e:
        T.p("exit_in_call", e.reason)

    _, s2 = await GenServer.start(Fragile, me)
    T.name(s2, "s2")
    T.name(beampy.spawn(blocked_caller, me, s2), "caller")
    await beampy.receive(("ev", "blocking"))
    beampy.exit(s2, "kill")
    _, reason = await beampy.receive(("caller_exit", ANY))
    T.p("killed_while_waiting", reason)

    _, s3 = await GenServer.start(Fragile, me)
    T.name(s3, "s3")
    try:
        await GenServer.call(s3, "raise")
    except beampy.Exit as e:
        T.p("raise_in_call", e.reason)
    T.done()
