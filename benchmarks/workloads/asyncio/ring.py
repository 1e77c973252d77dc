"""ring: a token passed N hops around a ring of --procs actors; time per hop."""

from __future__ import annotations

import asyncio

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.asyncio._actor import Mailbox, run


async def node(mb: Mailbox, driver: Mailbox) -> None:
    nxt: Mailbox = await mb.get()
    while True:
        k: int = await mb.get()
        if k > 0:
            nxt.put_nowait(k - 1)
        elif k == 0:
            driver.put_nowait("done")
        else:  # -1: stop
            return


async def main(impl: str, hops: int, procs: int) -> None:
    driver: Mailbox = asyncio.Queue()
    boxes: list[Mailbox] = [asyncio.Queue() for _ in range(procs)]
    tasks = [asyncio.create_task(node(mb, driver)) for mb in boxes]
    for i, mb in enumerate(boxes):
        mb.put_nowait(boxes[(i + 1) % procs])
    await asyncio.sleep(0)
    t0 = now_ns()
    boxes[0].put_nowait(hops)
    await driver.get()
    t1 = now_ns()
    for mb in boxes:
        mb.put_nowait(-1)
    await asyncio.gather(*tasks)
    emit("ring", impl, "hop", hops, (t1 - t0) / 1e9, procs=procs)


def cli(impl: str) -> None:
    args = parser(__doc__ or "").parse_args()
    run(main, impl, args.n, args.procs)


if __name__ == "__main__":
    cli("asyncio")
