"""The runtime as trio code sees it: a small documented surface and a temporary mailbox."""

from __future__ import annotations

from typing import Any

import pytest
import trio
import trio.testing

import beampy
from beampy import ANY, DownMessage, ExitMessage, Pid
from beampy.lowlevel import Mailbox, Runtime
from tests.process.support import LONG, block_forever


async def _echo() -> None:
    while True:
        frm, x = await beampy.receive()
        beampy.send(frm, ("echo", x))


def test_runtime_public_surface_is_the_documented_one() -> None:
    public = {name for name in dir(Runtime) if not name.startswith("_")}
    assert public == {"spawn", "send", "exit", "wait_exit", "mailbox", "statistics"}
    assert not hasattr(Runtime, "kill")


async def test_mailbox_receives_replies_with_patterns_and_timeouts(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with beampy.open_runtime() as rt, rt.mailbox() as mb:
        assert isinstance(mb, Mailbox)
        pid = rt.spawn(_echo)
        rt.send(pid, (mb.pid, 1))
        rt.send(mb.pid, "noise")
        assert await mb.receive(("echo", ANY), timeout=LONG) == ("echo", 1)
        assert mb.receive_nowait() == "noise"
        with pytest.raises(trio.WouldBlock):
            mb.receive_nowait()
        with pytest.raises(beampy.ReceiveTimeout):
            await mb.receive(timeout=5)


async def test_mailbox_monitor_gets_the_down(autojump_clock: trio.testing.MockClock) -> None:
    async def crasher() -> None:
        await beampy.sleep(1)
        raise beampy.Exit("boom")

    async with beampy.open_runtime() as rt, rt.mailbox() as mb:
        pid = rt.spawn(crasher)
        ref = mb.monitor(pid)
        down = await mb.receive(DownMessage(ref, ANY, ANY), timeout=LONG)
        assert (down.pid, down.reason) == (pid, "boom")


async def test_mailbox_traps_exit_signals(autojump_clock: trio.testing.MockClock) -> None:
    async def killer(target: Pid) -> None:
        beampy.exit(target, "bye")

    async with beampy.open_runtime() as rt, rt.mailbox() as mb:
        pid = rt.spawn(killer, mb.pid)
        msg = await mb.receive(ExitMessage, timeout=LONG)
        assert msg == ExitMessage(pid, "bye")


async def test_mailbox_receive_cancelled_by_trio_keeps_a_message_sent_in_the_same_tick(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with beampy.open_runtime() as rt, rt.mailbox() as mb:
        got: list[Any] = []
        async with trio.open_nursery() as nursery:

            async def waiter() -> None:
                with trio.CancelScope() as cs:
                    scopes.append(cs)
                    got.append(await mb.receive())

            scopes: list[trio.CancelScope] = []
            nursery.start_soon(waiter)
            await trio.testing.wait_all_tasks_blocked()
            scopes[0].cancel()
            rt.send(mb.pid, "important")
        assert got == []
        assert await mb.receive(timeout=LONG) == "important"


async def test_mailbox_closed_drops_messages_and_ends_its_monitors_and_links(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async def linked_watcher(to: Pid) -> None:
        beampy.flag("trap_exit", True)
        beampy.link(to)
        msg = await beampy.receive(ExitMessage)
        raise beampy.Exit(("saw", msg.reason))

    async with beampy.open_runtime() as rt:
        async with rt.mailbox() as mb:
            target = rt.spawn(block_forever)
            mb.monitor(target)
            mailbox_pid = mb.pid
            watcher = rt.spawn(linked_watcher, mailbox_pid)
            await trio.testing.wait_all_tasks_blocked()
        assert beampy.is_alive(mailbox_pid) is False
        rt.send(mailbox_pid, "dropped")
        assert await rt.wait_exit(watcher) == ("saw", "normal")
        assert rt.statistics().processes == 1  # only the target: the mailbox is no process
        with pytest.raises(RuntimeError, match="closed"):
            await mb.receive()


async def test_runtime_exit_from_trio_code(autojump_clock: trio.testing.MockClock) -> None:
    async with beampy.open_runtime() as rt:
        pid = rt.spawn(block_forever)
        assert rt.exit(pid, "stop") is True
        assert await rt.wait_exit(pid) == "stop"


async def test_mailbox_killed_raises_the_exit_in_trio_code(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async def killer(target: Pid) -> None:
        await beampy.sleep(1)
        beampy.exit(target, "kill")

    async def linked(to: Pid) -> None:
        beampy.flag("trap_exit", True)
        beampy.link(to)
        msg = await beampy.receive(ExitMessage)
        raise beampy.Exit(("saw", msg.reason))

    async with beampy.open_runtime() as rt:
        async with rt.mailbox() as mb:
            watcher = rt.spawn(linked, mb.pid)
            rt.spawn(killer, mb.pid)
            with pytest.raises(beampy.ExitSignal) as info:
                await mb.receive()
            assert info.value.reason == "killed"
            with pytest.raises(beampy.ExitSignal):
                mb.receive_nowait()
        assert await rt.wait_exit(watcher) == ("saw", "killed")
