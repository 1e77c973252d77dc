"""047 selective_receive_keeps_order: port of 047_selective_receive_keeps_order.exs.

Several out-of-order receives leave the rest of the mailbox in order. The guard
``n when is_integer(n) and n > 2`` is a predicate pattern.
"""

from __future__ import annotations

from typing import Any

import beampy
from tests.conformance.support.trace import Trace


def integer_above_2(m: Any) -> bool:
    return type(m) is int and m > 2


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    for m in [1, "x", 2, "y", 3, "z", 4]:
        beampy.send(beampy.self(), m)
    T.p("first", await beampy.receive("y"))
    T.p("second", await beampy.receive("x"))
    T.p("third", await beampy.receive(integer_above_2))
    T.flush()
    T.done()
