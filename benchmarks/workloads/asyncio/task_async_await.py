"""task_async_await: N ``asyncio.create_task`` + ``await task`` pairs, one after the other.

beampy's ``Task.async_`` + ``Task.await_`` as asyncio does it: each task runs ``double(i)`` (an
``async def`` returning ``2 * i``) and is awaited before the next. No link, monitor or timeout.
Checked: the replies sum to ``N * (N - 1)``. The same script runs on uvloop.
"""

from __future__ import annotations

import asyncio

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.asyncio._actor import run


async def double(i: int) -> int:
    return 2 * i


async def main(impl: str, n: int) -> None:
    create_task = asyncio.create_task
    total = 0
    t0 = now_ns()
    for i in range(n):
        total += await create_task(double(i))
    t1 = now_ns()
    emit("task_async_await", impl, "pair", n, (t1 - t0) / 1e9)
    check(total == n * (n - 1), f"the replies sum to {total}, not {n * (n - 1)}")


def cli(impl: str) -> None:
    run(main, impl, parser(__doc__ or "").parse_args().n)


if __name__ == "__main__":
    cli("asyncio")
