"""io_fanout: N HTTP GETs to a local server (10 ms each) with aiohttp on uvloop.

benchmarks/workloads/io_fanout_common.py says what is measured. One ``aiohttp.ClientSession``
(its connector limited to ``--procs`` connections, reused: keep-alive), one task per request
created up front (``asyncio.gather``), each holding an ``asyncio.Semaphore(--procs)``.
"""

from __future__ import annotations

import asyncio

import aiohttp
import uvloop

from benchmarks._common import now_ns, parser
from benchmarks.workloads.io_fanout_common import cpu_seconds, report, server

IMPL = "aiohttp"


async def main(n: int, conc: int, port: int) -> None:
    sem = asyncio.Semaphore(conc)
    base = f"http://127.0.0.1:{port}/item/"
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conc)) as session:

        async def one(i: int) -> tuple[int, bytes]:
            async with sem, session.get(base + str(i)) as r:
                return (r.status, await r.read())

        c0, t0 = cpu_seconds(), now_ns()
        answers = await asyncio.gather(*(one(i) for i in range(n)))
        t1, c1 = now_ns(), cpu_seconds()
    report(IMPL, n, conc, (t1 - t0) / 1e9, c1 - c0, list(answers))


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    with server() as port:
        uvloop.run(main(args.n, args.procs, port))
