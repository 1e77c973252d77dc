"""016 exit2_custom_reason: port of 016_exit2_custom_reason.exs (the rule is stated there).

``exit(pid, "custom")`` kills a non-trapping target with "custom"; a trapping one receives
``ExitMessage(caller, "custom")`` and lives.
"""

from __future__ import annotations

import math

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def sleep_forever() -> None:
    await beampy.sleep(math.inf)


async def trapper(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, "ready")
    beampy.send(main, ("got", await beampy.receive()))
    await beampy.receive("stop")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    plain = T.name(beampy.spawn(sleep_forever), "plain")
    mref = beampy.monitor(plain)
    beampy.exit(plain, "custom")
    T.p("plain_down", (await beampy.receive(DownMessage(mref, ANY, ANY))).reason)

    trapping = T.name(beampy.spawn(trapper, beampy.self()), "trapper")
    await beampy.receive("ready")
    beampy.exit(trapping, "custom")
    try:
        _, m = await beampy.receive(("got", ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("nothing")
    else:
        T.p("trapper_got", m)
    T.p("trapper_alive", beampy.is_alive(trapping))
    beampy.send(trapping, "stop")
    T.done()
