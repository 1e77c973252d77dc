"""015 exit2_normal: port of 015_exit2_normal.exs (the rule is stated there).

``exit(other, "normal")`` is ignored by a non-trapping target; a trapping one receives
``ExitMessage(caller, "normal")``.
"""

from __future__ import annotations

import beampy
from tests.conformance.support.trace import Trace


async def answer_ping(main: beampy.Pid) -> None:
    await beampy.receive("ping")
    beampy.send(main, "pong")


async def trapper(main: beampy.Pid) -> None:
    """Traps exits, says "ready", forwards its first message as ("got", m), waits for "stop"."""
    beampy.flag("trap_exit", True)
    beampy.send(main, "ready")
    beampy.send(main, ("got", await beampy.receive()))
    await beampy.receive("stop")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    plain = T.name(beampy.spawn(answer_ping, me), "plain")
    T.p("exit_result", beampy.exit(plain, "normal"))
    T.p("plain_alive", beampy.is_alive(plain))
    beampy.send(plain, "ping")
    try:
        await beampy.receive("pong", timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_reply")
    else:
        T.p("plain_reply", "pong")

    trapping = T.name(beampy.spawn(trapper, me), "trapper")
    await beampy.receive("ready")
    beampy.exit(trapping, "normal")
    try:
        _, m = await beampy.receive(("got", beampy.ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("nothing")
    else:
        T.p("trapper_got", m)
    T.p("trapper_alive", beampy.is_alive(trapping))
    beampy.send(trapping, "stop")
    T.done()
