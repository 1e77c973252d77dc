"""024 register_whereis: port of 024_register_whereis.exs (the rule is stated there).

register/whereis/send-by-name/unregister; a name is freed when its process exits.
"""

from __future__ import annotations

import beampy
from tests.conformance.support.trace import Trace


async def relay(main: beampy.Pid) -> None:
    while (m := await beampy.receive()) != "stop":
        beampy.send(main, ("got", m))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    child = T.name(beampy.spawn(relay, beampy.self()), "child")
    T.p("register", beampy.register(child, "svc"))
    T.p("whereis", beampy.whereis("svc"))
    beampy.send("svc", "hello")
    T.p("reply", await beampy.receive())
    T.p("unregister", beampy.unregister("svc"))
    T.p("whereis_after_unregister", beampy.whereis("svc"))

    assert beampy.register(child, "svc2") is True
    T.p("whereis_svc2", beampy.whereis("svc2"))
    beampy.send(child, "stop")
    await T.wait_down(child)
    T.p("whereis_after_exit", beampy.whereis("svc2"))
    T.done()
