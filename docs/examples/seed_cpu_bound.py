"""CPU-bound work in beampy (docs/seeds.md, "CPU-bound work").

The seeds hand CPU-bound work (parsing, scoring) to ``Task`` and ``async_stream``
with a timeout, as on the BEAM, which preempts a busy process and runs one
scheduler per core. beampy has neither (docs/differences.md, "No preemption" and
"One core"): its processes share one OS thread and leave it only where they await.
A plain function that computes for 0.3 s holds every process for 0.3 s, and a
0.2 s timeout cannot stop it: the timer is only looked at after the function
returns, and by then the result is there. Several such tasks run one after the
other, whatever ``max_concurrency`` says, so "unordered" results come in the
order the tasks started. A heartbeat process, which should beat every 10 ms,
stalls meanwhile.

What to do instead, from most to least common:

* Run the work in an OS process, which can use another core, in parallel with the
  runtime. With ``trio.run_process``, as here, a task killed at its timeout takes
  the OS process with it (trio kills it). A ``concurrent.futures``
  ``ProcessPoolExecutor`` waited on through ``trio.to_thread.run_sync`` works too,
  but a timeout does not stop the pool's worker.
* Run it in a thread (``trio.to_thread.run_sync``): the other processes go on (the
  GIL is handed over every few milliseconds), but pure Python still uses one core,
  and a thread cannot be stopped: the task dies at its timeout only once the
  thread has returned (with ``abandon_on_cancel=True`` at once, but the thread runs
  on, unseen).
* Cut the work into chunks with ``await beampy.yield_()`` between them: the other
  processes run between the chunks and a timeout stops the task at its next
  ``yield_``. It is still one core: chunks of several tasks take turns.

The "work" here spins for a fixed time, so that the outcomes do not depend on how
fast the machine is; the file prints only outcomes.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
import trio

import beampy
from beampy import Task

# The plain function is reported as a long schedule (long_schedule): stderr.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

STALL = 0.25  # a heartbeat gap this long means the scheduler was held
SPIN = """\
import sys, time
end = time.perf_counter() + float(sys.argv[1])
while time.perf_counter() < end:
    pass
print(sys.argv[1])
"""

beats: list[float] = []
threads_done: list[float] = []


def spin(seconds: float) -> float:
    """CPU work that takes ``seconds``: a plain function, no await anywhere."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass
    return seconds


async def spin_chunked(seconds: float) -> float:
    """The same work in chunks of a millisecond, yielding between them."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        spin(0.001)
        await beampy.yield_()
    return seconds


async def spin_in_thread(seconds: float) -> float:
    def work() -> float:
        spin(seconds)
        threads_done.append(seconds)
        return seconds

    return await trio.to_thread.run_sync(work)


async def spin_in_os_process(seconds: float) -> float:
    done = await trio.run_process([sys.executable, "-c", SPIN, str(seconds)], capture_stdout=True)
    return float(done.stdout)


async def heartbeat() -> None:
    while True:
        beats.append(time.perf_counter())
        await beampy.sleep(0.01)


async def stalled(fn: Callable[[], Awaitable[Any]]) -> tuple[Any, bool]:
    """Runs ``fn()``; returns its result and whether the heartbeat stalled meanwhile."""
    await beampy.sleep(0.05)
    start = len(beats) - 1
    result = await fn()
    await beampy.sleep(0.05)
    gaps = [b - a for a, b in zip(beats[start:], beats[start + 1 :], strict=False)]
    return result, max(gaps) >= STALL


async def ticker(turns: list[int], busy: bool) -> None:
    """Another process that counts its turns: always runnable (``busy``), or waking
    every millisecond (so that it does not take the GIL from a thread's work)."""
    while True:
        turns[0] += 1
        if busy:
            await beampy.yield_()
        else:
            await beampy.sleep(0.001)


async def others_ran(fn: Callable[[], Awaitable[Any]], busy: bool) -> tuple[Any, bool]:
    """Runs ``fn()``; returns its result and whether another process got turns meanwhile.

    Not a matter of timing: a busy ticker is always runnable, so it runs between
    the chunks of a task that yields and never while a plain function holds the
    scheduler; a waking one runs whenever the scheduler is idle, as it is while a
    thread or an OS process does the work (``fn`` takes 0.2 s or more).
    """
    turns = [0]
    pid = beampy.spawn(ticker, turns, busy)
    await beampy.yield_()  # its first turn: it is running before the work starts
    start = turns[0]
    result = await fn()
    beampy.exit(pid, "kill")
    return result, turns[0] > start


async def main() -> None:
    beampy.spawn_link(heartbeat)

    print("a plain function that computes for 0.3 s:")

    async def await_with_timeout() -> Any:
        return await Task.await_(Task.async_(spin, 0.3), 0.2)

    result, stall = await stalled(await_with_timeout)
    print("    await_ with a 0.2 s timeout returned:", result, "| heartbeat stalled:", stall)

    async def three_unordered() -> Any:
        start = time.perf_counter()
        stream = Task.async_stream([0.15, 0.05, 0.1], spin, max_concurrency=3, ordered=False)
        results = await stream.to_list()
        return results, time.perf_counter() - start >= 0.3

    (results, one_after_the_other), stall = await stalled(three_unordered)
    print("    three at once, unordered:", results)
    print("    took as long as one after the other:", one_after_the_other)

    print("chunked with await beampy.yield_(), 0.2 s timeout, kill_task:")

    async def chunked() -> Any:
        stream = Task.async_stream([0.05, 0.6], spin_chunked, timeout=0.2, on_timeout="kill_task")
        return await stream.to_list()

    results, ran = await others_ran(chunked, busy=True)
    print("   ", results, "| other processes ran meanwhile:", ran)

    print("in a thread, 0.5 s timeout, kill_task:")

    async def threaded() -> Any:
        stream = Task.async_stream([0.05, 1.0], spin_in_thread, timeout=0.5, on_timeout="kill_task")
        return await stream.to_list()

    results, ran = await others_ran(threaded, busy=False)
    print("   ", results, "| other processes ran meanwhile:", ran)
    print("    the timed-out thread ran to its end anyway:", 1.0 in threads_done)

    print("in an OS process, 1.5 s timeout, kill_task:")

    async def os_processes() -> Any:
        stream = Task.async_stream(
            [0.1, 30.0, 0.2], spin_in_os_process, timeout=1.5, on_timeout="kill_task"
        )
        return await stream.to_list()

    results, ran = await others_ran(os_processes, busy=False)
    print("   ", results, "| other processes ran meanwhile:", ran)


if __name__ == "__main__":
    beampy.run(main)

# Output:
# a plain function that computes for 0.3 s:
#     await_ with a 0.2 s timeout returned: 0.3 | heartbeat stalled: True
#     three at once, unordered: [('ok', 0.15), ('ok', 0.05), ('ok', 0.1)]
#     took as long as one after the other: True
# chunked with await beampy.yield_(), 0.2 s timeout, kill_task:
#     [('ok', 0.05), ('exit', 'timeout')] | other processes ran meanwhile: True
# in a thread, 0.5 s timeout, kill_task:
#     [('ok', 0.05), ('exit', 'timeout')] | other processes ran meanwhile: True
#     the timed-out thread ran to its end anyway: True
# in an OS process, 1.5 s timeout, kill_task:
#     [('ok', 0.1), ('exit', 'timeout'), ('ok', 0.2)] | other processes ran meanwhile: True
