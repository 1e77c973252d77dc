"""439 gs_second_reply: port of 439_gs_second_reply.exs (the rule is stated there).

A reply's tag is the call's alias reference here (``[:alias | ref]`` on the BEAM); the
mailbox is read as ``{_tag, value}`` on both sides, so only the values are shown.
"""

from __future__ import annotations

from typing import Any

import trio

import beampy
from beampy import Exit, GenServer
from beampy.gen_server import NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


class Twice(GenServer):
    def init(self, s: Any) -> Ok:
        return Ok(s)

    def handle_call(self, request: Any, from_: Any, s: Any) -> Reply | NoReply:
        match request:
            case "double":
                GenServer.reply(from_, "first")
                return Reply("second", s)
            case "park":
                return NoReply(from_)
            case "parked" | "last_from":
                return Reply(s, s)
            case _:  # "ping"
                return Reply("pong", from_)


def mailbox() -> list[Any]:
    out: list[Any] = []
    while True:
        try:
            msg = beampy.receive_nowait()
        except trio.WouldBlock:
            return out
        out.append(msg[1] if type(msg) is tuple and len(msg) == 2 else msg)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, s = await GenServer.start_link(Twice, None)
    T.name(s, "server")
    T.p("call", await GenServer.call(s, "double"))
    await beampy.sleep(0.05)
    T.p("mailbox", mailbox())

    try:
        await GenServer.call(s, "park", 0.05)
    except Exit as e:
        T.p("park", e.reason)
    from_ = await GenServer.call(s, "parked")
    T.p("late_reply", GenServer.reply(from_, "late"))
    await beampy.sleep(0.05)
    T.p("mailbox_after_late", mailbox())

    T.p("ping", await GenServer.call(s, "ping"))
    answered = await GenServer.call(s, "last_from")
    T.p("reply_to_answered", GenServer.reply(answered, "again"))
    await beampy.sleep(0.05)
    T.p("mailbox_after_answered", mailbox())
    T.done()
