"""dynsup_start_stop: N ``DynamicSupervisor.start_child`` calls, then the stop; time per child.

A ``DynamicSupervisor`` (``one_for_one``); the driver starts N ``GenServer`` workers with a
trivial ``init`` (``Ok(arg)``) one ``start_child(sup, (Worker, i))`` call at a time. ``start``:
the N calls. ``stop``: ``DynamicSupervisor.stop(sup)`` until it returns (every child shut down
at once, each with its default 5 s shutdown). Checked: every call answered ``("ok", pid)``,
``count_children`` shows N active workers; after the stop no child is alive and the process
count is back where it was. benchmarks/beam/dynsup_start_stop.exs is the same program in
Elixir.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import DynamicSupervisor, GenServer
from beampy.gen_server import Ok
from benchmarks._common import check, emit, now_ns, parser, settle
from benchmarks.workloads.beampy._util import IMPL


class Worker(GenServer):
    def init(self, arg: Any) -> Any:
        return Ok(arg)


async def main(n: int) -> None:
    base = len(beampy.list())
    _, sup = await DynamicSupervisor.start_link(strategy="one_for_one")
    start_child = DynamicSupervisor.start_child
    pids = []
    settle()
    t0 = now_ns()
    for i in range(n):
        ok, pid = await start_child(sup, (Worker, i))
        pids.append(pid)
    t1 = now_ns()
    check(ok == "ok" and len(set(pids)) == n, "a start_child did not answer ('ok', pid)")
    counts = await DynamicSupervisor.count_children(sup)
    check(counts == {"specs": n, "active": n, "supervisors": 0, "workers": n}, f"{counts}")
    check(len(beampy.list()) == base + n + 1, "not N + 1 new processes")
    settle()
    t2 = now_ns()
    await DynamicSupervisor.stop(sup)
    t3 = now_ns()
    stopped = not any(beampy.is_alive(p) for p in pids) and len(beampy.list()) == base
    emit("dynsup_start_stop", IMPL, "start", n, (t1 - t0) / 1e9)
    emit("dynsup_start_stop", IMPL, "stop", n, (t3 - t2) / 1e9, all_stopped=stopped)
    check(stopped, "children alive after DynamicSupervisor.stop")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
