"""013 link_abnormal_kills: port of 013_link_abnormal_kills.exs (the rule is stated there).

An abnormal exit crosses a link both ways and kills a non-trapping peer with the same reason.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Coroutine
from typing import Any

import beampy
from beampy import ANY, DownMessage
from tests.conformance.support.trace import Trace

Body = Callable[[], Coroutine[Any, Any, Any]]


async def crash_on_go() -> None:
    await beampy.receive("go")
    raise beampy.Exit("boom")


async def crash_on_die() -> None:
    await beampy.receive("die")
    raise beampy.Exit("boom")


async def sleep_forever() -> None:
    await beampy.sleep(math.inf)


async def parent_body(main: beampy.Pid, kid_body: Body, rest: Body) -> None:
    beampy.send(main, ("kid", beampy.spawn_link(kid_body)))
    await rest()


async def family(
    T: Trace,  # noqa: N803 - T mirrors the Elixir helper module
    kid_body: Body,
    rest: Body,
    parent_label: str,
    kid_label: str,
) -> tuple[beampy.Pid, beampy.Ref, beampy.Pid, beampy.Ref]:
    """A parent that spawn_links ``kid_body``, reports the kid, then runs ``rest``."""
    parent = T.name(beampy.spawn(parent_body, beampy.self(), kid_body, rest), parent_label)
    _, kid = await beampy.receive(("kid", ANY))
    T.name(kid, kid_label)
    return parent, beampy.monitor(parent), kid, beampy.monitor(kid)


async def down_or(T: Trace, mref: beampy.Ref, label: str, fallback: str) -> None:  # noqa: N803
    try:
        down = await beampy.receive(DownMessage(mref, ANY, ANY), timeout=1.0)
    except beampy.ReceiveTimeout:
        T.say(fallback)
    else:
        T.p(label, down.reason)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    # direction 1: the child crashes, the parent follows
    _, pref, kid, kref = await family(T, crash_on_go, sleep_forever, "parent", "child")
    beampy.send(kid, "go")
    await down_or(T, kref, "child_down", "child_survived")
    await down_or(T, pref, "parent_down", "parent_survived")

    # direction 2: the parent crashes, the child follows
    parent2, pref2, _, kref2 = await family(T, sleep_forever, crash_on_die, "parent2", "child2")
    beampy.send(parent2, "die")
    await down_or(T, pref2, "parent2_down", "parent2_survived")
    await down_or(T, kref2, "child2_down", "child2_survived")
    T.done()
