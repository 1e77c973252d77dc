"""408 gs_deferred_reply: port of 408_gs_deferred_reply.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY
from beampy.gen_server import GenServer, NoReply, Ok
from tests.conformance.support.trace import Trace


async def replier(main: beampy.Pid, from_: Any) -> None:
    beampy.send(main, ("ev", ("reply_result", GenServer.reply(from_, ("answer", 42)))))


class Parker(GenServer):
    def init(self, main: beampy.Pid) -> Ok:
        return Ok((main, None))

    def handle_call(self, request: Any, from_: Any, state: Any) -> NoReply:
        main, _ = state
        beampy.send(main, ("ev", "request_parked"))
        return NoReply((main, from_))

    def handle_cast(self, request: Any, state: Any) -> NoReply:
        main, from_ = state
        beampy.spawn(replier, main, from_)  # the reply comes from another process
        return NoReply((main, None))


async def asker(main: beampy.Pid, pid: beampy.Pid) -> None:
    beampy.send(main, ("caller_got", await GenServer.call(pid, "question")))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, pid = await GenServer.start_link(Parker, me)
    T.name(pid, "server")
    T.name(beampy.spawn(asker, me, pid), "caller")
    await T.ev()
    GenServer.cast(pid, "answer")
    await T.ev()
    try:
        _, r = await beampy.receive(("caller_got", ANY), timeout=2.0)
    except beampy.ReceiveTimeout:
        T.say("caller_got_nothing")
    else:
        T.p("caller_got", r)
    T.done()
