"""020 exit_self_normal: port of 020_exit_self_normal.exs (the rule is stated there).

``exit(self(), "normal")`` ends a non-trapping caller with "normal"; a trapping caller gets
``ExitMessage(self, "normal")`` and carries on.
"""

from __future__ import annotations

import math

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def plain_body(main: beampy.Pid) -> None:
    await beampy.receive("go")
    beampy.exit(beampy.self(), "normal")
    beampy.send(main, "continued")
    await beampy.sleep(math.inf)


async def trapping_body(main: beampy.Pid) -> None:
    await beampy.receive("go")
    beampy.flag("trap_exit", True)
    beampy.exit(beampy.self(), "normal")
    beampy.send(main, ("got", await beampy.receive()))
    raise beampy.Exit("finished")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    plain = T.name(beampy.spawn(plain_body, me), "plain")
    plain_ref = beampy.monitor(plain)
    beampy.send(plain, "go")
    T.p("plain_down", (await beampy.receive(DownMessage(plain_ref, ANY, ANY))).reason)
    try:
        await beampy.receive("continued", timeout=0.05)
    except beampy.ReceiveTimeout:
        continued = False
    else:
        continued = True
    T.p("plain_continued", continued)

    trapping = T.name(beampy.spawn(trapping_body, me), "trapper")
    trap_ref = beampy.monitor(trapping)
    beampy.send(trapping, "go")
    _, m = await beampy.receive(("got", ANY))
    T.p("trapper_got", m)
    T.p("trapper_down", (await beampy.receive(DownMessage(trap_ref, ANY, ANY))).reason)
    T.done()
