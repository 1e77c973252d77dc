"""454 gs_via_refused: port of 454_gs_via_refused.exs (rule stated there).

Erlang's ``:undefined`` from a via registry is Python's ``None``; the Elixir script maps the
holder it gets (``:undefined``) to ``nil`` so both print the same line.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy.gen_server import GenServer, Ok
from tests.conformance.support.trace import Trace


class Refuses:
    def register_name(self, key: Any, pid: beampy.Pid) -> bool:
        return False

    def unregister_name(self, key: Any) -> None:
        pass

    def whereis_name(self, key: Any) -> None:
        return None

    def send(self, key: Any, msg: Any) -> None:
        raise beampy.Exit(("badarg", (key, msg)))


class Srv454(GenServer):
    def init(self, parent: beampy.Pid) -> Ok:
        beampy.send(parent, "init_ran")
        return Ok(parent)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    before = len(beampy.list())
    T.p("start", await GenServer.start(Srv454, beampy.self(), name=("via", Refuses(), "k")))
    try:
        await beampy.receive("init_ran", timeout=0.1)
    except beampy.ReceiveTimeout:
        T.p("init_ran", False)
    else:
        T.p("init_ran", True)
    T.p("same_count", len(beampy.list()) == before)
    T.done()
