"""task_await_many: N tasks started in a trio nursery, their results collected when it closes.

beampy's ``Task.async_`` x N + ``Task.await_many`` as trio does it (trio has no task handles:
each task stores ``double(i)`` (an ``async def`` returning ``2 * i``) at its index, and the
nursery's end is the await of them all). Checked: the replies are ``2 * i`` in order.
"""

from __future__ import annotations

from typing import Any

import trio

from benchmarks._common import check, emit, now_ns, parser

IMPL = "trio"


async def double(i: int) -> int:
    return 2 * i


async def main(n: int) -> None:
    replies: list[Any] = [None] * n

    async def one(i: int) -> None:
        replies[i] = await double(i)

    t0 = now_ns()
    async with trio.open_nursery() as nursery:
        start_soon = nursery.start_soon
        for i in range(n):
            start_soon(one, i)
    t1 = now_ns()
    emit("task_await_many", IMPL, "task", n, (t1 - t0) / 1e9)
    check(replies == [2 * i for i in range(n)], "the replies are not 2 * i in order")


if __name__ == "__main__":
    trio.run(main, parser(__doc__ or "").parse_args().n)
