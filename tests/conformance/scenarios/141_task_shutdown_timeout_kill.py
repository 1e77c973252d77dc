"""141 task_shutdown_timeout_kill: port of 141_task_shutdown_timeout_kill.exs (the rule is
stated there)."""

from __future__ import annotations

import math

import beampy
from beampy import ANY, ExitMessage, Task
from tests.conformance.support.trace import Trace


async def stubborn(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, "ready")
    await beampy.sleep(math.inf)


async def trapping(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, "ready")
    await beampy.receive(ExitMessage(ANY, "shutdown"))
    await beampy.sleep(math.inf)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    t = Task.async_(stubborn, me)
    assert t.pid is not None
    T.name(t.pid, "stubborn")
    await beampy.receive("ready")
    T.p("poll", await Task.yield_(t, 0))
    T.p("stubborn", await Task.shutdown(t, 0.05))

    answered = Task.async_(trapping, me)
    assert answered.pid is not None
    T.name(answered.pid, "answered")
    await beampy.receive("ready")
    beampy.send(me, (answered.ref, "answer"))
    T.p("replied_then_trapped", await Task.shutdown(answered, 0.05))
    await beampy.sleep(0.02)
    T.flush()
    T.done()
