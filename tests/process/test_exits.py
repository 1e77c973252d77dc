"""exit/2 (every BEAM rule), Exit (Kernel.exit/1), exit reasons, and how exit signals reach code."""

from __future__ import annotations

import contextlib
import math
from typing import Any

import pytest
import trio

import beampy
from beampy import ExitMessage, ExitSignal, Pid
from tests.process.support import (
    block_forever,
    down_reason,
    drain,
    exit_with,
    run,
    settle,
    trapper_reporting,
)


async def _pinger() -> None:
    while True:
        sender = await beampy.receive(Pid)
        beampy.send(sender, "pong")


def test_exit_returns_true() -> None:
    async def main() -> Any:
        pid = beampy.spawn(block_forever)
        return beampy.exit(pid, "x")

    assert run(main) is True


def test_exit_to_dead_pid_returns_true() -> None:
    # conformance 005
    async def main() -> tuple[Any, Any]:
        pid, ref = beampy.spawn_monitor(settle, 0.1)
        await down_reason(ref)
        return beampy.exit(pid, "kill"), beampy.exit(pid, "custom")

    assert run(main) == (True, True)


def test_exit_normal_to_non_trapping_other_is_ignored() -> None:
    # conformance 015
    async def main() -> tuple[Any, bool, Any]:
        pid = beampy.spawn(_pinger)
        result = beampy.exit(pid, "normal")
        await settle()
        beampy.send(pid, beampy.self())
        return result, beampy.is_alive(pid), await beampy.receive(timeout=10)

    assert run(main) == (True, True, "pong")


def test_exit_normal_to_trapping_other_becomes_a_message() -> None:
    # conformance 015: no link needed
    async def main() -> tuple[Any, Any, bool]:
        me = beampy.self()
        pid = beampy.spawn(trapper_reporting, me)
        await settle()
        beampy.exit(pid, "normal")
        got = await beampy.receive(timeout=10)
        return got, ("got", ExitMessage(me, "normal")), beampy.is_alive(pid)

    got, expected, alive = run(main)
    assert got == expected
    assert alive is True


def test_exit_custom_reason_kills_non_trapping_target() -> None:
    # conformance 016
    async def main() -> Any:
        pid = beampy.spawn(block_forever)
        ref = beampy.monitor(pid)
        beampy.exit(pid, "custom")
        return await down_reason(ref)

    assert run(main) == "custom"


def test_exit_custom_reason_to_trapping_target_is_a_message_and_it_survives() -> None:
    # conformance 016
    async def main() -> tuple[Any, Any, bool]:
        me = beampy.self()
        pid = beampy.spawn(trapper_reporting, me)
        await settle()
        beampy.exit(pid, "custom")
        got = await beampy.receive(timeout=10)
        return got, ("got", ExitMessage(me, "custom")), beampy.is_alive(pid)

    got, expected, alive = run(main)
    assert got == expected
    assert alive is True


@pytest.mark.parametrize("reason", ["shutdown", ("shutdown", "bye"), ("tuple", 1), 42, None])
def test_exit_any_term_reason_kills_non_trapping_target_with_it(reason: Any) -> None:
    async def main() -> Any:
        pid = beampy.spawn(block_forever)
        ref = beampy.monitor(pid)
        beampy.exit(pid, reason)
        return await down_reason(ref)

    assert run(main) == reason


def test_exit_kill_kills_a_trapping_target_with_killed() -> None:
    # conformance 017
    async def main() -> tuple[Any, list[Any]]:
        me = beampy.self()
        pid = beampy.spawn(trapper_reporting, me)
        await settle()
        ref = beampy.monitor(pid)
        beampy.exit(pid, "kill")
        reason = await down_reason(ref)
        return reason, drain()

    assert run(main) == ("killed", [])


def test_exit_kill_target_reads_dead_at_once() -> None:
    async def main() -> tuple[bool, Any]:
        pid = beampy.spawn(block_forever)
        await settle()
        beampy.exit(pid, "kill")
        return beampy.is_alive(pid), beampy.info(pid)

    assert run(main) == (False, None)


def test_exit_killed_reason_sent_by_exit_is_trappable() -> None:
    async def main() -> tuple[Any, Any, bool]:
        me = beampy.self()
        pid = beampy.spawn(trapper_reporting, me)
        await settle()
        beampy.exit(pid, "killed")
        got = await beampy.receive(timeout=10)
        return got, ("got", ExitMessage(me, "killed")), beampy.is_alive(pid)

    got, expected, alive = run(main)
    assert got == expected
    assert alive is True


def test_exit_killed_propagates_to_links_as_ordinary_killed() -> None:
    # conformance 018: b killed by "kill"; a (linked, not trapping) dies "killed";
    # a trapper linked to b gets ExitMessage(b, "killed") and lives.
    async def linker(to_link: Pid, report: Pid) -> None:
        beampy.flag("trap_exit", True)
        beampy.link(to_link)
        beampy.send(report, ("trapper got", await beampy.receive()))
        await block_forever()

    async def plain_linker(to_link: Pid) -> None:
        beampy.link(to_link)
        await block_forever()

    async def main() -> tuple[Any, Any, Any, Pid, bool]:
        b = beampy.spawn(block_forever)
        a = beampy.spawn(plain_linker, b)
        t = beampy.spawn(linker, b, beampy.self())
        await settle()
        aref, bref = beampy.monitor(a), beampy.monitor(b)
        beampy.exit(b, "kill")
        got = await beampy.receive(("trapper got", ExitMessage))
        return await down_reason(bref), await down_reason(aref), got, b, beampy.is_alive(t)

    b_reason, a_reason, got, b, trapper_alive = run(main)
    assert (b_reason, a_reason) == ("killed", "killed")
    assert got == ("trapper got", ExitMessage(b, "killed"))
    assert trapper_alive is True


def test_exit_self_normal_ends_a_non_trapping_caller() -> None:
    # conformance 020
    continued: list[str] = []

    async def plain() -> None:
        beampy.exit(beampy.self(), "normal")
        continued.append("continued")

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(plain)
        return await down_reason(ref)

    assert run(main) == "normal"
    assert continued == []


def test_exit_self_normal_is_a_message_for_a_trapping_caller() -> None:
    # conformance 020
    async def trapper() -> None:
        beampy.flag("trap_exit", True)
        beampy.exit(beampy.self(), "normal")
        msg = await beampy.receive(timeout=10)
        raise beampy.Exit(("finished", msg))

    async def main() -> tuple[Any, Pid]:
        pid, ref = beampy.spawn_monitor(trapper)
        return await down_reason(ref), pid

    reason, pid = run(main)
    assert reason == ("finished", ExitMessage(pid, "normal"))


def test_exit_self_kill_kills_even_a_trapping_caller() -> None:
    # conformance 021
    async def trapper() -> None:
        beampy.flag("trap_exit", True)
        beampy.exit(beampy.self(), "kill")
        await block_forever()

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(trapper)
        return await down_reason(ref)

    assert run(main) == "killed"


def test_exit_self_custom_reason_ends_non_trapping_caller_at_once() -> None:
    continued: list[str] = []

    async def plain() -> None:
        beampy.exit(beampy.self(), "custom")
        continued.append("continued")

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(plain)
        return await down_reason(ref)

    assert run(main) == "custom"
    assert continued == []


def test_exit_raise_kill_by_itself_travels_as_a_trappable_kill() -> None:
    # "Behaviours worth a second look": exit(:kill) by the process itself sends a trappable
    # :kill; linked non-trapping processes die with :kill, not :killed.
    async def plain_peer() -> None:
        beampy.spawn_link(exit_with, "kill")
        await block_forever()

    async def trapping_peer(to: Pid) -> None:
        beampy.flag("trap_exit", True)
        child = beampy.spawn_link(exit_with, "kill")
        beampy.send(to, ("trapped", await beampy.receive(), child))

    async def main() -> tuple[Any, Any, Any]:
        _, ref = beampy.spawn_monitor(plain_peer)
        plain_reason = await down_reason(ref)
        beampy.spawn(trapping_peer, beampy.self())
        _, got, child = await beampy.receive(("trapped", ExitMessage, Pid))
        _dying, dref = beampy.spawn_monitor(exit_with, "kill")
        return plain_reason, got == ExitMessage(child, "kill"), await down_reason(dref)

    assert run(main) == ("kill", True, "kill")


# -- exit reasons of a process (conformance 027) -------------------------------------------


def test_exit_reason_of_raise_exit_is_the_reason() -> None:
    async def main() -> Any:
        _, ref = beampy.spawn_monitor(exit_with, "my_reason")
        return await down_reason(ref)

    assert run(main) == "my_reason"


def test_exit_reason_of_raise_exit_normal_is_normal_and_harmless_to_links() -> None:
    async def peer() -> None:
        beampy.spawn_link(exit_with, "normal")
        await settle()

    async def main() -> tuple[Any, Any]:
        _, r1 = beampy.spawn_monitor(exit_with, "normal")
        _, r2 = beampy.spawn_monitor(peer)
        return await down_reason(r1), await down_reason(r2)

    assert run(main) == ("normal", "normal")


def test_exit_is_catchable_like_elixir_catch_exit() -> None:
    async def catcher() -> Any:
        try:
            raise beampy.Exit("caught")
        except beampy.Exit as e:
            return e.reason

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(catcher)
        return await down_reason(ref)

    assert run(main) == "normal"


# -- how an exit signal reaches the code of the process -----------------------------------


def test_exit_signal_is_not_swallowed_by_except_exception() -> None:
    seen: list[str] = []

    async def careless() -> None:
        try:
            await block_forever()
        except Exception:
            seen.append("except Exception")

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(careless)
        await settle()
        beampy.exit(pid, "boom")
        return await down_reason(ref)

    assert run(main) == "boom"
    assert seen == []


def test_exit_signal_is_an_exit_signal_exception_with_the_reason() -> None:
    seen: list[Any] = []

    async def observer() -> None:
        try:
            await block_forever()
        except ExitSignal as e:
            seen.append((type(e).__name__, e.reason, isinstance(e, Exception)))
            raise

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(observer)
        await settle()
        beampy.exit(pid, ("shutdown", 1))
        return await down_reason(ref)

    assert run(main) == ("shutdown", 1)
    assert seen == [("ExitSignal", ("shutdown", 1), False)]


def test_exit_signal_swallowed_comes_back_at_the_next_receive() -> None:
    seen: list[str] = []

    async def stubborn() -> None:
        try:
            await block_forever()
        except BaseException:
            seen.append("swallowed")
        await beampy.receive(timeout=5)
        seen.append("unreachable")

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(stubborn)
        await settle()
        beampy.exit(pid, "first")
        return await down_reason(ref)

    assert run(main) == "first"
    assert seen == ["swallowed"]


@pytest.mark.parametrize("next_op", ["sleep", "yield", "receive_nowait", "link"])
def test_exit_signal_swallowed_comes_back_at_any_next_operation(next_op: str) -> None:
    async def stubborn(other: Pid) -> None:
        with contextlib.suppress(BaseException):
            await block_forever()
        if next_op == "sleep":
            await beampy.sleep(1)
        elif next_op == "yield":
            await beampy.yield_()
        elif next_op == "receive_nowait":
            beampy.receive_nowait()
        else:
            beampy.link(other)
        raise beampy.Exit("got past " + next_op)

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(stubborn, beampy.spawn(block_forever))
        await settle()
        beampy.exit(pid, "first")
        return await down_reason(ref)

    assert run(main) == "first"


def test_exit_signal_swallowed_and_returning_still_exits_with_the_signal_reason() -> None:
    async def stubborn() -> str:
        with contextlib.suppress(BaseException):
            await block_forever()
        return "returned"

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(stubborn)
        await settle()
        beampy.exit(pid, "the signal")
        return await down_reason(ref)

    assert run(main) == "the signal"


def test_exit_killed_process_runs_its_finally_blocks() -> None:
    cleanup: list[str] = []

    async def worker() -> None:
        try:
            try:
                await beampy.sleep(math.inf)
            finally:
                cleanup.append("inner")
        finally:
            cleanup.append("outer")

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(worker)
        await settle()
        beampy.exit(pid, "kill")
        return await down_reason(ref)

    assert run(main) == "killed"
    assert cleanup == ["inner", "outer"]


@pytest.mark.parametrize("wait", ["sleep", "receive_timeout", "receive", "runnable"])
def test_exit_signal_reaches_a_process_wherever_it_waits(wait: str) -> None:
    async def target() -> None:
        if wait == "sleep":
            await beampy.sleep(100)
        elif wait == "receive_timeout":
            await beampy.receive("never", timeout=100)
        elif wait == "receive":
            await beampy.receive("never")
        else:
            while True:
                await beampy.yield_()

    async def main() -> tuple[Any, float]:
        pid, ref = beampy.spawn_monitor(target)
        await beampy.yield_()
        beampy.exit(pid, "reached")
        return await down_reason(ref), trio_now()

    reason, now = run(main)
    assert reason == "reached"
    assert now < 100  # it did not wait for its own timeout


def trio_now() -> float:
    return trio.current_time()


def test_exit_from_a_linked_exit_does_not_override_an_earlier_pending_reason() -> None:
    async def main() -> Any:
        pid = beampy.spawn(block_forever)
        ref = beampy.monitor(pid)
        beampy.exit(pid, "first")
        beampy.exit(pid, "second")
        beampy.exit(pid, "kill")
        return await down_reason(ref)

    assert run(main) == "first"


def test_exit_messages_before_exit_signal_keep_their_order() -> None:
    async def sender(to: Pid) -> None:
        beampy.send(to, 1)
        beampy.send(to, 2)
        beampy.exit(to, "three")
        beampy.send(to, 4)

    async def main() -> tuple[list[Any], Pid]:
        beampy.flag("trap_exit", True)
        pid = beampy.spawn(sender, beampy.self())
        await settle()
        return drain(), pid

    msgs, pid = run(main)
    assert msgs == [1, 2, ExitMessage(pid, "three"), 4]


def test_exit_from_dead_process_cleanup_drops_its_mailbox() -> None:
    async def main() -> tuple[Any, Any]:
        pid = beampy.spawn(block_forever)
        beampy.send(pid, "queued")
        ref = beampy.monitor(pid)
        beampy.exit(pid, "bye")
        reason = await down_reason(ref)
        return reason, beampy.info(pid, "messages")

    assert run(main) == ("bye", None)


def test_exit_raise_exit_and_exit_self_have_the_same_effect_on_monitors() -> None:
    async def via_exit2() -> None:
        beampy.exit(beampy.self(), ("same", 1))

    async def main() -> tuple[Any, Any]:
        _, r1 = beampy.spawn_monitor(exit_with, ("same", 1))
        _, r2 = beampy.spawn_monitor(via_exit2)
        return await down_reason(r1), await down_reason(r2)

    assert run(main) == (("same", 1), ("same", 1))


def test_exit_killed_process_takes_no_effect_from_its_finally() -> None:
    # On the BEAM a killed process runs nothing more; in beampy its finally
    # blocks run, but no beampy operation of theirs takes effect: each raises
    # the exit again (docs/differences.md).
    seen: list[Any] = []

    async def worker(to: Pid) -> None:
        try:
            await block_forever()
        finally:
            try:
                beampy.send(to, "bye from finally")
            except beampy.ExitSignal as e:
                seen.append(e.reason)

    async def main() -> tuple[Any, list[Any]]:
        pid, ref = beampy.spawn_monitor(worker, beampy.self())
        await settle()
        beampy.exit(pid, "kill")
        reason = await down_reason(ref)
        await settle()
        return reason, drain()

    assert run(main) == ("killed", [])
    assert seen == ["killed"]
