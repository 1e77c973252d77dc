"""457 gs_multi_call_timeout_helper: port of 457_gs_multi_call_timeout_helper.exs (the rule is
stated there).

Elixir's map of booleans is a dict; ``System.monotonic_time`` is ``trio.current_time()`` (the
MockClock's).  ``[node()]`` is ``nodes=[beampy.NODE]``.
"""

from __future__ import annotations

from typing import Any

import trio

import beampy
from beampy import GenServer
from beampy.gen_server import Ok, Reply
from tests.conformance.support.trace import Trace


class Answerer(GenServer):
    def init(self, main: Any) -> Ok:
        return Ok(main)

    def handle_call(self, request: Any, from_: Any, main: Any) -> Reply:
        if request == "who_asks":
            pid, tag = from_
            shape = {
                "caller": pid == main,
                "ref_tag": isinstance(tag, beampy.Ref),
                "tuple_tag": isinstance(tag, tuple),
            }
            return Reply(shape, main)
        GenServer.reply(from_, "first")
        return Reply("second", main)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    nodes = [beampy.NODE]
    await GenServer.start(Answerer, me, name="answerer")
    T.p("who_asks", await GenServer.multi_call("answerer", "who_asks", 1.0, nodes=nodes))
    T.p("answer_twice", await GenServer.multi_call("answerer", "answer_twice", 1.0, nodes=nodes))
    await beampy.sleep(0.05)
    T.flush()
    beampy.register(me, "me")
    started = trio.current_time()
    T.p("self_call", await GenServer.multi_call("me", "hello", 0.2, nodes=nodes))
    T.p("waited_the_timeout", trio.current_time() - started >= 0.2)
    T.flush()
    T.done()
