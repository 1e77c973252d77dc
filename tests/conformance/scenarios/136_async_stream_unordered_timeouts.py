"""136 async_stream_unordered_timeouts: port of 136_async_stream_unordered_timeouts.exs (the
rule is stated there)."""

from __future__ import annotations

import math
from typing import Any

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def work(x: Any) -> Any:
    if x == "slow":
        await beampy.sleep(math.inf)
    await beampy.sleep(x / 1000)
    return x


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    data = ["slow", 20, 60, 40]
    T.p(
        "unordered",
        await Task.async_stream(
            data, work, ordered=False, timeout=0.1, on_timeout="kill_task", max_concurrency=4
        ).to_list(),
    )
    T.p(
        "ordered",
        await Task.async_stream(
            data, work, timeout=0.1, on_timeout="kill_task", max_concurrency=4
        ).to_list(),
    )
    T.flush()
    T.done()
