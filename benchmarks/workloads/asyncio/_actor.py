"""asyncio peer: one task per actor, an ``asyncio.Queue`` per actor as its mailbox.

The same scripts serve the ``uvloop`` peer: ``run(main, impl)`` picks the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

Mailbox = asyncio.Queue[Any]


class Counter:
    """A mutable int shared by the actors of one run (started / still alive)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


async def wait_until(pred: Callable[[], bool]) -> None:
    """Yield to the other tasks until ``pred()`` holds."""
    while not pred():
        await asyncio.sleep(0)


def run(main: Callable[..., Coroutine[Any, Any, None]], impl: str, *args: Any) -> None:
    """Run ``main(impl, *args)`` on the default asyncio loop or on uvloop."""
    if impl == "uvloop":
        import uvloop

        uvloop.run(main(impl, *args))
    else:
        asyncio.run(main(impl, *args))
