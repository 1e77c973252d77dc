"""fan_out: one sender sends N messages to one receiver, which counts them; time per message."""

from __future__ import annotations

from typing import Any

from thespian.actors import Actor  # type: ignore[import-untyped]

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.thespian._actor import IMPL, actor_system


class Receiver(Actor):  # type: ignore[misc]
    count = 0
    n = 0
    driver: Any = None

    def receiveMessage(self, message: Any, sender: Any) -> None:  # noqa: N802 (thespian API)
        match message:
            case "msg":
                self.count += 1
                if self.count == self.n:
                    self.send(self.driver, self.count)
            case ("expect", n, driver):
                self.n, self.driver = n, driver


class Sender(Actor):  # type: ignore[misc]
    def receiveMessage(self, message: Any, sender: Any) -> None:  # noqa: N802 (thespian API)
        match message:
            case ("go", n, receiver):
                self.send(receiver, ("expect", n, sender))
                for _ in range(n):
                    self.send(receiver, "msg")


def main(n: int) -> None:
    asys = actor_system()
    receiver = asys.createActor(Receiver)
    sender = asys.createActor(Sender)
    t0 = now_ns()
    count = asys.ask(sender, ("go", n, receiver))
    t1 = now_ns()
    asys.shutdown()
    emit("fan_out", IMPL, "message", n, (t1 - t0) / 1e9)
    check(count == n, f"received {count} of {n}")


if __name__ == "__main__":
    main(parser(__doc__ or "").parse_args().n)
