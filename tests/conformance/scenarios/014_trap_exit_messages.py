"""014 trap_exit_messages: port of 014_trap_exit_messages.exs (the rule is stated there).

A trapping process gets ``ExitMessage(pid, reason)`` ({:EXIT, pid, reason}) for abnormal and
normal exits of linked processes; ``flag("trap_exit", v)`` returns the previous value.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import beampy
from beampy import ANY, ExitMessage
from tests.conformance.support.trace import Trace


async def exits_boom() -> None:
    raise beampy.Exit("boom")


async def finishes() -> str:
    return "finished"


async def linked_exit(
    T: Trace,  # noqa: N803 - T mirrors the Elixir helper module
    body: Callable[[], Coroutine[Any, Any, Any]],
    label: str,
) -> None:
    kid = T.name(beampy.spawn_link(body), label)
    T.p("recv", await beampy.receive(ExitMessage(kid, ANY)))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    T.p("old_flag", beampy.flag("trap_exit", True))
    await linked_exit(T, exits_boom, "c1")
    await linked_exit(T, finishes, "c2")
    T.p("flag_again", beampy.flag("trap_exit", True))
    T.done()
