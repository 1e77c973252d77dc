"""fan_out: one sender sends N messages to one receiver, which counts them; time per message."""

from __future__ import annotations

import trio

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.trio_actor._actor import IMPL, Mailbox


async def receiver(mb: Mailbox, n: int, driver: Mailbox) -> None:
    count = 0
    for _ in range(n):
        await mb.receive()
        count += 1
    driver.send(count)


async def sender(mb: Mailbox, target: Mailbox) -> None:
    n: int = await mb.receive()
    for _ in range(n):
        target.send("msg")


async def main(n: int) -> None:
    driver, send_mb, recv_mb = Mailbox(), Mailbox(), Mailbox()
    async with trio.open_nursery() as nursery:
        nursery.start_soon(receiver, recv_mb, n, driver)
        nursery.start_soon(sender, send_mb, recv_mb)
        await trio.sleep(0)
        t0 = now_ns()
        send_mb.send(n)
        count = await driver.receive()
        t1 = now_ns()
    emit("fan_out", IMPL, "message", n, (t1 - t0) / 1e9)
    check(count == n, f"received {count} of {n}")


if __name__ == "__main__":
    trio.run(main, parser(__doc__ or "").parse_args().n)
