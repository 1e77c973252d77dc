"""hibernate: a process that hibernates after every message runs in constant stack depth, and a
reference made before hibernating still finds the reply that woke the process."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, Pid, Ref
from tests.process.support import down_reason, drain, run

N_MESSAGES = 100_000


async def _hibernating_counter(count: int, to: Pid) -> None:
    msg = await beampy.receive()
    if msg == "stop":
        beampy.send(to, ("count", count))
        return
    await beampy.hibernate(_hibernating_counter, count + 1, to)


def test_hibernate_after_every_message_handles_100_000_messages() -> None:
    async def main() -> tuple[Any, Any]:
        pid, ref = beampy.spawn_monitor(_hibernating_counter, 0, beampy.self())
        for i in range(N_MESSAGES):
            beampy.send(pid, i)
            await beampy.yield_()  # it takes the message and hibernates again
        beampy.send(pid, "stop")
        return await down_reason(ref), drain()

    reason, left = run(main)
    assert reason == "normal"
    assert left == [("count", N_MESSAGES)]


async def _wait_reply(ref: Ref, to: Pid) -> None:
    beampy.send(to, ("woke with", await beampy.receive((ref, ANY), timeout=10)))


async def _requester(server: Pid, to: Pid) -> None:
    ref = beampy.make_ref()
    beampy.send(server, (ref, beampy.self()))
    await beampy.hibernate(_wait_reply, ref, to)


async def _replier() -> None:
    ref, sender = await beampy.receive()
    beampy.send(sender, (ref, "reply"))


def test_hibernate_then_receive_pinning_an_earlier_ref_gets_the_waking_reply() -> None:
    async def main() -> tuple[Any, Any]:
        server = beampy.spawn(_replier)
        _, ref = beampy.spawn_monitor(_requester, server, beampy.self())
        return await down_reason(ref), drain()

    reason, left = run(main)
    assert reason == "normal"
    assert len(left) == 1
    tag, (ref, reply) = left[0]
    assert (tag, type(ref), reply) == ("woke with", Ref, "reply")


async def _sleeper(to: Pid) -> None:
    await beampy.hibernate(_woken, to)


async def _woken(to: Pid) -> None:
    beampy.send(to, ("woke", beampy.info(beampy.self(), "current_function")))
    await beampy.receive("stop")  # the message that woke it stays queued


def test_current_function_says_hibernating_exactly_while_the_process_waits_in_hibernate() -> None:
    """The BEAM reports {erlang, hibernate, 3}; beampy reports beampy.HIBERNATING."""

    async def main() -> tuple[Any, ...]:
        pid = beampy.spawn(_sleeper, beampy.self())
        await beampy.yield_()
        asleep = beampy.info(pid, "current_function")
        status = beampy.info(pid, "status")
        beampy.send(pid, "wake")
        _, in_woken = await beampy.receive(("woke", ANY))
        await beampy.yield_()
        awake = beampy.info(pid, "current_function")
        beampy.exit(pid, "kill")
        return asleep, status, in_woken, awake

    asleep, status, in_woken, awake = run(main)
    assert asleep == beampy.HIBERNATING == ("beampy", "hibernate", None)
    assert status == "waiting"
    assert in_woken[:2] == (__name__, "_woken")
    assert awake[:2] == (__name__, "_woken")
