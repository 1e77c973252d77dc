"""try/except around await (docs/seeds.md, "try/except around await").

The seeds wrap ``Task.await`` in ``try ... rescue`` to survive a failing task.
That catches what ``await_`` raises in the caller: the timeout, or the reason of a
task that ended without taking the caller along. It cannot catch the task's
crash itself: the task is linked to its caller, so the crash reaches the caller
as an exit signal, not as an exception, and ends it wherever it is. This file
shows both, and the ways that do survive a crash.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import structlog

import beampy
from beampy import ANY, DownMessage, ExitMessage, Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))


async def fetch(port: int, path: str) -> str:
    response = await localhttp.get(port, path)
    return response.body  # /reset/... raises ConnectionError


async def naive(port: int) -> str:
    """The seeds' shape: try/except around the await of a task that crashes."""
    task = Task.async_(fetch, port, "/reset/whois")
    try:
        body: str = await Task.await_(task)
        return body
    except Exception as e:  # never runs: the crash arrives as an exit signal
        return f"caught {e!r}"


async def rescued_in_the_task(port: int, path: str) -> tuple[str, Any]:
    """The fix the seeds' fan-out uses: the task catches its own error and returns it."""
    try:
        return ("ok", await fetch(port, path))
    except ConnectionError as e:
        return ("error", str(e))


async def main(port: int) -> None:
    # 1. A timeout is raised in the caller, so try/except works.
    task = Task.async_(fetch, port, "/slow/crt.sh")
    try:
        await Task.await_(task, 0.5)
    except beampy.Exit as e:
        print("1. caught the timeout:", e.reason[0])
        await Task.shutdown(task, "brutal_kill")

    # 2. A crash is not: the caller (its own process here, so that we can watch it) dies.
    _pid, ref = beampy.spawn_monitor(naive, port)
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    print("2. the caller with try/except died anyway:", repr(down.reason))

    # 3. The task returns its error as a value: nothing crashes.
    task = Task.async_(rescued_in_the_task, port, "/reset/whois")
    print("3. error as a value:", await Task.await_(task))

    # 4. A caller that traps exits turns the crash into a message; then await_ raises
    #    Exit, which try/except does catch. Trapping makes the caller immune to every
    #    linked crash, not only this task's: prefer 3, or a Task.Supervisor's async_nolink.
    beampy.flag("trap_exit", True)
    task = Task.async_(fetch, port, "/reset/whois")
    try:
        await Task.await_(task)
    except beampy.Exit as e:
        print("4. caught while trapping exits:", repr(e.reason[0]))
    exit_message = await beampy.receive(ExitMessage(task.pid, ANY))
    print("   and the exit signal came as a message:", type(exit_message).__name__)
    beampy.flag("trap_exit", False)


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# 1. caught the timeout: timeout
# 2. the caller with try/except died anyway: ConnectionError('GET /reset/whois: connection reset')
# 3. error as a value: ('error', 'GET /reset/whois: connection reset')
# 4. caught while trapping exits: ConnectionError('GET /reset/whois: connection reset')
#    and the exit signal came as a message: ExitMessage
