"""426 sys_change_code: port of 426_sys_change_code.exs (the rule is stated there)."""

from __future__ import annotations

from typing import Any

from beampy import sys
from beampy.gen_server import GenServer, Ok, Reply
from tests.conformance.support.trace import Trace


class Upgradable(GenServer):
    def init(self, n: int) -> Ok:
        return Ok(n)

    def handle_call(self, request: Any, from_: Any, s: Any) -> Reply:
        return Reply(s, s)

    def code_change(self, old_vsn: Any, s: Any, extra: Any) -> Any:
        if extra == "upgrade":
            return ("ok", ("v2", s))
        if extra == "refuse":
            return "refused"
        raise RuntimeError("cannot")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = await GenServer.start_link(Upgradable, 1)
    T.name(pid, "server")
    T.p("running", await sys.change_code(pid, "mod", 1, "upgrade", 1.0))
    assert await sys.suspend(pid, 1.0) == "ok"
    T.p("upgrade", await sys.change_code(pid, "mod", 1, "upgrade", 1.0))
    T.p("state_after_upgrade", await sys.get_state(pid, 1.0))
    T.p("refuse", await sys.change_code(pid, "mod", 1, "refuse", 1.0))
    T.p("crash", await sys.change_code(pid, "mod", 1, "crash", 1.0))
    T.p("state_kept", await sys.get_state(pid, 1.0))
    T.p("resume", await sys.resume(pid, 1.0))
    T.p("call_after", await GenServer.call(pid, "get"))
    T.done()
