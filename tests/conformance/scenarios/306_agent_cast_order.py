"""306 agent_cast_order: port of 306_agent_cast_order.exs (the rule is stated there).

``l ++ [x]`` is ``[*l, x]``; ``raise "bad cast"`` is ``raise RuntimeError("bad cast")``.
"""

from __future__ import annotations

from typing import Any, Literal, NoReturn

import beampy
from beampy import ANY, Agent, DownMessage
from tests.conformance.support.trace import Trace


def push(agent: Any, x: Any) -> Literal["ok"]:
    return Agent.cast(agent, lambda xs: [*xs, x])


def bad_cast(_: Any) -> NoReturn:
    raise RuntimeError("bad cast")


async def other_client(agent: beampy.Pid, main: beampy.Pid) -> None:
    for i in range(1, 4):
        push(agent, ("other", i))
    beampy.send(main, "pushed")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, agent = await Agent.start(list)
    T.name(agent, "agent")
    T.p("cast", push(agent, ("main", 1)))
    push(agent, ("main", 2))
    push(agent, ("main", 3))
    T.p("state", await Agent.get(agent, lambda s: s))
    await Agent.update(agent, lambda _: [])

    other = beampy.spawn(other_client, agent, beampy.self())
    T.name(other, "other")
    await beampy.receive("pushed")
    push(agent, ("main", 4))
    push(agent, ("main", 5))
    everything = await Agent.get(agent, lambda s: s)
    T.p("other_order", [x for x in everything if x[0] == "other"])
    T.p("main_order", [x for x in everything if x[0] == "main"])

    ref = beampy.monitor(agent)
    T.p("crash_cast", Agent.cast(agent, bad_cast))
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("down", down.reason)

    T.p("cast_dead", Agent.cast(agent, lambda s: s))
    T.p("cast_unregistered", Agent.cast("no_such_agent", lambda s: s))
    T.done()
