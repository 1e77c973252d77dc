"""Hosting is temporary, and carriers forget the processes they hosted.

A process that awaited trio once goes back to the run queue once its trio await is over and no
trio cancel scope it entered is still open; and a carrier parked in the idle pool holds nothing
of the dead process it last hosted.
"""

from __future__ import annotations

import gc
import weakref
from typing import Any

import trio
import trio.testing

import beampy
from beampy import Pid
from beampy.lowlevel import Runtime, current_runtime
from tests.process.support import LONG, run, settle


async def _ponger_after_one_trio_await() -> None:
    await trio.sleep(0)
    while True:
        sender, x = await beampy.receive()
        beampy.send(sender, ("pong", x))


def test_info_hosted_becomes_false_once_the_trio_await_is_over() -> None:
    async def main() -> tuple[list[Any], bool, int]:
        me = beampy.self()
        pid = beampy.spawn(_ponger_after_one_trio_await)
        replies = []
        for i in range(3):
            beampy.send(pid, (me, i))
            replies.append(await beampy.receive(("pong", i), timeout=LONG))
        await settle()
        return replies, beampy.info(pid, "hosted"), current_runtime().statistics().hosted

    assert run(main) == ([("pong", 0), ("pong", 1), ("pong", 2)], False, 0)


class _Payload:
    """A weakly referenceable object a process can keep."""


async def _returns_payload(refs: list[weakref.ref[_Payload]]) -> _Payload:
    await trio.sleep(0)
    payload = _Payload()
    refs.append(weakref.ref(payload))
    return payload


async def _exits_with_payload(refs: list[weakref.ref[_Payload]]) -> None:
    await trio.sleep(0)
    payload = _Payload()
    refs.append(weakref.ref(payload))
    raise beampy.Exit(("shutdown", payload))


async def _crashes_holding_payload(refs: list[weakref.ref[_Payload]]) -> None:
    await trio.sleep(0)
    payload = _Payload()  # a local of the frame the crash's traceback holds
    refs.append(weakref.ref(payload))
    raise LookupError("crash")


async def _reason_kind(rt: Runtime, pid: Pid) -> str:
    reason = await rt.wait_exit(pid)
    return reason if type(reason) is str else type(reason).__name__  # do not keep it


async def test_idle_carrier_does_not_keep_the_result_of_its_dead_process_alive(
    autojump_clock: trio.testing.MockClock,
) -> None:
    refs: list[weakref.ref[_Payload]] = []
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            pid = rt.spawn(_returns_payload, refs, hosted=True)
            assert await _reason_kind(rt, pid) == "normal"
            await trio.testing.wait_all_tasks_blocked()
            assert rt.statistics().idle_carriers >= 1
            gc.collect()
            assert refs[0]() is None


async def test_idle_carrier_does_not_keep_the_exit_reason_of_its_dead_process_alive(
    autojump_clock: trio.testing.MockClock,
) -> None:
    refs: list[weakref.ref[_Payload]] = []
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            pid = rt.spawn(_exits_with_payload, refs, hosted=True)
            assert await _reason_kind(rt, pid) == "tuple"
            await trio.testing.wait_all_tasks_blocked()
            assert rt.statistics().idle_carriers >= 1
            gc.collect()
            assert refs[0]() is None


async def test_idle_carrier_does_not_keep_the_locals_of_its_crashed_process_alive(
    autojump_clock: trio.testing.MockClock,
) -> None:
    refs: list[weakref.ref[_Payload]] = []
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            pid = rt.spawn(_crashes_holding_payload, refs, hosted=True)
            assert await _reason_kind(rt, pid) == "LookupError"
            await trio.testing.wait_all_tasks_blocked()
            assert rt.statistics().idle_carriers >= 1
            gc.collect()
            assert refs[0]() is None
