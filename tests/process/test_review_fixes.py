"""Regression tests for defects found by an adversarial review of the rewritten process layer."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from typing import Any

import pytest
import trio
import trio.testing

import beampy
import beampy.lowlevel
from beampy import Pid
from tests.process.support import LONG, block_forever, down_reason, run


@dataclass(frozen=True)
class _Reply:  # a user dataclass: matched by the receiver itself (impure pattern)
    tag: str


def test_user_pattern_receive_woken_by_a_message_in_the_tick_its_timer_fires() -> None:
    # the message and the receive's timeout are due at the same instant, the message
    # first: the receive returns it, and its timer must not wake the process again
    async def receiver(to: Pid) -> None:
        beampy.send_after(beampy.self(), _Reply("r"), 5.0)
        got = await beampy.receive(_Reply("r"), timeout=5.0)
        try:
            await beampy.receive("never-sent", timeout=1.0)
            after: Any = "returned"
        except beampy.ReceiveTimeout:
            after = "timeout"
        beampy.send(to, (got, after))

    async def main() -> Any:
        beampy.spawn(receiver, beampy.self())
        return await beampy.receive(timeout=LONG)

    assert run(main) == (_Reply("r"), "timeout")


def test_keyboard_interrupt_in_the_cleanup_of_a_killed_process_still_interrupts_run() -> None:
    async def victim() -> None:
        try:
            await block_forever()
        finally:
            raise KeyboardInterrupt

    async def main() -> str:
        pid = beampy.spawn(victim)
        await beampy.sleep(1)
        beampy.exit(pid, "shutdown")
        await beampy.sleep(LONG)
        return "not interrupted"

    with pytest.raises(KeyboardInterrupt):
        run(main)


async def test_mailbox_refuses_a_second_waiter_and_wakes_a_waiter_when_closed(
    autojump_clock: trio.testing.MockClock,
) -> None:
    errors: list[BaseException] = []
    async with beampy.open_runtime() as rt, trio.open_nursery() as nursery, rt.mailbox() as mb:

        async def waiter() -> None:
            try:
                await mb.receive()
            except RuntimeError as e:
                errors.append(e)

        nursery.start_soon(waiter)
        await trio.testing.wait_all_tasks_blocked()
        with pytest.raises(trio.BusyResourceError):
            await mb.receive()
    assert len(errors) == 1
    assert "closed" in str(errors[0])


async def test_mailbox_message_taken_by_another_task_is_never_returned_twice(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with beampy.open_runtime() as rt, rt.mailbox() as mb:
        rt.send(mb.pid, "a")
        out: list[Any] = []
        async with trio.open_nursery() as nursery:

            async def nowait() -> None:
                try:
                    out.append(mb.receive_nowait())
                except trio.WouldBlock:
                    out.append("would block")

            nursery.start_soon(nowait)
            try:
                out.append(await mb.receive(timeout=1.0))
            except beampy.ReceiveTimeout:
                out.append("timeout")
        assert sorted(out) in (["a", "would block"], ["a", "timeout"])
        with pytest.raises(trio.WouldBlock):
            mb.receive_nowait()


async def test_a_link_across_two_runtimes_in_one_thread_lets_both_close(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async def b_proc() -> None:
        await beampy.receive("never", timeout=LONG)

    async def a_proc(b: Pid) -> None:
        beampy.link(b)
        raise beampy.Exit("boom")

    async with beampy.open_runtime() as rt1:
        async with beampy.open_runtime() as rt2:
            b = rt2.spawn(b_proc)
            rt1.spawn(a_proc, b)
            assert await rt2.wait_exit(b) == "boom"
            assert rt2.statistics().processes == 0
        closed = True
    assert closed


@pytest.mark.parametrize(
    ("raise_it", "expected"),
    [
        (lambda: beampy.Exit("my_reason"), "my_reason"),
        (lambda: SystemExit(3), SystemExit),
    ],
    ids=["exit", "sys.exit"],
)
def test_beampy_control_flow_through_a_trio_nursery_is_not_a_crash(
    raise_it: Any, expected: Any
) -> None:
    async def in_nursery() -> None:
        async with trio.open_nursery():
            raise raise_it()

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(in_nursery)
        return await down_reason(ref)

    if expected is SystemExit:
        with pytest.raises(SystemExit):
            run(main)
    else:
        assert run(main) == expected


def test_hibernate_from_inside_a_trio_nursery_switches() -> None:
    async def after() -> None:
        raise beampy.Exit(("woke with", await beampy.receive()))

    async def sleeper() -> None:
        async with trio.open_nursery():
            await beampy.hibernate(after)

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(sleeper)
        await beampy.sleep(1)
        beampy.send(pid, "hi")
        return await down_reason(ref)

    assert run(main) == ("woke with", "hi")


def test_timers_read_or_cancelled_from_a_foreign_thread_raise_wrong_thread_error() -> None:
    errors: list[BaseException] = []

    async def main() -> None:
        ref = beampy.send_after(beampy.self(), "x", 10.0)

        def other() -> None:
            for call in (beampy.cancel_timer, beampy.read_timer):
                try:
                    call(ref)
                except BaseException as e:
                    errors.append(e)

        t = threading.Thread(target=other)
        t.start()
        await trio.to_thread.run_sync(t.join)

    run(main)
    assert [type(e) for e in errors] == [beampy.WrongThreadError] * 2


def test_a_killed_process_cannot_act_through_the_runtime_object() -> None:
    seen: list[Any] = []

    async def victim() -> None:
        rt = beampy.lowlevel.current_runtime()
        try:
            await block_forever()
        finally:
            try:
                rt.spawn(block_forever)
            except beampy.ExitSignal as e:
                seen.append(e.reason)

    async def main() -> int:
        pid, ref = beampy.spawn_monitor(victim)
        await beampy.sleep(1)
        beampy.exit(pid, "kill")
        await down_reason(ref)
        return len(beampy.list())

    assert run(main) == 1
    assert seen == ["killed"]


def test_sys_exit_status_through_a_nursery_in_a_script() -> None:
    import subprocess

    script = (
        "import sys, trio, beampy\n"
        "async def main():\n"
        "    async with trio.open_nursery():\n"
        "        sys.exit(4)\n"
        "beampy.run(main)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == 4, done.stderr


def test_runtime_statistics_from_a_foreign_thread_raise_wrong_thread_error() -> None:
    # found by an adversarial run: every Runtime method must be called from its thread;
    # statistics() answered from any thread
    errors: list[BaseException] = []

    async def main() -> None:
        rt = beampy.lowlevel.current_runtime()

        def other() -> None:
            try:
                rt.statistics()
            except BaseException as e:
                errors.append(e)

        t = threading.Thread(target=other)
        t.start()
        await trio.to_thread.run_sync(t.join)

    run(main)
    assert [type(e) for e in errors] == [beampy.WrongThreadError]
