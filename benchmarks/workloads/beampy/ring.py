"""ring: a token (an integer hop count) passed N hops around a ring of --procs processes."""

from __future__ import annotations

import beampy
from beampy import Pid, receive, send, spawn
from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL


async def node(driver: Pid) -> None:
    nxt: Pid = await receive()
    while True:
        k: int = await receive()
        if k > 0:
            send(nxt, k - 1)
        elif k == 0:
            send(driver, "done")
        else:  # -1: stop
            return


async def main(hops: int, procs: int) -> None:
    me = beampy.self()
    pids = [spawn(node, me) for _ in range(procs)]
    for i, pid in enumerate(pids):
        send(pid, pids[(i + 1) % procs])
    t0 = now_ns()
    send(pids[0], hops)
    await receive()  # "done"
    t1 = now_ns()
    for pid in pids:
        send(pid, -1)
    emit("ring", IMPL, "hop", hops, (t1 - t0) / 1e9, procs=procs)


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    beampy.run(main, args.n, args.procs)
