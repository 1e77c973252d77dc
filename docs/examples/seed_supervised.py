"""Supervised tasks, and fire-and-forget with restart transient (docs/seeds.md).

The application starts a Task.Supervisor in its supervision tree; work then goes
through it. ``Task.Supervisor.async_`` is ``Task.async_`` with the task a child of
the supervisor (awaited as usual). ``Task.Supervisor.start_child`` is supervised
fire-and-forget: nobody awaits it, and with ``restart="transient"`` a task that
fails is started again (from the same function and arguments) until it ends
normally, within the supervisor's restart intensity (3 restarts in 5 s by
default). A temporary task, the default, is never restarted.

The notification service answers 500 twice before it accepts a notification.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import structlog

import beampy
from beampy import Supervisor, Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

# The failed attempts are logged (task_terminating, supervisor_child_terminated): stderr.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

attempts: dict[str, int] = {}


async def send_notification(port: int, event: str) -> None:
    attempts[event] = attempts.get(event, 0) + 1
    response = await localhttp.get(port, f"/flaky/{event}/2")  # 500, 500, then 200
    if response.status != 200:
        raise RuntimeError(response.body)
    await localhttp.get(port, f"/notify/{event}")


async def long_running_investigation(port: int, target: str) -> str:
    response = await localhttp.get(port, f"/delay/100/{target}")
    return response.body


async def until_no_tasks(supervisor: str) -> None:
    while await Task.Supervisor.children(supervisor):
        await beampy.sleep(0.01)


async def main(port: int) -> None:
    children = [(Task.Supervisor, {"name": "osint_tasks"})]
    await Supervisor.start_link(children, strategy="one_for_one")

    task = await Task.Supervisor.async_("osint_tasks", long_running_investigation, port, "acme")
    print("async_ under the supervisor:", await Task.await_(task))

    result = await Task.Supervisor.start_child(
        "osint_tasks", send_notification, port, "case_created", restart="transient"
    )
    print("start_child, transient:", result[0])
    result = await Task.Supervisor.start_child(
        "osint_tasks", send_notification, port, "case_closed"
    )
    print("start_child, temporary:", result[0])
    await until_no_tasks("osint_tasks")  # only for the example: nobody waits in real code
    print("attempts:", attempts)
    print("notifications delivered:", (await localhttp.get(port, "/events")).body.split())


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# async_ under the supervisor: acme: ok
# start_child, transient: ok
# start_child, temporary: ok
# attempts: {'case_created': 3, 'case_closed': 1}
# notifications delivered: ['case_created']
