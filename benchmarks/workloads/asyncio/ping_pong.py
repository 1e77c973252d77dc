"""ping_pong: N round trips between two actors; time per round trip."""

from __future__ import annotations

import asyncio
from typing import Any

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.asyncio._actor import Mailbox, run


async def pong(mb: Mailbox) -> None:
    while True:
        match await mb.get():
            case ("ping", frm):
                frm.put_nowait("pong")
            case "stop":
                return


async def ping(mb: Mailbox, pong_mb: Mailbox, driver: Mailbox) -> None:
    n = await mb.get()
    msg: Any = ("ping", mb)
    for _ in range(n):
        pong_mb.put_nowait(msg)
        await mb.get()  # "pong"
    driver.put_nowait("done")


async def main(impl: str, n: int) -> None:
    driver: Mailbox = asyncio.Queue()
    ping_mb: Mailbox = asyncio.Queue()
    pong_mb: Mailbox = asyncio.Queue()
    tasks = [
        asyncio.create_task(pong(pong_mb)),
        asyncio.create_task(ping(ping_mb, pong_mb, driver)),
    ]
    await asyncio.sleep(0)
    t0 = now_ns()
    ping_mb.put_nowait(n)
    await driver.get()
    t1 = now_ns()
    pong_mb.put_nowait("stop")
    await asyncio.gather(*tasks)
    emit("ping_pong", impl, "round_trip", n, (t1 - t0) / 1e9)


def cli(impl: str) -> None:
    run(main, impl, parser(__doc__ or "").parse_args().n)


if __name__ == "__main__":
    cli("asyncio")
