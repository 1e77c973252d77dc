"""ring: a token passed N hops around a ring of --procs actors; time per hop."""

from __future__ import annotations

from typing import Any

from thespian.actors import Actor  # type: ignore[import-untyped]

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.thespian._actor import IMPL, actor_system


class Node(Actor):  # type: ignore[misc]
    next: Any = None

    def receiveMessage(self, message: Any, sender: Any) -> None:  # noqa: N802 (thespian API)
        match message:
            case ("token", k, origin):
                if origin is None:  # from the driver, whose address only `sender` knows
                    origin = sender
                if k > 0:
                    self.send(self.next, ("token", k - 1, origin))
                else:
                    self.send(origin, "done")
            case ("next", nxt):
                self.next = nxt


def main(hops: int, procs: int) -> None:
    asys = actor_system()
    addrs = [asys.createActor(Node) for _ in range(procs)]
    for i, a in enumerate(addrs):
        asys.tell(a, ("next", addrs[(i + 1) % procs]))
    t0 = now_ns()
    reply = asys.ask(addrs[0], ("token", hops, None))
    t1 = now_ns()
    asys.shutdown()
    assert reply == "done", reply
    emit("ring", IMPL, "hop", hops, (t1 - t0) / 1e9, procs=procs)


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    main(args.n, args.procs)
