"""task_async_await: N ``Task.async_`` + ``Task.await_`` pairs, one after the other; time per pair.

The driver process starts a task running ``double(i)`` (a plain function returning ``2 * i``)
and awaits it (default 5 s timeout) before the next; N times. Checked: the sum of the replies
is ``N * (N - 1)`` and no task is left. benchmarks/beam/task_async_await.exs is the same
program in Elixir (``Task.async(fn -> double(i) end) |> Task.await()``).
"""

from __future__ import annotations

import beampy
from beampy import Task
from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL


def double(i: int) -> int:
    return 2 * i


async def main(n: int) -> None:
    base = len(beampy.list())
    async_, await_ = Task.async_, Task.await_
    total = 0
    t0 = now_ns()
    for i in range(n):
        total += await await_(async_(double, i))
    t1 = now_ns()
    emit("task_async_await", IMPL, "pair", n, (t1 - t0) / 1e9)
    check(total == n * (n - 1), f"the replies sum to {total}, not {n * (n - 1)}")
    check(len(beampy.list()) == base, "tasks left after their await")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
