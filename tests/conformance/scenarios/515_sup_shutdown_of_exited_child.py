"""515 sup_shutdown_of_exited_child: port of the .exs of that name (rule stated there).

``{Task, :start_link, [fun]}`` is ``(task_start_link, fun)``; ``exit(r)`` is
``raise beampy.Exit(r)``.  The Elixir side hears the supervisor's reports through a
``:logger`` handler; here they are structlog events, captured around each case
(``error_context`` is OTP's ``errorContext``).  ``Process.sleep(1)`` in the queue poll is
``beampy.sleep(0.001)`` (virtual time here).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog

import beampy
from beampy import ANY, Supervisor, proc_lib, sys
from tests.conformance.support.trace import Trace


async def task_start_link(fun: Callable[[], Awaitable[Any]]) -> tuple[str, beampy.Pid]:
    return ("ok", proc_lib.spawn_link(fun))


def child(id_: str, main: beampy.Pid, restart: str, shutdown: Any) -> dict[str, Any]:
    async def fun() -> None:
        beampy.send(main, ("child", id_, beampy.self()))
        _, reason = await beampy.receive(("die", ANY))
        raise beampy.Exit(reason)

    return {"id": id_, "start": (task_start_link, fun), "restart": restart, "shutdown": shutdown}


async def wait_queue(pid: beampy.Pid, n: int) -> None:
    while beampy.info(pid, "message_queue_len") != n:
        await beampy.sleep(0.001)


async def main(T: Trace) -> None:  # noqa: N803 - T mirrors the Elixir helper module
    T.start()
    me = beampy.self()
    cases = [
        ("a", "permanent", "brutal_kill", "shutdown"),
        ("b", "transient", "brutal_kill", "shutdown"),
        ("c", "permanent", 1.0, "shutdown"),
        ("d", "permanent", "brutal_kill", ("shutdown", "x")),
        ("e", "temporary", "brutal_kill", "normal"),
        ("f", "permanent", 1.0, "normal"),
        ("g", "transient", 1.0, ("shutdown", "y")),
    ]
    children = [child(id_, me, restart, shutdown) for id_, restart, shutdown, _ in cases]
    _, sup = await Supervisor.start_link(children, strategy="one_for_one")
    T.name(sup, "sup")
    pids = {}
    for _ in cases:
        _, id_, pid = await beampy.receive(("child", ANY, ANY))
        T.name(pid, id_)
        pids[id_] = pid

    for id_, _restart, _shutdown, reason in cases:
        pid = pids[id_]
        with structlog.testing.capture_logs() as logs:
            assert await sys.suspend(sup) == "ok"

            async def terminate(id_: str = id_) -> None:
                beampy.send(me, ("result", id_, await Supervisor.terminate_child(sup, id_)))

            beampy.spawn(terminate)
            await wait_queue(sup, 1)
            ref = beampy.monitor(pid)
            beampy.send(pid, ("die", reason))
            down = await beampy.receive(beampy.DownMessage(ref, pid, ANY))
            T.p("exited", (id_, down.reason))
            await wait_queue(sup, 2)
            assert await sys.resume(sup) == "ok"
            _, _, r = await beampy.receive(("result", id_, ANY))
            T.p("terminate_child", (id_, r))
        for e in logs:
            if e["event"].startswith("supervisor_") and e.get("error_context") != "progress":
                T.p("report", (e["error_context"], e["reason"]))

    T.p("which_children", len(await Supervisor.which_children(sup)))
    T.done()
