"""044 receive_pinned_ref: port of 044_receive_pinned_ref.exs (the rule is stated there).

Elixir's ``{^ref, x}`` pattern is the tuple pattern ``(ref, ANY)``: a Ref literal matches only
that very reference.
"""

from __future__ import annotations

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace


async def answer_ping(main: beampy.Pid) -> None:
    _, t = await beampy.receive(("ping", ANY))
    beampy.send(main, (t, "pong"))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    r1 = beampy.make_ref()
    r2 = beampy.make_ref()
    beampy.send(me, (r2, "b"))
    beampy.send(me, (beampy.make_ref(), "c"))
    beampy.send(me, (r1, "a"))

    _, x = await beampy.receive((r1, ANY))
    T.p("pinned_r1", x)
    _, x = await beampy.receive((r2, ANY))
    T.p("pinned_r2", x)

    fresh = beampy.make_ref()
    try:
        await beampy.receive((fresh, ANY), timeout=0.05)
    except beampy.ReceiveTimeout:
        timed_out = True
    else:
        timed_out = False
    T.p("fresh_ref_timeout", timed_out)

    tag = beampy.make_ref()
    child = beampy.spawn(answer_ping, me)
    beampy.send(me, "noise")
    beampy.send(child, ("ping", tag))
    try:
        _, x = await beampy.receive((tag, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_reply")
    else:
        T.p("child_reply", x)
    T.flush()
    T.done()
