"""fan_out: one sender sends N messages to one receiver, which counts them; time per message."""

from __future__ import annotations

import asyncio

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.asyncio._actor import Mailbox, run


async def receiver(mb: Mailbox, n: int, driver: Mailbox) -> None:
    count = 0
    for _ in range(n):
        await mb.get()
        count += 1
    driver.put_nowait(count)


async def sender(mb: Mailbox, target: Mailbox) -> None:
    n: int = await mb.get()
    for _ in range(n):
        target.put_nowait("msg")


async def main(impl: str, n: int) -> None:
    driver: Mailbox = asyncio.Queue()
    send_mb: Mailbox = asyncio.Queue()
    recv_mb: Mailbox = asyncio.Queue()
    tasks = [
        asyncio.create_task(receiver(recv_mb, n, driver)),
        asyncio.create_task(sender(send_mb, recv_mb)),
    ]
    await asyncio.sleep(0)
    t0 = now_ns()
    send_mb.put_nowait(n)
    count = await driver.get()
    t1 = now_ns()
    await asyncio.gather(*tasks)
    emit("fan_out", impl, "message", n, (t1 - t0) / 1e9)
    check(count == n, f"received {count} of {n}")


def cli(impl: str) -> None:
    run(main, impl, parser(__doc__ or "").parse_args().n)


if __name__ == "__main__":
    cli("asyncio")
