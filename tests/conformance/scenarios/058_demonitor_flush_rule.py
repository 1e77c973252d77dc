"""058 demonitor_flush_rule: port of the .exs of that name (rule stated there).

Elixir's ``{:DOWN, ref, :process, pid, reason}`` is ``DownMessage(ref, pid, reason)``,
which the flush takes as the BEAM's takes the DOWN tuple.
"""

from __future__ import annotations

import beampy
from tests.conformance.support.trace import Trace


async def waiter() -> None:
    await beampy.receive("stop")
    raise beampy.Exit("bye")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()

    d = T.name(beampy.spawn(waiter), "d")
    m = T.name(beampy.monitor(d), "m")
    beampy.send(me, ("foo", m, 1, 2, 3))
    beampy.send(d, "stop")
    await beampy.sleep(0.05)
    T.p("fired_flush_info", beampy.demonitor(m, flush=True, info=True))
    T.p("fired_mailbox", T.drain())

    d2 = T.name(beampy.spawn(waiter), "d2")
    m2 = T.name(beampy.monitor(d2), "m2")
    beampy.send(me, ("foo", m2, 1, 2, 3))
    T.p("active_flush_info", beampy.demonitor(m2, flush=True, info=True))
    T.p("active_mailbox", T.drain())
    beampy.send(d2, "stop")

    a = T.name(beampy.alias(), "a")
    beampy.send(me, ("y", a, 1, 2))
    beampy.send(me, ("x", a, 1, 2, 3))
    beampy.send(me, ("z", a, 1, 2, 3))
    T.p("alias_flush", beampy.demonitor(a, flush=True))
    T.p("alias_mailbox", T.drain())
    T.done()
