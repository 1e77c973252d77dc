"""selective_receive: N request/replies, each awaiting a reply tagged with a fresh reference.

Measured twice in one run: with the requester's mailbox otherwise empty, then with --queued
unrelated messages sitting in front of every reply. The receive is a plain scan of the deque.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import trio

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.trio_actor._actor import IMPL, Mailbox


async def echo(mb: Mailbox) -> None:
    while True:
        match await mb.receive():
            case (ref, frm):
                frm.send((ref, "reply"))
            case "stop":
                return


def tagged(ref: object) -> Callable[[Any], bool]:
    return lambda m: type(m) is tuple and m[0] is ref


async def requester(n: int, queued: int, echo_mb: Mailbox, driver: Mailbox) -> None:
    me = Mailbox()
    for i in range(queued):
        me.send(("junk", i))
    t0 = now_ns()
    for _ in range(n):
        ref = object()
        echo_mb.send((ref, me))
        await me.receive_match(tagged(ref))
    t1 = now_ns()
    driver.send((t1 - t0) / 1e9)


async def main(n: int, queued: int) -> None:
    driver, echo_mb = Mailbox(), Mailbox()
    async with trio.open_nursery() as nursery:
        nursery.start_soon(echo, echo_mb)
        results: dict[str, Any] = {}
        for metric, q in (("empty", 0), ("queued", queued)):
            nursery.start_soon(requester, n, q, echo_mb, driver)
            results[metric] = (q, await driver.receive())
        echo_mb.send("stop")
    for metric, (q, seconds) in results.items():
        emit("selective_receive", IMPL, metric, n, seconds, queued=q)


if __name__ == "__main__":
    args = parser(__doc__ or "").parse_args()
    trio.run(main, args.n, args.queued)
