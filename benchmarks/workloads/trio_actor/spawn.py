"""spawn: N actors each parked in receive; time to spawn them, bytes each, time to stop them."""

from __future__ import annotations

import tracemalloc

import trio

from benchmarks._common import emit_spawn, now_ns, parser, rss_bytes, settle
from benchmarks.workloads.trio_actor._actor import IMPL, Counter, Mailbox, wait_until


async def idle(mb: Mailbox, started: Counter, alive: Counter) -> None:
    started.value += 1
    await mb.receive()  # "stop"
    alive.value -= 1


async def spawn_all(nursery: trio.Nursery, n: int) -> tuple[list[Mailbox], Counter]:
    started, alive = Counter(), Counter()
    alive.value = n
    boxes = []
    for _ in range(n):
        mb = Mailbox()
        nursery.start_soon(idle, mb, started, alive)
        boxes.append(mb)
    await wait_until(lambda: started.value == n)
    return boxes, alive


async def stop_all(boxes: list[Mailbox], alive: Counter) -> None:
    for mb in boxes:
        mb.send("stop")
    await wait_until(lambda: alive.value == 0)


async def main(n: int, samples: int) -> None:
    async with trio.open_nursery() as nursery:
        settle()
        rss0 = rss_bytes()
        t0 = now_ns()
        boxes, alive = await spawn_all(nursery, n)
        t1 = now_ns()
        rss1 = rss_bytes()
        t2 = now_ns()
        await stop_all(boxes, alive)
        t3 = now_ns()
        await trio.sleep(0)
        stopped = not nursery.child_tasks
        del boxes
        settle()

        sample = min(n, samples)
        tracemalloc.start()
        m0 = tracemalloc.get_traced_memory()[0]
        boxes, alive = await spawn_all(nursery, sample)
        m1 = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        await stop_all(boxes, alive)

    emit_spawn(
        IMPL, n, (t0, t1, t2, t3), rss1 - rss0, m1 - m0, sample, stopped, "tasks still alive"
    )


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    trio.run(main, args.n, args.samples)
