"""task_await_many: N ``asyncio.create_task`` then one ``asyncio.gather`` over them.

beampy's ``Task.async_`` x N + ``Task.await_many`` as asyncio does it: each task runs
``double(i)`` (an ``async def`` returning ``2 * i``); timed over both. Checked: the replies are
``2 * i`` in order. The same script runs on uvloop.
"""

from __future__ import annotations

import asyncio

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.asyncio._actor import run


async def double(i: int) -> int:
    return 2 * i


async def main(impl: str, n: int) -> None:
    create_task = asyncio.create_task
    t0 = now_ns()
    tasks = [create_task(double(i)) for i in range(n)]
    replies = await asyncio.gather(*tasks)
    t1 = now_ns()
    emit("task_await_many", impl, "task", n, (t1 - t0) / 1e9)
    check(replies == [2 * i for i in range(n)], "the replies are not 2 * i in order")


def cli(impl: str) -> None:
    run(main, impl, parser(__doc__ or "").parse_args().n)


if __name__ == "__main__":
    cli("asyncio")
