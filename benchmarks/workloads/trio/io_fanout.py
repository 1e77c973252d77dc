"""io_fanout: N HTTP GETs to a local server (10 ms each), a trio task per request, lazily.

benchmarks/workloads/io_fanout_common.py says what is measured. The trio client async_stream is
compared with: the same raw trio socket ``fetch`` as beampy's, one task per request started in
a nursery only when one of the ``--procs`` slots is free (a ``trio.Semaphore``: the input read
as fast as answers come, as async_stream does), each answer stored at its index.
"""

from __future__ import annotations

from typing import Any

import trio

from benchmarks._common import now_ns, parser
from benchmarks.workloads.beampy.io_fanout import fetch
from benchmarks.workloads.io_fanout_common import cpu_seconds, report, server

IMPL = "trio"


async def main(n: int, conc: int, port: int) -> None:
    answers: list[Any] = [None] * n
    slots = trio.Semaphore(conc)

    async def one(i: int) -> None:
        try:
            answers[i] = await fetch(i, port)
        finally:
            slots.release()

    c0, t0 = cpu_seconds(), now_ns()
    async with trio.open_nursery() as nursery:
        for i in range(n):
            await slots.acquire()
            nursery.start_soon(one, i)
    t1, c1 = now_ns(), cpu_seconds()
    report(IMPL, n, conc, (t1 - t0) / 1e9, c1 - c0, answers)


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    with server() as port:
        trio.run(main, args.n, args.procs, port)
