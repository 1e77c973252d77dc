"""150 tasksup_stream_take_children: port of 150_tasksup_stream_take_children.exs (the rule
is stated there).

``Enum.take(stream, 3)`` is an ``async for`` inside ``async with`` that stops after three
results (leaving the ``async with`` closes the stream).
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import DynamicSupervisor, Task
from tests.conformance.support.trace import Trace


async def work(n: int) -> int:
    await beampy.sleep(n % 3 * 0.03 + 0.03)
    return n


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link(max_children=4)
    for kind in ("async_stream", "async_stream_nolink"):
        for round_ in (1, 2):
            start = getattr(Task.Supervisor, kind)
            taken: list[Any] = []
            async with start(sup, range(1, 101), work, max_concurrency=4) as stream:
                async for result in stream:
                    taken.append(result)
                    if len(taken) == 3:
                        break
            T.p(f"{kind}_{round_}_taken", taken)
            T.p(f"{kind}_{round_}_children", await Task.Supervisor.children(sup))
            counts = await DynamicSupervisor.count_children(sup)
            T.p(f"{kind}_{round_}_active", counts["active"])
    await beampy.sleep(0.02)
    T.flush()
    T.done()
