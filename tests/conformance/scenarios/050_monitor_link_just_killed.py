"""050 monitor_link_just_killed: port of 050_monitor_link_just_killed.exs (rule there).

A monitor (or, for a trapping caller, a link) set up right after ``exit(pid, "kill")``,
with nothing in between, finds the victim gone: DOWN / EXIT with reason "noproc".
"""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage, ExitMessage
from tests.conformance.support.trace import Trace


async def idle() -> None:
    await beampy.receive()


async def waits_after_ready(main: beampy.Pid) -> None:
    beampy.send(main, "ready")
    await beampy.receive()


async def kill_then_monitor(
    T: Trace,  # noqa: N803 - T as in Elixir
    pid: beampy.Pid,
    ref_label: str,
    label: str,
) -> None:
    beampy.exit(pid, "kill")
    mref = T.name(beampy.monitor(pid), ref_label)
    try:
        down = await beampy.receive(DownMessage(mref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_down")
    else:
        T.p(label, down)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()

    # spawned and killed before it had a chance to run
    fresh = T.name(beampy.spawn(idle), "fresh")
    await kill_then_monitor(T, fresh, "mref1", "fresh_down")

    # started and blocked in a receive
    waiting = T.name(beampy.spawn(waits_after_ready, me), "waiting")
    await beampy.receive("ready")
    await kill_then_monitor(T, waiting, "mref2", "waiting_down")

    # link instead of monitor, from a trapping caller
    beampy.flag("trap_exit", True)
    linked = T.name(beampy.spawn(idle), "linked")
    beampy.exit(linked, "kill")
    T.p("link", beampy.link(linked))
    try:
        m = await beampy.receive(ExitMessage(linked, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_exit")
    else:
        T.p("link_exit", m)

    await beampy.sleep(0.05)
    T.flush()
    T.done()
