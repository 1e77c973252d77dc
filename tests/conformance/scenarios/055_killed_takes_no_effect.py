"""055 killed_takes_no_effect: port of 055_killed_takes_no_effect.exs (the rule is stated there).

Mappings:
  * ``try ... after send(main, {:cleanup, tag}) end`` -> ``try: ... finally: beampy.send(...)``.
    A BEAM process ended by another's exit signal skips its ``after`` clause; a beampy process
    unwinds through its ``finally`` (docs/differences.md), but once dead its ``send`` there
    takes no effect (it raises the exit again), so no ``{:cleanup, tag}`` arrives either way.
  * the busy poller's ``receive ... after 0`` is ``receive(..., timeout=0)`` in a loop that
    gives up after ``LIMIT`` polls, as the Elixir code does.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace

LIMIT = 100_000


async def down(mref: beampy.Ref) -> Any:
    try:
        d = await beampy.receive(DownMessage(mref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        return "no_down"
    return d.reason


async def blocked(main: beampy.Pid) -> None:
    beampy.send(main, "ready")
    await beampy.receive("go")
    for i in range(1, 101):
        beampy.send(main, ("tick", i))


async def poll_echo(main: beampy.Pid) -> None:
    """Echoes ("echo", k) requests, polling with ``timeout=0`` in between."""
    n = 0
    while True:
        try:
            _, k = await beampy.receive(("echo", ANY), timeout=0)
        except beampy.ReceiveTimeout:
            if n >= LIMIT:
                beampy.send(main, "poller_gave_up")
                return
            n += 1
            continue
        beampy.send(main, ("echo", k))


async def with_after(main: beampy.Pid, tag: str) -> None:
    try:
        beampy.send(main, "ready")
        await beampy.receive()
    finally:
        beampy.send(main, ("cleanup", tag))


async def own_crash(main: beampy.Pid) -> None:
    try:
        raise beampy.Exit("own")
    finally:
        beampy.send(main, ("cleanup", "own"))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()

    # blocked in a receive: killed, then sent the message it waits for
    pid, m1 = beampy.spawn_monitor(blocked, me)
    await beampy.receive("ready")
    beampy.exit(pid, "kill")
    beampy.send(pid, "go")
    T.p("blocked_down", await down(m1))

    # runnable: a busy poller, killed between two requests
    poller, m2 = beampy.spawn_monitor(poll_echo, me)
    beampy.send(poller, ("echo", 1))
    _, k = await beampy.receive(("echo", ANY))
    T.p("echo", k)
    beampy.exit(poller, "kill")
    beampy.send(poller, ("echo", 2))
    T.p("poller_down", await down(m2))

    # a try/finally does not take effect when another process ends this one
    for reason in ("kill", "custom"):
        pid, mref = beampy.spawn_monitor(with_after, me, reason)
        await beampy.receive("ready")
        beampy.exit(pid, reason)
        T.p(f"after_{reason}_down", await down(mref))

    # it does when the process ends by itself
    _, m3 = beampy.spawn_monitor(own_crash, me)
    T.p("own_crash_down", await down(m3))

    await beampy.sleep(0.05)
    T.flush()
    T.done()
