"""042 spawn_link_instant_crash_trapped: port of 042_spawn_link_instant_crash_trapped.exs.

spawn_link is atomic: a trapping parent gets the real reason of a child that dies at once.
``raise "boom"`` is ``raise RuntimeError("boom")``; the exception object is the reason and
renders as ``{%RuntimeError{message: "boom"}, :stacktrace}``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import beampy
from beampy import ANY, ExitMessage
from tests.conformance.support.trace import Trace


async def exits_instantly() -> None:
    raise beampy.Exit("instant")


async def raises() -> None:
    raise RuntimeError("boom")


async def kills_itself() -> None:
    beampy.exit(beampy.self(), "kill")


async def linked_death(
    T: Trace,  # noqa: N803 - T mirrors the Elixir helper module
    label: str,
    body: Callable[[], Coroutine[Any, Any, Any]],
    name: str,
) -> None:
    kid = T.name(beampy.spawn_link(body), name)
    try:
        m = await beampy.receive(ExitMessage(kid, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say(label + " nothing")
    else:
        T.p(label, m)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    beampy.flag("trap_exit", True)
    await linked_death(T, "exit", exits_instantly, "c1")
    await linked_death(T, "raise", raises, "c2")
    await linked_death(T, "self_kill", kills_itself, "c3")
    T.flush()
    T.done()
