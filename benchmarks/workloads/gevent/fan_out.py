"""fan_out: one sender sends N messages to one receiver, which counts them; time per message."""

from __future__ import annotations

from typing import Any

import gevent  # type: ignore[import-untyped]

from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.gevent._actor import IMPL, mailbox


def receiver(mb: Any, n: int, driver: Any) -> None:
    count = 0
    for _ in range(n):
        mb.get()
        count += 1
    driver.put_nowait(count)


def sender(mb: Any, target: Any) -> None:
    n: int = mb.get()
    for _ in range(n):
        target.put_nowait("msg")


def main(n: int) -> None:
    driver, send_mb, recv_mb = mailbox(), mailbox(), mailbox()
    greenlets = [gevent.spawn(receiver, recv_mb, n, driver), gevent.spawn(sender, send_mb, recv_mb)]
    gevent.sleep(0)
    t0 = now_ns()
    send_mb.put_nowait(n)
    count = driver.get()
    t1 = now_ns()
    gevent.joinall(greenlets)
    emit("fan_out", IMPL, "message", n, (t1 - t0) / 1e9)
    check(count == n, f"received {count} of {n}")


if __name__ == "__main__":
    main(parser(__doc__ or "").parse_args().n)
