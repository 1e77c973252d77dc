"""134 async_stream_input_raises: port of 134_async_stream_input_raises.exs (the rule is
stated there).

The lazy ``Stream.map`` that raises is an async generator (the same happens with a plain
generator); ``Enum.each`` is an ``async for``; ``rescue e -> e`` is ``rescued(e)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import beampy
from beampy import ANY, Task
from tests.conformance.support.trace import Trace, rescued


async def numbers() -> AsyncIterator[int]:
    for x in range(1, 6):
        if x == 3:
            raise RuntimeError("bad input")
        yield x


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    before = set(beampy.list())

    async def work(n: int) -> int:
        beampy.send(me, ("started", n, beampy.self()))
        await beampy.sleep(n * 0.05)
        return n

    try:
        async for r in Task.async_stream(numbers(), work, max_concurrency=2):
            T.p("got", r)
    except RuntimeError as e:
        T.p("raised", rescued(e))

    await beampy.receive(("started", 1, ANY))
    _, _, pid = await beampy.receive(("started", 2, ANY))
    T.p("task2_alive", beampy.is_alive(pid))
    T.p("new_processes", [p for p in beampy.list() if p not in before])
    await beampy.sleep(0.02)
    T.flush()
    T.done()
