"""504 sup_one_for_all: port of 504_sup_one_for_all.exs (rule stated there).

The three strategy scenarios share their program: tests/conformance/support/strategy.py.
"""

from __future__ import annotations

from tests.conformance.support.strategy import crash_one_child
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    await crash_one_child(T, "one_for_all", ["a", "b", "c"])
