"""selective_receive: N request/replies, each awaiting the reply tagged with a fresh reference.

``ref = make_ref(); send(echo, (ref, self())); await receive((ref, ANY))``, measured first with
the requester's mailbox otherwise empty, then with --queued unrelated messages queued in front.
"""

from __future__ import annotations

import beampy
from beampy import ANY, Pid, make_ref, receive, send, spawn
from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL


async def echo() -> None:
    while True:
        match await receive():
            case (ref, frm):
                send(frm, (ref, "reply"))
            case "stop":
                return


async def requester(n: int, queued: int, echo_pid: Pid, driver: Pid) -> None:
    me = beampy.self()
    for i in range(queued):
        send(me, ("junk", i))
    t0 = now_ns()
    for _ in range(n):
        ref = make_ref()
        send(echo_pid, (ref, me))
        await receive((ref, ANY))
    t1 = now_ns()
    send(driver, ("took", (t1 - t0) / 1e9))


async def measure(n: int, queued: int, echo_pid: Pid) -> float:
    spawn(requester, n, queued, echo_pid, beampy.self())
    _, seconds = await receive(("took", ANY))
    return float(seconds)


async def main(n: int, queued: int) -> None:
    echo_pid = spawn(echo)
    empty = await measure(n, 0, echo_pid)
    full = await measure(n, queued, echo_pid)
    send(echo_pid, "stop")
    emit("selective_receive", IMPL, "empty", n, empty, queued=0)
    emit("selective_receive", IMPL, "queued", n, full, queued=queued)


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    beampy.run(main, args.n, args.queued)
