"""task_await_many: N ``Task.async_`` then one ``Task.await_many`` over them; time per task.

The driver process starts N tasks, each running ``double(i)`` (a plain function returning
``2 * i``), then awaits them all with ``Task.await_many(tasks)`` (default 5 s timeout); the
timing covers both. Checked: the replies are ``[2 * i for i in range(N)]`` in order and no
task is left. benchmarks/beam/task_await_many.exs is the same program in Elixir.
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
    async_ = Task.async_
    t0 = now_ns()
    tasks = [async_(double, i) for i in range(n)]
    replies = await Task.await_many(tasks)
    t1 = now_ns()
    emit("task_await_many", IMPL, "task", n, (t1 - t0) / 1e9)
    check(replies == [2 * i for i in range(n)], "the replies are not 2 * i in order")
    check(len(beampy.list()) == base, "tasks left after await_many")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
