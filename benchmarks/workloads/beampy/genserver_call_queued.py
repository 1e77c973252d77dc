"""genserver_call_queued: GenServer calls from a caller holding --queued unrelated messages.

The counter server and the client of ``genserver_call.py``. Two clients call the same server:
``empty`` with nothing else in its mailbox, ``queued`` with --queued messages ``("junk", i)``
it sent itself before its first call, which stay in its mailbox all along (checked at the end).
Each client times its own calls. N calls from each, in four segments of N/2 in the order empty,
queued, queued, empty, so that a drift over the run bills both the same; each metric's time is
the sum of its two segments, per call. The ``queued`` record carries ``ratio_to_empty`` (its
time over ``empty``'s in the same run). benchmarks/beam/genserver_call_queued.exs is the same
program in Elixir.
"""

from __future__ import annotations

import beampy
from beampy import GenServer, send
from benchmarks._common import check, emit, parser
from benchmarks.workloads.beampy._util import IMPL
from benchmarks.workloads.beampy.genserver_call import Counter, segment, start_client


async def main(n: int, queued: int) -> None:
    _, srv = await GenServer.start_link(Counter, 0)
    empty = await start_client()
    full = await start_client(queued)
    half = n // 2
    ns = {empty: 0, full: 0}
    for cli, count in ((empty, half), (full, half), (full, n - half), (empty, n - half)):
        t, _ = await segment(cli, srv, count)
        ns[cli] += t
    left = beampy.info(full, "message_queue_len")
    for cli in (empty, full):
        send(cli, "stop")
    emit("genserver_call_queued", IMPL, "empty", n, ns[empty] / 1e9, queued=0)
    emit(
        "genserver_call_queued",
        IMPL,
        "queued",
        n,
        ns[full] / 1e9,
        queued=queued,
        ratio_to_empty=round(ns[full] / ns[empty], 4),
    )
    check(left == queued, f"the queued client has {left} messages left, not {queued}")
    check(await GenServer.call(srv, "get") == 2 * n, "the counter is not 2n")


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    beampy.run(main, args.n, args.queued)
