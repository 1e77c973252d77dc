"""async_stream: a trivial function over N items, at most 100 at a time, the trio way.

beampy's ``Task.async_stream(range(N), double, max_concurrency=100)`` as trio code is usually
written: a nursery with one task per item (all N started up front: not lazy), each holding a
``trio.CapacityLimiter(100)`` while it runs ``double(i)`` (an ``async def`` returning ``2 * i``),
its result stored at its index (ordered) or appended as it finishes
(async_stream_unordered.py). Checked: the results are ``2 * i`` in order (unordered: once
sorted).
"""

from __future__ import annotations

from typing import Any

import trio

from benchmarks._common import check, emit, now_ns, parser

IMPL = "trio"
MAX_CONCURRENCY = 100


async def double(i: int) -> int:
    return 2 * i


async def main(n: int, ordered: bool) -> None:
    bench = "async_stream" if ordered else "async_stream_unordered"
    limiter = trio.CapacityLimiter(MAX_CONCURRENCY)
    results: list[Any] = [None] * n if ordered else []
    append = results.append

    async def one(i: int) -> None:
        async with limiter:
            value = await double(i)
        if ordered:
            results[i] = value
        else:
            append(value)

    t0 = now_ns()
    async with trio.open_nursery() as nursery:
        for i in range(n):
            nursery.start_soon(one, i)
    t1 = now_ns()
    emit(bench, IMPL, "item", n, (t1 - t0) / 1e9, max_concurrency=MAX_CONCURRENCY)
    check((results if ordered else sorted(results)) == [2 * i for i in range(n)], "wrong results")


def cli(ordered: bool = True) -> None:
    trio.run(main, parser(__doc__ or "").parse_args().n, ordered)


if __name__ == "__main__":
    cli()
