"""fan_out: one sender sends N messages to one receiver, which counts them; time per message."""

from __future__ import annotations

import beampy
from beampy import Pid, receive, send, spawn
from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL


async def receiver(n: int, driver: Pid) -> None:
    count = 0
    for _ in range(n):
        await receive()
        count += 1
    send(driver, count)


async def sender(target: Pid) -> None:
    n: int = await receive()
    for _ in range(n):
        send(target, "msg")


async def main(n: int) -> None:
    recv_pid = spawn(receiver, n, beampy.self())
    send_pid = spawn(sender, recv_pid)
    t0 = now_ns()
    send(send_pid, n)
    count = await receive()
    t1 = now_ns()
    emit("fan_out", IMPL, "message", n, (t1 - t0) / 1e9)
    check(count == n, f"received {count} of {n}")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
