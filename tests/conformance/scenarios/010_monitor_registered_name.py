"""010 monitor_registered_name: port of 010_monitor_registered_name.exs (the rule is there).

A name monitor's DOWN names the object as ``(name, "nonode@nohost")``; an unregistered name
gives an immediate DOWN "noproc".
"""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def stop_with_bye() -> None:
    await beampy.receive("stop")
    raise beampy.Exit("bye")


async def await_down(T: Trace, mref: beampy.Ref) -> None:  # noqa: N803 - T as in Elixir
    try:
        down = await beampy.receive(DownMessage(mref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_down")
    else:
        T.p("down", down)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    svc = T.name(beampy.spawn(stop_with_bye), "svc_pid")
    assert beampy.register(svc, "svc") is True
    mref = T.name(beampy.monitor("svc"), "mref")
    beampy.send("svc", "stop")
    await await_down(T, mref)

    await await_down(T, T.name(beampy.monitor("nobody"), "mref2"))
    T.done()
