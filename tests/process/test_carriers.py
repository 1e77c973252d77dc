"""The carriers that host processes doing trio I/O: kept for reuse, given back, never harmed.

A carrier whose hosted process has ended parks in an idle pool, which keeps as many carriers as
were hosted at once in the last second (at least 32): a fan-out reuses its carriers rather than
starting a trio task per task, and once it is over the pool shrinks back. A carrier keeps one
cancel scope across the processes it hosts until a kill cancels it.
"""

from __future__ import annotations

from typing import Any

import trio

import beampy
from beampy import ANY, Pid
from beampy.lowlevel import current_runtime
from tests.process.support import LONG, run, settle


async def _sleeper(to: Pid) -> None:
    beampy.send(to, "up")
    await trio.sleep(1.0)


def test_idle_carriers_are_kept_while_processes_are_hosted_and_given_back_after() -> None:
    async def main() -> tuple[int, int, int]:
        stats = current_runtime().statistics
        me = beampy.self()
        for _ in range(200):
            beampy.spawn(_sleeper, me, hosted=True)
        for _ in range(200):
            await beampy.receive("up", timeout=LONG)
        during = stats().hosted
        await settle(5.0)  # every sleeper has ended
        await settle()  # the scheduler is idle again, more than a second after the peak
        after = stats()
        return during, after.hosted, after.idle_carriers

    during, hosted_after, idle_after = run(main)
    assert during == 200
    assert hosted_after == 0
    assert idle_after <= 32


def test_a_fan_out_reuses_its_carriers() -> None:
    async def fetch(i: int) -> int:
        await trio.sleep(0.01)
        return i

    async def main() -> tuple[list[Any], int]:
        stats = current_runtime().statistics
        most = 0
        results = []
        async for r in beampy.Task.async_stream(range(2000), fetch, max_concurrency=100):
            results.append(r)
            most = max(most, stats().carriers)
        return results, most

    results, most = run(main)
    assert results == [("ok", i) for i in range(2000)]
    # one carrier per running task, the scheduler's, and the pool: never one per task
    assert most <= 100 + 32 + 2, most


def test_a_carrier_whose_process_was_killed_in_trio_hosts_the_next_one_unharmed() -> None:
    """A carrier keeps one cancel scope across the processes it hosts, until a kill of one
    blocked in trio cancels it: the next process it hosts gets a fresh one."""

    async def blocked(to: Pid) -> None:
        beampy.send(to, ("blocked", beampy.self()))
        await trio.sleep(LONG)

    async def sleeps_then_reports(to: Pid) -> None:
        await trio.sleep(1.0)
        beampy.send(to, ("slept", beampy.self()))

    async def main() -> list[Any]:
        me = beampy.self()
        out = []
        for _ in range(3):
            pid, ref = beampy.spawn_monitor(blocked, me, hosted=True)
            await beampy.receive(("blocked", pid), timeout=LONG)
            beampy.exit(pid, "kill")
            out.append((await beampy.receive(beampy.DownMessage(ref, ANY, ANY))).reason)
            await settle()
            pids = [beampy.spawn(sleeps_then_reports, me, hosted=True) for _ in range(40)]
            for pid in pids:
                await beampy.receive(("slept", pid), timeout=LONG)
            out.append("all slept")
        return out

    assert run(main) == ["killed", "all slept"] * 3


def test_a_second_wave_of_hosted_processes_reuses_the_carriers_of_the_first() -> None:
    async def wave(me: Pid, n: int) -> list[Any]:
        refs = [beampy.spawn_monitor(_sleeper, me, hosted=True)[1] for _ in range(n)]
        for _ in range(n):
            await beampy.receive("up", timeout=LONG)
        return refs

    async def main() -> tuple[int, int, int]:
        stats = current_runtime().statistics
        me = beampy.self()
        for ref in await wave(me, 200):
            await beampy.receive(beampy.DownMessage(ref, ANY, ANY), timeout=LONG)
        after_first = stats().carriers
        await wave(me, 200)
        return after_first, stats().carriers, stats().hosted

    after_first, during_second, hosted = run(main)
    assert hosted == 200
    assert during_second == after_first  # no trio task started for the second wave


async def _sleeps_a_second() -> None:
    await trio.sleep(1.0)


async def test_the_pool_shrinks_back_even_when_nothing_else_runs(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with beampy.open_runtime() as rt:
        for _ in range(200):
            rt.spawn(_sleeps_a_second, hosted=True)
        await trio.testing.wait_all_tasks_blocked()
        assert rt.statistics().hosted == 200
        await trio.sleep(5.0)  # they end at 1.0; no process and no timer runs after that
        stats = rt.statistics()
        assert (stats.processes, stats.idle_carriers <= 32) == (0, True), stats
