"""131 yield_many_ignore: port of 131_yield_many_ignore.exs (the rule is stated there).

The recording spells out 1.15's ``on_timeout: :ignore`` on Elixir 1.14 as
``res || Task.ignore(task)``; the port uses beampy's ``on_timeout="ignore"``.
"""

from __future__ import annotations

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def boom_on_go() -> None:
    await beampy.receive("go")
    raise beampy.Exit("boom")


async def late_on_go() -> str:
    await beampy.receive("go")
    return "late"


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    t1, t2, t3 = Task.async_(lambda: 1), Task.async_(boom_on_go), Task.async_(late_on_go)
    for task, label in ((t1, "t1"), (t2, "t2"), (t3, "t3")):
        assert task.pid is not None
        T.name(task.pid, label)
    T.p("results", await Task.yield_many([t1, t2, t3], 0.05, on_timeout="ignore"))
    assert t2.pid is not None
    assert t3.pid is not None
    beampy.send(t2.pid, "go")
    T.p("t2_down", await T.wait_down(t2.pid))
    beampy.send(t3.pid, "go")
    T.p("t3_down", await T.wait_down(t3.pid))
    await beampy.sleep(0.02)
    T.p("caller_alive", beampy.is_alive(beampy.self()))
    T.flush()
    T.done()
