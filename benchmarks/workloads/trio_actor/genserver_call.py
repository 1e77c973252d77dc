"""genserver_call: N request/replies to a counter actor; time per request/reply.

beampy's ``GenServer.call`` as plain trio does it, as cheaply as trio allows: the server is a
trio task with the ``Mailbox`` of ``_actor.py``; a client task sends ``("inc", future)`` with a
fresh one-shot future per request (a result slot and the waiting task, parked with
``wait_task_rescheduled`` and woken with ``reschedule``) and awaits it; the server resolves it
with the new count. The client times its N requests and checks the last reply is N.
"""

from __future__ import annotations

from typing import Any

import trio
from trio.lowlevel import Abort, Task, current_task, reschedule, wait_task_rescheduled

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.trio_actor._actor import IMPL, Mailbox


class Future:
    """A one-shot result for one waiting task (no cancellation support needed here)."""

    __slots__ = ("_done", "_task", "_value")

    def __init__(self) -> None:
        self._done = False
        self._task: Task | None = None
        self._value: Any = None

    def set_result(self, value: Any) -> None:
        self._value = value
        self._done = True
        task = self._task
        if task is not None:
            self._task = None
            reschedule(task)

    async def wait(self) -> Any:
        if not self._done:
            self._task = current_task()
            await wait_task_rescheduled(self._abort)
        return self._value

    def _abort(self, _raise_cancel: Any) -> Abort:
        self._task = None
        return Abort.SUCCEEDED


async def counter(mb: Mailbox) -> None:
    n = 0
    while True:
        match await mb.receive():
            case ("inc", fut):
                n += 1
                fut.set_result(n)
            case ("get", fut):
                fut.set_result(n)
            case "stop":
                return


async def call(srv: Mailbox, request: str) -> Any:
    fut = Future()
    srv.send((request, fut))
    return await fut.wait()


async def client(srv: Mailbox, n: int, out: list[Any]) -> None:
    send = srv.send
    last = None
    t0 = now_ns()
    for _ in range(n):
        fut = Future()
        send(("inc", fut))
        last = await fut.wait()
    out.extend((now_ns() - t0, last))


async def main(n: int) -> None:
    srv = Mailbox()
    out: list[Any] = []
    async with trio.open_nursery() as nursery:
        nursery.start_soon(counter, srv)
        check(await call(srv, "get") == 0, "the counter did not start at 0")
        async with trio.open_nursery() as clients:
            clients.start_soon(client, srv, n, out)
        ns, last = out
        check(await call(srv, "get") == n, "the counter is not n")
        srv.send("stop")
    emit("genserver_call", IMPL, "call", n, ns / 1e9)
    check(last == n, f"the last reply was {last!r}, not {n}")


if __name__ == "__main__":
    trio.run(main, parser(__doc__ or "").parse_args().n)
