"""152 stream_consumer_raises_input_first: port of 152_stream_consumer_raises_input_first.exs
(the rule is stated there).

``Stream.resource``'s after-callback is the ``finally`` of a generator input, run in the
consumer; its ``receive`` of the tasks' pids is ``receive_nowait`` (they have run by then:
the stream asked for every item before the first result came). ``Enum.each`` with a raising
function is an ``async for`` in ``async with`` whose body raises; ``Enum.take(1)`` is a
``break`` after the first result.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import beampy
from beampy import ANY, Pid, Task
from tests.conformance.support.trace import Trace, rescued


def numbers(T: Trace) -> Iterator[int]:  # noqa: N803 - T mirrors the Elixir helper module
    try:
        yield from (1, 2, 3)
    finally:
        pids = [beampy.receive_nowait(("task", ANY))[1] for _ in range(2)]
        T.p("alive_at_input_cleanup", [beampy.is_alive(p) for p in pids])


def work(main: Pid) -> Callable[[int], Coroutine[Any, Any, int | None]]:
    async def run(i: int) -> int | None:
        if i == 1:
            return 1
        beampy.send(main, ("task", beampy.self()))
        await beampy.sleep(math.inf)
        return None

    return run


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    try:
        async with Task.async_stream(numbers(T), work(me), max_concurrency=3) as stream:
            async for _ in stream:
                await beampy.sleep(0.02)
                raise RuntimeError("consumer failed")
    except RuntimeError as e:
        T.p("rescued", rescued(e))
    taken = []
    async with Task.async_stream(numbers(T), work(me), max_concurrency=3) as stream:
        async for r in stream:
            await beampy.sleep(0.02)
            taken.append(r)
            break
    T.p("taken", taken)
    T.flush()
    T.done()
