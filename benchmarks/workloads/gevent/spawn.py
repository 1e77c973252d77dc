"""spawn: N actors each parked in receive; time to spawn them, bytes each, time to stop them."""

from __future__ import annotations

import tracemalloc
from typing import Any

import gevent  # type: ignore[import-untyped]

from benchmarks._common import emit_spawn, now_ns, parser, rss_bytes, settle
from benchmarks.workloads.gevent._actor import IMPL, Counter, mailbox, wait_until


def idle(mb: Any, started: Counter, alive: Counter) -> None:
    started.value += 1
    mb.get()  # "stop"
    alive.value -= 1


def spawn_all(n: int) -> tuple[list[Any], list[gevent.Greenlet], Counter]:
    started, alive = Counter(), Counter()
    alive.value = n
    boxes = []
    greenlets = []
    for _ in range(n):
        mb = mailbox()
        greenlets.append(gevent.spawn(idle, mb, started, alive))
        boxes.append(mb)
    wait_until(lambda: started.value == n)
    return boxes, greenlets, alive


def stop_all(boxes: list[Any], alive: Counter) -> None:
    for mb in boxes:
        mb.put_nowait("stop")
    wait_until(lambda: alive.value == 0)


def main(n: int, samples: int) -> None:
    settle()
    rss0 = rss_bytes()
    t0 = now_ns()
    boxes, greenlets, alive = spawn_all(n)
    t1 = now_ns()
    rss1 = rss_bytes()
    t2 = now_ns()
    stop_all(boxes, alive)
    t3 = now_ns()
    gevent.sleep(0)
    stopped = all(g.dead for g in greenlets)
    del boxes, greenlets
    settle()

    sample = min(n, samples)
    tracemalloc.start()
    m0 = tracemalloc.get_traced_memory()[0]
    boxes, _greenlets, alive = spawn_all(sample)
    m1 = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    stop_all(boxes, alive)

    emit_spawn(
        IMPL, n, (t0, t1, t2, t3), rss1 - rss0, m1 - m0, sample, stopped, "greenlets still alive"
    )


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    main(args.n, args.samples)
