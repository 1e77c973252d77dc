"""async_stream: a trivial function over N items, at most 100 at a time, the asyncio way.

beampy's ``Task.async_stream(range(N), double, max_concurrency=100)`` as asyncio code is
usually written: an ``asyncio.TaskGroup`` with one task per item (all N created up front: not
lazy), each holding an ``asyncio.Semaphore(100)`` while it runs ``double(i)`` (an ``async def``
returning ``2 * i``), its result stored at its index (ordered) or appended as it finishes
(async_stream_unordered.py). Checked: the results are ``2 * i`` in order (unordered: once
sorted). The same script runs on uvloop.
"""

from __future__ import annotations

import asyncio
from typing import Any

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.asyncio._actor import run

MAX_CONCURRENCY = 100


async def double(i: int) -> int:
    return 2 * i


async def main(impl: str, n: int, ordered: bool) -> None:
    bench = "async_stream" if ordered else "async_stream_unordered"
    sem = asyncio.Semaphore(MAX_CONCURRENCY)
    results: list[Any] = [None] * n if ordered else []
    append = results.append

    async def one(i: int) -> None:
        async with sem:
            value = await double(i)
        if ordered:
            results[i] = value
        else:
            append(value)

    t0 = now_ns()
    async with asyncio.TaskGroup() as tg:
        for i in range(n):
            tg.create_task(one(i))
    t1 = now_ns()
    emit(bench, impl, "item", n, (t1 - t0) / 1e9, max_concurrency=MAX_CONCURRENCY)
    check((results if ordered else sorted(results)) == [2 * i for i in range(n)], "wrong results")


def cli(impl: str, ordered: bool = True) -> None:
    run(main, impl, parser(__doc__ or "").parse_args().n, ordered)


if __name__ == "__main__":
    cli("asyncio")
