"""034 monitor_self: port of 034_monitor_self.exs (the rule is stated there).

``monitor(self())`` returns a Ref but creates no monitor.
"""

from __future__ import annotations

import beampy
from tests.conformance.support.trace import Trace, process_info


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    mref = beampy.monitor(me)
    T.p("is_reference", isinstance(mref, beampy.Ref))
    T.p("monitors", process_info(me, "monitors"))
    T.p("demonitor_info", beampy.demonitor(mref, info=True))
    await beampy.sleep(0.05)
    T.flush()
    T.done()
