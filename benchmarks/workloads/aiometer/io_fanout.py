"""io_fanout: N HTTP GETs to a local server (10 ms each) with ``aiometer.amap`` over httpx.

benchmarks/workloads/io_fanout_common.py says what is measured. What a Python user reaches for
when told "async_stream with max_concurrency": ``async with aiometer.amap(fetch, range(N),
max_at_once=P)`` on asyncio, where ``fetch(i)`` is a GET through one ``httpx.AsyncClient``
whose pool is limited to ``--procs`` connections (reused: keep-alive); the answers are stored
at their index as they come (amap yields them as they finish). Like the httpx client on trio,
this is the "as users will write it" line beside beampy's raw-socket client: httpx's pool is
most of its CPU (docs/task.md, "One httpx client for a wide fan-out is expensive").
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiometer
import httpx

from benchmarks._common import now_ns, parser
from benchmarks.workloads.io_fanout_common import cpu_seconds, report, server

IMPL = "aiometer"


async def main(n: int, conc: int, port: int) -> None:
    answers: list[Any] = [None] * n
    base = f"http://127.0.0.1:{port}/item/"
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    async with httpx.AsyncClient(limits=limits) as client:

        async def fetch(i: int) -> tuple[int, int, bytes]:
            r = await client.get(base + str(i))
            return i, r.status_code, r.content

        c0, t0 = cpu_seconds(), now_ns()
        async with aiometer.amap(fetch, range(n), max_at_once=conc) as results:
            async for i, status, content in results:
                answers[i] = (status, content)
        t1, c1 = now_ns(), cpu_seconds()
    report(IMPL, n, conc, (t1 - t0) / 1e9, c1 - c0, answers)


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    with server() as port:
        asyncio.run(main(args.n, args.procs, port))
