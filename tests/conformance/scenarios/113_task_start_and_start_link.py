"""113 task_start_and_start_link: port of 113_task_start_and_start_link.exs (the rule is stated
there)."""

from __future__ import annotations

import math

import beampy
from beampy import ANY, DownMessage, Task
from tests.conformance.support.trace import Trace


async def boom_on_go() -> None:
    await beampy.receive("go")
    raise beampy.Exit("boom")


async def boom() -> None:
    raise beampy.Exit("boom")


async def caller1(main: beampy.Pid) -> None:
    ok, _ = Task.start_link(lambda: "ok")
    assert ok == "ok"
    await beampy.receive("ping")
    beampy.send(main, "pong")


async def caller2() -> None:
    Task.start_link(boom)
    await beampy.sleep(math.inf)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    _, pid = Task.start(boom_on_go)
    T.name(pid, "t")
    T.p("start_linked", pid in beampy.info(beampy.self(), "links"))
    ref = beampy.monitor(pid)
    beampy.send(pid, "go")
    T.p("start_task_down", (await beampy.receive(DownMessage(ref, ANY, ANY))).reason)
    await beampy.sleep(0.02)
    T.p("caller_alive", beampy.is_alive(beampy.self()))

    c1 = T.name(beampy.spawn(caller1, beampy.self()), "caller1")
    await beampy.sleep(0.05)
    beampy.send(c1, "ping")
    try:
        await beampy.receive("pong", timeout=1.0)
        T.p("link_normal_reply", "pong")
    except beampy.ReceiveTimeout:
        T.say("no_pong")

    c2 = T.name(beampy.spawn(caller2), "caller2")
    T.p("link_crash_caller_down", await T.wait_down(c2))
    T.done()
