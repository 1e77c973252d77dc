"""040 alias_basics: port of 040_alias_basics.exs (the rule is stated there).

``:erlang.alias()`` is ``beampy.alias()``, ``:erlang.alias([:reply])`` is
``beampy.alias(mode="reply")``, ``:erlang.unalias(a)`` is ``beampy.unalias(a)``.
"""

from __future__ import annotations

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace


async def stranger(main: beampy.Pid, a: beampy.Ref) -> None:
    beampy.send(a, "from_child")
    beampy.send(main, ("stranger_unalias", beampy.unalias(a)))


async def send_to(a: beampy.Ref, msg: str) -> None:
    beampy.send(a, msg)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    a = T.name(beampy.alias(), "a")
    T.p("is_reference", isinstance(a, beampy.Ref))
    beampy.send(a, "via_alias")
    T.p("got", await beampy.receive())

    beampy.spawn(stranger, beampy.self(), a)
    T.p("got", await beampy.receive("from_child"))
    _, r = await beampy.receive(("stranger_unalias", ANY))
    T.p("stranger_unalias", r)

    T.p("unalias", beampy.unalias(a))
    T.p("send_inactive", beampy.send(a, "dropped"))
    beampy.spawn(send_to, a, "dropped_too")
    await beampy.sleep(0.05)
    T.flush()
    T.p("unalias_again", beampy.unalias(a))

    once = beampy.alias(mode="reply")
    beampy.send(once, "one")
    beampy.send(once, "two")
    await beampy.sleep(0.05)
    T.flush("reply_alias")
    T.p("reply_unalias", beampy.unalias(once))
    T.done()
