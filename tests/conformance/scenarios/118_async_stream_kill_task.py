"""118 async_stream_kill_task: port of 118_async_stream_kill_task.exs (the rule is stated
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
    results = await Task.async_stream(
        ["slow", 1, "slow", 2], work, timeout=0.05, on_timeout="kill_task", max_concurrency=4
    ).to_list()
    T.p("results", results)
    await beampy.sleep(0.02)
    T.flush()
    T.done()
