"""ping_pong: N round trips between two actors; time per round trip."""

from __future__ import annotations

from typing import Any

from thespian.actors import Actor  # type: ignore[import-untyped]

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.thespian._actor import IMPL, actor_system


class Pong(Actor):  # type: ignore[misc]
    def receiveMessage(self, message: Any, sender: Any) -> None:  # noqa: N802 (thespian API)
        if message == "ping":
            self.send(sender, "pong")


class Ping(Actor):  # type: ignore[misc]
    left = 0
    pong: Any = None
    driver: Any = None

    def receiveMessage(self, message: Any, sender: Any) -> None:  # noqa: N802 (thespian API)
        match message:
            case "pong":
                self.left -= 1
            case ("go", n, pong):
                self.left, self.pong, self.driver = n, pong, sender
            case _:
                return
        if self.left > 0:
            self.send(self.pong, "ping")
        else:
            self.send(self.driver, "done")


def main(n: int) -> None:
    asys = actor_system()
    pong = asys.createActor(Pong)
    ping = asys.createActor(Ping)
    t0 = now_ns()
    reply = asys.ask(ping, ("go", n, pong))
    t1 = now_ns()
    asys.shutdown()
    assert reply == "done", reply
    emit("ping_pong", IMPL, "round_trip", n, (t1 - t0) / 1e9)


if __name__ == "__main__":
    main(parser(__doc__ or "").parse_args().n)
