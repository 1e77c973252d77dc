"""agent_update: N ``Agent.update`` then N ``Agent.get`` on a counter agent; time per operation.

The agent starts at 0 (``Agent.start_link(lambda: 0)``). A client process times N
``Agent.update(agent, inc)`` (``inc(n) = n + 1``), then N ``Agent.get(agent, ident)``
(``ident(n) = n``), with the default 5 s timeout as Elixir's ``Agent`` functions; each get must
return N. Two metrics, ``update`` and ``get``, per operation. benchmarks/beam/agent_update.exs is
the same program in Elixir.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, Pid, receive, send, spawn
from beampy.agent import Agent
from benchmarks._common import check, emit, now_ns, parser
from benchmarks.workloads.beampy._util import IMPL


def inc(n: Any) -> Any:
    return n + 1


def ident(n: Any) -> Any:
    return n


async def client(agent: Pid, n: int, driver: Pid) -> None:
    update, get = Agent.update, Agent.get
    t0 = now_ns()
    for _ in range(n):
        await update(agent, inc)
    t1 = now_ns()
    right = 0
    for _ in range(n):
        if await get(agent, ident) == n:
            right += 1
    t2 = now_ns()
    send(driver, ("done", t1 - t0, t2 - t1, right))


async def main(n: int) -> None:
    _, agent = await Agent.start_link(lambda: 0)
    check(await Agent.get(agent, ident) == 0, "the agent did not start at 0")
    spawn(client, agent, n, beampy.self())
    _, update_ns, get_ns, right = await receive(("done", ANY, ANY, ANY))
    emit("agent_update", IMPL, "update", n, update_ns / 1e9)
    emit("agent_update", IMPL, "get", n, get_ns / 1e9)
    check(right == n, f"{right} of {n} gets returned {n}")


if __name__ == "__main__":
    beampy.run(main, parser(__doc__ or "").parse_args().n)
