"""529 sup_init_flags_defaults: port of 529_sup_init_flags_defaults.exs (the rule is stated
there).

Elixir's maps of flags are dicts with the same keys as strs; ``{W, :start_link, [main]}`` is
``(W.start_link, main)``.  (OTP also ignores a key it does not know in such a map, where
beampy refuses it: docs/differences.md; not traced here.)
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage, DynamicSupervisor, GenServer, Supervisor
from beampy.gen_server import Ok, Stop
from tests.conformance.support.trace import Trace


class W(GenServer):
    @staticmethod
    async def start_link(main: Any) -> Any:  # type: ignore[override]
        return await GenServer.start_link(W, main)

    def init(self, main: Any) -> Ok:
        beampy.send(main, ("ev", "started"))
        return Ok(main)

    def handle_cast(self, request: Any, s: Any) -> Stop:
        return Stop("boom", s)


class Sup(Supervisor):
    def init(self, arg: Any) -> Any:
        flags, main = arg
        return ("ok", (flags, [{"id": "w", "start": (W.start_link, main)}]))


class Dyn(DynamicSupervisor):
    def init(self, flags: Any) -> Any:
        return ("ok", flags)


async def crash(sup: Any) -> None:
    [(_, pid, _, _)] = await Supervisor.which_children(sup)
    ref = beampy.monitor(pid)
    GenServer.cast(pid, "crash")
    await beampy.receive(DownMessage(ref, ANY, ANY))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    beampy.flag("trap_exit", True)
    flags: Any
    for flags in ({"strategy": "one_for_all"}, ("one_for_one", 3, 5)):
        T.p("flags", flags)
        _, sup = await Supervisor.start_link(Sup, (flags, me))
        await T.evs()
        sref = beampy.monitor(sup)
        await crash(sup)
        await T.evs()
        if isinstance(flags, dict):
            await crash(sup)
            down = await beampy.receive(DownMessage(sref, ANY, ANY))
            T.p("supervisor_down", down.reason)
        else:
            await crash(sup)
            await T.evs()
            T.p("alive", beampy.is_alive(sup))
            await Supervisor.stop(sup)
    T.p("old_tuple_of_two", await Supervisor.start_link(Sup, (("one_for_one", 3), me)))
    _, dyn = await DynamicSupervisor.start_link(Dyn, {"max_children": 1})
    T.p("first", (await DynamicSupervisor.start_child(dyn, (W, me)))[0])
    T.p("second", await DynamicSupervisor.start_child(dyn, (W, me)))
    await T.evs()
    T.p("count", await DynamicSupervisor.count_children(dyn))
    await DynamicSupervisor.stop(dyn)
    T.flush()
    T.done()
