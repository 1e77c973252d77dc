"""053 hibernate_loop: port of 053_hibernate_loop.exs (the rule is stated there).

``:erlang.hibernate(M, f, args)`` is ``await beampy.hibernate(f, *args)`` (docs/process.md): it
never returns; when ``f`` returns the process ends normally. The Elixir ``receive`` with a
pinned ref is ``receive((ref, ANY))``.
"""

from __future__ import annotations

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace

N = 10_000


async def loop(total: tuple[int, int]) -> None:
    """The server: adds up the numbers it gets, hibernating after every message."""
    total_sum, count = total
    match await beampy.receive(("add", ANY), ("get", ANY)):
        case ("add", i):
            await beampy.hibernate(loop, (total_sum + i, count + 1))
        case ("get", sender):
            beampy.send(sender, ("total", (total_sum, count)))


async def replier() -> None:
    """Answers one request with a noise message first, then (ref, value)."""
    _, sender, ref = await beampy.receive(("req", ANY, ANY))
    beampy.send(sender, "noise")
    beampy.send(sender, (ref, 42))


async def wait_reply(T: Trace, main: beampy.Pid, ref: beampy.Ref) -> None:  # noqa: N803
    """Where the hibernating client continues: a receive pinning ref."""
    try:
        _, v = await beampy.receive((ref, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        beampy.send(main, ("after_wake", "no_reply", T.drain()))
    else:
        beampy.send(main, ("after_wake", ("woke_with", v), T.drain()))


async def client(T: Trace, r: beampy.Pid, main: beampy.Pid) -> None:  # noqa: N803
    ref = beampy.make_ref()
    beampy.send(r, ("req", beampy.self(), ref))
    await beampy.hibernate(wait_reply, T, main, ref)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    server, smref = beampy.spawn_monitor(loop, (0, 0))
    T.name(server, "server")
    for i in range(1, N + 1):
        beampy.send(server, ("add", i))
    beampy.send(server, ("get", me))

    # the server's DOWN as an alternative, so that a crashed server shows in the trace
    match await beampy.receive(("total", ANY), DownMessage(smref, ANY, ANY)):
        case ("total", t):
            T.p("total", t)
        case DownMessage(reason=why):
            T.p("server_crashed", why)
    try:
        down = await beampy.receive(DownMessage(smref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_server_down")
    else:
        T.p("server_down", down.reason)

    r = beampy.spawn(replier)
    pid, mref = beampy.spawn_monitor(client, T, r, me)
    T.name(pid, "client")
    match await beampy.receive(("after_wake", ANY, ANY), DownMessage(mref, ANY, ANY)):
        case ("after_wake", got, rest):
            T.p("after_wake", got)
            T.p("leftover", rest)
        case DownMessage(reason=why):
            T.p("client_crashed", why)
    try:
        down = await beampy.receive(DownMessage(mref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_client_down")
    else:
        T.p("client_down", down.reason)
    T.done()
