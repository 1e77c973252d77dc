"""Task.Supervisor's other functions (docs/seeds.md, "Task.Supervisor: async_stream, async_nolink").

* ``Task.Supervisor.async_stream``: the seeds' ZakatProductionService. The tasks
  are the supervisor's children, 25 at a time, and a database insert that hangs is
  killed at its timeout and counted as a failure (``on_timeout="kill_task"``). This
  stream is linked to its consumer: a task that *crashed* would end the consumer
  (``async_stream_nolink`` makes it a result; see examples/seed_nolink.py).
* ``Task.Supervisor.async_nolink``: the task is only monitored, so its crash does not
  reach the caller as an exit signal; ``Task.await_`` raises it as ``beampy.Exit``,
  which ``try/except`` catches.
* Who outlives a caller that crashes: a ``start_child`` task and an ``async_nolink``
  task run to their end under the supervisor; an ``async_`` task, although it is the
  supervisor's child too, is linked to its caller and dies with it. "A supervised
  task survives its caller" holds for the first two only.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import structlog

import beampy
from beampy import ANY, DownMessage, Supervisor, Task

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

# The killed and crashed tasks are logged: stderr.
structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

SUP = "finance_tasks"
HUNG = 17  # the donation whose insert never returns


async def insert_zakat(donation: tuple[int, int], port: int) -> dict[str, int]:
    """Computes the zakat and stores it (the local server stands for the database)."""
    donation_id, amount = donation
    zakat = amount * 25 // 1000
    path = "/slow/db" if donation_id == HUNG else f"/notify/zakat-{donation_id}"
    await localhttp.get(port, path)
    return {"id": donation_id, "zakat": zakat}


async def process_batch_supervised(donations: list[tuple[int, int]], port: int) -> dict[str, int]:
    """The seeds' ZakatProductionService.process_batch_supervised."""
    stream = Task.Supervisor.async_stream(
        SUP,
        donations,
        insert_zakat,
        port,
        max_concurrency=25,
        timeout=0.5,  # the seeds give the database 10 s; the hung insert would wait 30 s
        on_timeout="kill_task",
        ordered=False,
    )
    acc = {"success": 0, "failed": 0}
    async with stream:
        async for result in stream:
            match result:
                case ("ok", _row):
                    acc["success"] += 1
                case ("exit", _reason):
                    acc["failed"] += 1
    return acc


async def fetch(port: int, path: str) -> str:
    return (await localhttp.get(port, path)).body  # /reset/... raises ConnectionError


async def build_report(port: int, how: str) -> str:
    await localhttp.get(port, "/delay/300/report")  # slow work, past the request's end
    await localhttp.get(port, f"/notify/{how}")
    return "report.pdf"


async def request(port: int) -> None:
    """A request that starts background work three ways, then crashes."""
    await Task.Supervisor.start_child(SUP, build_report, port, "start_child")
    await Task.Supervisor.async_nolink(SUP, build_report, port, "async_nolink")
    await Task.Supervisor.async_(SUP, build_report, port, "async_")
    await beampy.sleep(0.1)
    raise RuntimeError("the request failed")


async def main(port: int) -> None:
    children = [(Task.Supervisor, {"name": SUP})]
    await Supervisor.start_link(children, strategy="one_for_one")

    print("Task.Supervisor.async_stream, 25 at a time, kill_task:")
    donations = [(i, 1_000 * (1 + i % 4)) for i in range(1, 41)]
    print("   ", await process_batch_supervised(donations, port))
    stored = (await localhttp.get(port, "/events")).body.split()
    print("    rows stored:", len(stored), "tasks left:", len(await Task.Supervisor.children(SUP)))

    print("async_nolink: try/except around await_ catches the task's crash")
    task = await Task.Supervisor.async_nolink(SUP, fetch, port, "/reset/whois")
    try:
        await Task.await_(task)
    except beampy.Exit as e:
        reason: Any = e.reason
        print("    caught:", repr(reason[0]), "from", reason[1][:2])
    print("    and the caller lives on:", beampy.is_alive(beampy.self()))

    print("a request starts background work, then crashes:")
    _pid, ref = beampy.spawn_monitor(request, port)
    down: Any = await beampy.receive(DownMessage(ref, ANY, ANY))
    print("    the request ended with", repr(down.reason))
    await beampy.sleep(1.0)  # the work takes 0.3 s
    events = (await localhttp.get(port, "/events")).body.split()
    for how in ["start_child", "async_nolink", "async_"]:
        print(f"    report built by the {how} task:", how in events)


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# Task.Supervisor.async_stream, 25 at a time, kill_task:
#     {'success': 39, 'failed': 1}
#     rows stored: 39 tasks left: 0
# async_nolink: try/except around await_ catches the task's crash
#     caught: ConnectionError('GET /reset/whois: connection reset') from ('Task', 'await')
#     and the caller lives on: True
# a request starts background work, then crashes:
#     the request ended with RuntimeError('the request failed')
#     report built by the start_child task: True
#     report built by the async_nolink task: True
#     report built by the async_ task: False
