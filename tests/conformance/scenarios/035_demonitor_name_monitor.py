"""035 demonitor_name_monitor: port of 035_demonitor_name_monitor.exs (rule stated there).

A name monitor shows in ``info(self(), "monitors")`` as ("process", (name, node)) and is
removed by ``demonitor`` like any other.
"""

from __future__ import annotations

import beampy
from tests.conformance.support.trace import Trace, process_info


async def stop_with_bye() -> None:
    await beampy.receive("stop")
    raise beampy.Exit("bye")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    svc = T.name(beampy.spawn(stop_with_bye), "svc_pid")
    assert beampy.register(svc, "svc") is True
    mref = T.name(beampy.monitor("svc"), "mref")
    T.p("monitors", process_info(me, "monitors"))
    T.p("demonitor_info", beampy.demonitor(mref, info=True))
    T.p("monitors_after", process_info(me, "monitors"))
    beampy.send("svc", "stop")
    T.p("svc_down", await T.wait_down(svc))
    await beampy.sleep(0.05)
    T.flush()
    T.p("demonitor_again", beampy.demonitor(mref, info=True))
    T.done()
