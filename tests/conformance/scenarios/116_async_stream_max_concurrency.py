"""116 async_stream_max_concurrency: port of 116_async_stream_max_concurrency.exs (the rule is
stated there).

The ``:counters`` array shared by the tasks is a Python list (beampy shares memory; the tasks
only touch it between their waits, so no update is lost).
"""

from __future__ import annotations

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    counter = [0, 0]

    async def work(n: int) -> int:
        counter[0] += 1
        counter[1] = max(counter[1], counter[0])
        await beampy.sleep(0.04)
        counter[0] -= 1
        return n

    results = await Task.async_stream(range(1, 7), work, max_concurrency=2).to_list()
    T.p("max_seen", counter[1])
    T.p("results", results)
    T.done()
