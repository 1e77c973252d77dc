"""505 sup_rest_for_one: port of 505_sup_rest_for_one.exs (rule stated there).

The three strategy scenarios share their program: tests/conformance/support/strategy.py.
"""

from __future__ import annotations

from tests.conformance.support.strategy import crash_one_child
from tests.conformance.support.trace import Trace


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    await crash_one_child(T, "rest_for_one", ["a", "b", "c", "d"])
