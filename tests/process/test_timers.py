"""send_after / read_timer / cancel_timer (seconds), and sleep (conformance 026).

All on the autojump MockClock: delays are virtual, and binary fractions (0.25, 0.75...) make the
remaining times exact.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
import trio

import beampy
from beampy import Pid, ReceiveTimeout, Ref
from tests.process.support import LONG, block_forever, down_reason, drain, run, settle, wait_down


def _stats_timers() -> int:
    from beampy.lowlevel import current_runtime

    return current_runtime().statistics().timers


def test_send_after_delivers_after_the_delay_and_not_before() -> None:
    async def main() -> tuple[str, Any, float]:
        start = trio.current_time()
        beampy.send_after(beampy.self(), "tick", 1.0)
        try:
            await beampy.receive("tick", timeout=0.5)
            early = "early"
        except ReceiveTimeout:
            early = "none"
        got = await beampy.receive("tick", timeout=0.75)
        return early, got, trio.current_time() - start

    assert run(main) == ("none", "tick", 1.0)


def test_send_after_returns_a_ref() -> None:
    async def main() -> Any:
        return type(beampy.send_after(beampy.self(), "x", 1))

    assert run(main) is Ref


def test_send_after_zero_delivers_at_once() -> None:
    async def main() -> Any:
        beampy.send_after(beampy.self(), "now", 0)
        return await beampy.receive(timeout=0.001)

    assert run(main) == "now"


def test_read_timer_returns_remaining_seconds_then_false_after_firing() -> None:
    async def main() -> list[Any]:
        ref = beampy.send_after(beampy.self(), "tick", 1.0)
        out = [beampy.read_timer(ref)]
        await beampy.sleep(0.25)
        out.append(beampy.read_timer(ref))
        out.append(await beampy.receive("tick"))
        out.append(beampy.read_timer(ref))
        return out

    assert run(main) == [1.0, 0.75, "tick", False]


def test_cancel_timer_returns_remaining_and_suppresses_the_message() -> None:
    async def main() -> list[Any]:
        ref = beampy.send_after(beampy.self(), "tick", 2.0)
        await beampy.sleep(0.5)
        out: list[Any] = [beampy.cancel_timer(ref), beampy.cancel_timer(ref)]
        out.append(beampy.read_timer(ref))
        await settle(5)
        out.append(drain())
        return out

    assert run(main) == [1.5, False, False, []]


def test_cancel_timer_after_firing_is_false_and_message_stays() -> None:
    async def main() -> list[Any]:
        ref = beampy.send_after(beampy.self(), "tick", 0.5)
        await settle()
        return [beampy.cancel_timer(ref), drain()]

    assert run(main) == [False, ["tick"]]


def test_read_and_cancel_timer_of_a_non_timer_ref_are_false() -> None:
    async def main() -> tuple[Any, Any]:
        ref = beampy.make_ref()
        return beampy.read_timer(ref), beampy.cancel_timer(ref)

    assert run(main) == (False, False)


def test_send_after_to_another_process() -> None:
    # conformance 026: child_got :later
    async def child(to: Pid) -> None:
        beampy.send(to, ("child got", await beampy.receive()))

    async def main() -> Any:
        pid = beampy.spawn(child, beampy.self())
        beampy.send_after(pid, "later", 0.25)
        return await beampy.receive(timeout=10)

    assert run(main) == ("child got", "later")


def test_send_after_timers_fire_in_deadline_order_then_creation_order() -> None:
    async def main() -> list[Any]:
        me = beampy.self()
        beampy.send_after(me, "c", 0.75)
        beampy.send_after(me, "a1", 0.25)
        beampy.send_after(me, "b", 0.5)
        beampy.send_after(me, "a2", 0.25)
        await settle()
        return drain()

    assert run(main) == ["a1", "a2", "b", "c"]


def test_send_after_to_name_is_resolved_when_the_timer_fires() -> None:
    async def main() -> tuple[Any, Any]:
        ref = beampy.send_after("later", "y", 0.5)
        beampy.register(beampy.self(), "later")
        got = await beampy.receive(timeout=10)
        return got, beampy.read_timer(ref)

    assert run(main) == ("y", False)


def test_send_after_to_name_nobody_holds_at_fire_time_is_dropped() -> None:
    async def main() -> tuple[Any, list[Any], bool]:
        ref = beampy.send_after("nobody", "x", 0.5)
        await settle()
        return beampy.read_timer(ref), drain(), beampy.is_alive(beampy.self())

    assert run(main) == (False, [], True)


def test_send_after_to_name_whose_owner_changed_goes_to_the_new_owner() -> None:
    async def holder(to: Pid) -> None:
        beampy.send(to, ("holder got", await beampy.receive()))

    async def main() -> Any:
        first = beampy.spawn(settle, 0.1)
        beampy.register(first, "svc")
        beampy.send_after("svc", "for svc", 1.0)
        await wait_down(first)
        beampy.register(beampy.spawn(holder, beampy.self()), "svc")
        return await beampy.receive(timeout=10)

    assert run(main) == ("holder got", "for svc")


def test_send_after_timer_is_cancelled_when_the_destination_dies() -> None:
    async def main() -> tuple[Any, Any, Any, int]:
        pid, mref = beampy.spawn_monitor(block_forever)
        ref = beampy.send_after(pid, "x", 5.0)
        before = beampy.read_timer(ref)
        beampy.exit(pid, "bye")
        await down_reason(mref)
        return before, beampy.read_timer(ref), beampy.cancel_timer(ref), _stats_timers()

    assert run(main) == (5.0, False, False, 0)


def test_send_after_to_dead_pid_creates_no_live_timer() -> None:
    async def main() -> tuple[Any, int]:
        pid, ref0 = beampy.spawn_monitor(settle, 0.1)
        await down_reason(ref0)
        ref = beampy.send_after(pid, "x", 5.0)
        return beampy.read_timer(ref), _stats_timers()

    assert run(main) == (False, 0)


def test_a_killed_process_still_in_its_cleanup_is_dead_to_timers() -> None:
    # dead to everyone else from the kill on (docs/differences.md): a timer aimed at it is
    # cancelled then, and a new one is born cancelled, as for a pid that has ended
    async def slow_cleanup() -> None:
        try:
            await block_forever()
        finally:
            with trio.CancelScope(shield=True):
                await trio.sleep(1.0)

    async def main() -> list[Any]:
        pid, ref = beampy.spawn_monitor(slow_cleanup)
        await settle()
        before = beampy.send_after(pid, "late", 5.0)
        beampy.exit(pid, "kill")
        out: list[Any] = [beampy.is_alive(pid), beampy.read_timer(before)]
        after = beampy.send_after(pid, "later", 1.0)
        out += [beampy.read_timer(after), beampy.cancel_timer(after), _stats_timers()]
        out.append(await down_reason(ref))
        return out

    assert run(main) == [False, False, False, False, 0, "killed"]


def test_send_after_timer_survives_the_death_of_its_creator() -> None:
    async def creator(to: Pid) -> None:
        beampy.send_after(to, "from a dead creator", 1.0)

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(creator, beampy.self())
        await down_reason(ref)
        return await beampy.receive(timeout=10)

    assert run(main) == "from a dead creator"


def test_send_after_timer_to_self_is_cancelled_when_self_dies() -> None:
    async def owner() -> None:
        beampy.send_after(beampy.self(), "x", 10.0)
        await beampy.sleep(1)

    async def main() -> tuple[Any, int]:
        _, ref = beampy.spawn_monitor(owner)
        await beampy.yield_()
        during = _stats_timers()
        reason = await down_reason(ref)
        return (during, reason), _stats_timers()

    # during: the owner's send_after and its sleep; after: none
    assert run(main) == ((2, "normal"), 0)


@pytest.mark.parametrize(
    ("seconds", "error", "text"),
    [
        (-1, ValueError, "finite number of seconds >= 0.*got -1$"),
        (math.nan, ValueError, "finite number of seconds >= 0.*got nan$"),
        (math.inf, ValueError, "finite number of seconds >= 0.*got inf$"),
        (
            2e15,
            ValueError,
            r"finite number of seconds >= 0 \(at most 1e\+15\); got 2000000000000000\.0$",
        ),
        ("1", TypeError, "'1'"),
        (None, TypeError, "None"),
    ],
)
def test_send_after_bad_delay_raises(seconds: Any, error: type[Exception], text: str) -> None:
    async def main() -> str:
        with pytest.raises(error, match=text) as info:
            beampy.send_after(beampy.self(), "x", seconds)
        # a timer must fire: no message may offer math.inf as an accepted value
        assert "math.inf" not in str(info.value)
        return "ok"

    assert run(main) == "ok"


def test_send_after_bad_destination_raises_type_error() -> None:
    async def main() -> str:
        with pytest.raises(TypeError, match="42"):
            beampy.send_after(42, "x", 1)  # type: ignore[arg-type]
        return "ok"

    assert run(main) == "ok"


def test_read_timer_of_non_ref_raises_type_error() -> None:
    async def main() -> str:
        with pytest.raises(TypeError, match="'x'"):
            beampy.read_timer("x")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="'x'"):
            beampy.cancel_timer("x")  # type: ignore[arg-type]
        return "ok"

    assert run(main) == "ok"


# -- sleep -------------------------------------------------------------------------------


def test_sleep_waits_the_given_seconds_and_messages_keep_arriving() -> None:
    async def sender(to: Pid) -> None:
        beampy.send(to, "during sleep")

    async def main() -> tuple[float, list[Any]]:
        start = trio.current_time()
        beampy.spawn(sender, beampy.self())
        await beampy.sleep(0.5)
        return trio.current_time() - start, drain()

    assert run(main) == (0.5, ["during sleep"])


def test_sleep_zero_lets_others_run_first() -> None:
    order: list[str] = []

    async def other() -> None:
        order.append("other")

    async def main() -> list[str]:
        beampy.spawn(other)
        await beampy.sleep(0)
        order.append("main")
        return order

    assert run(main) == ["other", "main"]


def test_sleep_infinite_lasts_until_killed() -> None:
    async def sleeper() -> None:
        await beampy.sleep(math.inf)

    async def main() -> tuple[bool, Any]:
        pid, ref = beampy.spawn_monitor(sleeper)
        await settle(10_000)
        alive = beampy.is_alive(pid)
        beampy.exit(pid, "wake")
        return alive, await down_reason(ref)

    assert run(main) == (True, "wake")


def test_receive_timeout_timer_is_removed_when_a_message_arrives() -> None:
    async def sender(to: Pid) -> None:
        beampy.send(to, "in time")

    async def main() -> tuple[Any, int]:
        beampy.spawn(sender, beampy.self())
        got = await beampy.receive(timeout=100)
        return got, _stats_timers()

    assert run(main) == ("in time", 0)


def test_cancel_timer_info_false_and_async_as_elixir() -> None:
    # Process.cancel_timer(ref, info: false) returns :ok; async: true returns :ok and,
    # with info, sends {:cancel_timer, ref, result} (an audit found the options missing)
    async def main() -> tuple[list[Any], Ref]:
        me = beampy.self()
        quiet = beampy.send_after(me, "a", 2.0)
        told = beampy.send_after(me, "b", 2.0)
        silent = beampy.send_after(me, "c", 2.0)
        await beampy.sleep(0.5)
        out: list[Any] = [
            beampy.cancel_timer(quiet, info=False),
            beampy.cancel_timer(told, async_=True),
            beampy.cancel_timer(silent, async_=True, info=False),
            beampy.cancel_timer(told, async_=True),
        ]
        await settle(5)
        return [*out, drain()], told

    out, told = run(main)
    assert out == ["ok"] * 4 + [[("cancel_timer", told, 1.5), ("cancel_timer", told, False)]]


def test_cancel_timer_async_from_trio_code_raises_first_and_cancels_nothing() -> None:
    # review: it cancelled the timer, then raised NotInProcessError naming self()
    async def arm(to: Pid) -> None:
        beampy.send(to, beampy.send_after(to, "tick", 5.0))

    async def main() -> tuple[str, Any]:
        async with beampy.open_runtime() as rt, rt.mailbox() as mb:
            rt.spawn(arm, mb.pid)
            ref = await mb.receive()
            try:
                beampy.cancel_timer(ref, async_=True)
            except beampy.NotInProcessError as e:
                return str(e), await mb.receive(timeout=LONG)  # (the bug: it times out)
            return "no error", None

    message, got = trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0))
    assert message.startswith("beampy.cancel_timer()")
    assert got == "tick"
