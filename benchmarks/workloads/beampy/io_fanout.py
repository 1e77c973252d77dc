"""io_fanout: N HTTP GETs to a local server (10 ms each), ``Task.async_stream`` at ``--procs``.

benchmarks/workloads/io_fanout_common.py says what is measured. beampy's client: ``await
Task.async_stream(range(N), fetch, port, max_concurrency=P, timeout=30.0).to_list()`` in a
process, where ``fetch(i, port)`` is an ``async def`` on a raw trio socket (a connection per
request, ``Connection: close``, read to EOF): the tasks are hosted processes doing trio I/O.
benchmarks/beam/io_fanout.exs is the same with ``Task.async_stream`` and ``:gen_tcp``.
"""

from __future__ import annotations

import trio

import beampy
from beampy import Task
from benchmarks._common import check, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL
from benchmarks.workloads.io_fanout_common import cpu_seconds, parse, report, request, server


async def fetch(i: int, port: int) -> tuple[int, bytes]:
    stream = await trio.open_tcp_stream("127.0.0.1", port)
    async with stream:
        await stream.send_all(request(i))
        chunks = []
        while data := await stream.receive_some(65536):
            chunks.append(data)
    return parse(b"".join(chunks))


async def main(n: int, conc: int, port: int) -> None:
    c0, t0 = cpu_seconds(), now_ns()
    results = await Task.async_stream(
        range(n), fetch, port, max_concurrency=conc, timeout=30.0
    ).to_list()
    t1, c1 = now_ns(), cpu_seconds()
    check(all(r[0] == "ok" for r in results), "a request failed")
    report(IMPL, n, conc, (t1 - t0) / 1e9, c1 - c0, [r[1] for r in results])


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    with server() as port:
        beampy.run(main, args.n, args.procs, port)
