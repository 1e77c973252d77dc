"""async and await (docs/seeds.md, "async and await").

``Task.async_`` starts the search in its own process; the caller does other work
meanwhile and then waits for the answer with ``Task.await_``, at most 5 seconds
by default. Past the timeout the *caller* exits, with a reason it can match.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import beampy
from beampy import Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs


async def search(port: int, path: str) -> str:
    response = await localhttp.get(port, path)
    return f"{response.status} {response.body}"


async def main(port: int) -> None:
    task = Task.async_(search, port, "/fast/shodan")
    other = sum(n * n for n in range(1_000))  # other work while the search runs
    print("other work:", other)
    print("shodan:", await Task.await_(task, 5.0))

    # Several at once: they all run while the caller waits for the first.
    paths = ["/delay/200/virustotal", "/delay/100/whois", "/fast/dns"]
    tasks = [Task.async_(search, port, path) for path in paths]
    print("in start order:", [await Task.await_(t, 10.0) for t in tasks])

    # No wait at all: math.inf (Elixir's :infinity).
    print("no timeout:", await Task.await_(Task.async_(search, port, "/fast/whois"), math.inf))

    # A timeout is an exit of the caller. Caught here to show its shape; the task,
    # linked to the caller, keeps running until the caller ends or shuts it down.
    slow = Task.async_(search, port, "/slow/crt.sh")
    assert slow.pid is not None  # None only for Task.completed(value)
    try:
        await Task.await_(slow, 0.5)
    except beampy.Exit as e:
        reason, (module, function, (_task, timeout)) = e.reason
        print(f"await exited: {reason!r} from {module}.{function}, timeout {timeout} s")
        print("the task is still running:", beampy.is_alive(slow.pid))
    print("shutdown:", await Task.shutdown(slow, "brutal_kill"))
    print("the task is still running:", beampy.is_alive(slow.pid))


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# other work: 332833500
# shodan: 200 shodan: ok
# in start order: ['200 virustotal: ok', '200 whois: ok', '200 dns: ok']
# no timeout: 200 whois: ok
# await exited: 'timeout' from Task.await, timeout 0.5 s
# the task is still running: True
# shutdown: None
# the task is still running: False
