"""io_fanout: N HTTP GETs to a local server (10 ms each) with httpx on trio.

benchmarks/workloads/io_fanout_common.py says what is measured. One ``httpx.AsyncClient``
(its pool limited to ``--procs`` connections, reused: keep-alive), one task per request started
up front in a nursery, each holding a ``trio.CapacityLimiter(--procs)``.
"""

from __future__ import annotations

from typing import Any

import httpx
import trio

from benchmarks._common import now_ns, parser
from benchmarks.workloads.io_fanout_common import cpu_seconds, report, server

IMPL = "httpx"


async def main(n: int, conc: int, port: int) -> None:
    limiter = trio.CapacityLimiter(conc)
    answers: list[Any] = [None] * n
    base = f"http://127.0.0.1:{port}/item/"
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    async with httpx.AsyncClient(limits=limits) as client:

        async def one(i: int) -> None:
            async with limiter:
                r = await client.get(base + str(i))
            answers[i] = (r.status_code, r.content)

        c0, t0 = cpu_seconds(), now_ns()
        async with trio.open_nursery() as nursery:
            for i in range(n):
                nursery.start_soon(one, i)
        t1, c1 = now_ns(), cpu_seconds()
    report(IMPL, n, conc, (t1 - t0) / 1e9, c1 - c0, answers)


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    with server() as port:
        trio.run(main, args.n, args.procs, port)
