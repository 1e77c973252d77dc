"""An Agent in a supervision tree (docs/seeds.md, "An Agent counter under concurrent updates").

The seeds' ``ZakatCounter`` is a ``use Agent`` module with ``start_link/1``, started
by a supervisor. In beampy the class gives itself a ``child_spec(arg)``, as ``use
Agent`` does, so that a bare ``ZakatCounter`` in a children list starts it (an
unnamed agent needs no class: ``(Agent, fn)`` is ``Agent.child_spec(fn)``).

* 100 donations, 50 tasks at a time, each ``Agent.update``: none is lost.
* ``Agent.get_and_update`` reads and changes the state in one step: ``take`` hands
  over the totals so far and starts again from zero, while the updates go on.
  What was taken plus what is left is every donation, once.
* The supervisor restarts the agent when it is killed, under the same name. The
  new agent starts from the initial state: what the old one held is gone.
"""

from __future__ import annotations

import sys
from typing import Any

import structlog

import beampy
from beampy import Agent, Supervisor, Task

# The kill is logged (supervisor_child_terminated): stderr.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

NAME = "zakat_counter"
EMPTY = {"count": 0, "total": 0}


class ZakatCounter:
    """The seeds' ZakatCounter, a supervisor child."""

    @staticmethod
    def child_spec(arg: Any) -> dict[str, Any]:
        return {"id": ZakatCounter, "start": (ZakatCounter.start_link, arg)}

    @staticmethod
    async def start_link(_arg: Any) -> Any:
        return await Agent.start_link(lambda: EMPTY, name=NAME)

    @staticmethod
    async def add(amount: int) -> str:
        return await Agent.update(
            NAME, lambda s: {"count": s["count"] + 1, "total": s["total"] + amount}
        )

    @staticmethod
    async def get_stats() -> dict[str, int]:
        stats: dict[str, int] = await Agent.get(NAME, dict)
        return stats

    @staticmethod
    async def take() -> dict[str, int]:
        """The stats so far; the counter starts again from zero, in the same step."""
        stats: dict[str, int] = await Agent.get_and_update(NAME, lambda s: (s, EMPTY))
        return stats


async def process(donation: int) -> int:
    zakat = donation * 25 // 1000
    await ZakatCounter.add(zakat)
    return zakat


async def taker() -> list[dict[str, int]]:
    taken = []
    for _ in range(5):
        await beampy.sleep(0)  # let some updates in
        taken.append(await ZakatCounter.take())
    return taken


async def main() -> None:
    _, sup = await Supervisor.start_link([ZakatCounter], strategy="one_for_one")
    print("children:", [id_.__name__ for id_, _, _, _ in await Supervisor.which_children(sup)])

    donations = [1_000 * (1 + i % 4) for i in range(100)]  # 100 donations, 6,250 of zakat
    await Task.async_stream(donations, process, max_concurrency=50).run()
    print("100 concurrent updates:", await ZakatCounter.get_stats())

    await ZakatCounter.take()  # start from zero
    takes = Task.async_(taker)
    await Task.async_stream(donations, process, max_concurrency=50).run()
    taken = await Task.await_(takes)
    left = await ZakatCounter.get_stats()
    count = sum(t["count"] for t in taken) + left["count"]
    total = sum(t["total"] for t in taken) + left["total"]
    print("taken five times while updating, plus what is left:", {"count": count, "total": total})

    old = beampy.whereis(NAME)
    assert old is not None
    beampy.exit(old, "kill")
    while beampy.whereis(NAME) in (None, old):
        await beampy.sleep(0.01)
    print("killed; restarted under the same name:", beampy.whereis(NAME) != old)
    print("the new agent's state:", await ZakatCounter.get_stats())
    await Supervisor.stop(sup)


if __name__ == "__main__":
    beampy.run(main)

# Output:
# children: ['ZakatCounter']
# 100 concurrent updates: {'count': 100, 'total': 6250}
# taken five times while updating, plus what is left: {'count': 100, 'total': 6250}
# killed; restarted under the same name: True
# the new agent's state: {'count': 0, 'total': 0}
