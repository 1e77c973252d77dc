"""spawn: N processes each blocked in receive; time per spawn, bytes each, time to stop them."""

from __future__ import annotations

import tracemalloc

import beampy
from beampy import Pid, is_alive, receive, send, spawn
from benchmarks._common import emit_spawn, now_ns, parser, rss_bytes, settle
from benchmarks.workloads.beampy._util import IMPL, Counter, wait_until


async def idle(started: Counter, alive: Counter) -> None:
    started.value += 1
    await receive()  # "stop"
    alive.value -= 1


async def spawn_all(n: int) -> tuple[list[Pid], Counter]:
    started, alive = Counter(), Counter()
    alive.value = n
    pids = [spawn(idle, started, alive) for _ in range(n)]
    await wait_until(lambda: started.value == n)
    return pids, alive


async def stop_all(pids: list[Pid], alive: Counter) -> None:
    for pid in pids:
        send(pid, "stop")
    await wait_until(lambda: alive.value == 0)


async def main(n: int, samples: int) -> None:
    settle()
    rss0 = rss_bytes()
    t0 = now_ns()
    pids, alive = await spawn_all(n)
    t1 = now_ns()
    rss1 = rss_bytes()
    t2 = now_ns()
    await stop_all(pids, alive)
    t3 = now_ns()
    stopped = not any(is_alive(p) for p in pids) and beampy.list() == [beampy.self()]
    del pids
    settle()

    sample = min(n, samples)
    tracemalloc.start()
    m0 = tracemalloc.get_traced_memory()[0]
    pids, alive = await spawn_all(sample)
    m1 = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    await stop_all(pids, alive)

    emit_spawn(
        IMPL, n, (t0, t1, t2, t3), rss1 - rss0, m1 - m0, sample, stopped, "processes still alive"
    )


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    beampy.run(main, args.n, args.samples)
