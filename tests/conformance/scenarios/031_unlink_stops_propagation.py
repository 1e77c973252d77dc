"""031 unlink_stops_propagation: port of 031_unlink_stops_propagation.exs (rule stated there).

After ``unlink`` returns, the former peer's abnormal exit neither kills a non-trapping process
nor reaches a trapping one; ``unlink`` returns True also for unlinked and dead pids.
"""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace, process_info


async def crash_on_go() -> None:
    await beampy.receive("go")
    raise beampy.Exit("boom")


async def a_body(main: beampy.Pid) -> None:
    beampy.send(main, ("b", beampy.spawn_link(crash_on_go)))
    _, b = await beampy.receive(("unlink", ANY))
    beampy.send(main, ("unlinked", beampy.unlink(b)))
    await beampy.receive("ping")
    beampy.send(main, "pong")


async def trapper_body(T: Trace, main: beampy.Pid) -> None:  # noqa: N803 - T as in Elixir
    beampy.flag("trap_exit", True)
    d = beampy.spawn_link(crash_on_go)
    assert beampy.unlink(d) is True
    beampy.send(d, "go")
    await T.wait_down(d)
    try:
        m = await beampy.receive(timeout=0.1)
    except beampy.ReceiveTimeout:
        m = "nothing"
    beampy.send(main, ("trapper_got", m))


async def wait_stop() -> None:
    await beampy.receive("stop")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    a = T.name(beampy.spawn(a_body, me), "a")
    _, b = await beampy.receive(("b", ANY))
    T.name(b, "b")
    beampy.send(a, ("unlink", b))
    _, r = await beampy.receive(("unlinked", ANY))
    T.p("unlink", r)
    T.p("a_links", process_info(a, "links"))
    beampy.send(b, "go")
    T.p("b_down", await T.wait_down(b))
    await beampy.sleep(0.05)
    a_ref = beampy.monitor(a)
    beampy.send(a, "ping")
    try:
        reply = await beampy.receive("pong", DownMessage(a_ref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_reply")
    else:
        if isinstance(reply, DownMessage):
            T.p("a_down", reply.reason)
        else:
            T.p("a_reply", reply)

    # a trapping process that unlinked gets no ExitMessage
    beampy.spawn(trapper_body, T, me)
    _, m = await beampy.receive(("trapper_got", ANY))
    T.p("trapper_got", m)

    stranger = beampy.spawn(wait_stop)
    T.p("unlink_unlinked", beampy.unlink(stranger))
    beampy.send(stranger, "stop")
    await T.wait_down(stranger)
    T.p("unlink_dead", beampy.unlink(stranger))
    T.done()
