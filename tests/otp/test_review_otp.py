"""Regression tests from an adversarial review of the OTP layer (issue 7).

Each test pins a rule the BEAM (OTP 25 / Elixir 1.14) follows and beampy once did not.
"""

from __future__ import annotations

from typing import Any

import trio
import trio.testing

import beampy
from beampy import GenServer
from beampy import sys as bsys
from beampy.gen_server import NoReply, Ok, Reply


def _run(main: Any) -> Any:
    return beampy.run(main, clock=trio.testing.MockClock(autojump_threshold=0))


class _Timed(GenServer):
    """Starts with a 0.2 s timeout; records when the timeout fires."""

    def init(self, arg: Any) -> Ok:
        return Ok([], 0.2)

    def handle_call(self, request: Any, from_: Any, fired: list[float]) -> Any:
        return Reply(fired, fired)

    def handle_info(self, msg: Any, fired: list[float]) -> Any:
        if msg == "timeout":
            return NoReply([*fired, trio.current_time()])
        return NoReply(fired)


def test_a_system_message_keeps_the_pending_timeout() -> None:
    # gen_server's system_continue loops with the same Time: a sys call between two
    # messages restarts the timeout, it does not cancel it (scenario 450)
    async def main() -> Any:
        _, pid = await GenServer.start_link(_Timed, None)
        t0 = trio.current_time()
        await beampy.sleep(0.1)
        assert await bsys.get_state(pid) == []
        await beampy.sleep(0.5)
        fired = await GenServer.call(pid, "fired")
        return [round(t - t0, 6) for t in fired]

    assert _run(main) == [0.3]


def test_suspend_and_resume_keep_the_pending_timeout() -> None:
    async def main() -> Any:
        _, pid = await GenServer.start_link(_Timed, None)
        await bsys.suspend(pid)
        await beampy.sleep(1.0)
        await bsys.resume(pid)
        await beampy.sleep(0.5)
        return len(await GenServer.call(pid, "fired"))

    assert _run(main) == 1
