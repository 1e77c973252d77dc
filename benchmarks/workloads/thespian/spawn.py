"""spawn: N actors idle, waiting for a message; time to create them, bytes each, time to stop.

A thespian simpleSystemBase actor is a Python object registered with the system; it "waits in
receive" by being idle. Stopping is thespian's ``ActorExitRequest``.
"""

from __future__ import annotations

import tracemalloc
from typing import Any

from thespian.actors import Actor, ActorExitRequest  # type: ignore[import-untyped]

from benchmarks._common import emit_spawn, now_ns, parser, rss_bytes, settle
from benchmarks.workloads.thespian._actor import IMPL, actor_system, is_gone


class Idle(Actor):  # type: ignore[misc]
    def receiveMessage(self, message: Any, sender: Any) -> None:  # noqa: N802 (thespian API)
        pass


def main(n: int, samples: int) -> None:
    asys = actor_system()
    settle()
    rss0 = rss_bytes()
    t0 = now_ns()
    addrs = [asys.createActor(Idle) for _ in range(n)]
    t1 = now_ns()
    rss1 = rss_bytes()
    t2 = now_ns()
    for a in addrs:
        asys.tell(a, ActorExitRequest())
    t3 = now_ns()
    stopped = all(is_gone(asys, a) for a in addrs)
    del addrs
    settle()

    sample = min(n, samples)
    tracemalloc.start()
    m0 = tracemalloc.get_traced_memory()[0]
    addrs = [asys.createActor(Idle) for _ in range(sample)]
    m1 = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    for a in addrs:
        asys.tell(a, ActorExitRequest())
    asys.shutdown()

    emit_spawn(
        IMPL, n, (t0, t1, t2, t3), rss1 - rss0, m1 - m0, sample, stopped, "actors still registered"
    )


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    main(args.n, args.samples)
