"""Regression tests from an adversarial review of the OTP layer (issue 7).

Each test pins a rule the BEAM (OTP 25 / Elixir 1.14) follows and beampy once did not.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
import structlog
import trio
import trio.testing

import beampy
from beampy import GenServer
from beampy import sys as bsys
from beampy.gen_server import NoReply, Ok, Reply
from beampy.testing import process_test


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


class _Slow(GenServer):
    def init(self, arg: Any) -> Ok:
        return Ok(arg)

    async def handle_call(self, request: Any, from_: Any, state: Any) -> Any:
        await beampy.sleep(2)
        return Reply("late", state)


def test_a_call_cancelled_by_trio_leaves_no_monitor_and_drops_the_late_reply() -> None:
    async def main() -> Any:
        _, pid = await GenServer.start(_Slow, None)
        with trio.move_on_after(1) as scope:
            await GenServer.call(pid, "x", math.inf)
        assert scope.cancelled_caught
        monitors = beampy.info(beampy.self(), "monitors")
        await beampy.sleep(3)
        messages = beampy.info(beampy.self(), "messages")
        await GenServer.stop(pid)
        return monitors, messages

    assert _run(main) == ([], [])


class _SlowInit(GenServer):
    async def init(self, arg: Any) -> Ok:
        await beampy.sleep(2)
        return Ok(arg)


class _SlowTerminate(GenServer):
    def init(self, arg: Any) -> Ok:
        return Ok(arg)

    async def terminate(self, reason: Any, state: Any) -> None:
        await beampy.sleep(2)


def test_a_start_cancelled_by_trio_leaves_nothing_behind() -> None:
    # a start abandoned by a cancel scope ends as one that timed out: the child is
    # killed, its name freed, and no link, monitor, ack or EXIT is left
    async def main() -> Any:
        beampy.flag("trap_exit", True)
        me = beampy.self()
        with trio.move_on_after(1):
            await GenServer.start_link(_SlowInit, None, name="slow")
        with trio.move_on_after(1):
            await GenServer.start(_SlowInit, None)
        now = (beampy.list() == [me], beampy.registered(), beampy.info(me, "links"))
        await beampy.sleep(3)
        return now, beampy.info(me, "monitors"), beampy.info(me, "messages")

    assert _run(main) == ((True, [], []), [], [])


def test_a_stop_cancelled_by_trio_leaves_no_monitor_or_down() -> None:
    async def main() -> Any:
        _, pid = await GenServer.start(_SlowTerminate, None)
        with trio.move_on_after(1):
            await GenServer.stop(pid)
        monitors = beampy.info(beampy.self(), "monitors")
        await beampy.sleep(3)
        return monitors, beampy.is_alive(pid), beampy.info(beampy.self(), "messages")

    assert _run(main) == ([], False, [])


class _Secret(GenServer):
    """format_status hides the state, or fails to, as the state says."""

    def init(self, how: str) -> Ok:
        return Ok({"how": how, "password": "hunter2"})

    def handle_cast(self, request: Any, state: Any) -> Any:
        raise ValueError("boom")

    def format_status(self, status: dict[str, Any]) -> Any:
        how = status["state"]["how"]
        if how == "not_a_dict":
            return ("state", "***")
        if how == "raises":
            raise RuntimeError("format_status failed")
        return self._later(status)

    async def _later(self, status: dict[str, Any]) -> dict[str, Any]:
        await trio.sleep(0)
        return {**status, "state": "***"}


def test_format_status_that_fails_never_shows_the_state() -> None:
    # gen:format_status: a format_status/1 that raises or returns no map leaves the
    # text "<module>:format_status/1 crashed" / "... did not return a map" in place
    # of the state, in get_status and in the termination report; an async one is awaited
    async def main() -> Any:
        shown = []
        for how in ("not_a_dict", "raises", "async"):
            _, pid = await GenServer.start(_Secret, how)
            status = await bsys.get_status(pid)
            shown.append(status[3][4][2])
            ref = beampy.monitor(pid)
            GenServer.cast(pid, "crash")
            await beampy.receive(beampy.DownMessage(ref, beampy.ANY, beampy.ANY))
        return shown

    with structlog.testing.capture_logs() as logs:
        shown = _run(main)
    module = f"{__name__}._Secret"
    texts = [f"{module}:format_status/1 did not return a map", f"{module}:format_status/1 crashed"]
    assert shown == [("data", [("State", t)]) for t in [*texts, "***"]]
    reports = [e for e in logs if e["event"] == "genserver_terminating"]
    assert [r["state"] for r in reports] == [*texts, "***"]
    assert all(repr(r["reason"]) == "ValueError('boom')" for r in reports)


class _DiesInInit(GenServer):
    def init(self, arg: Any) -> Ok:
        beampy.exit(beampy.self(), "kill")
        return Ok(arg)


def test_start_link_takes_the_exit_of_a_server_that_died_before_its_ack() -> None:
    # proc_lib:sync_start_link receives {'EXIT', Pid, Reason} as the answer (scenario 451)
    async def main() -> Any:
        beampy.flag("trap_exit", True)
        result = await GenServer.start_link(_DiesInInit, None)
        await beampy.sleep(0.05)
        return result, beampy.info(beampy.self(), "messages")

    assert _run(main) == (("error", "killed"), [])


def test_process_test_does_not_blame_a_link_for_an_exit_signal_sent_by_exit() -> None:
    # the body is ended by exit/2 from a process it is not linked to: the failure says so
    async def stopper(body: beampy.Pid) -> None:
        beampy.exit(body, "stop_it")

    @process_test
    async def test_body() -> None:
        beampy.spawn(stopper, beampy.self())
        await beampy.sleep(1)

    with pytest.raises(AssertionError, match="or a process called exit on it"):
        test_body()
