"""An Agent counter under concurrent async_stream updates (docs/seeds.md, "Agent").

Fifty tasks at a time add to one running total. ``Agent.update`` sends the
function to the agent, which applies the functions one at a time: no update is
lost. Reading the value and writing it back in two calls is the race an agent
does not protect you from: between a task's ``get`` and its ``update`` others
write, and their additions are overwritten.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import Agent, Task

NAME = "zakat_counter"


class ZakatCounter:
    """The seeds' ZakatCounter: a named agent holding a count and a total."""

    @staticmethod
    async def start_link() -> Any:
        return await Agent.start_link(lambda: {"count": 0, "total": 0}, name=NAME)

    @staticmethod
    async def add(amount: int) -> str:
        return await Agent.update(
            NAME, lambda s: {"count": s["count"] + 1, "total": s["total"] + amount}
        )

    @staticmethod
    async def add_racy(amount: int) -> str:
        state = await Agent.get(NAME, dict)  # read ...
        state = {"count": state["count"] + 1, "total": state["total"] + amount}
        return await Agent.update(NAME, lambda _: state)  # ... and write back: a race

    @staticmethod
    async def get_stats() -> dict[str, int]:
        stats: dict[str, int] = await Agent.get(NAME, dict)
        return stats

    @staticmethod
    async def reset() -> str:
        return await Agent.update(NAME, lambda _: {"count": 0, "total": 0})


async def process(donation: int) -> int:
    zakat = donation * 25 // 1000
    await ZakatCounter.add(zakat)
    return zakat


async def process_racy(donation: int) -> int:
    zakat = donation * 25 // 1000
    await ZakatCounter.add_racy(zakat)
    return zakat


async def main() -> None:
    await ZakatCounter.start_link()
    donations = [1_000 * (1 + i % 4) for i in range(100)]  # 100 donations, 250,000 in all
    await Task.async_stream(donations, process, max_concurrency=50).run()
    print("update:", await ZakatCounter.get_stats())

    await ZakatCounter.reset()
    await Task.async_stream(donations, process_racy, max_concurrency=50).run()
    stats = await ZakatCounter.get_stats()
    print("get then update: updates lost:", stats["count"] < 100, stats["total"] < 6_250)
    print("agent still alive:", beampy.whereis(NAME) is not None)


if __name__ == "__main__":
    beampy.run(main)

# Output:
# update: {'count': 100, 'total': 6250}
# get then update: updates lost: True True
# agent still alive: True
