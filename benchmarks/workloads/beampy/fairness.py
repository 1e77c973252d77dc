"""fairness: the extra delay of a hosted process's ``trio.sleep(0.01)`` while two light processes
ping-pong flat out, and of a worker thread's ``time.sleep(0.01)`` beside them.

Measured in one run: ``idle`` (the sleeper alone, the floor trio and the OS give) and ``loaded``
(while the ping-pong runs); then ``thread_idle`` and ``thread_loaded``, the same for a worker
thread of ``trio.to_thread.run_sync`` (a process's blocking call): after its sleep it needs the
GIL back, which the busy scheduler must let it have. --n is the number of sleeps per phase.
``per_op_us`` is the mean extra delay; ``p50_ms``/``p99_ms`` are its percentiles.
"""

from __future__ import annotations

import time
from typing import Any

import trio

import beampy
from beampy import ANY, Pid, receive, send, spawn
from benchmarks._common import emit, parser, percentile
from benchmarks.workloads.beampy._util import IMPL

SLEEP = 0.01


async def sleeper(n: int, driver: Pid) -> None:
    extra = []
    for _ in range(n):
        t0 = time.perf_counter()
        await trio.sleep(SLEEP)
        extra.append(time.perf_counter() - t0 - SLEEP)
    send(driver, ("extra", extra))


def thread_sleeps(n: int) -> list[float]:
    extra = []
    for _ in range(n):
        t0 = time.perf_counter()
        time.sleep(SLEEP)
        extra.append(time.perf_counter() - t0 - SLEEP)
    return extra


async def thread_sleeper(n: int, driver: Pid) -> None:
    send(driver, ("extra", await trio.to_thread.run_sync(thread_sleeps, n)))


async def pong() -> None:
    while True:
        match await receive():
            case ("ping", frm):
                send(frm, "pong")
            case "stop":
                return


async def ping(pong_pid: Pid, driver: Pid) -> None:
    msg = ("ping", beampy.self())
    count = 0
    while True:
        send(pong_pid, msg)
        if await receive() == "stop":
            send(pong_pid, "stop")
            send(driver, ("round_trips", count))
            return
        count += 1


async def measure(n: int, who: Any = sleeper) -> list[float]:
    spawn(who, n, beampy.self(), hosted=True)
    _, extra = await receive(("extra", ANY))
    return sorted(extra)


def report(metric: str, extra: list[float], **keys: Any) -> None:
    emit(
        "fairness",
        IMPL,
        metric,
        len(extra),
        sum(extra),
        p50_ms=round(percentile(extra, 50) * 1e3, 4),
        p99_ms=round(percentile(extra, 99) * 1e3, 4),
        max_ms=round(extra[-1] * 1e3, 4),
        **keys,
    )


async def main(n: int) -> None:
    idle = await measure(n)
    thread_idle = await measure(n, thread_sleeper)
    ping_pid = spawn(ping, spawn(pong), beampy.self())
    t0 = time.perf_counter()
    loaded = await measure(n)
    thread_loaded = await measure(n, thread_sleeper)
    send(ping_pid, "stop")
    _, round_trips = await receive(("round_trips", ANY))
    t1 = time.perf_counter()
    report("idle", idle)
    report(
        "loaded",
        loaded,
        round_trips=round_trips,
        round_trip_us=round((t1 - t0) / round_trips * 1e6, 3),
    )
    report("thread_idle", thread_idle)
    report("thread_loaded", thread_loaded)


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
