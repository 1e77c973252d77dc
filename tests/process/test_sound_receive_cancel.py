"""A trio cancellation of a receive never loses a message sent in the same tick.

A process that leaves a trio cancel scope open across ``receive`` is hosted on its own trio
task.  When trio cancels that wait and a message is handed over before the host task runs
again, the message must either be what ``receive`` returns or stay in the mailbox for the next
receive: it must never vanish.
"""

from __future__ import annotations

from typing import Any

import trio
import trio.testing

import beampy
from beampy import Pid
from tests.process.support import LONG, down_reason, drain, run


async def _receive_in_a_cancel_scope(scopes: list[trio.CancelScope], out: list[Any]) -> None:
    got: list[Any] = []
    with trio.CancelScope() as cs:
        scopes.append(cs)
        got.append(await beampy.receive())
    out.append((cs.cancelled_caught, got + drain()))


async def test_receive_cancelled_in_the_tick_of_a_send_keeps_the_message(
    autojump_clock: trio.testing.MockClock,
) -> None:
    scopes: list[trio.CancelScope] = []
    out: list[Any] = []
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            pid = rt.spawn(_receive_in_a_cancel_scope, scopes, out)
            await trio.testing.wait_all_tasks_blocked()
            assert beampy.info(pid, "status") == "waiting"
            scopes[0].cancel()
            rt.send(pid, "important")
            assert await rt.wait_exit(pid) == "normal"
    # either the receive returned it (the cancel came too late) or it is still queued
    assert out in ([(False, ["important"])], [(True, ["important"])])


N_NUMBERED = 20_000


async def _consumer(out: list[int], done: list[bool]) -> None:
    while True:
        with trio.move_on_after(0.0001):
            out.append(await beampy.receive())
        if done:  # the producer has sent everything: what was not taken is queued
            out.extend(drain())
            return


async def _producer(consumer: Pid, done: list[bool]) -> None:
    for i in range(N_NUMBERED):
        beampy.send(consumer, i)
        await beampy.sleep(0.0001)  # the consumer's deadlines fall in the same ticks
    done.append(True)


def test_receive_under_move_on_after_gets_every_message_once_in_order() -> None:
    async def main() -> list[int]:
        out: list[int] = []
        done: list[bool] = []
        pid, ref = beampy.spawn_monitor(_consumer, out, done)
        beampy.spawn(_producer, pid, done)
        assert await down_reason(ref) == "normal"
        return out

    out = run(main)
    assert len(out) == N_NUMBERED
    assert out == list(range(N_NUMBERED))
