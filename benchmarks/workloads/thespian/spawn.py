"""spawn: N actors idle, waiting for a message; time to create them, bytes each, time to stop.

A thespian simpleSystemBase actor is a Python object registered with the system; it "waits in
receive" by being idle. Stopping is thespian's ``ActorExitRequest``.
"""

from __future__ import annotations

import tracemalloc
from typing import Any

from thespian.actors import Actor, ActorExitRequest  # type: ignore[import-untyped]

from benchmarks._common import check, emit, now_ns, parser, rss_bytes, settle
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

    emit(
        "spawn",
        IMPL,
        "spawn",
        n,
        (t1 - t0) / 1e9,
        bytes_per_proc=round((rss1 - rss0) / n, 1),
        tracemalloc_bytes_per_proc=round((m1 - m0) / sample, 1),
        tracemalloc_sample=sample,
    )
    emit("spawn", IMPL, "stop", n, (t3 - t2) / 1e9, all_stopped=stopped)
    check(stopped, "actors still registered after ActorExitRequest")


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    main(args.n, args.samples)
