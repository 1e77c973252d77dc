"""Helpers shared by the beampy workloads."""

from __future__ import annotations

import sys
from collections.abc import Callable, MutableMapping
from typing import Any

import structlog

from beampy import yield_

IMPL = "beampy"


def _drop_supervisor_reports(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> Any:
    """Drops the supervisors' reports, as Elixir's Logger drops them by default.

    OTP's supervisor reports (child terminated, start failed, intensity reached) are logged
    in the ``[otp, sasl]`` domain, which Elixir's Logger filters out unless
    ``handle_sasl_reports: true``: the Elixir workloads print none of them. Rendering one per
    restart costs beampy about 50 µs (structlog's console renderer), so without this the two
    sides would not do the same work. Every other event is kept.
    """
    if str(event.get("event", "")).startswith("supervisor_"):
        raise structlog.DropEvent
    return event


# stdout carries only the JSON lines; beampy's structlog events (e.g. `long_schedule` when the
# driver spawns a million processes without a trap) go to stderr, which the runner keeps.
# Configured once, as an application does at start-up, and as structlog's docs advise for
# production: cache_logger_on_first_use, or each report re-assembles the logger (about 3 µs,
# a tenth of a supervisor restart).
structlog.configure(
    processors=[_drop_supervisor_reports, *structlog.get_config()["processors"]],
    logger_factory=structlog.PrintLoggerFactory(sys.stderr),
    cache_logger_on_first_use=True,
)


class Counter:
    """A mutable int shared by the processes of one run (started / still alive)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


async def wait_until(pred: Callable[[], bool]) -> None:
    """Go to the back of the run queue until ``pred()`` holds."""
    while not pred():
        await yield_()
