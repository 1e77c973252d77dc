"""133 async_stream_take: port of 133_async_stream_take.exs (the rule is stated there).

``Enum.take(stream, 2)`` is an ``async for`` inside ``async with`` that stops after two
results (leaving the ``async with`` closes the stream).
"""

from __future__ import annotations

import math
from typing import Any

import beampy
from beampy import ANY, Task
from tests.conformance.support.trace import Trace, process_info


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    before = set(beampy.list())
    links_before = beampy.info(me, "links")

    async def work(n: int) -> int:
        beampy.send(me, ("started", n, beampy.self()))
        if n > 2:
            await beampy.sleep(math.inf)
        await beampy.sleep(n * 0.03)
        return n

    taken: list[Any] = []
    async with Task.async_stream(range(1, 11), work, max_concurrency=4) as stream:
        async for result in stream:
            taken.append(result)
            if len(taken) == 2:
                break
    T.p("taken", taken)

    started = []
    for _ in range(5):
        _, n, pid = await beampy.receive(("started", ANY, ANY))
        started.append((n, pid))
    for n, pid in sorted(started):
        if n > 2:
            T.name(pid, f"t{n}")
            T.p(f"alive_t{n}", beampy.is_alive(pid))

    T.p("new_processes", [p for p in beampy.list() if p not in before])
    T.p("new_links", [p for p in beampy.info(me, "links") if p not in links_before])
    T.p("monitors", process_info(me, "monitors"))
    await beampy.sleep(0.02)
    T.flush()
    T.done()
