"""ping_pong: N round trips between two actors; time per round trip."""

from __future__ import annotations

from typing import Any

import gevent  # type: ignore[import-untyped]

from benchmarks._common import emit, now_ns, parser
from benchmarks.workloads.gevent._actor import IMPL, mailbox


def pong(mb: Any) -> None:
    while True:
        match mb.get():
            case ("ping", frm):
                frm.put_nowait("pong")
            case "stop":
                return


def ping(mb: Any, pong_mb: Any, driver: Any) -> None:
    n = mb.get()
    msg: Any = ("ping", mb)
    for _ in range(n):
        pong_mb.put_nowait(msg)
        mb.get()  # "pong"
    driver.put_nowait("done")


def main(n: int) -> None:
    driver, ping_mb, pong_mb = mailbox(), mailbox(), mailbox()
    greenlets = [gevent.spawn(pong, pong_mb), gevent.spawn(ping, ping_mb, pong_mb, driver)]
    gevent.sleep(0)
    t0 = now_ns()
    ping_mb.put_nowait(n)
    driver.get()
    t1 = now_ns()
    pong_mb.put_nowait("stop")
    gevent.joinall(greenlets)
    emit("ping_pong", IMPL, "round_trip", n, (t1 - t0) / 1e9)


if __name__ == "__main__":
    main(parser(__doc__ or "").parse_args().n)
