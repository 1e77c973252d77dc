"""216 tasksup_defaults: port of 216_tasksup_defaults.exs (the rule is stated there).

beampy takes ``restart`` and ``shutdown`` in ``start_link`` without a warning.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage, ExitMessage, Task
from tests.conformance.support.trace import Trace


async def crasher() -> None:
    await beampy.receive("crash")
    raise beampy.Exit("boom")


async def boom() -> None:
    raise beampy.Exit("boom")


async def tidy(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    beampy.send(main, ("ev", "trapping"))
    await beampy.receive(ExitMessage(ANY, "shutdown"))
    raise beampy.Exit("cleaned_up")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, sup = await Task.Supervisor.start_link(restart="transient", shutdown="brutal_kill")

    _, p = await Task.Supervisor.start_child(sup, crasher)
    beampy.send(p, "crash")
    await T.wait_down(p)
    await beampy.sleep(0.05)
    [p2] = await Task.Supervisor.children(sup)
    T.p("restarted_by_default", p2 != p)
    assert await Task.Supervisor.terminate_child(sup, p2) == "ok"

    task = await Task.Supervisor.async_nolink(sup, boom)
    T.p("async_yield", await Task.yield_(task, 1.0))
    await beampy.sleep(0.05)
    T.p("async_children", await Task.Supervisor.children(sup))

    _, q = await Task.Supervisor.start_child(sup, crasher, restart="temporary")
    beampy.send(q, "crash")
    await T.wait_down(q)
    await beampy.sleep(0.05)
    T.p("temporary_children", await Task.Supervisor.children(sup))

    options: list[tuple[dict[str, Any], str]] = [
        ({}, "default"),
        ({"shutdown": 1.0}, "shutdown_1000"),
    ]
    for opts, label in options:
        _, r = await Task.Supervisor.start_child(sup, tidy, me, **opts)
        await T.ev()
        ref = beampy.monitor(r)
        assert await Task.Supervisor.terminate_child(sup, r) == "ok"
        down = await beampy.receive(DownMessage(ref, ANY, ANY))
        T.p(label, down.reason)
    T.done()
