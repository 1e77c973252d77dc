"""ring: a token passed N hops around a ring of --procs actors; time per hop."""

from __future__ import annotations

import trio

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.trio_actor._actor import IMPL, Mailbox


async def node(mb: Mailbox, driver: Mailbox) -> None:
    nxt: Mailbox = await mb.receive()
    while True:
        k: int = await mb.receive()
        if k > 0:
            nxt.send(k - 1)
        elif k == 0:
            driver.send("done")
        else:  # -1: stop
            return


async def main(hops: int, procs: int) -> None:
    driver = Mailbox()
    async with trio.open_nursery() as nursery:
        boxes = [Mailbox() for _ in range(procs)]
        for mb in boxes:
            nursery.start_soon(node, mb, driver)
        for i, mb in enumerate(boxes):
            mb.send(boxes[(i + 1) % procs])
        await trio.sleep(0)
        t0 = now_ns()
        boxes[0].send(hops)
        await driver.receive()
        t1 = now_ns()
        for mb in boxes:
            mb.send(-1)
    emit("ring", IMPL, "hop", hops, (t1 - t0) / 1e9, procs=procs)


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    trio.run(main, args.n, args.procs)
