"""Timers due at the same instant fire in batches: trio tasks run between the batches."""

from __future__ import annotations

import trio
import trio.testing

import beampy
from tests.process.support import LONG, block_forever

N_TIMERS = 200_000


async def test_send_after_burst_lets_trio_tasks_run_between_batches(
    autojump_clock: trio.testing.MockClock,
) -> None:
    seen: list[int] = []
    with trio.fail_after(LONG):
        async with beampy.open_runtime() as rt:
            sink = rt.spawn(block_forever)
            await trio.testing.wait_all_tasks_blocked()
            due = trio.current_time() + 1.0
            for i in range(N_TIMERS):
                beampy.send_after(sink, i, 1.0)
            await trio.sleep_until(due)
            # count the delivered timer messages at every checkpoint until all are there
            for _ in range(N_TIMERS + 1):
                queued = beampy.info(sink, "message_queue_len")
                seen.append(queued)
                if queued == N_TIMERS:
                    break
                await trio.lowlevel.checkpoint()
            assert trio.current_time() == due
    assert seen[-1] == N_TIMERS
    intermediate = [n for n in seen if 0 < n < N_TIMERS]
    assert intermediate != [], f"the burst fired in one go: counts seen {sorted(set(seen))}"
