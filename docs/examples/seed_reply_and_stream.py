"""Gotcha 3, reply at once and stream the results (docs/seeds.md, "The three gotchas").

The server's ``handle_call`` does not run the fan-out. It starts it as a task
under a Task.Supervisor, replies at once with a job reference, and is free again:
another client's ``ping`` is answered while the lookups run. The task sends each
result to the caller as soon as it has it, tagged with the job; plain
``beampy.send`` stands in for Phoenix.PubSub's broadcast to a subscriber. The caller
receives the results in the order they finish (not the order asked), and a
``("done", job)`` message at the end.

The task is a ``start_child`` task: not linked to the server, so a crash in the
fan-out is logged and leaves the server running; the caller would see no
``"done"`` then, and should receive it with a timeout.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import structlog

import beampy
from beampy import ANY, GenServer, Pid, Ref, Supervisor, Task
from beampy.gen_server import Ok, Reply

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

SUP = "enrich_tasks"
TIMEOUT = 2.0  # each lookup's; the slow endpoint takes 30 s
PATHS = ["/slow/crt.sh", "/delay/1000/dns", "/fast/shodan", "/delay/500/whois"]


async def fetch(path: str, port: int) -> str:
    return (await localhttp.get(port, path)).body


async def fan_out(port: int, paths: list[str], subscriber: Pid, job: Ref) -> None:
    """Runs the lookups and sends each result to the subscriber as it comes."""
    stream = Task.async_stream(
        paths,
        fetch,
        port,
        max_concurrency=10,
        timeout=TIMEOUT,
        on_timeout="kill_task",
        ordered=False,
        zip_input_on_exit=True,
    )
    async with stream:
        async for result in stream:
            beampy.send(subscriber, ("result", job, result))
    beampy.send(subscriber, ("done", job))


class Enricher(GenServer):
    """Starts the work, answers at once, and stays free for other clients."""

    async def init(self, port: int) -> Ok:
        return Ok(port)

    async def handle_call(self, request: Any, from_: tuple[Pid, Any], port: int) -> Reply:
        match request:
            case ("enrich", paths):
                job = beampy.make_ref()
                caller, _tag = from_
                await Task.Supervisor.start_child(SUP, fan_out, port, paths, caller, job)
                return Reply(("ok", job), port)
            case "ping":
                return Reply("pong", port)
        raise ValueError(request)


async def main(port: int) -> None:
    children = [(Task.Supervisor, {"name": SUP})]
    await Supervisor.start_link(children, strategy="one_for_one")
    _, server = await GenServer.start_link(Enricher, port)

    ok, job = await GenServer.call(server, ("enrich", PATHS), 0.1)
    print("enrich answered at once:", ok)
    print("another client's ping, meanwhile:", await GenServer.call(server, "ping", 0.1))
    print("results, as they come:")
    while True:
        match await beampy.receive(("result", job, ANY), ("done", job), timeout=5.0):
            case ("result", _, result):
                print("   ", result)
            case ("done", _):
                print("done; the server is still free:", await GenServer.call(server, "ping", 0.1))
                break


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# enrich answered at once: ok
# another client's ping, meanwhile: pong
# results, as they come:
#     ('ok', 'shodan: ok')
#     ('ok', 'whois: ok')
#     ('ok', 'dns: ok')
#     ('exit', ('/slow/crt.sh', 'timeout'))
# done; the server is still free: pong
