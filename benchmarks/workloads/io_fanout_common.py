"""What the Python io_fanout clients share: the server process, the raw request, the check.

io_fanout: ``--n`` requests ``GET /item/<i>`` to the local server
(benchmarks/workloads/io_fanout_server.py, its own OS process, answering after 10 ms), at most
``--procs`` at once (the max_concurrency: 100 or 1,000). Two measurements: ``wall`` (the
elapsed time from the first request to the last answer, per request; the floor is 10 ms x N /
concurrency) and ``cpu`` (the client process's CPU time, user + system, over the same span, per
request; the server's is not counted). Every answer is checked: status 200, body ``item <i>``.
"""

from __future__ import annotations

import contextlib
import resource
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

from benchmarks._common import check, emit

BENCH = "io_fanout"


def cpu_seconds() -> float:
    """User + system CPU time of this process so far."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


@contextlib.contextmanager
def server() -> Iterator[int]:
    """Start the server in its own process; yield its port; stop it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.workloads.io_fanout_server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        check(line.startswith("PORT "), f"the server said {line!r}")
        yield int(line.split()[1])
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)


def request(i: int) -> bytes:
    return b"GET /item/%d HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % i


def parse(raw: bytes) -> tuple[int, bytes]:
    """(status, body) of a whole HTTP/1.1 answer read until the server closed."""
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def report(impl: str, n: int, conc: int, wall: float, cpu: float, answers: list[Any]) -> None:
    """Emit wall and cpu per request, then check every answer is (200, b"item <i>") in order."""
    emit(BENCH, impl, "wall", n, wall, procs=conc, floor_us=round(0.010 * n / conc / n * 1e6, 1))
    emit(BENCH, impl, "cpu", n, cpu, procs=conc)
    check(len(answers) == n, f"{len(answers)} answers, not {n}")
    bad = [i for i, a in enumerate(answers) if a != (200, b"item %d" % i)]
    first = f"item {bad[0]}: {answers[bad[0]]!r}" if bad else ""
    check(not bad, f"{len(bad)} wrong answers, the first {first}")
