"""gevent peer: one greenlet per actor, a ``gevent.queue.Queue`` per actor as its mailbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gevent  # type: ignore[import-untyped]
import gevent.queue  # type: ignore[import-untyped]

IMPL = "gevent"

Mailbox = gevent.queue.Queue


def mailbox() -> Any:
    """A fresh unbounded mailbox."""
    return gevent.queue.Queue()


class Counter:
    """A mutable int shared by the actors of one run (started / still alive)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


def wait_until(pred: Callable[[], bool]) -> None:
    """Yield to the other greenlets until ``pred()`` holds."""
    while not pred():
        gevent.sleep(0)
