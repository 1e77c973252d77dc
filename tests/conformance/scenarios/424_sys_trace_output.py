"""424 sys_trace_output: port of 424_sys_trace_output.exs (the rule is stated there).

The BEAM prints the ``*DBG*`` lines to the server's group leader, which the Elixir side
replaces with a StringIO; beampy prints them to the host's stdout, which the port redirects
for as long as tracing is on.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import beampy
from beampy import sys
from beampy.gen_server import GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


class Adder(GenServer):
    def init(self, n: int) -> Ok:
        return Ok(n)

    def handle_call(self, x: int, from_: Any, n: int) -> Reply | NoReply:
        if x == 0:
            GenServer.reply(from_, n)
            return NoReply(n)
        return Reply(x, n + x)

    def handle_cast(self, x: int, n: int) -> NoReply:
        return NoReply(n + x)

    def handle_info(self, x: int, n: int) -> NoReply:
        return NoReply(n + x)


def lines(buf: io.StringIO, pids: list[tuple[beampy.Pid, str]]) -> list[str]:
    out = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    shown = []
    for line in out.splitlines():
        for pid, label in pids:
            line = line.replace(repr(pid), label)
        shown.append(line)
    return shown


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, pid = await GenServer.start_link(Adder, 0, name="conf424")
    T.name(pid, "server")
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        T.p("trace", await sys.trace(pid, True, 1.0))
        assert await GenServer.call(pid, 7) == 7
        GenServer.cast(pid, 3)
        beampy.send(pid, 5)
        assert await GenServer.call(pid, 0) == 15
        await sys.get_state(pid, 1.0)
        assert await sys.trace(pid, False, 1.0) == "ok"
        pids = [(pid, "server"), (me, "main")]
        for line in lines(buf, pids):
            T.say("dbg " + line)
        assert await GenServer.call(pid, 2) == 2
        T.p("after_off", lines(buf, pids))
    T.done()
