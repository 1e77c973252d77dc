"""021 exit_self_kill: port of 021_exit_self_kill.exs (the rule is stated there).

``exit(self(), "kill")`` kills the caller even when it traps exits; the reason is "killed".
"""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def victim_body(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    await beampy.receive("go")
    beampy.exit(beampy.self(), "kill")
    beampy.send(main, "continued")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    victim = T.name(beampy.spawn(victim_body, beampy.self()), "p")
    mref = beampy.monitor(victim)
    beampy.send(victim, "go")
    T.p("down", (await beampy.receive(DownMessage(mref, ANY, ANY))).reason)
    T.flush("leftover")
    T.done()
