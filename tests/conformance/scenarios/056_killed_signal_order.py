"""056 killed_signal_order: port of 056_killed_signal_order.exs (the rule is stated there).

beampy's killed process unwinds (its ``finally`` blocks run) before it sends its EXITs and
DOWNs; what is checked is the order those and the ``noproc`` answers arrive in.
"""

from __future__ import annotations

import beampy
from tests.conformance.support.trace import Trace


async def idle() -> None:
    await beampy.receive("never")


async def take(T: Trace, label: str) -> None:  # noqa: N803
    try:
        T.p(label, await beampy.receive(timeout=1.0))
    except beampy.ReceiveTimeout:
        T.say("nothing")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.flag("trap_exit", True)
    p = T.name(beampy.spawn_link(idle), "p")
    T.name(beampy.monitor(p), "before_kill")
    beampy.register(p, "svc")
    await beampy.sleep(0.05)
    beampy.exit(p, "shutdown")
    T.name(beampy.monitor(p), "after_kill")
    T.p("link_again", beampy.link(p))
    for i in range(1, 4):
        await take(T, f"p_{i}")

    q = T.name(beampy.spawn(idle), "q")
    T.name(beampy.monitor(q), "q_before_kill")
    await beampy.sleep(0.05)
    beampy.exit(q, "kill")
    T.p("link_after_kill", beampy.link(q))
    for i in range(1, 3):
        await take(T, f"q_{i}")

    # answers in request order: a link, then a monitor by the name it held
    r = T.name(beampy.spawn(idle), "r")
    T.name(beampy.monitor(r), "r_before_kill")
    beampy.register(r, "svc2")
    await beampy.sleep(0.05)
    beampy.exit(r, "shutdown")
    T.p("link_r", beampy.link(r))
    T.name(beampy.monitor("svc2"), "by_name")
    for i in range(1, 4):
        await take(T, f"r_{i}")

    T.say("mailbox")
    await take(T, "left")
    T.p("whereis", beampy.whereis("svc"))
    T.p("register", beampy.register(beampy.self(), "svc"))
    T.done()
