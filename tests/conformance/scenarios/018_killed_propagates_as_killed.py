"""018 killed_propagates_as_killed: port of 018_killed_propagates_as_killed.exs (rule there).

A process killed with "kill" exits "killed", which its links receive as a trappable reason.
"""

from __future__ import annotations

import math

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def sleep_forever() -> None:
    await beampy.sleep(math.inf)


async def a_body(main: beampy.Pid) -> None:
    beampy.send(main, ("b", beampy.spawn_link(sleep_forever)))
    await beampy.sleep(math.inf)


async def trapper(main: beampy.Pid, b: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    assert beampy.link(b) is True
    beampy.send(main, "linked")
    beampy.send(main, ("got", await beampy.receive()))
    await beampy.receive("stop")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    # a (not trapping) spawn_links b
    a = T.name(beampy.spawn(a_body, me), "a")
    _, b = await beampy.receive(("b", ANY))
    T.name(b, "b")
    # a trapping process links itself to b as well
    trapping = T.name(beampy.spawn(trapper, me, b), "trapper")
    await beampy.receive("linked")
    a_ref = beampy.monitor(a)
    b_ref = beampy.monitor(b)
    beampy.exit(b, "kill")

    T.p("b_down", (await beampy.receive(DownMessage(b_ref, ANY, ANY))).reason)
    T.p("a_down", (await beampy.receive(DownMessage(a_ref, ANY, ANY))).reason)
    _, m = await beampy.receive(("got", ANY))
    T.p("trapper_got", m)
    T.p("trapper_alive", beampy.is_alive(trapping))
    beampy.send(trapping, "stop")
    T.done()
