"""ring: a token passed N hops around a ring of --procs actors; time per hop."""

from __future__ import annotations

from typing import Any

import gevent  # type: ignore[import-untyped]

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.gevent._actor import IMPL, mailbox


def node(mb: Any, driver: Any) -> None:
    nxt = mb.get()
    while True:
        k: int = mb.get()
        if k > 0:
            nxt.put_nowait(k - 1)
        elif k == 0:
            driver.put_nowait("done")
        else:  # -1: stop
            return


def main(hops: int, procs: int) -> None:
    driver = mailbox()
    boxes = [mailbox() for _ in range(procs)]
    greenlets = [gevent.spawn(node, mb, driver) for mb in boxes]
    for i, mb in enumerate(boxes):
        mb.put_nowait(boxes[(i + 1) % procs])
    gevent.sleep(0)
    t0 = now_ns()
    boxes[0].put_nowait(hops)
    driver.get()
    t1 = now_ns()
    for mb in boxes:
        mb.put_nowait(-1)
    gevent.joinall(greenlets)
    emit("ring", IMPL, "hop", hops, (t1 - t0) / 1e9, procs=procs)


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    main(args.n, args.procs)
