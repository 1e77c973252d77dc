"""437 gs_bad_returns: port of 437_gs_bad_returns.exs (the rule is stated there).

The bad values are Python values of the same shape; the trace prints them as the BEAM did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import beampy
from beampy import ANY, DownMessage
from beampy.gen_server import GenServer, Ok
from tests.conformance.support.trace import Trace


class Bad(GenServer):
    def init(self, arg: Any) -> Any:
        return "oops" if arg == "bad" else Ok(arg)

    def handle_call(self, request: Any, from_: Any, state: Any) -> Any:
        return ("ok", "not_a_reply")

    def handle_cast(self, request: Any, state: Any) -> Any:
        return "nope"

    def handle_info(self, msg: Any, state: Any) -> Any:
        return ("reply", "x", "y")


async def down(pid: beampy.Pid, fn: Callable[[], Any]) -> Any:
    ref = beampy.monitor(pid)
    fn()
    return (await beampy.receive(DownMessage(ref, ANY, ANY))).reason


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    T.p("init", await GenServer.start(Bad, "bad"))
    _, a = await GenServer.start(Bad, "ok")
    T.name(a, "a")
    try:
        await GenServer.call(a, "bad")
    except beampy.Exit as e:
        T.p("call", e.reason)
    _, b = await GenServer.start(Bad, "ok")
    T.name(b, "b")
    T.p("cast", await down(b, lambda: GenServer.cast(b, "bad")))
    _, c = await GenServer.start(Bad, "ok")
    T.name(c, "c")
    T.p("info", await down(c, lambda: beampy.send(c, "bad")))
    T.done()
