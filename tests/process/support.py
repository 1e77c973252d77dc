"""Helpers shared by the process-layer tests (imported as ``tests.process.support``).

Every test runs on trio's autojump ``MockClock``: a receive timeout or a sleep costs no real
time, and virtual time only moves when every trio task (so every beampy process) is blocked.
That makes ``await settle()`` a deterministic "let every other process run until it waits".
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import trio
import trio.testing

import beampy
from beampy import ANY, DownMessage, Pid, Ref

T = TypeVar("T")

#: Long enough for anything in these tests; only ever elapses on the mock clock.
LONG = 1000.0


def run(main: Callable[..., Coroutine[Any, Any, T]], *args: Any, **options: Any) -> T:
    """``beampy.run`` on a fresh autojump MockClock."""
    return beampy.run(main, *args, clock=trio.testing.MockClock(autojump_threshold=0), **options)


def drain() -> list[Any]:
    """Takes every message left in the calling process's mailbox, oldest first."""
    out: list[Any] = []
    while True:
        try:
            out.append(beampy.receive_nowait())
        except trio.WouldBlock:
            return out


async def settle(seconds: float = 1.0) -> None:
    """Lets every other process run until all of them wait (virtual time passes meanwhile)."""
    await beampy.sleep(seconds)


async def down_reason(ref: Ref, timeout: float = LONG) -> Any:
    """The reason of the DOWN message for ``ref`` (waits for it)."""
    msg = await beampy.receive(DownMessage(ref, ANY, ANY), timeout=timeout)
    return msg.reason


async def wait_down(pid: Pid) -> Any:
    """Monitors ``pid`` and returns the reason it exits with."""
    return await down_reason(beampy.monitor(pid))


async def block_forever() -> None:
    """A process body that waits for a message that never comes."""
    await beampy.receive("never-sent")


async def exit_with(reason: Any) -> None:
    """A process body that exits at once with ``reason``."""
    raise beampy.Exit(reason)


async def exit_later(reason: Any, delay: float = 1.0) -> None:
    """A process body that exits with ``reason`` after ``delay`` seconds."""
    await beampy.sleep(delay)
    raise beampy.Exit(reason)


async def trapper_reporting(to: Pid) -> None:
    """Traps exits and forwards every message it gets to ``to`` as ("got", msg)."""
    beampy.flag("trap_exit", True)
    while True:
        beampy.send(to, ("got", await beampy.receive()))


async def echo() -> None:
    """Replies ("echo", x) to every (sender, x); stops on "stop"."""
    while True:
        msg = await beampy.receive()
        if msg == "stop":
            return
        sender, payload = msg
        beampy.send(sender, ("echo", payload))
