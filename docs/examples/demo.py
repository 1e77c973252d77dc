"""`make demo`: the seeds' OSINT fan-out, against an HTTP server on this machine.

Six targets, four sources each: 24 lookups through ``Task.async_stream``, ten at a
time, one second each at most, killed on timeout, results as they finish. The
local server (docs/examples/localhttp.py) answers some lookups at once, some
after a while, some with a 500 or a reset connection, and some never (30 s):
those are killed at the timeout and the run goes on without them.

On a terminal a progress line shows the lookups as they finish, and the end
says how long the whole took against its slowest call. When stdout is not a
terminal (the test that checks this file's output), the timings go to stderr
and the rest is the same every run.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import TYPE_CHECKING, TextIO

import structlog

import beampy
from beampy import Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

TARGETS = ["acme", "globex", "initech", "umbrella", "hooli", "stark"]
SOURCES = ["dns", "whois", "shodan", "crt.sh"]
TIMEOUT = 1.0
MAX_CONCURRENCY = 10


def endpoint(i: int, source: str, target: str) -> str:
    """Which endpoint of the local server stands for ``source`` asked about target ``i``."""
    name = f"{source}:{target}"
    match source:
        case "whois" if i % 3 == 2:
            return f"/reset/{name}"
        case "shodan" if i % 2 == 1:
            return f"/fail/{name}"
        case "crt.sh" if i in (1, 4):
            return f"/slow/{name}"
    return f"/delay/{20 + 40 * ((i + len(source)) % 7)}/{name}"


async def lookup(job: tuple[str, str, str], port: int) -> tuple[str, str, str, float]:
    """One lookup: (target, source, outcome, seconds). Errors are outcomes, not crashes."""
    target, source, path = job
    start = time.monotonic()
    try:
        response = await localhttp.get(port, path)
        outcome = "ok" if response.status == 200 else f"HTTP {response.status}"
    except ConnectionError:
        outcome = "reset"
    return (target, source, outcome, time.monotonic() - start)


def progress(out: TextIO, done: int, total: int, counts: Counter[str], last: str) -> None:
    bar = "#" * (24 * done // total)
    out.write(
        f"\r  [{bar:<24}] {done:2}/{total}  ok {counts['ok']:2}  failed {counts['failed']:2}"
        f"  timed out {counts['timeout']:2}  last: {last:<32}"
    )
    out.flush()


async def main(port: int) -> None:
    tty = sys.stdout.isatty()
    jobs = [
        (target, source, endpoint(i, source, target))
        for i, target in enumerate(TARGETS)
        for source in SOURCES
    ]
    print(f"{len(jobs)} lookups ({len(TARGETS)} targets x {len(SOURCES)} sources) against")
    print(f"a local HTTP server: {MAX_CONCURRENCY} at a time, {TIMEOUT} s each, kill on timeout")

    table: dict[str, dict[str, str]] = {target: {} for target in TARGETS}
    counts: Counter[str] = Counter()
    seconds: list[float] = []
    start = time.monotonic()
    stream = Task.async_stream(
        jobs,
        lookup,
        port,
        max_concurrency=MAX_CONCURRENCY,
        timeout=TIMEOUT,
        on_timeout="kill_task",
        ordered=False,
        zip_input_on_exit=True,
    )
    async with stream:
        async for result in stream:
            match result:
                case ("ok", (target, source, outcome, took)):
                    counts["ok" if outcome == "ok" else "failed"] += 1
                    seconds.append(took)
                case ("exit", ((target, source, _path), reason)):
                    outcome = reason  # "timeout": the task was killed
                    counts["timeout"] += 1
                    seconds.append(TIMEOUT)
            table[target][source] = outcome
            if tty:
                last = f"{source} {target}: {outcome}"
                progress(sys.stdout, len(seconds), len(jobs), counts, last)
    whole = time.monotonic() - start
    if tty:
        print()

    print(f"  {'target':10}" + "".join(f"{source:9}" for source in SOURCES).rstrip())
    for target, row in table.items():
        print(f"  {target:10}" + "".join(f"{row[source]:9}" for source in SOURCES).rstrip())
    print(f"succeeded {counts['ok']}, failed {counts['failed']}, timed out {counts['timeout']}")
    print("processes left:", len(beampy.list()) - 1)

    timings = sys.stdout if tty else sys.stderr
    print(
        f"the whole run took {whole:.2f} s, against {max(seconds):.2f} s for its slowest call",
        file=timings,
    )
    print(
        f"(killed at the timeout: it would have taken {localhttp.SLOW_SECONDS:.0f} s); "
        f"one after the other, the {len(seconds)} calls would have taken {sum(seconds):.2f} s",
        file=timings,
    )


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# 24 lookups (6 targets x 4 sources) against
# a local HTTP server: 10 at a time, 1.0 s each, kill on timeout
#   target    dns      whois    shodan   crt.sh
#   acme      ok       ok       ok       ok
#   globex    ok       ok       HTTP 500 timeout
#   initech   ok       reset    ok       ok
#   umbrella  ok       ok       HTTP 500 ok
#   hooli     ok       ok       ok       timeout
#   stark     ok       reset    HTTP 500 ok
# succeeded 17, failed 5, timed out 2
# processes left: 0
