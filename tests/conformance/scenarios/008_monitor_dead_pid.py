"""008 monitor_dead_pid: port of 008_monitor_dead_pid.exs (the rule is stated there).

Monitoring an already dead pid gives an immediate DOWN with reason "noproc".
"""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def returns_at_once() -> None:
    return None


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    child = T.name(beampy.spawn(returns_at_once), "child")
    T.p("first_down", await T.wait_down(child))
    mref = T.name(beampy.monitor(child), "mref")
    try:
        down = await beampy.receive(DownMessage(mref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_down")
    else:
        T.p("down", down)
    T.done()
