"""async_stream: a trivial function over N items, at most 100 at a time, with aiometer.

``aiometer.run_all([partial(double, i) for i in range(N)], max_at_once=100)`` (results in input
order) and, in async_stream_unordered.py, ``async with aiometer.amap(double, range(N),
max_at_once=100)`` (results as they finish), on asyncio; ``double(i)`` is an ``async def``
returning ``2 * i``. Checked: the results are ``2 * i`` in order (unordered: once sorted).
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import aiometer

from benchmarks._common import check, emit, now_ns, parser

IMPL = "aiometer"
MAX_CONCURRENCY = 100


async def double(i: int) -> int:
    return 2 * i


async def main(n: int, ordered: bool) -> None:
    bench = "async_stream" if ordered else "async_stream_unordered"
    t0 = now_ns()
    if ordered:
        jobs = [functools.partial(double, i) for i in range(n)]
        results: list[Any] = await aiometer.run_all(jobs, max_at_once=MAX_CONCURRENCY)
    else:
        results = []
        async with aiometer.amap(double, range(n), max_at_once=MAX_CONCURRENCY) as values:
            async for value in values:
                results.append(value)
    t1 = now_ns()
    emit(bench, IMPL, "item", n, (t1 - t0) / 1e9, max_concurrency=MAX_CONCURRENCY)
    check((results if ordered else sorted(results)) == [2 * i for i in range(n)], "wrong results")


def cli(ordered: bool = True) -> None:
    asyncio.run(main(parser(__doc__ or "").parse_args().n, ordered))


if __name__ == "__main__":
    cli()
