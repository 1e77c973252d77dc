"""414 gs_call_errors: port of 414_gs_call_errors.exs (the rule is stated there).

The default timeouts are 5.0 s for call and math.inf for stop; the trace shows them as
Elixir's 5000 and :infinity.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import beampy
from beampy.gen_server import GenServer
from tests.conformance.support.trace import Trace


async def quick() -> None:
    pass


async def caught(T: Trace, label: str, fn: Callable[[], Awaitable[Any]]) -> None:  # noqa: N803
    try:
        T.p(label + "_returned", await fn())
    except beampy.Exit as e:
        T.p(label, e.reason)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    dead = T.name(beampy.spawn(quick), "dead")
    await T.wait_down(dead)
    await caught(T, "call_dead", lambda: GenServer.call(dead, "ping"))
    await caught(T, "call_unregistered", lambda: GenServer.call("nobody_registered", "ping"))
    await caught(T, "call_self", lambda: GenServer.call(beampy.self(), "ping"))
    await caught(T, "stop_dead", lambda: GenServer.stop(dead))
    T.done()
