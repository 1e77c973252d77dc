"""009 demonitor: port of 009_demonitor.exs (the rule is stated there).

``Process.demonitor(ref, [:info])`` is ``demonitor(ref, info=True)``, ``[:flush]`` is
``flush=True``.
"""

from __future__ import annotations

from typing import Any

import beampy
from tests.conformance.support.trace import Trace


async def wait_stop_then_exit(reason: Any) -> None:
    await beampy.receive("stop")
    raise beampy.Exit(reason)


def waiter(reason: Any) -> beampy.Pid:
    return beampy.spawn(wait_stop_then_exit, reason)


async def queued_down(
    T: Trace,  # noqa: N803 - T mirrors the Elixir helper module
    pid_label: str,
    ref_label: str,
) -> beampy.Ref:
    """A monitor ref whose DOWN (reason normal) is already in our mailbox."""
    pid = T.name(waiter("normal"), pid_label)
    mref = T.name(beampy.monitor(pid), ref_label)
    beampy.send(pid, "stop")
    # a second monitor tells us the process is gone; the pause lets the first DOWN land too
    await T.wait_down(pid)
    await beampy.sleep(0.05)
    return mref


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    live = T.name(waiter("boom"), "live")
    mref = beampy.monitor(live)
    T.p("live_info", beampy.demonitor(mref, info=True))
    beampy.send(live, "stop")
    await T.wait_down(live)
    await beampy.sleep(0.05)
    T.flush("after_live")

    mref1 = await queued_down(T, "child1", "mref1")
    T.p("demonitor_plain", beampy.demonitor(mref1))
    T.flush("leftover")

    mref2 = await queued_down(T, "child2", "mref2")
    T.p("demonitor_info", beampy.demonitor(mref2, info=True))
    T.flush("leftover_info")

    mref3 = await queued_down(T, "child3", "mref3")
    T.p("demonitor_flush", beampy.demonitor(mref3, flush=True))
    T.flush("after_flush")
    T.done()
