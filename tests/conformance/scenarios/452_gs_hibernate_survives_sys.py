"""452 gs_hibernate_survives_sys: port of 452_gs_hibernate_survives_sys.exs (rule there).

The BEAM's ``current_function`` of a hibernating process is ``{:erlang, :hibernate, 3}``;
beampy's is ``beampy.HIBERNATING``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import sys
from beampy.gen_server import GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


class Conf452(GenServer):
    def init(self, n: int) -> Ok:
        return Ok(n, "hibernate")

    def handle_call(self, request: Any, from_: Any, n: int) -> Reply:
        if request == "get":
            return Reply(n, n, "hibernate")
        return Reply(n, n)

    def handle_info(self, msg: Any, n: int) -> NoReply:
        return NoReply(n + 1)


async def hib(pid: beampy.Pid) -> bool:
    await beampy.sleep(0.05)
    return bool(beampy.info(pid, "current_function") == beampy.HIBERNATING)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Conf452, 1)
    T.name(pid, "server")
    T.p("after_init", await hib(pid))
    T.p("get_state", await sys.get_state(pid))
    T.p("after_get_state", await hib(pid))
    T.p("suspend", await sys.suspend(pid))
    T.p("while_suspended", await hib(pid))
    T.p("get_state_suspended", await sys.get_state(pid))
    T.p("still_suspended", await hib(pid))
    T.p("resume", await sys.resume(pid))
    T.p("after_resume", await hib(pid))
    T.p("replace_state", await sys.replace_state(pid, lambda n: n * 10))
    T.p("after_replace_state", await hib(pid))
    beampy.send(pid, "poke")
    T.p("after_info", await hib(pid))
    T.p("get_state_awake", await sys.get_state(pid))
    T.p("stays_awake", await hib(pid))
    T.p("call", await GenServer.call(pid, "get"))
    T.p("after_hibernating_call", await hib(pid))
    T.p("call_awake", await GenServer.call(pid, "get_awake"))
    T.p("after_plain_call", await hib(pid))
    T.done()
