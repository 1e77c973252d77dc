"""455 proc_lib_no_ack: port of 455_proc_lib_no_ack.exs (rule stated there).

``:proc_lib.start(M, :quits, [], 1000)`` is ``proc_lib.start(quits, timeout=1.0)``.
"""

from __future__ import annotations

import beampy
from beampy import ANY, proc_lib
from tests.conformance.support.trace import Trace


async def quits() -> None:
    pass


async def trapping(parent: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    r = await proc_lib.start_link(quits, timeout=1.0)
    await beampy.sleep(0.05)
    left = []
    for _ in range(3):
        try:
            left.append(await beampy.receive(timeout=0))
        except beampy.ReceiveTimeout:
            break
    beampy.send(parent, ("trapping", r, left))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    T.p("start", await proc_lib.start(quits, timeout=1.0))
    beampy.spawn(trapping, beampy.self())
    _, r, left = await beampy.receive(("trapping", ANY, ANY))
    T.p("start_link_trapping", r)
    T.p("left", left)
    T.p("start_link_not_trapping", await proc_lib.start_link(quits, timeout=0.2))
    T.done()
