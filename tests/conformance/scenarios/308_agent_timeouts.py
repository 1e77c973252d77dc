"""308 agent_timeouts: port of 308_agent_timeouts.exs (the rule is stated there).

Timeouts are seconds: Elixir's ``50`` is ``0.05``, its default ``5000`` is ``5.0``; the trace
shows them in milliseconds again. ``Process.sleep(200) && :slow`` is an ``async def`` that
sleeps 0.2 s and returns ``"slow"``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import beampy
from beampy import Agent
from tests.conformance.support.trace import Trace


async def caught(T: Trace, label: str, fn: Callable[[], Awaitable[Any]]) -> None:  # noqa: N803
    try:
        T.p(label + "_returned", await fn())
    except beampy.Exit as e:
        T.p(label, e.reason)


async def slow(_: Any) -> str:
    await beampy.sleep(0.2)
    return "slow"


async def never_ready() -> None:
    await beampy.sleep(1.0)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, agent = await Agent.start_link(lambda: "fast")
    T.name(agent, "agent")

    await caught(T, "update_exit", lambda: Agent.update(agent, slow, timeout=0.05))
    T.p("get_after", await Agent.get(agent, lambda s: s))
    T.flush()

    before = len(beampy.list())
    T.p("start_timeout", await Agent.start(never_ready, timeout=0.05))
    T.p("processes_unchanged", len(beampy.list()) == before)

    T.p("stop", await Agent.stop(agent))
    await caught(T, "get_dead", lambda: Agent.get(agent, lambda s: s))
    await caught(T, "update_dead", lambda: Agent.update(agent, lambda s: s, timeout=1.0))
    await caught(T, "stop_dead", lambda: Agent.stop(agent))
    T.done()
