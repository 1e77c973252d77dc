"""Gotcha 2: linked vs nolink under a Task.Supervisor (docs/seeds.md, "The three gotchas").

``Task.async_stream`` links its tasks to the consumer (through the stream's helper
process). One task that crashes (here an adapter whose connection is reset, and
which does not catch it) takes the consumer down, and the results it had not
taken yet with it. And a consumer that dies takes its running tasks along.

``Task.Supervisor.async_stream_nolink`` runs the tasks as children of a task
supervisor, not linked to the consumer. A crash is one ``("exit", reason)``
result and the consumer, which traps nothing, lives on. A consumer that raises
inside ``async with`` stops the stream on its way out, and the stream's tasks
with it, linked or not (Elixir's stream runs its cleanup the same way). A
consumer *killed* from outside runs no cleanup: its nolink tasks are left to
the supervisor, as in Elixir, and run to their end, or until the supervisor
stops them (``terminate_child``, or its own stop).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

import structlog

import beampy
from beampy import ANY, DownMessage, Pid, Supervisor, Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

PATHS = ["/fast/shodan", "/reset/whois", "/delay/100/dns"]
SLOW = ["/fast/shodan", "/slow/crt.sh", "/slow/censys"]


async def fetch(path: str, port: int) -> str:
    response = await localhttp.get(port, path)  # the reset raises ConnectionError
    return response.body


async def consume(port: int) -> None:
    await Task.async_stream(PATHS, fetch, port, max_concurrency=10).to_list()


async def consume_slow(port: int, supervised: bool) -> None:
    if supervised:
        stream = Task.Supervisor.async_stream_nolink(
            "osint_tasks", SLOW, fetch, port, max_concurrency=10
        )
    else:
        stream = Task.async_stream(SLOW, fetch, port, max_concurrency=10)
    async with stream:
        async for result in stream:
            raise RuntimeError(f"a bug in the consumer, after {result[1]!r}")


async def consume_until_killed(port: int, me: Pid) -> None:
    stream = Task.Supervisor.async_stream_nolink(
        "osint_tasks", SLOW, fetch, port, max_concurrency=10
    )
    async with stream:
        async for result in stream:
            beampy.send(me, ("took", result))
            await beampy.receive("never sent")


async def watch(fn: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> Any:
    """Runs ``fn(*args)`` as a process of its own and returns how it ended."""
    _pid, ref = beampy.spawn_monitor(fn, *args)
    return (await beampy.receive(DownMessage(ref, ANY, ANY))).reason


async def main(port: int) -> None:
    children = [(Task.Supervisor, {"name": "osint_tasks"})]
    await Supervisor.start_link(children, strategy="one_for_one")

    print("linked: one task crashes")
    print("    and the consumer died:", repr(await watch(consume, port)))
    print("nolink: one task crashes, and the consumer got every result:")
    stream = Task.Supervisor.async_stream_nolink("osint_tasks", PATHS, fetch, port)
    for result in await stream.to_list():
        print("   ", repr(result))

    print("linked: the consumer dies with two tasks running")
    await watch(consume_slow, port, False)
    print("    the tasks died with it; the server saw its clients", await hangups(port, 2))
    print("nolink: the consumer raises with two tasks running")
    await watch(consume_slow, port, True)
    print("    its stream stopped them; the server saw its clients", await hangups(port, 4))
    print("nolink: the consumer is killed with two tasks running")
    consumer, ref = beampy.spawn_monitor(consume_until_killed, port, beampy.self())
    await beampy.receive(("took", ANY))
    beampy.exit(consumer, "kill")
    await beampy.receive(DownMessage(ref, ANY, ANY))
    tasks: list[Pid] = await Task.Supervisor.children("osint_tasks")
    print("    tasks still running under the supervisor:", len(tasks))
    for pid in tasks:
        await Task.Supervisor.terminate_child("osint_tasks", pid)
    print("    terminated; the server saw its clients", await hangups(port, 6))


async def hangups(port: int, n: int) -> str:
    return (await localhttp.get(port, f"/hangups/{n}")).body


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# linked: one task crashes
#     and the consumer died: ConnectionError('GET /reset/whois: connection reset')
# nolink: one task crashes, and the consumer got every result:
#     ('ok', 'shodan: ok')
#     ('exit', ConnectionError('GET /reset/whois: connection reset'))
#     ('ok', 'dns: ok')
# linked: the consumer dies with two tasks running
#     the tasks died with it; the server saw its clients hung up: 2
# nolink: the consumer raises with two tasks running
#     its stream stopped them; the server saw its clients hung up: 4
# nolink: the consumer is killed with two tasks running
#     tasks still running under the supervisor: 2
#     terminated; the server saw its clients hung up: 6
