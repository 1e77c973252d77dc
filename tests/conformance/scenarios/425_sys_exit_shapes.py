"""425 sys_exit_shapes: port of 425_sys_exit_shapes.exs (the rule is stated there).

beampy's ``(reason, ("sys", fun, (args...)))`` renders as ``{reason, {:sys, fun, [args]}}``
with the timeout in milliseconds (support/trace.py, ``MFA_MODULES``).
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn

import beampy
from beampy import sys
from tests.conformance.support.trace import Trace


async def caught(T: Trace, label: str, fn: Callable[[], Awaitable[Any]]) -> None:  # noqa: N803
    try:
        T.p(label + "_returned", await fn())
    except beampy.Exit as e:
        T.p(label, e.reason)


async def finish() -> None:
    return None


async def silent_body() -> None:
    await beampy.receive("never")


async def dies_body() -> NoReturn:
    await beampy.receive()
    raise beampy.Exit("gone")


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    dead = T.name(beampy.spawn(finish), "dead")
    await T.wait_down(dead)
    await caught(T, "get_state", lambda: sys.get_state(dead, 0.1))
    await caught(T, "replace_state", lambda: sys.replace_state(dead, lambda s: s, 0.1))
    await caught(T, "get_status", lambda: sys.get_status(dead, 0.1))
    await caught(T, "suspend", lambda: sys.suspend(dead, 0.1))
    await caught(T, "resume", lambda: sys.resume(dead, 0.1))
    await caught(T, "statistics", lambda: sys.statistics(dead, "get", 0.1))
    await caught(T, "trace", lambda: sys.trace(dead, True, 0.1))
    await caught(T, "change_code", lambda: sys.change_code(dead, "mod", 1, "extra", 0.1))
    await caught(T, "terminate", lambda: sys.terminate(dead, "normal", math.inf))
    await caught(T, "by_name", lambda: sys.get_state("nobody", 0.1))
    silent = T.name(beampy.spawn(silent_body), "silent")
    await caught(T, "silent", lambda: sys.get_state(silent, 0.05))
    dies = T.name(beampy.spawn(dies_body), "dies")
    await caught(T, "dies", lambda: sys.get_status(dies, 1.0))
    await caught(T, "self", lambda: sys.get_state(beampy.self(), 0.1))
    beampy.exit(silent, "kill")
    T.flush()
    T.done()
