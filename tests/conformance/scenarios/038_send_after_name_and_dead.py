"""038 send_after_name_and_dead: port of 038_send_after_name_and_dead.exs (rule stated there).

Timer values are float seconds in beampy (Elixir: integer ms): ``is_integer(left) and left > 0``
becomes ``isinstance(left, float) and left > 0``.
"""

from __future__ import annotations

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace


async def forward_one(main: beampy.Pid) -> None:
    beampy.send(main, ("late_name_got", await beampy.receive()))


async def returns_at_once() -> None:
    return None


async def wait_stop() -> None:
    await beampy.receive("stop")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()

    # the name is registered only after send_after was called
    beampy.send_after("late_name", "hi", 0.1)
    late = beampy.spawn(forward_one, me)
    assert beampy.register(late, "late_name") is True
    try:
        _, m = await beampy.receive(("late_name_got", ANY), timeout=2.0)
    except beampy.ReceiveTimeout:
        T.say("late_name_got_nothing")
    else:
        T.p("late_name_got", m)

    # nobody ever holds the name
    tref = beampy.send_after("nobody_ever", "lost", 0.03)
    T.p("unheld_name_ref", isinstance(tref, beampy.Ref))
    await beampy.sleep(0.1)
    T.p("unheld_name_read_after", beampy.read_timer(tref))

    # a pid that is already dead
    dead = beampy.spawn(returns_at_once)
    await T.wait_down(dead)
    tref2 = beampy.send_after(dead, "lost", 0.1)
    T.p("dead_pid_read", beampy.read_timer(tref2))
    T.p("dead_pid_cancel", beampy.cancel_timer(tref2))

    # a pid that dies while its timer runs
    doomed = beampy.spawn(wait_stop)
    tref3 = beampy.send_after(doomed, "lost", 0.5)
    left = beampy.read_timer(tref3)
    T.p("live_read_ok", isinstance(left, float) and left > 0)
    beampy.send(doomed, "stop")
    await T.wait_down(doomed)
    await beampy.sleep(0.05)
    T.p("after_death_read", beampy.read_timer(tref3))
    T.flush()
    T.done()
