"""033 message_before_exit_signal: port of 033_message_before_exit_signal.exs (rule there).

Messages and exit signals from one sender to one receiver keep their order.
"""

from __future__ import annotations

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace


async def receiver(T: Trace, main: beampy.Pid) -> None:  # noqa: N803 - T as in Elixir
    """Traps exits; on "report" sends back everything it had queued."""
    beampy.flag("trap_exit", True)
    beampy.send(main, ("ready", beampy.self()))
    await beampy.receive("report")
    beampy.send(main, ("queued", T.drain()))


async def says_bye_then_crashes(parent: beampy.Pid) -> None:
    beampy.send(parent, "bye")
    raise beampy.Exit("boom")


async def trapping_parent(main: beampy.Pid) -> None:
    beampy.flag("trap_exit", True)
    c = beampy.spawn_link(says_bye_then_crashes, beampy.self())
    beampy.send(main, ("child", c))
    first = await beampy.receive()
    second = await beampy.receive()
    beampy.send(main, ("got", first, second))


async def start_receiver(T: Trace, label: str) -> beampy.Pid:  # noqa: N803 - T as in Elixir
    beampy.spawn(receiver, T, beampy.self())
    _, pid = await beampy.receive(("ready", beampy.Pid))
    assert isinstance(pid, beampy.Pid)
    return T.name(pid, label)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    r = await start_receiver(T, "r")
    beampy.send(r, "data")
    beampy.exit(r, "stop")
    beampy.send(r, "report")
    _, queued = await beampy.receive(("queued", ANY))
    T.p("r_got", queued)

    r2 = await start_receiver(T, "r2")
    beampy.exit(r2, "stop")
    beampy.send(r2, "data")
    beampy.send(r2, "report")
    _, queued = await beampy.receive(("queued", ANY))
    T.p("r2_got", queued)

    # a trapping parent reports the first two messages it gets from its dying child
    beampy.spawn(trapping_parent, beampy.self())
    _, c = await beampy.receive(("child", ANY))
    T.name(c, "c")
    _, first, second = await beampy.receive(("got", ANY, ANY))
    T.p("first", first)
    T.p("second", second)
    T.done()
