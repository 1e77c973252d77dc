"""623 dynsup_unexpected_cast: port of 623_dynsup_unexpected_cast.exs (the rule is stated there).

which_children's modules are classes, shown as the module atoms they stand for.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import Agent, DynamicSupervisor, GenServer
from tests.conformance.support.trace import Mod, Trace


def shown(children: list[Any]) -> list[Any]:
    return [(i, p, t, [Mod(m.__name__) for m in mods]) for i, p, t, mods in children]


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await DynamicSupervisor.start_link()
    T.name(sup, "sup")
    _, child = await DynamicSupervisor.start_child(sup, (Agent, lambda: 0))
    T.name(child, "child")
    ref = beampy.monitor(sup)
    T.p("cast", GenServer.cast(sup, ("unknown", "request")))
    T.p("cast_atom", GenServer.cast(sup, "hello"))
    await beampy.sleep(0.05)
    T.p("sup_alive", beampy.is_alive(sup))
    T.p("child_alive", beampy.is_alive(child))
    T.p("which_children", shown(await DynamicSupervisor.which_children(sup)))
    _, second = await DynamicSupervisor.start_child(sup, (Agent, lambda: 1))
    T.name(second, "second")
    T.p("count", await DynamicSupervisor.count_children(sup))
    beampy.demonitor(ref)
    T.flush()
    T.done()
