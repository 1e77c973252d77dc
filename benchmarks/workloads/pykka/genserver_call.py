"""genserver_call: N request/replies to a counter actor with pykka's ``ask``; time per ask.

The counter is a ``ThreadingActor`` whose ``on_receive("inc")`` returns the new count (pykka
sends a returned value back as the reply); the caller, the main thread, does N
``ref.ask("inc")`` (each blocks on a future until the actor's thread answers), times them and
checks the last reply is N.
"""

from __future__ import annotations

from typing import Any

import pykka

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.pykka._actor import IMPL


class Counter(pykka.ThreadingActor):
    def __init__(self) -> None:
        super().__init__()
        self.n = 0

    def on_receive(self, message: Any) -> Any:
        match message:
            case "inc":
                self.n += 1
                return self.n
            case "get":
                return self.n


def main(n: int) -> None:
    ref = Counter.start()
    check(ref.ask("get") == 0, "the counter did not start at 0")
    ask = ref.ask
    last = None
    t0 = now_ns()
    for _ in range(n):
        last = ask("inc")
    t1 = now_ns()
    count = ref.ask("get")
    ref.stop()
    emit("genserver_call", IMPL, "call", n, (t1 - t0) / 1e9)
    check(last == n, f"the last reply was {last!r}, not {n}")
    check(count == n, "the counter is not n")


if __name__ == "__main__":
    main(parser(__doc__ or "").parse_args().n)
