"""The call plumbing's fast paths keep the slow paths' semantics.

``beampy.monitor(pid, alias=...)`` makes the reference, the monitor and the alias in one step
for a live pid on the caller's runtime, and ``beampy.send`` to an active alias delivers inline
(using the alias up, and a ``reply_demonitor`` alias's monitor with it, and cancelling the
receiver's timer when its compiled pattern takes the message).  Each test pins one thing those
paths must still do exactly as ``Kernel.monitor`` and ``send_to`` do.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
import trio
import trio.testing

import beampy
from beampy import ANY, DownMessage, Pid, Ref
from beampy.lowlevel import current_runtime
from tests.process.support import LONG, block_forever, drain, exit_with, run, settle

HANG_GUARD = 120.0  # real seconds; only guards a thread join against a hang


def _monitors() -> list[Any]:
    return beampy.info(beampy.self(), "monitors")  # type: ignore[no-any-return]


def _timers() -> int:
    return current_runtime().statistics().timers


async def _reply_to(tag: Ref, value: Any, times: int = 1) -> None:
    for _ in range(times):
        beampy.send(tag, (tag, value))


async def _reply_then_exit(tag: Ref, value: Any, reason: Any) -> None:
    beampy.send(tag, (tag, value))
    raise beampy.Exit(reason)


async def _wait_then_reply(value: Any) -> None:
    tag = await beampy.receive()
    beampy.send(tag, (tag, value))
    await beampy.receive("never-sent")


def test_reply_to_a_caller_waiting_with_a_timeout_cancels_its_timer() -> None:
    async def main() -> tuple[Any, int, list[Any], list[Any], list[Any]]:
        server = beampy.spawn(_wait_then_reply, "hi")
        ref = beampy.monitor(server, alias="reply_demonitor")
        beampy.send(server, ref)
        got = await beampy.receive((ref, ANY), DownMessage(ref, ANY, ANY), timeout=LONG)
        timers = _timers()
        monitored_by = beampy.info(server, "monitored_by")
        beampy.send(ref, (ref, "late"))  # the alias is used up: dropped
        return got, timers, _monitors(), monitored_by, drain()

    got, timers, monitors, monitored_by, left = run(main)
    assert got[1] == "hi"
    assert timers == 0
    assert monitors == []
    assert monitored_by == []
    assert left == []


def test_reply_not_matched_by_the_wait_is_queued_and_the_timer_stays() -> None:
    async def main() -> tuple[Any, ...]:
        server = beampy.spawn(block_forever)
        ref = beampy.monitor(server, alias="reply_demonitor")
        beampy.spawn(_reply_to, ref, "queued")
        with pytest.raises(beampy.ReceiveTimeout):
            await beampy.receive("something else", timeout=5.0)
        after = _timers()
        queued = beampy.info(beampy.self(), "messages")
        return after, queued, _monitors(), beampy.info(server, "monitored_by")

    after, queued, monitors, monitored_by = run(main)
    assert after == 0  # it fired: the reply did not end the wait
    assert len(queued) == 1
    assert queued[0][1] == "queued"
    assert monitors == []  # but the reply did take the monitor
    assert monitored_by == []


def test_a_reply_demonitor_alias_used_twice_delivers_once() -> None:
    async def main() -> tuple[list[Any], list[Any]]:
        server = beampy.spawn(block_forever)
        ref = beampy.monitor(server, alias="reply_demonitor")
        beampy.spawn(_reply_to, ref, "x", 2)
        await settle()
        beampy.exit(server, "kill")  # no DOWN: the first reply removed the monitor
        await settle()
        return drain(), _monitors()

    left, monitors = run(main)
    assert [m[1] for m in left] == ["x"]
    assert monitors == []


def test_send_to_a_reply_alias_after_demonitor_is_dropped() -> None:
    async def main() -> list[Any]:
        server = beampy.spawn(block_forever)
        ref = beampy.monitor(server, alias="reply_demonitor")
        beampy.demonitor(ref)
        beampy.send(ref, (ref, "late"))
        beampy.spawn(_reply_to, ref, "later")
        await settle()
        return drain()

    assert run(main) == []


def test_a_down_first_ends_the_alias_and_a_later_reply_is_dropped() -> None:
    async def main() -> tuple[Any, list[Any]]:
        server = beampy.spawn(block_forever)
        ref = beampy.monitor(server, alias="reply_demonitor")
        beampy.exit(server, "kill")
        beampy.spawn(_reply_then_exit, ref, "late", "boom")
        got = await beampy.receive((ref, ANY), DownMessage(ref, ANY, ANY), timeout=LONG)
        await settle()
        return got, drain()

    got, left = run(main)
    assert type(got) is DownMessage
    assert got.reason == "killed"
    assert left == []


def test_the_reply_beats_a_later_down_and_removes_the_monitor() -> None:
    async def main() -> tuple[Any, list[Any]]:
        server = beampy.spawn(_wait_then_reply_and_exit)
        ref = beampy.monitor(server, alias="reply_demonitor")
        beampy.send(server, ref)
        got = await beampy.receive((ref, ANY), DownMessage(ref, ANY, ANY), timeout=LONG)
        await settle()
        return got, drain()

    got, left = run(main)
    assert got[1] == "reply"
    assert left == []  # the reply removed the monitor: no DOWN follows


async def _wait_then_reply_and_exit() -> None:
    tag = await beampy.receive()
    beampy.send(tag, (tag, "reply"))
    raise beampy.Exit("after the reply")


def test_a_hosted_caller_gets_the_reply_through_the_alias() -> None:
    async def caller(to: Pid) -> None:
        await trio.sleep(0)
        server = beampy.spawn(_wait_then_reply, "hosted")
        ref = beampy.monitor(server, alias="reply_demonitor")
        beampy.send(server, ref)
        with trio.CancelScope():  # a trio scope stays open: the receive waits on the host
            got = await beampy.receive((ref, ANY), DownMessage(ref, ANY, ANY), timeout=LONG)
        beampy.send(to, (got[1], _monitors(), _timers()))

    async def main() -> Any:
        beampy.spawn(caller, beampy.self())
        return await beampy.receive()  # no timer of its own: the caller counts them

    assert run(main) == ("hosted", [], 0)


def test_send_to_an_alias_from_another_thread_raises_and_changes_nothing() -> None:
    async def main() -> tuple[Any, list[Any], list[Any]]:
        server = beampy.spawn(block_forever)
        ref = beampy.monitor(server, alias="reply_demonitor")
        outcome: list[Any] = []

        def from_thread() -> None:
            try:
                outcome.append(beampy.send(ref, (ref, "from a thread")))
            except BaseException as e:
                outcome.append(e)

        thread = threading.Thread(target=from_thread)
        thread.start()
        thread.join(HANG_GUARD)
        with_monitor = _monitors()
        beampy.send(ref, (ref, "still active"))  # the alias was not used up
        return outcome, with_monitor, drain()

    outcome, with_monitor, left = run(main)
    assert type(outcome[0]) is beampy.WrongThreadError
    assert len(with_monitor) == 1
    assert [m[1] for m in left] == ["still active"]


def test_send_to_an_alias_from_a_worker_thread_of_the_process_raises() -> None:
    async def main() -> tuple[Any, list[Any]]:
        server = beampy.spawn(block_forever)
        ref = beampy.monitor(server, alias="reply_demonitor")

        def attempt() -> Any:
            try:
                return beampy.send(ref, (ref, "from a worker"))
            except BaseException as e:
                return e

        outcome = await trio.to_thread.run_sync(attempt)
        return outcome, _monitors()

    outcome, monitors = run(main)
    assert type(outcome) is beampy.WrongThreadError
    assert len(monitors) == 1


def test_monitor_fast_path_keeps_the_slow_paths_rules() -> None:
    async def main() -> dict[str, Any]:
        out: dict[str, Any] = {}
        me = beampy.self()
        own = beampy.monitor(me, alias="reply_demonitor")  # a ref, an alias, no monitor
        out["self"] = (_monitors(), beampy.demonitor(own, info=True))
        dead = beampy.spawn(exit_with, "gone")
        await settle()
        ref = beampy.monitor(dead, alias="reply_demonitor")
        out["dead"] = await beampy.receive(DownMessage(ref, ANY, ANY), timeout=LONG)
        beampy.send(ref, (ref, "after noproc"))  # the DOWN ended the alias
        out["dead_left"] = drain()
        with pytest.raises(ValueError, match="alias must be"):
            beampy.monitor(dead, alias="bogus")  # type: ignore[arg-type]
        live = beampy.spawn(block_forever)
        with pytest.raises(ValueError, match="alias must be"):
            beampy.monitor(live, alias="reply")  # type: ignore[arg-type]
        out["after_bad"] = _monitors()
        killed = beampy.spawn(block_forever)
        beampy.exit(killed, "kill")  # killed now, ends at its next step
        ref = beampy.monitor(killed)
        out["killed"] = await beampy.receive(DownMessage(ref, ANY, ANY), timeout=LONG)
        plain = beampy.monitor(live, alias="demonitor")
        beampy.send(plain, "through a demonitor alias")  # stays active until the DOWN
        beampy.send(plain, "twice")
        beampy.exit(live, "kill")
        down = await beampy.receive(DownMessage(plain, ANY, ANY), timeout=LONG)
        beampy.send(plain, "after the DOWN")
        out["demonitor_alias"] = (down.reason, drain())
        return out

    out = run(main)
    assert out["self"] == ([], False)
    assert out["dead"].reason == "noproc"
    assert out["dead_left"] == []
    assert out["after_bad"] == []
    assert out["killed"].reason == "noproc"
    assert out["demonitor_alias"] == ("killed", ["through a demonitor alias", "twice"])


def test_a_reply_mode_alias_is_used_up_by_its_first_message() -> None:
    async def main() -> list[Any]:
        a = beampy.alias("reply")
        beampy.spawn(_reply_to, a, "one", 2)
        beampy.send(a, "mine")  # the first message through it: sent here
        await settle()
        return drain()

    assert run(main) == ["mine"]


async def _times_out_after(to: Pid, timeout: float) -> None:
    t0 = trio.current_time()
    with pytest.raises(beampy.ReceiveTimeout):
        await beampy.receive("never-sent", timeout=timeout)
    beampy.send(to, (timeout, trio.current_time() - t0))


def test_a_receive_timeout_never_fires_before_its_time_on_trio_s_clock() -> None:
    # time moves only when this test jumps it; waiters start between the jumps,
    # so a deadline computed from an earlier clock reading would fire early
    clock = trio.testing.MockClock()

    async def main() -> list[tuple[float, float]]:
        fired: list[tuple[float, float]] = []
        async with beampy.open_runtime() as rt, rt.mailbox() as mb:
            started = 0
            for tick in range(64):
                if tick % 4 == 0 and started < 8:
                    rt.spawn(_times_out_after, mb.pid, 0.25 + 0.125 * started)
                    started += 1
                await trio.testing.wait_all_tasks_blocked()
                while True:
                    try:
                        fired.append(mb.receive_nowait())
                    except trio.WouldBlock:
                        break
                clock.jump(0.0625)
        return fired

    fired = trio.run(main, clock=clock)
    assert len(fired) == 8
    for timeout, elapsed in fired:
        assert elapsed >= timeout
        assert elapsed < timeout + 0.25  # and not much later (the jumps are 1/16 s)
