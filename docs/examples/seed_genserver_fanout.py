"""Gotcha 3: no fan-out inside handle_call (docs/seeds.md, "The three gotchas").

A GenServer handles one message at a time. If ``handle_call`` runs an async_stream,
the server is busy until the stream's last task is done, and every other client
waits behind it: here a ``ping`` with a short timeout gives up. Two fixes:

* reply later: ``handle_call`` starts a task and returns ``NoReply``; the task's
  result comes back to ``handle_info``, which answers with ``GenServer.reply``;
* drive the fan-out from the caller: the server only says what to fetch.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import structlog

import beampy
from beampy import ANY, DownMessage, GenServer, Pid, Task
from beampy.gen_server import NoReply, Ok, Reply

if TYPE_CHECKING:
    from docs.examples import localhttp
else:
    import localhttp  # docs/examples/ is on sys.path when this file runs

structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))

TIMEOUT = 0.5  # each item's; the slow endpoint takes 30 s
PATHS = ["/fast/shodan", "/slow/crt.sh", "/fail/virustotal"]


async def fetch(path: str, port: int) -> int:
    return (await localhttp.get(port, path)).status


async def fan_out(port: int, paths: list[str]) -> list[Any]:
    stream = Task.async_stream(
        paths, fetch, port, max_concurrency=10, timeout=TIMEOUT, on_timeout="kill_task"
    )
    return [value for _, value in await stream.to_list()]


class Blocking(GenServer):
    """The gotcha: the stream runs inside handle_call."""

    async def init(self, port: int) -> Ok:
        return Ok(port)

    async def handle_call(self, request: Any, from_: Any, port: int) -> Reply:
        match request:
            case ("enrich", paths):
                return Reply(await fan_out(port, paths), port)  # busy until the last task
            case "ping":
                return Reply("pong", port)
        raise ValueError(request)


class ReplyLater(GenServer):
    """Fix 1: the stream runs in a task; the server stays free and replies when it is done."""

    async def init(self, port: int) -> Ok:
        return Ok((port, {}))  # the port, and who waits for which task

    async def handle_call(self, request: Any, from_: Any, state: Any) -> Reply | NoReply:
        port, waiting = state
        match request:
            case ("enrich", paths):
                task = Task.async_(fan_out, port, paths)
                return NoReply((port, {**waiting, task.ref: from_}))
            case "ping":
                return Reply("pong", state)
        raise ValueError(request)

    async def handle_info(self, message: Any, state: Any) -> NoReply:
        port, waiting = state
        match message:
            case (ref, result) if ref in waiting:  # a task's reply
                beampy.demonitor(ref, flush=True)
                GenServer.reply(waiting[ref], result)
                return NoReply((port, {r: f for r, f in waiting.items() if r != ref}))
            # a task that exited "normal" without replying. Any other end of the task (a
            # crash, a kill) arrives through the link as an exit signal and ends the server
            case DownMessage(ref=ref, reason=reason) if ref in waiting:
                GenServer.reply(waiting[ref], ("error", reason))
                return NoReply((port, {r: f for r, f in waiting.items() if r != ref}))
        return NoReply(state)


class Planner(GenServer):
    """Fix 2: the server only plans; the caller fans out."""

    async def init(self, paths: list[str]) -> Ok:
        return Ok(paths)

    async def handle_call(self, request: Any, from_: Any, paths: list[str]) -> Reply:
        return Reply(paths if request == "plan" else "pong", paths)


async def enrich_client(server: Pid, me: Pid) -> None:
    beampy.send(me, "calling")  # the call below is sent before this process next waits
    result = await GenServer.call(server, ("enrich", PATHS), 10.0)
    beampy.send(me, ("enriched", result))


async def ping(server: Pid) -> str:
    try:
        return str(await GenServer.call(server, "ping", 0.1))
    except beampy.Exit as e:
        return f"gave up: {e.reason[0]}"


async def show(server: Pid) -> None:
    beampy.spawn_link(enrich_client, server, beampy.self())
    await beampy.receive("calling")  # the enrich call is now in the server's mailbox
    print("   another client's ping:", await ping(server))
    _, result = await beampy.receive(("enriched", ANY))
    print("   enrich:", result)


async def main(port: int) -> None:
    print("fan-out inside handle_call:")
    _, server = await GenServer.start_link(Blocking, port)
    await show(server)

    print("fix 1, reply later from a task:")
    _, server = await GenServer.start_link(ReplyLater, port)
    await show(server)

    print("fix 2, the caller fans out:")
    _, planner = await GenServer.start_link(Planner, PATHS)
    paths = await GenServer.call(planner, "plan")
    print("   another client's ping:", await ping(planner))
    print("   enrich:", await fan_out(port, paths))


if __name__ == "__main__":
    localhttp.run(main)

# Output:
# fan-out inside handle_call:
#    another client's ping: gave up: timeout
#    enrich: [200, 'timeout', 500]
# fix 1, reply later from a task:
#    another client's ping: pong
#    enrich: [200, 'timeout', 500]
# fix 2, the caller fans out:
#    another client's ping: pong
#    enrich: [200, 'timeout', 500]
