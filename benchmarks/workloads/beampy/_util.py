"""Helpers shared by the beampy workloads."""

from __future__ import annotations

import sys
from collections.abc import Callable

import structlog

from beampy import yield_

IMPL = "beampy"

# stdout carries only the JSON lines; beampy's structlog events (e.g. `long_schedule` when the
# driver spawns a million processes without a trap) go to stderr, which the runner keeps.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))


class Counter:
    """A mutable int shared by the processes of one run (started / still alive)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


async def wait_until(pred: Callable[[], bool]) -> None:
    """Go to the back of the run queue until ``pred()`` holds."""
    while not pred():
        await yield_()
