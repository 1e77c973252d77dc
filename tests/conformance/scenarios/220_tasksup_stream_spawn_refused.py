"""220 tasksup_stream_spawn_refused: port of 220_tasksup_stream_spawn_refused.exs.

The rule is stated there. ``Enum.each`` over the stream is ``async for``; the consumer's
``rescue`` of the max_children RuntimeError is ``except RuntimeError``.
"""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage, TaskSupervisor
from tests.conformance.support.trace import Mod, Trace


async def work(ms: int) -> int:
    await beampy.sleep(ms / 1000)
    return ms


async def consume(T: Trace, sup: beampy.Pid, main: beampy.Pid) -> None:  # noqa: N803
    # the consumer takes 100 ms per result, so the second result waits in its mailbox
    stream = TaskSupervisor.async_stream_nolink(
        sup, [10, 20, 30, 40], work, max_concurrency=2, ordered=False
    )
    async for result in stream:
        T.emit(main, result)
        await beampy.sleep(0.1)
    T.emit(main, "finished")


def head(reason: Any) -> Any:
    if type(reason) is tuple and reason[1][:2] == ("Task.Supervised", "stream"):
        return ("stream_exit", reason[0][0])
    return ("exit", reason[0])


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, sup = await TaskSupervisor.start_link(max_children=2)

    async def refused() -> None:
        try:
            await consume(T, sup, me)
        except RuntimeError as e:
            T.emit(me, ("raised", Mod(type(e).__name__)))

    beampy.spawn(refused)
    await beampy.sleep(0.05)
    # two other tasks take the supervisor's last places while the consumer is busy
    for _ in range(2):
        r = await TaskSupervisor.start_child(sup, beampy.sleep, float("inf"))
        T.p("blocker", r[0])
    await T.evs(0.2)

    for trap in (False, True):
        _, sup = await TaskSupervisor.start_link()
        beampy.unlink(sup)

        async def consumer(trap: bool = trap, sup: beampy.Pid = sup) -> None:
            beampy.flag("trap_exit", trap)
            await consume(T, sup, me)

        _, ref = beampy.spawn_monitor(consumer)
        await beampy.sleep(0.05)
        await beampy.GenServer.stop(sup)
        await T.evs(0.2)
        down = await beampy.receive(DownMessage(ref, ANY, ANY))
        T.p("consumer_down", (trap, head(down.reason)))
    T.flush()
    T.done()
