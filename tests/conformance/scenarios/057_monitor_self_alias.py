"""057 monitor_self_alias: port of 057_monitor_self_alias.exs (the rule is stated there)."""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.register(beampy.self(), "me")
    for mode in ("explicit_unalias", "demonitor", "reply_demonitor"):
        for target in (beampy.self(), "me"):
            ref = beampy.monitor(target, alias=mode)
            beampy.send(ref, ("via", mode))
            await beampy.sleep(0.01)
            kind = "name" if isinstance(target, str) else "pid"
            T.p(f"{mode}_{kind}", (T.drain(), beampy.unalias(ref)))
    other = beampy.spawn(beampy.sleep, float("inf"))
    ref = beampy.monitor(other, alias="explicit_unalias")
    beampy.send(ref, "via")
    await beampy.sleep(0.01)
    T.p("other", (T.drain(), beampy.unalias(ref)))
    beampy.exit(other, "kill")
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("other_down", down.reason)
    T.done()
