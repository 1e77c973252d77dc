"""async_stream's defaults: lazy, and on_timeout exit (docs/seeds.md, "The async_stream recipe").

Two things a plain ``Task.async_stream`` does that are easy to miss:

* It is lazy. ``Task.async_stream(...)`` only describes the work: until a result
  is asked for, no input is read and no task is started. A stream that is built and
  never consumed does nothing at all.
* ``on_timeout="exit"``. A task that passes its ``timeout`` does not become a result:
  the stream kills its tasks and the consumer exits with
  ``("timeout", ("Task.Supervised", "stream", (timeout,)))``. Here the consumer is a
  process of its own and the parent, which monitors it, sees that reason in the
  ``DownMessage``; no task of the stream is left running, and the server sees its
  slow client hang up. The consumer had taken the first result; the third, done
  but (``ordered=True``) waiting behind the slow one, is lost with it. Pass
  ``on_timeout="kill_task"`` to get ``("exit", "timeout")`` results instead.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import structlog

import beampy
from beampy import ANY, DownMessage, Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

PATHS = ["/fast/shodan", "/slow/crt.sh", "/delay/50/dns"]
calls: list[str] = []  # every path fetch was called for
read: list[str] = []  # every path the stream took from its input


def paths() -> Iterator[str]:
    for path in PATHS:
        read.append(path)
        yield path


async def fetch(path: str, port: int) -> str:
    calls.append(path)
    return (await localhttp.get(port, path)).body


async def consume(port: int) -> None:
    """A consumer with the default on_timeout: the slow lookup ends it."""
    async for result in Task.async_stream(paths(), fetch, port, timeout=0.5):
        print("    consumer got", result)


async def main(port: int) -> None:
    before = set(beampy.list())

    print("a stream that nobody consumes:")
    stream = Task.async_stream(paths(), fetch, port, max_concurrency=10)
    print("    processes started:", len(set(beampy.list()) - before))
    await beampy.sleep(0.2)
    print("    after 0.2 s, input read:", len(read), "calls made:", len(calls))
    await stream.aclose()  # closing an unstarted stream only closes its input
    print("    closed: input read:", len(read), "calls made:", len(calls))
    fast = ["/fast/shodan", "/delay/50/dns"]
    print("a stream that is consumed:", await Task.async_stream(fast, fetch, port).to_list())
    print("    calls made:", len(calls))

    read.clear()
    calls.clear()
    print("the default on_timeout='exit', seen from a parent that monitors the consumer:")
    _pid, ref = beampy.spawn_monitor(consume, port)
    down: Any = await beampy.receive(DownMessage(ref, ANY, ANY))
    print("    the consumer ended with", down.reason)
    print("    processes left:", len(set(beampy.list()) - before))
    print("    and the server saw its slow client", (await localhttp.get(port, "/hangups/1")).body)


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# a stream that nobody consumes:
#     processes started: 0
#     after 0.2 s, input read: 0 calls made: 0
#     closed: input read: 0 calls made: 0
# a stream that is consumed: [('ok', 'shodan: ok'), ('ok', 'dns: ok')]
#     calls made: 2
# the default on_timeout='exit', seen from a parent that monitors the consumer:
#     consumer got ('ok', 'shodan: ok')
#     the consumer ended with ('timeout', ('Task.Supervised', 'stream', (0.5,)))
#     processes left: 0
#     and the server saw its slow client hung up: 1
