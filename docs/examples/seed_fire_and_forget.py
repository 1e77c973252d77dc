"""Fire and forget with Task.start (docs/seeds.md, "Fire and forget").

A request handler records a case and hands the notification about it to a task:
it goes on at once and never reads a result. ``Task.start`` does not link the
task to its caller, so a notification that fails is logged and hurts nobody.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import structlog

import beampy
from beampy import ANY, DownMessage, Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

# An application decides where logs go: the failed task's crash report goes to stderr.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))


async def notify(port: int, event: str) -> None:
    """The side effect: tell the notification service (the local server) about an event."""
    await localhttp.get(port, f"/notify/{event}")


async def notify_through_a_broken_proxy(port: int, event: str) -> None:
    await localhttp.get(port, f"/reset/{event}")  # raises ConnectionError


async def create_case(port: int, case_id: int) -> beampy.Pid:
    _, pid = Task.start(notify, port, f"case_created:{case_id}")
    print(f"case {case_id} created; the caller did not wait for the notification")
    return pid


async def main(port: int) -> None:
    pid = await create_case(port, 17)
    # The rest is only for the example to show what happened; a real caller would not
    # watch a fire-and-forget task at all.
    ref = beampy.monitor(pid)
    print("notification task exited:", (await beampy.receive(DownMessage(ref, ANY, ANY))).reason)

    _, pid = Task.start(notify_through_a_broken_proxy, port, "case_closed:17")
    ref = beampy.monitor(pid)
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    print("failed task exited:", repr(down.reason))
    print("caller still running:", beampy.is_alive(beampy.self()))
    events = await localhttp.get(port, "/events")
    print("the service got:", events.body.split())


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# case 17 created; the caller did not wait for the notification
# notification task exited: normal
# failed task exited: ConnectionError('GET /reset/case_closed:17: connection reset')
# caller still running: True
# the service got: ['case_created:17']
