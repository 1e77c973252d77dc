"""135 async_stream_zip_input: port of 135_async_stream_zip_input.exs (the rule is stated
there)."""

from __future__ import annotations

import math
from typing import Any

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def work(x: Any) -> Any:
    if x == "bad":
        raise beampy.Exit("boom")
    if x == "slow":
        await beampy.sleep(math.inf)
    return x


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.flag("trap_exit", True)
    results = await Task.async_stream(
        [1, "bad", "slow", 4],
        work,
        zip_input_on_exit=True,
        timeout=0.05,
        on_timeout="kill_task",
        max_concurrency=4,
    ).to_list()
    T.p("results", results)
    T.p("plain", await Task.async_stream(["bad"], work).to_list())
    await beampy.sleep(0.02)
    T.flush()
    T.done()
