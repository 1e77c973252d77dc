"""sup_restart: N restarts of a killed ``one_for_one`` child; time per restart, and its curve.

A ``Supervisor`` (``one_for_one``, ``max_restarts`` 1,000,000 in the default 5 s: the intensity
raised out of the way) supervises one ``GenServer`` worker whose ``init`` sends ``("started",
pid)`` to the driver. The driver kills the worker (``exit(pid, "kill")``) and waits for the
next ``("started", pid)``; N times. Timed from the first kill to the last start, with a clock
reading after every batch of 1,000 restarts (or of N, when N is smaller): ``first_1000`` is the
first batch (an isolated restart: few restarts in the window yet), ``batch`` each batch by the
restart it ends at (OTP keeps every restart inside the window in a list that each restart
walks, so its cost grows along the run), ``all`` the N. Checked: N distinct pids started, the
supervisor's one child is the last one, alive. benchmarks/beam/sup_restart.exs is the same
program in Elixir.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, GenServer, Supervisor, receive
from beampy.gen_server import Ok
from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL


class Worker(GenServer):
    def init(self, driver: Any) -> Any:
        beampy.send(driver, ("started", beampy.self()))
        return Ok(driver)


async def main(n: int) -> None:
    me = beampy.self()
    _, sup = await Supervisor.start_link(
        [(Worker, me)], strategy="one_for_one", max_restarts=1_000_000, max_seconds=5.0
    )
    _, pid = await receive(("started", ANY))
    batch = min(1_000, n)
    seen = {pid}
    kill = beampy.exit
    marks = []
    t0 = now_ns()
    for i in range(1, n + 1):
        kill(pid, "kill")
        _, pid = await receive(("started", ANY))
        seen.add(pid)
        if i % batch == 0:
            marks.append(now_ns())
    t1 = now_ns()
    check(len(seen) == n + 1, f"{len(seen) - 1} distinct restarted pids, not {n}")
    [(_, child, _, _)] = await Supervisor.which_children(sup)
    check(child == pid and beampy.is_alive(pid), "the supervisor's child is not the last one")
    emit("sup_restart", IMPL, "first_1000", batch, (marks[0] - t0) / 1e9, restarts=n)
    prev = t0
    for k, mark in enumerate(marks, 1):
        emit("sup_restart", IMPL, "batch", k * batch, (mark - prev) / 1e9, ops=batch, restarts=n)
        prev = mark
    emit("sup_restart", IMPL, "all", n, (t1 - t0) / 1e9)
    await Supervisor.stop(sup)


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
