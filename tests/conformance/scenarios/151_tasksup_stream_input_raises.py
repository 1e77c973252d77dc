"""151 tasksup_stream_input_raises: port of 151_tasksup_stream_input_raises.exs (the rule is
stated there).

The ``Stream.map`` input that raises on 3 is a generator that raises ``ValueError``
(``ArgumentError``) where it would yield 3; ``Enum.to_list`` is ``to_list()``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import beampy
from beampy import Task
from tests.conformance.support.trace import Trace, exception_module


async def forever(_: int) -> None:
    await beampy.sleep(math.inf)


def raising_input() -> Iterator[int]:
    for x in (1, 2, 3):
        if x == 3:
            raise ValueError("input gone")
        yield x


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, sup = await Task.Supervisor.start_link()
    for kind in ("async_stream", "async_stream_nolink"):
        start = getattr(Task.Supervisor, kind)
        try:
            await start(sup, raising_input(), forever, max_concurrency=3).to_list()
        except ValueError as e:
            T.p("raised", exception_module(e))
        T.p("children", len(await Task.Supervisor.children(sup)))
    _, small = await Task.Supervisor.start_link(max_children=2)
    try:
        await Task.Supervisor.async_stream(small, range(1, 6), forever, max_concurrency=3).to_list()
    except RuntimeError as e:
        T.p("raised", exception_module(e))
    T.p("children", len(await Task.Supervisor.children(small)))
    T.flush()
    T.done()
