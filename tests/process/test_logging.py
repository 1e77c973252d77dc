"""structlog events: one ``process_crashed`` per crash, none for quiet exits or kills, and one
``long_schedule`` per process that holds its carrier too long."""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from typing import Any

import pytest
import structlog
import trio

import beampy
from beampy import Pid
from tests.process.support import block_forever, down_reason, exit_with, run, settle


def _events(logs: list[MutableMapping[str, Any]], name: str) -> list[MutableMapping[str, Any]]:
    return [e for e in logs if e["event"] == name]


def _busy(seconds: float) -> None:
    """Holds the CPU without reaching a beampy operation (real time: the one place it is used)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


async def _crash_registered(name: str) -> None:
    beampy.register(beampy.self(), name)
    await beampy.sleep(1)
    raise ZeroDivisionError("division by zero")


def test_crash_logs_exactly_one_process_crashed_event() -> None:
    async def main() -> tuple[Pid, Any]:
        pid, ref = beampy.spawn_monitor(_crash_registered, "crasher")
        return pid, await down_reason(ref)

    with structlog.testing.capture_logs() as logs:
        pid, reason = run(main)
    crashes = _events(logs, "process_crashed")
    assert len(crashes) == 1
    event = crashes[0]
    assert event["log_level"] == "error"
    assert event["pid"] == repr(pid)
    assert event["registered_name"] == "crasher"
    assert event["reason"] is reason
    assert isinstance(reason, ZeroDivisionError)
    assert event["exc_info"] is reason
    assert event["initial_call"] == f"{__name__}._crash_registered"


def test_crash_of_unregistered_process_logs_registered_name_none() -> None:
    async def crasher() -> None:
        raise KeyError("k")

    async def main() -> Pid:
        pid, ref = beampy.spawn_monitor(crasher)
        await down_reason(ref)
        return pid

    with structlog.testing.capture_logs() as logs:
        pid = run(main)
    crashes = _events(logs, "process_crashed")
    assert [(e["pid"], e["registered_name"], type(e["reason"])) for e in crashes] == [
        (repr(pid), None, KeyError)
    ]


def test_crash_in_a_hosted_process_logs_one_event() -> None:
    async def crasher() -> None:
        await trio.sleep(1)
        raise RuntimeError("boom")

    async def main() -> Pid:
        pid, ref = beampy.spawn_monitor(crasher)
        await down_reason(ref)
        return pid

    with structlog.testing.capture_logs() as logs:
        pid = run(main)
    crashes = _events(logs, "process_crashed")
    assert [(e["pid"], str(e["reason"])) for e in crashes] == [(repr(pid), "boom")]


@pytest.mark.parametrize("reason", ["normal", "shutdown", ("shutdown", "bye")])
def test_quiet_exit_reasons_log_nothing(reason: Any) -> None:
    async def main() -> Any:
        _, ref = beampy.spawn_monitor(exit_with, reason)
        return await down_reason(ref)

    with structlog.testing.capture_logs() as logs:
        assert run(main) == reason
    assert logs == []


def test_returning_logs_nothing() -> None:
    async def main() -> Any:
        _, ref = beampy.spawn_monitor(settle, 0.1)
        return await down_reason(ref)

    with structlog.testing.capture_logs() as logs:
        assert run(main) == "normal"
    assert logs == []


@pytest.mark.parametrize("signal", ["kill", "boom", ("shutdown", 1)])
def test_killed_by_exit_signal_logs_nothing(signal: Any) -> None:
    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(block_forever)
        await settle()
        beampy.exit(pid, signal)
        return await down_reason(ref)

    with structlog.testing.capture_logs() as logs:
        run(main)
    assert logs == []


def test_exit_self_kill_logs_nothing() -> None:
    async def suicide() -> None:
        beampy.exit(beampy.self(), "kill")

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(suicide)
        return await down_reason(ref)

    with structlog.testing.capture_logs() as logs:
        assert run(main) == "killed"
    assert logs == []


def test_linked_processes_killed_by_a_crash_are_not_reported() -> None:
    async def crasher() -> None:
        await beampy.sleep(1)
        raise ValueError("only me")

    async def peer() -> None:
        beampy.spawn_link(crasher)
        await block_forever()

    async def main() -> list[Any]:
        refs = [beampy.spawn_monitor(peer)[1] for _ in range(3)]
        return [type(await down_reason(r)) for r in refs]

    with structlog.testing.capture_logs() as logs:
        assert run(main) == [ValueError, ValueError, ValueError]
    crashes = _events(logs, "process_crashed")
    assert len(crashes) == 3  # the three crashers, not their three peers
    assert len({e["pid"] for e in crashes}) == 3


def test_processes_killed_at_runtime_shutdown_are_not_reported() -> None:
    async def main() -> str:
        for _ in range(3):
            beampy.spawn(block_forever)
        await settle()
        return "done"

    with structlog.testing.capture_logs() as logs:
        assert run(main) == "done"
    assert logs == []


# -- long_schedule ---------------------------------------------------------------------
#
# The rule tests hold the CPU for 30 ms against a 10 ms threshold;
# test_long_schedule_reports_steps_just_over_the_threshold checks the precision itself.

THRESHOLD = 0.01
HOG = 0.03


def test_long_schedule_reported_once_for_a_process_holding_the_scheduler() -> None:
    async def hog() -> None:
        beampy.register(beampy.self(), "hog")
        _busy(HOG)
        await beampy.yield_()
        _busy(HOG)
        await beampy.receive("never", timeout=1)

    async def main() -> Pid:
        pid = beampy.spawn(hog)
        await beampy.sleep(0.5)
        return pid

    with structlog.testing.capture_logs() as logs:
        pid = run(main, long_schedule=THRESHOLD)
    longs = [e for e in _events(logs, "long_schedule") if e["pid"] == repr(pid)]
    assert len(longs) == 1
    event = longs[0]
    assert event["log_level"] == "warning"
    assert event["pid"] == repr(pid)
    assert event["registered_name"] == "hog"
    assert event["threshold"] == THRESHOLD
    assert event["seconds"] > THRESHOLD


def test_long_schedule_reported_for_a_step_that_ends_the_process() -> None:
    async def hog_then_exit() -> None:
        _busy(HOG)

    async def main() -> tuple[Pid, Any]:
        pid, ref = beampy.spawn_monitor(hog_then_exit)
        return pid, await down_reason(ref)

    with structlog.testing.capture_logs() as logs:
        pid, reason = run(main, long_schedule=THRESHOLD)
    assert reason == "normal"
    assert [e["pid"] for e in _events(logs, "long_schedule")].count(repr(pid)) == 1


def test_long_schedule_not_reported_below_the_threshold() -> None:
    async def quick() -> None:
        for _ in range(10):
            await beampy.yield_()

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(quick)
        return await down_reason(ref)

    with structlog.testing.capture_logs() as logs:
        assert run(main, long_schedule=1.0) == "normal"
    assert _events(logs, "long_schedule") == []


def test_long_schedule_reports_steps_just_over_the_threshold() -> None:
    # Like the BEAM's long_schedule monitor, every step longer than the threshold is reported;
    # here five processes each hold the CPU for 1.5x the threshold in one step.
    async def hog() -> None:
        _busy(THRESHOLD * 1.5)
        await beampy.receive("never", timeout=1)

    async def main() -> list[Pid]:
        pids = []
        for _ in range(5):
            pids.append(beampy.spawn(hog))
            await beampy.sleep(0.1)  # the hog's step is over (virtual time; it then waits)
        return pids

    with structlog.testing.capture_logs() as logs:
        pids = run(main, long_schedule=THRESHOLD)
    reported = [e["pid"] for e in _events(logs, "long_schedule")]
    assert [reported.count(repr(pid)) for pid in pids] == [1, 1, 1, 1, 1]


def test_long_schedule_never_blames_a_process_for_other_processes_short_steps() -> None:
    # Hundreds of 0.2 ms steps, one after the other: no step is long, so any long_schedule event
    # must name a process that really had a step over the threshold (each process measures its
    # own steps, so a step stretched by the OS would still be accounted for).
    longest: dict[str, float] = {}

    async def worker(steps: int) -> None:
        me = repr(beampy.self())
        for _ in range(steps):
            start = time.perf_counter()
            _busy(0.0002)
            longest[me] = max(longest.get(me, 0.0), time.perf_counter() - start)
            await beampy.yield_()

    async def main() -> None:
        start = time.perf_counter()
        for _ in range(20):
            beampy.spawn(worker, 20)
        longest[repr(beampy.self())] = time.perf_counter() - start
        await beampy.sleep(1)

    threshold = 0.005
    with structlog.testing.capture_logs() as logs:
        run(main, long_schedule=threshold)
    blamed = {e["pid"]: e["seconds"] for e in _events(logs, "long_schedule")}
    assert {pid: longest[pid] for pid in blamed if longest[pid] < threshold} == {}
