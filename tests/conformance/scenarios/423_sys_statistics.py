"""423 sys_statistics: port of 423_sys_statistics.exs (the rule is stated there).

Elixir's keyword lists (``Keyword.keys``, ``stats[:key]``) are lists of pairs here.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import sys
from beampy.gen_server import GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


class Stat(GenServer):
    def init(self, n: int) -> Ok:
        return Ok(n)

    def handle_call(self, request: Any, from_: Any, n: int) -> Reply:
        return Reply(n, n)

    def handle_cast(self, request: Any, n: int) -> NoReply:
        return NoReply(n + 1)

    def handle_info(self, msg: Any, n: int) -> NoReply:
        return NoReply(n + 1)


def is_localtime(t: Any) -> bool:
    match t:
        case ((y, mo, d), (h, mi, s)):
            return all(type(x) is int for x in (y, mo, d, h, mi, s))
    return False


async def debug(pid: beampy.Pid) -> Any:
    _, _, _, [_, _, _, dbg, _] = await sys.get_status(pid, 1.0)
    return dbg


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Stat, 0)
    T.name(pid, "server")
    T.p("before", await sys.statistics(pid, "get", 1.0))
    T.p("on", await sys.statistics(pid, True, 1.0))
    assert await GenServer.call(pid, "get") == 0
    GenServer.cast(pid, "inc")
    beampy.send(pid, "inc")
    await sys.get_state(pid, 1.0)
    _, pairs = await sys.statistics(pid, "get", 1.0)
    stats = dict(pairs)
    T.p("keys", [k for k, _ in pairs])
    T.p(
        "times_are_localtime",
        is_localtime(stats["start_time"]) and is_localtime(stats["current_time"]),
    )
    T.p("reductions_is_integer", type(stats["reductions"]) is int)
    T.p("in_out", (stats["messages_in"], stats["messages_out"]))
    assert await sys.trace(pid, True, 1.0) == "ok"
    d = await debug(pid)
    T.p("debug_keys", [k for k, _ in d])
    _, _, din, dout = dict(d)["statistics"]
    T.p("debug_counts", (din, dout))
    T.p("trace_off", await sys.trace(pid, False, 1.0))
    T.p("debug_keys", [k for k, _ in await debug(pid)])
    T.p("off", await sys.statistics(pid, False, 1.0))
    T.p("after", await sys.statistics(pid, "get", 1.0))
    T.p("bad_flag", await sys.statistics(pid, "bogus", 1.0))  # type: ignore[arg-type]
    T.p("bad_trace_flag", await sys.trace(pid, "bogus", 1.0))  # type: ignore[arg-type]
    T.p("debug", await debug(pid))
    T.done()
