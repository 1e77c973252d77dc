"""Processes that await trio (sleep, Event, memory channels, cancel scopes) keep every process
semantic: mailbox, links, monitors, exit signals; and they can be killed while blocked in trio."""

from __future__ import annotations

import math
import sys
from typing import Any

import pytest
import trio

import beampy
from beampy import ANY, ExitMessage, Pid, ReceiveTimeout
from beampy.lowlevel import current_runtime
from tests.process.support import (
    block_forever,
    down_reason,
    drain,
    exit_later,
    run,
    settle,
)


async def _trio_sleeper(seconds: float, cleanup: list[str]) -> None:
    try:
        await trio.sleep(seconds)
    finally:
        cleanup.append("finally")


def test_hosted_process_receives_messages_sent_while_it_awaited_trio() -> None:
    async def worker(to: Pid) -> None:
        await trio.sleep(1)
        got = [await beampy.receive(), await beampy.receive(), await beampy.receive("c")]
        beampy.send(to, ("worker got", got, drain()))

    async def main() -> Any:
        pid = beampy.spawn(worker, beampy.self())
        await beampy.yield_()
        for m in ("a", "b", "x", "c"):
            beampy.send(pid, m)
        return await beampy.receive(timeout=10)

    assert run(main) == ("worker got", ["a", "b", "c"], ["x"])


def test_hosted_process_waits_on_trio_event_set_by_another_process() -> None:
    async def waiter(event: trio.Event, to: Pid) -> None:
        await event.wait()
        beampy.send(to, "event seen")

    async def setter(event: trio.Event) -> None:
        await beampy.sleep(1)
        event.set()

    async def main() -> Any:
        event = trio.Event()
        beampy.spawn(waiter, event, beampy.self())
        beampy.spawn(setter, event)
        return await beampy.receive(timeout=10)

    assert run(main) == "event seen"


def test_hosted_process_reads_a_trio_memory_channel() -> None:
    async def reader(rx: trio.MemoryReceiveChannel[int], to: Pid) -> None:
        total = 0
        async for item in rx:
            total += item
        beampy.send(to, ("total", total))

    async def writer(tx: trio.MemorySendChannel[int]) -> None:
        async with tx:
            for i in range(10):
                await tx.send(i)
                await beampy.yield_()

    async def main() -> Any:
        tx, rx = trio.open_memory_channel[int](0)
        beampy.spawn(reader, rx, beampy.self())
        beampy.spawn(writer, tx)
        return await beampy.receive(timeout=10)

    assert run(main) == ("total", 45)


def test_hosted_process_linked_to_a_crash_dies_with_its_reason_and_runs_finally() -> None:
    cleanup: list[str] = []

    async def linked_sleeper() -> None:
        beampy.spawn_link(exit_later, "crash", 1.0)
        await _trio_sleeper(1000, cleanup)

    async def main() -> tuple[Any, float]:
        _, ref = beampy.spawn_monitor(linked_sleeper)
        return await down_reason(ref), trio.current_time()

    reason, now = run(main)
    assert reason == "crash"
    assert cleanup == ["finally"]
    assert now < 1000


def test_hosted_process_monitor_gets_down_for_crash_inside_trio_code() -> None:
    async def crasher() -> None:
        await trio.sleep(1)
        raise LookupError("after trio")

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(crasher)
        return await down_reason(ref)

    reason = run(main)
    assert type(reason) is LookupError
    assert reason.args == ("after trio",)


@pytest.mark.parametrize(("signal", "reason"), [("kill", "killed"), ("boom", "boom")])
def test_hosted_process_blocked_in_trio_is_killed_promptly_and_runs_finally(
    signal: str, reason: str
) -> None:
    cleanup: list[str] = []

    async def main() -> tuple[Any, float]:
        pid, ref = beampy.spawn_monitor(_trio_sleeper, 1000, cleanup)
        await settle(1)
        beampy.exit(pid, signal)
        return await down_reason(ref), trio.current_time()

    got, now = run(main)
    assert got == reason
    assert cleanup == ["finally"]
    assert now == 1.0  # killed at once, not after its trio.sleep


@pytest.mark.parametrize(
    "blocker",
    ["event", "channel", "sleep_forever"],
)
def test_hosted_process_kill_works_for_every_trio_blocker(blocker: str) -> None:
    cleanup: list[str] = []

    async def blocked() -> None:
        try:
            if blocker == "event":
                await trio.Event().wait()
            elif blocker == "channel":
                _tx, rx = trio.open_memory_channel[int](0)
                await rx.receive()
            else:
                await trio.sleep_forever()
        finally:
            cleanup.append(blocker)

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(blocked)
        await settle()
        beampy.exit(pid, "kill")
        return await down_reason(ref)

    assert run(main) == "killed"
    assert cleanup == [blocker]


def test_hosted_trapping_process_gets_exit_message_after_its_trio_wait() -> None:
    async def trapper(rx: trio.MemoryReceiveChannel[str], to: Pid) -> None:
        beampy.flag("trap_exit", True)
        item = await rx.receive()
        beampy.send(to, ("channel", item))
        beampy.send(to, ("mailbox", drain()))

    async def main() -> tuple[Any, Any, Pid, Any]:
        tx, rx = trio.open_memory_channel[str](1)
        me = beampy.self()
        pid, ref = beampy.spawn_monitor(trapper, rx, me)
        await settle()
        beampy.exit(pid, "boom")
        beampy.send(pid, "hello")
        tx.send_nowait("item")
        first = await beampy.receive(("channel", ANY))
        second = await beampy.receive(("mailbox", ANY))
        return first, second, me, await down_reason(ref)

    first, second, me, reason = run(main)
    assert first == ("channel", "item")
    assert second == ("mailbox", [ExitMessage(me, "boom"), "hello"])
    assert reason == "normal"


def test_hosted_process_exit_normal_signal_ignored_while_in_trio() -> None:
    async def main() -> tuple[bool, Any]:
        cleanup: list[str] = []
        pid, ref = beampy.spawn_monitor(_trio_sleeper, 5, cleanup)
        await settle(1)
        beampy.exit(pid, "normal")
        await settle(1)
        alive = beampy.is_alive(pid)
        return alive, await down_reason(ref)

    assert run(main) == (True, "normal")


# -- trio cancel scopes around beampy operations ------------------------------------------


def test_move_on_after_around_receive_times_out_and_keeps_the_mailbox() -> None:
    async def main() -> tuple[bool, float, list[Any]]:
        beampy.send(beampy.self(), "unrelated")
        start = trio.current_time()
        with trio.move_on_after(5) as scope:
            await beampy.receive("wanted")
        return scope.cancelled_caught, trio.current_time() - start, drain()

    assert run(main) == (True, 5.0, ["unrelated"])


def test_move_on_after_around_receive_returns_a_message_that_arrives_in_time() -> None:
    async def sender(to: Pid) -> None:
        await beampy.sleep(1)
        beampy.send(to, "wanted")

    async def main() -> tuple[Any, bool]:
        beampy.spawn(sender, beampy.self())
        got = None
        with trio.move_on_after(5) as scope:
            got = await beampy.receive("wanted")
        return got, scope.cancelled_caught

    assert run(main) == ("wanted", False)


def test_receive_works_normally_after_a_cancelled_scope() -> None:
    async def sender(to: Pid) -> None:
        await beampy.sleep(10)
        beampy.send(to, "later")

    async def main() -> tuple[bool, Any, Any]:
        beampy.spawn(sender, beampy.self())
        with trio.move_on_after(1) as scope:
            await beampy.receive()
        got = await beampy.receive(timeout=100)
        try:
            await beampy.receive(timeout=1)
            after = "message"
        except ReceiveTimeout:
            after = "timeout"
        return scope.cancelled_caught, got, after

    assert run(main) == (True, "later", "timeout")


def test_fail_after_around_receive_raises_too_slow_error() -> None:
    async def main() -> str:
        try:
            with trio.fail_after(2):
                await beampy.receive("never")
        except trio.TooSlowError as e:
            return type(e).__name__
        return "no error"

    assert run(main) == "TooSlowError"


def test_process_killed_inside_its_own_cancel_scope_dies_with_the_signal_reason() -> None:
    reached: list[str] = []

    async def scoped() -> None:
        with trio.move_on_after(1000):
            await beampy.receive("never")
        reached.append("after scope")

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(scoped)
        await settle()
        beampy.exit(pid, "stop")
        return await down_reason(ref)

    assert run(main) == "stop"
    assert reached == []


def test_yield_inside_a_cancel_scope_runs_the_process_once_per_step() -> None:
    async def yielder(log: list[int]) -> None:
        with trio.move_on_after(10):
            for i in range(5):
                log.append(i)
                await beampy.yield_()

    async def main() -> tuple[list[int], Any]:
        log: list[int] = []
        _, ref = beampy.spawn_monitor(yielder, log)
        return log, await down_reason(ref)

    assert run(main) == ([0, 1, 2, 3, 4], "normal")


def test_hosted_process_receive_timeout_uses_beampy_timers() -> None:
    async def worker(to: Pid) -> None:
        await trio.sleep(1)
        start = trio.current_time()
        try:
            await beampy.receive(timeout=2.5)
        except ReceiveTimeout:
            beampy.send(to, ("timed out after", trio.current_time() - start))

    async def main() -> Any:
        beampy.spawn(worker, beampy.self())
        return await beampy.receive(timeout=100)

    assert run(main) == ("timed out after", 2.5)


def test_hosted_process_with_trio_child_tasks_that_send_to_it() -> None:
    async def with_nursery(to: Pid) -> None:
        me = beampy.self()

        async def child(i: int) -> None:
            await trio.sleep(i)
            beampy.send(me, ("child", i))

        async with trio.open_nursery() as nursery:
            for i in range(3):
                nursery.start_soon(child, i)
        beampy.send(to, [await beampy.receive() for _ in range(3)])

    async def main() -> Any:
        beampy.spawn(with_nursery, beampy.self())
        return await beampy.receive(timeout=100)

    assert run(main) == [("child", 0), ("child", 1), ("child", 2)]


# -- hosted=True, info and statistics ------------------------------------------------------


def test_spawn_hosted_true_is_hosted_from_the_start_and_behaves_normally() -> None:
    async def main() -> tuple[Any, Any, Any]:
        pid = beampy.spawn(_echo_then_stop, hosted=True)
        hosted = beampy.info(pid, "hosted")
        beampy.send(pid, (beampy.self(), "hi"))
        got = await beampy.receive(timeout=10)
        beampy.send(pid, "stop")
        return hosted, got, await down_reason(beampy.monitor(pid))

    assert run(main) == (True, ("echo", "hi"), "normal")


async def _echo_then_stop() -> None:
    while True:
        msg = await beampy.receive()
        if msg == "stop":
            return
        beampy.send(msg[0], ("echo", msg[1]))


def test_spawn_hosted_true_can_be_killed_before_it_starts() -> None:
    ran: list[str] = []

    async def body() -> None:
        ran.append("ran")

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(body, hosted=True)
        beampy.exit(pid, "early")
        return await down_reason(ref)

    assert run(main) == "early"
    assert ran == []


def test_info_hosted_false_for_light_process_true_after_it_awaited_trio() -> None:
    async def goes_trio(event: trio.Event) -> None:
        await beampy.receive("go")
        await event.wait()

    async def main() -> tuple[Any, Any, Any]:
        event = trio.Event()
        pid = beampy.spawn(goes_trio, event)
        await settle()
        before = beampy.info(pid, "hosted")
        beampy.send(pid, "go")
        await settle()
        after = beampy.info(pid, "hosted"), beampy.info(pid, "status")
        event.set()
        return before, after, await down_reason(beampy.monitor(pid))

    assert run(main) == (False, (True, "waiting"), "normal")


def test_statistics_hosted_counts_processes_handed_off_to_trio() -> None:
    async def main() -> list[int]:
        event = trio.Event()
        counts = [current_runtime().statistics().hosted]
        pid = beampy.spawn(_wait_event, event)
        await settle()
        counts.append(current_runtime().statistics().hosted)
        event.set()
        await down_reason(beampy.monitor(pid))
        counts.append(current_runtime().statistics().hosted)
        return counts

    assert run(main) == [0, 1, 0]


def test_statistics_hosted_counts_spawn_hosted_true_while_in_trio() -> None:
    async def in_trio() -> None:
        await trio.sleep_forever()

    async def main() -> list[int]:
        counts = [current_runtime().statistics().hosted]
        pid = beampy.spawn(in_trio, hosted=True)
        ref = beampy.monitor(pid)
        await settle()
        counts.append(current_runtime().statistics().hosted)
        beampy.exit(pid, "kill")
        await down_reason(ref)
        counts.append(current_runtime().statistics().hosted)
        return counts

    assert run(main) == [0, 1, 0]


def test_spawn_hosted_true_process_waiting_in_receive_goes_back_to_the_run_queue() -> None:
    async def main() -> tuple[list[int], list[bool]]:
        counts = [current_runtime().statistics().hosted]
        pid = beampy.spawn(block_forever, hosted=True)
        await settle()
        counts.append(current_runtime().statistics().hosted)
        return counts, [beampy.info(pid, "hosted")]

    assert run(main) == ([0, 0], [False])


async def _wait_event(event: trio.Event) -> None:
    await event.wait()


# -- one semantics whoever carries the process --------------------------------------------


async def _ping_pong(with_trio: bool) -> list[Any]:
    async def ponger() -> None:
        while True:
            sender, n = await beampy.receive()
            if with_trio:
                await trio.sleep(0)
            beampy.send(sender, ("pong", n))
            if n == 49:
                raise beampy.Exit(("done", n))

    pid, ref = beampy.spawn_monitor(ponger)
    replies = []
    for n in range(50):
        beampy.send(pid, (beampy.self(), n))
        replies.append(await beampy.receive(("pong", ANY)))
    return [replies, await down_reason(ref), drain()]


@pytest.mark.parametrize("seed", [None, 1, 2])
def test_hosted_and_light_processes_give_the_same_results(seed: int | None) -> None:
    light = run(_ping_pong, False, seed=seed)
    hosted = run(_ping_pong, True, seed=seed)
    assert light == hosted
    assert light[0] == [("pong", n) for n in range(50)]
    assert light[1] == ("done", 49)


def test_exit_signal_swallowed_then_trio_io_is_interrupted() -> None:
    # "code that swallows it anyway gets it again at its next trap": a trio operation is one.
    reached: list[str] = []

    async def stubborn() -> None:
        try:
            await beampy.receive("never")
        except BaseException:
            reached.append("swallowed")
        await trio.sleep(100)
        reached.append("after trio.sleep")

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(stubborn)
        await settle()
        beampy.exit(pid, "boom")
        return await down_reason(ref)

    assert run(main) == "boom"
    assert reached == ["swallowed"]


def test_hosted_carrier_reused_after_a_kill_is_not_cancelled() -> None:
    async def main() -> tuple[Any, Any, Any]:
        cleanup: list[str] = []
        pid, ref = beampy.spawn_monitor(_trio_sleeper, math.inf, cleanup)
        await settle()
        beampy.exit(pid, "kill")
        first = await down_reason(ref)
        _, ref2 = beampy.spawn_monitor(_trio_sleeper, 2, cleanup)
        _, ref3 = beampy.spawn_monitor(_trio_sleeper, 3, cleanup, hosted=True)
        return first, await down_reason(ref2), await down_reason(ref3)

    assert run(main) == ("killed", "normal", "normal")


@pytest.mark.parametrize("loop", ["beampy_yield", "trio_checkpoint"])
@pytest.mark.parametrize("hosted", [True, False])
def test_busy_looping_hosted_process_can_be_killed(loop: str, hosted: bool) -> None:
    async def spinner() -> None:
        while True:
            if loop == "beampy_yield":
                await beampy.yield_()
            else:
                await trio.sleep(0)

    async def main() -> tuple[Any, Any]:
        pid, ref = beampy.spawn_monitor(spinner, hosted=hosted)
        for _ in range(20):
            await beampy.yield_()
        alive = beampy.is_alive(pid)
        beampy.exit(pid, "stop")
        return alive, await down_reason(ref)

    assert run(main) == (True, "stop")


def test_busy_looping_hosted_trapping_process_gets_exit_messages() -> None:
    async def spinner(to: Pid) -> None:
        beampy.flag("trap_exit", True)
        while True:
            await trio.sleep(0)
            try:
                msg = beampy.receive_nowait()
            except trio.WouldBlock:
                continue
            beampy.send(to, ("spinner got", msg))

    async def main() -> tuple[Any, Pid]:
        me = beampy.self()
        pid = beampy.spawn(spinner, me)
        await beampy.yield_()
        beampy.exit(pid, "note")
        return await beampy.receive(timeout=10), me

    got, me = run(main)
    assert got == ("spinner got", ExitMessage(me, "note"))


def test_move_on_after_around_beampy_sleep_cuts_it_short() -> None:
    async def main() -> tuple[bool, float]:
        start = trio.current_time()
        with trio.move_on_after(1) as scope:
            await beampy.sleep(5)
        return scope.cancelled_caught, trio.current_time() - start

    assert run(main) == (True, 1.0)


def test_cancelled_scope_around_receive_raises_at_once_and_keeps_messages() -> None:
    async def main() -> tuple[bool, float, list[Any]]:
        beampy.send(beampy.self(), "other")
        start = trio.current_time()
        with trio.CancelScope() as scope:
            scope.cancel()
            await beampy.receive("wanted")
        return scope.cancelled_caught, trio.current_time() - start, drain()

    assert run(main) == (True, 0.0, ["other"])


async def test_cancel_status_reading_tracks_trio_cancel_scopes() -> None:
    # beampy reads trio's private Task._cancel_status in one place (hand-off and
    # hand-back decisions); if a trio release renames or changes it, this fails
    # loudly rather than letting processes be moved between tasks wrongly.
    from beampy._core._runtime import cancel_status

    task = trio.lowlevel.current_task()
    outside = cancel_status(task)
    assert cancel_status(task) is outside
    with trio.CancelScope():
        inside = cancel_status(task)
        assert inside is not outside
        with trio.CancelScope() as cs:
            cs.cancel()
            assert cancel_status(task) is not inside
        assert cancel_status(task) is inside
    assert cancel_status(task) is outside


def test_blocking_operations_are_native_coroutines_on_this_interpreter() -> None:
    import inspect
    import types

    from beampy._core import _runtime

    # on CPython 3.11 the traps are flipped generator code (no second frame per call)
    if sys.implementation.name == "cpython" and sys.version_info[:2] == (3, 11):
        assert _runtime._flip_works()
        assert _runtime.native_coroutine is _runtime._flip
    for fn in (beampy.receive, beampy.sleep, beampy.yield_, beampy.hibernate):
        assert inspect.iscoroutinefunction(fn)
    coro = beampy.yield_()
    assert type(coro) is types.CoroutineType
    coro.close()


def test_statistics_count_a_hosted_spawn_as_a_hand_off() -> None:
    # found by an adversarial run: spawn(hosted=True) counted its hand-back to the run queue
    # but no hand-off, so handbacks could exceed handoffs
    async def goes_back() -> None:
        await trio.sleep(0)
        await beampy.receive("never")

    async def main() -> tuple[int, int]:
        before = current_runtime().statistics()
        beampy.spawn(goes_back, hosted=True)
        await settle()
        after = current_runtime().statistics()
        return after.handoffs - before.handoffs, after.handbacks - before.handbacks

    handoffs, handbacks = run(main)
    assert handbacks == 1
    assert handoffs >= handbacks
