"""401 gs_call_cast: port of 401_gs_call_cast.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

from beampy.gen_server import GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


class Stack(GenServer):
    def init(self, items: list[Any]) -> Ok:
        return Ok(items)

    def handle_call(self, request: Any, from_: Any, state: list[Any]) -> Reply:
        match request:
            case "pop":
                return Reply(state[0], state[1:])
            case _:  # "peek_all"
                return Reply(state, state)

    def handle_cast(self, request: Any, state: list[Any]) -> NoReply:
        _, x = request
        return NoReply([x, *state])


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Stack, ["a"])
    T.name(pid, "server")
    T.p("pop", await GenServer.call(pid, "pop"))
    T.p("cast", GenServer.cast(pid, ("push", "b")))
    GenServer.cast(pid, ("push", "c"))
    T.p("state_after_casts", await GenServer.call(pid, "peek_all"))
    T.done()
