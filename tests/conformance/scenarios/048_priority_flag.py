"""048 priority_flag: port of 048_priority_flag.exs (the rule is stated there).

``:erlang.spawn_opt(fun, [priority: :high])`` is ``beampy.spawn(fn, priority="high")``; an
invalid priority raises ValueError (Elixir: ArgumentError, see the table in support/trace.py).
"""

from __future__ import annotations

from typing import Any

import beampy
from tests.conformance.support.trace import Trace, exception_module, process_info


async def wait_stop() -> None:
    await beampy.receive("stop")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    T.p("old", beampy.flag("priority", "high"))
    T.p("old", beampy.flag("priority", "low"))
    T.p("info", process_info(me, "priority"))
    T.p("old", beampy.flag("priority", "normal"))

    pid = beampy.spawn(wait_stop, priority="high")
    T.p("spawned", process_info(pid, "priority"))
    beampy.send(pid, "stop")

    unknown: Any = "urgent"
    try:
        value = beampy.flag("priority", unknown)
    except Exception as err:
        T.p("invalid raised", exception_module(err))
    else:
        T.p("invalid returned", value)
    T.done()
