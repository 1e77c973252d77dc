"""Bad arguments get a typed error at the call, before anything happens."""

from __future__ import annotations

from typing import Any

import pytest

import beampy
from tests.process.support import block_forever, run


def test_receive_with_a_huge_int_timeout_raises_value_error() -> None:
    async def main() -> tuple[str, str]:
        try:
            await beampy.receive(timeout=2**2000)
        except Exception as e:
            return type(e).__name__, str(e)
        return "no error", ""

    kind, message = run(main)
    assert kind == "ValueError", message


def test_run_with_a_clock_that_is_not_a_clock_raises_type_error_naming_it() -> None:
    async def main() -> None:
        pass

    not_a_clock: Any = object()
    with pytest.raises(TypeError, match="clock"):
        beampy.run(main, clock=not_a_clock)


@pytest.mark.parametrize("options", [{"flush": "yes"}, {"info": 1}], ids=repr)
def test_demonitor_with_a_non_bool_option_raises_type_error(options: dict[str, Any]) -> None:
    async def main() -> str:
        ref = beampy.monitor(beampy.spawn(block_forever))
        try:
            beampy.demonitor(ref, **options)
        except TypeError:
            return "TypeError"
        return "no error"

    assert run(main) == "TypeError"
