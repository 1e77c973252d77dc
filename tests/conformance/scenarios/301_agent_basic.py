"""301 agent_basic: port of 301_agent_basic.exs (the rule is stated there).

Elixir's ``& &1`` is ``lambda s: s``; ``[1 | l]`` is ``[1, *l]``.
"""

from __future__ import annotations

from typing import Any

from beampy import Agent
from tests.conformance.support.trace import Trace


def same(s: Any) -> Any:
    return s


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, agent = await Agent.start_link(lambda: 0)
    T.name(agent, "agent")
    T.p("get", await Agent.get(agent, same))
    T.p("update", await Agent.update(agent, lambda s: s + 1))
    T.p("get", await Agent.get(agent, same))
    T.p("get_and_update", await Agent.get_and_update(agent, lambda s: (s, s * 10)))
    T.p("get", await Agent.get(agent, same))

    await Agent.update(agent, lambda _: [])
    T.p("cast", Agent.cast(agent, lambda xs: [1, *xs]))
    Agent.cast(agent, lambda xs: [2, *xs])
    Agent.cast(agent, lambda xs: [3, *xs])
    T.p("get_after_casts", await Agent.get(agent, same))
    T.done()
