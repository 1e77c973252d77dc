"""421 sys_suspend_resume: port of 421_sys_suspend_resume.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import sys
from beampy.gen_server import GenServer, NoReply, Ok, Reply
from tests.conformance.support.trace import Trace


class Log(GenServer):
    def init(self, _: Any) -> Ok:
        return Ok([])

    def handle_call(self, request: Any, from_: Any, log: list[str]) -> Reply:
        if request == "log":
            return Reply([*log, "call"], [*log, "call"])
        return Reply(log, log)

    def handle_cast(self, request: Any, log: list[str]) -> NoReply:
        return NoReply([*log, "cast"])

    def handle_info(self, msg: Any, log: list[str]) -> NoReply:
        return NoReply([*log, "info"])


async def sys_state(pid: beampy.Pid) -> Any:
    _, _, _, [_pdict, state, *_] = await sys.get_status(pid, 1.0)
    return state


async def log_caller(T: Trace, main: beampy.Pid, pid: beampy.Pid) -> None:  # noqa: N803
    T.emit(main, ("reply", await GenServer.call(pid, "log", 2.0)))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, pid = await GenServer.start_link(Log, None)
    T.name(pid, "server")
    T.p("suspend", await sys.suspend(pid, 1.0))
    T.p("sys_state", await sys_state(pid))
    beampy.send(pid, "info")
    GenServer.cast(pid, "cast")
    beampy.spawn(log_caller, T, me, pid)
    T.p("get_state_while_suspended", await sys.get_state(pid, 1.0))
    await T.ev(0.05)
    T.p("resume", await sys.resume(pid, 1.0))
    await T.ev()
    T.p("sys_state", await sys_state(pid))
    T.p("handled", await GenServer.call(pid, "read"))
    T.done()
