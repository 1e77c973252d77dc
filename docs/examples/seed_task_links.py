"""Task.start_link, and async_ never awaited (docs/seeds.md, "start_link, and async never awaited").

``Task.start_link`` is fire-and-forget with a link: when the task crashes, its
caller goes down with the same reason, wherever it is (here asleep, doing its own
work). ``Task.start`` has no link, and its caller does not notice.

``Task.async_`` is not fire-and-forget. Its task always answers: when the caller
moves on without awaiting, the reply ``(task.ref, result)`` and the task's
``DownMessage`` stay in the caller's mailbox, and a long-lived caller collects one
pair per call. The task is linked to the caller as well, so when the caller dies the
task dies with it, its work unfinished. For a side effect nobody waits for, use
``Task.start``, or a Task.Supervisor's ``start_child`` (examples/seed_task_supervisor.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

import structlog

import beampy
from beampy import ANY, DownMessage, Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

# The crashes are logged (process_crashed, task_terminating): stderr.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))


async def fetch(port: int, path: str) -> str:
    return (await localhttp.get(port, path)).body  # /reset/... raises ConnectionError


async def notify(port: int, event: str, delay_ms: int) -> str:
    await localhttp.get(port, f"/delay/{delay_ms}/{event}")  # the notification service is slow
    await localhttp.get(port, f"/notify/{event}")
    return f"{event} sent"


async def caller_start_link(port: int) -> None:
    Task.start_link(fetch, port, "/reset/metrics")
    await beampy.sleep(1.0)  # its own work; the task's crash ends it here
    print("    never printed")


async def caller_start(port: int) -> None:
    Task.start(fetch, port, "/reset/metrics")
    await beampy.sleep(0.3)  # the task crashes meanwhile; nothing happens here


async def request_async(port: int) -> None:
    """A request handler that uses async_ for fire-and-forget, then fails."""
    Task.async_(notify, port, "from_async", 300)
    await beampy.sleep(0.1)
    raise RuntimeError("the request failed")


async def request_start(port: int) -> None:
    Task.start(notify, port, "from_start", 300)
    await beampy.sleep(0.1)
    raise RuntimeError("the request failed")


async def watch(fn: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> Any:
    """Runs ``fn(*args)`` as a process of its own and returns how it ended."""
    _pid, ref = beampy.spawn_monitor(fn, *args)
    return (await beampy.receive(DownMessage(ref, ANY, ANY))).reason


async def main(port: int) -> None:
    print("Task.start_link: the task crashes")
    print("    and its caller died with it:", repr(await watch(caller_start_link, port)))
    print("Task.start: the task crashes")
    print("    and its caller ended:", repr(await watch(caller_start, port)))

    print("Task.async_, never awaited:")
    task = Task.async_(notify, port, "user_signed_up", 0)
    await beampy.sleep(0.5)  # the caller goes on with other work
    print("    the caller's mailbox afterwards:")
    for message in beampy.info(beampy.self(), "messages"):
        match message:
            case (ref, result) if ref == task.ref:
                print(f"        (task.ref, {result!r})")
            case DownMessage(ref=ref, pid=pid, reason=reason) if ref == task.ref:
                print(
                    f"        DownMessage(task.ref, {'task.pid' if pid == task.pid else pid}, "
                    f"{reason!r})"
                )
    print(
        "    a late await_ takes both:",
        await Task.await_(task),
        "and leaves",
        beampy.info(beampy.self(), "messages"),
    )

    print("the caller dies before the task is done:")
    await watch(request_async, port)
    await watch(request_start, port)
    await beampy.sleep(1.0)  # both notifications would be sent by now
    events = (await localhttp.get(port, "/events")).body.split()
    print("    sent by the async_ task:", "from_async" in events)
    print("    sent by the Task.start task:", "from_start" in events)


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# Task.start_link: the task crashes
#     and its caller died with it: ConnectionError('GET /reset/metrics: connection reset')
# Task.start: the task crashes
#     and its caller ended: 'normal'
# Task.async_, never awaited:
#     the caller's mailbox afterwards:
#         (task.ref, 'user_signed_up sent')
#         DownMessage(task.ref, task.pid, 'normal')
#     a late await_ takes both: user_signed_up sent and leaves []
# the caller dies before the task is done:
#     sent by the async_ task: False
#     sent by the Task.start task: True
