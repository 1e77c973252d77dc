"""210 tasksup_async_stream_max_children: port of 210_tasksup_async_stream_max_children.exs
(the rule is stated there)."""

from __future__ import annotations

import math
from typing import Any

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace, exception_module


async def blocked(x: Any) -> Any:
    await beampy.receive("never")
    return x


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link(max_children=2)
    T.name(sup, "sup")
    fits = Task.Supervisor.async_stream(sup, range(1, 5), lambda x: x * 10, max_concurrency=2)
    T.p("fits", await fits.to_list())
    try:
        await Task.Supervisor.async_stream(sup, range(1, 5), blocked, max_concurrency=3).to_list()
        T.say("stream returned")
    except Exception as e:
        T.p("raised", exception_module(e))
    await beampy.sleep(0.05)
    T.p("children_after", await Task.Supervisor.children(sup))
    _, busy = await Task.Supervisor.start_child(sup, beampy.sleep, math.inf)
    T.name(busy, "busy")
    try:
        stream = Task.Supervisor.async_stream_nolink(sup, [1, 2], blocked, max_concurrency=2)
        await stream.to_list()
        T.say("stream returned")
    except Exception as e:
        T.p("raised_nolink", exception_module(e))
    await beampy.sleep(0.05)
    T.p("children_end", await Task.Supervisor.children(sup))
    T.flush()
    T.done()
