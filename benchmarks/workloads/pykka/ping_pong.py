"""ping_pong: N round trips between two actors; time per round trip."""

from __future__ import annotations

import queue
from typing import Any

import pykka

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.pykka._actor import IMPL


class Pong(pykka.ThreadingActor):
    def on_receive(self, message: Any) -> None:
        match message:
            case ("ping", frm):
                frm.tell("pong")


class Ping(pykka.ThreadingActor):
    def __init__(self, pong: Any, driver: queue.Queue[Any]) -> None:
        super().__init__()
        self._pong = pong
        self._driver = driver
        self._left = 0

    def on_receive(self, message: Any) -> None:
        if message == "pong":
            self._left -= 1
        else:  # the driver's start message: the number of round trips
            self._left = message
        if self._left > 0:
            self._pong.tell(("ping", self.actor_ref))
        else:
            self._driver.put("done")


def main(n: int) -> None:
    driver: queue.Queue[Any] = queue.Queue()
    pong = Pong.start()
    ping = Ping.start(pong, driver)
    t0 = now_ns()
    ping.tell(n)
    driver.get()
    t1 = now_ns()
    ping.stop()
    pong.stop()
    emit("ping_pong", IMPL, "round_trip", n, (t1 - t0) / 1e9)


if __name__ == "__main__":
    main(parser(__doc__ or "").parse_args().n)
