"""genserver_call_hosted: calls to a GenServer that awaited trio once, beside one that never did.

Two counter servers (``genserver_call.py``'s): ``plain`` never touches trio; ``touched_trio``
awaits ``trio.sleep(0)`` in its ``async def init``, so the process leaves the run queue for a
trio task of its own (a host carrier) and goes back to the run queue at its next beampy
operation. One client process does N calls to each, in four segments of N/2 in the order plain,
touched, touched, plain (each segment timed by the client), so that a drift over the run bills
both the same; each metric's time is the sum of its two segments, per call.

The ``touched_trio`` record carries ``ratio_to_plain`` (its time over ``plain``'s in the same
run), ``hosted_after_trio`` (the server was on a host right after its ``trio.sleep(0)``, checked)
and ``hosted_while_timed`` (it was still on one when the timing started: reported, not failed).
benchmarks/beam/genserver_call_hosted.exs does the plain server on the BEAM, for reference.
"""

from __future__ import annotations

from typing import Any

import trio

import beampy
from beampy import GenServer, send
from beampy.gen_server import Ok, Reply
from benchmarks._common import check, emit, parser
from benchmarks.workloads.beampy._util import IMPL
from benchmarks.workloads.beampy.genserver_call import Counter, segment, start_client


class TouchedCounter(Counter):
    async def init(self, n: Any) -> Any:
        await trio.sleep(0)
        self.hosted = beampy.info(beampy.self(), "hosted")
        return Ok(n)

    def handle_call(self, request: Any, from_: Any, n: Any) -> Any:
        if request == "hosted_after_trio":
            return Reply(self.hosted, n)
        return super().handle_call(request, from_, n)


async def main(n: int) -> None:
    _, plain = await GenServer.start_link(Counter, 0)
    _, touched = await GenServer.start_link(TouchedCounter, 0)
    hosted_after_trio = await GenServer.call(touched, "hosted_after_trio")
    check(hosted_after_trio is True, "the server was not on a host after awaiting trio.sleep(0)")
    hosted_while_timed = beampy.info(touched, "hosted")
    cli = await start_client()
    half = n // 2
    ns = {plain: 0, touched: 0}
    for srv, count in ((plain, half), (touched, half), (touched, n - half), (plain, n - half)):
        t, _ = await segment(cli, srv, count)
        ns[srv] += t
    send(cli, "stop")
    emit("genserver_call_hosted", IMPL, "plain", n, ns[plain] / 1e9)
    emit(
        "genserver_call_hosted",
        IMPL,
        "touched_trio",
        n,
        ns[touched] / 1e9,
        ratio_to_plain=round(ns[touched] / ns[plain], 4),
        hosted_after_trio=hosted_after_trio,
        hosted_while_timed=hosted_while_timed,
    )
    for srv in (plain, touched):
        check(await GenServer.call(srv, "get") == n, "a counter is not n")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
