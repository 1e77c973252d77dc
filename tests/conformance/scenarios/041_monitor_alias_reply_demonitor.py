"""041 monitor_alias_reply_demonitor: port of 041_monitor_alias_reply_demonitor.exs (rule there).

``:erlang.monitor(:process, pid, [{:alias, :reply_demonitor}])`` is
``beampy.monitor(pid, alias="reply_demonitor")``.
"""

from __future__ import annotations

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace


async def server() -> None:
    _, reply_to = await beampy.receive(("req", ANY))
    beampy.send(reply_to, "reply1")
    beampy.send(reply_to, "reply2")
    await beampy.receive("stop")
    raise beampy.Exit("bye")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    s = T.name(beampy.spawn(server), "server")
    mref = T.name(beampy.monitor(s, alias="reply_demonitor"), "mref")
    beampy.send(s, ("req", mref))
    try:
        m = await beampy.receive("reply1", timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say("no_reply")
    else:
        T.p("reply", m)
    await beampy.sleep(0.05)
    T.flush()
    T.p("demonitor_info", beampy.demonitor(mref, info=True))
    beampy.send(s, "stop")
    T.p("server_down", await T.wait_down(s))
    await beampy.sleep(0.05)
    T.flush("after_exit")
    T.done()
