"""007 spawn_monitor_down: port of 007_spawn_monitor_down.exs (the rule is stated there).

spawn_monitor is atomic: even an instantly exiting process reports its real reason.
Elixir's ``exit(r)`` is ``raise beampy.Exit(r)``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace


async def returns() -> str:
    return "returns"


async def exits_quick() -> None:
    raise beampy.Exit("quick")


async def watch(
    T: Trace,  # noqa: N803 - T mirrors the Elixir helper module
    body: Callable[[], Coroutine[Any, Any, Any]],
    pid_label: str,
    ref_label: str,
) -> None:
    pid, ref = beampy.spawn_monitor(body)
    T.name(pid, pid_label)
    T.name(ref, ref_label)
    T.p("down", await beampy.receive(DownMessage(ref, ANY, ANY)))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    await watch(T, returns, "child", "mref")
    await watch(T, exits_quick, "child2", "mref2")
    T.done()
