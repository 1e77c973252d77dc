"""026 timers: port of 026_timers.exs (the rule is stated there).

Elixir's timers speak integer milliseconds, beampy's float seconds: the Elixir check
``is_integer(left) and left > 0 and left <= 100`` becomes ``0 < left <= 0.1`` on a float.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace


def remaining_ok(left: Any) -> bool:
    return isinstance(left, float) and 0 < left <= 0.1


async def forward_one(main: beampy.Pid) -> None:
    beampy.send(main, ("child_got", await beampy.receive()))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    tref = beampy.send_after(me, "tick", 0.1)
    left = beampy.read_timer(tref)
    try:
        early = await beampy.receive("tick", timeout=0)
    except beampy.ReceiveTimeout:
        early = "none"
    T.p("early", early)
    T.p("read_timer_ok", remaining_ok(left))

    try:
        await beampy.receive("tick", timeout=2.0)
    except beampy.ReceiveTimeout:
        T.say("no_tick")
    else:
        T.p("recv", "tick")
    T.p("read_after", beampy.read_timer(tref))
    T.p("cancel_after", beampy.cancel_timer(tref))

    tref2 = beampy.send_after(me, "never", 0.1)
    T.p("cancel_ok", remaining_ok(beampy.cancel_timer(tref2)))
    T.p("cancel_again", beampy.cancel_timer(tref2))
    await beampy.sleep(0.2)
    T.flush()

    child = T.name(beampy.spawn(forward_one, me), "child")
    beampy.send_after(child, "later", 0.03)
    try:
        _, m = await beampy.receive(("child_got", ANY), timeout=2.0)
    except beampy.ReceiveTimeout:
        T.say("child_got_nothing")
    else:
        T.p("child_got", m)
    T.done()
