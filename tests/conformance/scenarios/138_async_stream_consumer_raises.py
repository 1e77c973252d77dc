"""138 async_stream_consumer_raises: port of 138_async_stream_consumer_raises.exs (the rule is
stated there).

``Enum.each`` with a raising function is an ``async for`` inside ``async with`` whose body
raises.
"""

from __future__ import annotations

import beampy
from beampy import ANY, Task
from tests.conformance.support.trace import Trace, rescued


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    before = set(beampy.list())
    links_before = beampy.info(me, "links")

    async def work(n: int) -> int:
        beampy.send(me, ("started", n, beampy.self()))
        await beampy.sleep(n * 0.04)
        return n

    try:
        async with Task.async_stream(range(1, 11), work, max_concurrency=3) as stream:
            async for r in stream:
                if r == ("ok", 2):
                    raise RuntimeError("consumer failed")
                T.p("got", r)
    except RuntimeError as e:
        T.p("rescued", rescued(e))

    started = []
    for _ in range(4):
        _, n, pid = await beampy.receive(("started", ANY, ANY))
        started.append((n, pid))
    T.p("alive", [beampy.is_alive(pid) for n, pid in sorted(started) if n > 2])
    T.p("new_processes", [p for p in beampy.list() if p not in before])
    T.p("new_links", [p for p in beampy.info(me, "links") if p not in links_before])
    await beampy.sleep(0.02)
    T.flush()
    T.done()
