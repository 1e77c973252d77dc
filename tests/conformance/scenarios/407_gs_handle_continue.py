"""407 gs_handle_continue: port of 407_gs_handle_continue.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy.gen_server import Continue, GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


class Cont(GenServer):
    def init(self, _: Any) -> Ok:
        return Ok(["init"], Continue("warm_up"))

    async def handle_continue(self, arg: Any, log: list[Any]) -> NoReply:
        await beampy.sleep(0.05)
        return NoReply([*log, ("continue", arg)])

    def handle_call(self, request: Any, from_: Any, log: list[Any]) -> Reply:
        if request == "log":
            log = [*log, ("call", "log")]
            return Reply(log, log)
        return Reply("ok", [*log, ("call", "log_and_continue")], Continue("after_reply"))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Cont, None)
    T.name(pid, "server")
    T.p("first_call", await GenServer.call(pid, "log"))
    assert await GenServer.call(pid, "log_and_continue") == "ok"
    T.p("second", await GenServer.call(pid, "log"))
    T.done()
