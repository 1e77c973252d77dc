"""fan_out: one sender sends N messages to one receiver, which counts them; time per message."""

from __future__ import annotations

import queue
from typing import Any

import pykka

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.pykka._actor import IMPL


class Receiver(pykka.ThreadingActor):
    def __init__(self, n: int, driver: queue.Queue[Any]) -> None:
        super().__init__()
        self._n = n
        self._count = 0
        self._driver = driver

    def on_receive(self, message: Any) -> None:
        self._count += 1
        if self._count == self._n:
            self._driver.put(self._count)


class Sender(pykka.ThreadingActor):
    def __init__(self, target: Any) -> None:
        super().__init__()
        self._target = target

    def on_receive(self, message: Any) -> None:
        tell = self._target.tell
        for _ in range(message):
            tell("msg")


def main(n: int) -> None:
    driver: queue.Queue[Any] = queue.Queue()
    receiver = Receiver.start(n, driver)
    sender = Sender.start(receiver)
    t0 = now_ns()
    sender.tell(n)
    count = driver.get()
    t1 = now_ns()
    sender.stop()
    receiver.stop()
    emit("fan_out", IMPL, "message", n, (t1 - t0) / 1e9)
    check(count == n, f"received {count} of {n}")


if __name__ == "__main__":
    main(parser(__doc__ or "").parse_args().n)
