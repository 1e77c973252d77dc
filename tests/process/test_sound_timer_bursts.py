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


async def _relay() -> None:
    """Passes on every message to the peer it is sent first, visiting trio once per two."""
    peer = await beampy.receive()
    while True:
        await trio.sleep(0)  # a quick trio call: the process is handed to a carrier and back
        for _ in range(2):
            beampy.send(peer, await beampy.receive())


async def _times_out(result: list[str]) -> None:
    try:
        await beampy.receive("never", timeout=1.0)
    except beampy.ReceiveTimeout:
        result.append("timed out")


async def test_due_timers_fire_while_processes_keep_handing_off_to_trio(
    mock_clock: trio.testing.MockClock,
) -> None:
    # The scheduler never runs out of work here and hands a process to trio every few
    # steps. Each hand-off ends one turn of the scheduler loop; the turns used to count
    # the steps between looks at the clock afresh, so a due timer never fired.
    result: list[str] = []
    async with beampy.open_runtime() as rt:
        relays = [rt.spawn(_relay) for _ in range(4)]
        for i, relay in enumerate(relays):
            rt.send(relay, relays[(i + 1) % 4])
            rt.send(relay, "token")
        rt.spawn(_times_out, result)
        for _ in range(10):  # the receiver parks with its timer set
            await trio.sleep(0)
        mock_clock.jump(2.0)
        for _ in range(20_000):  # each pass lets the relays hand off to trio again
            if result:
                break
            await trio.sleep(0)
        for relay in relays:
            rt.exit(relay, "kill")
    assert result == ["timed out"]
