"""302 agent_stop: port of 302_agent_stop.exs (the rule is stated there).

The atom name ``:my_agent`` is the str ``"my_agent"``.
"""

from __future__ import annotations

import beampy
from beampy import ANY, Agent, DownMessage
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, a1 = await Agent.start(lambda: "state", name="my_agent")
    T.name(a1, "a1")
    ref = beampy.monitor(a1)
    T.p("get_by_name", await Agent.get("my_agent", lambda s: s))
    T.p("stop", await Agent.stop("my_agent"))
    T.p("alive", beampy.is_alive(a1))
    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("down", down.reason)
    T.p("whereis", beampy.whereis("my_agent"))

    _, a2 = await Agent.start(lambda: "state")
    T.name(a2, "a2")
    ref2 = beampy.monitor(a2)
    T.p("stop_custom", await Agent.stop(a2, "custom"))
    down = await beampy.receive(DownMessage(ref2, ANY, ANY))
    T.p("down2", down.reason)
    T.done()
