"""037 process_info_keys: port of 037_process_info_keys.exs (the rule is stated there).

``Process.info(pid, key)`` is ``process_info(pid, key)`` from support/trace.py: the Elixir
``{key, value}`` / ``nil`` shape around ``beampy.info(pid, key)``, value unchanged.
"""

from __future__ import annotations

import beampy
from beampy import ExitMessage
from tests.conformance.support.trace import Trace, process_info


async def wait_stop() -> None:
    await beampy.receive("stop")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    p = T.name(beampy.spawn(wait_stop), "p")
    beampy.send(p, "m1")
    beampy.send(p, "m2")
    T.p("queue_len", process_info(p, "message_queue_len"))
    T.p("links_before", process_info(p, "links"))
    assert beampy.link(p) is True
    T.p("links", process_info(p, "links"))
    T.p("trap_exit", process_info(p, "trap_exit"))
    beampy.flag("trap_exit", True)
    T.p("own_trap_exit", process_info(me, "trap_exit"))
    T.p("no_name", process_info(p, "registered_name"))
    assert beampy.register(p, "worker") is True
    T.p("name", process_info(p, "registered_name"))

    beampy.send(p, "stop")
    await beampy.receive(ExitMessage(p, "normal"))
    T.p("dead_info_links", process_info(p, "links"))
    T.p("dead_info", beampy.info(p))
    T.done()
