"""416 gs_named_registration: port of 416_gs_named_registration.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy.gen_server import GenServer, Ok, Reply
from tests.conformance.support.trace import Trace


class Named(GenServer):
    def init(self, state: Any) -> Ok:
        return Ok(state)

    def handle_call(self, request: Any, from_: Any, state: Any) -> Reply:
        return Reply("pong", state)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Named, None, name="my_server")
    T.name(pid, "server")
    T.p("whereis", beampy.whereis("my_server"))
    T.p("call_by_name", await GenServer.call("my_server", "ping"))
    T.p("second_start", await GenServer.start_link(Named, None, name="my_server"))
    T.p("stop", await GenServer.stop("my_server"))
    T.p("whereis_after", beampy.whereis("my_server"))
    T.done()
