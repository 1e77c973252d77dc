"""304 agent_crash: port of 304_agent_crash.exs (the rule is stated there).

``raise "bad update"`` is ``raise RuntimeError("bad update")``; the caught exit
``{r, {mod, fun, _args}}`` is ``beampy.Exit`` whose reason is ``(r, (mod, fun, args))``, the
module being the str ``"GenServer"`` (printed as the module ``GenServer``).
"""

from __future__ import annotations

from typing import Any, NoReturn

import beampy
from beampy import ANY, Agent, DownMessage
from tests.conformance.support.trace import Mod, Trace


def bad_update(_: Any) -> NoReturn:
    raise RuntimeError("bad update")


def bad_init() -> NoReturn:
    raise RuntimeError("bad init")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, agent = await Agent.start(lambda: 0)
    T.name(agent, "agent")
    ref = beampy.monitor(agent)

    try:
        await Agent.update(agent, bad_update)
    except beampy.Exit as e:
        r, (mod, fun, _args) = e.reason
        T.p("update_exit", (r, Mod(mod), fun))

    down = await beampy.receive(DownMessage(ref, ANY, ANY))
    T.p("agent_down", down.reason)

    T.p("start", await Agent.start(bad_init))
    T.done()
