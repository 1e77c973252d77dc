"""spawn: N actors each parked in receive; time to spawn them, bytes each, time to stop them."""

from __future__ import annotations

import asyncio
import tracemalloc

from benchmarks._common import emit_spawn, now_ns, parser, rss_bytes, settle
from benchmarks.workloads.asyncio._actor import Counter, Mailbox, run, wait_until


async def idle(mb: Mailbox, started: Counter, alive: Counter) -> None:
    started.value += 1
    await mb.get()  # "stop"
    alive.value -= 1


async def spawn_all(n: int) -> tuple[list[Mailbox], list[asyncio.Task[None]], Counter]:
    started, alive = Counter(), Counter()
    alive.value = n
    boxes: list[Mailbox] = []
    tasks = []
    for _ in range(n):
        mb: Mailbox = asyncio.Queue()
        tasks.append(asyncio.create_task(idle(mb, started, alive)))
        boxes.append(mb)
    await wait_until(lambda: started.value == n)
    return boxes, tasks, alive


async def stop_all(boxes: list[Mailbox], alive: Counter) -> None:
    for mb in boxes:
        mb.put_nowait("stop")
    await wait_until(lambda: alive.value == 0)


async def main(impl: str, n: int, samples: int) -> None:
    settle()
    rss0 = rss_bytes()
    t0 = now_ns()
    boxes, tasks, alive = await spawn_all(n)
    t1 = now_ns()
    rss1 = rss_bytes()
    t2 = now_ns()
    await stop_all(boxes, alive)
    t3 = now_ns()
    await asyncio.sleep(0)
    stopped = all(t.done() for t in tasks) and len(asyncio.all_tasks()) == 1
    del boxes, tasks
    settle()

    sample = min(n, samples)
    tracemalloc.start()
    m0 = tracemalloc.get_traced_memory()[0]
    boxes, _tasks, alive = await spawn_all(sample)
    m1 = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    await stop_all(boxes, alive)

    emit_spawn(
        impl, n, (t0, t1, t2, t3), rss1 - rss0, m1 - m0, sample, stopped, "tasks still alive"
    )


def cli(impl: str) -> None:
    args = parser(__doc__ or "").parse_args()
    run(main, impl, args.n, args.samples)


if __name__ == "__main__":
    cli("asyncio")
