"""307 agent_named: port of 307_agent_named.exs (the rule is stated there).

The atom name ``:counter`` is the str ``"counter"``; ``node()`` is ``beampy.NODE``.
"""

from __future__ import annotations

import beampy
from beampy import Agent
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    result = await Agent.start_link(lambda: 1, name="counter")
    _, agent = result
    T.name(agent, "agent")
    T.p("start", result)
    T.p("whereis", beampy.whereis("counter"))
    T.p("get_by_name", await Agent.get("counter", lambda s: s))
    T.p("get_by_name_node", await Agent.get(("counter", beampy.NODE), lambda s: s))
    before = len(beampy.list())
    T.p("second_start", await Agent.start_link(lambda: 2, name="counter"))
    await beampy.sleep(0.05)
    T.p("processes_unchanged", len(beampy.list()) == before)
    T.p("stop", await Agent.stop("counter"))
    T.p("whereis_after", beampy.whereis("counter"))

    try:
        await Agent.get("counter", lambda s: s)
    except beampy.Exit as e:
        T.p("get_after_stop", e.reason)

    _, again = await Agent.start(lambda: 3, name="counter")
    T.p("restart_ok", await Agent.get("counter", lambda s: s) == 3 and again != agent)
    T.done()
