"""305 agent_get_and_update: port of 305_agent_get_and_update.exs (the rule is stated there).

``fn [h | t] -> {h, t} end`` is ``lambda s: (s[0], s[1:])``; the exit reason's request is
``("get_and_update", fn)``, which renders as Elixir's ``{:get_and_update, :fun}``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, Agent, ExitMessage
from tests.conformance.support.trace import Trace


def pop(s: list[Any]) -> tuple[Any, list[Any]]:
    return (s[0], s[1:])


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.flag("trap_exit", True)
    _, agent = await Agent.start_link(lambda: ["a", "b", "c"])
    T.name(agent, "agent")
    T.p("pop", await Agent.get_and_update(agent, pop))
    T.p("pop", await Agent.get_and_update(agent, pop))
    T.p("state", await Agent.get(agent, lambda s: s))

    try:
        await Agent.get_and_update(agent, lambda _: "not_a_pair")
    except beampy.Exit as e:
        T.p("bad_exit", e.reason)

    T.p("exit_msg", await beampy.receive(ExitMessage(agent, ANY)))
    T.p("alive", beampy.is_alive(agent))
    T.done()
