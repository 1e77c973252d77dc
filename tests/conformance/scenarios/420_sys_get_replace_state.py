"""420 sys_get_replace_state: port of 420_sys_get_replace_state.exs (the rule is stated there).

Erlang's ``error(Reason)`` from ``:sys.replace_state`` is ``beampy.sys.CallbackFailed`` with
the same ``reason``; its inner ``{:error, e}`` holds the exception object, which the port shows
as the struct Elixir's ``catch :error`` binds (``rescued``).
"""

from __future__ import annotations

from typing import Any, NoReturn

import beampy
from beampy import sys
from beampy.gen_server import GenServer, Ok, Reply
from tests.conformance.support.trace import Trace, rescued


class Counter(GenServer):
    def init(self, n: int) -> Ok:
        return Ok(n)

    def handle_call(self, request: Any, from_: Any, n: int) -> Reply:
        return Reply(n, n)


def refuse(_: Any) -> NoReturn:
    raise RuntimeError("no")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Counter, 1)
    T.name(pid, "server")
    T.p("get_state", await sys.get_state(pid, 1.0))
    T.p("replace_state", await sys.replace_state(pid, lambda n: n + 10, 1.0))
    T.p("call_sees", await GenServer.call(pid, "get"))
    try:
        await sys.replace_state(pid, refuse, 1.0)
    except sys.CallbackFailed as e:
        tag, where, (kind, exc) = e.reason
        T.p("replace_raises", (tag, where, (kind, rescued(exc))))
    T.p("after_raise", await sys.get_state(pid, 1.0))
    T.p("server_alive", beampy.is_alive(pid))
    T.done()
