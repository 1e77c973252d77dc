"""hosted_server: round trips to a server that awaited trio once, beside one that never did.

Two servers answer ``("ping", frm)`` with ``"pong"``, receiving any message and ``match``ing it
(the server of ``ping_pong.py``). ``touched_trio`` first awaits ``trio.sleep(0)``: the process
leaves the run queue for a trio task of its own (a host carrier) and goes back to the run queue
(a hand-back) at its next beampy operation, its first ``receive``; ``plain`` never touches trio.
After one untimed round trip to each, a client process does N round trips to each server, in
four timed segments of N/2 in the order plain, touched, touched, plain, so that a drift over the
run bills both the same. Each metric's time is the sum of its two segments; per round trip.

The ``touched_trio`` record carries ``ratio_to_plain`` (its time over ``plain``'s in the same
run), ``hosted_after_trio`` (the server was on a host right after its ``trio.sleep(0)``, which
the run checks) and ``hosted_while_timed`` (it was still on one when the timing started: no
hand-back happened; reported, not failed). benchmarks/beam/hosted_server.exs does the plain
server on the BEAM, for reference.
"""

from __future__ import annotations

import trio

import beampy
from beampy import ANY, Pid, receive, send, spawn
from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL


async def server(touch_trio: bool, driver: Pid) -> None:
    if touch_trio:
        await trio.sleep(0)
    send(driver, ("ready", beampy.self(), beampy.info(beampy.self(), "hosted")))
    while True:
        match await receive():
            case ("ping", frm):
                send(frm, "pong")
            case "stop":
                return


async def client(driver: Pid) -> None:
    while True:
        match await receive():
            case ("go", srv, n):
                pass
            case "stop":
                return
        pongs = 0
        for _ in range(n):
            send(srv, ("ping", beampy.self()))
            match await receive():
                case "pong":
                    pongs += 1
        send(driver, ("done", pongs))


async def start_server(touch_trio: bool) -> tuple[Pid, bool]:
    pid = spawn(server, touch_trio, beampy.self())
    _, _, hosted = await receive(("ready", pid, ANY))
    send(pid, ("ping", beampy.self()))  # untimed: the server is now in its receive loop
    await receive("pong")
    return pid, hosted


async def main(n: int) -> None:
    plain, _ = await start_server(False)
    touched, hosted_after_trio = await start_server(True)
    check(hosted_after_trio, "the server was not on a host after awaiting trio.sleep(0)")
    hosted_while_timed = beampy.info(touched, "hosted")
    cli = spawn(client, beampy.self())
    half = n // 2
    ns = {plain: 0, touched: 0}
    pongs = {plain: 0, touched: 0}
    for srv, count in ((plain, half), (touched, half), (touched, n - half), (plain, n - half)):
        t0 = now_ns()
        send(cli, ("go", srv, count))
        _, got = await receive(("done", ANY))
        ns[srv] += now_ns() - t0
        pongs[srv] += got
    for pid in (cli, plain, touched):
        send(pid, "stop")
    emit("hosted_server", IMPL, "plain", n, ns[plain] / 1e9)
    emit(
        "hosted_server",
        IMPL,
        "touched_trio",
        n,
        ns[touched] / 1e9,
        ratio_to_plain=round(ns[touched] / ns[plain], 4),
        hosted_after_trio=hosted_after_trio,
        hosted_while_timed=hosted_while_timed,
    )
    check(pongs == {plain: n, touched: n}, f"replies that were 'pong': {pongs} of {n} each")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
