"""624 dynsup_shutdown_of_exited_child: port of the .exs of that name (rule stated there).

``{Task, :start_link, [fun]}`` is ``(task_start_link, fun)``; ``exit(r)`` is
``raise beampy.Exit(r)``.  The Elixir side hears the reports through a ``:logger``
handler; here they are structlog events, captured around each case (``error_context`` is
``errorContext``).  ``Process.sleep(1)`` in the queue poll is ``beampy.sleep(0.001)``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog

import beampy
from beampy import ANY, DynamicSupervisor, proc_lib, sys
from tests.conformance.support.trace import Trace


async def task_start_link(fun: Callable[[], Awaitable[Any]]) -> tuple[str, beampy.Pid]:
    return ("ok", proc_lib.spawn_link(fun))


def child(main: beampy.Pid, restart: str, shutdown: Any) -> dict[str, Any]:
    async def fun() -> None:
        beampy.send(main, ("child", beampy.self()))
        _, reason = await beampy.receive(("die", ANY))
        raise beampy.Exit(reason)

    return {"id": "c", "start": (task_start_link, fun), "restart": restart, "shutdown": shutdown}


async def wait_queue(pid: beampy.Pid, n: int) -> None:
    while beampy.info(pid, "message_queue_len") != n:
        await beampy.sleep(0.001)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    _, sup = await DynamicSupervisor.start_link(strategy="one_for_one")
    T.name(sup, "sup")
    for restart in ("permanent", "transient", "temporary"):
        for shutdown in ("brutal_kill", 1.0):
            for reason in ("shutdown", ("shutdown", "x"), "normal"):
                _, pid = await DynamicSupervisor.start_child(sup, child(me, restart, shutdown))
                await beampy.receive(("child", pid))
                with structlog.testing.capture_logs() as logs:
                    assert await sys.suspend(sup) == "ok"

                    async def terminate(pid: beampy.Pid = pid) -> None:
                        r = await DynamicSupervisor.terminate_child(sup, pid)
                        beampy.send(me, ("result", r))

                    beampy.spawn(terminate)
                    await wait_queue(sup, 1)
                    ref = beampy.monitor(pid)
                    beampy.send(pid, ("die", reason))
                    await beampy.receive(beampy.DownMessage(ref, pid, reason))
                    await wait_queue(sup, 2)
                    assert await sys.resume(sup) == "ok"
                    _, r = await beampy.receive(("result", ANY))
                    # Elixir's 1000 ms is 1.0 s here; the trace shows the Elixir term
                    shown = 1000 if shutdown == 1.0 else shutdown
                    T.p("terminate_child", (restart, shown, reason, r))
                for e in logs:
                    if e["event"].startswith("supervisor_") and "error_context" in e:
                        T.p("report", (e["error_context"], e["reason"]))

    T.p("children", (await DynamicSupervisor.count_children(sup))["active"])
    T.done()
