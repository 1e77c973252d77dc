"""431 gs_multi_call_abcast: port of 431_gs_multi_call_abcast.exs (the rule is stated there).

Elixir's optional first argument ``nodes`` is the keyword argument ``nodes=``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy.gen_server import GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


class Notes(GenServer):
    def init(self, state: Any) -> Ok:
        return Ok(state)

    def handle_call(self, request: Any, from_: Any, notes: list[Any]) -> Reply:
        if request == "ping":
            return Reply("pong", notes)
        return Reply(notes, notes)

    def handle_cast(self, note: Any, notes: list[Any]) -> NoReply:
        return NoReply([*notes, note])


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Notes, [], name="notes")
    T.name(pid, "server")
    T.p("multi_call", await GenServer.multi_call("notes", "ping"))
    T.p("multi_call_nobody", await GenServer.multi_call("nobody_here", "ping"))
    T.p("multi_call_nodes", await GenServer.multi_call("notes", "ping", 1.0, nodes=[beampy.NODE]))
    T.p("abcast", GenServer.abcast("notes", "first"))
    T.p("abcast_nodes", GenServer.abcast("notes", "second", nodes=[beampy.NODE]))
    T.p("abcast_nobody", GenServer.abcast("nobody_here", "lost"))
    T.p("notes", await GenServer.call("notes", "notes"))
    T.done()
