"""032 self_exit_kill_trappable: port of 032_self_exit_kill_trappable.exs (rule stated there).

``raise beampy.Exit("kill")`` (Elixir ``exit(:kill)``) ends the process with "kill", which
its links receive as an ordinary reason: a non-trapping peer dies with "kill", a trapping one
gets ``ExitMessage(x, "kill")``.
"""

from __future__ import annotations

import math

import beampy
from beampy import ANY, DownMessage, ExitMessage
from tests.conformance.support.trace import Trace


async def x_body() -> None:
    await beampy.receive("go")
    raise beampy.Exit("kill")


async def peer_body(main: beampy.Pid) -> None:
    beampy.send(main, ("x", beampy.spawn_link(x_body)))
    await beampy.sleep(math.inf)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.flag("trap_exit", True)
    peer = T.name(beampy.spawn(peer_body, beampy.self()), "peer")
    _, x = await beampy.receive(("x", ANY))
    T.name(x, "x")
    assert beampy.link(x) is True
    x_ref = beampy.monitor(x)
    peer_ref = beampy.monitor(peer)
    beampy.send(x, "go")

    T.p("x_down", (await beampy.receive(DownMessage(x_ref, ANY, ANY))).reason)
    T.p("peer_down", (await beampy.receive(DownMessage(peer_ref, ANY, ANY))).reason)
    try:
        m = await beampy.receive(ExitMessage(x, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_exit_message")
    else:
        T.p("trapper_got", m)
    T.done()
