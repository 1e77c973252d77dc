"""link/unlink and exit propagation over links."""

from __future__ import annotations

from typing import Any

import pytest

import beampy
from beampy import ExitMessage, NoProcError, Pid
from tests.process.support import (
    block_forever,
    down_reason,
    drain,
    exit_later,
    exit_with,
    run,
    settle,
    wait_down,
)


async def _link_then_block(to_link: Pid) -> None:
    beampy.link(to_link)
    await block_forever()


async def _pong_after_link_exit(child_reason: Any, to: Pid) -> None:
    beampy.spawn_link(exit_later, child_reason, 0.5)
    await settle()
    beampy.send(to, "pong")


def test_link_returns_true_and_is_bidirectional() -> None:
    async def main() -> tuple[Any, Any, Any, Pid, Pid]:
        me = beampy.self()
        pid = beampy.spawn(block_forever)
        result = beampy.link(pid)
        return result, beampy.info(me, "links"), beampy.info(pid, "links"), me, pid

    result, mine, theirs, me, pid = run(main)
    assert result is True
    assert mine == [pid]
    assert theirs == [me]


def test_link_twice_is_one_link() -> None:
    async def main() -> tuple[Any, Pid]:
        pid = beampy.spawn(block_forever)
        beampy.link(pid)
        beampy.link(pid)
        return beampy.info(beampy.self(), "links"), pid

    links, pid = run(main)
    assert links == [pid]


def test_link_to_self_is_true_and_no_link() -> None:
    async def main() -> tuple[Any, Any]:
        return beampy.link(beampy.self()), beampy.info(beampy.self(), "links")

    assert run(main) == (True, [])


def test_link_normal_exit_does_not_affect_non_trapping_peer() -> None:
    # conformance 012
    async def main() -> tuple[Any, Any]:
        _pid, ref = beampy.spawn_monitor(_pong_after_link_exit, "normal", beampy.self())
        return await beampy.receive("pong", timeout=10), await down_reason(ref)

    assert run(main) == ("pong", "normal")


def test_link_abnormal_exit_kills_peer_child_to_parent() -> None:
    # conformance 013
    async def main() -> Any:
        _, ref = beampy.spawn_monitor(_pong_after_link_exit, "boom", beampy.self())
        return await down_reason(ref)

    assert run(main) == "boom"


def test_link_abnormal_exit_kills_peer_parent_to_child() -> None:
    # conformance 013
    async def parent(to: Pid) -> None:
        child = beampy.spawn_link(block_forever)
        beampy.send(to, child)
        await beampy.sleep(1)
        raise beampy.Exit("boom")

    async def main() -> tuple[Any, Any]:
        _pid, pref = beampy.spawn_monitor(parent, beampy.self())
        child = await beampy.receive(Pid)
        cref = beampy.monitor(child)
        return await down_reason(pref), await down_reason(cref)

    assert run(main) == ("boom", "boom")


def test_link_propagates_along_a_chain() -> None:
    async def middle(to: Pid) -> None:
        leaf = beampy.spawn_link(exit_later, "leaf_crash", 1.0)
        beampy.send(to, ("leaf", leaf))
        await block_forever()

    async def top(to: Pid) -> None:
        mid = beampy.spawn_link(middle, to)
        beampy.send(to, ("mid", mid))
        await block_forever()

    async def main() -> list[Any]:
        me = beampy.self()
        _top_pid, top_ref = beampy.spawn_monitor(top, me)
        _, mid = await beampy.receive(("mid", Pid))
        _, leaf = await beampy.receive(("leaf", Pid))
        mref = beampy.monitor(mid)
        lref = beampy.monitor(leaf)
        return [await down_reason(lref), await down_reason(mref), await down_reason(top_ref)]

    assert run(main) == ["leaf_crash", "leaf_crash", "leaf_crash"]


@pytest.mark.parametrize("reason", ["shutdown", ("shutdown", "bye")])
def test_link_shutdown_reasons_kill_non_trapping_peer(reason: Any) -> None:
    # conformance 028: at the process layer only "normal" is harmless
    async def main() -> Any:
        _, ref = beampy.spawn_monitor(_pong_after_link_exit, reason, beampy.self())
        return await down_reason(ref)

    assert run(main) == reason


def test_link_exception_reason_travels_as_the_same_object() -> None:
    raised: list[BaseException] = []

    async def crasher() -> None:
        await beampy.sleep(1)
        exc = KeyError("k")
        raised.append(exc)
        raise exc

    async def peer() -> None:
        beampy.spawn_link(crasher)
        await block_forever()

    async def main() -> Any:
        _, ref = beampy.spawn_monitor(peer)
        return await down_reason(ref)

    reason = run(main)
    assert reason is raised[0]


def test_link_killed_process_propagates_killed() -> None:
    # conformance 018
    async def main() -> tuple[Any, Any]:
        a = beampy.spawn(block_forever)
        b = beampy.spawn(_link_then_block, a)
        await settle()
        aref = beampy.monitor(a)
        bref = beampy.monitor(b)
        beampy.exit(b, "kill")
        return await down_reason(bref), await down_reason(aref)

    assert run(main) == ("killed", "killed")


def test_link_to_dead_pid_raises_noproc_when_not_trapping() -> None:
    # conformance 022
    async def main() -> tuple[Any, Any, Pid]:
        dead, ref = beampy.spawn_monitor(settle, 0.1)
        await down_reason(ref)
        try:
            beampy.link(dead)
        except NoProcError as e:
            return e.reason, e.pid, dead
        return "no error", None, dead

    reason, err_pid, dead = run(main)
    assert reason == "noproc"
    assert err_pid == dead


def test_link_to_dead_pid_when_trapping_returns_true_and_sends_noproc_exit() -> None:
    # conformance 022
    async def main() -> tuple[Any, list[Any], Pid]:
        beampy.flag("trap_exit", True)
        dead, ref = beampy.spawn_monitor(settle, 0.1)
        await down_reason(ref)
        result = beampy.link(dead)
        return result, drain(), dead

    result, msgs, dead = run(main)
    assert result is True
    assert msgs == [ExitMessage(dead, "noproc")]


def test_unlink_stops_propagation() -> None:
    async def main() -> tuple[Any, Any, Any]:
        me = beampy.self()
        child = beampy.spawn_link(exit_later, "boom", 1.0)
        result = beampy.unlink(child)
        reason = await wait_down(child)
        return result, reason, beampy.info(me, "links")

    assert run(main) == (True, "boom", [])


def test_unlink_removes_the_link_on_both_sides() -> None:
    async def main() -> tuple[Any, Any]:
        child = beampy.spawn_link(block_forever)
        beampy.unlink(child)
        return beampy.info(beampy.self(), "links"), beampy.info(child, "links")

    assert run(main) == ([], [])


def test_unlink_not_linked_or_dead_pid_returns_true() -> None:
    async def main() -> tuple[Any, Any]:
        other = beampy.spawn(block_forever)
        dead, ref = beampy.spawn_monitor(settle, 0.1)
        await down_reason(ref)
        return beampy.unlink(other), beampy.unlink(dead)

    assert run(main) == (True, True)


def test_unlink_keeps_exit_message_already_delivered() -> None:
    async def main() -> tuple[list[Any], Pid]:
        beampy.flag("trap_exit", True)
        child = beampy.spawn_link(exit_with, "gone")
        await settle()
        beampy.unlink(child)
        return drain(), child

    msgs, child = run(main)
    assert msgs == [ExitMessage(child, "gone")]


def test_link_message_sent_before_exit_arrives_before_exit_message() -> None:
    async def child(to: Pid) -> None:
        beampy.send(to, "last words")
        raise beampy.Exit("bye")

    async def main() -> tuple[list[Any], Pid]:
        beampy.flag("trap_exit", True)
        pid = beampy.spawn_link(child, beampy.self())
        await settle()
        return drain(), pid

    msgs, pid = run(main)
    assert msgs == ["last words", ExitMessage(pid, "bye")]


def test_link_dying_process_notifies_every_linked_process() -> None:
    async def main() -> list[Any]:
        hub = beampy.spawn(exit_later, "hub_down", 1.0)
        peers = [beampy.spawn(_link_then_block, hub) for _ in range(3)]
        await beampy.yield_()
        refs = [beampy.monitor(p) for p in peers]
        return [await down_reason(r) for r in refs]

    assert run(main) == ["hub_down", "hub_down", "hub_down"]
