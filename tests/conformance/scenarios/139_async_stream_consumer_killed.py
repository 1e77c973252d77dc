"""139 async_stream_consumer_killed: port of 139_async_stream_consumer_killed.exs (the rule is
stated there).

``Stream.run`` is :meth:`AsyncStream.run`.
"""

from __future__ import annotations

import math

import beampy
from beampy import ANY, DownMessage, Task
from tests.conformance.support.trace import Trace


async def consumer(main: beampy.Pid) -> None:
    async def work(n: int) -> None:
        beampy.send(main, ("started", n, beampy.self()))
        await beampy.sleep(math.inf)

    await Task.async_stream(range(1, 4), work, max_concurrency=2, timeout=math.inf).run()


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    c = T.name(beampy.spawn(consumer, beampy.self()), "consumer")
    tasks = []
    for _ in range(2):
        _, n, pid = await beampy.receive(("started", ANY, ANY))
        tasks.append((n, T.name(pid, f"t{n}")))
    refs = [(n, beampy.monitor(pid)) for n, pid in sorted(tasks)]
    cref = beampy.monitor(c)
    beampy.exit(c, "stop_now")
    T.p("consumer_down", (await beampy.receive(DownMessage(cref, ANY, ANY))).reason)
    for n, ref in refs:
        T.p(f"t{n}_down", (await beampy.receive(DownMessage(ref, ANY, ANY))).reason)
    await beampy.sleep(0.02)
    T.flush()
    T.done()
