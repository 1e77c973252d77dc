"""043 trap_exit_flag_values: port of 043_trap_exit_flag_values.exs (the rule is stated there).

``flag("trap_exit", v)`` returns the previous value; once switched off, a linked crash kills.
"""

from __future__ import annotations

import math

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace, process_info


async def exits_boom() -> None:
    raise beampy.Exit("boom")


async def child_body(main: beampy.Pid) -> None:
    beampy.send(main, ("set_true", beampy.flag("trap_exit", True)))
    beampy.send(main, ("set_true_again", beampy.flag("trap_exit", True)))
    beampy.send(main, ("set_false", beampy.flag("trap_exit", False)))
    beampy.send(main, ("set_false_again", beampy.flag("trap_exit", False)))
    beampy.send(main, ("info", process_info(beampy.self(), "trap_exit")))
    beampy.spawn_link(exits_boom)
    await beampy.sleep(math.inf)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    child = T.name(beampy.spawn(child_body, beampy.self()), "child")
    cref = beampy.monitor(child)
    for key in ["set_true", "set_true_again", "set_false", "set_false_again", "info"]:
        _, v = await beampy.receive((key, ANY))
        T.p(key, v)
    try:
        down = await beampy.receive(DownMessage(cref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("child_survived")
    else:
        T.p("child_down", down.reason)
    T.done()
