"""ping_pong: N round trips between two processes; time per round trip.

As benchmarks/beam/ping_pong.exs: the driver sends ``("go", N)``; every round trip ``ping``
builds a fresh ``("ping", self())`` and takes ``"pong"`` back. Each receive takes any message
and ``match``es on it (``benchmarks/workloads/beampy_patterns/ping_pong.py`` is the same program
with the receives written as patterns); ``ping`` counts the replies that are ``"pong"`` and the
driver checks the count after the timing.
"""

from __future__ import annotations

import beampy
from beampy import Pid, receive, send, spawn
from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL


async def pong() -> None:
    while True:
        match await receive():
            case ("ping", frm):
                send(frm, "pong")
            case "stop":
                return


async def ping(pong_pid: Pid, driver: Pid) -> None:
    match await receive():
        case ("go", n):
            pass
    pongs = 0
    for _ in range(n):
        send(pong_pid, ("ping", beampy.self()))
        match await receive():
            case "pong":
                pongs += 1
    send(driver, ("done", pongs))


async def main(n: int) -> None:
    pong_pid = spawn(pong)
    ping_pid = spawn(ping, pong_pid, beampy.self())
    t0 = now_ns()
    send(ping_pid, ("go", n))
    match await receive():
        case ("done", pongs):
            pass
    t1 = now_ns()
    send(pong_pid, "stop")
    emit("ping_pong", IMPL, "round_trip", n, (t1 - t0) / 1e9)
    check(pongs == n, f"{pongs} of {n} replies were 'pong'")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
