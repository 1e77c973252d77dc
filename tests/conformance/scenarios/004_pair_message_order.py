"""004 pair_message_order: port of 004_pair_message_order.exs (the rule is stated there).

Per sender/receiver pair, messages arrive in send order; two senders' streams may interleave.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace

N = 200


async def sender(to: beampy.Pid, tag: str) -> None:
    for i in range(1, N + 1):
        beampy.send(to, (tag, i))


async def collect(k: int) -> list[tuple[str, int]]:
    got: list[tuple[str, int]] = []
    for _ in range(k):
        tag, i = await beampy.receive((lambda tag: tag in ("n", "a", "b"), ANY))
        got.append((tag, i))
    return got


def numbers(got: list[tuple[str, int]], wanted: str) -> list[Any]:
    return [i for tag, i in got if tag == wanted]


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.spawn(sender, beampy.self(), "n")
    T.p("single_in_order", numbers(await collect(N), "n") == list(range(1, N + 1)))

    beampy.spawn(sender, beampy.self(), "a")
    beampy.spawn(sender, beampy.self(), "b")
    got = await collect(2 * N)
    T.p("a_in_order", numbers(got, "a") == list(range(1, N + 1)))
    T.p("b_in_order", numbers(got, "b") == list(range(1, N + 1)))
    T.p("count", len(got))
    T.done()
