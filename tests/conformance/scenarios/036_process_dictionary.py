"""036 process_dictionary: port of 036_process_dictionary.exs (the rule is stated there).

``Process.put/get/delete`` are ``beampy.put/get/delete``; ``get(key, default)``.
"""

from __future__ import annotations

import beampy
from beampy import ANY
from tests.conformance.support.trace import Trace


async def child_body(main: beampy.Pid) -> None:
    seen = beampy.get("k")
    beampy.put("k", "from_child")
    beampy.send(main, ("child_get", seen))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    T.p("put_new", beampy.put("k", 1))
    T.p("put_again", beampy.put("k", 2))
    T.p("get", beampy.get("k"))
    T.p("get_missing", beampy.get("missing"))
    T.p("get_default", beampy.get("missing", "dflt"))

    beampy.spawn(child_body, beampy.self())
    _, v = await beampy.receive(("child_get", ANY))
    T.p("child_get", v)
    T.p("after_child", beampy.get("k"))
    T.p("delete", beampy.delete("k"))
    T.p("delete_again", beampy.delete("k"))
    T.p("get_deleted", beampy.get("k"))
    T.done()
