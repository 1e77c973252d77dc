"""Test helpers in the spirit of ExUnit (docs/testing.md is the guide).

``assert_receive`` / ``refute_receive`` (waiting, 100 ms by default),
``assert_received`` / ``refute_received`` (no waiting), and ``process_test``,
which runs an ``async def`` test as a process of a fresh runtime on trio's
autojump ``MockClock``::

    import beampy
    from beampy.testing import assert_receive, process_test

    @process_test
    async def test_echo():
        beampy.send(beampy.self(), "ping")
        assert await assert_receive("ping") == "ping"

``start_supervised`` / ``stop_supervised`` start and stop children of a
supervisor owned by the test, stopped in reverse start order when the test ends;
``start_supervised_or_raise`` / ``stop_supervised_or_raise`` are ExUnit's
``start_supervised!`` / ``stop_supervised!``.
"""

from ._otp._testing import assert_receive as assert_receive
from ._otp._testing import assert_received as assert_received
from ._otp._testing import process_test as process_test
from ._otp._testing import refute_receive as refute_receive
from ._otp._testing import refute_received as refute_received
from ._otp._testing import start_supervised as start_supervised
from ._otp._testing import start_supervised_or_raise as start_supervised_or_raise
from ._otp._testing import stop_supervised as stop_supervised
from ._otp._testing import stop_supervised_or_raise as stop_supervised_or_raise

__all__ = [
    "assert_receive",
    "assert_received",
    "process_test",
    "refute_receive",
    "refute_received",
    "start_supervised",
    "start_supervised_or_raise",
    "stop_supervised",
    "stop_supervised_or_raise",
]
