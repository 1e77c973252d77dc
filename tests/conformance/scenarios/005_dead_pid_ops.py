"""005 dead_pid_ops: port of 005_dead_pid_ops.exs (the rule is stated there).

send to a dead pid is dropped and returns the message; exit/2 to it returns True.
"""

from __future__ import annotations

import beampy
from tests.conformance.support.trace import Trace


async def returns_at_once() -> None:
    return None


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    gone = T.name(beampy.spawn(returns_at_once), "dead")
    T.p("down", await T.wait_down(gone))
    T.p("send_result", beampy.send(gone, "hi"))
    T.p("kill_dead", beampy.exit(gone, "kill"))
    T.p("custom_dead", beampy.exit(gone, "custom"))
    T.done()
