"""028 shutdown_reason_is_abnormal: port of 028_shutdown_reason_is_abnormal.exs (rule there).

At the process layer "shutdown" and ("shutdown", term) kill non-trapping linked processes.
"""

from __future__ import annotations

import math
from typing import Any

import beampy
from tests.conformance.support.trace import Trace


async def exit_with(reason: Any) -> None:
    raise beampy.Exit(reason)


async def parent_body(reason: Any) -> None:
    beampy.spawn_link(exit_with, reason)
    await beampy.sleep(math.inf)


async def parent_dies_with(T: Trace, reason: Any, label: str) -> Any:  # noqa: N803 - as Elixir
    parent = T.name(beampy.spawn(parent_body, reason), label)
    return await T.wait_down(parent, 1.0)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    T.p("parent1_down", await parent_dies_with(T, "shutdown", "parent1"))
    T.p("parent2_down", await parent_dies_with(T, ("shutdown", "bye"), "parent2"))
    T.done()
