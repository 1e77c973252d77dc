"""438 gs_default_callbacks: port of 438_gs_default_callbacks.exs (the rule is stated there).

The default handle_info logs the unexpected message (structlog event
``genserver_unexpected_message``); the test runner captures structlog output.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage
from beampy.gen_server import GenServer, Ok
from tests.conformance.support.trace import Trace


class Bare(GenServer):
    def init(self, state: Any) -> Ok:
        return Ok(state)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, a = await GenServer.start(Bare, None, name="bare_a")
    T.name(a, "a")
    try:
        await GenServer.call("bare_a", "hello")
    except beampy.Exit as e:
        T.p("call", e.reason)

    _, b = await GenServer.start(Bare, None, name="bare_b")
    T.name(b, "b")
    ref = beampy.monitor(b)
    GenServer.cast("bare_b", "hello")
    T.p("cast_down", (await beampy.receive(DownMessage(ref, ANY, ANY))).reason)

    _, c = await GenServer.start(Bare, None, name="bare_c")
    T.name(c, "c")
    beampy.send(c, "unexpected")
    await beampy.sleep(0.02)
    T.p("alive_after_info", beampy.is_alive(c))
    T.p("stop", await GenServer.stop(c))
    T.done()
