"""genserver_call: N request/replies to a counter actor; time per request/reply.

beampy's ``GenServer.call`` as asyncio does it: the server is a task with an ``asyncio.Queue``
for a mailbox; a client task puts ``("inc", future)`` (a fresh ``loop.create_future()`` per
request) and awaits the future, which the server resolves with the new count. The client times
its N requests and checks the last reply is N. The same script runs on uvloop.
"""

from __future__ import annotations

import asyncio
from typing import Any

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.asyncio._actor import Mailbox, run


async def counter(mb: Mailbox) -> None:
    n = 0
    while True:
        match await mb.get():
            case ("inc", fut):
                n += 1
                fut.set_result(n)
            case ("get", fut):
                fut.set_result(n)
            case "stop":
                return


async def call(srv: Mailbox, request: str) -> Any:
    fut = asyncio.get_running_loop().create_future()
    srv.put_nowait((request, fut))
    return await fut


async def client(srv: Mailbox, n: int) -> tuple[int, Any]:
    new_future = asyncio.get_running_loop().create_future
    put = srv.put_nowait
    last = None
    t0 = now_ns()
    for _ in range(n):
        fut = new_future()
        put(("inc", fut))
        last = await fut
    return now_ns() - t0, last


async def main(impl: str, n: int) -> None:
    srv: Mailbox = asyncio.Queue()
    task = asyncio.create_task(counter(srv))
    check(await call(srv, "get") == 0, "the counter did not start at 0")
    ns, last = await asyncio.create_task(client(srv, n))
    emit("genserver_call", impl, "call", n, ns / 1e9)
    check(last == n, f"the last reply was {last!r}, not {n}")
    check(await call(srv, "get") == n, "the counter is not n")
    srv.put_nowait("stop")
    await task


def cli(impl: str) -> None:
    run(main, impl, parser(__doc__ or "").parse_args().n)


if __name__ == "__main__":
    cli("asyncio")
