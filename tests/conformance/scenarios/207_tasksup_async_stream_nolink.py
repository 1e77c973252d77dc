"""207 tasksup_async_stream_nolink: port of 207_tasksup_async_stream_nolink.exs (the rule is
stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace


def work(x: Any) -> Any:
    if x == "bad":
        raise beampy.Exit("boom")
    return x


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link()
    r = await Task.Supervisor.async_stream_nolink(sup, [1, "bad", 3], work).to_list()
    T.p("nolink", r)
    T.p("consumer_alive", beampy.is_alive(beampy.self()))
    T.p(
        "linked_stream",
        await Task.Supervisor.async_stream(sup, [1, 2, 3], lambda x: x * 2).to_list(),
    )
    await beampy.sleep(0.02)
    T.flush()
    T.done()
