"""ping_pong: N round trips between two actors; time per round trip."""

from __future__ import annotations

from typing import Any

import trio

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.trio_actor._actor import IMPL, Mailbox


async def pong(mb: Mailbox) -> None:
    while True:
        match await mb.receive():
            case ("ping", frm):
                frm.send("pong")
            case "stop":
                return


async def ping(mb: Mailbox, pong_mb: Mailbox, driver: Mailbox) -> None:
    n = await mb.receive()
    msg: Any = ("ping", mb)
    for _ in range(n):
        pong_mb.send(msg)
        await mb.receive()  # "pong"
    driver.send("done")


async def main(n: int) -> None:
    driver, ping_mb, pong_mb = Mailbox(), Mailbox(), Mailbox()
    async with trio.open_nursery() as nursery:
        nursery.start_soon(pong, pong_mb)
        nursery.start_soon(ping, ping_mb, pong_mb, driver)
        await trio.sleep(0)
        t0 = now_ns()
        ping_mb.send(n)
        await driver.receive()
        t1 = now_ns()
        pong_mb.send("stop")
    emit("ping_pong", IMPL, "round_trip", n, (t1 - t0) / 1e9)


if __name__ == "__main__":
    trio.run(main, parser(__doc__ or "").parse_args().n)
