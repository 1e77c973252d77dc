"""025 name_errors: port of 025_name_errors.exs (the rule is stated there).

Elixir's ArgumentError is ValueError in beampy; ``err.__struct__`` is
``exception_module(err)`` (the mapping table lives in support/trace.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import beampy
from tests.conformance.support.trace import Trace, exception_module


def try_it(T: Trace, what: str, fun: Callable[[], Any]) -> None:  # noqa: N803 - T as in Elixir
    """Runs ``fun``; prints "<what> returned <value>" or "<what> raised <ExceptionModule>"."""
    try:
        value = fun()
    except Exception as err:
        T.p(what + " raised", exception_module(err))
    else:
        T.p(what + " returned", value)


async def sleep_forever() -> None:
    await beampy.sleep(math.inf)


async def returns_at_once() -> None:
    return None


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    try_it(T, "send_unregistered", lambda: beampy.send("nobody_here", "hi"))

    a = T.name(beampy.spawn(sleep_forever), "a")
    b = T.name(beampy.spawn(sleep_forever), "b")
    assert beampy.register(a, "taken") is True
    try_it(T, "register_taken", lambda: beampy.register(b, "taken"))
    try_it(T, "register_second_name", lambda: beampy.register(a, "another"))

    dead = beampy.spawn(returns_at_once)
    await T.wait_down(dead)
    try_it(T, "register_dead", lambda: beampy.register(dead, "ghost"))
    try_it(T, "unregister_unknown", lambda: beampy.unregister("never_registered"))
    T.p("whereis_unknown", beampy.whereis("never_registered"))
    T.done()
