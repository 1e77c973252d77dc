"""Review of Task, Task.async_stream and Task.Supervisor: regression tests for defects found.

Each test is a process on trio's autojump MockClock (``process_test``): no sleeps for
ordering, no wall-clock thresholds.
"""

from __future__ import annotations

import math

import trio

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


async def _sleep_then(seconds: float) -> float:
    await beampy.sleep(seconds)
    return seconds


async def _crash_after(seconds: float) -> None:
    await beampy.sleep(seconds)
    raise beampy.Exit("boom")


@clean
async def test_await_many_cancelled_by_trio_leaves_every_task_readable() -> None:
    # await_'s rule (docs/task.md, Deadlines) holds for await_many: a trio cancellation
    # loses no reply that came before it, and the tasks can be awaited again.
    tasks = [Task.async_(_sleep_then, 0.5), Task.async_(_sleep_then, 2.0)]
    with trio.move_on_after(1.0) as scope:
        await Task.await_many(tasks, math.inf)
    assert scope.cancelled_caught
    assert await Task.await_many(tasks, math.inf) == [0.5, 2.0]
    assert beampy.info(beampy.self(), "messages") == []
    assert beampy.info(beampy.self(), "monitors") == []


@clean
async def test_yield_many_cancelled_by_trio_leaves_every_task_readable() -> None:
    beampy.flag("trap_exit", True)
    tasks = [
        Task.async_(_sleep_then, 0.5),
        Task.async_(_crash_after, 0.6),
        Task.async_(_sleep_then, 2.0),
    ]
    with trio.move_on_after(1.0) as scope:
        await Task.yield_many(tasks, math.inf)
    assert scope.cancelled_caught
    results = [r for _, r in await Task.yield_many(tasks, 5.0)]
    assert results == [("ok", 0.5), ("exit", "boom"), ("ok", 2.0)]
    assert beampy.info(beampy.self(), "monitors") == []
    # a trapping owner keeps its tasks' EXITs, as in Elixir; nothing else is left
    left = beampy.info(beampy.self(), "messages")
    assert sorted(m.reason for m in left if type(m) is beampy.ExitMessage) == [
        "boom",
        "normal",
        "normal",
    ]
    assert len(left) == 3


async def _stubborn() -> str:
    beampy.flag("trap_exit", True)
    await beampy.sleep(10.0)
    return "late"


@clean
async def test_shutdown_cancelled_by_trio_kills_the_task_and_leaves_nothing() -> None:
    task = Task.async_(_stubborn)
    await beampy.sleep(0)  # the task traps exits: "shutdown" does not end it
    with trio.move_on_after(1.0) as scope:
        await Task.shutdown(task, 5.0)
    assert scope.cancelled_caught
    assert task.pid is not None
    assert not beampy.is_alive(task.pid)
    assert beampy.info(beampy.self(), "monitors") == []
    assert beampy.info(beampy.self(), "links") == []
    await beampy.sleep(20.0)
    assert beampy.info(beampy.self(), "messages") == []
