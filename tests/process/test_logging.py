"""structlog events: one ``process_crashed`` per crash, none for quiet exits or kills, and one
``long_schedule`` per process that holds its carrier too long."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
import structlog
import trio

import beampy
import beampy.lowlevel
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


def test_crash_report_traceback_starts_in_the_process_code() -> None:
    async def crasher() -> None:
        raise KeyError("k")

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(crasher)
        return await down_reason(ref)

    with structlog.testing.capture_logs() as logs:
        run(main)
    (event,) = _events(logs, "process_crashed")
    tb = event["exc_info"].__traceback__
    assert tb.tb_frame.f_code.co_name == "crasher"


def test_crash_report_includes_the_process_structlog_context() -> None:
    async def crasher() -> None:
        structlog.contextvars.bind_contextvars(request_id="r-42")
        raise KeyError("k")

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(crasher)
        return await down_reason(ref)

    with structlog.testing.capture_logs() as logs:
        run(main)
    (event,) = _events(logs, "process_crashed")
    assert event["request_id"] == "r-42"
    # the context belongs to the process: the caller's is untouched
    assert structlog.contextvars.get_contextvars() == {}


def test_crash_of_the_first_process_of_run_is_raised_not_also_reported() -> None:
    async def main() -> None:
        raise KeyError("first")

    with structlog.testing.capture_logs() as logs, pytest.raises(KeyError, match="first"):
        run(main)
    assert _events(logs, "process_crashed") == []


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
# A hog holds its step until the watchdog has reported it (no fixed duration, so the outcome does
# not depend on the machine's load); the decision itself is tested on Watch.observe.

THRESHOLD = 0.01


@contextlib.contextmanager
def _capture_reports() -> Iterator[tuple[list[MutableMapping[str, Any]], threading.Event]]:
    """Like structlog.testing.capture_logs, plus an event set by the first long_schedule report."""
    reported = threading.Event()
    capture = structlog.testing.LogCapture()

    def signal(_logger: Any, _method: str, event_dict: Any) -> Any:
        if event_dict.get("event") == "long_schedule":
            reported.set()
        return event_dict

    processors = structlog.get_config()["processors"]
    old = processors.copy()
    try:
        processors.clear()
        processors.extend([signal, capture])
        structlog.configure(processors=processors)
        yield capture.entries, reported
    finally:
        processors.clear()
        processors.extend(old)
        structlog.configure(processors=processors)


def test_long_schedule_reports_a_runaway_step_while_it_runs_and_only_once() -> None:
    with _capture_reports() as (logs, reported):

        async def hog() -> None:
            beampy.register(beampy.self(), "hog")
            # a step blocked in a call: it ends only once reported while still running
            # (a broken watchdog hangs here; the suite's time limit says where)
            reported.wait()
            await beampy.yield_()
            _busy(3 * THRESHOLD)  # a second long step of the same process: no second report
            await beampy.receive("never", timeout=1)

        async def main() -> Pid:
            pid = beampy.spawn(hog)
            await beampy.sleep(0.5)
            return pid

        pid = run(main, long_schedule=THRESHOLD)
    longs = [e for e in _events(logs, "long_schedule") if e["pid"] == repr(pid)]
    assert len(longs) == 1
    event = longs[0]
    assert event["log_level"] == "warning"
    assert event["registered_name"] == "hog"
    assert event["threshold"] == THRESHOLD
    assert event["seconds"] > THRESHOLD
    assert event["still_running"] is True
    # what the step runs: threading's wait, called from the hog
    assert event["current_function"].startswith("threading."), event
    assert event["current_stacktrace"][0] == event["current_function"]
    assert any(".hog:" in f for f in event["current_stacktrace"]), event


def test_long_schedule_reports_a_step_that_ends_the_process() -> None:
    with _capture_reports() as (logs, reported):

        async def hog_then_exit() -> None:
            reported.wait()

        async def main() -> tuple[Pid, Any]:
            pid, ref = beampy.spawn_monitor(hog_then_exit)
            return pid, await down_reason(ref)

        pid, reason = run(main, long_schedule=THRESHOLD)
    assert reason == "normal"
    assert [e["pid"] for e in _events(logs, "long_schedule")].count(repr(pid)) == 1


def test_long_schedule_reports_a_hosted_step() -> None:
    with _capture_reports() as (logs, reported):

        async def hosted_hog() -> None:
            with trio.CancelScope():
                await trio.sleep(0)
                reported.wait()

        async def main() -> Any:
            _, ref = beampy.spawn_monitor(hosted_hog)
            return await down_reason(ref)

        assert run(main, long_schedule=THRESHOLD) == "normal"
    assert len(_events(logs, "long_schedule")) == 1


def test_long_schedule_names_the_function_the_step_runs_however_deep_it_awaits() -> None:
    """current_function is the innermost function of the running step; it named the
    process's outermost coroutine (a running coroutine does not show what it awaits), so a
    Task, Agent or GenServer was reported as proc_lib's entry (found by a docs audit)."""
    with _capture_reports() as (logs, reported):

        async def inner() -> None:
            reported.wait()  # blocks the step until the watchdog has reported it

        async def outer() -> None:
            await inner()

        async def main() -> Any:
            _, ref = beampy.spawn_monitor(outer)
            return await down_reason(ref)

        assert run(main, long_schedule=THRESHOLD) == "normal"
    [event] = _events(logs, "long_schedule")
    stack = event["current_stacktrace"]
    assert stack[0].startswith("threading."), event  # the Event's wait, called by inner
    mine = [f for f in stack if f.startswith(f"{__name__}.")]
    assert [f.split(".<locals>.")[-1].split(":")[0] for f in mine] == ["inner", "outer"], event
    assert event["initial_call"].endswith("<locals>.outer")


def test_long_schedule_reports_code_whose_module_has_no_str_name() -> None:
    """A frame whose globals' ``__name__`` is not a str (code made by exec) broke the
    watchdog's look at each try: the report was lost (found by a review)."""
    with _capture_reports() as (logs, reported):
        made: dict[str, Any] = {"__name__": None, "reported": reported}
        exec("async def hog():\n    reported.wait()\n", made)

        async def main() -> Any:
            _, ref = beampy.spawn_monitor(made["hog"])
            return await down_reason(ref)

        assert run(main, long_schedule=THRESHOLD) == "normal"
    [event] = _events(logs, "long_schedule")
    assert any(".hog:" in f for f in event["current_stacktrace"]), event


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


def _frame() -> Any:
    import sys

    return sys._getframe()


def test_watch_reports_only_the_same_step_seen_longer_than_the_threshold() -> None:
    from beampy._core._sampler import Watch

    class _Rt:
        pass

    watch = Watch(_Rt(), 0.01)  # type: ignore[arg-type]
    try:
        a, b = _frame(), _frame()
        assert a is not b
        # a run of different short steps, each seen once: never a report
        assert [watch.observe(f, t) for f, t in [(a, 0.0), (b, 0.02), (a, 0.04)]] == [
            None,
            None,
            None,
        ]
        # the same step seen again before the threshold: not yet
        assert watch.observe(a, 0.045) is None
        # the same step seen past the threshold: reported with how long it was seen
        seconds = watch.observe(a, 0.0501)
        assert seconds is not None
        assert abs(seconds - 0.0101) < 1e-9
        # no step running (scheduler idle) resets the view
        assert watch.observe(None, 0.06) is None
        assert watch.observe(a, 0.07) is None
    finally:
        watch.close()


def test_busy_and_idle_turns_do_not_wake_a_watchdog_that_is_awake(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hosted process turns busy and idle at each trio trap: thousands of times a second.
    While the watchdog thread is awake those turns are a counter and a flag test; only a
    watchdog asleep (after a long idle stretch) is woken, once."""

    from beampy._core import _sampler
    from beampy._core._sampler import Watch

    class _Rt:
        pass

    def wait_for_a_look() -> None:
        with _sampler.looked:
            seen = _sampler.looks
            # one whole look after this point (the timeout only stops a hang)
            assert _sampler.looked.wait_for(lambda: _sampler.looks >= seen + 2, timeout=300.0), (
                "the watchdog thread stopped looking"
            )

    watch = Watch(_Rt(), 10.0)  # type: ignore[arg-type]
    try:
        watch.busy()  # (wakes it if an earlier test left it asleep)
        wait_for_a_look()
        sets: list[int] = []
        real_set = _sampler._wakeup.set

        def counted_set() -> None:
            sets.append(threading.get_ident())
            real_set()

        monkeypatch.setattr(_sampler._wakeup, "set", counted_set)
        for _ in range(20):
            watch.idle()
            wait_for_a_look()  # it looked while nothing was busy (fewer such looks in a
            watch.busy()  # row than put it to sleep): turning busy must not touch the event
            wait_for_a_look()  # it looked while busy
        watch.idle()
        assert sets == []
    finally:
        watch.close()


# -- a log sink that fails ---------------------------------------------------------------


def _refuse(_logger: Any, _method: str, event: Any) -> Any:
    raise RuntimeError("the sink is broken")


@pytest.fixture
def broken_sink() -> Iterator[None]:
    saved = structlog.get_config()
    structlog.configure(processors=[_refuse])
    try:
        yield
    finally:
        structlog.configure(**saved)


async def _crash_with(value: int) -> None:
    raise ValueError(f"boom {value}")


@pytest.mark.usefixtures("broken_sink")
def test_a_report_the_log_sink_refuses_goes_to_stderr_in_full(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # regression: the runtime wrote only "could not log process_crashed: <error>" (the pid,
    # the reason and the traceback lost), and the OTP layers' reports were dropped without a
    # trace; now every report is written to stderr with its fields and traceback
    async def main() -> Any:
        _, ref = beampy.spawn_monitor(_crash_with, 7)
        await beampy.receive(beampy.DownMessage(ref, beampy.ANY, beampy.ANY))
        stream = beampy.Task.Supervisor.async_stream_nolink  # (a Task's own report too)
        _, sup = await beampy.Task.Supervisor.start_link()
        return await stream(sup, [1], _crash_with).to_list()

    [(tag, reason)] = run(main)
    assert (tag, repr(reason)) == ("exit", "ValueError('boom 1')")
    err = capsys.readouterr().err
    for event in ("process_crashed", "task_terminating", "supervisor_child_terminated"):
        assert (
            f"beampy: error {event} (the log sink failed: RuntimeError('the sink is broken'))"
            in err
        )
    assert "reason=ValueError('boom 7')" in err
    assert 'raise ValueError(f"boom {value}")' in err  # the traceback


async def _raises_an_exit_signal(reason: Any) -> None:
    raise beampy.ExitSignal(reason)


def test_a_process_raising_an_exit_signal_itself_is_reported_as_for_exit() -> None:
    # regression: raised by a process that no signal killed, an ExitSignal ended it without
    # a report, where raise Exit(reason) with the same reason is reported
    async def main() -> Any:
        reasons = []
        for reason in (RuntimeError("manual"), "shutdown"):
            _, ref = beampy.spawn_monitor(_raises_an_exit_signal, reason)
            down = await beampy.receive(beampy.DownMessage(ref, beampy.ANY, beampy.ANY))
            reasons.append(down.reason)
        return reasons

    with structlog.testing.capture_logs() as logs:
        reasons = run(main)
    assert [repr(r) for r in reasons] == ["RuntimeError('manual')", "'shutdown'"]
    assert [(e["event"], repr(e["reason"])) for e in logs] == [
        ("process_crashed", "RuntimeError('manual')")
    ]


@pytest.mark.usefixtures("broken_sink")
def test_emit_report_is_the_same_fallback_for_code_built_on_beampy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # docs/design.md: beampy.lowlevel.emit_report logs as beampy's reports do; a field whose
    # repr raises is shown as such, and nothing is raised
    class Odd:
        def __repr__(self) -> str:
            raise RuntimeError("no repr")

    beampy.lowlevel.emit_report("warning", "pool_saturated", size=3, odd=Odd())
    err = capsys.readouterr().err
    assert "beampy: warning pool_saturated (the log sink failed" in err
    assert "size=3" in err
    assert "odd=<unrepresentable Odd: RuntimeError>" in err
