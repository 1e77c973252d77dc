"""Parallel fan-out over adapters with await_many (docs/seeds.md, "Parallel fan-out").

One task per OSINT adapter, all at once, collected with ``Task.await_many``. Each
task catches its adapter's own errors (the seeds' ``rescue``), so a failing
adapter is a result, not a crash. ``await_many`` has one timeout for the whole
batch: past it the *caller* exits. When a slow adapter is to be expected,
``yield_many`` with ``on_timeout="kill_task"`` keeps the others' answers.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import structlog

import beampy
from beampy import ANY, DownMessage, Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

# Which endpoint of the local server stands for which adapter.
ADAPTERS = {
    "shodan": "/fast/shodan",
    "virustotal": "/fail/virustotal",  # answers 500
    "cert_transparency": "/delay/100/cert_transparency",
    "whois": "/reset/whois",  # resets the connection
}


class AdapterError(Exception):
    """An adapter's upstream answered, but not with a result."""


async def query(port: int, path: str) -> str:
    response = await localhttp.get(port, path)  # raises ConnectionError on a reset
    if response.status != 200:
        raise AdapterError(f"HTTP {response.status}")
    return response.body


async def query_adapter(port: int, name: str, path: str) -> tuple[str, Any]:
    try:
        return (name, ("ok", await query(port, path)))
    except (AdapterError, ConnectionError) as e:  # the errors an adapter is known to have
        return (name, ("error", str(e)))


async def query_all_adapters(
    port: int, adapters: dict[str, str], timeout: float = 30.0
) -> list[tuple[str, Any]]:
    tasks = [Task.async_(query_adapter, port, name, path) for name, path in adapters.items()]
    return await Task.await_many(tasks, timeout)


async def main(port: int) -> None:
    for name, result in await query_all_adapters(port, ADAPTERS):
        print(f"{name:18} {result}")

    # One adapter that never answers: await_many's timeout ends the caller (its own
    # process here, so that we can watch it), and its linked tasks end with it.
    with_slow = {**ADAPTERS, "crt.sh": "/slow/crt.sh"}
    before = set(beampy.list())
    _pid, ref = beampy.spawn_monitor(query_all_adapters, port, with_slow, 0.5)
    reason, (module, function, (tasks, _timeout)) = (
        await beampy.receive(DownMessage(ref, ANY, ANY))
    ).reason
    print(f"with a slow adapter the caller exited: {reason!r} from {module}.{function}")
    for task in tasks:  # the exit reason names the tasks: wait until each has ended
        await beampy.receive(DownMessage(beampy.monitor(task.pid), ANY, ANY))
    print("processes left behind:", len(set(beampy.list()) - before))

    # The same batch with yield_many: whatever answered within the time, the rest killed.
    started = {
        name: Task.async_(query_adapter, port, name, path) for name, path in with_slow.items()
    }
    results = await Task.yield_many(started.values(), 0.5, on_timeout="kill_task")
    for name, (_task, result) in zip(started, results, strict=True):
        print(f"{name:18} {'killed at the timeout' if result is None else result[1][1]}")


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# shodan             ('ok', 'shodan: ok')
# virustotal         ('error', 'HTTP 500')
# cert_transparency  ('ok', 'cert_transparency: ok')
# whois              ('error', 'GET /reset/whois: connection reset')
# with a slow adapter the caller exited: 'timeout' from Task.await_many
# processes left behind: 0
# shodan             ('ok', 'shodan: ok')
# virustotal         ('error', 'HTTP 500')
# cert_transparency  ('ok', 'cert_transparency: ok')
# whois              ('error', 'GET /reset/whois: connection reset')
# crt.sh             killed at the timeout
