"""060 cancel_timer_options_info_list: port of 060_cancel_timer_options_info_list.exs.

Elixir's ``info: false`` / ``async: true`` are ``info=False`` / ``async_=True``; the time
left is float seconds where Elixir has integer milliseconds (checked as ``0 < left <= 2``).
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def told(T: Trace, ref: Any, label: str, check: bool = False) -> None:  # noqa: N803
    try:
        m = await beampy.receive(("cancel_timer", ref, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_reply")
        return
    if check:
        left = m[2]
        T.p(label, isinstance(left, float) and 0 < left <= 2.0)
    else:
        T.p(label, m)


async def trapping_child(parent: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(parent, "ready")
    await beampy.receive("stop")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    quiet = beampy.send_after(me, "a", 2.0)
    T.p("info_false", beampy.cancel_timer(quiet, info=False))

    told_ref = T.name(beampy.send_after(me, "b", 2.0), "told")
    T.p("async", beampy.cancel_timer(told_ref, async_=True))
    await told(T, told_ref, "told_left", check=True)
    T.p("async_again", beampy.cancel_timer(told_ref, async_=True))
    await told(T, told_ref, "told_again")

    silent = beampy.send_after(me, "c", 2.0)
    T.p("async_quiet", beampy.cancel_timer(silent, async_=True, info=False))

    plain = T.name(beampy.make_ref(), "plain")
    T.p("async_plain", beampy.cancel_timer(plain, async_=True))
    await told(T, plain, "told_plain")

    try:
        m = await beampy.receive(timeout=0.1)
    except beampy.ReceiveTimeout:
        T.p("nothing_else", "none")
    else:
        T.p("unexpected", m)

    child = beampy.spawn(trapping_child, me)
    await beampy.receive("ready")
    T.p("info_list", beampy.info(child, ["trap_exit", "priority", "links"]))
    beampy.send(child, "stop")
    dead = beampy.spawn(beampy.sleep, 0)
    ref = beampy.monitor(dead)
    await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("info_list_dead", beampy.info(dead, ["links"]))
    T.done()
