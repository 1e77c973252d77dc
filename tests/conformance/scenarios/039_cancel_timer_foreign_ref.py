"""039 cancel_timer_foreign_ref: port of 039_cancel_timer_foreign_ref.exs (rule stated there).

cancel_timer/read_timer of a Ref that is not a timer return False and change nothing.
"""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def stop_with_bye() -> None:
    await beampy.receive("stop")
    raise beampy.Exit("bye")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    plain = beampy.make_ref()
    T.p("cancel_plain_ref", beampy.cancel_timer(plain))
    T.p("read_plain_ref", beampy.read_timer(plain))

    w = T.name(beampy.spawn(stop_with_bye), "w")
    mref = T.name(beampy.monitor(w), "mref")
    T.p("cancel_monitor_ref", beampy.cancel_timer(mref))
    T.p("read_monitor_ref", beampy.read_timer(mref))
    beampy.send(w, "stop")
    try:
        down = await beampy.receive(DownMessage(mref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_down")
    else:
        T.p("down", down)
    T.done()
