"""309 agent_mfa_stop_reason: port of 309_agent_mfa_stop_reason.exs (the rule is stated there).

Elixir's ``{module, fun, args}`` forms are beampy's ``fn, *args``: ``Agent.get(agent, Conf309,
:plus, [10])`` is ``Agent.get(agent, plus, 10)``. The agent's ``$initial_call`` is
``(fn.__module__, fn.__qualname__, len(args))``; this port's module stands for ``Conf309``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, Agent, ExitMessage
from tests.conformance.support.trace import Mod, Trace


def make(a: int, b: int) -> int:
    return a + b


def plus(state: int, x: int) -> int:
    return state + x


def take_all(state: Any, reset: Any) -> tuple[Any, Any]:
    return (state, reset)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.flag("trap_exit", True)
    _, agent = await Agent.start_link(make, 1, 2)
    T.name(agent, "agent")
    mod, fun, arity = dict(beampy.info(agent, "dictionary"))["$initial_call"]
    T.p("initial_call", (Mod("Conf309") if mod == __name__ else mod, fun, arity))
    T.p("get", await Agent.get(agent, plus, 10))
    T.p("update", await Agent.update(agent, plus, 5))
    T.p("cast", Agent.cast(agent, plus, 11))
    T.p("get_and_update", await Agent.get_and_update(agent, take_all, 0))
    T.p("get", await Agent.get(agent, lambda s: s))

    T.p("stop", await Agent.stop(agent, "custom"))
    T.p("exit_msg", await beampy.receive(ExitMessage(agent, ANY)))

    _, agent2 = await Agent.start_link(lambda: "s")
    T.name(agent2, "agent2")
    T.p("stop_shutdown", await Agent.stop(agent2, ("shutdown", "done")))
    T.p("exit_msg2", await beampy.receive(ExitMessage(agent2, ANY)))
    T.done()
