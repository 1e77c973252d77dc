"""117 async_stream_timeout_exit: port of 117_async_stream_timeout_exit.exs (the rule is stated
there)."""

from __future__ import annotations

import math
from typing import Any

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def work(x: Any) -> Any:
    if x == "slow":
        await beampy.sleep(math.inf)
    return x


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    try:
        await Task.async_stream([1, "slow"], work, timeout=0.05).to_list()
    except beampy.Exit as e:
        T.p("stream_exit", e.reason)
    await beampy.sleep(0.05)
    T.flush()
    T.done()
