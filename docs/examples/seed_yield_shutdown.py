"""yield, or shut down: the other two outcomes (docs/seeds.md, "with_timeout").

examples/seed_with_timeout.py shows ``await Task.yield_(task, t) or await
Task.shutdown(task)`` giving a result or ``None``. This file shows the rest:

* The ``("exit", reason)`` branch. A task started with ``Task.async_`` that crashes
  takes its caller down through their link before ``yield_`` can say anything, so
  here the task is started with a Task.Supervisor's ``async_nolink``: its crash is a
  value, and ``with_timeout`` turns it into ``("error", reason)``.
* A reply that arrives after ``yield_`` has given up and before ``shutdown`` runs is
  not lost: ``shutdown`` returns it as ``("ok", value)``. In the one-line form the
  gap is short; here the caller does other work in between, so that it is
  certain to happen.
* A reply that comes *during* the shutdown is kept too: a task that traps exits can
  answer the ``"shutdown"`` signal by returning what it has.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import structlog

import beampy
from beampy import ANY, ExitMessage, Supervisor, Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

# The crashing task is logged (task_terminating): stderr.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

SUP = "osint_tasks"


async def with_timeout(fn: Callable[[], Awaitable[Any]], timeout: float) -> tuple[str, Any]:
    task = await Task.Supervisor.async_nolink(SUP, fn)
    match await Task.yield_(task, timeout) or await Task.shutdown(task):
        case ("ok", result):
            return ("ok", result)
        case ("exit", reason):  # the task crashed: only a nolink task gets here
            return ("error", reason)
        case _:  # None: no result in time, and the task is gone
            return ("error", "timeout")


def call(port: int, path: str) -> Callable[[], Awaitable[str]]:
    async def fetch() -> str:
        response = await localhttp.get(port, path)  # /reset/... raises ConnectionError
        return f"{response.status} {response.body}"

    return fetch


async def crawl() -> str:
    """Long work (the receive stands for it) that, told to stop, returns what it has."""
    beampy.flag("trap_exit", True)  # the "shutdown" signal becomes a message
    await beampy.receive(ExitMessage(ANY, "shutdown"), timeout=math.inf)
    return "partial results"


async def main(port: int) -> None:
    await Supervisor.start_link([(Task.Supervisor, {"name": SUP})], strategy="one_for_one")

    print("with_timeout over async_nolink:")
    print("    fast: ", await with_timeout(call(port, "/fast/whois"), 0.5))
    print("    slow: ", await with_timeout(call(port, "/slow/crt.sh"), 0.5))
    print("    reset:", await with_timeout(call(port, "/reset/shodan"), 0.5))

    print("a reply between the yield's timeout and the shutdown:")
    task = Task.async_(call(port, "/delay/300/dns"))
    print("    yield_ after 0.05 s:", await Task.yield_(task, 0.05))
    await beampy.sleep(2.0)  # other work; the reply comes in meanwhile
    print("    shutdown:", await Task.shutdown(task))

    print("a reply during the shutdown:")
    task = Task.async_(crawl)
    print("    yield_ after 0.1 s:", await Task.yield_(task, 0.1))
    print("    shutdown:", await Task.shutdown(task))
    print("    messages left:", beampy.info(beampy.self(), "messages"))


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# with_timeout over async_nolink:
#     fast:  ('ok', '200 whois: ok')
#     slow:  ('error', 'timeout')
#     reset: ('error', ConnectionError('GET /reset/shodan: connection reset'))
# a reply between the yield's timeout and the shutdown:
#     yield_ after 0.05 s: None
#     shutdown: ('ok', '200 dns: ok')
# a reply during the shutdown:
#     yield_ after 0.1 s: None
#     shutdown: ('ok', 'partial results')
#     messages left: []
