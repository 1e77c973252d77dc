"""122 task_await_non_owner: port of 122_task_await_non_owner.exs (the rule is stated there).

Elixir's ``ArgumentError`` is beampy's ``ValueError``; ``exception_module`` maps it back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import beampy
from beampy import ANY, Task
from tests.conformance.support.trace import Trace, exception_module


async def ok_on_go() -> str:
    await beampy.receive("go")
    return "ok"


async def other(main: beampy.Pid, task: Task) -> None:
    calls: list[tuple[str, Callable[[], Awaitable[Any]]]] = [
        ("await_other", lambda: Task.await_(task, 0.1)),
        ("yield_other", lambda: Task.yield_(task, 0.1)),
    ]
    for label, call in calls:
        try:
            beampy.send(main, (label, ("returned", await call())))
        except Exception as e:
            beampy.send(main, (label, ("raised", exception_module(e))))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    task = Task.async_(ok_on_go)
    assert task.pid is not None
    T.name(task.pid, "t")
    beampy.spawn(other, beampy.self(), task)
    T.p("await_other", (await beampy.receive(("await_other", ANY)))[1])
    T.p("yield_other", (await beampy.receive(("yield_other", ANY)))[1])
    beampy.send(task.pid, "go")
    T.p("owner_await", await Task.await_(task))
    T.done()
