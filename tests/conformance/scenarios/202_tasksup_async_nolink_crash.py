"""202 tasksup_async_nolink_crash: port of 202_tasksup_async_nolink_crash.exs (the rule is
stated there)."""

from __future__ import annotations

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def boom_on_go() -> None:
    await beampy.receive("go")
    raise beampy.Exit("boom")


async def oops() -> None:
    raise beampy.Exit("oops")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link()
    T.name(sup, "sup")
    t1 = await Task.Supervisor.async_nolink(sup, boom_on_go)
    assert t1.pid is not None
    T.name(t1.pid, "t1")
    T.p("linked", t1.pid in beampy.info(beampy.self(), "links"))
    beampy.send(t1.pid, "go")
    T.p("yield", await Task.yield_(t1, 1.0))

    t2 = await Task.Supervisor.async_nolink(sup, oops)
    assert t2.pid is not None
    T.name(t2.pid, "t2")
    try:
        await Task.await_(t2, 1.0)
    except beampy.Exit as e:
        T.p("await_exit", e.reason)

    T.p("caller_alive", beampy.is_alive(beampy.self()))
    T.p("children", await Task.Supervisor.children(sup))
    T.flush()
    T.done()
