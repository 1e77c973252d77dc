"""flag("trap_exit", ...): exit signals become ExitMessage messages (except an untrappable kill)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, ExitMessage, Pid
from tests.process.support import block_forever, down_reason, drain, exit_with, run, settle


def test_trap_exit_flag_returns_the_old_value() -> None:
    # conformance 014
    async def main() -> list[Any]:
        return [
            beampy.flag("trap_exit", True),
            beampy.flag("trap_exit", True),
            beampy.flag("trap_exit", False),
            beampy.flag("trap_exit", False),
        ]

    assert run(main) == [False, True, True, False]


def test_trap_exit_link_exits_abnormal_and_normal_become_messages() -> None:
    # conformance 014
    async def main() -> tuple[list[Any], list[Any]]:
        beampy.flag("trap_exit", True)
        c1 = beampy.spawn_link(exit_with, "boom")
        first = await beampy.receive(ExitMessage(c1, ANY))
        c2 = beampy.spawn_link(exit_with, "normal")
        second = await beampy.receive(ExitMessage(c2, ANY))
        return [first, second], [ExitMessage(c1, "boom"), ExitMessage(c2, "normal")]

    got, expected = run(main)
    assert got == expected


def test_trap_exit_process_survives_linked_crash() -> None:
    async def trapper(to: Pid) -> None:
        beampy.flag("trap_exit", True)
        beampy.spawn_link(exit_with, "crash")
        msg = await beampy.receive()
        beampy.send(to, ("alive after", msg.reason))
        await block_forever()

    async def main() -> tuple[Any, bool]:
        pid = beampy.spawn(trapper, beampy.self())
        got = await beampy.receive(timeout=10)
        return got, beampy.is_alive(pid)

    assert run(main) == (("alive after", "crash"), True)


def test_trap_exit_exception_reason_arrives_as_the_exception_object() -> None:
    raised: list[BaseException] = []

    async def crasher() -> None:
        exc = ValueError("bad")
        raised.append(exc)
        raise exc

    async def main() -> Any:
        beampy.flag("trap_exit", True)
        beampy.spawn_link(crasher)
        return (await beampy.receive(ExitMessage)).reason

    reason = run(main)
    assert reason is raised[0]


def test_trap_exit_turned_off_later_makes_signals_fatal_again() -> None:
    async def toggler(to: Pid) -> None:
        beampy.flag("trap_exit", True)
        beampy.send(to, "trapping")
        first = await beampy.receive(ExitMessage)
        beampy.flag("trap_exit", False)
        beampy.send(to, ("first", first.reason))
        await block_forever()

    async def main() -> tuple[Any, Any]:
        pid, ref = beampy.spawn_monitor(toggler, beampy.self())
        await beampy.receive("trapping")
        beampy.exit(pid, "one")
        got = await beampy.receive(("first", ANY))
        beampy.exit(pid, "two")
        return got, await down_reason(ref)

    assert run(main) == (("first", "one"), "two")


def test_trap_exit_off_keeps_exit_messages_already_queued_as_plain_messages() -> None:
    async def main() -> tuple[list[Any], Pid, bool]:
        beampy.flag("trap_exit", True)
        child = beampy.spawn_link(exit_with, "queued")
        await settle()
        beampy.flag("trap_exit", False)
        return drain(), child, beampy.is_alive(beampy.self())

    msgs, child, alive = run(main)
    assert msgs == [ExitMessage(child, "queued")]
    assert alive is True


def test_trap_exit_cannot_trap_exit_kill() -> None:
    async def trapper() -> None:
        beampy.flag("trap_exit", True)
        await block_forever()

    async def main() -> Any:
        pid, ref = beampy.spawn_monitor(trapper)
        await settle()
        beampy.exit(pid, "kill")
        return await down_reason(ref)

    assert run(main) == "killed"


def test_trap_exit_messages_from_several_children_arrive_in_exit_order() -> None:
    async def main() -> tuple[list[Any], list[Any]]:
        beampy.flag("trap_exit", True)
        kids = []
        for i in range(3):
            kids.append(beampy.spawn_link(exit_with_after, ("r", i), 3 - i))
        await settle(5)
        return drain(), [ExitMessage(kids[i], ("r", i)) for i in (2, 1, 0)]

    got, expected = run(main)
    assert got == expected


async def exit_with_after(reason: Any, delay: float) -> None:
    await beampy.sleep(delay)
    raise beampy.Exit(reason)


def test_trap_exit_info_reports_the_flag() -> None:
    async def main() -> tuple[Any, Any]:
        me = beampy.self()
        before = beampy.info(me, "trap_exit")
        beampy.flag("trap_exit", True)
        return before, beampy.info(me, "trap_exit")

    assert run(main) == (False, True)


def test_trap_exit_is_per_process_not_inherited() -> None:
    async def child(to: Pid) -> None:
        beampy.send(to, beampy.info(beampy.self(), "trap_exit"))

    async def main() -> Any:
        beampy.flag("trap_exit", True)
        beampy.spawn(child, beampy.self())
        return await beampy.receive(bool, timeout=10)

    assert run(main) is False


def test_trap_exit_normal_exit_of_unlinked_process_sends_nothing() -> None:
    async def main() -> list[Any]:
        beampy.flag("trap_exit", True)
        beampy.spawn(exit_with, "boom")
        beampy.spawn(exit_with, "normal")
        await settle()
        return drain()

    assert run(main) == []


def test_trap_exit_link_exit_arrives_before_the_down_of_the_same_process() -> None:
    # the BEAM: a trapping process that both links and monitors gets {:EXIT...} then {:DOWN...}
    async def main() -> tuple[list[Any], list[Any]]:
        beampy.flag("trap_exit", True)
        pid = beampy.spawn_link(exit_with_after, "boom", 1)
        ref = beampy.monitor(pid)
        await settle(2)
        return drain(), [ExitMessage(pid, "boom"), beampy.DownMessage(ref, pid, "boom")]

    got, expected = run(main)
    assert got == expected


def test_trap_exit_not_trapping_watcher_dies_from_the_link_before_any_down() -> None:
    async def watcher(to: Pid) -> None:
        child = beampy.spawn_link(exit_with_after, "boom", 1)
        beampy.monitor(child)
        msg = await beampy.receive()
        beampy.send(to, ("watcher saw", msg))

    async def main() -> tuple[Any, list[Any]]:
        _, ref = beampy.spawn_monitor(watcher, beampy.self())
        reason = await down_reason(ref)
        return reason, drain()

    assert run(main) == ("boom", [])
