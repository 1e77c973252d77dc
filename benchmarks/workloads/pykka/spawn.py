"""spawn: N actors each parked in receive; time to spawn them, bytes each, time to stop them.

Each pykka actor is an OS thread parked in ``queue.Queue.get``; "stopped" means its thread ended.
"""

from __future__ import annotations

import threading
import tracemalloc
from typing import Any

import pykka

from benchmarks._common import emit_spawn, now_ns, parser, rss_bytes, settle
from benchmarks.workloads.pykka._actor import IMPL, Gate


class Idle(pykka.ThreadingActor):
    def __init__(self, started: Gate, threads: list[threading.Thread]) -> None:
        super().__init__()
        self._started = started
        self._threads = threads

    def on_start(self) -> None:
        self._threads.append(threading.current_thread())
        self._started.arrive()


def spawn_all(n: int) -> tuple[list[Any], list[threading.Thread]]:
    started = Gate(n)
    threads: list[threading.Thread] = []
    refs = [Idle.start(started, threads) for _ in range(n)]
    started.wait()
    return refs, threads


def stop_all(refs: list[Any], threads: list[threading.Thread]) -> None:
    for ref in refs:
        ref.stop(block=False)
    for t in threads:
        t.join()


def main(n: int, samples: int) -> None:
    settle()
    base_threads = threading.active_count()
    rss0 = rss_bytes()
    t0 = now_ns()
    refs, threads = spawn_all(n)
    t1 = now_ns()
    rss1 = rss_bytes()
    t2 = now_ns()
    stop_all(refs, threads)
    t3 = now_ns()
    stopped = threading.active_count() == base_threads and not any(r.is_alive() for r in refs)
    del refs, threads
    settle()

    sample = min(n, samples)
    tracemalloc.start()
    m0 = tracemalloc.get_traced_memory()[0]
    refs, threads = spawn_all(sample)
    m1 = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    stop_all(refs, threads)

    emit_spawn(
        IMPL,
        n,
        (t0, t1, t2, t3),
        rss1 - rss0,
        m1 - m0,
        sample,
        stopped,
        "actor threads still alive",
    )


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    main(args.n, args.samples)
