"""Raw spawn with a collect loop, its four problems, and the Task versions (docs/seeds.md).

A batch of donations, each one's zakat (2.5 %) computed in its own process, first
with bare ``spawn``/``send``/``receive``, then with ``Task``. The four problems of
the bare version, each shown with a number: no supervision, unbounded
concurrency, no backpressure, leaks. Time is a MockClock's: timeouts pass at once.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from typing import Any

import structlog
import trio.testing

import beampy
from beampy import ANY, Pid, Task

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

DONATIONS = [{"id": 1, "amount": 1000}, {"id": 2, "amount": 2000}, {"id": 3, "amount": 1500}]


def zakat(donation: dict[str, Any]) -> dict[str, Any]:
    if donation["amount"] < 0:
        raise ValueError(f"donation {donation['id']}: negative amount")
    return {**donation, "zakat": donation["amount"] * 0.025}


# -- raw spawn ---------------------------------------------------------------------------


async def compute_and_send(parent: Pid, donation: dict[str, Any]) -> None:
    beampy.send(parent, ("result", zakat(donation)))


async def collect_results(count: int, timeout: float = 5.0) -> Any:
    results = []
    for _ in range(count):
        try:
            _, result = await beampy.receive(("result", ANY), timeout=timeout)
        except beampy.ReceiveTimeout:
            return ("error", "timeout")
        results.append(result)
    return results


async def process_batch_spawn(donations: list[dict[str, Any]]) -> Any:
    parent = beampy.self()
    for donation in donations:
        beampy.spawn(compute_and_send, parent, donation)
    return await collect_results(len(donations))


# -- the Task versions -------------------------------------------------------------------


async def process_batch_tasks(donations: list[dict[str, Any]]) -> dict[str, Any]:
    tasks = [Task.async_(zakat, donation) for donation in donations]
    results = await Task.await_many(tasks, 10.0)
    return {"processed": len(results), "total_zakat": sum(r["zakat"] for r in results)}


# -- for the four problems --------------------------------------------------------------

running = peak = 0  # tasks of the bounded batch running now, and at most
read = 0  # items of the endless input read so far


async def counted(n: int) -> int:
    global running, peak
    running += 1
    peak = max(peak, running)
    await beampy.sleep(0.01)  # stands for a database write
    running -= 1
    return n


def endless_input() -> Iterator[int]:
    global read
    for n in itertools.count():
        read += 1
        yield n


async def wait_for_go() -> None:
    await beampy.receive("go")


async def slow_consumer() -> None:
    while True:
        await beampy.receive(("item", ANY))
        await beampy.sleep(0.1)


async def hang(*_args: Any) -> None:
    await beampy.receive("never")  # a call that never returns


async def main() -> None:
    print("spawn:", sorted((r["id"], r["zakat"]) for r in await process_batch_spawn(DONATIONS)))
    print("tasks:", await process_batch_tasks(DONATIONS))

    # Problem 1, no supervision: a process that crashes is gone, nobody restarts it, and
    # the collector learns nothing but a timeout, 5 s later.
    start = trio.current_time()
    bad = [*DONATIONS, {"id": 4, "amount": -5}]
    result = await process_batch_spawn(bad)
    print(f"1. spawn, one crash: {result} after {trio.current_time() - start} s")
    #    A task's crash reaches its caller at once, with the reason (the caller runs in a
    #    process of its own here, so that we can watch it end).
    _pid, ref = beampy.spawn_monitor(process_batch_tasks, bad)
    down = await beampy.receive(beampy.DownMessage(ref, ANY, ANY))
    print(f"   tasks, one crash: the caller exited {down.reason!r} at once")

    # Problem 2, unbounded: one process per item, all at once.
    before = len(beampy.list())
    workers = [beampy.spawn(wait_for_go) for _ in range(10_000)]
    print("2. spawn: processes alive at once:", len(beampy.list()) - before)
    for worker in workers:
        beampy.send(worker, "go")
    await Task.async_stream(range(10_000), counted, max_concurrency=50).run()
    print("   async_stream: tasks alive at once, at most:", peak)

    # Problem 3, no backpressure: a producer floods a slow consumer's mailbox.
    consumer = beampy.spawn(slow_consumer)
    for i in range(100_000):
        beampy.send(consumer, ("item", i))
    print("3. spawn: messages waiting in the consumer:", beampy.info(consumer, "message_queue_len"))
    beampy.exit(consumer, "kill")
    #    async_stream reads its input only as fast as results are taken.
    ahead = 0
    async with Task.async_stream(endless_input(), counted, max_concurrency=50) as stream:
        taken = 0
        async for _ in stream:
            taken += 1
            ahead = max(ahead, read - taken)
            if taken == 1_000:
                break
    print(
        "   async_stream: input read ahead of the results taken, never more than 50:", ahead <= 50
    )

    # Problem 4, leaks: workers that hang outlive the collector that gave up on them.
    before = len(beampy.list())
    for donation in DONATIONS:
        beampy.spawn(hang, beampy.self(), donation)
    print("4. spawn:", await collect_results(len(DONATIONS)), end="; ")
    print("processes left running:", len(beampy.list()) - before)
    before = len(beampy.list())
    stream = Task.async_stream(DONATIONS, hang, on_timeout="kill_task")
    print("   async_stream:", [r[1] async for r in stream], end="; ")
    print("processes left running:", len(beampy.list()) - before)


if __name__ == "__main__":
    beampy.run(main, clock=trio.testing.MockClock(autojump_threshold=0))

# Output:
# spawn: [(1, 25.0), (2, 50.0), (3, 37.5)]
# tasks: {'processed': 3, 'total_zakat': 112.5}
# 1. spawn, one crash: ('error', 'timeout') after 5.0 s
#    tasks, one crash: the caller exited ValueError('donation 4: negative amount') at once
# 2. spawn: processes alive at once: 10000
#    async_stream: tasks alive at once, at most: 50
# 3. spawn: messages waiting in the consumer: 100000
#    async_stream: input read ahead of the results taken, never more than 50: True
# 4. spawn: ('error', 'timeout'); processes left running: 3
#    async_stream: ['timeout', 'timeout', 'timeout']; processes left running: 0
