"""045 exit_self_while_trapping: port of 045_exit_self_while_trapping.exs (rule stated there).

``exit(self(), r)`` (r not "kill") reaches a trapping caller as ``ExitMessage(self, r)``; a
non-trapping caller dies with a custom r.
"""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def trapper_body(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    me = beampy.self()
    beampy.exit(me, "custom")
    beampy.exit(me, "normal")
    beampy.send(main, ("got", await beampy.receive()))
    beampy.send(main, ("got", await beampy.receive()))
    await beampy.receive("stop")


async def plain_body(main: beampy.Pid) -> None:
    await beampy.receive("go")
    beampy.exit(beampy.self(), "custom")
    beampy.send(main, "continued")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    trapper = T.name(beampy.spawn(trapper_body, me), "trapper")
    for _ in range(2):
        _, m = await beampy.receive(("got", ANY))
        T.p("trapper_got", m)
    T.p("trapper_alive", beampy.is_alive(trapper))
    beampy.send(trapper, "stop")

    plain = T.name(beampy.spawn(plain_body, me), "plain")
    pref = beampy.monitor(plain)
    beampy.send(plain, "go")
    T.p("plain_down", (await beampy.receive(DownMessage(pref, ANY, ANY))).reason)
    try:
        await beampy.receive("continued", timeout=0.05)
    except beampy.ReceiveTimeout:
        continued = False
    else:
        continued = True
    T.p("plain_continued", continued)
    T.done()
