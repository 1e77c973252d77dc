"""Where processes that do trio I/O start, and the idle carriers kept for them.

A process that goes to trio in its first step costs a hand-off (its carrier becomes its host and
the scheduler moves to another carrier); one started hosted costs none. A parent whose children
go to trio first thing gets its next children hosted from the start, and stops when they stop.
Hosting is never observable in what a program does: these tests read the runtime's counters.
An idle carrier is kept for the next hosted process while processes are hosted, and the pool
shrinks back once a fan-out is over.
"""

from __future__ import annotations

from typing import Any

import trio

import beampy
from beampy import ANY, Pid
from beampy.lowlevel import current_runtime
from tests.process.support import LONG, run, settle


async def _io_first(to: Pid, i: int) -> None:
    await trio.sleep(0)  # trio first thing, as an I/O task does
    beampy.send(to, ("done", i))


async def _message_first(to: Pid, i: int) -> None:
    beampy.send(to, ("done", i))
    await beampy.sleep(0.5)  # a beampy wait, not trio
    await trio.sleep(0)


async def _one_by_one(body: Any, n: int, first: int = 0) -> None:
    me = beampy.self()
    for i in range(first, first + n):
        beampy.spawn(body, me, i)
        await beampy.receive(("done", i), timeout=LONG)
        await settle()


def test_children_that_go_to_trio_first_thing_are_soon_started_hosted() -> None:
    async def main() -> tuple[int, int]:
        stats = current_runtime().statistics
        await _one_by_one(_io_first, 4)
        learned = stats().handoffs
        await _one_by_one(_io_first, 20, 4)
        return learned, stats().handoffs - learned

    learned, later = run(main)
    assert learned == 4  # the first four were handed off...
    assert later == 0  # ...the next twenty started on carriers of their own


def test_the_hint_fades_when_children_stop_going_to_trio_first() -> None:
    async def main() -> tuple[int, int]:
        stats = current_runtime().statistics
        await _one_by_one(_io_first, 10)
        before = stats().handbacks
        await _one_by_one(_message_first, 2, 10)
        wasted = stats().handbacks - before
        before = stats().handbacks
        await _one_by_one(_message_first, 50, 12)
        return wasted, stats().handbacks - before

    wasted, then = run(main)
    # a child started hosted that waits in beampy first goes back to the run queue (a
    # hand-back); two such, and the next children start on the run queue again, with one
    # in five tried hosted (each of them hands off to trio after its beampy wait)
    assert wasted == 2
    assert then == 50 // 5


def test_a_process_spawned_by_trio_code_or_at_other_priorities_is_not_hinted() -> None:
    async def main() -> int:
        stats = current_runtime().statistics
        await _one_by_one(_io_first, 8)
        me = beampy.self()
        before = stats().handoffs
        for i in range(8, 12):
            beampy.spawn(_io_first, me, i, priority="high")
            await beampy.receive(("done", i), timeout=LONG)
            await settle()
        return stats().handoffs - before

    assert run(main) == 4  # high priority: on the run queue, handed off at its trio sleep


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


def test_hinted_children_behave_as_any_other() -> None:
    async def echo_after_io(to: Pid) -> None:
        await trio.sleep(0)
        msg = await beampy.receive()
        beampy.send(to, ("echo", beampy.self(), msg))

    async def main() -> list[Any]:
        me = beampy.self()
        out = []
        for i in range(6):
            pid, ref = beampy.spawn_monitor(echo_after_io, me)
            beampy.send(pid, i)
            out.append(await beampy.receive(("echo", pid, ANY), timeout=LONG))
            out.append((await beampy.receive(beampy.DownMessage(ref, ANY, ANY))).reason)
        return out

    out = run(main)
    assert [x for x in out if x != "normal"] == [("echo", x[1], x[2]) for x in out[::2]]
    assert [x[2] for x in out[::2]] == list(range(6))
    assert out[1::2] == ["normal"] * 6


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
