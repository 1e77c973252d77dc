"""017 exit2_kill_untrappable: port of 017_exit2_kill_untrappable.exs (the rule is there).

``exit(pid, "kill")`` kills even a trapping process; monitors see "killed".
"""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def trapper(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, "ready")
    beampy.send(main, ("got", await beampy.receive()))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    victim = T.name(beampy.spawn(trapper, beampy.self()), "trapper")
    await beampy.receive("ready")
    mref = beampy.monitor(victim)
    beampy.exit(victim, "kill")
    T.p("down", (await beampy.receive(DownMessage(mref, ANY, ANY))).reason)
    try:
        await beampy.receive(("got", ANY), timeout=0.05)
    except beampy.ReceiveTimeout:
        got_message = False
    else:
        got_message = True
    T.p("got_message", got_message)
    T.done()
