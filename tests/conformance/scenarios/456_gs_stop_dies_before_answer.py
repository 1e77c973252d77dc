"""456 gs_stop_dies_before_answer: port of 456_gs_stop_dies_before_answer.exs (rule stated there).

A ``terminate`` that calls ``exit(:changed)`` is ``raise beampy.Exit("changed")``; the call that
blocks waits in ``receive("never")``.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

import beampy
from beampy import GenServer
from beampy.gen_server import Ok
from tests.conformance.support.trace import Trace


class Conf456(GenServer):
    def init(self, arg: Any) -> Ok:
        return Ok(arg)

    async def handle_call(self, request: Any, from_: Any, s: Any) -> Any:
        await beampy.receive("never")

    def terminate(self, reason: Any, s: Any) -> None:
        if reason == "other":
            raise beampy.Exit("changed")


async def caught(T: Trace, label: str, fn: Callable[[], Awaitable[Any]]) -> None:  # noqa: N803
    try:
        T.p(label, await fn())
    except beampy.Exit as e:
        T.p(label, e.reason)


async def _dies_on(reason: Any) -> None:
    await beampy.receive("die")
    raise beampy.Exit(reason)


async def _later(pid: beampy.Pid, msg: Any) -> None:
    await beampy.sleep(0.05)
    beampy.send(pid, msg)


async def _call_block(s: beampy.Pid) -> None:
    await GenServer.call(s, "block", math.inf)


async def _kill_later(s: beampy.Pid) -> None:
    await beampy.sleep(0.05)
    beampy.exit(s, "kill")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    p = T.name(beampy.spawn(_dies_on, "boom"), "plain")
    beampy.spawn(_later, p, "die")
    await caught(T, "plain", lambda: GenServer.stop(p))

    q = T.name(beampy.spawn(_dies_on, "normal"), "plain2")
    beampy.spawn(_later, q, "die")
    await caught(T, "plain_same_reason", lambda: GenServer.stop(q, "normal", 1.0))

    r = T.name(beampy.spawn(_dies_on, "boom"), "named")
    beampy.register(r, "conf456_named")
    beampy.spawn(_later, r, "die")
    await caught(T, "named", lambda: GenServer.stop("conf456_named", "shutdown", 1.0))

    _, s = await GenServer.start(Conf456, None)
    T.name(s, "busy")
    beampy.spawn(_call_block, s)
    await beampy.sleep(0.02)
    beampy.spawn(_kill_later, s)
    await caught(T, "killed_busy", lambda: GenServer.stop(s))

    _, o = await GenServer.start(Conf456, None)
    T.name(o, "other")
    await caught(T, "exit_other", lambda: GenServer.stop(o, "other"))

    gone = T.name(beampy.spawn(beampy.sleep, 0), "gone")
    await beampy.sleep(0.02)
    await caught(T, "noproc", lambda: GenServer.stop(gone, "normal", 1.0))

    _, k = await GenServer.start(Conf456, None)
    T.name(k, "fine")
    await caught(T, "ok", lambda: GenServer.stop(k))
    T.done()
