"""451 gs_start_link_death_before_ack: port of 451_gs_start_link_death_before_ack.exs.

The rule is stated there. ``exit(:boom)`` in the linked child is ``raise beampy.Exit("boom")``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy.gen_server import GenServer, Ok, Stop
from tests.conformance.support.trace import Trace


async def _crash() -> None:
    raise beampy.Exit("boom")


class Conf451(GenServer):
    async def init(self, how: str) -> Any:
        if how == "kill_self":
            beampy.exit(beampy.self(), "kill")
        if how == "child_crashes":
            beampy.spawn_link(_crash)
            await beampy.receive("never")
            return Ok(None)
        return Stop("bad")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.flag("trap_exit", True)
    T.p("kill_self", await GenServer.start_link(Conf451, "kill_self"))
    await beampy.sleep(0.05)
    T.flush()
    T.p("child_crashes", await GenServer.start_link(Conf451, "child_crashes"))
    await beampy.sleep(0.05)
    T.flush()
    T.p("stop", await GenServer.start_link(Conf451, "stop"))
    await beampy.sleep(0.05)
    T.flush()
    T.done()
