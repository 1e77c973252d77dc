"""pykka peer: ``ThreadingActor`` (one OS thread per actor, a ``queue.Queue`` inbox).

Actors are callback objects (``on_receive``), so the workloads are written as state machines.
The driver (the main thread) waits on a plain ``queue.Queue``.
"""

from __future__ import annotations

import threading

IMPL = "pykka"


class Gate:
    """Counts arrivals from many threads; ``wait()`` returns once ``n`` have arrived."""

    def __init__(self, n: int) -> None:
        self._n = n
        self._count = 0
        self._lock = threading.Lock()
        self._done = threading.Event()
        if n == 0:
            self._done.set()

    def arrive(self) -> None:
        with self._lock:
            self._count += 1
            if self._count == self._n:
                self._done.set()

    def wait(self) -> None:
        self._done.wait()
