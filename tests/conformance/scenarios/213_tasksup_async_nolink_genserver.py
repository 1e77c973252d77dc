"""213 tasksup_async_nolink_genserver: port of 213_tasksup_async_nolink_genserver.exs (the
rule is stated there)."""

from __future__ import annotations

from typing import Any

import beampy
from beampy import ANY, DownMessage, GenServer, Task
from beampy.gen_server import NoReply, Ok, Reply
from tests.conformance.support.trace import Trace, process_info


class Server(GenServer):
    async def init(self, main: beampy.Pid) -> Any:
        return Ok({"ref": None, "main": main})

    async def handle_call(self, request: Any, from_: Any, s: dict[str, Any]) -> Any:
        _, fun = request
        if s["ref"] is None:
            task = await Task.Supervisor.async_nolink("conf213_tasks", fun)
            return Reply("started", {**s, "ref": task.ref})
        return Reply("already_running", s)

    async def handle_info(self, msg: Any, s: dict[str, Any]) -> Any:
        ref = s["ref"]
        match msg:
            case (r, answer) if ref is not None and r == ref:
                beampy.demonitor(ref, flush=True)
                beampy.send(s["main"], ("ev", ("answer", answer)))
                return NoReply({**s, "ref": None})
            case DownMessage(ref=r, reason=reason) if ref is not None and r == ref:
                beampy.send(s["main"], ("ev", ("failed", reason)))
                return NoReply({**s, "ref": None})
            case other:
                beampy.send(s["main"], ("ev", ("unexpected", other)))
                return NoReply(s)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, tasks = await Task.Supervisor.start_link(name="conf213_tasks")
    T.name(tasks, "tasks")
    _, srv = await GenServer.start_link(Server, me)
    T.name(srv, "srv")

    async def answer() -> int:
        beampy.send(me, ("task", beampy.self()))
        await beampy.receive("go")
        return 42

    async def boom() -> None:
        raise beampy.Exit("boom")

    T.p("start", await GenServer.call(srv, ("start", answer)))
    T.p("again", await GenServer.call(srv, ("start", answer)))
    _, t = await beampy.receive(("task", ANY))
    T.name(t, "t")
    beampy.send(t, "go")
    await T.ev()
    T.p("start2", await GenServer.call(srv, ("start", boom)))
    await T.ev()
    await T.evs()
    T.p("queue", process_info(srv, "message_queue_len"))
    T.p("srv_alive", beampy.is_alive(srv))
    T.p("children", await Task.Supervisor.children("conf213_tasks"))
    T.done()
