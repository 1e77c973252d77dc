"""002 selective_receive: port of 002_selective_receive.exs (the rule is stated there).

A pattern takes the oldest matching message; the others stay queued in arrival order.
"""

from __future__ import annotations

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    for message in ["a", ("b", 1), "c", ("b", 2)]:
        beampy.send(beampy.self(), message)
    T.p("recv_b", await beampy.receive(("b", ANY)))
    for _ in range(3):
        T.p("recv", await beampy.receive())
    T.done()
