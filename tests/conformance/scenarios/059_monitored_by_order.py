"""059 monitored_by_order: port of the .exs of that name (rule stated there)."""

from __future__ import annotations

import beampy
from tests.conformance.support.trace import Trace, process_info


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    t = T.name(beampy.spawn(beampy.receive, "never"), "t")
    beampy.monitor(t)

    async def watcher() -> None:
        beampy.monitor(t)
        beampy.send(me, "ok")
        await beampy.receive("never")

    T.name(beampy.spawn(watcher), "p1")
    await beampy.receive("ok")
    beampy.monitor(t)
    T.name(beampy.spawn(watcher), "p2")
    await beampy.receive("ok")
    T.name(beampy.spawn(watcher), "p3")
    await beampy.receive("ok")
    T.p("monitored_by", process_info(t, "monitored_by"))
    T.done()
