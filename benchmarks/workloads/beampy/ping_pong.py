"""ping_pong: N round trips between two processes; time per round trip."""

from __future__ import annotations

import beampy
from beampy import Pid, receive, send, spawn
from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL


async def pong() -> None:
    while True:
        match await receive():
            case ("ping", frm):
                send(frm, "pong")
            case "stop":
                return


async def ping(pong_pid: Pid, driver: Pid) -> None:
    n = await receive()
    msg = ("ping", beampy.self())
    for _ in range(n):
        send(pong_pid, msg)
        await receive()  # "pong"
    send(driver, "done")


async def main(n: int) -> None:
    pong_pid = spawn(pong)
    ping_pid = spawn(ping, pong_pid, beampy.self())
    t0 = now_ns()
    send(ping_pid, n)
    await receive()  # "done"
    t1 = now_ns()
    send(pong_pid, "stop")
    emit("ping_pong", IMPL, "round_trip", n, (t1 - t0) / 1e9)


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
