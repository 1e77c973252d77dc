"""012 link_normal_exit_no_kill: port of 012_link_normal_exit_no_kill.exs (the rule is there).

A linked process ending "normal" leaves a non-trapping linked process running.
"""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def wait_go() -> None:
    await beampy.receive("go")


async def serve_pings(main: beampy.Pid) -> None:
    while True:
        await beampy.receive("ping")
        beampy.send(main, "pong")


async def parent_body(main: beampy.Pid) -> None:
    kid = beampy.spawn_link(wait_go)
    beampy.send(main, ("kid", kid))
    await serve_pings(main)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    parent = T.name(beampy.spawn(parent_body, beampy.self()), "parent")
    _, kid = await beampy.receive(("kid", ANY))
    T.name(kid, "child")
    parent_ref = beampy.monitor(parent)
    beampy.send(kid, "go")
    T.p("child_down", await T.wait_down(kid))
    # leave the (ignored) exit signal time to reach the parent
    await beampy.sleep(0.05)
    beampy.send(parent, "ping")
    try:
        reply = await beampy.receive("pong", DownMessage(parent_ref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_reply")
    else:
        if isinstance(reply, DownMessage):
            T.p("parent_down", reply.reason)
        else:
            T.p("parent_reply", reply)
    T.done()
