"""219 tasksup_ancestors_callers: port of 219_tasksup_ancestors_callers.exs (the rule is stated
there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, Task
from tests.conformance.support.trace import Trace


def info(*_: Any) -> tuple[Any, Any]:
    return (beampy.get("$ancestors"), beampy.get("$callers"))


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, sup = await Task.Supervisor.start_link(name="conf219_tasks")
    T.name(sup, "sup")
    T.p("async", await Task.await_(await Task.Supervisor.async_(sup, info)))
    T.p("nolink", await Task.await_(await Task.Supervisor.async_nolink(sup, info)))
    await Task.Supervisor.start_child(sup, lambda: beampy.send(me, ("child", info())))
    _, i = await beampy.receive(("child", ANY))
    T.p("child", i)

    async def nested_body() -> Any:
        beampy.send(me, ("t", beampy.self()))
        await beampy.receive("go")
        return await Task.await_(await Task.Supervisor.async_("conf219_tasks", info))

    nested = await Task.Supervisor.async_(sup, nested_body)
    _, t = await beampy.receive(("t", ANY))
    T.name(t, "t")
    beampy.send(t, "go")
    T.p("nested", await Task.await_(nested))
    T.p("stream", await Task.Supervisor.async_stream(sup, [1], info).to_list())
    T.p("stream_nolink", await Task.Supervisor.async_stream_nolink(sup, [1], info).to_list())
    T.done()
