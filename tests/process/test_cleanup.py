"""Every exit of a process leaves no trace: no process record, name, timer, link or monitor."""

from __future__ import annotations

import math
from typing import Any

import trio
import trio.testing

import beampy
from beampy import Pid
from beampy.lowlevel import current_runtime
from tests.process.support import block_forever, down_reason, exit_with, run, settle


async def _busy_citizen(i: int, partner: Pid | None, how: str) -> None:
    """Uses every kind of process resource, then ends in the way ``how`` says."""
    me = beampy.self()
    beampy.register(me, f"citizen-{i}")
    beampy.put("i", i)
    beampy.alias()
    beampy.monitor(beampy.spawn(block_forever))
    beampy.send_after(me, "tick", 100.0)
    if partner is not None:
        beampy.link(partner)
        beampy.monitor(partner)
        beampy.send_after(partner, "for partner", 50.0)
    if i % 3 == 0:
        beampy.flag("trap_exit", True)
    if how == "return":
        await beampy.sleep(1)
        return
    if how == "raise":
        await beampy.sleep(1)
        raise RuntimeError("crash")
    if how == "exit":
        await beampy.sleep(1)
        raise beampy.Exit(("custom", i))
    if how == "exit_self_kill":
        await beampy.sleep(1)
        beampy.exit(me, "kill")
    if how == "trio":
        await trio.sleep(math.inf)
    if how == "receive_timeout":
        await beampy.receive("never", timeout=1000)
    await beampy.sleep(math.inf)  # killed from outside


_HOWS = (
    "return",
    "raise",
    "exit",
    "exit_self_kill",
    "trio",
    "receive_timeout",
    "sleep",
)


async def test_every_exit_leaves_no_trace(autojump_clock: trio.testing.MockClock) -> None:
    async with beampy.open_runtime() as rt:
        pids: list[Pid] = []
        partner: Pid | None = None
        for i in range(28):
            how = _HOWS[i % len(_HOWS)]
            pid = rt.spawn(_busy_citizen, i, partner, how, hosted=(i % 4 == 0))
            pids.append(pid)
            partner = pid
        await trio.sleep(5)
        assert rt.statistics().timers > 0
        for pid in pids:
            beampy.exit(pid, "kill")
        for pid in pids:
            await rt.wait_exit(pid)
        # the block_forever processes each citizen monitored are still alive: end them too
        for pid in beampy.list():
            beampy.exit(pid, "shutdown")
        await trio.testing.wait_all_tasks_blocked()
        stats = rt.statistics()
        assert (stats.processes, stats.runnable, stats.registered, stats.timers) == (0, 0, 0, 0)
        assert stats.hosted == 0
        assert beampy.registered() == []
        assert beampy.list() == []
        assert all(beampy.info(p) is None and not beampy.is_alive(p) for p in pids)


def test_dead_children_leave_no_links_monitors_or_timers_in_the_parent() -> None:
    async def child(parent: Pid, n: int) -> None:
        beampy.send_after(beampy.self(), "never delivered", 1000.0)
        beampy.monitor(parent)
        if n % 2:
            raise beampy.Exit("odd")

    async def main() -> tuple[Any, Any, Any, Any, int, int]:
        me = beampy.self()
        beampy.flag("trap_exit", True)
        for n in range(20):
            beampy.spawn_link(child, me, n)
            _, ref = beampy.spawn_monitor(child, me, n)
            await down_reason(ref)
        await settle()
        while True:
            try:
                beampy.receive_nowait()
            except trio.WouldBlock:
                break
        stats = current_runtime().statistics()
        return (
            beampy.info(me, "links"),
            beampy.info(me, "monitors"),
            beampy.info(me, "monitored_by"),
            beampy.info(me, "message_queue_len"),
            stats.timers,
            stats.processes,
        )

    assert run(main) == ([], [], [], 0, 0, 1)


def test_run_leaves_nothing_behind_after_returning() -> None:
    runtimes: list[Any] = []

    async def main() -> str:
        runtimes.append(current_runtime())
        beampy.register(beampy.spawn(block_forever), "left-over")
        beampy.send_after(beampy.self(), "x", 100.0)
        beampy.spawn(exit_with, "boom")
        await settle()
        return "ok"

    assert run(main) == "ok"
    stats = runtimes[0].statistics()
    assert (stats.processes, stats.registered, stats.timers, stats.carriers) == (0, 0, 0, 0)
