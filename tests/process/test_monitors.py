"""monitor/demonitor (pids and names), DOWN messages, and aliases (plain and monitor aliases)."""

from __future__ import annotations

from typing import Any

import trio
import trio.testing

import beampy
from beampy import DownMessage, Pid, Ref
from beampy.testing import assert_receive, assert_received, process_test, refute_receive
from tests.process.support import (
    LONG,
    block_forever,
    down_reason,
    drain,
    echo,
    exit_later,
    exit_with,
    run,
    settle,
)


async def _registered_then_exit(name: str, reason: Any) -> None:
    beampy.register(beampy.self(), name)
    await beampy.sleep(1)
    raise beampy.Exit(reason)


@process_test
async def test_monitor_down_message_carries_ref_pid_and_reason() -> None:
    pid = beampy.spawn(exit_later, "bye")
    ref = beampy.monitor(pid)
    assert await assert_receive(timeout=LONG) == DownMessage(ref, pid, "bye")


@process_test
async def test_monitor_dead_pid_gives_noproc_at_once() -> None:
    # conformance 008
    pid, ref0 = beampy.spawn_monitor(settle, 0.1)
    await down_reason(ref0)
    ref = beampy.monitor(pid)
    assert assert_received() == DownMessage(ref, pid, "noproc")


def test_monitor_twice_gives_two_downs_with_distinct_refs() -> None:
    async def main() -> tuple[list[Any], list[Any]]:
        pid = beampy.spawn(exit_later, "x")
        r1 = beampy.monitor(pid)
        r2 = beampy.monitor(pid)
        await settle(2)
        return drain(), [DownMessage(r1, pid, "x"), DownMessage(r2, pid, "x")]

    got, expected = run(main)
    assert expected[0].ref != expected[1].ref
    assert got == expected


def test_monitor_does_not_link() -> None:
    async def main() -> tuple[Any, bool, Any]:
        pid = beampy.spawn(exit_later, "crash")
        ref = beampy.monitor(pid)
        reason = await down_reason(ref)
        return reason, beampy.is_alive(beampy.self()), beampy.info(beampy.self(), "links")

    assert run(main) == ("crash", True, [])


def test_monitor_killed_target_reports_killed() -> None:
    async def main() -> Any:
        pid = beampy.spawn(block_forever)
        ref = beampy.monitor(pid)
        beampy.exit(pid, "kill")
        return await down_reason(ref)

    assert run(main) == "killed"


def test_monitor_info_monitors_and_monitored_by() -> None:
    async def main() -> tuple[Any, Any, Pid, Pid]:
        me = beampy.self()
        pid = beampy.spawn(block_forever)
        beampy.monitor(pid)
        return beampy.info(me, "monitors"), beampy.info(pid, "monitored_by"), me, pid

    monitors, monitored_by, me, pid = run(main)
    assert monitors == [("process", pid)]
    assert monitored_by == [me]


def test_monitor_is_removed_when_the_watcher_dies() -> None:
    async def watcher(target: Pid) -> None:
        beampy.monitor(target)
        await beampy.sleep(1)

    async def main() -> tuple[Any, Any]:
        target = beampy.spawn(block_forever)
        w = beampy.spawn(watcher, target)
        await beampy.yield_()
        during = beampy.info(target, "monitored_by")
        await down_reason(beampy.monitor(w))
        return during == [w], beampy.info(target, "monitored_by")

    assert run(main) == (True, [])


# -- demonitor (conformance 009) -----------------------------------------------------------


@process_test
async def test_demonitor_live_monitor_prevents_down_and_info_is_true() -> None:
    pid = beampy.spawn(exit_later, "x")
    ref = beampy.monitor(pid)
    assert beampy.demonitor(ref, info=True) is True
    await refute_receive(timeout=2)
    assert beampy.info(beampy.self(), "monitors") == []


def test_demonitor_plain_returns_true_and_leaves_a_queued_down() -> None:
    async def main() -> tuple[Any, list[Any], Any]:
        pid = beampy.spawn(exit_with, "x")
        ref = beampy.monitor(pid)
        await settle()
        return beampy.demonitor(ref), drain(), DownMessage(ref, pid, "x")

    result, left, down = run(main)
    assert result is True
    assert left == [down]


def test_demonitor_info_after_down_is_false_and_leaves_the_down() -> None:
    async def main() -> tuple[Any, list[Any], Any]:
        pid = beampy.spawn(exit_with, "x")
        ref = beampy.monitor(pid)
        await settle()
        return beampy.demonitor(ref, info=True), drain(), DownMessage(ref, pid, "x")

    result, left, down = run(main)
    assert result is False
    assert left == [down]


def test_demonitor_flush_removes_a_queued_down_only() -> None:
    async def main() -> tuple[Any, list[Any]]:
        me = beampy.self()
        beampy.send(me, "before")
        pid = beampy.spawn(exit_with, "x")
        ref = beampy.monitor(pid)
        other = beampy.spawn(exit_with, "y")
        beampy.monitor(other)
        await settle()
        beampy.send(me, "after")
        result = beampy.demonitor(ref, flush=True)
        return result, [m if not isinstance(m, DownMessage) else m.reason for m in drain()]

    assert run(main) == (True, ["before", "y", "after"])


def test_demonitor_flush_takes_its_own_down_whether_or_not_it_is_the_oldest_message() -> None:
    # the flush looks at the oldest message first: it must take it only when it is this
    # monitor's DOWN, and otherwise find this monitor's DOWN further in
    async def main() -> tuple[list[Any], list[Any]]:
        first = beampy.spawn(exit_with, "first")
        ref_first = beampy.monitor(first)
        second = beampy.spawn(exit_with, "second")
        ref_second = beampy.monitor(second)
        await settle()
        beampy.demonitor(ref_second, flush=True)  # behind the other DOWN
        left_after_second = [m.reason for m in beampy.info(beampy.self(), "messages")]
        beampy.demonitor(ref_first, flush=True)  # now the oldest message
        return left_after_second, drain()

    assert run(main) == (["first"], [])


def test_demonitor_flush_and_info_after_down_is_false_and_flushes() -> None:
    async def main() -> tuple[Any, list[Any]]:
        pid = beampy.spawn(exit_with, "x")
        ref = beampy.monitor(pid)
        await settle()
        return beampy.demonitor(ref, flush=True, info=True), drain()

    assert run(main) == (False, [])


def test_demonitor_unknown_ref_is_true_and_info_false() -> None:
    async def main() -> tuple[Any, Any]:
        ref = beampy.make_ref()
        return beampy.demonitor(ref), beampy.demonitor(ref, info=True)

    assert run(main) == (True, False)


# -- monitoring registered names (conformance 010) -----------------------------------------


def test_monitor_name_down_names_the_name_and_node() -> None:
    async def main() -> tuple[Any, Any]:
        beampy.spawn(_registered_then_exit, "svc", "bye")
        await beampy.yield_()
        ref = beampy.monitor("svc")
        return await beampy.receive(), DownMessage(ref, ("svc", "nonode@nohost"), "bye")

    got, expected = run(main)
    assert got == expected


def test_monitor_name_node_tuple_form() -> None:
    async def main() -> tuple[Any, Any]:
        beampy.spawn(_registered_then_exit, "svc", "bye")
        await beampy.yield_()
        ref = beampy.monitor(("svc", "nonode@nohost"))
        return await beampy.receive(), DownMessage(ref, ("svc", "nonode@nohost"), "bye")

    got, expected = run(main)
    assert got == expected


def test_monitor_unregistered_name_gives_noproc_at_once() -> None:
    async def main() -> tuple[Any, Any]:
        ref = beampy.monitor("nobody")
        return beampy.receive_nowait(), DownMessage(ref, ("nobody", "nonode@nohost"), "noproc")

    got, expected = run(main)
    assert got == expected


def test_monitor_name_on_unknown_node_gives_noconnection() -> None:
    async def main() -> tuple[Any, Any]:
        ref = beampy.monitor(("svc", "other@host"))
        return beampy.receive_nowait(), DownMessage(ref, ("svc", "other@host"), "noconnection")

    got, expected = run(main)
    assert got == expected


def test_monitor_name_resolves_once_and_survives_unregister() -> None:
    async def main() -> tuple[Any, Any]:
        pid = beampy.spawn(_registered_then_exit, "svc", "bye")
        await beampy.yield_()
        ref = beampy.monitor("svc")
        beampy.unregister("svc")
        reason = await down_reason(ref)
        return reason, beampy.whereis("svc") is None and not beampy.is_alive(pid)

    assert run(main) == ("bye", True)


def test_monitor_info_lists_name_monitors_as_name_node() -> None:
    async def main() -> Any:
        beampy.spawn(_registered_then_exit, "svc", "bye")
        await beampy.yield_()
        beampy.monitor("svc")
        return beampy.info(beampy.self(), "monitors")

    assert run(main) == [("process", ("svc", "nonode@nohost"))]


# -- aliases ---------------------------------------------------------------------------


def test_alias_receives_until_unalias() -> None:
    async def main() -> tuple[list[Any], Any, Any, list[Any]]:
        a = beampy.alias()
        beampy.send(a, 1)
        beampy.send(a, 2)
        got = drain()
        first, second = beampy.unalias(a), beampy.unalias(a)
        beampy.send(a, 3)
        return got, first, second, drain()

    assert run(main) == ([1, 2], True, False, [])


def test_alias_from_another_process() -> None:
    async def replier(to: Ref) -> None:
        beampy.send(to, "via alias")

    async def main() -> Any:
        beampy.spawn(replier, beampy.alias())
        return await beampy.receive(timeout=10)

    assert run(main) == "via alias"


def test_alias_reply_mode_takes_one_message() -> None:
    async def main() -> list[Any]:
        a = beampy.alias("reply")
        beampy.send(a, 1)
        beampy.send(a, 2)
        return drain()

    assert run(main) == [1]


def test_unalias_of_a_non_alias_is_false() -> None:
    async def main() -> Any:
        return beampy.unalias(beampy.make_ref())

    assert run(main) is False


def test_unalias_of_another_process_alias_is_false_and_keeps_it() -> None:
    async def owner(to: Pid) -> None:
        beampy.send(to, beampy.alias())
        beampy.send(to, ("owner got", await beampy.receive()))

    async def main() -> tuple[Any, Any]:
        beampy.spawn(owner, beampy.self())
        a = await beampy.receive(Ref)
        result = beampy.unalias(a)
        beampy.send(a, "still active")
        return result, await beampy.receive(timeout=10)

    assert run(main) == (False, ("owner got", "still active"))


def test_alias_of_dead_process_drops_messages() -> None:
    async def owner(to: Pid) -> None:
        beampy.send(to, beampy.alias())

    async def main() -> tuple[Any, bool]:
        pid, ref = beampy.spawn_monitor(owner, beampy.self())
        a = await beampy.receive(Ref)
        await down_reason(ref)
        return beampy.send(a, "lost"), beampy.is_alive(pid)

    assert run(main) == ("lost", False)


def test_monitor_alias_reply_demonitor_first_reply_deactivates_alias_and_monitor() -> None:
    async def main() -> tuple[list[Any], Any]:
        server = beampy.spawn(echo)
        ref = beampy.monitor(server, alias="reply_demonitor")
        beampy.send(server, (ref, 1))
        beampy.send(server, (ref, 2))
        await settle()
        monitors = beampy.info(beampy.self(), "monitors")
        beampy.send(server, "stop")
        await settle()
        return drain(), monitors

    assert run(main) == ([("echo", 1)], [])


def test_monitor_alias_demonitor_deactivated_by_demonitor() -> None:
    async def main() -> tuple[list[Any], Any, list[Any]]:
        pid = beampy.spawn(block_forever)
        ref = beampy.monitor(pid, alias="demonitor")
        beampy.send(ref, "while active")
        before = drain()
        result = beampy.demonitor(ref)
        beampy.send(ref, "after demonitor")
        return before, result, drain()

    assert run(main) == (["while active"], True, [])


def test_monitor_alias_demonitor_deactivated_by_down() -> None:
    async def main() -> tuple[Any, list[Any]]:
        pid = beampy.spawn(exit_later, "x")
        ref = beampy.monitor(pid, alias="demonitor")
        reason = await down_reason(ref)
        beampy.send(ref, "after down")
        return reason, drain()

    assert run(main) == ("x", [])


def test_monitor_alias_demonitor_on_dead_pid_is_deactivated_with_the_noproc_down() -> None:
    # On the BEAM, erlang:monitor(process, DeadPid, [{alias, demonitor}]) delivers the
    # noproc DOWN and the alias is inactive: a message sent to it is dropped.
    async def main() -> tuple[Any, list[Any]]:
        pid, r0 = beampy.spawn_monitor(settle, 0.1)
        await down_reason(r0)
        ref = beampy.monitor(pid, alias="demonitor")
        reason = await down_reason(ref)
        beampy.send(ref, "after noproc down")
        return reason, drain()

    assert run(main) == ("noproc", [])


def test_monitor_alias_explicit_unalias_survives_down_until_unalias() -> None:
    async def main() -> tuple[Any, list[Any], Any, list[Any]]:
        pid, r0 = beampy.spawn_monitor(settle, 0.1)
        await down_reason(r0)
        ref = beampy.monitor(pid, alias="explicit_unalias")
        reason = await down_reason(ref)
        beampy.send(ref, "still active")
        got = drain()
        result = beampy.unalias(ref)
        beampy.send(ref, "dropped")
        return reason, got, result, drain()

    assert run(main) == ("noproc", ["still active"], True, [])


def test_monitor_self_gives_a_ref_but_no_monitor() -> None:
    # the BEAM: Process.monitor(self()) -> a ref; monitors [] and demonitor(ref, [:info]) false
    async def main() -> tuple[Any, list[Any], Any]:
        ref = beampy.monitor(beampy.self())
        await settle()
        return type(ref), drain(), beampy.demonitor(ref, info=True)

    assert run(main) == (Ref, [], False)


def test_monitor_message_sent_before_exit_arrives_before_the_down() -> None:
    async def child(to: Pid) -> None:
        await beampy.sleep(1)
        beampy.send(to, "last words")
        raise beampy.Exit("bye")

    async def main() -> tuple[list[Any], Any]:
        pid = beampy.spawn(child, beampy.self())
        ref = beampy.monitor(pid)
        await settle(2)
        return drain(), ["last words", DownMessage(ref, pid, "bye")]

    got, expected = run(main)
    assert got == expected


def test_demonitor_of_a_name_monitor_prevents_the_down() -> None:
    async def main() -> tuple[Any, list[Any]]:
        beampy.spawn(_registered_then_exit, "svc", "bye")
        await beampy.yield_()
        ref = beampy.monitor("svc")
        result = beampy.demonitor(ref, info=True)
        await settle(2)
        return result, drain()

    assert run(main) == (True, [])


def test_unalias_of_a_monitor_alias_keeps_the_monitor() -> None:
    async def main() -> tuple[Any, list[Any], Any]:
        pid = beampy.spawn(exit_later, "later")
        ref = beampy.monitor(pid, alias="demonitor")
        result = beampy.unalias(ref)
        beampy.send(ref, "dropped")
        reason = await down_reason(ref)
        return result, drain(), reason

    assert run(main) == (True, [], "later")


async def test_alias_accepts_sends_from_trio_code(autojump_clock: trio.testing.MockClock) -> None:
    async def owner(to: Pid) -> None:
        a = beampy.alias()
        beampy.send(to, ("alias", a))
        beampy.send(to, ("owner got", await beampy.receive()))
        await block_forever()

    async with beampy.open_runtime() as rt:
        reporter = rt.spawn(block_forever)
        rt.spawn(owner, reporter)
        while beampy.info(reporter, "message_queue_len") == 0:
            await trio.sleep(1)
        ((_, a),) = beampy.info(reporter, "messages")
        rt.send(a, "from trio")
        while beampy.info(reporter, "message_queue_len") < 2:
            await trio.sleep(1)
        assert beampy.info(reporter, "messages")[1] == ("owner got", "from trio")
