"""genserver_call: N request/replies to a counter actor with thespian's ``ask``; time per ask.

The counter answers ``"inc"`` with the new count (``self.send(sender, n)``). thespian's actors
cannot block on a reply inside ``receiveMessage``, so the caller is the one place that can: the
main thread, through ``ActorSystem.ask`` (which runs simpleSystemBase's delivery loop until the
reply arrives). It does N asks, times them and checks the last reply is N.
"""

from __future__ import annotations

from typing import Any

from thespian.actors import Actor  # type: ignore[import-untyped]

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.thespian._actor import IMPL, actor_system


class Counter(Actor):  # type: ignore[misc]
    n = 0

    def receiveMessage(self, message: Any, sender: Any) -> None:  # noqa: N802 (thespian API)
        match message:
            case "inc":
                self.n += 1
                self.send(sender, self.n)
            case "get":
                self.send(sender, self.n)


def main(n: int) -> None:
    asys = actor_system()
    counter = asys.createActor(Counter)
    check(asys.ask(counter, "get") == 0, "the counter did not start at 0")
    ask = asys.ask
    last = None
    t0 = now_ns()
    for _ in range(n):
        last = ask(counter, "inc")
    t1 = now_ns()
    count = asys.ask(counter, "get")
    asys.shutdown()
    emit("genserver_call", IMPL, "call", n, (t1 - t0) / 1e9)
    check(last == n, f"the last reply was {last!r}, not {n}")
    check(count == n, "the counter is not n")


if __name__ == "__main__":
    main(parser(__doc__ or "").parse_args().n)
