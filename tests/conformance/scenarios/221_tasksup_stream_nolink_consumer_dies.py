"""221 tasksup_stream_nolink_consumer_dies: port of 221_tasksup_stream_nolink_consumer_dies.exs
(the rule is stated there). Elixir's Enum.each runs the stream's cleanup when the consumer
raises; in Python that is `async with` around the loop."""

from __future__ import annotations

import math
from typing import Any

import beampy
from beampy import ANY, DownMessage, Task
from tests.conformance.support.trace import Trace


async def work(n: int) -> int:
    if n != 0:
        await beampy.sleep(math.inf)
    return n


async def consume(sup: beampy.Pid, main: beampy.Pid, how: str) -> None:
    stream = Task.Supervisor.async_stream_nolink(sup, [0, 1, 2], work, max_concurrency=3)
    async with stream:
        async for result in stream:
            beampy.send(main, ("took", result))
            if how == "raise":
                raise RuntimeError("a bug in the consumer")
            await beampy.sleep(math.inf)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link()
    me = beampy.self()

    pid, ref = beampy.spawn_monitor(consume, sup, me, "raise")
    T.name(pid, "raising")
    _, r = await beampy.receive(("took", ANY))
    T.p("raised_took", r)
    down: Any = await beampy.receive(DownMessage(ref, ANY, ANY))
    if isinstance(down.reason, RuntimeError):
        T.p("raised_down", "runtime_error")
    await beampy.sleep(0.02)
    T.p("raised_children", len(await Task.Supervisor.children(sup)))

    pid, ref = beampy.spawn_monitor(consume, sup, me, "wait")
    T.name(pid, "waiting")
    _, r = await beampy.receive(("took", ANY))
    T.p("killed_took", r)
    beampy.exit(pid, "kill")
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("killed_down", down.reason)
    await beampy.sleep(0.02)
    children = await Task.Supervisor.children(sup)
    T.p("killed_children", len(children))
    for child in children:
        await Task.Supervisor.terminate_child(sup, child)
    T.p("terminated_children", len(await Task.Supervisor.children(sup)))
    T.flush()
    T.done()
