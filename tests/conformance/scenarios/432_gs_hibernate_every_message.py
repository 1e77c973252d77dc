"""432 gs_hibernate_every_message: port of 432_gs_hibernate_every_message.exs (rule there)."""

from __future__ import annotations

from typing import Any

from beampy.gen_server import GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


class Sleepy(GenServer):
    def init(self, _: Any) -> Ok:
        return Ok((0, 0), "hibernate")

    def handle_cast(self, request: Any, state: tuple[int, int]) -> NoReply:
        n, total = state
        return NoReply((n + 1, total + request[1]), "hibernate")

    def handle_call(self, request: Any, from_: Any, state: Any) -> Reply:
        return Reply(state, state, "hibernate")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Sleepy, None)
    T.name(pid, "server")
    for i in range(1, 100_001):
        GenServer.cast(pid, ("add", i))
    T.p("after_casts", await GenServer.call(pid, "get"))
    T.p("again", await GenServer.call(pid, "get"))
    T.done()
