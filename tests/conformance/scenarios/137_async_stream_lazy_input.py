"""137 async_stream_lazy_input: port of 137_async_stream_lazy_input.exs (the rule is stated
there).

The ``Stream.map`` with a side effect is a generator that prints what it reads.
"""

from __future__ import annotations

from collections.abc import Iterator

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()

    def data() -> Iterator[int]:
        for x in range(1, 6):
            T.p("read", x)
            yield x

    async def work(x: int) -> int:
        await beampy.sleep(x * 0.05)
        return x

    stream = Task.async_stream(data(), work, max_concurrency=2)
    T.say("built")
    async for _, x in stream:
        T.p("got", x)
    T.flush()
    T.done()
