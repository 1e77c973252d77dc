"""with_timeout: yield, or shut down (docs/seeds.md, "with_timeout").

``Task.yield_`` gives the task its time and returns ``None`` if it is not done;
``Task.shutdown`` then stops it, keeping a reply that came in the meantime. Unlike
``await_``, nobody exits: a timeout is a value the caller handles. The task that
was cut off was blocked in an HTTP call; shutting it down closes its connection.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import structlog

import beampy
from beampy import Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))


async def with_timeout(fn: Callable[[], Awaitable[Any]], timeout: float = 15.0) -> tuple[str, Any]:
    task = Task.async_(fn)
    match await Task.yield_(task, timeout) or await Task.shutdown(task):
        case ("ok", result):
            return ("ok", result)
        case ("exit", reason):  # the task ended without a result
            return ("error", reason)
        case _:  # None: no result in time, and the task is gone
            return ("error", "timeout")


def call(port: int, path: str) -> Callable[[], Awaitable[str]]:
    async def fetch() -> str:
        response = await localhttp.get(port, path)
        return f"{response.status} {response.body}"

    return fetch


async def main(port: int) -> None:
    before = set(beampy.list())
    print("fast:", await with_timeout(call(port, "/fast/whois"), 0.5))
    print("500: ", await with_timeout(call(port, "/fail/virustotal"), 0.5))
    print("slow:", await with_timeout(call(port, "/slow/crt.sh"), 0.5))
    print("tasks left running:", len(set(beampy.list()) - before))
    print("the server saw the cut-off client", (await localhttp.get(port, "/hangups/1")).body)


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# fast: ('ok', '200 whois: ok')
# 500:  ('ok', '500 virustotal: internal error')
# slow: ('error', 'timeout')
# tasks left running: 0
# the server saw the cut-off client hung up: 1
