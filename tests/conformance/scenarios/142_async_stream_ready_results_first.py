"""142 async_stream_ready_results_first: port of 142_async_stream_ready_results_first.exs.

The rule is stated there. The input is a generator that prints each item as it is read
(the Elixir ``Stream.map``); ``Enum.take(2)`` is two ``anext`` inside ``async with``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def work(item: tuple[int, int]) -> int:
    _, ms = item
    await beampy.sleep(ms / 1000)
    return ms


def reading(T: Trace, label: str, items: list[int]) -> Iterator[tuple[int, int]]:  # noqa: N803
    for i, ms in enumerate(items):
        T.p(label, i)
        yield (i, ms)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    async for result in Task.async_stream(
        reading(T, "read", [200, 20, 50, 80, 300, 10]), work, max_concurrency=2
    ):
        T.p("got", result[1])
    taken: list[Any] = []
    async with Task.async_stream(
        reading(T, "read_take", [200, 20, 500, 10]), work, max_concurrency=2
    ) as stream:
        async for result in stream:
            taken.append(result)
            if len(taken) == 2:
                break
    T.p("taken", taken)
    await beampy.sleep(0.6)
    T.flush()
    T.done()
