"""sup_start_stop: start, then orderly stop, of a Supervisor with N children; time per child.

N ``GenServer`` workers with a trivial ``init`` (``Ok(arg)``), each given as
``Supervisor.child_spec((Worker, i), id=i)`` (the list is built outside the timing).
``start``: ``Supervisor.start_link(children, strategy="one_for_one")`` until it returns (every
child started, in order). ``stop``: ``Supervisor.stop(sup)`` until it returns (every child shut
down in reverse start order, each with its default 5 s shutdown: an exit ``"shutdown"`` and a
wait for its end). Checked: ``count_children`` shows N active workers; after the stop no child
is alive and the process count is back where it was. benchmarks/beam/sup_start_stop.exs is the
same program in Elixir.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import GenServer, Supervisor
from beampy.gen_server import Ok
from benchmarks._common import check, emit, now_ns, parser, settle
from benchmarks.workloads.beampy._util import IMPL


class Worker(GenServer):
    def init(self, arg: Any) -> Any:
        return Ok(arg)


async def main(n: int) -> None:
    children = [Supervisor.child_spec((Worker, i), id=i) for i in range(n)]
    base = len(beampy.list())
    settle()
    t0 = now_ns()
    _, sup = await Supervisor.start_link(children, strategy="one_for_one")
    t1 = now_ns()
    counts = await Supervisor.count_children(sup)
    check(counts == {"specs": n, "active": n, "supervisors": 0, "workers": n}, f"{counts}")
    pids = [pid for _, pid, _, _ in await Supervisor.which_children(sup)]
    check(len(beampy.list()) == base + n + 1, "not N + 1 new processes")
    settle()
    t2 = now_ns()
    await Supervisor.stop(sup)
    t3 = now_ns()
    stopped = not any(beampy.is_alive(p) for p in pids) and len(beampy.list()) == base
    emit("sup_start_stop", IMPL, "start", n, (t1 - t0) / 1e9)
    emit("sup_start_stop", IMPL, "stop", n, (t3 - t2) / 1e9, all_stopped=stopped)
    check(stopped, "children alive after Supervisor.stop")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
