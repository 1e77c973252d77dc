"""120 async_stream_task_crash: port of 120_async_stream_task_crash.exs (the rule is stated
there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


def work(x: Any) -> Any:
    if x == "bad":
        raise beampy.Exit("boom")
    if x == "quit":
        raise beampy.Exit("normal")
    return x


async def consumer(main: beampy.Pid) -> None:
    res = await Task.async_stream([1, "bad"], work).to_list()
    beampy.send(main, ("consumer_finished", res))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    T.p("normal_results", await Task.async_stream([1, "quit"], work).to_list())
    c = T.name(beampy.spawn(consumer, beampy.self()), "consumer")
    T.p("consumer_down", await T.wait_down(c))
    beampy.flag("trap_exit", True)
    T.p("trapping_results", await Task.async_stream([1, "bad", 3], work).to_list())
    await beampy.sleep(0.02)
    T.flush()
    T.done()
