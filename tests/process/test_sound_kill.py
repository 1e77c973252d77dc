"""A killed process stays dead: it never runs another line that acts on the world, it never
holds the scheduler, and what it raises while dying is not silently lost."""

from __future__ import annotations

import contextlib
import gc
import sys
from typing import Any

import pytest
import structlog
import trio
import trio.testing

import beampy
from beampy import ANY, Pid
from beampy._core._runtime import KILLED_CANCELS
from beampy.lowlevel import current_runtime
from tests.process.support import LONG, block_forever, down_reason, drain, run, settle


async def _killed_once_waiting(fn: Any, *args: Any) -> Any:
    """Spawns ``fn(*args)``, kills it once it waits, and returns the reason of its DOWN."""
    pid, ref = beampy.spawn_monitor(fn, *args)
    await settle()
    beampy.exit(pid, "kill")
    return await down_reason(ref)


# -- a kill during a shielded trio wait ---------------------------------------------------


async def _shielded_sleeper(parent: Pid) -> None:
    with trio.CancelScope(shield=True):
        await trio.sleep(1)
    beampy.send(parent, "after")


def test_exit_kill_during_shielded_trio_sleep_stops_the_next_send() -> None:
    async def main() -> tuple[Any, bool, Any, list[Any]]:
        pid, ref = beampy.spawn_monitor(_shielded_sleeper, beampy.self())
        await settle(0.5)
        hosted = beampy.info(pid, "hosted")
        beampy.exit(pid, "kill")
        alive = beampy.is_alive(pid)
        reason = await down_reason(ref)
        await settle(2)
        return hosted, alive, reason, drain()

    assert run(main) == (True, False, "killed", [])


# -- a cleanup that waits in trio (docs/differences.md, "Killed processes run their cleanup")


async def _cleans_up_in_trio(parent: Pid, shielded: bool) -> None:
    try:
        await beampy.receive("never")
    finally:
        try:
            with trio.CancelScope(shield=shielded):
                await trio.sleep(1)
            beampy.send(parent, "cleanup finished")  # (a killed process's send is dropped)
        except trio.Cancelled:
            beampy.send(parent, "cleanup cancelled")


def test_a_killed_process_cleanup_waiting_in_trio_is_cancelled_unless_shielded() -> None:
    async def main(shielded: bool) -> tuple[Any, float]:
        pid, ref = beampy.spawn_monitor(_cleans_up_in_trio, beampy.self(), shielded)
        await settle()
        t0 = trio.current_time()
        beampy.exit(pid, "boom")
        reason = await down_reason(ref)
        return reason, trio.current_time() - t0

    # unshielded: the wait is cancelled at once and the DOWN leaves at once
    assert run(main, False) == ("boom", 0.0)
    # shielded: the wait runs to its end, and the DOWN leaves after it
    assert run(main, True) == ("boom", 1.0)


# -- a process that swallows its exit signal ----------------------------------------------

N_CATCHES = 10_000


async def _zombie(ticks: list[int], seen: list[Any], attempts: list[Any], to: Pid) -> None:
    """Catches its exit signal N_CATCHES times, trying to act on the world once."""
    caught = 0
    while caught < N_CATCHES:
        try:
            await beampy.receive()
        except BaseException:
            caught += 1
            seen.append(ticks[0])
            if caught == 1:
                for name, op in (
                    ("send", lambda: beampy.send(to, "from the dead")),
                    ("spawn", lambda: beampy.spawn(_tell, to, "spawned by the dead")),
                    ("link", lambda: beampy.link(to)),
                    ("register", lambda: beampy.register(beampy.self(), "zombie")),
                ):
                    try:
                        op()
                        attempts.append((name, "no error"))
                    except BaseException as e:
                        attempts.append((name, type(e).__name__, getattr(e, "reason", None)))
    await beampy.receive()  # stops catching


async def _tell(to: Pid, msg: Any) -> None:
    beampy.send(to, msg)


async def _ticker(ticks: list[int], stop: list[bool]) -> None:
    await beampy.receive("start")
    while not stop:
        ticks[0] += 1
        await beampy.yield_()


def test_exit_kill_of_a_process_that_catches_it_does_not_hold_the_scheduler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unraisable = _collect_unraisable(monkeypatch)
    ticks = [0]
    seen: list[Any] = []
    attempts: list[Any] = []

    async def main() -> tuple[Any, list[Any], Any, bool]:
        me = beampy.self()
        stop: list[bool] = []
        ticker = beampy.spawn(_ticker, ticks, stop)
        pid, ref = beampy.spawn_monitor(_zombie, ticks, seen, attempts, me)
        await settle()
        beampy.send(ticker, "start")
        beampy.exit(pid, "kill")
        reason = await down_reason(ref)
        stop.append(True)
        await settle()
        return reason, drain(), beampy.whereis("zombie"), beampy.info(me, "links") == []

    reason, mine, registered, no_links = run(main)
    ignored = _ignored_generator_exit(unraisable)
    # the ticker ran while the killed process kept catching: it did not hold the scheduler
    others_ran = len(seen) > 1 and seen[-1] > seen[0]
    assert (reason, attempts, mine, registered, no_links, len(seen), others_ran) == (
        "killed",
        [
            ("send", "ExitSignal", "killed"),
            ("spawn", "ExitSignal", "killed"),
            ("link", "ExitSignal", "killed"),
            ("register", "ExitSignal", "killed"),
        ],
        [],
        None,
        True,
        # caught: the kill, its second raise (then the runtime closes the coroutine), the
        # close's GeneratorExit, and Python's GeneratorExit when it finalizes the coroutine
        # (each close ends at the coroutine's next receive, which suspends)
        4,
        True,
    )
    assert ignored == ["_zombie"]


# -- trio I/O that completes in the tick of the kill ----------------------------------------


async def _event_waiter(event: trio.Event, log: list[str], then: str) -> None:
    await event.wait()
    log.append("after the wait")
    if then == "trio":
        await trio.sleep(0)  # its next trio checkpoint
    else:
        beampy.send(beampy.self(), "hello")  # its next beampy operation
    log.append("after the next operation")


@pytest.mark.parametrize("then", ["trio", "beampy"])
async def test_exit_kill_in_the_tick_trio_io_completes_ends_it_at_its_next_operation(
    autojump_clock: trio.testing.MockClock, then: str
) -> None:
    # Trio's rule: an operation that completed is not reported as cancelled (its result
    # may be a lock taken or an item taken off a channel). The wait returns; the kill
    # ends the process at its next trio checkpoint or beampy operation.
    log: list[str] = []
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            event = trio.Event()
            pid = rt.spawn(_event_waiter, event, log, then, hosted=True)
            await trio.testing.wait_all_tasks_blocked()
            assert beampy.info(pid, "status") == "waiting"
            event.set()  # the wait is over: the host task is scheduled to resume it...
            beampy.exit(pid, "kill")  # ...but the kill comes first
            assert not beampy.is_alive(pid)
            assert await rt.wait_exit(pid) == "killed"
    assert log == ["after the wait"]


async def _lock_user(lock: trio.Lock) -> None:
    while True:
        async with lock:  # its only trio checkpoint is the one in acquire
            pass


async def test_a_process_killed_as_it_takes_a_trio_lock_releases_it(
    autojump_clock: trio.testing.MockClock,
) -> None:
    # Lock.acquire takes the lock, then passes a checkpoint that cannot be cancelled: the
    # exit was thrown there, out of acquire with the lock held, and nobody could take it
    lock = trio.Lock()
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            pid = rt.spawn(_lock_user, lock)
            for _ in range(5):
                await trio.sleep(0)  # it goes round its loop, through trio
            beampy.exit(pid, "kill")
            assert await rt.wait_exit(pid) == "killed"
            assert not lock.locked()
            async with lock:
                pass


async def _channel_reader(rx: trio.MemoryReceiveChannel[int], got: list[int]) -> None:
    async for item in rx:
        got.append(item)


async def test_a_process_killed_as_it_takes_an_item_off_a_trio_channel_loses_none(
    autojump_clock: trio.testing.MockClock,
) -> None:
    # receive() takes the item, then passes a checkpoint: the exit thrown there lost it
    tx, rx = trio.open_memory_channel[int](100)
    for i in range(10):
        tx.send_nowait(i)
    got: list[int] = []
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            pid = rt.spawn(_channel_reader, rx, got)
            await trio.sleep(0)
            await trio.sleep(0)
            beampy.exit(pid, "kill")
            assert await rt.wait_exit(pid) == "killed"
    left = [rx.receive_nowait() for _ in range(len(rx._state.data))]
    assert 0 < len(got) < 10
    assert got + left == list(range(10))


N_SLEEPERS = 50


async def _trio_sleeper(log: list[tuple[int, str]], i: int) -> None:
    await trio.sleep(1)
    log.append((i, "after the sleep"))


async def test_exit_kill_at_the_instant_a_trio_sleep_ends_stops_the_next_line(
    autojump_clock: trio.testing.MockClock,
) -> None:
    # Each round, a sleeper's trio.sleep and the killer's end at the same virtual instant;
    # trio runs them in either order.  A sleeper that ran first may log; once the kill is
    # sent it must never log again.
    log: list[tuple[int, str]] = []
    logged_before_kill: list[tuple[int, str]] = []
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            for i in range(N_SLEEPERS):
                pid = rt.spawn(_trio_sleeper, log, i, hosted=True)
                await trio.sleep(1)
                logged_before_kill.extend(e for e in log if e[0] == i)
                beampy.exit(pid, "kill")
                await rt.wait_exit(pid)
    assert log == logged_before_kill


# -- monitor right after a kill -------------------------------------------------------------


def test_monitor_right_after_exit_kill_reports_noproc() -> None:
    async def main() -> Any:
        pid = beampy.spawn(block_forever)
        await settle()
        beampy.exit(pid, "kill")
        ref = beampy.monitor(pid)
        return await down_reason(ref)

    assert run(main) == "noproc"


# -- an exception raised while dying --------------------------------------------------------


class _CleanupError(ValueError):
    pass


async def _fails_in_finally(errors: list[BaseException]) -> None:
    try:
        await beampy.receive("never-sent")
    finally:
        err = _CleanupError("cleanup failed")
        errors.append(err)
        raise err


def test_exit_kill_reports_an_exception_raised_in_finally_and_keeps_reason_killed() -> None:
    errors: list[BaseException] = []

    async def main() -> Any:
        return await _killed_once_waiting(_fails_in_finally, errors)

    with structlog.testing.capture_logs() as logs:
        reason = run(main)
    assert reason == "killed"
    assert len(errors) == 1
    reported = [
        e for e in logs if e["log_level"] == "error" and any(v is errors[0] for v in e.values())
    ]
    assert len(reported) == 1, logs


# -- the name of a killed process that is still unwinding ---------------------------------


async def _named_slow_cleanup(name: str) -> None:
    beampy.register(beampy.self(), name)
    try:
        await block_forever()
    finally:
        with trio.CancelScope(shield=True):
            await trio.sleep(1)  # a cleanup the kill cannot cut short


def test_a_killed_process_frees_its_name_at_once_and_its_end_leaves_the_new_holder_alone() -> None:
    """The BEAM frees the name as the process dies; beampy's cleanup runs on afterwards."""

    async def main() -> tuple[Any, ...]:
        old, ref = beampy.spawn_monitor(_named_slow_cleanup, "svc")
        await settle(0.1)
        beampy.exit(old, "kill")
        freed = (beampy.whereis("svc"), "svc" in beampy.registered())
        new = beampy.spawn(block_forever)
        taken = beampy.register(new, "svc")
        reason = await down_reason(ref)  # the old one's cleanup has ended
        holder = beampy.whereis("svc")
        beampy.exit(new, "kill")
        return freed, taken, reason, holder == new

    assert run(main) == ((None, False), True, "killed", True)


def test_link_again_to_a_process_being_killed_gives_its_one_exit_only() -> None:
    async def main() -> list[Any]:
        beampy.flag("trap_exit", True)
        pid = beampy.spawn_link(_named_slow_cleanup, "x")
        await settle(0.1)
        beampy.exit(pid, "shutdown")
        assert beampy.link(pid) is True
        await settle(2)
        return [(type(m).__name__, m.reason) for m in drain()]

    assert run(main) == [("ExitMessage", "shutdown")]


async def _kill_a_monitored_one(name: str, reason: str) -> tuple[Pid, Any]:
    """The caller traps exits, monitors a process with a slow cleanup, and kills it."""
    beampy.flag("trap_exit", True)
    pid = beampy.spawn(_named_slow_cleanup, name)
    first = beampy.monitor(pid)
    await settle(0.1)
    beampy.exit(pid, reason)
    return pid, first


async def _messages_once_ended(names: dict[Any, str]) -> list[Any]:
    """(kind, which monitor, reason) of every message, after the cleanup has ended."""
    await settle(2)
    return [(type(m).__name__, names.get(getattr(m, "ref", None)), m.reason) for m in drain()]


def test_monitor_and_link_during_a_kills_cleanup_answer_noproc_after_its_own_signals() -> None:
    async def main() -> list[Any]:
        pid, first = await _kill_a_monitored_one("y", "kill")
        late = beampy.monitor(pid)
        dropped = beampy.monitor(pid)
        beampy.demonitor(dropped)  # taken back before the end: no DOWN for it
        assert beampy.link(pid) is True
        return await _messages_once_ended({first: "first", late: "late"})

    assert run(main) == [
        ("DownMessage", "first", "killed"),
        ("DownMessage", "late", "noproc"),
        ("ExitMessage", None, "noproc"),
    ]


def test_link_then_monitor_during_a_kills_cleanup_are_answered_in_request_order() -> None:
    async def main() -> list[Any]:
        pid, first = await _kill_a_monitored_one("z", "shutdown")
        assert beampy.link(pid) is True
        by_name = beampy.monitor("z")  # the name it held: it is that process's monitor
        return await _messages_once_ended({first: "first", by_name: "by_name"})

    assert run(main) == [
        ("DownMessage", "first", "shutdown"),
        ("ExitMessage", None, "noproc"),
        ("DownMessage", "by_name", "noproc"),
    ]


async def _monitor_it(pid: Pid, parent: Pid) -> None:
    ref = beampy.monitor(pid)
    beampy.send(
        parent, ("got", await beampy.receive(beampy.DownMessage(ref, beampy.ANY, beampy.ANY)))
    )


def test_a_noproc_nothing_has_to_wait_for_comes_at_once_during_a_kills_cleanup() -> None:
    """Only a process the dying one still owes an EXIT or a DOWN waits for its cleanup;
    a new caller (a GenServer.call, say) is answered at once, as on the BEAM."""

    async def main() -> tuple[Any, ...]:
        pid = beampy.spawn(_named_slow_cleanup, "w")
        await settle(0.1)
        beampy.exit(pid, "kill")
        beampy.spawn(_monitor_it, pid, beampy.self())
        _, down = await beampy.receive(("got", beampy.ANY), timeout=0.5)  # cleanup: 1 s
        try:
            await beampy.GenServer.call(pid, "hello", 0.5)
        except beampy.Exit as e:
            call = e.reason[0]
        return down.reason, call, beampy.is_alive(pid)

    assert run(main) == ("noproc", "noproc", False)


def test_a_killed_trio_side_mailbox_is_gone_at_once_for_a_monitor() -> None:
    async def main() -> Any:
        async with beampy.open_runtime() as rt, rt.mailbox() as mb:
            victim_cm = rt.mailbox()
            victim = await victim_cm.__aenter__()
            try:
                rt.exit(victim.pid, "kill")
                rt.spawn(_monitor_it, victim.pid, mb.pid)
                with trio.fail_after(LONG):
                    return (await mb.receive(("got", beampy.ANY)))[1].reason
            finally:
                await victim_cm.__aexit__(None, None, None)

    assert trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0)) == "noproc"


# -- a killed process that catches everything, for ever -----------------------------------


async def _catches_everything(caught: list[str]) -> None:
    while len(caught) < 100:  # (bounded so that the bug fails the test instead of hanging it)
        try:
            await beampy.receive()
        except BaseException as e:  # what the test is about: a bare except
            caught.append(type(e).__name__)


def _collect_unraisable(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What Python reports through sys.unraisablehook while the test runs."""
    seen: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    return seen


def _ignored_generator_exit(unraisable: list[Any]) -> list[str]:
    """The coroutines Python reports it could not close: 'coroutine ignored GeneratorExit'."""
    gc.collect()
    return [
        u.object.__name__
        for u in unraisable
        if isinstance(u.exc_value, RuntimeError) and "ignored GeneratorExit" in str(u.exc_value)
    ]


def test_a_killed_process_with_a_bare_except_is_ended_and_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # regression: the runtime closed the coroutine of a killed process that kept catching its
    # exit outside the process's context, where receive() raised NotInProcessError at once;
    # a bare except around it looped inside close() for ever, holding the runtime at 100 %
    # CPU. Now the receive suspends, Python ends the coroutine, and the failure is reported.
    unraisable = _collect_unraisable(monkeypatch)
    caught: list[str] = []

    async def main() -> Any:
        return await _killed_once_waiting(_catches_everything, caught)

    with structlog.testing.capture_logs() as logs:
        reason = run(main)
    reports = [
        (e["reason"], str(e["exc_info"]))
        for e in logs
        if e["event"] == "process_exit_cleanup_failed"
    ]
    del logs  # (the report's traceback holds the coroutine)
    ignored = _ignored_generator_exit(unraisable)
    assert reason == "killed"
    assert reports == [("killed", "coroutine ignored GeneratorExit")]
    # the runtime's close, then Python's when it finalizes the coroutine: each ends at the
    # next receive, which suspends (a receive that raised kept the loop going for ever)
    assert caught == ["ExitSignal", "ExitSignal", "GeneratorExit", "GeneratorExit"]
    assert ignored == ["_catches_everything"]


async def _logs_and_reads_its_own(parent: Pid) -> None:
    beampy.send(beampy.self(), "its own message")
    structlog.get_logger().info("working")  # the sink lets go of the report it kept
    beampy.send(parent, ("got", await beampy.receive()))


def test_a_coroutine_that_would_not_close_never_runs_as_another_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # review of the fix above: when a log sink that keeps the last event (with its
    # exc_info) let go of the report, Python finalized the killed coroutine during another
    # process's step; its receive then took that process's message, as that process, and
    # left it WAITING. The coroutine's last reference is now dropped by the runtime, in the
    # killed process's own context, so its finalization finds the process killed.
    unraisable = _collect_unraisable(monkeypatch)
    kept: list[Any] = []

    def keep_the_last(_logger: Any, _method: str, event: Any) -> Any:
        kept[:] = [event]
        raise structlog.DropEvent

    caught: list[str] = []

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(_catches_everything, caught)
        await settle()
        beampy.exit(pid, "kill")
        await down_reason(ref)
        beampy.spawn(_logs_and_reads_its_own, beampy.self())
        return await beampy.receive(("got", ANY))

    saved = structlog.get_config()
    structlog.configure(processors=[keep_the_last])
    try:
        got = run(main)
    finally:
        structlog.configure(**saved)
    assert got == ("got", "its own message")
    assert caught == ["ExitSignal", "ExitSignal", "GeneratorExit", "GeneratorExit"]
    assert _ignored_generator_exit(unraisable) == ["_catches_everything"]


# -- a killed process that keeps catching its exit in trio ----------------------------------


async def _catches_trio_cancelled(caught: list[str]) -> None:
    for _ in range(3 * KILLED_CANCELS):  # (bounded: the bug fails the test instead of hanging)
        try:
            await trio.sleep(LONG)
        except trio.Cancelled:  # what the test is about: a process that swallows trio's cancel
            caught.append("Cancelled")


def test_a_killed_process_that_keeps_catching_trio_cancelled_is_ended() -> None:
    # regression: a kill reaches a process in trio as trio's cancellation, and no strike
    # applied to trio's operations: a loop that caught Cancelled ran on for ever after the
    # kill, with no DOWN and run() never returning. Now it is ended where it is, its
    # coroutine closed, when trio has raised Cancelled into it KILLED_CANCELS times.
    caught: list[str] = []

    async def main() -> Any:
        return await _killed_once_waiting(_catches_trio_cancelled, caught)

    with structlog.testing.capture_logs() as logs:
        reason = run(main)
    assert reason == "killed"
    assert len(caught) == KILLED_CANCELS == 10_000  # (the number docs/differences.md gives)
    assert logs == []  # the close went through: nothing failed


async def _holds_trio_resources(channels: list[Any], n: int) -> None:
    async with contextlib.AsyncExitStack() as stack:
        for _ in range(n):
            send, _receive = trio.open_memory_channel[Any](0)
            channels.append(send)
            stack.push_async_callback(send.aclose)  # aclose: close, then a checkpoint
        await trio.sleep_forever()


def _is_closed(send: Any) -> bool:
    try:
        send.send_nowait(None)
    except trio.ClosedResourceError:
        return True
    except trio.WouldBlock:
        return False
    raise AssertionError("a channel with no receiver took a value")


def test_a_killed_process_cleanup_that_closes_many_trio_resources_is_not_cut_short() -> None:
    # review: the runtime ended a killed process when trio had raised Cancelled into it
    # 1,000 times, which cut short a cleanup that closes more trio resources than that (an
    # AsyncExitStack passes each aclose's Cancelled on to the next one: nothing loops). The
    # bound is now 10,000 and such a cleanup runs to its end, unreported.
    channels: list[Any] = []

    async def main() -> Any:
        return await _killed_once_waiting(_holds_trio_resources, channels, 2_000)

    with structlog.testing.capture_logs() as logs:
        reason = run(main)
    assert reason == "killed"
    assert [_is_closed(s) for s in channels] == [True] * 2_000
    assert logs == []


async def _swallows_all_in_its_scope(caught: list[str]) -> None:
    with trio.move_on_after(5):  # a deadline of its own, on its carrier's trio task
        while len(caught) < 100:  # (bounded, as above)
            try:
                await beampy.receive()
            except BaseException as e:  # a bare except, that catches even the close
                caught.append(type(e).__name__)


async def _sleeps_in_trio(parent: Pid, seconds: float) -> None:
    try:
        await trio.sleep(seconds)
    except trio.Cancelled:
        beampy.send(parent, ("cancelled", beampy.self()))
        raise
    beampy.send(parent, ("slept", beampy.self()))


def test_a_killed_process_that_would_not_close_leaves_no_trio_scope_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # regression: a killed process that caught even the close of its coroutine stayed
    # suspended inside the cancel scope it had opened, on its carrier's trio task. The carrier
    # went on hosting other processes with that scope as its innermost one: its 5 s deadline
    # cancelled whichever process the carrier hosted then, and run() ended with "Cancel scope
    # stack corrupted". Now the scope is taken off the carrier when the process is ended.
    unraisable = _collect_unraisable(monkeypatch)
    caught: list[str] = []

    async def main() -> tuple[Any, list[Any]]:
        pid, ref = beampy.spawn_monitor(_swallows_all_in_its_scope, caught)
        await settle()
        beampy.exit(pid, "kill")
        reason = await down_reason(ref)
        me = beampy.self()
        sleepers = [beampy.spawn(_sleeps_in_trio, me, 10.0) for _ in range(4)]
        got = [(await beampy.receive((ANY, ANY)))[0] for _ in sleepers]
        return reason, got

    with structlog.testing.capture_logs() as logs:
        reason, got = run(main)
    reports = [e["reason"] for e in logs if e["event"] == "process_exit_cleanup_failed"]
    del logs
    assert reason == "killed"
    assert got == ["slept"] * 4  # none was cancelled by the dead process's deadline
    assert reports == ["killed"]
    assert caught == ["ExitSignal", "ExitSignal", "GeneratorExit", "GeneratorExit"]
    assert _ignored_generator_exit(unraisable) == ["_swallows_all_in_its_scope"]


async def _enters_a_scope_when_closed(caught: list[str]) -> None:
    while len(caught) < 20:  # (bounded, as above)
        try:
            if caught and caught[-1] == "GeneratorExit":
                with trio.move_on_after(3):  # entered during the close, then a beampy wait
                    await beampy.receive("never")
            else:
                await beampy.receive("never")
        except BaseException as e:  # a bare except, that catches even the close
            caught.append(type(e).__name__)


def test_a_light_killed_process_whose_close_enters_a_trio_scope_leaves_it_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a process the scheduler runs (no trio scope of its own, never hosted) that enters one
    # while the runtime closes it: the scope was left on the scheduler's trio task, which
    # ended run() with "Cancel scope stack corrupted" (found by a review).
    unraisable = _collect_unraisable(monkeypatch)
    caught: list[str] = []

    async def main() -> tuple[Any, Any, list[Any]]:
        pid, ref = beampy.spawn_monitor(_enters_a_scope_when_closed, caught)
        await settle()
        hosted = beampy.info(pid, "hosted")
        beampy.exit(pid, "kill")
        reason = await down_reason(ref)
        me = beampy.self()
        for _ in range(3):
            beampy.spawn(_sleeps_in_trio, me, 10.0)
        return hosted, reason, [(await beampy.receive((ANY, ANY)))[0] for _ in range(3)]

    with structlog.testing.capture_logs() as logs:
        got = run(main)
    del logs
    assert got == (False, "killed", ["slept"] * 3)
    assert caught == ["ExitSignal", "ExitSignal", "GeneratorExit", "GeneratorExit"]
    assert _ignored_generator_exit(unraisable) == ["_enters_a_scope_when_closed"]
    unraisable.clear()
    gc.collect()


async def _swallows_all_in_its_nursery(caught: list[str], children: list[str]) -> None:
    async def slow_to_end() -> None:
        try:
            await trio.sleep_forever()
        finally:
            with trio.CancelScope(shield=True):  # its cleanup outlives the kill by 5 s
                await trio.sleep(5)
            children.append("child ended")

    async def fails_when_cancelled() -> None:
        try:
            await trio.sleep_forever()
        except trio.Cancelled:
            raise ValueError("a child's own failure") from None

    async with trio.open_nursery() as nursery:
        nursery.start_soon(slow_to_end)
        nursery.start_soon(fails_when_cancelled)
        for _ in range(3 * KILLED_CANCELS):  # (bounded, as above)
            try:
                await trio.sleep(LONG)
            except BaseException as e:  # a bare except, that catches even the close
                caught.append(type(e).__name__)


def test_a_killed_process_that_would_not_close_in_its_nursery_is_ended_with_its_children(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a killed process in a nursery of its own that catches everything: trio raises
    # Cancelled into it KILLED_CANCELS times, then its coroutine is closed, which it refuses
    # too. It is ended (DOWN "killed", reported), its nursery's child tasks are cancelled,
    # run() waits for them (review: they outlived it, and trio's shutdown failed) and what
    # they raise is reported; the carrier it ran on goes on hosting processes.
    unraisable = _collect_unraisable(monkeypatch)
    caught: list[str] = []
    children: list[str] = []

    async def main() -> tuple[Any, Any]:
        pid, ref = beampy.spawn_monitor(_swallows_all_in_its_nursery, caught, children)
        await settle()
        beampy.exit(pid, "kill")
        reason = await down_reason(ref)
        beampy.spawn(_sleeps_in_trio, beampy.self(), 10.0)
        return reason, (await beampy.receive((ANY, ANY)))[0]

    with structlog.testing.capture_logs() as logs:
        reason, got = run(main)
        ended = list(children)  # (as run() returned)
    reports = [
        (e["reason"], repr(e["exc_info"]))
        for e in logs
        if e["event"] == "process_exit_cleanup_failed"
    ]
    del logs
    assert (reason, got) == ("killed", "slept")
    assert reports == [
        ("killed", "RuntimeError('coroutine ignored GeneratorExit')"),
        ("killed", 'ValueError("a child\'s own failure")'),
    ]
    assert ended == ["child ended"]
    assert caught[:KILLED_CANCELS] == ["Cancelled"] * KILLED_CANCELS
    assert caught[KILLED_CANCELS:] == ["GeneratorExit", "GeneratorExit"]
    assert _ignored_generator_exit(unraisable) == ["_swallows_all_in_its_nursery"]
    # what Python reported holds the coroutine: let go of it while the hook is still ours
    # (the trio.sleep it was in is finalized then, outside trio, and says so)
    unraisable.clear()
    gc.collect()


async def _waits_on_an_event_when_closed(caught: list[str], event: trio.Event) -> None:
    while len(caught) < 10:  # (bounded, as above)
        try:
            if caught and caught[-1] == "GeneratorExit":
                await event.wait()  # the close parks its trio task on the event
            else:
                await beampy.receive("never")
        except BaseException as e:  # a bare except, that catches even the close
            caught.append(type(e).__name__)


async def _sets_then_sleeps(event: trio.Event, parent: Pid) -> None:
    await trio.sleep(1)
    event.set()
    await trio.sleep(1)
    beampy.send(parent, "setter done")


@pytest.mark.parametrize("hosted", [False, True], ids=["light", "hosted"])
def test_a_refused_close_that_waits_on_a_trio_event_wakes_no_other_process(
    monkeypatch: pytest.MonkeyPatch, hosted: bool
) -> None:
    # review: the refused close left the carrier's trio task registered in the event; the
    # carrier then ran other processes, and setting the event woke it inside whatever it ran
    # then (a trio.sleep raised "Should never have been rescheduled!" in an unrelated
    # process). Such a carrier is now quarantined: it runs nothing else.
    unraisable = _collect_unraisable(monkeypatch)
    caught: list[str] = []

    async def main() -> tuple[Any, list[Any]]:
        event = trio.Event()
        pid, ref = beampy.spawn_monitor(
            _waits_on_an_event_when_closed, caught, event, hosted=hosted
        )
        await settle()
        beampy.exit(pid, "kill")
        reason = await down_reason(ref)
        me = beampy.self()
        beampy.spawn(_sets_then_sleeps, event, me)
        for _ in range(3):
            beampy.spawn(_sleeps_in_trio, me, 3.0)
        got = [await beampy.receive(timeout=LONG) for _ in range(4)]  # (the bug: a timeout)
        return reason, sorted(got, key=repr)

    with structlog.testing.capture_logs() as logs:
        got = run(main)
    crashes = [e["event"] for e in logs if e["event"] == "process_crashed"]
    del logs
    assert crashes == []
    assert got[0] == "killed"
    assert [m if type(m) is str else m[0] for m in got[1]] == ["setter done"] + ["slept"] * 3
    assert _ignored_generator_exit(unraisable) == ["_waits_on_an_event_when_closed"]
    unraisable.clear()
    gc.collect()


async def _fails_in_its_cleanup() -> None:
    for _ in range(2):  # caught twice: the runtime closes the coroutine at the second
        with contextlib.suppress(beampy.ExitSignal):
            await beampy.receive("never")
    try:
        await beampy.receive("never")
    finally:
        raise ValueError("cleanup failed")


def test_a_close_whose_cleanup_raises_leaves_the_carrier_in_use() -> None:
    # review: a close that raised (a finally that fails) was taken for a refused one, and
    # the carrier was quarantined: each such process left an idle trio task for the rest
    # of the runtime's life. The coroutine did close: only a refusal quarantines.
    async def main() -> tuple[list[Any], int]:
        pids = []
        refs = []
        for _ in range(20):
            pid, ref = beampy.spawn_monitor(_fails_in_its_cleanup)
            pids.append(pid)
            refs.append(ref)
        await settle()
        for pid in pids:
            beampy.exit(pid, "kill")
        reasons = [await down_reason(ref) for ref in refs]
        await settle()
        return reasons, current_runtime().statistics().carriers

    with structlog.testing.capture_logs() as logs:
        reasons, carriers = run(main)
    failed = [repr(e["exc_info"]) for e in logs if e["event"] == "process_exit_cleanup_failed"]
    assert reasons == ["killed"] * 20
    assert failed == ["ValueError('cleanup failed')"] * 20
    assert carriers < 20  # (one per process, quarantined, before the fix)


async def _channel_waiter(rx: trio.MemoryReceiveChannel[int]) -> None:
    await rx.receive()


async def test_a_trio_operation_that_fails_in_the_tick_of_a_kill_is_no_failed_cleanup(
    autojump_clock: trio.testing.MockClock,
) -> None:
    # The channel's close ends the receive with EndOfChannel as the kill comes: the exit
    # wins there (the operation took nothing), and nothing is reported as a cleanup failure
    tx, rx = trio.open_memory_channel[int](0)
    with structlog.testing.capture_logs() as logs, trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            pid = rt.spawn(_channel_waiter, rx, hosted=True)
            await trio.testing.wait_all_tasks_blocked()
            tx.close()
            beampy.exit(pid, "kill")
            assert await rt.wait_exit(pid) == "killed"
    assert [e["event"] for e in logs] == []


async def _shielded_checkpoints(event: trio.Event, passed: list[int]) -> None:
    await event.wait()
    while passed[0] < 10 * KILLED_CANCELS:  # (stands for a loop without end)
        await trio.lowlevel.cancel_shielded_checkpoint()  # completes, cancelled or not
        passed[0] += 1


async def test_a_killed_process_passing_only_uncancellable_trio_traps_is_ended(
    autojump_clock: trio.testing.MockClock,
) -> None:
    # The kill lands on a completed wait, whose result goes back in; the loop after it
    # never meets a cancellable checkpoint, and would run on for ever
    passed = [0]
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            event = trio.Event()
            pid = rt.spawn(_shielded_checkpoints, event, passed, hosted=True)
            await trio.testing.wait_all_tasks_blocked()
            event.set()
            beampy.exit(pid, "kill")
            assert await rt.wait_exit(pid) == "killed"
    assert passed[0] <= KILLED_CANCELS
