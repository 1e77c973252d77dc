"""ring: a token passed N hops around a ring of --procs actors (threads); time per hop."""

from __future__ import annotations

import queue
from typing import Any

import pykka

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.pykka._actor import IMPL


class Node(pykka.ThreadingActor):
    def __init__(self, driver: queue.Queue[Any]) -> None:
        super().__init__()
        self._driver = driver
        self._next: Any = None

    def on_receive(self, message: Any) -> None:
        if isinstance(message, int):
            if message > 0:
                self._next.tell(message - 1)
            else:
                self._driver.put("done")
        else:  # setup: the next actor in the ring
            self._next = message


def main(hops: int, procs: int) -> None:
    driver: queue.Queue[Any] = queue.Queue()
    refs = [Node.start(driver) for _ in range(procs)]
    for i, ref in enumerate(refs):
        ref.tell(refs[(i + 1) % procs])
    t0 = now_ns()
    refs[0].tell(hops)
    driver.get()
    t1 = now_ns()
    futures = [ref.stop(block=False) for ref in refs]
    for f in futures:
        f.get()
    emit("ring", IMPL, "hop", hops, (t1 - t0) / 1e9, procs=procs)


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    main(args.n, args.procs)
