"""The seeds' pitfalls of Task, wrong and right (docs/seeds.md, "Pitfalls").

* **The default await timeout is 5 s.** Work that takes longer fails with a
  timeout exit although nothing is wrong with it; pass a timeout that fits the
  work.
* **Results come in two shapes.** ``("ok", value)`` and ``("exit", reason)`` (here
  from a Task.Supervisor's ``async_stream_nolink``, whose crashing tasks become
  results instead of ending the caller).
  Code written for the first only is wrong: in Elixir, ``fn {:ok, r} -> r end``
  crashes the pipeline on the first exit; in Python, ``[v for _, v in results]``
  does not even crash, it puts the exit reasons among the values. Split the
  results by their tag instead (the seeds' ``Enum.split_with``), or reduce them
  into both lists.
* **Receiving a task's reply yourself instead of awaiting it.** The reply is a
  ``(task.ref, value)`` message, and ``receive((task.ref, ANY))`` takes it, but
  that is all it does: no timeout unless you give one, and the monitor
  ``Task.async_`` set up stays on, so when the task ends its ``DownMessage`` is
  left in the mailbox. ``Task.await_`` turns the monitor off and takes the DOWN.

The work here is ``beampy.sleep`` standing in for slow calls, and the runtime
runs on trio's ``MockClock``, so the example's waits (5 s and more) take no real
time and its output does not depend on the machine. Without ``clock=`` it is
the same program in real time.
"""

from __future__ import annotations

import sys
from typing import Any

import structlog
import trio.testing

import beampy
from beampy import ANY, Task

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))


async def report(seconds: float) -> str:
    """A slow job: a report that takes ``seconds`` to build."""
    await beampy.sleep(seconds)
    return f"report built in {seconds:g} s"


async def process_record(record: int) -> int:
    """One record of a batch: records divisible by 4 are malformed."""
    await beampy.sleep(0.01 * record)
    if record % 4 == 0:
        raise ValueError(f"record {record} is malformed")
    return record * 10


async def main() -> None:
    print("pitfall: the default 5 s await timeout for 6 s of work")
    task = Task.async_(report, 6.0)
    try:
        await Task.await_(task)
    except beampy.Exit as e:
        print("    exit:", e.reason[0], "after", trio.current_time(), "s")
    await Task.shutdown(task, "brutal_kill")  # unlinks, then kills: nothing reaches us
    print("right: a timeout that fits the work")
    print("    ", await Task.await_(Task.async_(report, 6.0), 10.0))

    # a batch whose crashes must not reach the caller: supervised, nolink tasks (with
    # Task.async_stream the first crash would end this process, the tasks being linked)
    await Task.Supervisor.start_link(name="batch")
    records = range(1, 11)
    print("pitfall: only ('ok', value) expected")
    stream = Task.Supervisor.async_stream_nolink("batch", records, process_record)
    results = await stream.to_list()
    # collects the exits too, silently: the ValueErrors sit among the numbers
    values = [value for _, value in results]
    print("    values:", [v if isinstance(v, int) else type(v).__name__ for v in values])
    print("right: split by the tag (the seeds' Enum.split_with)")
    stream = Task.Supervisor.async_stream_nolink(
        "batch", records, process_record, max_concurrency=20, timeout=60.0
    )
    results = await stream.to_list()
    successes = [value for tag, value in results if tag == "ok"]
    failures = [reason for tag, reason in results if tag == "exit"]
    print("    successes:", successes)
    print("    failures:", [str(reason) for reason in failures])

    print("pitfall: receiving the reply yourself")
    task = Task.async_(report, 1.0)
    _ref, value = await beampy.receive((task.ref, ANY))
    print("    got:", value)
    await beampy.sleep(0.1)  # the task has ended by now
    left = beampy.info(beampy.self(), "messages")
    print("    left in the mailbox:", [f"{type(m).__name__}({m.reason!r})" for m in left])
    beampy.demonitor(task.ref, flush=True)  # the cleanup await_ would have done
    print("right: Task.await_")
    task = Task.async_(report, 1.0)
    print("    got:", await Task.await_(task))
    await beampy.sleep(0.1)
    print("    left in the mailbox:", beampy.info(beampy.self(), "messages"))


def run() -> Any:
    return beampy.run(main, clock=trio.testing.MockClock(autojump_threshold=0))


if __name__ == "__main__":
    run()

# Output:
# pitfall: the default 5 s await timeout for 6 s of work
#     exit: timeout after 5.0 s
# right: a timeout that fits the work
#      report built in 6 s
# pitfall: only ('ok', value) expected
#     values: [10, 20, 30, 'ValueError', 50, 60, 70, 'ValueError', 90, 100]
# right: split by the tag (the seeds' Enum.split_with)
#     successes: [10, 20, 30, 50, 60, 70, 90, 100]
#     failures: ['record 4 is malformed', 'record 8 is malformed']
# pitfall: receiving the reply yourself
#     got: report built in 1 s
#     left in the mailbox: ["DownMessage('normal')"]
# right: Task.await_
#     got: report built in 1 s
#     left in the mailbox: []
