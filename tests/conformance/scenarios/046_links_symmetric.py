"""046 links_symmetric: port of 046_links_symmetric.exs (the rule is stated there).

A link shows in ``info(pid, "links")`` on both sides; an unlink from either side removes both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import beampy
from tests.conformance.support.trace import Trace, process_info

OPS: dict[str, Callable[[beampy.Pid], Any]] = {"link": beampy.link, "unlink": beampy.unlink}


async def peer(main: beampy.Pid) -> None:
    """Runs ("link" | "unlink", pid) commands, then pings pid so that it handled the signal."""
    while True:
        match await beampy.receive():
            case (op, other) if op in OPS:
                OPS[op](other)
                beampy.send(other, ("ping", beampy.self()))
                await beampy.receive("pong")
                beampy.send(main, "done")
            case ("ping", sender):
                beampy.send(sender, "pong")
            case "stop":
                return


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    a = T.name(beampy.spawn(peer, me), "a")
    b = T.name(beampy.spawn(peer, me), "b")

    beampy.send(a, ("link", b))
    await beampy.receive("done")
    T.p("a_links", process_info(a, "links"))
    T.p("b_links", process_info(b, "links"))

    beampy.send(b, ("unlink", a))
    await beampy.receive("done")
    T.p("a_links_after", process_info(a, "links"))
    T.p("b_links_after", process_info(b, "links"))

    beampy.send(a, "stop")
    beampy.send(b, "stop")
    T.done()
