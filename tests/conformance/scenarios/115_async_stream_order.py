"""115 async_stream_order: port of 115_async_stream_order.exs (the rule is stated there).

``input |> Task.async_stream(f, opts) |> Enum.to_list()`` is
``await Task.async_stream(input, f, **opts).to_list()``.
"""

from __future__ import annotations

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def sleepy(n: int) -> int:
    await beampy.sleep(n * 0.06)
    return n


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    data = [4, 3, 2, 1]
    T.p("ordered", await Task.async_stream(data, sleepy, max_concurrency=4).to_list())
    T.p(
        "unordered",
        await Task.async_stream(data, sleepy, max_concurrency=4, ordered=False).to_list(),
    )
    T.p(
        "unordered_c1",
        await Task.async_stream(data, sleepy, max_concurrency=1, ordered=False).to_list(),
    )
    T.flush()
    T.done()
