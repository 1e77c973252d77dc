"""Batch pipelines: 10,000 items, 50 at a time, successes and errors counted (docs/seeds.md).

The seeds' zakat batch three ways. Two items have bad data (the function raises)
and one hangs (killed at its 5 s timeout); the other 9,997 are summed. Time is a
MockClock's, so the hung item's 5 seconds pass at once.

1. ``Task.async_stream`` with ``on_timeout="kill_task"``. Its tasks are linked to the
   consumer, so a raising item would take the consumer down: the consumer traps exits
   to count crashes as results. (With the default ``on_timeout="exit"`` the hung item
   would end the consumer too.)
2. The same, the function returning its errors as values: nothing crashes, nothing
   needs trapping.
3. ``Task.Supervisor.async_stream_nolink`` under the application's task supervisor, 25
   at a time: crashes are ``("exit", reason)`` results, the consumer traps nothing.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from typing import Any

import structlog
import trio.testing

import beampy
from beampy import Supervisor, Task

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

BAD = {1234, 5678}  # no amount: the function raises
HANGS = 9000  # the database never answers

running = peak = 0


def donations(count: int = 10_000) -> Iterator[dict[str, Any]]:
    for i in range(count):
        yield {"id": i, "amount_cents": None if i in BAD else 4_000 * (1 + i % 25)}


async def zakat(donation: dict[str, Any]) -> dict[str, Any]:
    global running, peak
    running += 1
    peak = max(peak, running)
    try:
        await beampy.sleep(0.01 if donation["id"] != HANGS else math.inf)  # the database write
        return {"id": donation["id"], "zakat_cents": donation["amount_cents"] * 25 // 1000}
    finally:
        running -= 1


async def zakat_or_error(donation: dict[str, Any]) -> tuple[str, Any]:
    try:
        return ("ok", await zakat(donation))
    except TypeError as e:
        return ("error", str(e))


def report(name: str, acc: dict[str, int]) -> None:
    global peak
    counts = ", ".join(f"{n} {key}" for key, n in acc.items() if key != "total_zakat_cents")
    total = f", zakat {acc['total_zakat_cents'] / 100:.2f}" if "total_zakat_cents" in acc else ""
    print(f"{name}: {counts}{total}, at most {peak} at once")
    peak = 0


async def batch_linked() -> dict[str, int]:
    beampy.flag("trap_exit", True)
    acc = {"processed": 0, "total_zakat_cents": 0, "errors": 0}
    stream = Task.async_stream(
        donations(), zakat, max_concurrency=50, timeout=5.0, on_timeout="kill_task", ordered=False
    )
    async with stream:
        async for result in stream:
            match result:
                case ("ok", done):
                    acc["processed"] += 1
                    acc["total_zakat_cents"] += done["zakat_cents"]
                case ("exit", _reason):
                    acc["errors"] += 1
    beampy.flag("trap_exit", False)
    return acc


async def batch_values() -> dict[str, int]:
    acc = {"processed": 0, "total_zakat_cents": 0, "errors": 0}
    stream = Task.async_stream(
        donations(),
        zakat_or_error,
        max_concurrency=50,
        timeout=5.0,
        on_timeout="kill_task",
        ordered=False,
    )
    async for result in stream:
        match result:
            case ("ok", ("ok", done)):
                acc["processed"] += 1
                acc["total_zakat_cents"] += done["zakat_cents"]
            case ("ok", ("error", _)) | ("exit", _):
                acc["errors"] += 1
    return acc


async def batch_supervised() -> dict[str, int]:
    acc = {"success": 0, "failed": 0}
    stream = Task.Supervisor.async_stream_nolink(
        "finance_tasks",
        donations(),
        zakat,
        max_concurrency=25,
        timeout=10.0,
        on_timeout="kill_task",
        ordered=False,
    )
    async for kind, _value in stream:
        acc["success" if kind == "ok" else "failed"] += 1
    return acc


async def main() -> None:
    children = [(Task.Supervisor, {"name": "finance_tasks"})]
    await Supervisor.start_link(children, strategy="one_for_one")
    report("1. linked, trapping exits", await batch_linked())
    report("2. errors as values", await batch_values())
    report("3. supervised, nolink", await batch_supervised())
    print("the consumer traps exits:", beampy.info(beampy.self(), "trap_exit"))


if __name__ == "__main__":
    beampy.run(main, clock=trio.testing.MockClock(autojump_threshold=0))

# Output:
# 1. linked, trapping exits: 9997 processed, 3 errors, zakat 129985.00, at most 50 at once
# 2. errors as values: 9997 processed, 3 errors, zakat 129985.00, at most 50 at once
# 3. supervised, nolink: 9997 success, 3 failed, at most 25 at once
# the consumer traps exits: False
