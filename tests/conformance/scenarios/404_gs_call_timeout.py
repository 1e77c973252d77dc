"""404 gs_call_timeout: port of 404_gs_call_timeout.exs (the rule is stated there).

Elixir's 50 ms is 0.05 s; the trace shows the timeout back in milliseconds.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy.gen_server import GenServer, NoReply, Ok
from tests.conformance.support.trace import Trace


class Slow(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        return Ok((main, None))

    def handle_call(self, request: Any, from_: Any, state: Any) -> NoReply:
        main, _ = state
        return NoReply((main, from_))

    def handle_cast(self, request: Any, state: Any) -> NoReply:
        main, from_ = state
        GenServer.reply(from_, "too_late")
        beampy.send(main, ("ev", "late_reply_sent"))
        return NoReply((main, None))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Slow, beampy.self())
    T.name(pid, "server")
    try:
        await GenServer.call(pid, "hang", 0.05)
    except beampy.Exit as e:
        T.p("call_exit", e.reason)
    T.p("server_alive", beampy.is_alive(pid))
    GenServer.cast(pid, "release")
    await T.ev()
    await beampy.sleep(0.05)
    T.flush()
    T.done()
