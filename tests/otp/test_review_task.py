"""Review of Task, Task.async_stream and Task.Supervisor: regression tests for defects found.

Each test is a process on trio's autojump MockClock (``process_test``): no sleeps for
ordering, no wall-clock thresholds.
"""

from __future__ import annotations

import beampy
from beampy import DynamicSupervisor, Task
from beampy.testing import process_test

clean = process_test(leftovers="fail")


async def _staggered(n: int) -> int:
    await beampy.sleep(n % 3 + 1)
    return n


@clean
async def test_supervised_stream_stopped_early_leaves_no_child_listed() -> None:
    # Elixir: `Task.Supervisor.async_stream(sup, ...) |> Enum.take(3)` then
    # `Task.Supervisor.children(sup)` is [] (the stream waits for its tasks to be gone).
    _, sup = await Task.Supervisor.start_link(max_children=4)
    for _ in range(3):
        taken = 0
        async with Task.Supervisor.async_stream(
            sup, range(100), _staggered, max_concurrency=4
        ) as stream:
            async for _result in stream:
                taken += 1
                if taken == 3:
                    break
        assert await Task.Supervisor.children(sup) == []
        counts = await DynamicSupervisor.count_children(sup)
        assert counts["active"] == 0
        assert beampy.info(beampy.self(), "messages") == []
    await DynamicSupervisor.stop(sup)


@clean
async def test_plain_stream_stopped_early_leaves_no_task_alive() -> None:
    pids: list[beampy.Pid] = []

    async def work(n: int) -> int:
        pids.append(beampy.self())
        await beampy.sleep(n % 3 + 1)
        return n

    async with Task.async_stream(range(100), work, max_concurrency=4) as stream:
        async for _result in stream:
            break
    assert [p for p in pids if beampy.is_alive(p)] == []
    assert beampy.info(beampy.self(), "messages") == []
