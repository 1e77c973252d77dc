"""ping_pong with receive patterns: N round trips between two processes; time per round trip.

The program of benchmarks/beam/ping_pong.exs, receive for receive: ``pong`` waits for
``("ping", ANY)`` or ``"stop"``, ``ping`` for ``("go", ANY)`` and then ``"pong"`` after each
fresh ``("ping", self())``, the driver for ``"done"``. A message that matches no pattern stays
in the mailbox (a run whose replies were wrong never ends, as on the BEAM). Compare with
``benchmarks/workloads/beampy/ping_pong.py``, which receives any message and ``match``es.
"""

from __future__ import annotations

import beampy
from beampy import ANY, Pid, receive, send, spawn
from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL as BEAMPY  # also: structlog to stderr

IMPL = f"{BEAMPY}_patterns"  # beampy_patterns


async def pong() -> None:
    while True:
        match await receive(("ping", ANY), "stop"):
            case ("ping", frm):
                send(frm, "pong")
            case "stop":
                return


async def ping(pong_pid: Pid, driver: Pid) -> None:
    _, n = await receive(("go", ANY))
    for _ in range(n):
        send(pong_pid, ("ping", beampy.self()))
        await receive("pong")
    send(driver, "done")


async def main(n: int) -> None:
    pong_pid = spawn(pong)
    ping_pid = spawn(ping, pong_pid, beampy.self())
    t0 = now_ns()
    send(ping_pid, ("go", n))
    await receive("done")
    t1 = now_ns()
    send(pong_pid, "stop")
    emit("ping_pong", IMPL, "round_trip", n, (t1 - t0) / 1e9)


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
