"""211 tasksup_async_stream_nolink_crash: port of 211_tasksup_async_stream_nolink_crash.exs
(the rule is stated there)."""

from __future__ import annotations

import math
from typing import Any

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


async def work(x: Any) -> Any:
    if x == "raise":
        raise RuntimeError("boom")
    if x == "exit":
        raise beampy.Exit("bye")
    if x == "slow":
        await beampy.sleep(math.inf)
    return x * 2


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link()
    T.name(sup, "sup")
    results = await Task.Supervisor.async_stream_nolink(
        sup,
        [1, "raise", "exit", "slow", 5],
        work,
        timeout=0.1,
        on_timeout="kill_task",
        zip_input_on_exit=True,
    ).to_list()
    T.p("results", results)
    T.p("alive", beampy.is_alive(beampy.self()))
    await beampy.sleep(0.05)
    T.p("children", await Task.Supervisor.children(sup))
    try:
        await Task.Supervisor.async_stream_nolink(sup, ["slow"], work, timeout=0.1).to_list()
        T.say("stream returned")
    except beampy.Exit as e:
        T.p("timeout_exit", e.reason)
    await beampy.sleep(0.05)
    T.p("sup_alive", beampy.is_alive(sup))
    T.p("children_end", await Task.Supervisor.children(sup))
    T.flush()
    T.done()
